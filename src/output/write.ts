// Atomic write of an env's output: build the new tree beside the old one, carry over foreign files, then swap.
// Under a lock per output folder; what an interrupted run left (a half-done swap, staging folders) is recovered first.
// A file bundle does not own is never replaced, and an owned file edited by hand is never overwritten silently.
// Bulk file work is synchronous on purpose: thousands of small files one await at a time leave the CPU idle, and a
// CLI has nothing else to do meanwhile.
import { accessSync, constants, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { onInterrupt } from '../process-cleanup.js';
import { Diagnostic, DiagnosticError } from '../schema/diagnostic.js';
import { acquireLock } from './lock.js';
import { formatOwned, OWNED_FILE, pathProblem, readOwned, sha256 } from './owned.js';

export interface WriteSummary {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
  /** Files in the folder that `bundle` does not own and left in place. */
  foreign: string[];
  /** Files that were not owned and are now (identical content, or `adopt`). */
  adopted: string[];
  /** Owned files edited by hand whose edits were overwritten or removed (`force`). */
  overwritten: string[];
  /** Owned files left as they were (`keep`: the releases a selection left out). */
  kept: string[];
}

export interface WriteOptions {
  /** Sees the complete new tree before the swap; throwing there leaves the previous output untouched. */
  verify?: (stagedDir: string) => Promise<void>;
  /** Take over files at owned paths that bundle did not write (otherwise a conflict). */
  adopt?: boolean;
  /** Overwrite or remove owned files edited by hand (otherwise a conflict). */
  force?: boolean;
  /** Files written readable by the owner only (Secrets). */
  private?: (path: string) => boolean;
  /** How long to wait for another run writing the same folder (milliseconds). */
  lockTimeoutMs?: number;
  /** Notices for the user: waiting for a lock, recovering from an interrupted run. */
  notify?: (message: string) => void;
  /** Owned paths to leave exactly as they are, still owned with their recorded hashes (the files of the releases a
   *  selection left out): neither rewritten nor pruned, and not judged (a hand edit there stays for a full render). */
  keep?: (path: string) => boolean;
}

const NEW = 'new';
const OLD = 'old';

/** Staging and retired folders of the env: `.<env>.new-<time>-<pid>`, `.<env>.old-<time>-<pid>`. */
function sideFolders(outDir: string, env: string): Array<{ name: string; kind: string; time: number }> {
  const pattern = new RegExp(`^\\.${env.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(${NEW}|${OLD})-([0-9a-z]+)-\\d+$`);
  return readdirSync(outDir)
    .map((name) => ({ name, m: pattern.exec(name) }))
    .filter((e) => e.m)
    .map((e) => ({ name: e.name, kind: e.m![1]!, time: parseInt(e.m![2]!, 36) }));
}

/** Put back what an interrupted run left: a retired tree whose replacement never arrived is restored; every other
 *  staging or retired folder is removed. Runs under the lock, so none of them belongs to a live run. */
function recover(outDir: string, env: string, notify: (m: string) => void): void {
  const target = join(outDir, env);
  const side = sideFolders(outDir, env).sort((a, b) => b.time - a.time);
  if (!existsSync(target)) {
    const retired = side.find((s) => s.kind === OLD);
    if (retired) {
      renameSync(join(outDir, retired.name), target);
      side.splice(side.indexOf(retired), 1);
      notify(`restored ${target} from ${retired.name}, left by a run interrupted in the middle of its swap`);
    }
  }
  for (const s of side) {
    try {
      rmSync(join(outDir, s.name), { recursive: true, force: true });
      notify(`removed ${s.name}, left by an interrupted run`);
    } catch (e) {
      notify(`could not remove ${s.name}, left by an interrupted run: ${(e as Error).message}`);
    }
  }
}

/** Files and symlinks under `dir` (not followed), relative to it. */
function listEntries(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** The first folder under (and including) `dir` that cannot be emptied: the swap retires the old tree and removes it. */
function unremovableFolder(dir: string): string | undefined {
  const dirs = [dir, ...readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(e.parentPath, e.name))];
  for (const d of dirs) {
    try {
      accessSync(d, constants.W_OK | constants.X_OK);
    } catch (e) {
      return `${d} (${(e as NodeJS.ErrnoException).code})`;
    }
  }
  return undefined;
}

/** What is at `root/rel` without following symlinks: a symlink anywhere on the way counts as one. */
function entryAt(root: string, rel: string): 'missing' | 'file' | 'symlink' | 'other' {
  let p = root;
  const parts = rel.split('/');
  for (let i = 0; i < parts.length; i++) {
    p = join(p, parts[i]!);
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return 'missing';
    }
    if (st.isSymbolicLink()) return 'symlink';
    if (i === parts.length - 1) return st.isFile() ? 'file' : 'other';
    if (!st.isDirectory()) return 'other';
  }
  return 'missing';
}

interface Plan {
  summary: WriteSummary;
  /** Foreign entries, and owned files kept as they are, to carry into the new tree. */
  carry: string[];
  /** Owned files kept as they are, with their recorded hashes. */
  kept: Map<string, string>;
  problems: Diagnostic[];
}

