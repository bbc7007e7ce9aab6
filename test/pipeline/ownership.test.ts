// The output folder is shared with people: a file bundle did not write is never replaced, an owned file edited by hand
// is never overwritten or pruned silently, and Secret files are readable by their owner only.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addObjectsChart, bundle, copyFixture, readTree, writeEnv } from '../helpers/cli.js';

let project: string;

const render = (out: string, ...extra: string[]) => bundle(['render', 'env/staging', '--out', out, '-o', 'json', ...extra], { cwd: project });

beforeAll(async () => {
  project = await copyFixture('project');
});

describe('files bundle does not own', () => {
  it('a foreign file where an object goes is a conflict (exit 1, named, kept); --adopt takes it over', async () => {
    const foreign = join(project, 'foreign/staging/frontend/service-frontend.yaml');
    await mkdir(join(project, 'foreign/staging/frontend'), { recursive: true });
    await writeFile(foreign, '# mine\n');
    const r = await render('foreign');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('foreign/staging/frontend/service-frontend.yaml:1:1: not written by bundle');
    expect(r.stderr).toContain('--adopt');
    expect(await readFile(foreign, 'utf8')).toBe('# mine\n');
    expect((await readTree(join(project, 'foreign/staging'))).size).toBe(1);
    const adopted = await render('foreign', '--adopt');
    expect(adopted.exitCode, adopted.stderr).toBe(0);
    expect(JSON.parse(adopted.stdout).adopted).toEqual(['frontend/service-frontend.yaml']);
    expect(await readFile(foreign, 'utf8')).toContain('kind: Service');
    // Owned from now on: pruned like any owned file.
    expect((await render('foreign')).exitCode).toBe(0);
  });

  it('a foreign file with exactly the content bundle would write is taken over quietly', async () => {
    expect((await render('same')).exitCode).toBe(0);
    await writeFile(join(project, 'same/staging/.bundle-owned'), '# lost\n');
    const r = await render('same');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).adopted).toHaveLength(8);
  });
});

describe('owned files edited by hand', () => {
  it('are reported and kept (exit 1); --force overwrites the edit', async () => {
    expect((await render('edited')).exitCode).toBe(0);
    const file = join(project, 'edited/staging/frontend/deployment-frontend.yaml');
    const edited = `${await readFile(file, 'utf8')}# hotfix by hand\n`;
    await writeFile(file, edited);
    const r = await render('edited');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('edited/staging/frontend/deployment-frontend.yaml:1:1: changed since bundle wrote it');
    expect(r.stderr).toContain('--force');
    expect(await readFile(file, 'utf8')).toBe(edited);
    const forced = await render('edited', '--force');
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout).overwritten).toEqual(['frontend/deployment-frontend.yaml']);
    expect(await readFile(file, 'utf8')).not.toContain('hotfix');
  });

  it('are not pruned silently either', async () => {
    expect((await render('pruned')).exitCode).toBe(0);
    const file = join(project, 'pruned/staging/backend/service-backend.yaml');
    await writeFile(file, `${await readFile(file, 'utf8')}# edited\n`);
    const env = join(project, 'overlays/staging/env.yaml');
    const original = await readFile(env, 'utf8');
    await writeFile(env, original.replace('    wave: 2\n', '    wave: 2\n    enabled: false\n'));
    try {
      const r = await render('pruned');
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/service-backend\.yaml:1:1: changed since bundle wrote it .* pruning would lose the edit/);
      expect(await readFile(file, 'utf8')).toContain('# edited');
      const forced = await render('pruned', '--force');
      expect(forced.exitCode, forced.stderr).toBe(0);
      expect(JSON.parse(forced.stdout).removed).toContain('backend/service-backend.yaml');
    } finally {
      await writeFile(env, original);
    }
  });
});

describe('Secret files', () => {
  it('are written 0600 when an env allows secrets; other files 0644', async () => {
    await addObjectsChart(project);
    await writeEnv(project, 'secrets', '  - name: s\n    chart: objects\n    namespace: s\n', {
      s: { objects: [{ kind: 'Secret', name: 'creds', data: { password: 'aHVudGVyMg==' } }, { name: 'plain' }] },
    }, 'allowSecrets: true\n');
    const r = await bundle(['render', 'env/secrets'], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    expect((await stat(join(project, 'rendered/secrets/s/secret-creds.yaml'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(project, 'rendered/secrets/s/configmap-plain.yaml'))).mode & 0o777).toBe(0o644);
  });
});
