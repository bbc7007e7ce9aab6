// Atomic write of an env's output: build the new tree beside the old one, carry over foreign files, then swap.
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { formatOwned, OWNED_FILE, readOwned, sha256 } from './owned.js';

export interface WriteSummary {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
  /** Files in the folder that `bundle` does not own and left in place. */
  foreign: string[];
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else out.push(relative(base, full));
  }
  return out;
}

/** Replace the owned files of `<outDir>/<env>` with `files` (paths relative to the env folder). `verify` sees the
 *  complete new tree before the swap; throwing there leaves the previous output untouched. */
export async function writeEnvTree(
  outDir: string,
  env: string,
  files: Map<string, string>,
  verify?: (stagedDir: string) => Promise<void>,
): Promise<WriteSummary> {
  const target = join(outDir, env);
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const staging = join(outDir, `.${env}.new-${suffix}`);
  const retired = join(outDir, `.${env}.old-${suffix}`);
  const before = await readOwned(target);
  const summary: WriteSummary = { added: [], changed: [], removed: [], unchanged: [], foreign: [] };
  await mkdir(outDir, { recursive: true });
  try {
    for (const [path, content] of files) {
      await mkdir(dirname(join(staging, path)), { recursive: true });
      await writeFile(join(staging, path), content);
    }
    await writeFile(join(staging, OWNED_FILE), formatOwned(files));
    for (const path of await listFiles(target)) {
      if (path === OWNED_FILE || before.has(path) || files.has(path)) continue;
      summary.foreign.push(path);
      await mkdir(dirname(join(staging, path)), { recursive: true });
      await cp(join(target, path), join(staging, path), { preserveTimestamps: true });
    }
    for (const [path, content] of files) {
      const old = before.get(path);
      if (old === undefined) summary.added.push(path);
      else if (old === sha256(content)) summary.unchanged.push(path);
      else summary.changed.push(path);
    }
    summary.removed = [...before.keys()].filter((p) => !files.has(p));
    await verify?.(staging);
    if (existsSync(target)) await rename(target, retired);
    try {
      await rename(staging, target);
    } catch (e) {
      if (existsSync(retired)) await rename(retired, target);
      throw e;
    }
    await rm(retired, { recursive: true, force: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  for (const list of Object.values(summary)) list.sort();
  return summary;
}
