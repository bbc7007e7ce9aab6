// What a killed or interrupted run leaves behind. SIGINT/SIGTERM run the registered cleanups (temp dirs, half-done
// output, locks) and exit as the signal would have; SIGKILL runs nothing, so temp dirs carry their process id and the
// next run removes those whose process is gone.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';

const cleanups = new Set<() => void>();
let installed = false;

/** Run every registered cleanup (latest first) and exit with `code`. */
export function exitAfterCleanup(code: number): never {
  for (const fn of [...cleanups].reverse()) {
    try {
      fn();
    } catch {
      // Best effort: the others still run, and the next run recovers what is left.
    }
  }
  process.exit(code);
}

function onSignal(signal: NodeJS.Signals): void {
  exitAfterCleanup(128 + (constants.signals[signal] ?? 0));
}

/** Run `fn` (synchronously) if the process is interrupted; returns the function that unregisters it. */
export function onInterrupt(fn: () => void): () => void {
  if (!installed) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    installed = true;
  }
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Whether process `pid` runs on this machine (EPERM: it does, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const TEMP = /^bundle-tmp-(\d+)-/;

/** A private temp dir named after this process, removed by `remove()` or on interruption. */
export function tempDir(purpose: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `bundle-tmp-${process.pid}-${purpose}-`));
  const remove = () => rmSync(path, { recursive: true, force: true });
  const unregister = onInterrupt(remove);
  return {
    path,
    remove() {
      unregister();
      remove();
    },
  };
}

/** Remove the temp dirs of runs that were killed (their process is gone). */
export function sweepStaleTempDirs(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(TEMP.exec(name)?.[1]);
    if (!pid || pid === process.pid || processAlive(pid)) continue;
    try {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    } catch {
      // Not ours (another user's) or going away meanwhile.
    }
  }
}
