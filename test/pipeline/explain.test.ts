// bundle explain: which layer set a value, where, and what it overrode.
import { beforeAll, describe, expect, it } from 'vitest';
import { valuesPathToPointer } from '../../src/cli/explain.js';
import { bundle, copyFixture } from '../helpers/cli.js';

let project: string;
beforeAll(async () => {
  project = await copyFixture('project');
});

describe('bundle explain', () => {
  it('lists every layer that set the value, lowest first, with file:line:col', async () => {
    const r = await bundle(['explain', 'env/staging', 'frontend', 'replicas', '-o', 'json'], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      env: 'staging',
      release: 'frontend',
      path: 'replicas',
      pointer: '/replicas',
      value: 3,
      layers: [
        { layer: 'chart defaults', file: 'charts/web/values.yaml', line: 1, col: 11, value: 1 },
        { layer: 'base', file: 'overlays/base/values/frontend.yaml', line: 1, col: 11, value: 2 },
        { layer: 'env', file: 'overlays/staging/values/frontend.yaml', line: 1, col: 11, value: 3 },
      ],
    });
  });

  it('traces cluster facts to env.yaml and --set to the command line', async () => {
    const facts = await bundle(['explain', 'staging', 'backend', 'global.cluster.podCIDR'], { cwd: project });
    expect(facts.exitCode, facts.stderr).toBe(0);
    expect(facts.stdout).toMatch(/env globals\s+overlays\/staging\/env\.yaml:5:12\s+"10\.50\.0\.0\/16"/);
    const set = await bundle(['explain', 'staging', 'backend', 'image.tag', '--set', 'image.tag=9.9'], { cwd: project });
    expect(set.stdout).toMatch(/backend image.tag = "9.9"/);
    expect(set.stdout).toMatch(/chart defaults\s+charts\/web\/values\.yaml:4:8\s+"1\.25\.3"\s+\(overridden\)/);
    expect(set.stdout).toMatch(/--set\s+\(command line\)/);
  });

  it('fails clearly for an unknown release', async () => {
    const r = await bundle(['explain', 'staging', 'nope', 'replicas'], { cwd: project });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('env staging has no release "nope": expected one of frontend, backend');
  });

  it('turns values paths into JSON pointers', () => {
    expect(valuesPathToPointer('a.b[0].c')).toBe('/a/b/0/c');
    expect(valuesPathToPointer('annotations.example\\.com/x')).toBe('/annotations/example.com~1x');
  });
});
