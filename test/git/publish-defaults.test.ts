// publish and diff as a daily user runs them, against real git: the repository and branch come from the env file,
// paths are relative to where the command runs, the first diff shows everything added, commits carry the user's
// identity (or --author) and are signed when git is configured to sign, and diffs have --stat and colours.
import { execa } from 'execa';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundle, copyFixture, repoRoot } from '../helpers/cli.js';

let project: string;
let remote: string;
let home: string;
let gitConfig: string;
let envFile: string;
let envText: string;

const git = async (cwd: string, ...args: string[]) => (await execa('git', args, { cwd, env: { GIT_CONFIG_GLOBAL: gitConfig, GIT_CONFIG_NOSYSTEM: '1' } })).stdout.trim();
/** The CLI with this test's git configuration instead of the machine's. */
const run = (args: string[], env: Record<string, string> = {}) =>
  bundle(args, { cwd: project, env: { GIT_CONFIG_GLOBAL: gitConfig, GIT_CONFIG_NOSYSTEM: '1', ...env } });
const engine: string[] = [];

beforeAll(async () => {
  project = await copyFixture('project');
  home = await mkdtemp(join(tmpdir(), 'bundle-home-'));
  gitConfig = join(home, 'gitconfig');
  await writeFile(gitConfig, '[user]\n\tname = Global User\n\temail = global@example.com\n[init]\n\tdefaultBranch = main\n');
  remote = join(await mkdtemp(join(tmpdir(), 'bundle-remote-')), 'rendered.git');
  await git(tmpdir(), 'init', '--quiet', '--bare', remote);
  // The env names the repository Argo CD reads: here, the bare repository.
  envFile = join(project, 'overlays/staging/env.yaml');
  envText = (await readFile(envFile, 'utf8')).replace('repoURL: https://git.example.com/rendered.git', `repoURL: ${remote}`);
  await writeFile(envFile, envText);
});

