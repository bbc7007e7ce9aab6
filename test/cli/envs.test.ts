// `bundle ls` and `bundle env new`, on a copy of this repository: listing envs and releases (text and JSON), and a
// new env scaffolded from prod that validates only once its TODO cluster facts are filled in.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, readTree, repoRoot } from '../helpers/cli.js';

let project: string;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'bundle-envs-'));
  for (const dir of ['charts', 'overlays', 'argocd', 'schemas']) await cp(join(repoRoot, dir), join(project, dir), { recursive: true });
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe('bundle ls', () => {
  it('lists every env with its cluster, Kubernetes version, releases and branch', async () => {
    const r = await bundle(['ls'], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'ENV   CLUSTER  KUBERNETES  RELEASES  BRANCH    FILE',
      'dev   dev      1.31.0      21        env/dev   overlays/dev/env.yaml',
      'prod  prod     1.25.0      21        env/prod  overlays/prod/env.yaml',
    ]);
    const json = JSON.parse((await bundle(['ls', '-o', 'json'], { cwd: project })).stdout);
    expect(json.envs.map((e: any) => [e.name, e.cluster, e.releases, e.branch])).toEqual([
      ['dev', 'dev', 21, 'env/dev'],
      ['prod', 'prod', 21, 'env/prod'],
    ]);
  });

  it('lists the releases of an env: chart, chart version, namespace, wave, enabled, labels', async () => {
    const r = await bundle(['ls', 'env/prod'], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+CHART\s+VERSION\s+NAMESPACE\s+WAVE\s+ENABLED\s+LABELS$/);
    expect(lines).toContainEqual(expect.stringMatching(/^ingress-ngx-ds\s+ingress-nginx\s+0\.1\.0\s+ingress-ngx-ds\s+2\s+true\s+tier=platform$/));
    expect(lines).toHaveLength(22);
    const json = JSON.parse((await bundle(['ls', 'env/prod', '-o', 'json'], { cwd: project })).stdout);
    expect(json.releases[0]).toEqual({
      name: 'cni', chart: 'cni', version: '0.1.0', chartDir: 'charts/cni', namespace: 'kube-system', wave: 0, enabled: true, labels: { tier: 'platform' },
    });
  });

  it('takes the selectors of the other commands', async () => {
    const json = JSON.parse((await bundle(['ls', 'env/prod', '-l', 'tier=demo,namespace=demo', '-o', 'json'], { cwd: project })).stdout);
    expect(json.releases.map((r: any) => r.name)).toEqual(['tomcat', 'rolling-update', 'config-demo']);
    const bad = await bundle(['ls', 'env/prod', '-r', 'tomcta'], { cwd: project });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('did you mean "tomcat"?');
  });
});

