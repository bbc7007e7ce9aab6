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

export async function git(cwd: string, args: string[], opts: { allowFail?: boolean; input?: string } = {}): Promise<{ stdout: string; exitCode: number }> {
  const r = await execa('git', args, {
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

/** Settings a commit takes from git's configuration: identity and signing. */
const COMMIT_CONFIG = /^(user\.(name|email|signingkey)|commit\.gpgsign|gpg\.[a-z0-9.]+)$/i;

/**
 * The identity and signing settings git would use for a commit in `dir` (the user's repository: its own config, then
 * the global and system ones), as `-c` options for the commit made in the private clone, which sees only the global
 * and system config. Without a configured identity the commit is made as bundle <bundle@localhost> (`missingIdentity`).
 */
export async function commitConfig(dir: string): Promise<{ args: string[]; missingIdentity: boolean }> {
  const r = await git(dir, ['config', '--null', '--get-regexp', '^(user|commit|gpg)\\.'], { allowFail: true });
  const settings = new Map<string, string>();
  for (const entry of r.stdout.split('\0')) {
    const nl = entry.indexOf('\n');
    const key = nl < 0 ? entry : entry.slice(0, nl);
    if (COMMIT_CONFIG.test(key)) settings.set(key.toLowerCase(), nl < 0 ? 'true' : entry.slice(nl + 1));
  }
  const missingIdentity = !settings.has('user.name') || !settings.has('user.email');
  if (missingIdentity) {
    settings.set('user.name', settings.get('user.name') ?? 'bundle');
    settings.set('user.email', settings.get('user.email') ?? 'bundle@localhost');
  }
  return { args: [...settings].flatMap(([k, v]) => ['-c', `${k}=${v}`]), missingIdentity };
}

/** `--author`: git's "Name <email>" form only (anything else git would take as a pattern to search commits for). */
export function checkAuthor(author: string): string {
  if (!/^[^<>\n]*[^<>\s][^<>\n]* <[^<>\s]+>$/.test(author)) throw new Error(`--author "${author}": expected "Name <email>"`);
  return author;
}
