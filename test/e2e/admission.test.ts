// The course's admission scenarios (§17.10) on env/prod synced onto a real kube-apiserver: LimitRanger and
// ResourceQuota are admission plugins of the apiserver itself, so they judge pods with no controller running. The
// objects are prod's own (tenancy's LimitRange and quotas, tenancy-demo's pods and quota Deployment) and the chart's
// ci scenario that must be refused (charts/tenancy-demo/ci/limitrange-rejected.yaml), held against the offline
// `limit-range` rule too. The controller steps this needs (each namespace's `default` ServiceAccount, a quota's first
// status) are the controller stand-in's (./controllers.ts); the one played here is the ReplicaSet controller's:
// the quota Deployment's pods, created one by one from its template.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks, type RenderedObject } from '../../src/checks/index.js';
import { rules } from '../../src/checks/rules/index.js';
import { ApiError } from '../../src/cluster/connection.js';
import { applyObjects } from '../../src/cluster/sync.js';
import type { Environment } from '../../src/env/types.js';
import { parseManifests } from '../../src/render/manifest-yaml.js';
import { renderChart } from '../charts/render.js';
import { repoRoot } from '../helpers/cli.js';
import { applyEnv, bootstrapArgoCd, liveCluster, renderEnv, skipReason, type LiveCluster } from './env.js';

const apply = (lc: LiveCluster, object: any) => applyObjects(lc.conn, [{ path: `${object.kind} ${object.metadata.name}`, object }], { fieldManager: 'bundle', dryRun: false });
const COURSE_POD_REQUEST = 'pods "pod-request" is forbidden: [minimum cpu usage per Container is 500m, but request is 100m, cpu max limit to request ratio per Container is 4, but provided ratio is 10.000000]';

describe.skipIf(skipReason)("the course's admission scenarios on env/prod (LimitRanger, ResourceQuota)", () => {
  let lc: LiveCluster;
  let prod: any[];
  const one = (kind: string, namespace: string, name: string) => {
    const found = prod.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name);
    if (!found) throw new Error(`env/prod renders no ${kind} ${namespace}/${name}`);
    return found;
  };
  beforeAll(async () => {
    lc = await liveCluster('admission');
    await bootstrapArgoCd(lc, 'prod');
    const files = await renderEnv('env/prod');
    await applyEnv(lc, files, 'env/prod');
    prod = [...files].filter(([p]) => p.endsWith('.yaml')).map(([, text]) => parseManifests(text)[0]);
  });
  afterAll(async () => lc?.close());

  it("LimitRange cpu-memory gives prod's nginx-pod-demo its defaults; the server and the limit-range rule refuse pod-request alike", async () => {
    expect(one('Pod', 'limit', 'nginx-pod-demo').spec.containers[0].resources).toBeUndefined();
    const stored = (await lc.conn.call('GET', '/api/v1/namespaces/limit/pods/nginx-pod-demo')).body;
    expect(stored.spec.containers[0].resources).toEqual({ limits: { cpu: '1', memory: '1000Mi' }, requests: { cpu: '500m', memory: '500Mi' } });

    const scenario = await renderChart(join(repoRoot, 'charts/tenancy-demo'), { release: 'tenancy-demo', namespace: 'tenancy-demo', valuesFiles: [join(repoRoot, 'charts/tenancy-demo/ci/limitrange-rejected.yaml')] });
    expect(scenario.objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['Pod limit/pod-request']);
    const podRequest = scenario.objects[0];
    const r = (await apply(lc, podRequest)).results[0]!;
    expect(r.outcome).toBe('rejected');
    const e = r.error as ApiError;
    expect(e.reason).toBe('Forbidden');
    // Word for word what the course shows (`kubectl apply -f pod-request.yaml`).
    expect(e.message).toBe(COURSE_POD_REQUEST);

    // The offline verdict on the same pod against prod's LimitRange: the same reasons, in the same order.
    const env = { cluster: { nodes: [] }, external: {}, waivers: [] } as unknown as Environment;
    const rendered = (release: string, object: any): RenderedObject => ({ release, chart: release, source: `${release}/templates/x.yaml`, object });
    const findings = await runChecks([rendered('tenancy', one('LimitRange', 'limit', 'cpu-memory')), rendered('tenancy-demo', podRequest)], env, {
      kubernetesVersion: '1.25.0',
      rules: rules.filter((rule) => rule.id === 'limit-range'),
    });
    const reasons = (text: string) => /\[.*\]$/.exec(text)?.[0];
    expect(findings.map((f) => [f.rule, f.object?.name])).toEqual([['limit-range', 'pod-request']]);
    expect(reasons(findings[0]!.message)).toBe(reasons(e.message));
  });

  it("ResourceQuota quota-test admits six pods of prod's quota Deployment and refuses the seventh", async () => {
    const deployment = one('Deployment', 'quota', 'quota');
    expect(deployment.spec.replicas).toBe(7);
    const quotas = (await lc.conn.call('GET', '/api/v1/namespaces/quota/resourcequotas')).body.items;
    expect(quotas.map((q: any) => q.metadata.name).sort()).toEqual(['quota-storage-test', 'quota-test']);
    // As the sync left it: the quota Deployment counted, no pod yet (nothing runs the ReplicaSet controller).
    expect(quotas.find((q: any) => q.metadata.name === 'quota-test').status.used).toMatchObject({ pods: '0', 'count/deployments.apps': '1' });

    // The seven replicas, as the ReplicaSet controller would create them one by one.
    const template = deployment.spec.template;
    const outcomes: string[] = [];
    let last: ApiError | undefined;
    for (let i = 1; i <= 7; i++) {
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `quota-${i}`, namespace: 'quota', labels: template.metadata.labels }, spec: template.spec };
      const r = (await apply(lc, pod)).results[0]!;
      outcomes.push(r.outcome);
      last = r.error as ApiError | undefined;
    }
    expect(outcomes).toEqual([...Array(6).fill('applied'), 'rejected']);
    expect(last!.reason).toBe('Forbidden');
    expect(last!.message).toBe('pods "quota-7" is forbidden: exceeded quota: quota-test, requested: pods=1, used: pods=6, limited: pods=6');
    const status = (await lc.conn.call('GET', '/api/v1/namespaces/quota/resourcequotas/quota-test')).body.status;
    expect(status.used).toMatchObject({ pods: '6', 'requests.cpu': '60m', 'limits.memory': '60Mi', 'count/deployments.apps': '1' });
  });
});
