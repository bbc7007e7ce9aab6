// A thin git client over execa: every call names its repository, nothing depends on the caller's cwd.
import { execa } from 'execa';

export class GitError extends Error {
  constructor(
    readonly args: string[],
    readonly stderr: string,
    readonly exitCode: number,
  ) {
    super(`git ${args.join(' ')} failed (exit ${exitCode}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
}

// Commits made by the tool must not depend on a user's global git identity being configured.
const identity = ['-c', 'user.name=bundle', '-c', 'user.email=bundle@localhost', '-c', 'commit.gpgsign=false'];

export async function git(cwd: string, args: string[], opts: { allowFail?: boolean; input?: string } = {}): Promise<{ stdout: string; exitCode: number }> {
  const r = await execa('git', [...identity, ...args], {
    cwd,
    reject: false,
    input: opts.input,
    env: { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
  });
  const exitCode = r.exitCode ?? 1;
  if (exitCode !== 0 && !opts.allowFail) throw new GitError(args, String(r.stderr), exitCode);
  return { stdout: String(r.stdout), exitCode };
}

/** The commit the rendered output came from: HEAD of the repository around `dir`, `-dirty` when it has local changes. */
export async function sourceCommit(dir: string): Promise<string> {
  const head = await git(dir, ['rev-parse', 'HEAD'], { allowFail: true });
  if (head.exitCode !== 0) return 'unknown';
  const dirty = await git(dir, ['status', '--porcelain', '--untracked-files=no'], { allowFail: true });
  return head.stdout.trim() + (dirty.stdout.trim() ? '-dirty' : '');
}
