// `bundle template` as a command, against `helm template` v3.17.3, for what the corpus cannot hold: irregular files,
// --dependency-update (which writes into the chart), standard input, `--engine helm`, the flags list, and the flags
// that need a cluster or a network (helm fails reaching them; bundle says it cannot do that offline).
import { execa } from 'execa';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findHelmBinary } from '../../src/engines/index.js';
import { readTgz } from '../../src/helm/tar.js';
import { bundle } from '../helpers/cli.js';
import { compareRuns, runHelm, runNative } from './harness.js';

const work = mkdtempSync(join(tmpdir(), 'template-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function writeChart(dir: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const SIMPLE = {
  'Chart.yaml': 'apiVersion: v2\nname: simple\nversion: 0.1.0\n',
  'values.yaml': 'a: 1\n',
  'templates/cm.yaml': 'a: {{ .Values.a }}\nns: {{ .Release.Namespace }}\n',
};

describe('bundle template against helm template', () => {
  it('names an irregular file (a FIFO) by its absolute path, as helm does', async () => {
    const dir = writeChart(join(work, 'fifo'), SIMPLE);
    await execa('mkfifo', [join(dir, 'templates', 'pipe.yaml')]);
    const r = compareRuns(await runHelm(['x', '.'], dir), await runNative(['x', '.'], dir));
    expect(r.equal, r.diff).toBe(true);
    expect(r.native.stderr).toContain(`cannot load irregular file ${dir}/templates/pipe.yaml as it has file mode type bits set`);
  });

  it('reads -f - and --set-file k=- from standard input', async () => {
    const dir = writeChart(join(work, 'stdin'), SIMPLE);
    const helm = findHelmBinary(3);
    for (const args of [['-f', '-'], ['--set-file', 'a=-']]) {
      const input = 'a: from-stdin\n';
      const h = await execa(helm, ['template', 'x', dir, ...args], { input, reject: false, env: { HOME: work } });
      const n = await execa('node', [join(import.meta.dirname, '../../bin/bundle.js'), 'template', 'x', dir, ...args], { input, reject: false });
      expect(n.stdout).toBe(h.stdout);
      expect(n.exitCode).toBe(h.exitCode);
    }
  });

  it('--dependency-update packages file:// and charts/ dependencies like helm, then finds them present', async () => {
    const make = (root: string) => {
      writeChart(join(root, 'lib'), {
        'Chart.yaml': 'apiVersion: v2\nname: lib\nversion: 0.2.1\ntype: library\n',
        'templates/_x.tpl': '{{ define "lib.x" }}from-lib {{ .Files.Get "files/f.txt" | trim }}{{ end }}\n',
        'files/f.txt': 'lib file\n',
        '.helmignore': 'ignored.txt\n',
        'ignored.txt': 'not packaged\n',
      });
      writeChart(join(root, 'parent'), {
        'Chart.yaml':
          'apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n- name: lib\n  version: "~0.2.0"\n  repository: file://../lib\n- name: local\n  version: 1.x\n',
        'templates/cm.yaml': 'a: {{ include "lib.x" . }}\nb: {{ .Values.local.v | default "none" }}\n',
        'charts/local/Chart.yaml': 'apiVersion: v2\nname: local\nversion: 1.2.3\n',
        'charts/local/values.yaml': 'v: local-value\n',
        'charts/local/templates/l.yaml': 'l: {{ .Values.v }}\n',
      });
      return join(root, 'parent');
    };
    const helmDir = make(join(work, 'dep-helm'));
    const nativeDir = make(join(work, 'dep-native'));
    // A dependency archive left from an earlier version: the update deletes it.
    const stale = writeChart(join(work, 'stale'), { 'Chart.yaml': 'apiVersion: v2\nname: old\nversion: 9.9.9\n' });
    for (const dir of [helmDir, nativeDir]) {
      await execa(findHelmBinary(3), ['package', stale, '-d', join(dir, 'charts')], { env: { HOME: work } });
    }
    // Without the flag both refuse; with it both update, render and leave the same packages behind.
    for (const args of [['x', '.'], ['x', '.', '--dependency-update'], ['x', '.', '--dependency-update']]) {
      const r = compareRuns(await runHelm(args, helmDir), await runNative(args, nativeDir));
      expect(r.equal, r.diff).toBe(true);
    }
    const listing = (dir: string) => readdirSync(join(dir, 'charts')).sort();
    expect(listing(nativeDir)).toEqual(listing(helmDir));
    const contents = (dir: string) =>
      readTgz(readFileSync(join(dir, 'charts', 'lib-0.2.1.tgz')))
        .filter((e) => e.type !== '5')
        .map((e) => e.name)
        .sort();
    expect(contents(nativeDir)).toEqual(contents(helmDir));
    const lock = (dir: string) => readFileSync(join(dir, 'Chart.lock'), 'utf8').replace(/generated: .*/, '');
    expect(lock(nativeDir)).toBe(lock(helmDir));
  });

  it('reports a dependency that would be downloaded as not possible offline', async () => {
    const dir = writeChart(join(work, 'dep-remote'), {
      ...SIMPLE,
      'Chart.yaml': 'apiVersion: v2\nname: simple\nversion: 0.1.0\ndependencies:\n- name: redis\n  version: 1.0.0\n  repository: https://charts.example.invalid\n',
    });
    const n = await runNative(['x', '.', '--dependency-update'], dir);
    expect(n.code).toBe(1);
    expect(n.stderr).toContain('Error: dependency "redis" comes from https://charts.example.invalid: downloading dependencies is not supported offline');
    expect(existsSync(join(dir, 'charts'))).toBe(false);
  });

  it.each([
    [['x', '.', '--validate'], '--validate checks the manifests against a cluster, which is not supported offline'],
    [['x', 'https://charts.example.invalid/c-1.0.0.tgz'], 'would be downloaded, which is not supported offline'],
    [['x', 'oci://registry.example.invalid/c'], 'would be downloaded, which is not supported offline'],
    [['x', 'c', '--repo', 'https://charts.example.invalid'], 'would be downloaded from the repository https://charts.example.invalid'],
    [['x', '.', '-f', 'https://example.invalid/v.yaml'], 'reading values from a URL is not supported offline'],
    [['x', '.', '--set-file', 'a=http://example.invalid/x'], 'failed parsing --set-file data: http://example.invalid/x: reading values from a URL'],
    [['x', '.', '--dry-run=server', '--set', 'lookup=true'], 'error calling lookup: lookup against a cluster (--dry-run=server) is not supported offline'],
    [['x', '.', '--enable-dns', '--set', 'dns=true'], 'error calling getHostByName: resolving names (--enable-dns) is not supported offline'],
    // tpl renders with the render's functions, not the defaults.
    [['x', '.', '--dry-run=server', '--set', 'tplLookup=true'], 'error calling lookup: lookup against a cluster (--dry-run=server) is not supported offline'],
  ])('needs a cluster or the network: %j fails with a clear message', async (args, message) => {
    const dir = writeChart(join(work, 'offline'), {
      ...SIMPLE,
      'templates/x.yaml': '{{ if .Values.lookup }}l: {{ lookup "v1" "Namespace" "" "" }}{{ end }}\n{{ if .Values.dns }}d: {{ getHostByName "example.com" }}{{ end }}\n' +
        '{{ if .Values.tplLookup }}t: {{ tpl "{{ lookup \\"v1\\" \\"Namespace\\" \\"\\" \\"\\" }}" . }}{{ end }}\n',
    });
    const n = await runNative(args, dir);
    expect(n.code).toBe(1);
    expect(n.stdout).toBe('');
    expect(n.stderr).toContain(message);
    expect(n.stderr).toMatch(/^Error: /m);
  });

  it('--engine helm runs helm with the arguments unchanged', async () => {
    const dir = writeChart(join(work, 'engine-helm'), { ...SIMPLE, 'templates/hook.yaml': 'kind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test\n' });
    const out = join(work, 'engine-helm-out');
    for (const args of [
      ['rel', dir, '-n', 'ns', '--set-json', 'a={"x":[1]}', '--skip-tests', '-a', 'x/v1,y/v1', '--dry-run', '-g=false'],
      ['rel', dir, '--output-dir', out, '--release-name', '--labels', 'a=b'],
      ['rel', dir, '--set', 'a=', '--no-hooks=false', '--kube-version', 'nope'],
      [dir, '--name-template', '{{ "n" }}-{{ 1 }}', '--devel', '--timeout', '5m'],
    ]) {
      rmSync(out, { recursive: true, force: true });
      const h = await execa(findHelmBinary(3), ['template', ...args], { reject: false, env: { HOME: work, PATH: process.env['PATH'] ?? '' } });
      rmSync(out, { recursive: true, force: true });
      const tools = process.env['BUNDLE_TOOLS_DIR'] ?? join(homedir(), '.cache', 'bundle-tools');
      const b = await bundle(['template', ...args, '--engine', 'helm'], { env: { HOME: work, BUNDLE_TOOLS_DIR: tools } });
      expect(b.stdout).toBe(h.stdout);
      expect(b.stderr).toBe(h.stderr);
      expect(b.exitCode).toBe(h.exitCode);
    }
  });

  it('--help lists every flag of helm template --help (v3.17.3)', async () => {
    const helmHelp = (await execa(findHelmBinary(3), ['template', '--help'], { env: { HOME: work } })).stdout;
    const ours = (await bundle(['template', '--help'])).stdout;
    const flags = (text: string) => new Set([...text.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]!));
    const missing = [...flags(helmHelp)].filter((f) => !flags(ours).has(f));
    expect(missing).toEqual([]);
    expect([...flags(ours)].filter((f) => !flags(helmHelp).has(f))).toEqual(['--engine']);
  });

  it('prints helm\'s error for no arguments and for an unknown flag (corpus flags-parse-errors has the rest)', async () => {
    const none = await bundle(['template']);
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toBe('Error: "bundle template" requires at least 1 argument\n\nUsage:  bundle template [NAME] [CHART] [flags]');
    const unknown = await bundle(['template', 'x', 'charts/cni', '--set-files', 'a=b']);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toBe('Error: unknown flag: --set-files');
  });
});

