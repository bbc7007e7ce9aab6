// Replace the files bundle owns under <root>/<env> with a new set: prune stale owned files, keep foreign ones.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { formatOwned, OWNED_FILE, readOwned } from '../output/owned.js';

export async function replaceOwnedFiles(root: string, env: string, files: Map<string, string>): Promise<void> {
  const envDir = join(root, env);
  const before = await readOwned(envDir);
  for (const path of before.keys()) {
    if (!files.has(path) && existsSync(join(envDir, path))) await rm(join(envDir, path));
  }
  for (const [path, content] of files) {
    await mkdir(dirname(join(envDir, path)), { recursive: true });
    await writeFile(join(envDir, path), content);
  }
  await writeFile(join(envDir, OWNED_FILE), formatOwned(files));
}
