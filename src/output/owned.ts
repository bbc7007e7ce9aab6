// The ownership record: which files under <out>/<env> `bundle` wrote, so stale ones can be pruned and foreign ones kept.
// Plain text in sha256sum format (`sha256sum -c` can verify it); neither YAML nor JSON, so Argo CD never reads it.
// The record may come from a branch anyone with push access wrote, so every line is checked before a path is used.
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Diagnostic, DiagnosticError } from '../schema/diagnostic.js';

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

/** Why `path` cannot name a file inside the env folder, or undefined when it can: relative, no `.`/`..`/empty
 *  components, no NUL. Symlinks on the way are the file system's business (see confined.ts). */
export function pathProblem(path: string): string | undefined {
  if (path.includes('\0')) return 'contains a NUL byte';
  if (path.startsWith('/')) return 'is absolute: expected a path relative to the env folder';
  const parts = path.split('/');
  if (parts.includes('..')) return 'has a ".." component: expected a path inside the env folder';
  if (parts.some((p) => p === '' || p === '.')) return 'has an empty or "." component';
  return undefined;
}

/** Parse a record; every malformed or escaping line is an error naming `name` and the line number. */
export function parseOwned(text: string, name: string): Map<string, string> {
  const owned = new Map<string, string>();
  const problems: Diagnostic[] = [];
  text.split('\n').forEach((line, i) => {
    if (line === '' || line.startsWith('#')) return;
    const at = { file: name, line: i + 1, col: 1 };
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!m) {
      problems.push(new Diagnostic({ ...at, message: 'malformed ownership record line: expected "<sha256>  <path>" (64 hex digits, two spaces, a path)' }));
      return;
    }
    const problem = pathProblem(m[2]!);
    if (problem) {
      problems.push(new Diagnostic({ ...at, message: `ownership record path ${JSON.stringify(m[2])} ${problem}; refusing to touch it` }));
      return;
    }
    owned.set(m[2]!, m[1]!);
  });
  if (problems.length > 0) throw new DiagnosticError(problems);
  return owned;
}

/** Owned paths (relative to the env folder) with their recorded hashes; empty when there is no record. A record that
 *  is a symlink is not read through (nothing it points at is ours). */
export function readOwned(envDir: string, name = join(envDir, OWNED_FILE)): Map<string, string> {
  const file = join(envDir, OWNED_FILE);
  let isFile = false;
  try {
    isFile = lstatSync(file).isFile();
  } catch {
    return new Map();
  }
  return isFile ? parseOwned(readFileSync(file, 'utf8'), name) : new Map();
}
