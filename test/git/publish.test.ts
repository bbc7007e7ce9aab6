// publish and diff against real git repositories (bare remotes in temp dirs), with the real helm engine.
import { execa } from 'execa';
import { chmod, cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundle, copyFixture } from '../helpers/cli.js';

let project: string;
let remote: string;

const git = async (cwd: string, ...args: string[]) => (await execa('git', args, { cwd })).stdout.trim();
const head = (branch = 'env/staging') => git(remote, 'rev-parse', branch);
const files = async (branch = 'env/staging') => (await git(remote, 'ls-tree', '-r', '--name-only', branch)).split('\n').sort();
const publishArgs = (...extra: string[]) => ['publish', 'env/staging', '--engine', 'helm', '--repo', remote, '--push', ...extra];

async function editValues(file: string, text: string) {
  await writeFile(join(project, 'overlays/staging/values', file), text);
}

beforeAll(async () => {
  project = await copyFixture('project');
  remote = join(await mkdtemp(join(tmpdir(), 'bundle-remote-')), 'rendered.git');
  await execa('git', ['init', '--quiet', '--bare', remote]);
});

describe('bundle publish', () => {
  it('first publish creates the branch with the rendered tree and trailers', async () => {
    const r = await bundle(publishArgs('-o', 'json'), { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ createdBranch: true, pushed: true });
    expect(await files()).toEqual([
      'staging/.bundle-owned',
      'staging/apps/backend.yaml',
      'staging/apps/frontend.yaml',
      'staging/backend/clusterrole-backend-reader.yaml',
      'staging/backend/deployment-backend.yaml',
      'staging/backend/service-backend.yaml',
      'staging/frontend/clusterrole-frontend-reader.yaml',
      'staging/frontend/deployment-frontend.yaml',
      'staging/frontend/service-frontend.yaml',
    ]);
    const message = await git(remote, 'log', '-1', '--format=%B', 'env/staging');
    expect(message).toMatch(/^bundle: render staging\n\nBundle-Env: staging\nBundle-Source: \S+\nBundle-Version: \d+\.\d+\.\d+$/);
  });

  it('a second identical publish makes no commit', async () => {
    const before = await head();
    const r = await bundle(publishArgs(), { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('up to date, nothing to commit');
    expect(await head()).toBe(before);
  });

  it('a changed value makes one commit touching only the changed files', async () => {
    const before = await head();
    await editValues('frontend.yaml', 'replicas: 5\nimage:\n  tag: "1.25.4"\n');
    const r = await bundle(publishArgs(), { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await git(remote, 'rev-parse', 'env/staging~1')).toBe(before);
    const touched = (await git(remote, 'diff', '--name-only', before, 'env/staging')).split('\n').sort();
    expect(touched).toEqual(['staging/.bundle-owned', 'staging/frontend/deployment-frontend.yaml']);
  });

  it('--dry-run prints the plan and changes nothing', async () => {
    const before = await head();
    await editValues('frontend.yaml', 'replicas: 6\n');
    const r = await bundle(publishArgs('--dry-run'), { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('modified\tstaging/frontend/deployment-frontend.yaml');
    expect(await head()).toBe(before);
  });

  it('prunes a removed release and keeps a foreign file', async () => {
    const clone = await mkdtemp(join(tmpdir(), 'bundle-clone-'));
    await git(tmpdir(), 'clone', '--quiet', '--branch', 'env/staging', remote, clone);
    await writeFile(join(clone, 'staging/OWNERS'), 'platform-team\n');
    await git(clone, 'add', '.');
    await git(clone, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'foreign file');
    await git(clone, 'push', '--quiet', 'origin', 'env/staging');
    const env = join(project, 'overlays/staging/env.yaml');
    const original = await readFile(env, 'utf8');
    await writeFile(env, original.replace('    wave: 2\n', '    wave: 2\n    enabled: false\n'));
    try {
      const r = await bundle(publishArgs(), { cwd: project });
      expect(r.exitCode, r.stderr).toBe(0);
      const after = await files();
      expect(after.filter((f) => f.includes('backend'))).toEqual([]);
      expect(after).toContain('staging/OWNERS');
    } finally {
      await writeFile(env, original);
    }
  });

  it('two publishes racing on one branch both land, no commit lost', async () => {
    // Both envs name the branch in their env files (argocd.targetRevision), where their Applications read it.
    const stagingEnv = join(project, 'overlays/staging/env.yaml');
    const original = await readFile(stagingEnv, 'utf8');
    const shared = original.replace('  repoURL: https://git.example.com/rendered.git\n', '  repoURL: https://git.example.com/rendered.git\n  targetRevision: shared\n');
    await cp(join(project, 'overlays/staging'), join(project, 'overlays/qa'), { recursive: true });
    await writeFile(join(project, 'overlays/qa/env.yaml'), shared.replace(/^name: staging$/m, 'name: qa'));
    await writeFile(stagingEnv, shared);
    const [a, b] = await Promise.all([
      bundle(publishArgs(), { cwd: project }),
      bundle(['publish', 'env/qa', '--engine', 'helm', '--repo', remote, '--push'], { cwd: project }),
    ]).finally(() => writeFile(stagingEnv, original));
    expect(a.exitCode, a.stderr).toBe(0);
    expect(b.exitCode, b.stderr).toBe(0);
    const tree = await files('shared');
    expect(tree).toContain('staging/frontend/deployment-frontend.yaml');
    expect(tree).toContain('qa/frontend/deployment-frontend.yaml');
    expect(await git(remote, 'rev-list', '--count', 'shared')).toBe('2');
  });

  it('a failing push leaves the remote unchanged', async () => {
    const before = await head();
    const hook = join(remote, 'hooks/pre-receive');
    await writeFile(hook, '#!/bin/sh\necho "rejected by policy" >&2\nexit 1\n');
    await chmod(hook, 0o755);
    await editValues('frontend.yaml', 'replicas: 7\n');
    try {
      const r = await bundle(publishArgs(), { cwd: project });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/push/);
      expect(await head()).toBe(before);
    } finally {
      await writeFile(hook, '#!/bin/sh\nexit 0\n');
    }
  });
});

describe('bundle diff', () => {
  it('exits 0 with no change and 2 with a change; json has a stable shape', async () => {
    await editValues('frontend.yaml', 'replicas: 8\n');
    expect((await bundle(publishArgs(), { cwd: project })).exitCode).toBe(0);
    const same = await bundle(['diff', 'env/staging', '--engine', 'helm', '--repo', remote, '--exit-code'], { cwd: project });
    expect(same.exitCode, same.stderr).toBe(0);
    expect(same.stdout).toContain('no changes');
    await editValues('frontend.yaml', 'replicas: 9\n');
    const changed = await bundle(['diff', 'env/staging', '--engine', 'helm', '--repo', remote, '--exit-code', '-o', 'json'], { cwd: project });
    expect(changed.exitCode, changed.stderr).toBe(2);
    const report = JSON.parse(changed.stdout);
    expect(report).toMatchObject({ changed: true, summary: { added: 0, removed: 0, changed: 1 } });
    expect(report.releases).toEqual([
      {
        release: 'frontend',
        objects: [
          expect.objectContaining({ path: 'frontend/deployment-frontend.yaml', kind: 'Deployment', name: 'frontend', namespace: 'shop', change: 'changed' }),
        ],
      },
    ]);
    expect(report.releases[0].objects[0].diff).toContain('-  replicas: 8\n+  replicas: 9');
  });

  it('compares two envs and renders markdown for a PR comment', async () => {
    const r = await bundle(['diff', 'env/staging', '--env', 'env/qa', '--engine', 'helm', '-o', 'markdown'], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('### bundle diff env/qa → staging');
    expect(r.stdout).toContain('```diff');
  });
});
