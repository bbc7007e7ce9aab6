// The course's services, storage and secrets chapters across a whole env: claims against the env's volumes, the
// keys pods read against the keys the env declares, and the broken inputs that must stop a render.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/index.js';
import { getEngine } from '../../src/engines/index.js';
import { prepare, render, type Prepared } from '../../src/pipeline.js';
import type { RenderedObject } from '../../src/render/types.js';
import { bundle, editFile, readTree, repoRoot } from '../helpers/cli.js';

async function renderEnv(env: string): Promise<{ prepared: Prepared; objects: RenderedObject[] }> {
  const prepared = await prepare(env, { cwd: repoRoot });
  const outputs = await render(prepared, { engine: getEngine('native'), concurrency: 2 });
  return { prepared, objects: outputs.flatMap((o) => o.objects) };
}

const gi = (q: string) => {
  const m = /^(\d+)(Mi|Gi)$/.exec(q);
  if (!m) throw new Error(`unexpected quantity ${q}`);
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
};

describe.each(['prod', 'dev'])('env/%s', (env) => {
  let rendered: { prepared: Prepared; objects: RenderedObject[] };
  beforeAll(async () => {
    rendered = await renderEnv(`env/${env}`);
  });

  it('binds every claim with a selector to exactly one PersistentVolume of the env', () => {
    const pvs = rendered.objects.map((o) => o.object).filter((o) => o.kind === 'PersistentVolume');
    const claims = rendered.objects.map((o) => o.object).filter((o) => o.kind === 'PersistentVolumeClaim' && o.spec.selector);
    if (env === 'prod') expect(claims.map((c) => c.metadata.name)).toEqual(['pvc-v1', 'pvc-v2', 'pvc-v3', 'pvc-v4']);
    const bound = new Set<string>();
    for (const claim of claims) {
      // The PV binder's conditions, written out independently of the pvc-selector rule.
      const fits = pvs.filter(
        (pv) =>
          Object.entries(claim.spec.selector.matchLabels).every(([k, v]) => pv.metadata.labels?.[k] === v) &&
          (pv.spec.storageClassName ?? '') === claim.spec.storageClassName &&
          claim.spec.accessModes.every((m: string) => pv.spec.accessModes.includes(m)) &&
          gi(pv.spec.capacity.storage) >= gi(claim.spec.resources.requests.storage),
      );
      expect(fits.map((pv) => pv.metadata.name), claim.metadata.name).toHaveLength(1);
      expect(bound.has(fits[0].metadata.name)).toBe(false);
      bound.add(fits[0].metadata.name);
      expect(fits[0].spec.nfs.server).toBe(rendered.prepared.env.cluster.nfs.server);
    }
  });

  it('reads only keys the env declares for its external Secrets', async () => {
    const findings = await runChecks(rendered.objects, rendered.prepared.env);
    expect(findings.filter((f) => f.rule === 'missing-key' || f.rule === 'missing-reference')).toEqual([]);
  });

  it('reports a wrong key on the object that reads it: keepalived-vrrp declared with auth-pass', async () => {
    const { env: e } = rendered.prepared;
    const secrets = (e.external.secrets ?? []).map((s) => (s.name === 'keepalived-vrrp' ? { ...s, keys: ['auth-pass'] } : s));
    const findings = await runChecks(rendered.objects, { ...e, external: { ...e.external, secrets } });
    expect(findings.filter((f) => f.rule === 'missing-key').map((f) => [f.release, f.object?.kind, f.object?.name, f.message])).toEqual([
      ['keepalived', 'DaemonSet', 'keepalived', 'Secret keepalived/keepalived-vrrp has no key "password" (keys in env external.secrets: auth-pass)'],
    ]);
  });

  it('reports a wrong key of mysecret on config-demo, which mounts it', async () => {
    const { env: e } = rendered.prepared;
    const secrets = (e.external.secrets ?? []).map((s) => (s.name === 'mysecret' ? { ...s, keys: ['user', 'password'] } : s));
    const findings = await runChecks(rendered.objects, { ...e, external: { ...e.external, secrets } });
    expect(findings.filter((f) => f.rule === 'missing-key').map((f) => [f.object?.name, f.path])).toEqual([
      ['config-demo', '/spec/template/spec/volumes/1/secret/items/0/key'],
    ]);
  });
});

