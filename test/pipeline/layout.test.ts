// File names of the rendered tree: one file per object whatever the names, never an overwrite, never ENAMETOOLONG.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundle, copyFixture, readTree } from '../helpers/cli.js';

let project: string;
let envTemplate: string;

/** A chart that renders the ConfigMaps (or other kinds) listed in its values. */
const manyTemplate = `{{- range .Values.objects }}
---
apiVersion: {{ .apiVersion | default "v1" }}
kind: {{ .kind | default "ConfigMap" }}
metadata:
  name: {{ .name | quote }}
  {{- with .namespace }}
  namespace: {{ . }}
  {{- end }}
{{- if .rules }}
rules: []
{{- else }}
data: { k: v }
{{- end }}
{{- end }}
`;

beforeAll(async () => {
  project = await copyFixture('project');
  const chart = join(project, 'charts/many');
  await mkdir(join(chart, 'templates'), { recursive: true });
  await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: many\nversion: 0.1.0\n');
  await writeFile(join(chart, 'values.yaml'), 'objects: []\n');
  await writeFile(join(chart, 'templates/objects.yaml'), manyTemplate);
  envTemplate = (await readFile(join(project, 'overlays/staging/env.yaml'), 'utf8')).replace(/^releases:[\s\S]*$/m, '');
});

/** Write env `name` with the given releases (YAML lines) and values per release; render it. */
async function renderEnv(name: string, releases: string, values: Record<string, unknown> = {}) {
  const dir = join(project, 'overlays', name);
  await mkdir(join(dir, 'values'), { recursive: true });
  await writeFile(join(dir, 'env.yaml'), `${envTemplate.replace(/^name: staging$/m, `name: ${name}`)}releases:\n${releases}`);
  for (const [release, v] of Object.entries(values)) await writeFile(join(dir, 'values', `${release}.yaml`), JSON.stringify(v));
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
    const { r, tree } = await renderEnv('collide', '  - name: many\n    chart: many\n    namespace: a\n', { many: { objects } });
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
    const { r, tree } = await renderEnv('long', '  - name: many\n    chart: many\n    namespace: z\n', { many: { objects } });
    expect(r.exitCode, r.stderr).toBe(0);
    const files = [...tree.keys()].filter((p) => p.startsWith('many/'));
    expect(files).toHaveLength(3);
    for (const f of files) expect(Buffer.byteLength(f.split('/')[1]!)).toBeLessThanOrEqual(255);
    expect(new Set(files.map((f) => parse(tree.get(f)!).metadata.name)).size).toBe(2);
  });
});
