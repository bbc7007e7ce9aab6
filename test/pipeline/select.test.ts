// Selecting releases (-r/--release, -l/--selector) and per-release --set, on a copy of this repository: a subset is
// validated, rendered, written, compared and explained alone, never pruning the other releases' files, while the
// output checks still see the whole env; bad selections exit 1 with a did-you-mean and write nothing.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, readTree, repoRoot } from '../helpers/cli.js';

let project: string;
let full: Map<string, string>;
const values = (release: string) => join(project, 'overlays/prod/values', `${release}.yaml`);
const originals = new Map<string, string>();

async function editValues(release: string, edit: (text: string) => string) {
  if (!originals.has(release)) originals.set(release, await readFile(values(release), 'utf8'));
  await writeFile(values(release), edit(originals.get(release)!));
}

async function restoreValues() {
  for (const [release, text] of originals) await writeFile(values(release), text);
  originals.clear();
}

const owned = (tree: Map<string, string>) =>
  new Map(tree.get('.bundle-owned')!.split('\n').filter((l) => /^[0-9a-f]{64} {2}/.test(l)).map((l) => [l.slice(66), l.slice(0, 64)]));

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'bundle-select-'));
  for (const dir of ['charts', 'overlays', 'argocd']) await cp(join(repoRoot, dir), join(project, dir), { recursive: true });
  const r = await bundle(['render', 'env/prod'], { cwd: project });
  expect(r.exitCode, r.stderr).toBe(0);
  full = await readTree(join(project, 'rendered/prod'));
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe('render with a selection', () => {
  it('writes the selected releases only, keeping every other release\'s files and their records', async () => {
    await editValues('tomcat', (t) => t.replace('replicas: 2', 'replicas: 3'));
    await editValues('web', (t) => t.replace(/^replicas: 2$/m, 'replicas: 4'));
    try {
      const r = await bundle(['render', 'env/prod', '-r', 'tomcat', '-o', 'json'], { cwd: project });
      expect(r.exitCode, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.releases.map((x: any) => x.name)).toEqual(['tomcat']);
      expect(report.changed).toEqual(['tomcat/deployment-tomcat.yaml']);
      expect(report.removed).toEqual([]);
      const tree = await readTree(join(project, 'rendered/prod'));
      expect([...tree.keys()].sort()).toEqual([...full.keys()].sort());
      for (const [path, content] of tree) {
        if (path === 'tomcat/deployment-tomcat.yaml' || path === '.bundle-owned') continue;
        expect(content, path).toBe(full.get(path));
      }
      expect(parse(tree.get('tomcat/deployment-tomcat.yaml')!).spec.replicas).toBe(3);
      // web's edit is not written, and the record still holds web's files with their old hashes.
      const before = owned(full);
      const after = owned(tree);
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [path, hash] of after) if (path !== 'tomcat/deployment-tomcat.yaml') expect(hash, path).toBe(before.get(path));
      // The next full render writes web's edit and changes nothing else.
      const all = await bundle(['render', 'env/prod', '-o', 'json'], { cwd: project });
      // (web's DNS check Job looks up every pod name, so it changes with the replicas.)
      expect(JSON.parse(all.stdout).changed).toEqual(['web/job-web-dns-check.yaml', 'web/statefulset-web.yaml']);
    } finally {
      await restoreValues();
      expect((await bundle(['render', 'env/prod'], { cwd: project })).exitCode).toBe(0);
    }
  });

  it('leaves a hand edit in another release\'s file alone; the next full render still reports it as a conflict', async () => {
    const file = join(project, 'rendered/prod/web/service-nginx.yaml');
    const original = await readFile(file, 'utf8');
    await writeFile(file, `${original}# edited by hand\n`);
    try {
      const r = await bundle(['render', 'env/prod', '-r', 'tomcat'], { cwd: project });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(await readFile(file, 'utf8')).toBe(`${original}# edited by hand\n`);
      const all = await bundle(['render', 'env/prod'], { cwd: project });
      expect(all.exitCode).toBe(1);
      expect(all.stderr).toMatch(/web\/service-nginx\.yaml:1:1: changed since bundle wrote it/);
    } finally {
      await writeFile(file, original);
    }
  });

  it('-l selects by label (the env\'s and the implicit name, chart, namespace, wave); selectors and -r add up', async () => {
    const r = await bundle(['render', 'env/prod', '-l', 'tier=platform,wave!=2', '-r', 'web', '-o', 'json'], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).releases.map((x: any) => x.name)).toEqual(['cni', 'nfs-provisioner', 'keepalived', 'tenancy', 'web']);
    const chart = await bundle(['render', 'env/prod', '-l', 'chart=ingress-nginx', '-o', 'json'], { cwd: project });
    expect(JSON.parse(chart.stdout).releases.map((x: any) => x.name)).toEqual(['ingress-nginx', 'ingress-ngx-ds']);
  });
});