describe('bundle render env/prod refuses broken course inputs and writes nothing', () => {
  let project: string;
  let before: Map<string, string>;

  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'bundle-course-'));
    for (const dir of ['charts', 'overlays']) await cp(join(repoRoot, dir), join(project, dir), { recursive: true, verbatimSymlinks: true });
    const first = await bundle(['render', 'env/prod'], { cwd: project });
    expect(first.exitCode, first.stderr).toBe(0);
    before = await readTree(join(project, 'rendered'));
  });

  async function refused(args: string[] = []) {
    const r = await bundle(['render', 'env/prod', ...args], { cwd: project });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('nothing was written');
    expect(await readTree(join(project, 'rendered'))).toEqual(before);
    return r.stderr;
  }

  async function withMistake(file: string, edit: (text: string) => string) {
    const restore = await editFile(join(project, file), edit);
    try {
      return await refused();
    } finally {
      await restore();
    }
  }

  it('an external service on an address that is no node and no extra host: file:line:col of the address', async () => {
    const stderr = await withMistake('overlays/prod/env.yaml', (t) => t.replace('{ name: mysql, ip: 192.168.40.182, port: 3306 }', '{ name: mysql, ip: 192.168.1.62, port: 3306 }'));
    expect(stderr).toMatch(
      /overlays\/prod\/env\.yaml:\d+:\d+: \/cluster\/externalServices\/0\/ip: external service "mysql" is at 192\.168\.1\.62, which is neither a node \(cluster\.nodes\) nor an extra host \(cluster\.extraHosts\): expected one of 192\.168\.40\.180 \(node master1\)/,
    );
  });

  it('two external services of one name', async () => {
    const entry = '    - { name: mysql, ip: 192.168.40.182, port: 3306 }\n';
    const stderr = await withMistake('overlays/prod/env.yaml', (t) => t.replace(entry, entry + entry.replace('3306', '3307')));
    expect(stderr).toMatch(/overlays\/prod\/env\.yaml:\d+:\d+: \/cluster\/externalServices\/1\/name: duplicate external service name "mysql"/);
  });

  it('accepts that address once the env declares the host', async () => {
    const path = join(project, 'overlays/prod/env.yaml');
    const original = await readFile(path, 'utf8');
    await writeFile(
      path,
      original.replace('{ name: mysql, ip: 192.168.40.182, port: 3306 }', '{ name: mysql, ip: 192.168.1.62, port: 3306 }').replace('  externalServices:\n', '  extraHosts:\n    - { name: db1, ip: 192.168.1.62 }\n  externalServices:\n'),
    );
    try {
      const r = await bundle(['lint', 'env/prod', '-o', 'json'], { cwd: project });
      expect(r.exitCode, r.stderr).toBe(0);
    } finally {
      await writeFile(path, original);
    }
  });

  it('a claim whose selector matches no volume: the claim and the rule id', async () => {
    const stderr = await withMistake('overlays/prod/values/storage.yaml', (t) => t.replace('selector: { app: v2 }', 'selector: { app: v9 }'));
    expect(stderr).toMatch(/error\s+pvc-selector\s+release storage PersistentVolumeClaim storage\/pvc-v2 \(storage\/templates\/claims\.yaml \/spec\/selector\): selector matches no PersistentVolume/);
  });

  it('a Secret key the env does not declare: the reading object and the rule id', async () => {
    const stderr = await withMistake('overlays/prod/env.yaml', (t) => t.replace('name: mysecret, keys: [username, password]', 'name: mysecret, keys: [user, password]'));
    expect(stderr).toMatch(/error\s+missing-key\s+release config-demo Deployment demo\/config-demo .*Secret demo\/mysecret has no key "username"/);
  });

  it('a declared key that no Secret can have: the schema error at the key', async () => {
    const stderr = await withMistake('overlays/prod/env.yaml', (t) => t.replace('name: mysecret, keys: [username, password]', 'name: mysecret, keys: [user name, password]'));
    expect(stderr).toMatch(/overlays\/prod\/env\.yaml:\d+:\d+: \/external\/secrets\/\d+\/keys\/0: must match pattern/);
  });

  it('still takes external Secrets without keys, and then checks no key of theirs', async () => {
    const path = join(project, 'overlays/prod/env.yaml');
    const original = await readFile(path, 'utf8');
    await writeFile(path, original.replace('name: mysecret, keys: [username, password]', 'name: mysecret'));
    try {
      const r = await bundle(['lint', 'env/prod', '-o', 'json'], { cwd: project });
      expect(r.exitCode, r.stderr).toBe(0);
    } finally {
      await writeFile(path, original);
    }
  });

  it('an NFS path without an NFS server: the chart template, line and column', async () => {
    // In an env the server is a required fact (and --set global.cluster.* is refused), so this guards the chart
    // installed alone, without the env's globals.
    const r = await bundle(['template', 'storage', join(project, 'charts/storage'), '-f', join(project, 'overlays/prod/values/storage.yaml')]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/storage\/templates\/\w+\.yaml:\d+:\d+\): \w+: NFS path \/data\/\S+ has no server/);
  });
});
