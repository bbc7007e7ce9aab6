// env/prod and env/dev synced onto a real kube-apiserver (each env its own cluster, as in life): every object of the
// rendered tree server-side applied in Argo CD's order with strict field validation, then re-applied (the server
// must write nothing), then the tree of a changed env applied (exactly the objects whose render changed are written),
// with `bundle diff --live` run against the same cluster before each step. The tests of one env run in order.
import { cp, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Resources } from '../../src/cluster/resources.js';
import type { SyncReport } from '../../src/cluster/sync.js';
import { bundle, repoRoot } from '../helpers/cli.js';
import { applyEnv, bootstrapArgoCd, liveCluster, renderEnv, scratch, skipReason, tools, type LiveCluster } from './env.js';

/** A fact every env has, and the objects its change must touch (checked against the render diff, too). */
const CHANGE = {
  prod: { from: 'ingressVIP: 192.168.40.199', to: 'ingressVIP: 192.168.40.200' },
  dev: { from: 'ingressVIP: 192.168.56.99', to: 'ingressVIP: 192.168.56.98' },
} as const;
const CHANGED_OBJECTS = ['ingress-nginx/deployment-ingress-nginx-controller.yaml', 'keepalived/configmap-keepalived.yaml', 'keepalived/daemonset-keepalived.yaml'];

/** Kinds whose resourceVersion kube-apiserver 1.25 bumps on every server-side apply, even one that changes nothing
 *  in the stored object (managedFields included; a no-op merge patch or replace leaves it alone). Measured here on the
 *  test cluster; the class of kubernetes/kubernetes#124605. */
const SSA_ALWAYS_WRITES = new Set(['PersistentVolume', 'PersistentVolumeClaim']);

/** For every object the report applied, a string that changes whenever the server writes it: its resourceVersion; for
 *  the kinds above, the stored object without it (so a write that changes something still shows). */
async function versions(lc: LiveCluster, report: SyncReport): Promise<Map<string, string>> {
  const resources = new Resources(lc.conn);
  const applied = report.results.filter((r) => r.outcome === 'applied');
  const stored = await Promise.all(applied.map(async (r) => (await lc.conn.call('GET', (await resources.path(r.ref)).path)).body));
  const version = (o: any) => (SSA_ALWAYS_WRITES.has(o.kind) ? JSON.stringify({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } }) : (o.metadata.resourceVersion as string));
  return new Map(applied.map((r, i) => [r.path, version(stored[i])]));
}

function summary(env: string, report: SyncReport): string {
  const byRelease = new Map<string, number>();
  for (const r of report.results) if (r.release && !r.path.endsWith('(CreateNamespace=true)')) byRelease.set(r.release, (byRelease.get(r.release) ?? 0) + 1);
  const apps = report.results.filter((r) => r.path.startsWith('apps/')).length;
  const namespaces = report.results.filter((r) => r.path.endsWith('(CreateNamespace=true)')).length;
  const hooks = report.results.filter((r) => r.phase !== 'Sync' && !r.path.endsWith('(CreateNamespace=true)')).map((r) => `${r.ref.kind} ${r.ref.name} (${r.phase})`);
  return (
    `env/${env}: ${report.counts.applied} objects accepted by kube-apiserver v1.25.15, ${report.counts.rejected} rejected — ` +
    `${apps} Applications, ${namespaces} namespaces (CreateNamespace=true), ` +
    [...byRelease].map(([r, n]) => `${r} ${n}`).join(', ') +
    (hooks.length ? `; Helm hooks as Argo CD runs them: ${hooks.join(', ')}` : '')
  );
}

const cli = (args: string[], cwd?: string) => bundle(args, { cwd, env: { BUNDLE_KUBECTL: join(tools.bin, 'kubectl') } });

describe.skipIf(skipReason).each(['prod', 'dev'] as const)('env/%s synced onto a real kube-apiserver', (env) => {
  let lc: LiveCluster;
  let files: Map<string, string>;
  let first: Map<string, string>;
  let changedProject: string;

  beforeAll(async () => {
    const facts = parse(await readFile(join(repoRoot, 'overlays', env, 'env.yaml'), 'utf8'));
    lc = await liveCluster(env, facts.cluster.serviceCIDR);
    await bootstrapArgoCd(lc, env);
    files = await renderEnv(`env/${env}`);
    // The same project with one cluster fact changed.
    changedProject = await scratch(`${env}-changed`);
    await cp(join(repoRoot, 'overlays'), join(changedProject, 'overlays'), { recursive: true });
    await symlink(join(repoRoot, 'charts'), join(changedProject, 'charts'));
    const envFile = join(changedProject, 'overlays', env, 'env.yaml');
    const text = await readFile(envFile, 'utf8');
    expect(text).toContain(CHANGE[env].from);
    await writeFile(envFile, text.replace(CHANGE[env].from, CHANGE[env].to));
  });
  afterAll(async () => lc?.close());

  it('accepts every object, applied in sync-wave order with server-side apply and strict field validation', async () => {
    const report = await applyEnv(lc, files, `env/${env}`);
    console.log(summary(env, report));
    expect(report.counts.skipped).toBe(0);
    expect(report.results.filter((r) => !r.path.endsWith('(CreateNamespace=true)')).length).toBe([...files.keys()].filter((p) => p.endsWith('.yaml')).length);
    first = await versions(lc, report);
  });

  it('bundle diff --live finds nothing to change, and a re-apply writes nothing', async () => {
    const diff = await cli(['diff', `env/${env}`, '--live', '--kubeconfig', lc.kubeconfig, '--exit-code']);
    expect(diff.exitCode, diff.stderr + diff.stdout).toBe(0);
    expect(diff.stdout).toBe(`bundle diff ${env} (live): no changes`);
    const again = await applyEnv(lc, files, `env/${env} again`);
    expect(await versions(lc, again)).toEqual(first);
  });

  it('a changed env fact changes exactly the objects whose render changed, in bundle diff --live and on the server', async () => {
    const changedFiles = await renderEnv(join(changedProject, 'overlays', env));
    const rendered = [...changedFiles.keys()].filter((p) => p !== '.bundle-owned' && changedFiles.get(p) !== files.get(p)).sort();
    expect(rendered).toEqual(CHANGED_OBJECTS);

    const diff = await cli(['diff', join(changedProject, 'overlays', env), '--live', '--kubeconfig', lc.kubeconfig, '-o', 'json', '--exit-code']);
    expect(diff.exitCode, diff.stderr).toBe(2);
    const json = JSON.parse(diff.stdout);
    const objects = json.releases.flatMap((r: any) => r.objects);
    expect(objects.map((o: any) => `${o.path} ${o.change}`).sort()).toEqual(CHANGED_OBJECTS.map((p) => `${p} changed`));
    expect(json.rejected).toEqual([]);
    const cm = objects.find((o: any) => o.path === 'keepalived/configmap-keepalived.yaml');
    expect(cm.diff).toMatch(new RegExp(`^\\+.*${CHANGE[env].to.split(': ')[1]!.replace(/\./g, '\\.')}`, 'm'));

    const report = await applyEnv(lc, changedFiles, `changed env/${env}`);
    const after = await versions(lc, report);
    const written = [...after].filter(([p, v]) => first.get(p) !== v).map(([p]) => p).sort();
    expect(written).toEqual(CHANGED_OBJECTS);
  });
});
