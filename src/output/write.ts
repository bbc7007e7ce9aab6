// Atomic write of an env's output: build the new tree beside the old one, carry over foreign files, then swap.
// Bulk file work is synchronous on purpose: thousands of small files one await at a time leave the CPU idle, and a
// CLI has nothing else to do meanwhile.
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { formatOwned, OWNED_FILE, readOwned, sha256 } from './owned.js';

export interface WriteSummary {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
  /** Files in the folder that `bundle` does not own and left in place. */
  foreign: string[];
  /** Owned files left as they were (releases a selection left out). */
  kept: string[];
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** Replace the owned files of `<outDir>/<env>` with `files` (paths relative to the env folder). `verify` sees the
 *  complete new tree before the swap; throwing there leaves the previous output untouched. */
export async function writeEnvTree(
  outDir: string,
  env: string,
  files: Map<string, string>,
  verify?: (stagedDir: string) => Promise<void>,
  /** Owned paths to leave as they are, still owned (the files of releases a selection left out). */
  keep: (path: string) => boolean = () => false,
): Promise<WriteSummary> {
  const target = join(outDir, env);
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const staging = join(outDir, `.${env}.new-${suffix}`);
  const retired = join(outDir, `.${env}.old-${suffix}`);
  const before = await readOwned(target);
  const summary: WriteSummary = { added: [], changed: [], removed: [], unchanged: [], foreign: [], kept: [] };
  mkdirSync(outDir, { recursive: true });
  try {
    for (const dir of new Set([...files.keys()].map((p) => dirname(join(staging, p))))) mkdirSync(dir, { recursive: true });
    for (const [path, content] of files) writeFileSync(join(staging, path), content);
    const kept = new Map([...before].filter(([path]) => !files.has(path) && keep(path) && existsSync(join(target, path))));
    writeFileSync(join(staging, OWNED_FILE), formatOwned(files, kept));
    summary.kept = [...kept.keys()];
    for (const path of kept.keys()) {
      mkdirSync(dirname(join(staging, path)), { recursive: true });
      cpSync(join(target, path), join(staging, path), { preserveTimestamps: true });
    }
    for (const path of listFiles(target)) {
      if (path === OWNED_FILE || before.has(path) || files.has(path)) continue;
      summary.foreign.push(path);
      mkdirSync(dirname(join(staging, path)), { recursive: true });
      cpSync(join(target, path), join(staging, path), { preserveTimestamps: true });
    }
    for (const [path, content] of files) {
      const old = before.get(path);
      if (old === undefined) summary.added.push(path);
      else if (old === sha256(content)) summary.unchanged.push(path);
      else summary.changed.push(path);
    }
    summary.removed = [...before.keys()].filter((p) => !files.has(p) && !kept.has(p));
    await verify?.(staging);
    if (existsSync(target)) renameSync(target, retired);
    try {
      renameSync(staging, target);
    } catch (e) {
      if (existsSync(retired)) renameSync(retired, target);
      throw e;
    }
    rmSync(retired, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  for (const list of Object.values(summary)) list.sort();
  return summary;
}
