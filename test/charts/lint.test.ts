// Every chart passes `helm lint --strict` under real helm v3 and v4, with each ci/*.yaml scenario and with each env's
// overlay values + cluster facts, and installs alone (no dependency build: charts/common is vendored as a committed archive, see vendor.test.ts).
import { execa } from 'execa';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findHelmBinary } from '../../src/engines/index.js';
import { envValues, overlayValuesFiles } from './render.js';

const chartsDir = fileURLToPath(new URL('../../charts', import.meta.url));
const charts = readdirSync(chartsDir).filter((c) => existsSync(join(chartsDir, c, 'Chart.yaml')));
const releasesOf = (chart: string) =>
  ({ 'ingress-nginx': ['ingress-nginx', 'ingress-ngx-ds'] })[chart] ?? (chart === 'common' ? [] : [chart]);

async function lint(major: 3 | 4, chart: string, valuesFiles: string[]) {
  const home = await mkdtemp(join(tmpdir(), 'bundle-lint-home-'));
  const args = ['lint', '--strict', join(chartsDir, chart), '--kube-version', '1.25.0', ...valuesFiles.flatMap((f) => ['-f', f])];
  const r = await execa(findHelmBinary(major), args, { reject: false, extendEnv: false, env: { HOME: home, PATH: '/usr/bin:/bin' } });
  return { exitCode: r.exitCode, output: `${r.stdout}\n${r.stderr}` };
}

describe.each([3, 4] as const)('helm v%i lint --strict', (major) => {
  it.each(charts)('%s: every ci scenario and every env overlay', async (chart) => {
    const ciDir = join(chartsDir, chart, 'ci');
    const scenarios: string[][] = existsSync(ciDir) ? readdirSync(ciDir).map((f) => [join(ciDir, f)]) : [[]];
    for (const env of ['prod', 'dev']) {
      for (const release of releasesOf(chart)) {
        const globals = join(await mkdtemp(join(tmpdir(), 'bundle-lint-')), 'globals.json');
        await writeFile(globals, JSON.stringify(envValues(env)));
        scenarios.push([globals, ...overlayValuesFiles(env, release)]);
      }
    }
    const results = await Promise.all(scenarios.map((files) => lint(major, chart, files)));
    results.forEach((r, i) => expect(r.exitCode, `${scenarios[i]!.join(' ')}\n${r.output}`).toBe(0));
  });
});

// helm v3's `install --dry-run=client` still asks a cluster for its version; v4's does not, so v4 proves a chart
// installs alone (its own values, no dependency build) and that its NOTES.txt renders.
describe('helm v4 install --dry-run=client', () => {
  it.each(charts.filter((c) => c !== 'common'))('%s installs alone and prints its NOTES', async (chart) => {
    const ciDir = join(chartsDir, chart, 'ci');
    const first = readdirSync(ciDir).sort()[0]!;
    const home = await mkdtemp(join(tmpdir(), 'bundle-install-home-'));
    const r = await execa(findHelmBinary(4), ['install', chart, join(chartsDir, chart), '--dry-run=client', '-f', join(ciDir, first)], {
      reject: false,
      extendEnv: false,
      env: { HOME: home, PATH: '/usr/bin:/bin' },
    });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(String(r.stdout)).toMatch(/^NOTES:\n\S/m);
  });
});
