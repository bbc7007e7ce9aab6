// Rendering a fixture env for real: layout, namespaces, Argo CD apps, layering, determinism, pruning, patches.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundle, copyFixture, readTree } from '../helpers/cli.js';

let project: string;
let tree: Map<string, string>;

beforeAll(async () => {
  project = await copyFixture('project');
  const r = await bundle(['render', 'env/staging', '--engine', 'helm', '-o', 'json'], { cwd: project });
  expect(r.exitCode, r.stderr).toBe(0);
  tree = await readTree(join(project, 'rendered/staging'));
});

describe('bundle render (fixture env)', () => {
  it('writes one object per file in <release>/<kind>-<name>.yaml, plus apps/ and the ownership record', () => {
    expect([...tree.keys()].sort()).toEqual([
      '.bundle-owned',
      'apps/backend.yaml',
      'apps/frontend.yaml',
      'backend/clusterrole-backend-reader.yaml',
      'backend/deployment-backend.yaml',
      'backend/service-backend.yaml',
      'frontend/clusterrole-frontend-reader.yaml',
      'frontend/deployment-frontend.yaml',
      'frontend/service-frontend.yaml',
    ]);
    for (const [path, content] of tree) {
      if (path === '.bundle-owned') continue;
      expect(parseAllDocuments(content).length, path).toBe(1);
    }
  });

  it('injects the release namespace into namespaced objects only', () => {
    expect(parse(tree.get('frontend/deployment-frontend.yaml')!).metadata.namespace).toBe('shop');
    expect(parse(tree.get('backend/service-backend.yaml')!).metadata.namespace).toBe('shop-api');
    expect(parse(tree.get('frontend/clusterrole-frontend-reader.yaml')!).metadata.namespace).toBeUndefined();
  });

  it('layers chart defaults < base < env and passes cluster facts as global.cluster', () => {
    const frontend = parse(tree.get('frontend/deployment-frontend.yaml')!);
    expect(frontend.spec.replicas).toBe(3);
    expect(frontend.spec.template.spec.containers[0].image).toBe('docker.io/nginx:1.25.4');
    expect(frontend.spec.template.spec.containers[0].env[0].value).toBe('10.50.0.0/16');
    const backend = parse(tree.get('backend/deployment-backend.yaml')!);
    expect(backend.spec.replicas).toBe(1);
  });

  it('writes an Argo CD Application per release with its sync wave and folder', () => {
    const app = parse(tree.get('apps/frontend.yaml')!);
    expect(app).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'staging-frontend', namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': '1' } },
      spec: {
        project: 'staging',
        source: { repoURL: 'https://git.example.com/rendered.git', targetRevision: 'env/staging', path: 'staging/frontend' },
        destination: { namespace: 'shop' },
      },
    });
  });

  it('records every owned file with its hash, and nothing else', () => {
    const lines = tree.get('.bundle-owned')!.trim().split('\n').filter((l) => !l.startsWith('#'));
    expect(lines.map((l) => l.split('  ')[1]).sort()).toEqual([...tree.keys()].filter((k) => k !== '.bundle-owned').sort());
  });

  it('is byte-identical across runs and concurrency levels', async () => {
    for (const c of ['1', '4']) {
      const r = await bundle(['render', 'env/staging', '--engine', 'helm', '--concurrency', c, '--out', `out-${c}`], { cwd: project });
      expect(r.exitCode, r.stderr).toBe(0);
    }
    const one = await readTree(join(project, 'out-1/staging'));
    expect(one).toEqual(await readTree(join(project, 'out-4/staging')));
    expect(one).toEqual(tree);
    for (const content of one.values()) expect(content).not.toContain(project);
  });

  it('reports the wall time of each phase on stderr with --timings, leaving stdout as it was', async () => {
    const plain = await bundle(['render', 'env/staging', '--out', 'timed-plain'], { cwd: project });
    const timed = await bundle(['render', 'env/staging', '--out', 'timed', '--timings'], { cwd: project });
    expect(timed.exitCode, timed.stderr).toBe(0);
    expect(timed.stdout).toBe(plain.stdout);
    expect(plain.stderr).not.toMatch(/timings/);
    const m = /^timings: start-up (\d+) ms, load\+validate (\d+) ms, render (\d+) ms, check (\d+) ms, write (\d+) ms; total (\d+) ms$/m.exec(
      timed.stderr,
    );
    expect(m, timed.stderr).not.toBeNull();
    const [phases, total] = [m!.slice(1, 6).map(Number), Number(m![6])];
    expect(Math.abs(phases.reduce((a, b) => a + b, 0) - total)).toBeLessThanOrEqual(5);
  });

  it('names files with the namespace when a release spans namespaces', async () => {
    const r = await bundle(['render', 'env/staging', '--engine', 'helm', '--out', 'spans', '--set', 'extraNamespace=edge'], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    const files = [...(await readTree(join(project, 'spans/staging'))).keys()].filter((p) => p.startsWith('frontend/'));
    expect(files.sort()).toEqual([
      'frontend/clusterrole-frontend-reader.yaml',
      'frontend/deployment-shop-frontend.yaml',
      'frontend/service-edge-frontend.yaml',
      'frontend/service-shop-frontend.yaml',
    ]);
  });

  it('prunes stale owned files and keeps foreign ones', async () => {
    const out = join(project, 'prune');
    expect((await bundle(['render', 'env/staging', '--engine', 'helm', '--out', 'prune'], { cwd: project })).exitCode).toBe(0);
    await mkdir(join(out, 'staging/notes'), { recursive: true });
    await writeFile(join(out, 'staging/notes/README.md'), 'kept by hand\n');
    const env = join(project, 'overlays/staging/env.yaml');
    const original = await readFile(env, 'utf8');
    await writeFile(env, original.replace('    wave: 2\n', '    wave: 2\n    enabled: false\n'));
    try {
      const r = await bundle(['render', 'env/staging', '--engine', 'helm', '--out', 'prune', '-o', 'json'], { cwd: project });
      expect(r.exitCode, r.stderr).toBe(0);
      const summary = JSON.parse(r.stdout);
      expect(summary.removed).toContain('backend/deployment-backend.yaml');
      expect(summary.foreign).toEqual(['notes/README.md']);
      const after = await readTree(join(out, 'staging'));
      expect([...after.keys()].some((k) => k.startsWith('backend/') || k === 'apps/backend.yaml')).toBe(false);
      expect(after.get('notes/README.md')).toBe('kept by hand\n');
    } finally {
      await writeFile(env, original);
    }
  });

  it('reads overlay values the way helm does, flow collections over lines at any indentation included', async () => {
    const values = join(project, 'overlays/staging/values/frontend.yaml');
    const original = await readFile(values, 'utf8');
    await writeFile(values, 'replicas: 3\nimage: {repository: nginx,\ntag: "1.25.4"}\n');
    try {
      const trees = [];
      for (const engine of ['native', 'helm']) {
        const r = await bundle(['render', 'env/staging', '--engine', engine, '--out', `flow-${engine}`], { cwd: project });
        expect(r.exitCode, r.stderr).toBe(0);
        trees.push(await readTree(join(project, `flow-${engine}/staging`)));
      }
      expect(trees[0]).toEqual(trees[1]);
      expect(trees[0]!.get('frontend/deployment-frontend.yaml')).toContain('image: docker.io/nginx:1.25.4');
    } finally {
      await writeFile(values, original);
    }
  });

  it('applies merge and JSON patches from the overlay', async () => {
    const env = join(project, 'overlays/staging/env.yaml');
    const original = await readFile(env, 'utf8');
    const patches = [
      '    patches:',
      '      - target: { kind: Deployment, name: frontend }',
      '        merge: { spec: { revisionHistoryLimit: 3, template: { spec: { priorityClassName: low } } } }',
      '      - target: { kind: Service, name: frontend, namespace: shop }',
      '        json:',
      '          - { op: add, path: /metadata/annotations, value: { team: shop } }',
      '          - { op: replace, path: /spec/ports/0/port, value: 8080 }',
      '',
    ].join('\n');
    await writeFile(env, original.replace('    wave: 1\n', `    wave: 1\n${patches}`));
    try {
      const r = await bundle(['render', 'env/staging', '--engine', 'helm', '--out', 'patched'], { cwd: project });
      expect(r.exitCode, r.stderr).toBe(0);
      const files = await readTree(join(project, 'patched/staging'));
      const deploy = parse(files.get('frontend/deployment-frontend.yaml')!);
      expect(deploy.spec.revisionHistoryLimit).toBe(3);
      expect(deploy.spec.template.spec.priorityClassName).toBe('low');
      expect(deploy.spec.template.spec.containers).toHaveLength(1);
      const svc = parse(files.get('frontend/service-frontend.yaml')!);
      expect(svc.metadata.annotations).toEqual({ team: 'shop' });
      expect(svc.spec.ports[0].port).toBe(8080);
    } finally {
      await writeFile(env, original);
    }
  });
});
