// `bundle diff <env> --live` against a real kube-apiserver: a cluster that has only Argo CD's bootstrap, Secret
// values never shown, the server's rejections reported with exit 1, and the command's bad-input errors.
// (The no-change and changed-env cases run in envs.test.ts, against the synced envs.)
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyObjects } from '../../src/cluster/sync.js';
import { diffLive } from '../../src/diff/live.js';
import { bundle, repoRoot } from '../helpers/cli.js';
import { assertAccepted, bootstrapArgoCd, liveCluster, renderEnv, scratch, skipReason, tools, type LiveCluster } from './env.js';

describe.skipIf(skipReason)('bundle diff --live', () => {
  let lc: LiveCluster;
  const live = (args: string[], env: Record<string, string> = {}) =>
    bundle(['diff', ...args, '--live', '--kubeconfig', lc.kubeconfig], { env: { BUNDLE_KUBECTL: join(tools.bin, 'kubectl'), ...env } });
  beforeAll(async () => {
    lc = await liveCluster('diff');
    await bootstrapArgoCd(lc, 'prod');
  });
  afterAll(async () => lc?.close());

  it('on a cluster with only Argo CD: everything is added, objects in namespaces the sync creates are marked unvalidated', async () => {
    const files = await renderEnv('env/prod');
    const r = await live(['env/prod', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    const objects = json.releases.flatMap((x: any) => x.objects);
    expect(json.rejected).toEqual([]);
    expect(new Set(objects.map((o: any) => o.change))).toEqual(new Set(['added']));
    // Every rendered file, plus the namespaces CreateNamespace=true would create (kube-system exists already).
    const paths = objects.map((o: any) => o.path);
    for (const p of files.keys()) if (p.endsWith('.yaml')) expect(paths).toContain(p);
    expect(paths).toContain('web (CreateNamespace=true)');
    expect(paths).not.toContain('cni (CreateNamespace=true)');
    const note = (p: string) => objects.find((o: any) => o.path === p)?.note;
    expect(note('web/statefulset-web.yaml')).toBe('not validated: namespace web is created by this sync');
    expect(note('cni/clusterrole-cni-calico-node.yaml')).toBeUndefined();
    // Validated objects show what the server would store, defaults included.
    expect(objects.find((o: any) => o.path === 'cni/daemonset-cni-calico-node.yaml').diff).toContain('+  revisionHistoryLimit: 10');
  });

  it('masks Secret values, showing only that one changed', async () => {
    const secret = (value: string) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'default' },
      stringData: { password: value },
    });
    assertAccepted(await applyObjects(lc.conn, [{ path: 'secret', object: secret('hunter2-old') }], { fieldManager: 'bundle', dryRun: false }), 'Secret');
    const result = await diffLive(lc.conn, new Map([['app/secret-db.yaml', JSON.stringify(secret('hunter2-new'))]]), { fieldManager: 'bundle', salt: 'salt' });
    expect(result.changes.map((c) => `${c.path} ${c.change}`)).toEqual(['app/secret-db.yaml changed']);
    const diff = result.changes[0]!.diff;
    expect(diff).toMatch(/^-\s+password: <masked hmac-sha256:[0-9a-f]{12}>$/m);
    expect(diff).toMatch(/^\+\s+password: <masked hmac-sha256:[0-9a-f]{12}>$/m);
    for (const secretText of ['hunter2', Buffer.from('hunter2-old').toString('base64'), Buffer.from('hunter2-new').toString('base64')]) {
      expect(diff).not.toContain(secretText);
    }
  });

  it('reports what the server rejects and exits 1, with the diff of the rest on stdout', async () => {
    const project = await scratch('diff');
    await cp(join(repoRoot, 'overlays'), join(project, 'overlays'), { recursive: true });
    await cp(join(repoRoot, 'charts'), join(project, 'charts'), { recursive: true });
    const svc = join(project, 'charts/web/templates/service-headless.yaml');
    // One more object, in a namespace that exists (objects in namespaces the sync would create are not validated).
    await writeFile(svc, `${await readFile(svc, 'utf8')}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: unused\n  namespace: default\n  labels:\n    bad: "no spaces allowed"\n`);
    const r = await bundle(['diff', join(project, 'overlays/prod'), '--live', '--kubeconfig', lc.kubeconfig], { env: { BUNDLE_KUBECTL: join(tools.bin, 'kubectl') } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error: web\/configmap-default-unused\.yaml: ConfigMap default\/unused rejected by the API server \(Invalid\): ConfigMap "unused" is invalid: metadata\.labels: Invalid value: "no spaces allowed"/m);
    expect(r.stderr).toMatch(/^error: 1 object would not sync$/m);
    expect(r.stdout).toContain('== rejected by the API server: 1');
    expect(r.stdout).toMatch(/^bundle diff prod \(live\): \d+ added, 0 changed, 0 removed$/m);
  });

  it('refuses bad input: an unknown context, a missing kubectl, --kubeconfig without --live, --live with --against', async () => {
    const ctx = await live(['env/prod', '--context', 'nope']);
    expect(ctx.exitCode).toBe(1);
    expect(ctx.stderr).toContain('error: kubectl proxy exited: error: context "nope" does not exist');
    const noKubectl = await live(['env/prod'], { BUNDLE_KUBECTL: '/nonexistent/kubectl' });
    expect(noKubectl.exitCode).toBe(1);
    expect(noKubectl.stderr).toContain('kubectl not found (/nonexistent/kubectl)');
    const stray = await bundle(['diff', 'env/prod', '--against', '/nonexistent', '--kubeconfig', lc.kubeconfig]);
    expect(stray.exitCode).toBe(1);
    expect(stray.stderr).toContain('--kubeconfig and --context apply to --live only');
    const both = await live(['env/prod', '--against', 'main']);
    expect(both.exitCode).toBe(1);
    expect(both.stderr).toMatch(/option '--live' cannot be used with option '--against/);
  });
});
