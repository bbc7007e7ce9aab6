// The course's admission scenarios (§17.10) against env/prod's tenancy objects on a real kube-apiserver: LimitRanger
// and ResourceQuota are admission plugins of the apiserver itself, so they judge pods with no controller running.
// Two things a controller-manager would do are done here, and only those: the `default` ServiceAccount of a namespace
// (the ServiceAccount admission plugin requires it for every pod) and the first status of a ResourceQuota (hard =
// spec.hard, used = what the namespace holds; without it the quota plugin does not enforce). From then on the
// apiserver counts usage itself, on every admitted pod.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/cluster/connection.js';
import { applyObjects, syncTree } from '../../src/cluster/sync.js';
import { assertAccepted, bootstrapArgoCd, liveCluster, renderEnv, skipReason, type LiveCluster } from './env.js';

const apply = (lc: LiveCluster, object: any) => applyObjects(lc.conn, [{ path: `${object.kind} ${object.metadata.name}`, object }], { fieldManager: 'bundle', dryRun: false });

async function defaultServiceAccount(lc: LiveCluster, namespace: string): Promise<void> {
  assertAccepted(await apply(lc, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } }), 'default ServiceAccount');
}

// The course's pod-limit.yaml, pod-request.yaml and quota-deployment.yaml.
const pod = (name: string, namespace: string, resources?: object, labels?: object) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, ...(labels ? { labels } : {}) },
  spec: { containers: [{ name: 'nginx', image: 'nginx', imagePullPolicy: 'IfNotPresent', ...(resources ? { resources } : {}) }] },
});

describe.skipIf(skipReason)('the course\'s admission scenarios on env/prod (LimitRanger, ResourceQuota)', () => {
  let lc: LiveCluster;
  beforeAll(async () => {
    lc = await liveCluster('admission');
    await bootstrapArgoCd(lc.conn, 'prod');
    assertAccepted(await syncTree(lc.conn, await renderEnv('env/prod'), { fieldManager: 'bundle', dryRun: false }), 'env/prod');
  });
  afterAll(async () => lc?.close());

  it('LimitRange cpu-memory in `limit` gives a pod without resources its defaults and rejects pod-request', async () => {
    await defaultServiceAccount(lc, 'limit');
    const demo = await apply(lc, pod('nginx-pod-demo', 'limit'));
    assertAccepted(demo, 'nginx-pod-demo');
    expect(demo.results[0]!.result.spec.containers[0].resources).toEqual({ limits: { cpu: '1', memory: '1000Mi' }, requests: { cpu: '500m', memory: '500Mi' } });

    const r = (await apply(lc, pod('pod-request', 'limit', { requests: { cpu: '100m' } }))).results[0]!;
    expect(r.outcome).toBe('rejected');
    const e = r.error as ApiError;
    expect(e.reason).toBe('Forbidden');
    // Word for word what the course shows (`kubectl apply -f pod-request.yaml`).
    expect(e.message).toBe('pods "pod-request" is forbidden: [minimum cpu usage per Container is 500m, but request is 100m, cpu max limit to request ratio per Container is 4, but provided ratio is 10.000000]');
  });

  it('ResourceQuota quota-test in `quota` admits six pods of the quota Deployment and rejects the seventh', async () => {
    await defaultServiceAccount(lc, 'quota');
    for (const kind of ['pods', 'persistentvolumeclaims', 'services']) {
      expect((await lc.conn.call('GET', `/api/v1/namespaces/quota/${kind}`)).body.items, `quota holds no ${kind}`).toEqual([]);
    }
    expect((await lc.conn.call('GET', '/apis/apps/v1/namespaces/quota/deployments')).body.items).toEqual([]);
    const quotas = (await lc.conn.call('GET', '/api/v1/namespaces/quota/resourcequotas')).body.items;
    expect(quotas.map((q: any) => q.metadata.name).sort()).toEqual(['quota-storage-test', 'quota-test']);
    for (const q of quotas) {
      const used = Object.fromEntries(Object.keys(q.spec.hard).map((k) => [k, '0']));
      await lc.conn.call('PUT', `/api/v1/namespaces/quota/resourcequotas/${q.metadata.name}/status`, { body: JSON.stringify({ ...q, status: { hard: q.spec.hard, used } }) });
    }

    const template = { requests: { cpu: '10m', memory: '10Mi' }, limits: { cpu: '10m', memory: '10Mi' } };
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'quota', namespace: 'quota' },
      spec: { replicas: 7, selector: { matchLabels: { app: 'quota' } }, template: { metadata: { labels: { app: 'quota' } }, spec: pod('x', 'quota', template).spec } },
    };
    assertAccepted(await apply(lc, deployment), 'the quota Deployment');
    // Its seven replicas, as the ReplicaSet controller would create them one by one.
    const outcomes: string[] = [];
    let last: ApiError | undefined;
    for (let i = 1; i <= 7; i++) {
      const r = (await apply(lc, pod(`quota-${i}`, 'quota', template, { app: 'quota' }))).results[0]!;
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
