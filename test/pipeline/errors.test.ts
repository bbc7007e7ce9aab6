// Broken inputs: every kind of mistake gives exit 1, a file:line:col message, and leaves the previous output untouched.
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundle, copyFixture, readTree } from '../helpers/cli.js';

let project: string;
let before: Map<string, string>;

beforeAll(async () => {
  project = await copyFixture('project');
  const first = await bundle(['render', 'env/staging', '--engine', 'helm'], { cwd: project });
  expect(first.exitCode, first.stderr).toBe(0);
  before = await readTree(join(project, 'rendered'));
});

/** Apply a mistake to a fresh copy of the overlay, run render, and undo it afterwards. */
async function withMistake(file: string, edit: (text: string) => string, args: string[] = []) {
  const path = join(project, file);
  const original = await readFile(path, 'utf8');
  await writeFile(path, edit(original));
  try {
    const r = await bundle(['render', 'env/staging', '--engine', 'helm', ...args], { cwd: project });
    expect(r.exitCode).toBe(1);
    expect(await readTree(join(project, 'rendered'))).toEqual(before);
    return r;
  } finally {
    await writeFile(path, original);
  }
}

describe('render rejects broken overlays without touching the output', () => {
  it('a value of the wrong type names the file, line, column, pointer, expectation and layer', async () => {
    const r = await withMistake('overlays/staging/values/frontend.yaml', (t) => t.replace('replicas: 3', 'replicas: "three"'));
    expect(r.stderr).toContain('overlays/staging/values/frontend.yaml:1:11: [frontend] /replicas: expected integer, got string "three" (set by env)');
  });

  it('an unknown key suggests the key that was meant', async () => {
    const r = await withMistake('overlays/staging/values/frontend.yaml', (t) => t.replace('replicas: 3', 'replcas: 3'));
    expect(r.stderr).toContain('overlays/staging/values/frontend.yaml:1:1: [frontend] /replcas: unknown key "replcas" (set by env); did you mean "replicas"?');
  });

  it('a missing required value is reported', async () => {
    const r = await withMistake('overlays/staging/values/frontend.yaml', (t) => `${t}port: null\n`);
    expect(r.stderr).toMatch(/\[frontend\] \/port: missing required value "port"/);
    expect(r.stderr).toMatch(/^error: .+:\d+:\d+: /m);
  });

  it('a YAML syntax error in an overlay points at the line', async () => {
    const r = await withMistake('overlays/staging/values/frontend.yaml', (t) => `${t}image: [unclosed\n`);
    expect(r.stderr).toMatch(/overlays\/staging\/values\/frontend\.yaml:\d+:\d+: YAML syntax error/);
  });

  it('an env file that breaks its schema is reported against env.yaml', async () => {
    const r = await withMistake('overlays/staging/env.yaml', (t) => t.replace('podCIDR: 10.50.0.0/16', 'podCIDR: 10.50.0.0/99'));
    expect(r.stderr).toMatch(/overlays\/staging\/env\.yaml:5:12: \/cluster\/podCIDR: must match pattern/);
  });

  it('reports all errors, not just the first', async () => {
    const r = await withMistake('overlays/staging/values/frontend.yaml', (t) => t.replace('replicas: 3', 'replicas: -1\nport: "80"'));
    expect(r.stderr).toContain('/replicas: must be >= 0');
    expect(r.stderr).toContain('/port: expected integer');
    expect(r.stderr).toContain('2 problems found; nothing was written');
  });

  it('a patch that matches nothing is an error at the patch', async () => {
    const r = await withMistake('overlays/staging/env.yaml', (t) =>
      t.replace('    wave: 1\n', '    wave: 1\n    patches:\n      - target: { kind: Deployment, name: nope }\n        merge: { spec: { paused: true } }\n'),
    );
    expect(r.stderr).toMatch(/env\.yaml:\d+:\d+: \[frontend\] \/releases\/0\/patches\/0\/target: patch matches no rendered object/);
  });

  it('a bad --set is rejected by the chart schema and names the --set layer', async () => {
    const r = await withMistake('overlays/staging/values/frontend.yaml', (t) => t, ['--set', 'port=http']);
    expect(r.stderr).toContain('/port: expected integer, got string "http" (set by --set)');
  });

  it('validate reports the same problems and exits 1', async () => {
    await appendFile(join(project, 'overlays/staging/values/backend.yaml'), 'replicas: many\n');
    try {
      const r = await bundle(['validate', 'staging', '-o', 'json'], { cwd: project });
      expect(r.exitCode).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.valid).toBe(false);
      expect(report.problems).toEqual([
        expect.objectContaining({ file: 'overlays/staging/values/backend.yaml', line: 1, col: 11, pointer: '/replicas', release: 'backend', layer: 'env' }),
      ]);
    } finally {
      await writeFile(join(project, 'overlays/staging/values/backend.yaml'), '');
    }
  });
});
