// Faults while writing the output, with real processes and real signals: the folder always holds one complete tree
// (the previous or the new one), a killed run is recovered by the next, an interrupted one cleans up after itself,
// two runs on one folder take turns, and a read-only folder fails before anything moves.
import { execa, type ResultPromise } from 'execa';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { addObjectsChart, bundle, copyFixture, readTree, repoRoot, writeEnv } from '../helpers/cli.js';

let project: string;
const bin = join(repoRoot, 'bin/bundle.js');

/** Two versions of a 1,500-object env, so that writing takes a while and a change adds, changes and removes files. */
const versions = {
  a: { objects: Array.from({ length: 1500 }, (_, i) => ({ name: `cm-${i}`, data: { v: 'a' } })) },
  b: { objects: Array.from({ length: 1400 }, (_, i) => ({ name: `cm-${i + 50}`, data: { v: 'b' } })) },
};

async function useVersion(v: keyof typeof versions): Promise<void> {
  await writeFile(join(project, 'overlays/big/values/big.yaml'), JSON.stringify(versions[v]));
}

function start(args: string[]): ResultPromise<{ reject: false; cwd: string; env: { NO_COLOR: string } }> {
  return execa('node', [bin, ...args], { cwd: project, reject: false, env: { NO_COLOR: '1' } });
}

/** Entries of `dir` left by runs: staging/retired folders and locks of env `env`. */
async function debris(dir: string, env: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.startsWith(`.${env}.`));
}

async function tempDirsOf(pid: number | undefined): Promise<string[]> {
  return (await readdir(tmpdir())).filter((n) => n.startsWith(`bundle-tmp-${pid}-`));
}

