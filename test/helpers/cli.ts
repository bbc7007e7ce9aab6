// Run the built `bundle` CLI as a user would, and inspect the files it leaves behind.
import { execa } from 'execa';
import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(repoRoot, 'bin/bundle.js');

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function bundle(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const r = await execa('node', [bin, ...args], {
    cwd: opts.cwd ?? repoRoot,
    reject: false,
    env: { NO_COLOR: '1', ...opts.env },
  });
  return { exitCode: r.exitCode ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** A private copy of a fixture project (charts/ + overlays/) to render and break. */
export async function copyFixture(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `bundle-${name}-`));
  await cp(join(repoRoot, 'test/fixtures', name), dir, { recursive: true });
  return dir;
}

/** Every file under `dir` with its content, keyed by relative path. */
export async function readTree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else files.set(relative(dir, full), await readFile(full, 'utf8'));
    }
  };
  await walk(dir);
  return files;
}
