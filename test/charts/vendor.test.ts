// Vendored `file://../common`: every chart carries the library as helm's own `dependency update` writes it (an archive
// under charts/ plus Chart.lock), never as a symlink; `bundle deps --check` finds stale copies without helm, `bundle
// deps` renews them with helm, and helm agrees with both verdicts.
import { execa } from 'execa';
import { existsSync, readdirSync } from 'node:fs';
import { appendFile, cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findHelmBinary } from '../../src/engines/index.js';
import { bundle, repoRoot } from '../helpers/cli.js';

const chartsDir = join(repoRoot, 'charts');
const charts = readdirSync(chartsDir).filter((c) => existsSync(join(chartsDir, c, 'Chart.yaml')) && c !== 'common');

async function helm(args: string[], cwd?: string) {
  const home = await mkdtemp(join(tmpdir(), 'bundle-vendor-home-'));
  const r = await execa(findHelmBinary(3), args, { cwd, reject: false, extendEnv: false, env: { HOME: home, PATH: '/usr/bin:/bin' } });
  await rm(home, { recursive: true, force: true });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

describe('the committed charts', () => {
  it('hold no symlink (clones without symlink support, plain archives)', async () => {
    const ls = await execa('git', ['ls-files', '-s', '--', 'charts'], { cwd: repoRoot });
    const links = ls.stdout.split('\n').filter((l) => l.startsWith('120000 '));
    expect(links).toEqual([]);
  });

  it('vendor common as charts/common-0.1.0.tgz with a Chart.lock, and `bundle deps --check` agrees', async () => {
    for (const c of charts) {
      expect(readdirSync(join(chartsDir, c, 'charts')), c).toEqual(['common-0.1.0.tgz']);
      expect(existsSync(join(chartsDir, c, 'Chart.lock')), c).toBe(true);
    }
    const r = await bundle(['deps', '--check']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${charts.length} charts: vendored dependencies up to date`);
  });

  it('are what helm expects: `helm dependency list` says ok, `helm lint` finds no symlink', async () => {
    for (const c of ['web', 'ingress-nginx']) {
      const list = await helm(['dependency', 'list', join(chartsDir, c)]);
      expect(list.exitCode, list.stderr).toBe(0);
      expect(list.stdout).toMatch(/^common\s+0\.1\.0\s+file:\/\/\.\.\/common\s+ok\s*$/m);
      const lint = await helm(['lint', '--strict', join(chartsDir, c)]);
      expect(lint.exitCode, lint.stdout).toBe(0);
      expect(`${lint.stdout}${lint.stderr}`).not.toMatch(/symbolic link/);
    }
  });

  it('work from a plain archive: `helm package` output renders as the folder does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bundle-vendor-pkg-'));
    const pkg = await helm(['package', join(chartsDir, 'web'), '--destination', dir]);
    expect(pkg.exitCode, pkg.stderr).toBe(0);
    const args = ['template', 'web', '--namespace', 'web', '-f', join(chartsDir, 'web/ci', readdirSync(join(chartsDir, 'web/ci'))[0]!)];
    const fromDir = await helm([...args.slice(0, 2), join(chartsDir, 'web'), ...args.slice(2)]);
    const fromArchive = await helm([...args.slice(0, 2), join(dir, 'web-0.1.0.tgz'), ...args.slice(2)]);
    expect(fromDir.exitCode, fromDir.stderr).toBe(0);
    expect(fromArchive.stdout).toBe(fromDir.stdout);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('bundle deps on a copy of charts/', () => {
  let root: string;
  const copy = (...p: string[]) => join(root, 'charts', ...p);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'bundle-vendor-'));
    await cp(chartsDir, join(root, 'charts'), { recursive: true });
  });

  it('names every stale copy after an edit of the library, renews them with helm, and helm then agrees', async () => {
    await appendFile(copy('common/templates/_names.tpl'), '\n{{- define "common.vendorTest" -}}x{{- end }}\n');
    const stale = await bundle(['deps', '--check'], { cwd: root });
    expect(stale.exitCode).toBe(1);
    for (const c of charts) expect(stale.stderr).toContain(`charts/${c}/charts/common-0.1.0.tgz: stale: differs from ../common; run \`bundle deps\``);
    // helm itself does not notice (it trusts the archive): that is what the check is for.
    const renew = await bundle(['deps', 'web', 'tomcat'], { cwd: root });
    expect(renew.exitCode, renew.stderr).toBe(0);
    const still = await bundle(['deps', '--check'], { cwd: root });
    expect(still.stderr).not.toContain('charts/web/');
    expect(still.stderr).not.toContain('charts/tomcat/');
    expect(still.stderr).toContain('charts/cni/charts/common-0.1.0.tgz: stale');
    const all = await bundle(['deps'], { cwd: root });
    expect(all.exitCode, all.stderr).toBe(0);
    expect((await bundle(['deps', '--check'], { cwd: root })).exitCode).toBe(0);
    // `helm dependency build` accepts the lock (it refuses one out of sync) and packs what `bundle deps` vendored.
    const build = await helm(['dependency', 'build', copy('web')]);
    expect(build.exitCode, build.stderr).toBe(0);
    expect((await bundle(['deps', '--check', 'web'], { cwd: root })).exitCode).toBe(0);
  });

  it('refuses a symlink, a missing archive and a Chart.lock out of sync with Chart.yaml, as helm would', async () => {
    await rm(copy('canary/charts/common-0.1.0.tgz'));
    await symlink('../../common', copy('canary/charts/common'));
    await rm(copy('probes/charts/common-0.1.0.tgz'));
    const chartYaml = await readFile(copy('pods/Chart.yaml'), 'utf8');
    await writeFile(copy('pods/Chart.yaml'), chartYaml.replace('version: 0.1.0\n    repository', 'version: "~0.1.0"\n    repository'));
    const r = await bundle(['deps', '--check'], { cwd: root });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('charts/canary/charts/common: a symlink to ../common: vendor it as charts/common-0.1.0.tgz');
    expect(r.stderr).toContain('charts/probes/charts/common-0.1.0.tgz: missing: common 0.1.0 from ../common is not vendored');
    expect(r.stderr).toContain('charts/pods/Chart.lock: out of sync with Chart.yaml (digest)');
    // helm's own verdict on the lock.
    const build = await helm(['dependency', 'build', copy('pods')]);
    expect(build.exitCode).not.toBe(0);
    expect(build.stderr).toMatch(/out of sync/);
    const fix = await bundle(['deps'], { cwd: root });
    expect(fix.exitCode, fix.stderr).toBe(0);
    expect(readdirSync(copy('canary/charts'))).toEqual(['common-0.1.0.tgz']);
    expect((await bundle(['deps', '--check'], { cwd: root })).exitCode).toBe(0);
    expect((await helm(['dependency', 'build', copy('pods')])).exitCode).toBe(0);
  });
});
