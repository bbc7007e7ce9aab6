// Values keys that name JavaScript object internals (`__proto__`, `constructor`, `prototype`) are ordinary keys, as
// in Go: through every env layer, --set and --set-string, validation, explain and both engines. The engine's own
// paths (chart values.yaml, -f, fromYaml, dict, merge …) are held to helm by test/parity/corpus/hostile-proto-keys.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundle, copyFixture, readTree } from '../helpers/cli.js';

let project: string;

beforeAll(async () => {
  project = await copyFixture('project');
  const chart = join(project, 'charts/open');
  await mkdir(join(chart, 'templates'), { recursive: true });
  await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: open\nversion: 0.1.0\n');
  await writeFile(join(chart, 'values.yaml'), '__proto__:\n  chart: 1\nconstructor: chart\nplain: 1\n');
  await writeFile(
    join(chart, 'values.schema.json'),
    // Every key but these must hold a map. (ajv skips "__proto__" under `properties`, so the schema cannot name it.)
    JSON.stringify({ type: 'object', properties: { plain: { type: 'integer' }, constructor: {}, global: {} }, additionalProperties: { type: 'object' } }),
  );
  await writeFile(
    join(chart, 'templates/cm.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: open\ndata:\n  values: {{ omit .Values "global" | toJson | quote }}\n',
  );
  const env = await readFile(join(project, 'overlays/staging/env.yaml'), 'utf8');
  await mkdir(join(project, 'overlays/proto/values'), { recursive: true });
  await writeFile(
    join(project, 'overlays/proto/env.yaml'),
    env.replace(/^name: staging$/m, 'name: proto').replace(/^releases:[\s\S]*$/m, 'releases:\n  - name: open\n    chart: open\n    namespace: open\n'),
  );
  await writeFile(join(project, 'overlays/base/values/open.yaml'), '__proto__:\n  base: 2\nprototype:\n  b: 1\n');
  await writeFile(join(project, 'overlays/proto/values/open.yaml'), '__proto__:\n  env: 3\nconstructor:\n  e: 1\n');
});

const setArgs = ['--set', '__proto__.set=4', '--set-string', 'prototype.s=5'];

describe('__proto__, constructor and prototype keys', () => {
  it('reach the chart through every layer, identical with --engine helm', async () => {
    const trees = [];
    for (const engine of ['native', 'helm']) {
      const r = await bundle(['render', 'env/proto', '--engine', engine, '--out', `out-${engine}`, ...setArgs], { cwd: project });
      expect(r.exitCode, r.stderr).toBe(0);
      trees.push(await readTree(join(project, `out-${engine}/proto`)));
    }
    expect(trees[0]).toEqual(trees[1]);
    const values = JSON.parse(parse(trees[0]!.get('open/configmap-open.yaml')!).data.values);
    expect(values).toEqual(
      JSON.parse('{"__proto__":{"base":2,"chart":1,"env":3,"set":4},"constructor":{"e":1},"plain":1,"prototype":{"b":1,"s":"5"}}'),
    );
  });

  it('are validated against the chart schema like any key', async () => {
    const r = await bundle(['validate', 'env/proto', '--set', '__proto__=x'], { cwd: project });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/\[open\] \/__proto__: expected object/);
  });

  it('are explained layer by layer', async () => {
    const r = await bundle(['explain', 'env/proto', 'open', '__proto__', '-o', 'json', ...setArgs], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.layers.map((l: { layer: string }) => l.layer)).toEqual(['chart defaults', 'base', 'env', '--set']);
    expect(report.value).toEqual({ chart: 1, base: 2, env: 3, set: 4 });
  });
});
