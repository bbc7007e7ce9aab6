// File names of the rendered tree: one file per object whatever the names, never an overwrite, never ENAMETOOLONG.
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { addObjectsChart, bundle, copyFixture, readTree, writeEnv } from '../helpers/cli.js';

let project: string;

beforeAll(async () => {
  project = await copyFixture('project');
  await addObjectsChart(project);
});

/** Write env `name` with the given releases (YAML lines) and values per release; render it. */
async function renderEnv(name: string, releases: string, values: Record<string, unknown> = {}) {
  await writeEnv(project, name, releases, values);
  const r = await bundle(['render', `env/${name}`, '-o', 'json'], { cwd: project });
  return { r, tree: r.exitCode === 0 ? await readTree(join(project, 'rendered', name)) : new Map<string, string>() };
}

describe('rendered file names', () => {
  it('refuses a release named "apps" (the Applications folder) at its env.yaml position', async () => {
    const { r } = await renderEnv(
      'appsclash',
      '  - name: apps\n    chart: web\n    namespace: one\n  - name: deployment-apps\n    chart: web\n    namespace: two\n',
    );
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/overlays\/appsclash\/env\.yaml:\d+:\d+: \/releases\/0\/name: release name "apps" is reserved/);
  });

  it('gives objects whose names collide once lower-cased or joined with "-" a file each', async () => {
    const objects = [
      { namespace: 'a', name: 'b-c' },
      { namespace: 'a-b', name: 'c' },
      { kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', name: 'Reader', rules: true },
      { kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', name: 'reader', rules: true },
    ];
    const { r, tree } = await renderEnv('collide', '  - name: many\n    chart: objects\n    namespace: a\n', { many: { objects } });
    expect(r.exitCode, r.stderr).toBe(0);
    const files = [...tree.keys()].filter((p) => p.startsWith('many/'));
    expect(files).toHaveLength(4);
    const names = files.map((p) => parse(tree.get(p)!).metadata).map((m) => `${m.namespace ?? ''}/${m.name}`);
    expect(names.sort()).toEqual(['/Reader', '/reader', 'a-b/c', 'a/b-c']);
    // Deterministic: the same names on the next run.
    const again = await bundle(['render', 'env/collide'], { cwd: project });
    expect(again.exitCode, again.stderr).toBe(0);
    expect([...(await readTree(join(project, 'rendered/collide'))).keys()].filter((p) => p.startsWith('many/')).sort()).toEqual(files.sort());
  });

  it('writes names up to the API limit (253) without ENAMETOOLONG, shortened with a hash', async () => {
    const long = (c: string) => [c.repeat(63), c.repeat(63), c.repeat(63), c.repeat(61)].join('.');
    const objects = [
      { namespace: 'x'.repeat(63), name: long('a') },
      { namespace: 'x'.repeat(63), name: `${long('a').slice(0, -1)}b` },
      { namespace: 'z', name: long('a') },
    ];
    expect(long('a')).toHaveLength(253);
    const { r, tree } = await renderEnv('long', '  - name: many\n    chart: objects\n    namespace: z\n', { many: { objects } });
    expect(r.exitCode, r.stderr).toBe(0);
    const files = [...tree.keys()].filter((p) => p.startsWith('many/'));
    expect(files).toHaveLength(3);
    for (const f of files) expect(Buffer.byteLength(f.split('/')[1]!)).toBeLessThanOrEqual(255);
    expect(new Set(files.map((f) => parse(tree.get(f)!).metadata.name)).size).toBe(2);
  });
});
