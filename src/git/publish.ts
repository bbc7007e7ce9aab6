// Publish an env's rendered files to a git branch: private clone, replace owned files, commit only a real change, push
// with retries on top of whatever landed meanwhile. The target is only ever changed by the final atomic push.
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { tempDir } from '../process-cleanup.js';
import { git, GitError, isLocalRepo } from './git.js';
import { replaceOwnedFiles } from './tree.js';

export interface PublishRequest {
  env: string;
  /** Target repository: a path (bare or not) or a URL. */
  repo: string;
  branch: string;
  files: Map<string, string>;
  message: string;
  /** Trailers appended to the commit message, e.g. Bundle-Source: <sha>. */
  trailers: Record<string, string>;
  /** Push the commit to `repo` (retrying on top of concurrent pushes); without it `repo` must be a local repository
   *  whose branch ref is fast-forwarded to the commit. */
  push: boolean;
  dryRun: boolean;
  maxAttempts?: number;
  /** `-c` options for the commit: identity and signing as git's configuration gives them (commitConfig). */
  commitConfig?: string[];
  /** The commit's author ("Name <email>"); the committer stays the configured identity. */
  author?: string;
}

export interface PublishResult {
  branch: string;
  /** New commit, or undefined when nothing changed (or on a dry run). */
  commit?: string;
  changed: Array<{ status: 'added' | 'modified' | 'deleted'; path: string }>;
  pushed: boolean;
  attempts: number;
  createdBranch: boolean;
  /** Symlinks found on the branch where an owned file or its folder belongs, replaced by regular files. */
  replacedSymlinks: string[];
}

export async function publish(req: PublishRequest): Promise<PublishResult> {
  const scratch = tempDir('publish');
  const work = scratch.path;
  try {
    const max = req.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      const result = await commitOnTop(work, req, attempt);
      if (!result.commit || req.dryRun) return result;
      if (!req.push) {
        await updateLocalBranch(work, req);
        return result;
      }
      const push = await git(work, ['push', '--porcelain', 'origin', `HEAD:refs/heads/${req.branch}`], { allowFail: true });
      if (push.exitCode === 0) return { ...result, pushed: true };
      if (attempt >= max || !(await isRejection(work, req))) {
        // --porcelain puts the refused ref (`!\t<ref>\t[remote rejected] (reason)`) on stdout, the rest on stderr.
        const refused = push.stdout.split('\n').filter((l) => l.startsWith('!'));
        throw new GitError(['push', 'origin', req.branch], [push.stderr, ...refused].join('\n'), push.exitCode);
      }
    }
  } finally {
    scratch.remove();
  }
}

async function updateLocalBranch(work: string, req: PublishRequest): Promise<void> {
  if (!isLocalRepo(req.repo)) {
    throw new Error(`--repo ${req.repo} is remote: pass --push to publish to it`);
  }
  // Not forced: a branch that moved meanwhile is refused rather than overwritten.
  await git(req.repo, ['fetch', '--quiet', work, `refs/heads/${req.branch}:refs/heads/${req.branch}`]);
}

/** Someone else moved the branch: a retry on top of the new head can succeed. */
async function isRejection(work: string, req: PublishRequest): Promise<boolean> {
  const local = (await git(work, ['rev-parse', 'HEAD~1'], { allowFail: true })).stdout.trim();
  const remote = await git(work, ['ls-remote', '--heads', 'origin', req.branch], { allowFail: true });
  const head = remote.stdout.split(/\s+/)[0] ?? '';
  return head !== '' && head !== local;
}

async function commitOnTop(work: string, req: PublishRequest, attempt: number): Promise<PublishResult> {
  await rm(work, { recursive: true, force: true });
  await git(tmpdir(), ['clone', '--quiet', '--no-checkout', '--', req.repo, work]);
  // Ask the clone, not the remote: a branch created after the clone was taken is handled by the push retry.
  const exists = (await git(work, ['rev-parse', '--verify', '--quiet', `refs/remotes/origin/${req.branch}`], { allowFail: true })).exitCode === 0;
  if (exists) {
    await git(work, ['checkout', '--quiet', '-B', req.branch, `origin/${req.branch}`]);
  } else {
    await git(work, ['checkout', '--quiet', '--orphan', req.branch]);
    await git(work, ['rm', '-r', '--quiet', '--cached', '--ignore-unmatch', '.']);
    await git(work, ['clean', '-fdxq']);
  }
  const replacedSymlinks = replaceOwnedFiles(work, req.env, req.files);
  await git(work, ['add', '--all', '--', req.env]);
  const status = await git(work, ['diff', '--cached', '--name-status', '--no-renames']);
  const changed = status.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [code, path] = line.split('\t') as [string, string];
      return { status: code === 'A' ? ('added' as const) : code === 'D' ? ('deleted' as const) : ('modified' as const), path };
    });
  const base = { branch: req.branch, changed, pushed: false, attempts: attempt, createdBranch: !exists, replacedSymlinks };
  if (changed.length === 0 || req.dryRun) return base;
  const trailers = Object.entries(req.trailers).map(([k, v]) => `${k}: ${v}`).join('\n');
  const author = req.author ? ['--author', req.author] : [];
  await git(work, [...(req.commitConfig ?? []), 'commit', '--quiet', '--no-verify', ...author, '-F', '-'], { input: `${req.message}\n\n${trailers}\n` });
  const commit = (await git(work, ['rev-parse', 'HEAD'])).stdout.trim();
  return { ...base, commit };
}
