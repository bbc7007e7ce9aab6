// The e2e control-plane helper itself: a server that is not ready fails with its log tail, and only the processes a
// run started are ever ended — on stop(), on SIGINT/SIGTERM, and (after a SIGKILL) by the next run's sweep.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { startCluster, sweepLeftovers, type TestCluster } from './cluster.js';
import { skipReason, tools } from './env.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const pidsOf = (dir: string) => readFileSync(join(dir, 'pids'), 'utf8').split('\n').map(Number);

/** A cluster in a process of its own (test/e2e/fixtures/hold-cluster.mjs), once it is ready. */
async function heldCluster(): Promise<{ child: ChildProcess; dir: string; pids: number[] }> {
  const child = spawn(process.execPath, [join(repoRoot, 'test/e2e/fixtures/hold-cluster.mjs'), join(repoRoot, 'test/e2e/cluster.ts'), tools.bin], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`hold-cluster exited (${code})`)));
  });
  const { dir } = JSON.parse(line);
  return { child, dir, pids: pidsOf(dir) };
}

async function waitUntil(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
  expect(check(), what).toBe(true);
}

describe.skipIf(skipReason)('e2e control plane helper', () => {
  let own: TestCluster;
  beforeAll(async () => {
    own = await startCluster({ bin: tools.bin, name: 'helper' });
  });
  afterAll(async () => own?.stop());
  const ownStillRuns = () => pidsOf(own.dir).every(alive);

  it('fails with the apiserver log tail when /readyz does not answer in time, leaving nothing behind', async () => {
    const err = await startCluster({ bin: tools.bin, name: 'unready', readyTimeoutMs: 3000, apiserverArgs: ['--etcd-servers=http://127.0.0.1:1'] }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toMatch(/^kube-apiserver \(unready\) (not ready within 3 s \(\/readyz\)|exited before \/readyz)/);
    expect(message).toMatch(/--- last lines of kube-apiserver\.log:\n.*127\.0\.0\.1:1/s);
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('bundle-e2e-cluster-unready-'))).toEqual([]);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('%s ends exactly the servers of that run', async (signal) => {
    const held = await heldCluster();
    expect(held.pids.every(alive)).toBe(true);
    held.child.kill(signal);
    await waitUntil(() => !held.pids.some(alive), 'its etcd and kube-apiserver are gone');
    expect(existsSync(held.dir)).toBe(false);
    expect(ownStillRuns()).toBe(true);
  });

  it("the next run's sweep ends a killed run's servers, and nothing it did not start", async () => {
    const held = await heldCluster();
    held.child.kill('SIGKILL');
    await new Promise((r) => held.child.once('exit', r));
    expect(held.pids.every(alive), 'a SIGKILL leaves the servers running').toBe(true);
    // A process recorded in the dir whose command line does not name it (a reused pid) must survive.
    const decoy = spawn('sleep', ['60'], { stdio: 'ignore' });
    appendFileSync(join(held.dir, 'pids'), `\n${decoy.pid}`);
    try {
      const swept = sweepLeftovers();
      expect(swept.map(Number).sort()).toEqual([...held.pids].sort());
      await waitUntil(() => !held.pids.some(alive), 'the leftover servers are gone');
      expect(alive(decoy.pid!)).toBe(true);
      expect(existsSync(held.dir)).toBe(false);
      expect(ownStillRuns()).toBe(true);
    } finally {
      decoy.kill();
    }
  });
});