async function waitFor(what: string, test: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

let refs: Record<'a' | 'b', Map<string, string>>;

beforeAll(async () => {
  project = await copyFixture('project');
  await addObjectsChart(project);
  await writeEnv(project, 'big', '  - name: big\n    chart: objects\n    namespace: big\n');
  refs = { a: new Map(), b: new Map() };
  for (const v of ['a', 'b'] as const) {
    await useVersion(v);
    const r = await bundle(['render', 'env/big', '--out', `ref-${v}`], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    refs[v] = await readTree(join(project, `ref-${v}/big`));
  }
}, 60_000);

/** The tree of `out/big` without the foreign file the tests keep there (which must always be there). */
async function ownedTree(out: string): Promise<Map<string, string>> {
  const tree = await readTree(join(project, out, 'big'));
  expect(tree.get('notes/keep.txt')).toBe('kept by hand\n');
  tree.delete('notes/keep.txt');
  return tree;
}

async function freshOutput(out: string, v: keyof typeof versions): Promise<void> {
  await useVersion(v);
  const r = await bundle(['render', 'env/big', '--out', out], { cwd: project });
  expect(r.exitCode, r.stderr).toBe(0);
  await mkdir(join(project, out, 'big/notes'), { recursive: true });
  await writeFile(join(project, out, 'big/notes/keep.txt'), 'kept by hand\n');
}

describe('a run that died', () => {
  it('in the middle of its swap (previous tree retired, new one not yet in place) is undone by the next run', async () => {
    await freshOutput('swap', 'a');
    const out = join(project, 'swap');
    const stamp = Date.now().toString(36);
    await rename(join(out, 'big'), join(out, `.big.old-${stamp}-999999`));
    await mkdir(join(out, `.big.new-${stamp}-999999/big`), { recursive: true });
    await writeFile(join(out, `.big.new-${stamp}-999999/big/configmap-cm-0.yaml`), 'half');
    await useVersion('b');
    const r = await bundle(['render', 'env/big', '--out', 'swap'], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/restored .*swap\/big from \.big\.old-/);
    expect(await ownedTree('swap')).toEqual(refs.b);
    expect(await debris(out, 'big')).toEqual([]);
  });

  it("leaves staging folders and temp dirs that the next run removes; a dead run's lock is taken over", async () => {
    await freshOutput('stale', 'a');
    const out = join(project, 'stale');
    const gone = execa('node', ['-e', 'process.exit(0)']);
    await gone;
    const dead = gone.pid!;
    await mkdir(join(out, `.big.new-${Date.now().toString(36)}-${dead}/big`), { recursive: true });
    await writeFile(join(out, '.big.lock'), JSON.stringify({ pid: dead, host: (await import('node:os')).hostname(), since: 'then' }));
    const temp = join(tmpdir(), `bundle-tmp-${dead}-publish-abcdef`);
    await mkdir(join(temp, 'clone'), { recursive: true });
    const r = await bundle(['render', 'env/big', '--out', 'stale', '--lock-timeout', '2'], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await debris(out, 'big')).toEqual([]);
    expect(existsSync(temp)).toBe(false);
  });
});

describe('two runs on one folder', () => {
  it('take turns: the second waits with a message, or gives up clearly after --lock-timeout', async () => {
    await freshOutput('shared', 'a');
    await useVersion('b');
    const first = start(['render', 'env/big', '--out', 'shared']);
    const lock = join(project, 'shared/.big.lock');
    await waitFor('the first run to take the lock', async () => existsSync(lock) && (await readFile(lock, 'utf8').catch(() => '')).includes('}'));
    process.kill(first.pid!, 'SIGSTOP');
    try {
      const impatient = await bundle(['render', 'env/big', '--out', 'shared', '--lock-timeout', '1'], { cwd: project });
      expect(impatient.exitCode).toBe(1);
      expect(impatient.stderr).toMatch(new RegExp(`shared/big is locked by another bundle run \\(pid ${first.pid} on `));
      const second = start(['render', 'env/big', '--out', 'shared']);
      let waited = '';
      second.stderr!.on('data', (d: Buffer) => (waited += d.toString()));
      await waitFor('the second run to wait', () => waited.includes('waiting for another bundle run'));
      process.kill(first.pid!, 'SIGCONT');
      const [a, b] = await Promise.all([first, second]);
      expect(a.exitCode, a.stderr).toBe(0);
      expect(b.exitCode, b.stderr).toBe(0);
      expect(b.stderr).toMatch(/0 added, 0 changed, 0 removed, 1401 unchanged/);
    } finally {
      if (first.exitCode === null) process.kill(first.pid!, 'SIGCONT');
    }
    expect(await ownedTree('shared')).toEqual(refs.b);
    expect(await debris(join(project, 'shared'), 'big')).toEqual([]);
  }, 60_000);
});

describe('signals', () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal} while writing: exit ${code}, previous tree in place, nothing left behind`, async () => {
      await freshOutput(`sig-${signal}`, 'a');
      await useVersion('b');
      const out = join(project, `sig-${signal}`);
      const run = start(['render', 'env/big', '--out', `sig-${signal}`]);
      await waitFor('the write phase', async () => (await debris(out, 'big')).some((n) => n.includes('.new-')));
      run.kill(signal);
      const r = await run;
      expect(r.exitCode, r.stderr).toBe(code);
      expect(await debris(out, 'big')).toEqual([]);
      expect(await tempDirsOf(run.pid)).toEqual([]);
      expect(await ownedTree(`sig-${signal}`)).toEqual(refs.a);
    }, 60_000);
  }
});

describe('SIGKILL at random points', () => {
  it('the folder always holds a complete tree, and the next run completes the change', async () => {
    await freshOutput('killed', 'a');
    const out = join(project, 'killed');
    const rounds = Number(process.env.KILL_N ?? 10);
    let current: 'a' | 'b' = 'a';
    for (let i = 0; i < rounds; i++) {
      const next: 'a' | 'b' = current === 'a' ? 'b' : 'a';
      await useVersion(next);
      const run = start(['render', 'env/big', '--out', 'killed']);
      // Half the rounds die anywhere in the run, half somewhere in the write phase.
      if (i % 2 === 0) await sleep(Math.random() * 1200);
      else {
        await waitFor('the write phase', async () => (await debris(out, 'big')).some((n) => n.includes('.new-')) || run.exitCode !== null);
        await sleep(Math.random() * 300);
      }
      run.kill('SIGKILL');
      await run;
      if (existsSync(join(out, 'big'))) {
        const tree = await ownedTree('killed');
        expect([refs.a, refs.b].some((ref) => JSON.stringify([...ref]) === JSON.stringify([...tree])), `round ${i}: a partial tree`).toBe(true);
      } else {
        expect((await debris(out, 'big')).some((n) => n.includes('.old-')), `round ${i}: no tree at all`).toBe(true);
      }
      const r = await bundle(['render', 'env/big', '--out', 'killed'], { cwd: project });
      expect(r.exitCode, `round ${i}: ${r.stderr}`).toBe(0);
      expect(await ownedTree('killed')).toEqual(refs[next]);
      expect(await debris(out, 'big')).toEqual([]);
      expect(await tempDirsOf(run.pid)).toEqual([]);
      current = next;
    }
  }, 180_000);
});

describe('a read-only output folder', () => {
  it('fails before anything moves: exit 1, named, previous tree untouched, nothing left behind', async () => {
    const unprivileged = process.getuid?.() === 0;
    await freshOutput('readonly', 'a');
    await useVersion('b');
    const out = join(project, 'readonly');
    if (unprivileged) {
      // Root ignores file modes: run the CLI as nobody, on a project nobody owns.
      await execa('chown', ['-R', '65534:65534', project]);
    }
    await chmod(join(out, 'big'), 0o555);
    try {
      const cmd = unprivileged ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : [process.execPath];
      const r = await execa(cmd[0]!, [...cmd.slice(1), bin, 'render', 'env/big', '--out', 'readonly'], { cwd: project, reject: false, env: { NO_COLOR: '1' } });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/readonly\/big cannot be replaced: .*readonly\/big \(EACCES\) is not writable/);
      expect(await ownedTree('readonly')).toEqual(refs.a);
      expect(await debris(out, 'big')).toEqual([]);
    } finally {
      await chmod(join(out, 'big'), 0o755);
      if (unprivileged) await execa('chown', ['-R', '0:0', project]);
    }
  }, 60_000);
});
