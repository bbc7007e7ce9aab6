// A thin git client over execa: every call names its repository, nothing depends on the caller's cwd or on git
// variables in the caller's environment.
import { isAbsolute, resolve } from 'node:path';
import { execa } from 'execa';

/** Credentials in a URL (`https://user:token@host/…`) never reach a message. */
export function redactUrl(text: string): string {
  // `user:password@` keeps the user; a lone `token@` is all secret.
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)(?:([^/@\s:]*):)?[^/@\s]+@/gi, (_, scheme: string, user?: string) => `${scheme}${user !== undefined ? `${user}:` : ''}***@`);
}

export class GitError extends Error {
  constructor(
    readonly args: string[],
    readonly stderr: string,
    readonly exitCode: number,
  ) {
    // git's own words (hook output, `remote:` lines) are what the user needs; keep all but very long ones.
    const lines = stderr.trim().split('\n').filter((l) => l.trim() !== '').slice(-12);
    super(redactUrl(`git ${args.join(' ')} failed (exit ${exitCode}): ${lines.join(' | ') || '(no message)'}`));
  }
}

/** Variables that would point git at another repository than the one each call names (set when bundle runs from a
 *  git hook, for instance). */
const REPOSITORY_VARIABLES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
];

/** The transports git may use, whatever the caller's environment allows: `ext::` and `fd::` run commands or use
 *  descriptors, and a `--repo` (or an env's argocd.repoURL) must never do that. */
export const ALLOWED_PROTOCOLS = 'file:git:http:https:ssh';

/** The environment of every git process: the caller's (credentials helpers, SSH agent, proxies), without repository
 *  variables, with a pinned protocol allow-list, no terminal prompts and C messages. */
export function gitEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !REPOSITORY_VARIABLES.includes(k)) env[k] = v;
  return { ...env, GIT_ALLOW_PROTOCOL: ALLOWED_PROTOCOLS, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
}

export async function git(
  cwd: string,
  args: string[],
  opts: { allowFail?: boolean; input?: string } = {},
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const r = await execa('git', args, { cwd, reject: false, input: opts.input, env: gitEnv(), extendEnv: false });
  const exitCode = r.exitCode ?? 1;
  if (exitCode !== 0 && !opts.allowFail) throw new GitError(args, String(r.stderr), exitCode);
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode };
}

/** Whether git reads `repo` as a local path (its url_is_local_not_ssh rule: no `:` before the first `/`). */
export function isLocalRepo(repo: string): boolean {
  const colon = repo.indexOf(':');
  const slash = repo.indexOf('/');
  return colon < 0 || (slash >= 0 && slash < colon);
}

/** A `--repo` argument as git should see it from anywhere: a relative local path resolved against `cwd`. */
export function repoLocation(repo: string, cwd = process.cwd()): string {
  return isLocalRepo(repo) && !isAbsolute(repo) ? resolve(cwd, repo) : repo;
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
