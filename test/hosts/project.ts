// A private copy of the repository's overlays (charts linked, not copied) to run `bundle hosts` on and to break.
import { execa } from 'execa';
import { cp, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

export const PROD_ENV = 'overlays/prod/env.yaml';

export async function projectCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bundle-hosts-'));
  await cp(join(repoRoot, 'overlays'), join(dir, 'overlays'), { recursive: true });
  await symlink(join(repoRoot, 'charts'), join(dir, 'charts'));
  return dir;
}

/** Replace one exact occurrence (the `nth`, 1-based) of `from`; throws when it is not there, so a test cannot pass
 *  because the env it edits changed under it. */
export function replaceOnce(text: string, from: string, to: string, nth = 1): string {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = text.indexOf(from, at + 1);
    if (at < 0) throw new Error(`"${from}" (occurrence ${nth}) not found`);
  }
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** 1-based line and column of the `nth` occurrence of `needle`. */
export function position(text: string, needle: string, nth = 1): { line: number; col: number } {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (occurrence ${nth}) not found`);
  }
  const before = text.slice(0, at).split('\n');
  return { line: before.length, col: before.at(-1)!.length + 1 };
}

export async function editEnv(dir: string, edit: (text: string) => string, file = PROD_ENV): Promise<string> {
  const path = join(dir, file);
  const text = edit(await readFile(path, 'utf8'));
  await writeFile(path, text);
  return text;
}

/** A tool on PATH, or undefined. */
export async function which(name: string): Promise<string | undefined> {
  const r = await execa('sh', ['-c', `command -v ${name}`], { reject: false });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** In CI every real-tool check must run: a missing tool fails there, elsewhere the check is skipped with a warning. */
export function missingTool(what: string): void {
  if (process.env.CI === 'true') throw new Error(`${what} is required under CI=true (scripts/fetch-tools.sh installs it)`);
  console.warn(`SKIPPED: ${what} is not available; these real-tool checks did not run`);
}
