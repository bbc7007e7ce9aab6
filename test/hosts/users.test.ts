// users.sh (§17.9 through the CSR API): shellcheck-clean, its CSR verified by openssl and held to the Kubernetes 1.25
// CertificateSigningRequest schema, the key private to the operator, the user list the env's.
import { execa } from 'execa';
import yaml from 'js-yaml';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaCatalog } from '../../src/checks/schemas/catalog.js';
import { bundle } from '../helpers/cli.js';
import { editEnv, missingTool, projectCopy, replaceOnce, which } from './project.js';

let project: string;
let work: string;
let script: string;
let openssl: string | undefined;

beforeAll(async () => {
  openssl = await which('openssl');
  if (!openssl) missingTool('openssl');
  project = await projectCopy();
  work = await mkdtemp(join(tmpdir(), 'bundle-users-'));
  const r = await bundle(['hosts', 'env/prod'], { cwd: project });
  expect(r.exitCode, r.stderr).toBe(0);
  script = join(project, 'rendered-hosts/prod/users.sh');
});

afterAll(async () => {
  for (const dir of [project, work]) if (dir) await rm(dir, { recursive: true, force: true });
});

async function csr(user: string): Promise<Record<string, any>> {
  const r = await execa('bash', [script, 'csr', user], { cwd: work });
  return yaml.load(r.stdout) as Record<string, any>;
}

async function opensslText(args: string[], input: string): Promise<string> {
  return (await execa(openssl!, args, { input })).stdout;
}

describe('users.sh', () => {
  it('is clean under shellcheck', async (ctx) => {
    const shellcheck = await which('shellcheck');
    if (!shellcheck) {
      missingTool('shellcheck');
      return ctx.skip();
    }
    const r = await execa(shellcheck, ['--shell=bash', script], { reject: false });
    expect(r.stdout).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it.for(['lucky', 'kubectl'])("%s: a key of the operator's own and a kube-apiserver-client CSR with the user as CN", async (user, ctx) => {
    if (!openssl) return ctx.skip();
    const object = await csr(user);
    expect(object).toMatchObject({
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name: `user-${user}` },
      spec: { signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] },
    });
    const catalog = await SchemaCatalog.load([{ release: 'users', chart: 'users', source: 'users.sh', object }], '1.25.0');
    expect(catalog.validate(object)).toEqual({ known: true, issues: [] });
    expect(catalog.validate({ ...object, spec: { ...object.spec, usages: 'client auth' } })).not.toEqual({ known: true, issues: [] });

    const pem = Buffer.from(object.spec.request, 'base64').toString('utf8');
    const req = await opensslText(['req', '-noout', '-verify', '-subject', '-pubkey'], pem);
    expect(req).toMatch(/^subject=CN ?= ?(.+)$/m);
    expect(/^subject=CN ?= ?(.+)$/m.exec(req)![1]).toBe(user);
    const key = join(work, `${user}.key`);
    expect((await stat(key)).mode & 0o777).toBe(0o600);
    // The CSR carries the public half of that key.
    const publicKey = await execa(openssl!, ['pkey', '-in', key, '-pubout']);
    expect(req).toContain(publicKey.stdout);

    // Run again: the key is kept, a fresh CSR for it is made.
    const again = await csr(user);
    expect(await opensslText(['req', '-noout', '-pubkey'], Buffer.from(again.spec.request, 'base64').toString('utf8'))).toBe(publicKey.stdout);
  });

  it('knows only the env\'s users and nothing in the rendered tree is secret', async () => {
    const r = await execa('bash', [script, 'csr', 'es'], { cwd: work, reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('(users: lucky kubectl)');
    const text = await readFile(script, 'utf8');
    expect(text).toContain('users=(lucky kubectl)\nserver=https://192.168.40.180:6443\n');
    expect(text).not.toMatch(/BEGIN|PRIVATE/);
  });

  it('is not written when the env names no users', async () => {
    const dir = await projectCopy();
    await editEnv(dir, (t) => replaceOnce(t, '  users: [lucky, kubectl]\n', ''));
    expect((await bundle(['hosts', 'env/prod', '--out', 'out'], { cwd: dir })).exitCode).toBe(0);
    expect((await readFile(join(dir, 'out/prod/README.md'), 'utf8')).includes('users.sh')).toBe(false);
    await expect(stat(join(dir, 'out/prod/users.sh'))).rejects.toThrow();
    await rm(dir, { recursive: true, force: true });
  });
});
