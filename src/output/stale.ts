// `--check` for a written env folder: which owned files a fresh write would add, change or remove. Foreign files
// (not in the ownership record) are not the tool's business, as in writeEnvTree.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatOwned, OWNED_FILE, readOwned } from './owned.js';

export interface StaleFile {
  path: string;
  reason: 'missing' | 'changed' | 'no longer rendered';
}

export async function staleFiles(envDir: string, files: Map<string, string>): Promise<StaleFile[]> {
  const expected = new Map([...files, [OWNED_FILE, formatOwned(files)]]);
  const stale: StaleFile[] = [];
  for (const [path, content] of expected) {
    const full = join(envDir, path);
    if (!existsSync(full)) stale.push({ path, reason: 'missing' });
    else if ((await readFile(full, 'utf8')) !== content) stale.push({ path, reason: 'changed' });
  }
  for (const path of (await readOwned(envDir)).keys()) {
    if (!files.has(path) && existsSync(join(envDir, path))) stale.push({ path, reason: 'no longer rendered' });
  }
  return stale.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
