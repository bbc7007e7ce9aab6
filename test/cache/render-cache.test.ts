// The render cache on a copy of this repository (charts, overlays, Argo CD bootstrap): the output is byte-identical
// cold, warm, with --no-cache and at any concurrency; after any change to an input (a chart file, the library chart, a
// values layer, an env fact) a cached render writes exactly what an uncached one writes; entries that do not verify
// are ignored and rewritten; a cache that cannot be written costs one warning.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, editFile, readTree, repoRoot } from '../helpers/cli.js';

let project: string;
let cold: Map<string, string>;
const RELEASES = 21;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'bundle-cache-'));
  for (const dir of ['charts', 'overlays', 'argocd']) {
    await cp(join(repoRoot, dir), join(project, dir), { recursive: true, verbatimSymlinks: true });
  }
  cold = await render('cold', '--no-cache');
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

/** Renders env/prod into out/<name>; returns the tree and remembers how many releases came from the cache. */
let lastCached = 0;
let lastStderr = '';
async function render(name: string, ...args: string[]): Promise<Map<string, string>> {
  const r = await bundle(['render', 'env/prod', '--out', `out/${name}`, ...args], { cwd: project });
  expect(r.exitCode, r.stderr).toBe(0);
  lastStderr = r.stderr;
  lastCached = Number(/; (\d+) of \d+ releases from \.bundle-cache\//.exec(r.stderr)?.[1] ?? 0);
  return readTree(join(project, 'out', name, 'prod'));
}

const entries = async (kind: string) => (await readdir(join(project, '.bundle-cache', kind)).catch(() => [])).filter((f) => f.endsWith('.json'));

const edit = (file: string, change: (text: string) => string) => editFile(join(project, file), change);

describe('render cache', () => {
  it('--no-cache writes no cache; the first cached run fills it, the next reuses every release, byte-identical', async () => {
    expect(await entries('render')).toEqual([]);
    expect(await render('fill')).toEqual(cold);
    expect(lastCached).toBe(0);
    expect(await entries('render')).toHaveLength(RELEASES);
    expect(await entries('values')).toHaveLength(RELEASES);
    for (const c of ['1', '4']) {
      expect(await render(`warm-${c}`, '--concurrency', c)).toEqual(cold);
      expect(lastCached).toBe(RELEASES);
    }
  });

  // Each change: the cached run must write what an uncached run writes, and the change must show in the output.
  const changes: Array<[string, string, (t: string) => string, number]> = [
    ['a chart template', 'charts/web/templates/service-headless.yaml', (t) => t.replace(/^metadata:$/m, 'metadata:\n  annotations: { edited: "1" }'), 1],
    ['a values layer', 'overlays/prod/values/web.yaml', (t) => t.replace(/^replicas: 2$/m, 'replicas: 3'), 1],
    ['a base values layer', 'overlays/base/values/keepalived.yaml', (t) => t.replace('virtualRouterId: 51', 'virtualRouterId: 52'), 1],
    ['an env fact', 'overlays/prod/env.yaml', (t) => t.replace('ingressVIP: 192.168.40.199', 'ingressVIP: 192.168.40.198'), 0],
  ];
  for (const [what, file, change, minCached] of changes) {
    it(`never serves a release whose inputs changed: ${what}`, async () => {
      const restore = await edit(file, change);
      try {
        const cached = await render('changed');
        expect(lastCached).toBeLessThan(RELEASES);
        expect(lastCached).toBeGreaterThanOrEqual(minCached);
        const uncached = await render('changed-uncached', '--no-cache');
        expect(cached).toEqual(uncached);
        expect(cached).not.toEqual(cold);
      } finally {
        await restore();
      }
    });
  }

  it('never serves a release whose inputs changed: the library chart, once vendored again (bundle deps)', async () => {
    // Charts render the vendored archive (charts/<chart>/charts/common-<version>.tgz), not charts/common itself.
    const vendored = (await readdir(join(project, 'charts')))
      .flatMap((c) => [`charts/${c}/charts/common-0.1.0.tgz`, `charts/${c}/Chart.lock`])
      .filter((f) => existsSync(join(project, f)));
    const originals = await Promise.all(vendored.map((f) => readFile(join(project, f))));
    const restore = await edit('charts/common/templates/_labels.tpl', (t) =>
      t.replace('app.kubernetes.io/managed-by: {{ $ctx.Release.Service }}', 'app.kubernetes.io/managed-by: {{ $ctx.Release.Service }}-edited'),
    );
    try {
      expect(await render('library-edited')).toEqual(cold);
      const deps = await bundle(['deps'], { cwd: project });
      expect(deps.exitCode, deps.stderr).toBe(0);
      const cached = await render('library-vendored');
      expect(lastCached).toBeLessThan(RELEASES);
      expect(cached).toEqual(await render('library-vendored-uncached', '--no-cache'));
      expect(cached).not.toEqual(cold);
    } finally {
      await restore();
      await Promise.all(vendored.map((f, i) => writeFile(join(project, f), originals[i]!)));
    }
  });

  it('keys a release on its own --set* flags (a --set-file by the file\'s content) and on --skip-tests', async () => {
    const file = join(project, 'name.txt');
    await writeFile(file, 'web-a');
    const withFile = async (name: string, ...args: string[]) => render(name, '--set-file', `web:nameOverride=${file}`, ...args);
    const a = await withFile('set-file-a');
    expect(await withFile('set-file-a-warm')).toEqual(a);
    expect(lastCached).toBe(RELEASES);
    await writeFile(file, 'web-b');
    const b = await withFile('set-file-b');
    expect(lastCached).toBe(RELEASES - 1);
    expect(b).toEqual(await withFile('set-file-b-uncached', '--no-cache'));
    expect(b).not.toEqual(a);
    await render('skip-tests-fill');
    const skipped = await render('skip-tests', '--skip-tests');
    expect(lastCached).toBeLessThan(RELEASES);
    expect(skipped).toEqual(await render('skip-tests-uncached', '--skip-tests', '--no-cache'));
    expect(skipped).not.toEqual(cold);
  });

  it("checks a cached release again when a CRD the env declares changes (the schema verdicts' key holds it)", async () => {
    const sealed = ['--set', 'tomcat:tlsIngress.enabled=true', '--set-json', 'tomcat:tlsIngress.sealedSecret.encryptedData={"tls.crt":"AgB","tls.key":"AgC"}'];
    await render('sealed-fill', ...sealed);
    await render('sealed-warm', ...sealed);
    expect(lastCached).toBe(RELEASES);
    const restore = await edit('overlays/base/crds/sealedsecrets.bitnami.com.yaml', (t) =>
      t.replace('encryptedData: { type: object, additionalProperties: { type: string }', 'encryptedData: { type: object, additionalProperties: { type: integer }'),
    );
    try {
      const r = await bundle(['render', 'env/prod', '--out', 'out/sealed-bad', ...sealed], { cwd: project });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/SealedSecret .*encryptedData/);
    } finally {
      await restore();
    }
  });

  it('finds the entries of the original inputs again once every change is undone', async () => {
    expect(await render('restored')).toEqual(cold);
    expect(lastCached).toBe(RELEASES);
  });

  it('reports the findings of an uncached run when nothing changed, and a changed waiver at once', async () => {
    const findings = () => lastStderr.split('\n').filter((l) => !l.startsWith('wrote '));
    await render('findings-cold', '--no-cache');
    const cold = findings();
    expect(cold.some((l) => l.startsWith('waived'))).toBe(true);
    await render('findings-fill');
    await render('findings-warm');
    expect(lastCached).toBe(RELEASES);
    expect(findings()).toEqual(cold);
    const restore = await edit('overlays/prod/env.yaml', (t) => t.replace('the course runs fluentd:latest (§14.3)', 'the course runs fluentd:latest (edited)'));
    try {
      await render('findings-edited');
      expect(lastStderr).toContain('waived: the course runs fluentd:latest (edited)');
    } finally {
      await restore();
    }
  });

  it('validates values again when they or the schema change, and never caches values that failed', async () => {
    const restore = await edit('overlays/prod/values/web.yaml', (t) => t.replace(/^replicas: 2$/m, 'replicas: two'));
    try {
      const r = await bundle(['render', 'env/prod', '--out', 'out/bad'], { cwd: project });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/overlays\/prod\/values\/web\.yaml:2:11.*\/replicas/);
    } finally {
      await restore();
    }
    const restoreSchema = await edit('charts/web/values.schema.json', (t) =>
      t.replace('above 1 the chart adds a PodDisruptionBudget.",\n      "type": "integer",', 'above 1 the chart adds a PodDisruptionBudget.",\n      "maximum": 1,\n      "type": "integer",'),
    );
    try {
      const r = await bundle(['render', 'env/prod', '--out', 'out/bad'], { cwd: project });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/web\.yaml:2:11.*\/replicas.*1/);
    } finally {
      await restoreSchema();
    }
    expect(await render('valid-again')).toEqual(cold);
  });

  it('ignores and rewrites an entry that does not verify: a changed payload, another key\'s entry', async () => {
    const dir = join(project, '.bundle-cache/render');
    await rm(join(project, '.bundle-cache'), { recursive: true });
    await render('refill');
    const [a, b] = (await entries('render')).sort();
    const textA = await readFile(join(dir, a!), 'utf8');
    const textB = await readFile(join(dir, b!), 'utf8');
    // A payload edited behind the header's back (its sha256 no longer matches) …
    await writeFile(join(dir, a!), textA.replace(/"kind":"(\w+)"/, '"kind":"$1x"'));
    // … and an entry stored under another key's name (its header names another key).
    await writeFile(join(dir, b!), textA);
    expect(await render('tampered')).toEqual(cold);
    expect(lastCached).toBe(RELEASES - 2);
    expect(await readFile(join(dir, a!), 'utf8')).toBe(textA);
    expect(await readFile(join(dir, b!), 'utf8')).toBe(textB);
  });

  it('renders without the cache, with one warning, when .bundle-cache is not a folder', async () => {
    await rm(join(project, '.bundle-cache'), { recursive: true, force: true });
    await writeFile(join(project, '.bundle-cache'), 'not a folder\n');
    try {
      expect(await render('unwritable')).toEqual(cold);
      expect(lastStderr.match(/warning: cache .*\.bundle-cache cannot be written/g)).toHaveLength(1);
    } finally {
      await rm(join(project, '.bundle-cache'), { force: true });
    }
  });

  it('renders without the cache, with one warning, when the cache file system is full', async (ctx) => {
    const mountpoint = join(project, '.bundle-cache');
    const bin = join(repoRoot, 'bin/bundle.js');
    // A real full file system: 8 KiB of tmpfs in a private mount namespace (needs root; skipped where mounts are refused).
    const script = `mkdir -p '${mountpoint}' && mount -t tmpfs -o size=8k tmpfs '${mountpoint}' && exec node '${bin}' render env/prod --out out/full`;
    const probe = spawnSync('unshare', ['-m', 'sh', '-c', `mount -t tmpfs -o size=8k tmpfs '${join(project, 'out')}'`]);
    if (probe.status !== 0) ctx.skip();
    const r = spawnSync('unshare', ['-m', 'sh', '-c', script], { cwd: project, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr.match(/warning: cache .*\.bundle-cache cannot be written \(ENOSPC\)/g)).toHaveLength(1);
    expect(await readTree(join(project, 'out/full/prod'))).toEqual(cold);
  });

  it('bundle cache clear removes it; the next run renders every release', async () => {
    await render('refill');
    const r = await bundle(['cache', 'clear'], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await entries('render')).toEqual([]);
    expect(await render('after-clear')).toEqual(cold);
    expect(lastCached).toBe(0);
  });

  it('the CLI run from dist/ modules (no bundle) writes what the bundled CLI writes', async () => {
    const main = join(repoRoot, 'dist/cli/main.js');
    execFileSync('node', ['--input-type=module', '-e', `const { main } = await import(${JSON.stringify(main)}); await main(process.argv.slice(0, 1).concat(['x', 'render', 'env/prod', '--out', 'out/modules', '--no-cache']));`], {
      cwd: project,
      stdio: 'ignore',
    });
    expect(await readTree(join(project, 'out/modules/prod'))).toEqual(cold);
  });
});
