// Every chart, with each ci/*.yaml, installed alone by real helm v3 and v4 on a real kube-apiserver: `helm install`
// into a fresh namespace (no --wait: nothing runs), `helm upgrade` with a changed value, `helm uninstall`.
// Helm waits for hook Jobs until they complete, which needs a kubelet, so install and upgrade run with --no-hooks;
// the hooks (`helm get hooks`) are then created through the same server-side apply as the env tests, and reported.
// Scenarios of one chart run one after another (they share cluster-scoped names: CRDs, IngressClass, namespaces).
import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyObjects } from '../../src/cluster/sync.js';
import { describeRef, refOf, Resources } from '../../src/cluster/resources.js';
import { repoRoot } from '../helpers/cli.js';
import { assertAccepted, installCrds, liveCluster, scratch, skipReason, type LiveCluster } from './env.js';
import { deleteObjects, helmRunner, objectsOf, waitGone, type HelmMajor } from './helm.js';

const chartsDir = join(repoRoot, 'charts');
const charts = readdirSync(chartsDir).filter((c) => existsSync(join(chartsDir, c, 'Chart.yaml')) && c !== 'common');

/** The changed values of each upgrade (a values file, merged over the scenario's), and a string that must then be
 *  on the server: a registry override for every chart with images, one more ClusterRole for tenancy. */
async function upgradeValues(chart: string): Promise<{ file: string; marker: string }> {
  const file = join(await scratch('upgrade'), 'values.yaml');
  if (chart === 'tenancy') {
    await writeFile(file, 'clusterRoles:\n  e2e-upgrade:\n    rules: [{ apiGroups: [""], resources: [pods], verbs: [get] }]\n');
    return { file, marker: 'e2e-upgrade' };
  }
  await writeFile(file, 'global:\n  imageRegistry: registry.e2e.example\n');
  return { file, marker: 'registry.e2e.example' };
}

const name = (...parts: string[]) => parts.join('-').toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 53).replace(/-+$/, '');

describe.skipIf(skipReason)('charts on a real kube-apiserver (helm v3 and v4)', () => {
  let lc: LiveCluster;
  beforeAll(async () => {
    lc = await liveCluster('charts');
    await installCrds(lc.conn);
  });
  afterAll(async () => lc?.close());

  it.concurrent.each(charts)('%s: install, upgrade, uninstall with every ci scenario', async (chart) => {
    const lines: string[] = [];
    for (const file of readdirSync(join(chartsDir, chart, 'ci')).sort()) {
      for (const major of [3, 4] as HelmMajor[]) {
        const scenario = file.replace(/\.yaml$/, '');
        const release = name(`h${major}`, chart, scenario);
        const ns = release;
        const helm = await helmRunner(major, lc.cluster.kubeconfig);
        const common = [release, join(chartsDir, chart), '-n', ns, '-f', join(chartsDir, chart, 'ci', file), '--no-hooks', '--timeout', '60s'];
        await helm(['install', ...common, '--create-namespace']);
        const installed = await objectsOf(lc.conn, await helm(['get', 'manifest', release, '-n', ns]), ns);
        const hooks = await objectsOf(lc.conn, await helm(['get', 'hooks', release, '-n', ns]), ns);
        if (hooks.length > 0) {
          assertAccepted(await applyObjects(lc.conn, hooks.map((o) => ({ path: `${chart}/ci/${file} hook`, object: o })), { fieldManager: 'bundle', dryRun: false }), `${release} hooks`);
        }
        const { file: upgrade, marker } = await upgradeValues(chart);
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
        lines.push(
          `  ${file} helm v${major}: ${installed.length} objects installed, upgraded, uninstalled` +
            (kept.length ? ` (${kept.length} kept by helm.sh/resource-policy: keep)` : '') +
            (hooks.length ? `; ${hooks.length} hooks created, not run (${hookSummary(hooks)})` : ''),
        );
      }
    }
    console.log(`${chart}:\n${lines.join('\n')}`);
  }, 600_000);
});

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