// The charts of this repository through `bundle template` (not the corpus): a packaged chart of ours renders as the
// directory does.
describe('packaged charts of this repository', () => {
  it('renders charts/cni from a .tgz made by helm package like from its directory', async () => {
    const pkgDir = join(work, 'pkg');
    mkdirSync(pkgDir, { recursive: true });
    const repo = join(import.meta.dirname, '../..');
    cpSync(join(repo, 'charts/cni'), join(work, 'cni'), { recursive: true, dereference: true });
    await execa(findHelmBinary(3), ['package', join(work, 'cni'), '-d', pkgDir], { env: { HOME: work } });
    const tgz = readdirSync(pkgDir).find((f) => f.endsWith('.tgz'))!;
    const args = ['cni', '--set', 'interface=eth0,podCIDR=10.244.0.0/16', '--include-crds'];
    const fromTgz = compareRuns(await runHelm([...args.slice(0, 1), join(pkgDir, tgz), ...args.slice(1)], work), await runNative([...args.slice(0, 1), join(pkgDir, tgz), ...args.slice(1)], work));
    expect(fromTgz.equal, fromTgz.diff).toBe(true);
    const fromDir = await runNative([...args.slice(0, 1), join(work, 'cni'), ...args.slice(1)], work);
    expect(fromTgz.native.stdout).toBe(fromDir.stdout);
  });
});
