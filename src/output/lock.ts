// An advisory lock per output folder: `<out>/.<env>.lock`, created exclusively, holding its owner. A second run waits
// for it (or gives up after a timeout); a lock whose owner died (SIGKILL) is taken over.
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { processAlive } from '../process-cleanup.js';

interface Owner {
  pid: number;
  host: string;
  since: string;
}

export interface LockOptions {
  /** Give up after this long (milliseconds). */
  timeoutMs: number;
  /** Told once when the lock is held by another run. */
  onWait?: (holder: string) => void;
}

export class LockTimeoutError extends Error {}

export interface Lock {
  file: string;
  /** Whether the lock file is still ours (nobody took it over as stale). */
  held(): boolean;
  release(): void;
}

/** An owner whose lock file is being written right now has no content yet; after this long it never will. */
const UNREADABLE_GRACE_MS = 10_000;

function describe(owner: Owner | undefined): string {
  return owner ? `pid ${owner.pid} on ${owner.host}, since ${owner.since}` : 'a run that is starting';
}

function readOwner(file: string): { raw: string; owner?: Owner } | undefined {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const o = JSON.parse(raw) as Owner;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? { raw, owner: o } : { raw };
  } catch {
    return { raw };
  }
}

function isStale(file: string, seen: { raw: string; owner?: Owner }): boolean {
  if (seen.owner) return seen.owner.host === hostname() && !processAlive(seen.owner.pid);
  try {
    return Date.now() - statSync(file).mtimeMs > UNREADABLE_GRACE_MS;
  } catch {
    return false;
  }
}

/** Remove a stale lock file, making sure it is the one judged stale: it is first renamed away (only one run can),
 *  and a lock that turns out to be fresh (taken meanwhile) is put back. */
function breakStale(file: string, seen: string): void {
  const tomb = `${file}.stale-${process.pid}`;
  try {
    renameSync(file, tomb);
  } catch {
    return;
  }
  const moved = readFileSync(tomb, 'utf8');
  if (moved !== seen) {
    try {
      linkSync(tomb, file);
    } catch {
      // Someone else holds the lock now; the run whose lock was moved notices (held() is false) before it swaps.
    }
  }
  unlinkSync(tomb);
}

export async function acquireLock(outDir: string, env: string, opts: LockOptions): Promise<Lock> {
  const file = join(outDir, `.${env}.lock`);
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() } satisfies Owner);
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      try {
        writeSync(fd, mine);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const seen = readOwner(file);
    if (seen === undefined) continue;
    if (isStale(file, seen)) {
      breakStale(file, seen.raw);
      continue;
    }
    if (Date.now() - started >= opts.timeoutMs) {
      throw new LockTimeoutError(
        `${join(outDir, env)} is locked by another bundle run (${describe(seen.owner)}; lock file ${file}); gave up after ${Math.round(opts.timeoutMs / 1000)} s`,
      );
    }
    if (!told) opts.onWait?.(`waiting for another bundle run writing ${join(outDir, env)} (${describe(seen.owner)}; lock file ${file})`);
    told = true;
    await sleep(100);
  }
  const held = () => readOwner(file)?.raw === mine;
  return {
    file,
    held,
    release() {
      if (held()) unlinkSync(file);
    },
  };
}