describe('bundle env new', () => {
  it('scaffolds overlays/<name>/ from an env: schema modeline, releases and values as the source, TODO cluster facts', async () => {
    const r = await bundle(['env', 'new', 'staging', '--from', 'env/prod'], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    const made = await readTree(join(project, 'overlays/staging'));
    const prod = await readTree(join(project, 'overlays/prod'));
    expect([...made.keys()].sort()).toEqual([...prod.keys()].sort());
    for (const [path, content] of prod) if (path !== 'env.yaml') expect(made.get(path), path).toBe(content);
    expect(r.stdout.split('\n')).toContain('overlays/staging/env.yaml');
    const text = made.get('env.yaml')!;
    const modeline = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text.split('\n')[0]!);
    expect(modeline).not.toBeNull();
    expect(resolve(project, 'overlays/staging', modeline![1]!)).toBe(join(project, 'schemas/env.schema.json'));
    const env = parse(text);
    const source = parse(prod.get('env.yaml')!);
    expect(env.name).toBe('staging');
    expect(env.releases).toEqual(source.releases);
    expect(env.waivers).toEqual(source.waivers);
    expect(env.crds).toEqual(source.crds);
    expect(env.external).toEqual(source.external);
    expect(env.cluster.podCIDR).toBe('TODO');
    expect(env.argocd).toEqual({ repoURL: source.argocd.repoURL, destination: { server: 'TODO' } });
    expect(text).not.toContain('Production:');
  });

  it('does not validate while TODOs are left, naming each at its line', async () => {
    const r = await bundle(['validate', 'env/staging'], { cwd: project });
    expect(r.exitCode).toBe(1);
    const todos = r.stderr.split('\n').filter((l) => l.includes('TODO: fill in this value'));
    // 13 cluster facts, the address of prod's external service mysql, and the Argo CD destination.
    expect(todos).toHaveLength(15);
    expect(r.stderr).toContain('/cluster/externalServices/0/ip: TODO');
    expect(todos[0]).toMatch(/^error: overlays\/staging\/env\.yaml:\d+:\d+: \/cluster\/name: TODO: fill in this value/);
    expect(r.stderr).toContain('/argocd/destination/server: TODO');
    expect(r.stderr).not.toMatch(/must match/);
  });

  it('validates, renders and lints once the facts are filled in', async () => {
    const file = join(project, 'overlays/staging/env.yaml');
    const prod = parse(await readFile(join(project, 'overlays/prod/env.yaml'), 'utf8'));
    let text = await readFile(file, 'utf8');
    // The facts of a cluster like prod's, on another subnet.
    const facts: Record<string, string> = {
      name: 'staging', kubernetesVersion: '"1.25.0"', nodeSubnet: '10.20.0.0/24', podCIDR: '10.244.0.0/16', serviceCIDR: '10.96.0.0/12',
      clusterDNS: '10.96.0.10', interface: 'eth0', ingressVIP: '10.20.0.199',
    };
    for (const [k, v] of Object.entries(facts)) text = text.replace(new RegExp(`^(  ${k}): TODO\\b`, 'm'), `$1: ${v}`);
    text = text.replace(/^( {4}server): TODO\b/m, '$1: 10.20.0.180').replace(/^( {4}path): TODO\b/m, '$1: /data/nfs');
    const nodes = prod.cluster.nodes.map((n: any) => ({ ...n, ip: n.ip.replace('192.168.40.', '10.20.0.') }));
    text = text.replace(/^ {2}nodes:[\s\S]*?(?=^ {2}externalServices:|^imageRegistry:)/m, `  nodes: ${JSON.stringify(nodes)}\n`);
    text = text.replace('{ server: TODO }', '{ server: https://kubernetes.default.svc }').replace('{ name: mysql, ip: TODO', '{ name: mysql, ip: 10.20.0.182');
    await writeFile(file, text);
    const v = await bundle(['validate', 'env/staging'], { cwd: project });
    expect(v.exitCode, v.stderr).toBe(0);
    const lint = await bundle(['lint', 'env/staging'], { cwd: project });
    expect(lint.exitCode, lint.stderr).toBe(0);
    const r = await bundle(['render', 'env/staging'], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(existsSync(join(project, 'rendered/staging/apps/tomcat.yaml'))).toBe(true);
    const app = parse(await readFile(join(project, 'rendered/staging/apps/tomcat.yaml'), 'utf8'));
    expect(app.spec.source.targetRevision).toBe('env/staging');
    expect(app.spec.project).toBe('staging');
  });

  it.each([
    [['env', 'new', 'prod', '--from', 'env/dev'], /env prod exists already \(overlays\/prod\)/],
    [['env', 'new', 'Staging_2', '--from', 'env/dev'], /env name "Staging_2" is invalid/],
    [['env', 'new', 'qa', '--from', 'env/nope'], /environment "env\/nope" not found/],
  ])('%j exits 1 and writes nothing', async (args, message) => {
    const before = await readTree(join(project, 'overlays'));
    const r = await bundle(args, { cwd: project });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(await readTree(join(project, 'overlays'))).toEqual(before);
  });
});