describe('the output checks see the whole env', () => {
  it('a node port clash with a release that is not selected is found (and tomcat\'s Ingress finds its IngressClass)', async () => {
    const clean = await bundle(['lint', 'env/prod', '-r', 'tomcat'], { cwd: project });
    expect(clean.exitCode, clean.stderr).toBe(0);
    expect(clean.stderr).toContain('prod (tomcat): no findings');
    await editValues('blue-green', (t) => t.replace('nodePort: 30062', 'nodePort: 30380'));
    try {
      for (const command of ['lint', 'render']) {
        const r = await bundle([command, 'env/prod', '-r', 'blue-green'], { cwd: project });
        expect(r.exitCode).toBe(1);
        expect(r.stderr).toMatch(/node-port .*release blue-green Service blue-green\/myapp.*30380/);
      }
      // Findings about releases outside the selection are not reported.
      const other = await bundle(['lint', 'env/prod', '-r', 'tomcat', '-o', 'json'], { cwd: project });
      expect(other.exitCode, other.stderr).toBe(0);
      expect(JSON.parse(other.stdout).filter((f: any) => f.waived === undefined)).toEqual([]);
      expect(await readTree(join(project, 'rendered/prod'))).toEqual(full);
    } finally {
      await restoreValues();
    }
  });
});

describe('validate, diff and explain with a selection', () => {
  it('validate checks the selected releases\' values only', async () => {
    await editValues('web', (t) => t.replace(/^replicas: 2$/m, 'replicas: many'));
    try {
      expect((await bundle(['validate', 'env/prod', '-r', 'tomcat'], { cwd: project })).exitCode).toBe(0);
      const r = await bundle(['validate', 'env/prod', '-l', 'tier=demo'], { cwd: project });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/overlays\/prod\/values\/web\.yaml:\d+:\d+: \[web\] \/replicas: /);
    } finally {
      await restoreValues();
    }
  });

  it('diff compares the selected releases\' files only', async () => {
    await editValues('tomcat', (t) => t.replace('replicas: 2', 'replicas: 3'));
    await editValues('web', (t) => t.replace(/^replicas: 2$/m, 'replicas: 4'));
    try {
      const r = await bundle(['diff', 'env/prod', '--against', 'rendered', '-l', 'name=web', '-o', 'json'], { cwd: project });
      expect(r.exitCode, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.summary).toEqual({ added: 0, removed: 0, changed: 2 });
      expect(report.releases.map((x: any) => x.release)).toEqual(['web']);
    } finally {
      await restoreValues();
    }
  });

  it('explain with -l explains the path for every selected release', async () => {
    const r = await bundle(['explain', 'env/prod', '-l', 'chart=ingress-nginx', 'controller.replicas', '-o', 'json'], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).map((x: any) => [x.release, x.value])).toEqual([['ingress-nginx', 2], ['ingress-ngx-ds', 1]]);
  });
});

