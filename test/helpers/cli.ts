// Run the built `bundle` CLI as a user would, and inspect the files it leaves behind.
import { execa } from 'execa';
import { cp, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(repoRoot, 'bin/bundle.js');

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function bundle(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const r = await execa('node', [bin, ...args], {
    cwd: opts.cwd ?? repoRoot,
    reject: false,
    env: { NO_COLOR: '1', ...opts.env },
  });
  return { exitCode: r.exitCode ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** A private copy of a fixture project (charts/ + overlays/) to render and break. */
export async function copyFixture(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `bundle-${name}-`));
  await cp(join(repoRoot, 'test/fixtures', name), dir, { recursive: true });
  return dir;
}

/** Every file under `dir` with its content, keyed by relative path. */
export async function readTree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else files.set(relative(dir, full), await readFile(full, 'utf8'));
    }
  };
  await walk(dir);
  return files;
}

/** A chart `objects` in `project` rendering the objects listed in its values: `{ kind?, apiVersion?, namespace?,
 *  name?, data? }` (a ConfigMap with `data: {k: v}` unless told otherwise; no `name` renders `name: null`). */
export async function addObjectsChart(project: string): Promise<void> {
  const chart = join(project, 'charts/objects');
  await mkdir(join(chart, 'templates'), { recursive: true });
  await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: objects\nversion: 0.1.0\n');
  await writeFile(join(chart, 'values.yaml'), 'objects: []\n');
  await writeFile(
    join(chart, 'templates/objects.yaml'),
    `{{- range .Values.objects }}
---
apiVersion: {{ .apiVersion | default "v1" }}
kind: {{ .kind | default "ConfigMap" }}
metadata:
  name: {{ if hasKey . "name" }}{{ .name | toJson }}{{ else }}null{{ end }}
  {{- with .namespace }}
  namespace: {{ . }}
  {{- end }}
{{- if hasKey . "rules" }}
rules: []
{{- else }}
data: {{ .data | default (dict "k" "v") | toJson }}
{{- end }}
{{- end }}
`,
  );
}

/** Write `overlays/<name>/env.yaml` of `project` (cluster facts of the fixture's staging env, `extra` top-level
 *  lines, the given releases as YAML lines) and one values file per release. */
export async function writeEnv(project: string, name: string, releases: string, values: Record<string, unknown> = {}, extra = ''): Promise<void> {
  const staging = await readFile(join(project, 'overlays/staging/env.yaml'), 'utf8');
  const head = staging.replace(/^releases:[\s\S]*$/m, '').replace(/^name: staging$/m, `name: ${name}`);
  const dir = join(project, 'overlays', name);
  await mkdir(join(dir, 'values'), { recursive: true });
  await writeFile(join(dir, 'env.yaml'), `${head}${extra}releases:\n${releases}`);
  for (const [release, v] of Object.entries(values)) await writeFile(join(dir, 'values', `${release}.yaml`), JSON.stringify(v));
}

/** Env `linked` of `project`: one release of chart `linked`, whose ConfigMap reads data.txt through a symlink to a
 *  file outside the project (helm follows it and warns); returns the chart's folder and the outside one. */
export async function writeLinkedChartEnv(project: string): Promise<{ chart: string; outside: string }> {
  const outside = await mkdtemp(join(tmpdir(), 'bundle-outside-'));
  await writeFile(join(outside, 'data.txt'), 'from outside\n');
  const chart = join(project, 'charts/linked');
  await mkdir(join(chart, 'templates'), { recursive: true });
  await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: linked\nversion: 0.1.0\n');
  await writeFile(join(chart, 'templates/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: linked\ndata:\n  f: {{ .Files.Get "data.txt" | quote }}\n');
  await symlink(join(outside, 'data.txt'), join(chart, 'data.txt'));
  await writeEnv(project, 'linked', '  - name: linked\n    chart: linked\n    namespace: linked\n');
  return { chart, outside };
}

/** Apply `change` to a file (it must change something); returns what puts the original back. */
export async function editFile(path: string, change: (text: string) => string): Promise<() => Promise<void>> {
  const original = await readFile(path, 'utf8');
  const changed = change(original);
  expect(changed, `edit of ${path} changed nothing`).not.toBe(original);
  await writeFile(path, changed);
  return () => writeFile(path, original);
}
