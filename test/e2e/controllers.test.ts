// The controller stand-in (./controllers.ts) itself: it acts only after writes it forwarded and the server accepted,
// what it does is what the controllers would, and where it cannot know (a quota sum over existing pods) it fails
// instead of guessing. Behind its back the apiserver refuses exactly what the tests would otherwise meet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, Connection } from '../../src/cluster/connection.js';
import { applyObjects } from '../../src/cluster/sync.js';
import { assertAccepted, liveCluster, skipReason, type LiveCluster } from './env.js';

const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const pod = (name: string, namespace: string, spec: object = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace },
  spec: { containers: [{ name: 'c', image: 'registry.example/c:1', resources: { requests: { cpu: '10m', memory: '10Mi' }, limits: { cpu: '10m', memory: '10Mi' } } }], ...spec },
});

describe.skipIf(skipReason)('e2e controller stand-in', () => {
  let lc: LiveCluster;
  let direct: Connection;
  const apply = async (conn: Connection, ...objects: any[]) => applyObjects(conn, objects.map((object) => ({ path: `${object.kind} ${object.metadata.name}`, object })), { fieldManager: 'bundle', dryRun: false });
  beforeAll(async () => {
    lc = await liveCluster('controllers');
    direct = await Connection.open({ kubeconfig: lc.cluster.kubeconfig, kubectl: lc.kubectl });
  });
  afterAll(async () => {
    await direct?.close();
    await lc?.close();
  });

  it('gives a namespace written through it its default ServiceAccount, not a dry run nor one made behind its back', async () => {
    assertAccepted(await apply(lc.conn, ns('sa-through')), 'namespace');
    expect((await lc.conn.request('GET', '/api/v1/namespaces/sa-through/serviceaccounts/default')).status).toBe(200);
    expect((await lc.conn.request('POST', '/api/v1/namespaces', { body: JSON.stringify(ns('sa-dry')), query: { dryRun: 'All' } })).status).toBe(201);
    expect((await lc.conn.request('GET', '/api/v1/namespaces/sa-dry')).status).toBe(404);

    assertAccepted(await apply(direct, ns('sa-behind')), 'namespace');
    expect((await lc.conn.request('GET', '/api/v1/namespaces/sa-behind/serviceaccounts/default')).status).toBe(404);
    const r = (await apply(lc.conn, pod('p', 'sa-behind'))).results[0]!;
    expect(r.outcome).toBe('rejected');
    expect(r.error!.message).toBe('pods "p" is forbidden: error looking up service account sa-behind/default: serviceaccount "default" not found');
  });

  it("gives a quota its first status from what the namespace holds, and refuses to guess a sum over existing pods", async () => {
    const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'q' }, data: {} });
    assertAccepted(await apply(lc.conn, ns('q'), cm('a'), cm('b')), 'namespace and ConfigMaps');
    const quota = (name: string, hard: object) => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name, namespace: 'q' }, spec: { hard } });
    assertAccepted(await apply(lc.conn, quota('counts', { configmaps: '5', 'count/deployments.apps': '2', 'requests.cpu': '1' })), 'quota');
    const status = (await lc.conn.call('GET', '/api/v1/namespaces/q/resourcequotas/counts')).body.status;
    expect(status).toEqual({ hard: { configmaps: '5', 'count/deployments.apps': '2', 'requests.cpu': '1' }, used: { configmaps: '2', 'count/deployments.apps': '0', 'requests.cpu': '0' } });

    // From here the apiserver counts itself.
    assertAccepted(await apply(lc.conn, pod('p', 'q')), 'pod');
    expect((await lc.conn.call('GET', '/api/v1/namespaces/q/resourcequotas/counts')).body.status.used['requests.cpu']).toBe('10m');
    const r = (await apply(lc.conn, quota('sum', { 'requests.memory': '1Gi' }))).results[0]!;
    expect(r.outcome).toBe('rejected');
    expect((r.error as ApiError).status).toBe(500);
    expect(r.error!.message).toMatch(/^e2e controller stand-in, after PATCH \/api\/v1\/namespaces\/q\/resourcequotas\/sum: quota resource requests\.memory in namespace q: 1 pods already there/);
  });

  it('deletes a pod bound to a missing node at once, and empties and finalizes a deleted namespace', async () => {
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c', namespace: 'gone' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    assertAccepted(await apply(lc.conn, ns('gone'), claim, pod('bound', 'gone', { nodeName: 'node-x' }), pod('left', 'gone')), 'objects');
    expect((await direct.call('GET', '/api/v1/namespaces/gone/persistentvolumeclaims/c')).body.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);

    // Behind its back the pod only gets a deletionTimestamp: its kubelet would have to confirm.
    const behind = await direct.call('DELETE', '/api/v1/namespaces/gone/pods/bound');
    expect(behind.body.metadata.deletionTimestamp).toBeDefined();
    expect((await direct.request('GET', '/api/v1/namespaces/gone/pods/bound')).status).toBe(200);
    await lc.conn.call('DELETE', '/api/v1/namespaces/gone/pods/bound');
    expect((await direct.request('GET', '/api/v1/namespaces/gone/pods/bound')).status).toBe(404);

    await lc.conn.call('DELETE', '/api/v1/namespaces/gone');
    expect((await direct.request('GET', '/api/v1/namespaces/gone')).status).toBe(404);
    for (const path of ['pods/left', 'persistentvolumeclaims/c', 'serviceaccounts/default']) {
      expect((await direct.request('GET', `/api/v1/namespaces/gone/${path}`)).status, path).toBe(404);
    }
  });
});