describe('per-release --set', () => {
  it('--set <release>:<key>=<value> reaches that release only; a plain --set reaches every release', async () => {
    const r = await bundle(['render', 'env/prod', '-l', 'chart=ingress-nginx', '--set', 'ingress-nginx:controller.replicas=5', '--out', 'out-set'], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    const tree = await readTree(join(project, 'out-set/prod'));
    expect(parse(tree.get('ingress-nginx/deployment-ingress-nginx-controller.yaml')!).spec.replicas).toBe(5);
    expect(tree.get('ingress-ngx-ds/daemonset-ingress-ngx-ds-ingress-nginx-controller.yaml')).toBeDefined();
    const explain = await bundle(['explain', 'env/prod', 'ingress-nginx', 'controller.replicas', '--set', 'ingress-nginx:controller.replicas=5', '--set', 'web:replicas=1'], { cwd: project });
    expect(explain.stdout).toMatch(/--set\s+\(command line\)\s+5$/m);
    // A key no chart schema allows is refused for the release it was meant for, at that release.
    const strict = await bundle(['validate', 'env/prod', '--set', 'web:replicaz=1'], { cwd: project });
    expect(strict.exitCode).toBe(1);
    expect(strict.stderr).toMatch(/\[web\] \/replicaz: .*did you mean "replicas"/);
    expect(strict.stderr).not.toMatch(/\[tomcat\]/);
  });

  it('--set-string works per release too, and cluster facts stay refused', async () => {
    const r = await bundle(['explain', 'env/prod', 'tomcat', 'ingress.host', '--set-string', 'tomcat:ingress.host=x.example'], { cwd: project });
    expect(r.stdout).toMatch(/^tomcat ingress\.host = "x\.example"$/m);
    const facts = await bundle(['validate', 'env/prod', '--set', 'tomcat:global.cluster.podCIDR=10.0.0.0/16'], { cwd: project });
    expect(facts.exitCode).toBe(1);
    expect(facts.stderr).toMatch(/cluster facts come from overlays\/prod\/env\.yaml/);
  });
});

describe('per-release --set-json and --set-file', () => {
  it('reach one release, with helm\'s semantics: the native engine renders what helm renders for the same flags', async () => {
    await writeFile(join(project, 'my.cnf'), '[mysqld]\nserver-id=7,log_bin=on\n');
    const args = [
      '-r', 'config-demo', '-r', 'tomcat',
      '--set-json', 'tomcat:ingress={"enabled": true, "className": "nginx", "host": "json.example"}',
      '--set-file', 'config-demo:config.my\\.cnf=my.cnf',
    ];
    const native = await bundle(['render', 'env/prod', ...args, '--out', 'out-native'], { cwd: project });
    expect(native.exitCode, native.stderr).toBe(0);
    const helm = await bundle(['render', 'env/prod', ...args, '--engine', 'helm', '--out', 'out-helm'], { cwd: project });
    expect(helm.exitCode, helm.stderr).toBe(0);
    const tree = await readTree(join(project, 'out-native/prod'));
    expect(tree).toEqual(await readTree(join(project, 'out-helm/prod')));
    const ingress = parse(tree.get('tomcat/ingress-tomcat.yaml')!);
    expect(ingress.spec.rules[0].host).toBe('json.example');
    const cm = [...tree].find(([p, c]) => p.startsWith('config-demo/configmap-') && c.includes('server-id=7'));
    expect(cm?.[1]).toContain('server-id=7,log_bin=on');
    const explain = await bundle(['explain', 'env/prod', 'config-demo', 'config.my\\.cnf', '--set-file', 'config-demo:config.my\\.cnf=my.cnf', '-o', 'json'], { cwd: project });
    expect(JSON.parse(explain.stdout).layers.at(-1)).toMatchObject({ layer: '--set', value: '[mysqld]\nserver-id=7,log_bin=on\n' });
  });

  it('a missing --set-file file and invalid --set-json are errors naming the flag', async () => {
    const missing = await bundle(['validate', 'env/prod', '--set-file', 'config-demo:config.x=nope.txt'], { cwd: project });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('--set-file config-demo:config.x=nope.txt: open nope.txt: no such file or directory');
    const json = await bundle(['validate', 'env/prod', '--set-json', 'tomcat:ingress={"enabled": tru}'], { cwd: project });
    expect(json.exitCode).toBe(1);
    expect(json.stderr).toContain('--set-json tomcat:ingress={"enabled": tru}');
  });
});

describe('bad selections exit 1 with a did-you-mean and write nothing', () => {
  it.each([
    [['render', 'env/prod', '-r', 'tomcta'], 'env prod has no release "tomcta"; did you mean "tomcat"?'],
    [['render', 'env/prod', '-l', 'tier=platfrom'], '-l tier=platfrom matches no enabled release of env prod; did you mean tier=platform?'],
    [['render', 'env/prod', '-l', 'teir=demo'], 'no release has a label "teir": did you mean "tier"?'],
    [['lint', 'env/prod', '-l', 'tier=demo,wave!=5'], 'alone, tier=demo matches 6, wave!=5 matches 6'],
    [['render', 'env/prod', '-l', 'tier'], '"tier" is not a label condition: expected key=value or key!=value'],
    [['render', 'env/prod', '--set', 'tomact:replicas=1'], '--set tomact:replicas=1: "tomact" is no release of env prod; did you mean "tomcat"?'],
    [['diff', 'env/prod', '--against', 'rendered', '-r', 'webb'], 'env prod has no release "webb"; did you mean "web"?'],
    [['explain', 'env/prod', 'web', 'replicas', '-r', 'web'], 'with -r/-l, give the env and the values path only'],
  ])('%j', async (args, message) => {
    const r = await bundle(args, { cwd: project });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(await readTree(join(project, 'rendered/prod'))).toEqual(full);
  });
});
