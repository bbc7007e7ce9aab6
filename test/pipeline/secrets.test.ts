// No secret value in any message: schema errors name the path and what was expected, not the value, for Secret objects
// and for values under keys that look secret; a file that is not text is not echoed; diffs mask Secret values with a
// salt of the repository's own.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addObjectsChart, bundle, copyFixture, writeEnv } from '../helpers/cli.js';

let project: string;

beforeAll(async () => {
  project = await copyFixture('project');
  await addObjectsChart(project);
});

describe('messages never quote a secret', () => {
  it('values under keys that look secret are named, not shown; other values still are', async () => {
    const chart = join(project, 'charts/creds');
    await mkdir(join(chart, 'templates'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: creds\nversion: 0.1.0\n');
    await writeFile(join(chart, 'templates/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
    const integer = { type: 'integer' };
    await writeFile(
      join(chart, 'values.schema.json'),
      JSON.stringify({
        type: 'object',
        properties: {
          auth: { type: 'object', properties: { password: integer } },
          apiToken: { type: 'boolean' },
          tls: { type: 'object', properties: { privateKey: { enum: ['a', 'b'] } } },
          replicas: integer,
          global: {},
        },
      }),
    );
    await writeEnv(project, 'creds', '  - name: creds\n    chart: creds\n    namespace: creds\n', {
      creds: { auth: { password: 'hunter2-leaked' }, apiToken: 'tok-leaked-123', tls: { privateKey: 'key-leaked' }, replicas: 'three' },
    });
    const r = await bundle(['validate', 'env/creds'], { cwd: project });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/\/auth\/password: expected integer, got a string \(not shown: the key looks secret\)/);
    expect(r.stderr).toMatch(/\/apiToken: expected boolean, got a string \(not shown/);
    expect(r.stderr).toMatch(/\/tls\/privateKey: expected one of "a", "b", got a string \(not shown/);
    expect(r.stderr).toContain('/replicas: expected integer, got string "three"');
    expect(r.stderr).not.toMatch(/hunter2|tok-leaked|key-leaked/);
  });

  it('Secret data and stringData are never shown by the Kubernetes schema check', async () => {
    await writeEnv(
      project,
      'secret',
      '  - name: s\n    chart: objects\n    namespace: s\n',
      { s: { objects: [{ kind: 'Secret', name: 'creds', data: { password: 'hunter2-leaked' } }, { kind: 'Secret', name: 'more', data: { token: 424242 } }] } },
      'allowSecrets: true\n',
    );
    for (const command of ['render', 'lint']) {
      const r = await bundle([command, 'env/secret'], { cwd: project });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/\/data\/password\): must match format "byte", got a string \(not shown: Secret data\)/);
      expect(r.stderr).toMatch(/\/data\/token\): must be string, got a number \(not shown: Secret data\)/);
      expect(r.stderr).not.toMatch(/hunter2|424242/);
    }
  });

  it('a file that is not UTF-8 text is reported without its content', async () => {
    await writeEnv(project, 'utf16', '  - name: frontend\n    chart: web\n    namespace: shop\n');
    const file = join(project, 'overlays/utf16/env.yaml');
    const text = `${await readFile(file, 'utf8')}password: hunter2-leaked\n`;
    // UTF-16 without a byte order mark: every other byte is NUL.
    await writeFile(file, Buffer.from(text, 'utf16le'));
    const r = await bundle(['validate', 'env/utf16'], { cwd: project });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/overlays\/utf16\/env\.yaml:1:1: .*NUL/);
    expect(r.stderr).not.toMatch(/hunter2|l\\u0000e\\u0000a/);
    // With a byte order mark it is read as libyaml reads it: the key is named, its value is not.
    await writeFile(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const bom = await bundle(['validate', 'env/utf16'], { cwd: project });
    expect(bom.exitCode).toBe(1);
    expect(bom.stderr).toContain('unknown key "password"');
    expect(bom.stderr).not.toContain('hunter2');
  });
});

describe('git errors', () => {
  it('never print the credentials of a repository URL', async () => {
    const r = await bundle(['publish', 'env/staging', '--repo', 'https://bundle:s3cret-token@127.0.0.1:9/rendered.git', '--push'], { cwd: project });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('https://bundle:***@127.0.0.1:9/rendered.git');
    expect(r.stderr).not.toContain('s3cret');
  });
});

describe('bundle diff', () => {
  /** Masks of one Secret value in a diff run in `dir`. */
  async function masks(dir: string): Promise<string[]> {
    await writeEnv(dir, 'masked', '  - name: s\n    chart: objects\n    namespace: s\n', { s: { objects: [{ kind: 'Secret', name: 'creds', data: { password: 'aHVudGVyMg==' } }] } }, 'allowSecrets: true\n');
    expect((await bundle(['render', 'env/masked', '--out', 'before'], { cwd: dir })).exitCode).toBe(0);
    await writeFile(join(dir, 'overlays/masked/values/s.yaml'), JSON.stringify({ objects: [{ kind: 'Secret', name: 'creds', data: { password: 'c2VjcmV0' } }] }));
    const r = await bundle(['diff', 'env/masked', '--against', 'before'], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/aHVudGVyMg==|c2VjcmV0/);
    return [...r.stdout.matchAll(/<masked hmac-sha256:([0-9a-f]{12})>/g)].map((m) => m[1]!);
  }

  it("masks Secret values with the repository's salt, not a bare hash", async () => {
    const other = join(project, '..', `${project.split('/').pop()}-other`);
    await cp(project, other, { recursive: true });
    const [a, b] = [await masks(project), await masks(other)];
    expect(a).toHaveLength(2);
    expect(a[0]).not.toBe(a[1]);
    for (const value of ['aHVudGVyMg==', 'c2VjcmV0']) expect(a).not.toContain(createHash('sha256').update(value).digest('hex').slice(0, 12));
    // Another repository has another salt: the same values get other masks.
    expect(b).toHaveLength(2);
    expect(b).not.toContain(a[0]);
    expect(existsSync(join(project, '.bundle-salt'))).toBe(true);
    // The same repository keeps its salt: the same masks next time.
    expect(await masks(project)).toEqual(a);
  });
});
