// Every chart, with each ci/*.yaml, installed alone by real helm v3 and v4 on a real kube-apiserver: `helm install`
// into a fresh namespace (no --wait: nothing runs), `helm upgrade` with a changed value, `helm uninstall`.
// Helm waits for hook Jobs until they complete, which needs a kubelet, so install and upgrade run with --no-hooks;
// the hooks (`helm get hooks`) are then created through the same server-side apply as the env tests, and reported.
// A scenario that puts objects into a namespace it does not create (the tenancy release's `test`, `limit`, … in the
// bundle) first gets the env/prod release that creates that namespace, applied as Argo CD syncs it, and removed after.
// A scenario named `*-rejected.yaml` shows the server refusing something: its install must fail with exactly the
// reason in REJECTED.
// Charts run side by side, scenarios of one chart one after another; a scenario holds the cluster-wide names it
// uses (cluster-scoped objects, namespaces other than its own, fixed node ports) while it runs, so two that share one
// (probes and rolling-update both use the course's node port 31181) never overlap.
import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyObjects, applyPlan, planSync, type SyncStep } from '../../src/cluster/sync.js';
import { describeRef, refOf, Resources, UnknownKindError } from '../../src/cluster/resources.js';
import { parseManifests } from '../../src/render/manifest-yaml.js';
import { renderChart } from '../charts/render.js';
import { repoRoot } from '../helpers/cli.js';
import { assertAccepted, installCrds, liveCluster, renderEnv, scratch, skipReason, type LiveCluster } from './env.js';
import { deleteObjects, helmRunner, objectsOf, waitGone, type HelmMajor } from './helm.js';

const chartsDir = join(repoRoot, 'charts');
const charts = readdirSync(chartsDir).filter((c) => existsSync(join(chartsDir, c, 'Chart.yaml')) && c !== 'common');
const scenarios = (chart: string) => readdirSync(join(chartsDir, chart, 'ci')).filter((f) => f.endsWith('.yaml')).sort();

/** What the API server must refuse, word for word (kube-apiserver 1.25.15). */
const REJECTED: Record<string, string> = {
  // §17.10.2's pod-request against LimitRange cpu-memory of prod's tenancy release, as the course shows it.
  'tenancy-demo/limitrange-rejected.yaml':
    'pods "pod-request" is forbidden: [minimum cpu usage per Container is 500m, but request is 100m, cpu max limit to request ratio per Container is 4, but provided ratio is 10.000000]',
};

/** Namespaces a fresh cluster has. */
const PREEXISTING = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/** The changed values of each upgrade (a values file, merged over the scenario's), and a string that must then be
 *  on the server: a registry override for every chart with images, one more ClusterRole for tenancy, one more pod
 *  (running as the namespace's default ServiceAccount) for tenancy-demo, whose chart defaults render nothing. */
async function upgradeValues(chart: string, namespace: string): Promise<{ file: string; marker: string }> {
  const file = join(await scratch('upgrade'), 'values.yaml');
  if (chart === 'tenancy') {
    await writeFile(file, 'clusterRoles:\n  e2e-upgrade:\n    rules: [{ apiGroups: [""], resources: [pods], verbs: [get] }]\n');
    return { file, marker: 'e2e-upgrade' };
  }
  const extra = chart === 'tenancy-demo' ? `serviceAccountPods:\n  e2e-upgrade: { namespace: ${namespace}, serviceAccount: default }\n` : '';
  await writeFile(file, `global:\n  imageRegistry: registry.e2e.example\n${extra}`);
  return { file, marker: 'registry.e2e.example' };
}

const name = (...parts: string[]) => parts.join('-').toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 53).replace(/-+$/, '');

/** Names of the one cluster every chart test shares, held by the scenario that uses them. */
class Claims {
  private readonly held = new Set<string>();
  private waiting: (() => void)[] = [];

  async take(keys: string[]): Promise<() => void> {
    while (keys.some((k) => this.held.has(k))) await new Promise<void>((r) => this.waiting.push(r));
    for (const k of keys) this.held.add(k);
    return () => {
      for (const k of keys) this.held.delete(k);
      for (const wake of this.waiting.splice(0)) wake();
    };
  }
}

interface Placed {
  object: any;
  /** Undefined for a cluster-scoped object. */
  namespace?: string;
}

/** Each object with the namespace it lands in (helm puts namespaced objects without one into the release's). */
async function place(resources: Resources, objects: any[], releaseNamespace: string): Promise<Placed[]> {
  const crdScope = new Map(objects.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => [`${o.spec.group}/${o.spec.names.kind}`, o.spec.scope]));
  return Promise.all(
    objects.map(async (object) => {
      if (object.metadata?.namespace) return { object, namespace: object.metadata.namespace };
      let namespaced: boolean;
      try {
        namespaced = (await resources.info(object.apiVersion, object.kind)).namespaced;
      } catch (e) {
        if (!(e instanceof UnknownKindError)) throw e;
        namespaced = crdScope.get(`${String(object.apiVersion).split('/')[0]}/${object.kind}`) === 'Namespaced';
      }
      return { object, namespace: namespaced ? releaseNamespace : undefined };
    }),
  );
}

