// publish on a hostile branch: whatever someone pushed to the rendered branch (records, symlinks) and whatever the
// arguments say, publish touches nothing outside its private clone.
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundle, copyFixture } from '../helpers/cli.js';

let project: string;
let remote: string;
let outside: string;

const git = async (cwd: string, ...args: string[]) => (await execa('git', args, { cwd })).stdout.trim();
const publishArgs = (...extra: string[]) => ['publish', 'env/staging', '--repo', remote, '--push', ...extra];

/** Commit a change to the published branch as someone with push access would: `edit` gets a checkout. */
async function tamper(edit: (checkout: string) => Promise<void>): Promise<void> {
  const clone = await mkdtemp(join(tmpdir(), 'bundle-tamper-'));
  await git(tmpdir(), 'clone', '--quiet', '--branch', 'env/staging', remote, clone);
  await edit(clone);
  await git(clone, 'add', '--all', '.');
  await git(clone, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'tamper');
  await git(clone, 'push', '--quiet', 'origin', 'env/staging');
  await rm(clone, { recursive: true, force: true });
}

beforeAll(async () => {
  project = await copyFixture('project');
});

beforeEach(async () => {
  // A fresh remote with one clean publish on it, and a folder outside every repository that must stay untouched.
  remote = join(await mkdtemp(join(tmpdir(), 'bundle-remote-')), 'rendered.git');
  await execa('git', ['init', '--quiet', '--bare', remote]);
  const r = await bundle(publishArgs(), { cwd: project });
  expect(r.exitCode, r.stderr).toBe(0);
  outside = await mkdtemp(join(tmpdir(), 'bundle-outside-'));
  await writeFile(join(outside, 'victim.txt'), 'precious\n');
});

describe('publish stays inside its clone', () => {
  it('a record line escaping the env folder is rejected with its line number, and nothing is deleted (also with --dry-run)', async () => {
    await tamper(async (checkout) => {
      const record = join(checkout, 'staging/.bundle-owned');
      const lines = (await readFile(record, 'utf8')).trimEnd().split('\n');
      // Enough `..` to reach / from wherever the clone is, then the victim's absolute path.
      lines.splice(2, 0, `${'0'.repeat(64)}  ${'../'.repeat(40)}${join(outside, 'victim.txt').slice(1)}`);
      await writeFile(record, `${lines.join('\n')}\n`);
    });
    for (const extra of [['--dry-run'], []]) {
      const r = await bundle(publishArgs(...extra), { cwd: project });
      expect(existsSync(join(outside, 'victim.txt')), `victim deleted by publish ${extra.join(' ')}`).toBe(true);
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/staging\/\.bundle-owned:3:1: .*"\.\."/);
    }
  });

  it('rejects absolute paths and malformed lines in the record', async () => {
    await tamper(async (checkout) => {
      const record = join(checkout, 'staging/.bundle-owned');
      await writeFile(record, `${await readFile(record, 'utf8')}${'1'.repeat(64)}  ${join(outside, 'victim.txt')}\nnot a record line\n`);
    });
    const r = await bundle(publishArgs('--dry-run'), { cwd: project });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/\.bundle-owned:\d+:1: .*absolute/);
    expect(r.stderr).toMatch(/\.bundle-owned:\d+:1: .*expected "<sha256>  <path>"/);
    expect(existsSync(join(outside, 'victim.txt'))).toBe(true);
  });

  it('replaces symlinks committed on the branch by regular files and reports them; nothing lands outside', async () => {
    await tamper(async (checkout) => {
      await rm(join(checkout, 'staging/frontend'), { recursive: true });
      await symlink(outside, join(checkout, 'staging/frontend'));
      await rm(join(checkout, 'staging/.bundle-owned'));
      await symlink(join(outside, 'victim.txt'), join(checkout, 'staging/.bundle-owned'));
      await symlink(join(outside, 'victim.txt'), join(checkout, 'staging/apps/backend.yaml.tmp'));
    });
    const r = await bundle(publishArgs(), { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/replaced symlink staging\/frontend/);
    expect(r.stderr).toMatch(/replaced symlink staging\/\.bundle-owned/);
    expect(await readdir(outside)).toEqual(['victim.txt']);
    expect(await readFile(join(outside, 'victim.txt'), 'utf8')).toBe('precious\n');
    const modes = (await git(remote, 'ls-tree', '-r', 'env/staging')).split('\n');
    const links = modes.filter((l) => l.startsWith('120000'));
    // A foreign symlink that publish never writes through stays (it is not ours); the ones on our paths are gone.
    expect(links.map((l) => l.split('\t')[1])).toEqual(['staging/apps/backend.yaml.tmp']);
    expect(modes.some((l) => l.endsWith('\tstaging/frontend/deployment-frontend.yaml') && l.startsWith('100644'))).toBe(true);
  });

  it('resolves a relative --repo against the current directory', async () => {
    const local = join(project, 'published');
    await mkdir(local);
    await git(local, 'init', '--quiet');
    await git(local, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '--quiet', '--allow-empty', '-m', 'init');
    const r = await bundle(['publish', 'env/staging', '--repo', 'published'], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await git(local, 'ls-tree', '-r', '--name-only', 'env/staging')).toContain('staging/frontend/deployment-frontend.yaml');
  });

  it('gives git the repository after "--" and pins the protocols git may use', async () => {
    const marker = join(outside, 'pwned');
    const r = await bundle(['publish', 'env/staging', '--repo', `ext::sh -c touch% ${marker}`, '--push'], {
      cwd: project,
      env: { GIT_ALLOW_PROTOCOL: 'ext:file' },
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/transport 'ext' not allowed/);
    expect(existsSync(marker)).toBe(false);
    const dash = await bundle(['publish', 'env/staging', '--repo=--upload-pack=touch'], { cwd: project });
    expect(dash.exitCode).toBe(1);
    expect(dash.stderr).toMatch(/--upload-pack=touch/);
    expect(dash.stderr).not.toMatch(/unknown option|usage: git/);
  });

  it("a failed push prints git's own error", async () => {
    const hook = join(remote, 'hooks/pre-receive');
    await writeFile(hook, '#!/bin/sh\necho "rejected by policy" >&2\nexit 1\n', { mode: 0o755 });
    const values = join(project, 'overlays/staging/values/frontend.yaml');
    const original = await readFile(values, 'utf8');
    await writeFile(values, 'replicas: 4\n');
    try {
      const r = await bundle(publishArgs(), { cwd: project });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/rejected by policy/);
      expect(r.stderr).toMatch(/pre-receive hook declined/);
    } finally {
      await writeFile(values, original);
    }
  });
});
