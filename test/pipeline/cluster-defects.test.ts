// Issue 16's bad inputs, on a copy of this repository (charts, overlays, Argo CD bootstrap): each mistake that a
// real cluster would hit at sync or start gives exit 1 with the file:line:col (or the object and rule id), and
// leaves the rendered output as it was.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, readTree, repoRoot } from '../helpers/cli.js';

let project: string;
let before: Map<string, string>;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'bundle-defects-'));
  for (const dir of ['charts', 'overlays', 'argocd']) await cp(join(repoRoot, dir), join(project, dir), { recursive: true });
  const first = await bundle(['render', 'env/prod'], { cwd: project });
  expect(first.exitCode, first.stderr).toBe(0);
  before = await readTree(join(project, 'rendered'));
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

/** Edits `file` (written when `edit` gets undefined for a new file), runs the command, restores the file. */
async function withMistake(file: string, edit: (text: string) => string | undefined, args: string[]) {
  const path = join(project, file);
  const original = await readFile(path, 'latin1').catch(() => undefined);
  const changed = edit(original ?? '');
  if (changed === undefined) await rm(path);
  else await writeFile(path, changed, 'latin1');
  try {
    const r = await bundle(args, { cwd: project });
    expect(r.exitCode, r.stderr).toBe(1);
    expect(await readTree(join(project, 'rendered'))).toEqual(before);
    return r;
  } finally {
    if (original === undefined) await rm(path, { force: true });
    else await writeFile(path, original, 'latin1');
  }
}

const render = ['render', 'env/prod'];
const validate = ['validate', 'env/prod'];

/** Appends a patch to the release `name` of prod's env file. */
const patchRelease = (name: string, patch: string) => (t: string) =>
  t.replace(new RegExp(`^  - \\{ name: ${name}, (.*) \\}$`, 'm'), `  - { name: ${name}, $1,\n      patches: [${patch}] }`);

describe('2. a container that loses NET_BIND_SERVICE', () => {
  it('is refused when the image carries the file capability (rule net-bind-service)', async () => {
    const r = await withMistake(
      'overlays/prod/env.yaml',
      patchRelease(
        'ingress-ngx-ds',
        '{ target: { kind: DaemonSet, name: ingress-ngx-ds-ingress-nginx-controller }, json: [{ op: remove, path: /spec/template/spec/containers/0/securityContext/capabilities/add }] }',
      ),
      render,
    );
    expect(r.stderr).toMatch(/error\s+net-bind-service\s+release ingress-ngx-ds DaemonSet ingress-ngx-ds\/ingress-ngx-ds-ingress-nginx-controller .*file capability NET_BIND_SERVICE/);
  });
});

describe('3. an AppProject that does not permit what the env creates', () => {
  it('is refused for a namespace the project lacks (rule argocd-project)', async () => {
    const r = await withMistake(
      'argocd/prod/appproject-prod.yaml',
      (t) => t.replace(/ {4}- server: https:\/\/kubernetes\.default\.svc\n {6}namespace: rbac\n/, ''),
      render,
    );
    expect(r.stderr).toMatch(/error\s+argocd-project\s+release tenancy \S+ rbac\/.*namespace rbac is not permitted in project prod/);
  });
});

describe('4. two envs bootstrapped into one cluster', () => {
  it('bootstrap refuses an env whose objects collide with another env of the same cluster', async () => {
    await cp(join(project, 'overlays/prod'), join(project, 'overlays/prod2'), { recursive: true });
    try {
      const env = await readFile(join(project, 'overlays/prod2/env.yaml'), 'utf8');
      await writeFile(join(project, 'overlays/prod2/env.yaml'), env.replace(/^name: prod$/m, 'name: prod2').replace(/^ {2}project: prod$/m, '  project: prod2'));
      const check = await bundle(['bootstrap', '--check'], { cwd: project });
      expect(check.exitCode).toBe(1);
      expect(check.stderr).toMatch(/overlays\/prod2\/env\.yaml:\d+:\d+: .*cluster prod.*also rendered by env prod/);
      const write = await bundle(['bootstrap'], { cwd: project });
      expect(write.exitCode).toBe(1);
      expect(await readTree(join(project, 'argocd'))).toEqual(await readTree(join(repoRoot, 'argocd')));
    } finally {
      await rm(join(project, 'overlays/prod2'), { recursive: true, force: true });
    }
  });

  it('bootstrap --check refuses a root kustomization that applies every env', async () => {
    const r = await withMistake(
      'kustomization.yaml',
      () => 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - argocd/dev\n  - argocd/prod\n',
      ['bootstrap', '--check'],
    );
    expect(r.stderr).toMatch(/kustomization\.yaml:1:1: .*clusters dev and prod/);
  });
});

describe('5. sync waves between child Applications', () => {
  it('bootstrap --check fails when the argocd-cm health check patch is missing', async () => {
    const r = await withMistake('argocd/prod/argocd-cm-patch.yaml', () => undefined, ['bootstrap', '--check']);
    expect(r.stderr).toContain('argocd/prod/argocd-cm-patch.yaml: stale Argo CD bootstrap');
  });
});