/** The cluster-wide names objects use: cluster-scoped objects (Namespaces among them), namespaces other than the
 *  release's (an object in a preexisting one by its own name), fixed node ports. */
function claimsOf(placed: Placed[], releaseNamespace: string): string[] {
  const keys = new Set<string>();
  for (const { object, namespace } of placed) {
    if (namespace === undefined) keys.add(`${object.kind}/${object.metadata.name}`);
    else if (PREEXISTING.has(namespace)) keys.add(`${object.kind}/${namespace}/${object.metadata.name}`);
    else if (namespace !== releaseNamespace) keys.add(`Namespace/${namespace}`);
    if (object.kind === 'Service') for (const p of object.spec?.ports ?? []) if (p.nodePort) keys.add(`nodePort/${p.nodePort}`);
  }
  return [...keys].sort();
}

/** A release of env/prod, applied as Argo CD syncs it (its namespace created first). */
interface Prerequisite {
  release: string;
  steps: SyncStep[];
  claims: string[];
}

describe.skipIf(skipReason)('charts on a real kube-apiserver (helm v3 and v4)', () => {
  let lc: LiveCluster;
  let prod: Map<string, string>;
  const claims = new Claims();
  beforeAll(async () => {
    lc = await liveCluster('charts');
    await installCrds(lc.conn);
    prod = await renderEnv('env/prod');
  });
  afterAll(async () => lc?.close());

  it('every ci scenario named *-rejected.yaml has its expected rejection, and only those', () => {
    const named = charts.flatMap((c) => scenarios(c).filter((f) => f.endsWith('-rejected.yaml')).map((f) => `${c}/${f}`));
    expect(named.sort()).toEqual(Object.keys(REJECTED).sort());
  });

  /** The env/prod releases that create the namespaces a scenario uses but does not create. */
  async function prerequisites(placed: Placed[], releaseNamespace: string): Promise<Prerequisite[]> {
    const own = new Set(placed.filter((p) => p.object.kind === 'Namespace').map((p) => p.object.metadata.name));
    const needed = new Set(placed.map((p) => p.namespace).filter((ns): ns is string => ns !== undefined && ns !== releaseNamespace && !PREEXISTING.has(ns) && !own.has(ns)));
    const releases = new Set<string>();
    for (const ns of needed) {
      const path = [...prod.keys()].find((p) => !p.startsWith('apps/') && p.endsWith('.yaml') && ((o: any) => o?.kind === 'Namespace' && o.metadata.name === ns)(parseManifests(prod.get(p)!)[0]));
      if (!path) throw new Error(`the scenario puts objects into namespace ${ns}, which neither it nor any env/prod release creates`);
      releases.add(path.split('/')[0]!);
    }
    const resources = new Resources(lc.conn);
    return Promise.all(
      [...releases].map(async (release) => {
        const files = new Map([...prod].filter(([p]) => p === `apps/${release}.yaml` || p.startsWith(`${release}/`)));
        // Without the Application itself: Argo CD is not installed on this cluster.
        const steps = planSync(files).slice(1);
        const objects = steps.flatMap((s) => s.objects.filter((o) => !o.skip).map((o) => o.object));
        const namespace = (parseManifests(files.get(`apps/${release}.yaml`)!)[0] as any).spec.destination.namespace;
        return { release, steps, claims: claimsOf(await place(resources, objects, namespace), namespace) };
      }),
    );
  }

  it.concurrent.each(charts)('%s: install, upgrade, uninstall with every ci scenario', async (chart) => {
    const lines: string[] = [];
    const resources = new Resources(lc.conn);
    for (const file of scenarios(chart)) {
      const values = join(chartsDir, chart, 'ci', file);
      for (const major of [3, 4] as HelmMajor[]) {
        const scenario = file.replace(/\.yaml$/, '');
        const release = name(`h${major}`, chart, scenario);
        const ns = release;
        const rendered = await renderChart(join(chartsDir, chart), { release, namespace: ns, valuesFiles: [values] });
        const placed = await place(resources, rendered.objects, ns);
        const prereqs = await prerequisites(placed, ns);
        const free = await claims.take([...new Set([...claimsOf(placed, ns), ...prereqs.flatMap((p) => p.claims)])]);
        try {
          const prereqObjects: any[] = [];
          for (const p of prereqs) {
            const report = await applyPlan(lc.conn, p.steps, { fieldManager: 'bundle', dryRun: false });
            assertAccepted(report, `${release}: env/prod release ${p.release}`);
            prereqObjects.push(...report.results.filter((r) => r.outcome === 'applied').map((r) => r.object));
          }
          const after = prereqs.length ? ` (after env/prod's ${prereqs.map((p) => p.release).join(', ')})` : '';
          const helm = await helmRunner(major, lc.kubeconfig);
          const common = [release, join(chartsDir, chart), '-n', ns, '-f', values, '--no-hooks', '--timeout', '60s'];
          const expected = REJECTED[`${chart}/${file}`];
          if (expected) {
            const refused = await helm(['install', ...common, '--create-namespace']).then(() => undefined, (e: Error) => e.message);
            expect(refused, `${release}: helm install must fail`).toBeDefined();
            expect(helmErrors(refused!), `${release}: the server's reasons`).toEqual([expected]);
            // helm keeps the failed release; its uninstall removes whatever was created before the refusal.
            const attempted = await objectsOf(lc.conn, await helm(['get', 'manifest', release, '-n', ns]), ns);
            await helm(['uninstall', release, '-n', ns, '--timeout', '60s']);
            await waitGone(lc.conn, attempted);
            lines.push(`  ${file} helm v${major}${after}: refused as expected: ${expected}`);
          } else {
            lines.push(`  ${file} helm v${major}${after}: ${await installUpgradeUninstall(chart, file, major, release, ns, common)}`);
          }
          await deleteObjects(lc.conn, prereqObjects);
          await waitGone(lc.conn, prereqObjects);
        } finally {
          free();
        }
      }
    }
    console.log(`${chart}:\n${lines.join('\n')}`);
  }, 600_000);

  async function installUpgradeUninstall(chart: string, file: string, major: HelmMajor, release: string, ns: string, common: string[]): Promise<string> {
    const helm = await helmRunner(major, lc.kubeconfig);
    await helm(['install', ...common, '--create-namespace']);
    const installed = await objectsOf(lc.conn, await helm(['get', 'manifest', release, '-n', ns]), ns);
    const hooks = await objectsOf(lc.conn, await helm(['get', 'hooks', release, '-n', ns]), ns);
    if (hooks.length > 0) {
      assertAccepted(await applyObjects(lc.conn, hooks.map((o) => ({ path: `${chart}/ci/${file} hook`, object: o })), { fieldManager: 'bundle', dryRun: false }), `${release} hooks`);
    }
    const { file: upgrade, marker } = await upgradeValues(chart, ns);
    await helm(['upgrade', ...common, '-f', upgrade]);
    const upgraded = await objectsOf(lc.conn, await helm(['get', 'manifest', release, '-n', ns]), ns);
    expect(JSON.stringify(upgraded), `${release}: the upgrade changes the manifest`).not.toEqual(JSON.stringify(installed));
    const onServer = await liveTexts(lc, upgraded);
    expect(onServer.some((t) => t.includes(marker)), `${release}: ${marker} reaches the server`).toBe(true);
    await helm(['uninstall', release, '-n', ns, '--timeout', '60s']);
    // helm.sh/resource-policy: keep (the CRDs) must survive the uninstall; the next scenario needs them gone.
    const kept = upgraded.filter((o) => o.metadata.annotations?.['helm.sh/resource-policy'] === 'keep');
    for (const text of await liveTexts(lc, kept)) expect(JSON.parse(text).metadata.deletionTimestamp, `${release}: kept on uninstall`).toBeUndefined();
    await deleteObjects(lc.conn, [...kept, ...hooks]);
    await waitGone(lc.conn, [...upgraded, ...hooks]);
    return (
      `${installed.length} objects installed, upgraded, uninstalled` +
      (kept.length ? ` (${kept.length} kept by helm.sh/resource-policy: keep)` : '') +
      (hooks.length ? `; ${hooks.length} hooks created, not run (${hookSummary(hooks)})` : '')
    );
  }
});

/** The reasons in helm's error: `* reason` lines (several errors), else the text after `INSTALLATION FAILED: `. */
function helmErrors(message: string): string[] {
  const listed = [...message.matchAll(/^\t\* (.*)$/gm)].map((m) => m[1]!);
  if (listed.length > 0) return listed;
  const single = /INSTALLATION FAILED: (.*)$/m.exec(message);
  return single ? [single[1]!] : [message];
}

async function liveTexts(lc: LiveCluster, objects: any[]): Promise<string[]> {
  const resources = new Resources(lc.conn);
  return Promise.all(objects.map(async (o) => JSON.stringify((await lc.conn.call('GET', (await resources.path(refOf(o))).path)).body)));
}

/** `Job x-admission-create [pre-install,pre-upgrade], … + 5 RBAC/ServiceAccount objects`. */
function hookSummary(hooks: any[]): string {
  const runs = hooks.filter((h) => h.kind === 'Job' || h.kind === 'Pod');
  const rest = hooks.length - runs.length;
  return [...runs.map((h) => `${describeRef(refOf(h))} [${h.metadata.annotations['helm.sh/hook']}]`), ...(rest ? [`${rest} more for them`] : [])].join(', ');
}
