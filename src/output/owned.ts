// The ownership record: which files under <out>/<env> `bundle` wrote, so stale ones can be pruned and foreign ones kept.
// Plain text in sha256sum format (`sha256sum -c` can verify it); neither YAML nor JSON, so Argo CD never reads it.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const OWNED_FILE = '.bundle-owned';

export function sha256(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The record of `files`, plus `kept`: owned files left as they were, with their recorded hashes. */
export function formatOwned(files: Map<string, string>, kept: Map<string, string> = new Map()): string {
  const hashes = new Map([...kept, ...[...files].map(([p, c]): [string, string] => [p, sha256(c)])]);
  const lines = [...hashes.keys()].sort().map((p) => `${hashes.get(p)}  ${p}`);
  return `# Files written by \`bundle render\`; anything not listed here is left alone.\n${lines.join('\n')}\n`;
}

/** Owned paths (relative to the env folder) with their recorded hashes; empty when there is no record. */
export async function readOwned(envDir: string): Promise<Map<string, string>> {
  const file = join(envDir, OWNED_FILE);
  const owned = new Map<string, string>();
  if (!existsSync(file)) return owned;
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (m) owned.set(m[2]!, m[1]!);
  }
  return owned;
}
