// File operations that stay inside one folder whatever its content: each component of a path is looked at with lstat,
// so a symlink (committed on a branch, or planted in an output folder) is never followed out of it.
import { lstatSync, mkdirSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { pathProblem } from './owned.js';

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function checked(rel: string): string[] {
  const problem = pathProblem(rel);
  if (problem) throw new Error(`path ${JSON.stringify(rel)} ${problem}`);
  return rel.split('/');
}

/**
 * Write `content` to `root/rel`, creating folders on the way. A symlink where a folder or the file belongs is removed
 * (not followed) and its path (relative to root) added to `replaced`; a file where a folder belongs is an error.
 */
export function writeConfined(root: string, rel: string, content: string, replaced: string[], mode?: number): void {
  const parts = checked(rel);
  let dir = root;
  for (let i = 0; i < parts.length - 1; i++) {
    dir = join(dir, parts[i]!);
    const st = lstatOrUndefined(dir);
    if (st?.isSymbolicLink()) {
      unlinkSync(dir);
      replaced.push(parts.slice(0, i + 1).join('/'));
    } else if (st && !st.isDirectory()) {
      throw new Error(`${parts.slice(0, i + 1).join('/')} is a file where a folder of ${rel} belongs`);
    }
    if (!st || st.isSymbolicLink()) mkdirSync(dir);
  }
  const file = join(dir, parts.at(-1)!);
  const st = lstatOrUndefined(file);
  if (st?.isSymbolicLink()) {
    unlinkSync(file);
    replaced.push(rel);
  } else if (st?.isDirectory()) {
    throw new Error(`${rel} is a folder where a file belongs`);
  }
  writeFileSync(file, content, mode === undefined ? undefined : { mode });
}

/** Remove the file `root/rel` when it is there and reachable without crossing a symlink (a symlink itself is removed,
 *  not its target). */
export function removeConfined(root: string, rel: string): void {
  const parts = checked(rel);
  let dir = root;
  for (let i = 0; i < parts.length - 1; i++) {
    dir = join(dir, parts[i]!);
    if (!lstatOrUndefined(dir)?.isDirectory()) return;
  }
  const file = join(dir, parts.at(-1)!);
  const st = lstatOrUndefined(file);
  if (st && !st.isDirectory()) unlinkSync(file);
}

/** Make `root/name` a real folder: a symlink there is replaced (and reported in `replaced`). */
export function realFolder(root: string, name: string, replaced: string[]): void {
  const dir = join(root, name);
  const st = lstatOrUndefined(dir);
  if (st?.isSymbolicLink()) {
    unlinkSync(dir);
    replaced.push(name);
  } else if (st && !st.isDirectory()) {
    throw new Error(`${name} is a file where the env folder belongs`);
  }
  if (!st?.isDirectory()) mkdirSync(dir);
}
