// Replace the files bundle owns under <root>/<env> with a new set: prune stale owned files, keep foreign ones.
// <root> is a clone of a branch others can push to: its record and its symlinks are untrusted, so every path is
// checked (owned.ts) and every component looked at before it is written or removed (confined.ts).
import { join } from 'node:path';
import { realFolder, removeConfined, writeConfined } from '../output/confined.js';
import { formatOwned, OWNED_FILE, readOwned } from '../output/owned.js';

/** Returns the symlinks (paths relative to root) that stood where an owned file or its folder belongs and were
 *  replaced by regular files and folders. */
export function replaceOwnedFiles(root: string, env: string, files: Map<string, string>): string[] {
  const replaced: string[] = [];
  realFolder(root, env, replaced);
  const envDir = join(root, env);
  const before = readOwned(envDir, `${env}/${OWNED_FILE}`);
  for (const path of before.keys()) if (!files.has(path)) removeConfined(envDir, path);
  const inEnv: string[] = [];
  for (const [path, content] of files) writeConfined(envDir, path, content, inEnv);
  writeConfined(envDir, OWNED_FILE, formatOwned(files), inEnv);
  return [...replaced, ...inEnv.map((p) => `${env}/${p}`)];
}
