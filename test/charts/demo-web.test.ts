// The web chart: a StatefulSet behind a headless Service with one NFS-backed claim per pod.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderChart, renderChartError } from './render.js';

const chart = fileURLToPath(new URL('../../charts/web', import.meta.url));
const canaryChart = fileURLToPath(new URL('../../charts/canary', import.meta.url));
const prodValues = fileURLToPath(new URL('../../overlays/prod/values/web.yaml', import.meta.url));

const render = async (values: object = {}, valuesFiles: string[] = []) =>
  (await renderChart(chart, { release: 'web', namespace: 'web', values: [values], valuesFiles })).objects;
const one = (objects: any[], kind: string) => objects.filter((o) => o.kind === kind)[0];

describe('web chart', () => {
  it('claims storage from the nfs class, one claim per pod mounted at the web root', async () => {
    const sts = one(await render({}, [prodValues]), 'StatefulSet');
    expect(sts.spec.replicas).toBe(2);
    expect(sts.spec.volumeClaimTemplates).toHaveLength(1);
    const claim = sts.spec.volumeClaimTemplates[0];
    expect(claim.spec.storageClassName).toBe('nfs');
    expect(claim.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(claim.spec.resources.requests.storage).toBe('1Gi');
    const mount = sts.spec.template.spec.containers[0].volumeMounts.find((m: any) => m.name === claim.metadata.name);
    expect(mount.mountPath).toBe('/usr/share/nginx/html');
  });

  it('follows the storage class value', async () => {
    const sts = one(await render({ persistence: { storageClass: 'nfs-fast' } }), 'StatefulSet');
    expect(sts.spec.volumeClaimTemplates[0].spec.storageClassName).toBe('nfs-fast');
  });

  it('is governed by a headless Service that selects its pods', async () => {
    const objects = await render();
    const sts = one(objects, 'StatefulSet');
    const service = one(objects, 'Service');
    expect(service.spec.clusterIP).toBe('None');
    expect(sts.spec.serviceName).toBe(service.metadata.name);
    const labels = sts.spec.template.metadata.labels;
    expect(Object.entries(service.spec.selector).every(([k, v]) => labels[k] === v)).toBe(true);
  });

  it('takes the rolling update partition from values and drops it for OnDelete', async () => {
    expect(one(await render({ updateStrategy: { partition: 1 } }), 'StatefulSet').spec.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { partition: 1 },
    });
    expect(one(await render({ updateStrategy: { type: 'OnDelete' } }), 'StatefulSet').spec.updateStrategy).toEqual({
      type: 'OnDelete',
    });
    expect(await renderChartError(chart, { values: [{ updateStrategy: { partition: -1 } }] })).toMatch(/partition/);
  });

  it('adds a PodDisruptionBudget for 2 pods and none for 1', async () => {
    expect(one(await render({ replicas: 2 }), 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
    expect(one(await render({ replicas: 1 }), 'PodDisruptionBudget')).toBeUndefined();
  });

  it('never selects the canary pods, even in the same namespace (the seed shared app: nginx)', async () => {
    const service = one(await render(), 'Service');
    const canary = await renderChart(canaryChart, { release: 'canary', namespace: 'web' });
    for (const deployment of canary.objects.filter((o) => o.kind === 'Deployment')) {
      const labels = deployment.spec.template.metadata.labels;
      expect(Object.entries(service.spec.selector).every(([k, v]) => labels[k] === v)).toBe(false);
    }
  });
});