describe('6. cluster facts that pass the pattern but not the network', () => {
  const cases: Array<[string, (t: string) => string, RegExp]> = [
    ['an octet above 255', (t) => t.replace('podCIDR: 10.244.0.0/16', 'podCIDR: 10.244.0.300/16'), /env\.yaml:\d+:12: \/cluster\/podCIDR: .*10\.244\.0\.300\/16/],
    ['host bits set', (t) => t.replace('podCIDR: 10.244.0.0/16', 'podCIDR: 10.244.1.0/16'), /env\.yaml:\d+:12: \/cluster\/podCIDR: host bits set .*10\.244\.0\.0\/16/],
    ['a pod CIDR equal to the service CIDR', (t) => t.replace('podCIDR: 10.244.0.0/16', 'podCIDR: 10.96.0.0/12'), /env\.yaml:\d+:12: \/cluster\/podCIDR: .*overlaps .*serviceCIDR/],
    ['a pod CIDR overlapping the node subnet', (t) => t.replace('podCIDR: 10.244.0.0/16', 'podCIDR: 192.168.0.0/16'), /\/cluster\/podCIDR: .*overlaps .*nodeSubnet/],
    ['a DNS IP outside the service CIDR', (t) => t.replace('clusterDNS: 10.96.0.10', 'clusterDNS: 10.244.0.10'), /env\.yaml:\d+:15: \/cluster\/clusterDNS: .*not inside serviceCIDR 10\.96\.0\.0\/12/],
    ['a VIP equal to a node IP', (t) => t.replace('ingressVIP: 192.168.40.199', 'ingressVIP: 192.168.40.181'), /\/cluster\/ingressVIP: .*node node1/],
    ['a VIP outside the node subnet', (t) => t.replace('ingressVIP: 192.168.40.199', 'ingressVIP: 192.168.41.199'), /\/cluster\/ingressVIP: .*not inside nodeSubnet/],
    ['two nodes with one IP', (t) => t.replace('ip: 192.168.40.182', 'ip: 192.168.40.181'), /\/cluster\/nodes\/2\/ip: .*also node node1/],
  ];
  it.each(cases)('validate and render refuse %s', async (_name, edit, message) => {
    for (const args of [validate, render]) {
      const r = await withMistake('overlays/prod/env.yaml', edit, args);
      expect(r.stderr).toMatch(message);
    }
  });

  it('--set global.cluster.* cannot bypass them', async () => {
    const r = await withMistake('overlays/prod/env.yaml', (t) => t, [...render, '--set', 'global.cluster.podCIDR=notacidr']);
    expect(r.stderr).toMatch(/--set global\.cluster\.podCIDR=notacidr: cluster facts come from .*overlays\/prod\/env\.yaml/);
  });
});

describe('7. inputs that were silently ignored or accepted by validate only', () => {
  it('a values file named after no release, with a did-you-mean', async () => {
    for (const args of [validate, render]) {
      const r = await withMistake('overlays/prod/values/ingres-nginx.yaml', () => 'controller:\n  replicas: 2\n', args);
      expect(r.stderr).toMatch(/overlays\/prod\/values\/ingres-nginx\.yaml:1:1: values file matches no release of env prod; did you mean "ingress-nginx"\?/);
    }
  });

  it('a shared base values file named after no release', async () => {
    const r = await withMistake('overlays/base/values/keepalive.yaml', () => 'vrrp: {}\n', validate);
    expect(r.stderr).toMatch(/overlays\/base\/values\/keepalive\.yaml:1:1: .*did you mean "keepalived"\?/);
  });

  it('validate refuses non-UTF-8 bytes in a values file, as render does', async () => {
    for (const args of [validate, render]) {
      const r = await withMistake('overlays/prod/values/web.yaml', (t) => t.replace('# Set to 1', '# S\xe9t to 1'), args);
      expect(r.stderr).toMatch(/overlays\/prod\/values\/web\.yaml:9:6: not valid UTF-8/);
    }
  });

  it('validate refuses a values file whose root is a list, as render does', async () => {
    for (const args of [validate, render]) {
      const r = await withMistake('overlays/prod/values/web.yaml', () => '- replicas: 2\n', args);
      expect(r.stderr).toMatch(/overlays\/prod\/values\/web\.yaml:1:1: .*expected a map of values, got a list/);
    }
  });

  it('validate refuses an env file without the argocd section render needs', async () => {
    for (const args of [validate, render]) {
      const r = await withMistake('overlays/prod/env.yaml', (t) => t.replace(/^argocd:\n(?: {2}.*\n)+/m, ''), args);
      expect(r.stderr).toMatch(/overlays\/prod\/env\.yaml:\d+:\d+: \/argocd: missing required value "argocd"/);
    }
  });
});

describe('8. unknown fields in a rendered object', () => {
  it('a patch adding spec.replicaz is refused by the schema check', async () => {
    const r = await withMistake(
      'overlays/prod/env.yaml',
      patchRelease('tomcat', '{ target: { kind: Deployment, name: tomcat }, merge: { spec: { replicaz: 3 } } }'),
      render,
    );
    expect(r.stderr).toMatch(/error\s+schema\s+release tomcat Deployment demo\/tomcat .*\/spec\/replicaz.*unknown field "replicaz"/);
  });
});
