// Read the files of a folder at a git ref (a published env branch) without checking anything out.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execa } from 'execa';
import { tempDir } from '../process-cleanup.js';
import { git, gitEnv } from './git.js';

/** Whether `ref` names a commit in `repo` (a path, whose remote-tracking `origin/<ref>` counts too, or a URL, asked
 *  for a branch or tag of that name). A repository that cannot be read is an error, not a missing ref. */
export async function refExists(repo: string, ref: string): Promise<boolean> {
  if (ref.startsWith('-')) throw new Error(`git ref "${ref}" is not a ref name (it starts with "-")`);
  if (existsSync(repo)) {
    await git(repo, ['rev-parse', '--git-dir']);
    for (const r of [ref, `origin/${ref}`]) {
      if ((await git(repo, ['rev-parse', '--verify', '--quiet', `${r}^{commit}`], { allowFail: true })).exitCode === 0) return true;
    }
    return false;
  }
  const list = await git(tmpdir(), ['ls-remote', '--heads', '--tags', '--', repo, ref]);
  return list.stdout.trim() !== '';
}

/** Files under `prefix/` at `ref` in `repo` (path or URL), keyed by path relative to `prefix`. */
export async function readTreeAtRef(repo: string, ref: string, prefix: string): Promise<Map<string, string>> {
  // A ref is handed to git as an argument: one that starts with `-` would read as an option.
  if (ref.startsWith('-')) throw new Error(`git ref "${ref}" is not a ref name (it starts with "-")`);
  if (existsSync(repo)) return readLocal(repo, ref, prefix);
  const tmp = tempDir('read');
  try {
    await git(tmpdir(), ['clone', '--quiet', '--bare', '--depth', '1', '--branch', ref, '--', repo, tmp.path]);
    return await readLocal(tmp.path, 'HEAD', prefix);
  } finally {
    tmp.remove();
  }
}

async function readLocal(repo: string, ref: string, prefix: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const resolved = await git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { allowFail: true });
  if (resolved.exitCode !== 0) {
    const remote = await git(repo, ['rev-parse', '--verify', '--quiet', `origin/${ref}^{commit}`], { allowFail: true });
    if (remote.exitCode !== 0) throw new Error(`git ref "${ref}" not found in ${repo}`);
    ref = `origin/${ref}`;
  }
  const list = await git(repo, ['ls-tree', '-r', '-z', '--name-only', ref, '--', `${prefix}/`]);
  const paths = list.stdout.split('\0').filter(Boolean);
  if (paths.length === 0) return files;
  // One cat-file process for every blob: a published env holds hundreds of files.
  const batch = await execa('git', ['cat-file', '--batch'], { cwd: repo, env: gitEnv(), extendEnv: false, input: paths.map((p) => `${ref}:${p}`).join('\n') + '\n', encoding: 'buffer' });
  const buf = Buffer.from(batch.stdout as Uint8Array);
  let offset = 0;
  for (const path of paths) {
    const nl = buf.indexOf(10, offset);
    const header = buf.subarray(offset, nl).toString();
    const size = Number(header.split(' ')[2]);
    files.set(path.slice(prefix.length + 1), buf.subarray(nl + 1, nl + 1 + size).toString('utf8'));
    offset = nl + 1 + size + 1;
  }
  return files;
}
