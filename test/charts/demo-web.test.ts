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

  it("gives the pods the seed's DNS names through the headless Service nginx", async () => {
    const objects = await render({}, [prodValues]);
    const sts = one(objects, 'StatefulSet');
    const service = one(objects, 'Service');
    // A pod's DNS name is <pod>.<serviceName>.<namespace>.svc.<domain> when serviceName names a headless Service
    // that selects the pod: derive the names from those three facts, not from the chart's values.
    expect(service.spec.clusterIP).toBe('None');
    expect(sts.spec.serviceName).toBe(service.metadata.name);
    const labels = sts.spec.template.metadata.labels;
    expect(Object.entries(service.spec.selector).every(([k, v]) => labels[k] === v)).toBe(true);
    const names = Array.from({ length: sts.spec.replicas }, (_, i) => `${sts.metadata.name}-${i}.${service.metadata.name}.${sts.metadata.namespace}.svc.cluster.local`);
    expect(names).toEqual(['web-0.nginx.web.svc.cluster.local', 'web-1.nginx.web.svc.cluster.local']);
    // The DNS check Job looks up exactly the Service and these names.
    const job = one(objects, 'Job');
    expect(job.spec.template.spec.containers[0].command.slice(4)).toEqual(['nginx.web.svc.cluster.local', ...names]);
  });

  it('runs the DNS check as a Helm test and as an Argo CD PostSync hook, with busybox 1.28 as an unprivileged user', async () => {
    const job = one(await render({}, [prodValues]), 'Job');
    expect(job.metadata.annotations).toEqual({
      'helm.sh/hook': 'test',
      'helm.sh/hook-delete-policy': 'before-hook-creation',
      'argocd.argoproj.io/hook': 'PostSync',
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
    });
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.containers[0].image).toBe('docker.io/library/busybox:1.28');
    expect(pod.securityContext).toMatchObject({ runAsUser: 65534 });
    expect(pod.containers[0].securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(one(await render({ dnsCheck: { enabled: false } }), 'Job')).toBeUndefined();
    expect(one(await render({ replicas: 0 }), 'Job')).toBeUndefined();
  });

  it('names the headless Service after serviceName, with the cluster domain of the env', async () => {
    const objects = await render({ serviceName: 'peers', global: { cluster: { dnsDomain: 'lab.internal' } } });
    expect(one(objects, 'Service').metadata.name).toBe('peers');
    expect(one(objects, 'StatefulSet').spec.serviceName).toBe('peers');
    expect(one(objects, 'Job').spec.template.spec.containers[0].command.at(-1)).toBe('web-1.peers.web.svc.lab.internal');
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