describe('diff before the first publish', () => {
  it('shows every file as added (exit 2 with --exit-code), saying the branch does not exist yet', async () => {
    const r = await run(['diff', 'env/staging', ...engine, '--exit-code', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toContain(`env/staging does not exist in ${remote} yet: everything is added`);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toEqual({ added: 8, removed: 0, changed: 0 });
  });

  it('an explicit --against that does not exist is an error', async () => {
    const r = await run(['diff', 'env/staging', ...engine, '--against', 'env/nope']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/git ref "env\/nope" not found/);
  });

  it('a repository that is not there is an error, not "everything added"', async () => {
    const r = await run(['diff', 'env/staging', ...engine, '--repo', join(home, 'missing.git')]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
  });
});

describe('publish', () => {
  it('publishes to the env\'s argocd.repoURL and targetRevision without --repo or --branch', async () => {
    const r = await run(['publish', 'env/staging', ...engine, '--push']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await git(remote, 'ls-tree', '-r', '--name-only', 'env/staging')).toContain('staging/apps/frontend.yaml');
    // The Applications sync the branch just written.
    const app = await git(remote, 'show', 'env/staging:staging/apps/frontend.yaml');
    expect(app).toMatch(/targetRevision: env\/staging/);
    const diff = await run(['diff', 'env/staging', ...engine, '--exit-code']);
    expect(diff.exitCode, diff.stderr).toBe(0);
  });

  it('--branch must be the env\'s targetRevision: the one it names is accepted, another refused', async () => {
    const same = await run(['publish', 'env/staging', ...engine, '--push', '--branch', 'env/staging']);
    expect(same.exitCode, same.stderr).toBe(0);
    const other = await run(['publish', 'env/staging', ...engine, '--push', '--branch', 'release']);
    expect(other.exitCode).toBe(1);
    expect(other.stderr).toContain('--branch release: env staging publishes to env/staging (argocd.targetRevision, by default), which its Argo CD Applications sync');
    expect(await git(remote, 'branch', '--list', 'release')).toBe('');
  });

  it('a relative --repo is relative to the current folder', async () => {
    await writeFile(join(project, 'overlays/staging/values/frontend.yaml'), 'replicas: 4\n');
    const local = join(project, 'local.git');
    await git(tmpdir(), 'init', '--quiet', '--bare', local);
    const r = await run(['publish', 'env/staging', ...engine, '--repo', 'local.git', '--push']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await git(local, 'ls-tree', '-r', '--name-only', 'env/staging')).toContain('staging/frontend/deployment-frontend.yaml');
  });

  it('commits as git\'s configured user; --author sets the author only', async () => {
    await writeFile(join(project, 'overlays/staging/values/frontend.yaml'), 'replicas: 5\n');
    expect((await run(['publish', 'env/staging', ...engine, '--push'])).exitCode).toBe(0);
    expect(await git(remote, 'log', '-1', '--format=%an <%ae>|%cn <%ce>', 'env/staging')).toBe('Global User <global@example.com>|Global User <global@example.com>');
    await writeFile(join(project, 'overlays/staging/values/frontend.yaml'), 'replicas: 6\n');
    const r = await run(['publish', 'env/staging', ...engine, '--push', '--author', 'Ada Lovelace <ada@example.com>']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await git(remote, 'log', '-1', '--format=%an <%ae>|%cn <%ce>', 'env/staging')).toBe('Ada Lovelace <ada@example.com>|Global User <global@example.com>');
    const bad = await run(['publish', 'env/staging', ...engine, '--push', '--author', 'ada']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('--author "ada": expected "Name <email>"');
  });

  it('the source repository\'s own git config wins over the global one, as for any commit made there', async () => {
    await git(project, 'init', '--quiet');
    await git(project, 'config', 'user.name', 'Repo User');
    await git(project, 'config', 'user.email', 'repo@example.com');
    await writeFile(join(project, 'overlays/staging/values/frontend.yaml'), 'replicas: 7\n');
    expect((await run(['publish', 'env/staging', ...engine, '--push'])).exitCode).toBe(0);
    expect(await git(remote, 'log', '-1', '--format=%an <%ae>', 'env/staging')).toBe('Repo User <repo@example.com>');
  });

  it('signs the commit when git is configured to sign (ssh keys here), and git verifies the signature', async () => {
    const key = join(home, 'signing');
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'signer', '-f', key]);
    const signers = join(home, 'allowed_signers');
    await writeFile(signers, `repo@example.com ${(await readFile(`${key}.pub`, 'utf8')).trim()}\n`);
    await git(project, 'config', 'gpg.format', 'ssh');
    await git(project, 'config', 'user.signingkey', `${key}.pub`);
    await git(project, 'config', 'commit.gpgsign', 'true');
    await git(project, 'config', 'gpg.ssh.allowedSignersFile', signers);
    await writeFile(join(project, 'overlays/staging/values/frontend.yaml'), 'replicas: 8\n');
    const r = await run(['publish', 'env/staging', ...engine, '--push']);
    expect(r.exitCode, r.stderr).toBe(0);
    const raw = await git(remote, 'cat-file', 'commit', 'env/staging');
    expect(raw).toContain('-----BEGIN SSH SIGNATURE-----');
    const verify = await execa('git', ['-c', `gpg.ssh.allowedSignersFile=${signers}`, 'verify-commit', 'env/staging'], { cwd: remote, reject: false, env: { GIT_CONFIG_GLOBAL: gitConfig } });
    expect(verify.exitCode, verify.stderr).toBe(0);
    expect(verify.stderr).toMatch(/Good "git" signature for repo@example\.com/);
    for (const k of ['gpg.format', 'user.signingkey', 'commit.gpgsign', 'gpg.ssh.allowedSignersFile']) await git(project, 'config', '--unset', k);
  });

  it('without any git identity, commits as bundle <bundle@localhost> and says how to set one', async () => {
    await git(project, 'config', '--unset', 'user.name');
    await git(project, 'config', '--unset', 'user.email');
    await writeFile(gitConfig, '[init]\n\tdefaultBranch = main\n');
    await writeFile(join(project, 'overlays/staging/values/frontend.yaml'), 'replicas: 9\n');
    const r = await run(['publish', 'env/staging', ...engine, '--push']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('git has no user.name/user.email here: committing as bundle <bundle@localhost>');
    expect(await git(remote, 'log', '-1', '--format=%an <%ae>', 'env/staging')).toBe('bundle <bundle@localhost>');
  });
});

describe('diff output for people', () => {
  it('--stat lists each object with its lines added and removed, and totals', async () => {
    await writeFile(join(project, 'overlays/staging/values/frontend.yaml'), 'replicas: 2\nimage:\n  tag: "1.25.4"\n');
    const r = await run(['diff', 'env/staging', ...engine, '--stat']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'bundle diff staging (against env/staging): 0 added, 1 changed, 0 removed',
      ' frontend/deployment-frontend.yaml | 4 ++--',
      ' 1 object changed, 2 insertions(+), 2 deletions(-)',
    ]);
    const json = JSON.parse((await run(['diff', 'env/staging', ...engine, '--stat', '-o', 'json'])).stdout);
    expect(json.releases[0].objects[0]).toMatchObject({ path: 'frontend/deployment-frontend.yaml', insertions: 2, deletions: 2 });
    const md = (await run(['diff', 'env/staging', ...engine, '--stat', '-o', 'markdown'])).stdout;
    expect(md).toContain('| `frontend/deployment-frontend.yaml` | changed | 2 | 2 |');
  });

  it('colours the text diff with --color always, never with never or NO_COLOR on auto (not a terminal here)', async () => {
    const always = await run(['diff', 'env/staging', ...engine, '--color', 'always']);
    expect(always.stdout).toContain('\u001b[31m-  replicas: 9\u001b[0m');
    expect(always.stdout).toContain('\u001b[32m+  replicas: 2\u001b[0m');
    expect(always.stdout).toMatch(/\u001b\[36m@@ .* @@\u001b\[0m/);
    for (const args of [['--color', 'never'], ['--color', 'auto'], []]) {
      const plain = await run(['diff', 'env/staging', ...engine, ...args]);
      expect(plain.stdout).not.toContain('\u001b[');
    }
    // JSON and markdown carry no escape codes whatever --color says.
    expect((await run(['diff', 'env/staging', ...engine, '--color', 'always', '-o', 'json'])).stdout).not.toContain('\u001b[');
  });

  it('colours a terminal on auto, unless NO_COLOR is set', async () => {
    // `script` gives the CLI a pseudo-terminal as stdout.
    const cmd = `node ${join(repoRoot, 'bin/bundle.js')} diff env/staging`;
    const tty = await execa('script', ['-qec', cmd, '/dev/null'], { cwd: project, reject: false, env: { GIT_CONFIG_GLOBAL: gitConfig, NO_COLOR: undefined } as any, extendEnv: true });
    expect(tty.stdout).toContain('\u001b[32m+  replicas: 2\u001b[0m');
    const noColor = await execa('script', ['-qec', cmd, '/dev/null'], { cwd: project, reject: false, env: { GIT_CONFIG_GLOBAL: gitConfig, NO_COLOR: '1' } });
    expect(noColor.stdout).toContain('+  replicas: 2');
    expect(noColor.stdout).not.toContain('\u001b[32m');
  });
});
