// `bundle affected --since <ref>` on a git repository holding a copy of this project (charts with their links to the
// library chart, overlays, Argo CD bootstrap): each kind of change names exactly the envs and releases it touches.
import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync } from 'node:fs';
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundle, repoRoot } from '../helpers/cli.js';

let project: string;
const sh = (...args: string[]) => execFileSync('git', args, { cwd: project, stdio: 'pipe' }).toString();

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'bundle-affected-'));
  for (const dir of ['charts', 'overlays', 'argocd']) {
    await cp(join(repoRoot, dir), join(project, dir), { recursive: true, verbatimSymlinks: true });
  }
  await writeFile(join(project, 'README.md'), '# copy\n');
  sh('init', '-q', '-b', 'main');
  sh('add', '-A');
  sh('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'base');
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

afterEach(() => {
  // Back to the committed tree, untracked files included.
  sh('checkout', '-q', '--', '.');
  sh('clean', '-qfd');
});

interface Report {
  envs: Array<{ env: string; all: boolean; reasons: string[]; releases: Array<{ name: string; reasons: string[] }> }>;
}

async function affected(): Promise<Report> {
  const r = await bundle(['affected', '--since', 'HEAD', '-o', 'json'], { cwd: project });
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

/** "env/release" for every touched release. */
const touched = (report: Report) => report.envs.flatMap((e) => e.releases.map((r) => `${e.env}/${r.name}`)).sort();

const edit = async (file: string, change: (t: string) => string) => {
  const path = join(project, file);
  const text = await readFile(path, 'utf8');
  expect(change(text)).not.toBe(text);
  await writeFile(path, change(text));
};

describe('bundle affected --since', () => {
  it('names nothing when nothing changed, or only files no render reads', async () => {
    expect((await affected()).envs).toEqual([]);
    await appendFile(join(project, 'README.md'), 'more\n');
    expect((await affected()).envs).toEqual([]);
  });

  it('a chart template: the releases of that chart in every env', async () => {
    await appendFile(join(project, 'charts/web/templates/pdb.yaml'), '\n# edited\n');
    const report = await affected();
    expect(touched(report)).toEqual(['dev/web', 'prod/web']);
    expect(report.envs[0]!.releases[0]!.reasons).toEqual(['charts/web/templates/pdb.yaml']);
  });

  it('an untracked file in a chart counts as a change', async () => {
    await writeFile(join(project, 'charts/web/templates/extra.yaml'), '# new\n');
    expect(touched(await affected())).toEqual(['dev/web', 'prod/web']);
  });

  it('the library chart: every release whose chart links it', async () => {
    await appendFile(join(project, 'charts/common/templates/_labels.tpl'), '\n{{/* edited */}}\n');
    const report = await affected();
    // A chart reaches the library through a link (charts/common) or a file:// dependency (vendored as a .tgz).
    const linking = (await readdir(join(project, 'charts'))).filter(
      (c) =>
        lstatSync(join(project, 'charts', c, 'charts/common'), { throwIfNoEntry: false })?.isSymbolicLink() ||
        /repository: ["']?file:\/\/\.\.\/common/.test(readFileSync(join(project, 'charts', c, 'Chart.yaml'), 'utf8')),
    );
    const prodEnv = await readFile(join(project, 'overlays/prod/env.yaml'), 'utf8');
    const releases = [...prodEnv.matchAll(/^ {2}- \{ name: ([\w-]+), chart: ([\w-]+)/gm)];
    const prod = report.envs.find((e) => e.env === 'prod')!;
    expect(prod.all).toBe(false);
    expect(prod.releases.map((r) => r.name).sort()).toEqual(releases.filter((m) => linking.includes(m[2]!)).map((m) => m[1]!).sort());
    expect(prod.releases.length).toBeGreaterThan(10);
    for (const r of prod.releases) expect(r.reasons).toEqual(['charts/common/templates/_labels.tpl']);
  });

  it('an env values file: that release of that env only, also when it is deleted', async () => {
    await edit('overlays/prod/values/web.yaml', (t) => t.replace(/^replicas: 2$/m, 'replicas: 3'));
    expect(touched(await affected())).toEqual(['prod/web']);
    await rm(join(project, 'overlays/prod/values/web.yaml'));
    expect(touched(await affected())).toEqual(['prod/web']);
  });

  it('a base values file: the release of that name in every env', async () => {
    await appendFile(join(project, 'overlays/base/values/keepalived.yaml'), '# edited\n');
    expect(touched(await affected())).toEqual(['dev/keepalived', 'prod/keepalived']);
  });

  it('a release entry of the env file: that release; a fact: every release of the env', async () => {
    await edit('overlays/prod/env.yaml', (t) => t.replace('{ name: web, chart: web, namespace: web, wave: 5,', '{ name: web, chart: web, namespace: web, wave: 6,'));
    expect(touched(await affected())).toEqual(['prod/web']);
    sh('checkout', '-q', '--', '.');
    await edit('overlays/prod/env.yaml', (t) => t.replace('ingressVIP: 192.168.40.199', 'ingressVIP: 192.168.40.198'));
    const report = await affected();
    expect(report.envs.map((e) => [e.env, e.all])).toEqual([['prod', true]]);
    expect(report.envs[0]!.reasons).toEqual(['overlays/prod/env.yaml']);
  });

  it('a release taken out of the env: the env, to prune its files', async () => {
    await edit('overlays/prod/env.yaml', (t) => t.replace(/^ {2}- \{ name: web, .*\n/m, ''));
    await rm(join(project, 'overlays/prod/values/web.yaml'));
    const report = await affected();
    expect(report.envs).toEqual([{ env: 'prod', all: false, reasons: ['overlays/prod/env.yaml (release web removed)'], releases: [] }]);
  });

  it('the tool or the schemas: everything', async () => {
    await mkdir(join(project, 'schemas'));
    await writeFile(join(project, 'schemas/env.schema.json'), '{}\n');
    const report = await affected();
    expect(report.envs.map((e) => [e.env, e.all])).toEqual([['dev', true], ['prod', true]]);
  });

  it('refuses a ref that does not exist', async () => {
    const r = await bundle(['affected', '--since', 'no-such-ref'], { cwd: project });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/git ref "no-such-ref" not found/);
  });
});
