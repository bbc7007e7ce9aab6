// What the render cache's keys hash, in-process: another version of the tool's code never finds an entry, a chart's
// hash follows links (a library chart) and vendored .tgz dependencies, and a run sees files as they are now; a render
// that calls the clock or randomness is never cached.
const treeHash = (dir: string) => chartInputs(dir).digest;
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleCache, CacheStore } from '../../src/cache/index.js';
import { callsVolatile, chartInputs } from '../../src/cache/keys.js';
import { getEngine } from '../../src/engines/index.js';
import { prepare, render } from '../../src/pipeline.js';
import { bundle, copyFixture, repoRoot, writeEnv, writeLinkedChartEnv } from '../helpers/cli.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bundle-keys-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('render cache keys', () => {
  it('hold the code version: another engine never finds the entries of this one', async () => {
    const project = join(dir, 'project');
    await cp(join(repoRoot, 'test/fixtures/project'), project, { recursive: true });
    const warn = (m: string) => {
      throw new Error(m);
    };
    const run = async (code: string) => {
      const prepared = await prepare('env/staging', { cwd: project });
      prepared.cache = new BundleCache(CacheStore.forProject(project, warn), code);
      const outputs = await render(prepared, { engine: getEngine('native'), concurrency: 1 });
      return { cached: outputs.map((o) => o.cached), objects: JSON.stringify(outputs.map((o) => o.objects)) };
    };
    const first = await run('engine-a');
    expect(first.cached).toEqual([false, false]);
    expect(await run('engine-a')).toEqual({ ...first, cached: [true, true] });
    expect(await run('engine-b')).toEqual(first);
  });

  it('follow links into a library chart, and see a vendored dependency archive change', async () => {
    const lib = join(dir, 'lib');
    const app = join(dir, 'app');
    await mkdir(join(lib, 'templates'), { recursive: true });
    await writeFile(join(lib, 'Chart.yaml'), 'apiVersion: v2\nname: lib\nversion: 0.1.0\ntype: library\n');
    await writeFile(join(lib, 'templates/_x.tpl'), '{{- define "x" -}}1{{- end -}}\n');
    await mkdir(join(app, 'charts'), { recursive: true });
    await writeFile(join(app, 'Chart.yaml'), 'apiVersion: v2\nname: app\nversion: 0.1.0\n');
    await symlink('../../lib', join(app, 'charts/lib'));
    const before = treeHash(app);
    expect(treeHash(app)).toBe(before);
    await writeFile(join(lib, 'templates/_x.tpl'), '{{- define "x" -}}2{{- end -}}\n');
    const linked = treeHash(app);
    expect(linked).not.toBe(before);

    // The same library vendored as an archive, as `helm dependency build` leaves it.
    await rm(join(app, 'charts/lib'));
    execFileSync('tar', ['-czf', join(app, 'charts/lib-0.1.0.tgz'), '-C', dir, 'lib']);
    const vendored = treeHash(app);
    await writeFile(join(lib, 'templates/_x.tpl'), '{{- define "x" -}}3{{- end -}}\n');
    expect(treeHash(app)).toBe(vendored);
    execFileSync('tar', ['-czf', join(app, 'charts/lib-0.1.0.tgz'), '-C', dir, 'lib']);
    expect(treeHash(app)).not.toBe(vendored);
  });

  it('are computed afresh by each run (a long-lived process sees edited files)', async () => {
    const chart = join(dir, 'fresh');
    await mkdir(chart);
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: fresh\nversion: 0.1.0\n');
    const store = CacheStore.forProject(dir, () => {});
    const a = new BundleCache(store, 'x');
    const hash = a.chart(chart).digest;
    await writeFile(join(chart, 'values.yaml'), 'a: 1\n');
    expect(a.chart(chart).digest).toBe(hash);
    expect(new BundleCache(store, 'x').chart(chart).digest).not.toBe(hash);
  });

  it('keep what the engine warned about: a release from the cache warns as its render did', async () => {
    const project = await copyFixture('project');
    const { outside } = await writeLinkedChartEnv(project);
    const warnings = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('warning: [linked]'));
    const cold = await bundle(['render', 'env/linked'], { cwd: project });
    const warm = await bundle(['render', 'env/linked'], { cwd: project });
    expect(cold.exitCode, cold.stderr).toBe(0);
    expect(warm.stderr).toContain('1 of 1 releases from .bundle-cache/');
    expect(warnings(cold.stderr).join('\n')).toContain('(it points outside the chart)');
    expect(warnings(warm.stderr)).toEqual(warnings(cold.stderr));
    await rm(outside, { recursive: true, force: true });
    await rm(project, { recursive: true, force: true });
  });

  it('know the template functions whose results change from run to run, in actions only', () => {
    for (const t of ['{{ now }}', '{{- randAlphaNum 8 | b64enc }}', 'x: {{ genCA "ca" 365 }}', '{{ $k := genPrivateKey "rsa" }}', '{{ uuidv4 }}', '{{ .Values.x | ago }}']) {
      expect(callsVolatile(t), t).toBe(true);
    }
    for (const t of ['now: always', '{{/* now and then */}}', '{{ .Values.nowhere }}', '{{ date "2006" .Values.when }}', '{{ randomish }}']) {
      expect(callsVolatile(t), t).toBe(false);
    }
  });

  it('never serve a release that calls one: in its chart, its vendored library or a values file it passes to tpl', async () => {
    const project = await copyFixture('project');
    const chart = join(project, 'charts/clock');
    await mkdir(join(chart, 'templates'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: clock\nversion: 0.1.0\n');
    await writeFile(join(chart, 'values.yaml'), 'stamp: ""\n');
    await writeFile(join(chart, 'templates/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: clock\ndata:\n  stamp: {{ tpl .Values.stamp . | quote }}\n');
    await writeEnv(project, 'clock', '  - name: clock\n    chart: clock\n    namespace: clock\n', { clock: { stamp: 'fixed' } });
    const cached = async () => /(\d+) of 1 releases from/.exec((await bundle(['render', 'env/clock'], { cwd: project })).stderr)?.[1] ?? '0';
    await cached();
    expect(await cached()).toBe('1');
    // A values file whose text tpl renders with the clock.
    await writeFile(join(project, 'overlays/clock/values/clock.yaml'), JSON.stringify({ stamp: '{{ now | date "15:04:05.000000" }}' }));
    const first = await bundle(['render', 'env/clock', '--out', 'a'], { cwd: project });
    await new Promise((r) => setTimeout(r, 5));
    const second = await bundle(['render', 'env/clock', '--out', 'b'], { cwd: project });
    expect(second.stderr).not.toContain('from .bundle-cache');
    const stamp = async (out: string) => (await readFile(join(project, out, 'clock/clock/configmap-clock.yaml'), 'utf8')).match(/stamp: .*/)?.[0];
    expect(first.exitCode, first.stderr).toBe(0);
    expect(await stamp('a')).not.toBe(await stamp('b'));
    // The template itself, through a library chart vendored as an archive.
    await writeFile(join(project, 'overlays/clock/values/clock.yaml'), JSON.stringify({ stamp: 'fixed' }));
    const lib = join(dir, 'randlib');
    await mkdir(join(lib, 'templates'), { recursive: true });
    await writeFile(join(lib, 'Chart.yaml'), 'apiVersion: v2\nname: randlib\nversion: 0.1.0\ntype: library\n');
    await writeFile(join(lib, 'templates/_r.tpl'), '{{- define "randlib.id" -}}{{ randAlphaNum 6 }}{{- end -}}\n');
    await mkdir(join(chart, 'charts'));
    execFileSync('tar', ['-czf', join(chart, 'charts/randlib-0.1.0.tgz'), '-C', dir, 'randlib']);
    await cached();
    expect(await cached()).toBe('0');
    await rm(project, { recursive: true, force: true });
  });

  it('hold the time zone date functions format in', async () => {
    const project = await copyFixture('project');
    const chart = join(project, 'charts/zone');
    await mkdir(join(chart, 'templates'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: zone\nversion: 0.1.0\n');
    await writeFile(
      join(chart, 'templates/cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: zone\ndata:\n  at: {{ toDate "2006-01-02T15:04:05Z07:00" "2024-01-01T12:00:00Z" | date "15:04 MST" | quote }}\n',
    );
    await writeEnv(project, 'zone', '  - name: zone\n    chart: zone\n    namespace: zone\n');
    const at = async (tz: string) => {
      const r = await bundle(['render', 'env/zone', '--out', tz], { cwd: project, env: { TZ: tz } });
      expect(r.exitCode, r.stderr).toBe(0);
      return (await readFile(join(project, tz, 'zone/zone/configmap-zone.yaml'), 'utf8')).match(/at: .*/)?.[0];
    };
    expect(await at('UTC')).toBe('at: 12:00 UTC');
    expect(await at('Asia/Tokyo')).toBe('at: 21:00 JST');
    await rm(project, { recursive: true, force: true });
  });
});