/** Compare the folder with the new files and its ownership record: what changes, and what may not. */
function plan(target: string, files: Map<string, string>, before: Map<string, string>, opts: WriteOptions): Plan {
  const summary: WriteSummary = { added: [], changed: [], removed: [], unchanged: [], foreign: [], adopted: [], overwritten: [], kept: [] };
  const kept = new Map<string, string>();
  const problems: Diagnostic[] = [];
  const conflict = (path: string, message: string) => problems.push(new Diagnostic({ file: join(target, path), message }));
  const hashOnDisk = (path: string) => {
    const kind = entryAt(target, path);
    return kind === 'file' ? sha256(readFileSync(join(target, path), 'utf8')) : kind;
  };
  for (const [path, content] of files) {
    const problem = pathProblem(path);
    if (problem) throw new Error(`layout: path ${JSON.stringify(path)} ${problem}`);
    const recorded = before.get(path);
    const actual = hashOnDisk(path);
    const fresh = sha256(content);
    if (actual === 'missing') {
      (recorded === undefined ? summary.added : summary.changed).push(path);
    } else if (recorded === undefined) {
      if (actual === fresh || opts.adopt) summary.adopted.push(path);
      else conflict(path, `not written by bundle (not in ${OWNED_FILE}): rendering would replace it; move it away, or pass --adopt to let bundle own it`);
    } else if (actual !== recorded) {
      if (opts.force) summary.overwritten.push(path);
      else conflict(path, `changed since bundle wrote it (it no longer matches its sha256 in ${OWNED_FILE}): rendering would overwrite the edit; pass --force to overwrite it`);
    } else {
      (actual === fresh ? summary.unchanged : summary.changed).push(path);
    }
  }
  for (const [path, recorded] of before) {
    if (files.has(path)) continue;
    const actual = hashOnDisk(path);
    if (opts.keep?.(path) && actual !== 'missing' && actual !== 'symlink' && actual !== 'other') {
      kept.set(path, recorded);
      summary.kept.push(path);
      continue;
    }
    if (actual === 'missing') continue;
    if (actual !== recorded && !opts.force) {
      conflict(path, `changed since bundle wrote it (it no longer matches its sha256 in ${OWNED_FILE}) and no longer rendered: pruning would lose the edit; pass --force to remove it`);
      continue;
    }
    if (actual !== recorded) summary.overwritten.push(path);
    summary.removed.push(path);
  }
  // Foreign entries are kept, unless they stand where the new tree needs a folder or below one of its files.
  const folders = new Set<string>();
  for (const path of files.keys()) for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) folders.add(path.slice(0, i));
  const carry: string[] = [];
  for (const path of listEntries(target)) {
    if (path === OWNED_FILE || before.has(path) || files.has(path)) continue;
    const prefixes = path.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'));
    const inTheWay = folders.has(path) ? `the folder ${path}/` : prefixes.find((p) => files.has(p) || before.has(p));
    if (inTheWay === undefined) {
      summary.foreign.push(path);
      carry.push(path);
    } else if (!opts.adopt) {
      conflict(path, `not written by bundle and in the way of ${inTheWay}; move it away, or pass --adopt to let bundle replace it`);
    }
  }
  for (const list of Object.values(summary)) list.sort();
  return { summary, carry: [...carry, ...kept.keys()], kept, problems };
}

/** Replace the owned files of `<outDir>/<env>` with `files` (paths relative to the env folder). */
export async function writeEnvTree(outDir: string, env: string, files: Map<string, string>, opts: WriteOptions = {}): Promise<WriteSummary> {
  const notify = opts.notify ?? (() => {});
  const target = join(outDir, env);
  mkdirSync(outDir, { recursive: true });
  const lock = await acquireLock(outDir, env, { timeoutMs: opts.lockTimeoutMs ?? 60_000, onWait: notify });
  const suffix = `${Date.now().toString(36)}-${process.pid}`;
  const staging = join(outDir, `.${env}.${NEW}-${suffix}`);
  const retired = join(outDir, `.${env}.${OLD}-${suffix}`);
  // Interrupted mid-swap: the previous tree goes back. Either way nothing of this run is left.
  const undo = () => {
    if (!existsSync(target) && existsSync(retired)) renameSync(retired, target);
    rmSync(retired, { recursive: true, force: true });
    rmSync(staging, { recursive: true, force: true });
    lock.release();
  };
  const unregister = onInterrupt(undo);
  try {
    recover(outDir, env, notify);
    const before = readOwned(target);
    const { summary, carry, kept, problems } = plan(target, files, before, opts);
    if (problems.length > 0) throw new DiagnosticError(problems);
    const stuck = existsSync(target) ? unremovableFolder(target) : undefined;
    if (stuck) throw new Error(`${target} cannot be replaced: ${stuck} is not writable`);
    for (const dir of new Set([...files.keys()].map((p) => dirname(join(staging, p))))) mkdirSync(dir, { recursive: true });
    for (const [path, content] of files) writeFileSync(join(staging, path), content, { mode: opts.private?.(path) ? 0o600 : 0o644 });
    writeFileSync(join(staging, OWNED_FILE), formatOwned(files, kept));
    for (const path of carry) {
      mkdirSync(dirname(join(staging, path)), { recursive: true });
      cpSync(join(target, path), join(staging, path), { preserveTimestamps: true, verbatimSymlinks: true });
    }
    await opts.verify?.(staging);
    if (!lock.held()) throw new Error(`the lock on ${target} was taken over by another run; nothing was written`);
    if (existsSync(target)) renameSync(target, retired);
    try {
      renameSync(staging, target);
    } catch (e) {
      if (existsSync(retired)) renameSync(retired, target);
      throw e;
    }
    try {
      rmSync(retired, { recursive: true, force: true });
    } catch (e) {
      // The new tree is in place; the next run removes what is left of the old one.
      notify(`could not remove ${retired} (the previous output): ${(e as Error).message}`);
    }
    return summary;
  } finally {
    unregister();
    rmSync(staging, { recursive: true, force: true });
    lock.release();
  }
}
