// The storage chart: the course's volumes (§12) as prod renders them, with the NFS server from the env's facts.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { envValues, overlayValuesFiles, renderChart, renderChartError } from './render.js';

const chart = fileURLToPath(new URL('../../charts/storage', import.meta.url));

const render = async (values: object[] = [], valuesFiles: string[] = []) =>
  (await renderChart(chart, { release: 'storage', namespace: 'storage', values, valuesFiles })).objects;
const prod = (env = envValues('prod')) => render([env], overlayValuesFiles('prod', 'storage'));
const one = (objects: any[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const volumesOf = (pod: any) => Object.fromEntries(pod.volumes.map((v: any) => [v.name, v]));

describe('storage chart', () => {
  it('mounts an emptyDir cache-volume at /cache in pod-empty', async () => {
    const pod = one(await prod(), 'Pod', 'pod-empty').spec;
    expect(volumesOf(pod)['cache-volume']).toEqual({ name: 'cache-volume', emptyDir: {} });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'cache-volume', mountPath: '/cache' });
  });

  it('shares the node directory /data1 (DirectoryOrCreate) between the nginx and tomcat containers of test-hostpath', async () => {
    const pod = one(await prod(), 'Pod', 'test-hostpath').spec;
    expect(volumesOf(pod)['test-volume'].hostPath).toEqual({ path: '/data1', type: 'DirectoryOrCreate' });
    const mounts = pod.containers.map((c: any) => [c.name, c.volumeMounts.find((m: any) => m.name === 'test-volume').mountPath]);
    expect(mounts).toEqual([
      ['test-nginx', '/test-nginx'],
      ['test-tomcat', '/test-tomcat'],
    ]);
    expect(pod.containers[1].image).toBe('docker.io/library/tomcat:8.5-jre8-alpine');
    // One network namespace: the two servers need two ports.
    expect(pod.containers.map((c: any) => c.ports[0].containerPort)).toEqual([8081, 8080]);
  });

  it('serves the NFS export /data/volumes of the env NFS server in test-nfs-volume', async () => {
    const pod = one(await prod(), 'Pod', 'test-nfs-volume').spec;
    expect(volumesOf(pod)['nfs-volumes'].nfs).toEqual({ server: '192.168.40.180', path: '/data/volumes' });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'nfs-volumes', mountPath: '/usr/share/nginx/html' });
  });

  it("renders the course's static volumes v1-v4 on the env's NFS server", async () => {
    const objects = await prod();
    const pvs = objects.filter((o) => o.kind === 'PersistentVolume');
    expect(
      pvs.map((pv) => [pv.metadata.name, pv.metadata.labels.app, pv.spec.capacity.storage, pv.spec.accessModes, pv.spec.persistentVolumeReclaimPolicy, pv.spec.nfs]),
    ).toEqual([
      ['v1', 'v1', '1Gi', ['ReadWriteOnce'], 'Retain', { server: '192.168.40.180', path: '/data/volume_test/v1' }],
      ['v2', 'v2', '2Gi', ['ReadOnlyMany'], 'Retain', { server: '192.168.40.180', path: '/data/volume_test/v2' }],
      ['v3', 'v3', '3Gi', ['ReadWriteMany'], 'Retain', { server: '192.168.40.180', path: '/data/volume_test/v3' }],
      ['v4', 'v4', '1Gi', ['ReadWriteOnce'], 'Delete', { server: '192.168.40.180', path: '/data/volume_test/v4' }],
    ]);
    for (const pv of pvs) expect(pv.spec.storageClassName).toBeUndefined();
    // The server is the env fact: another env's server lands in every volume.
    const env = envValues('prod');
    env.global.cluster.nfs.server = '10.1.2.3';
    for (const pv of (await prod(env)).filter((o) => o.kind === 'PersistentVolume')) expect(pv.spec.nfs.server).toBe('10.1.2.3');
  });

  it('binds pvc-v1..v4 by label selector and class "" and test-claim1 through the nfs class', async () => {
    const objects = await prod();
    const claims = objects.filter((o) => o.kind === 'PersistentVolumeClaim');
    expect(claims.map((c) => [c.metadata.name, c.spec.storageClassName, c.spec.selector?.matchLabels, c.spec.accessModes, c.spec.resources.requests.storage])).toEqual([
      ['pvc-v1', '', { app: 'v1' }, ['ReadWriteOnce'], '1Gi'],
      ['pvc-v2', '', { app: 'v2' }, ['ReadOnlyMany'], '2Gi'],
      ['pvc-v3', '', { app: 'v3' }, ['ReadWriteMany'], '3Gi'],
      ['pvc-v4', '', { app: 'v4' }, ['ReadWriteOnce'], '1Gi'],
      ['test-claim1', 'nfs', undefined, ['ReadWriteMany'], '1Gi'],
    ]);
  });

  it('serves the claims from pvc-test (3 pods on pvc-v1), pvc-test-1 (3 pods on pvc-v4) and read-pod (test-claim1)', async () => {
    const objects = await prod();
    for (const [name, claim, label] of [
      ['pvc-test', 'pvc-v1', 'pvc'],
      ['pvc-test-1', 'pvc-v4', 'pvc-1'],
    ]) {
      const d = one(objects, 'Deployment', name!);
      expect(d.spec.replicas).toBe(3);
      expect(d.spec.template.metadata.labels.cunchu).toBe(label);
      expect(volumesOf(d.spec.template.spec)['nginx-html'].persistentVolumeClaim).toEqual({ claimName: claim });
      expect(d.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'nginx-html', mountPath: '/usr/share/nginx/html' });
    }
    const read = one(objects, 'Pod', 'read-pod').spec;
    expect(read.restartPolicy).toBe('Never');
    expect(volumesOf(read)['nfs-pvc'].persistentVolumeClaim).toEqual({ claimName: 'test-claim1' });
  });

  it('refuses an NFS path without a server, naming the volume', async () => {
    const pv = { persistentVolumes: { v1: { path: '/data/volume_test/v1', capacity: '1Gi', accessModes: ['ReadWriteOnce'] } } };
    expect(await renderChartError(chart, { values: [pv] })).toMatch(
      /storage\/templates\/persistentvolumes\.yaml:\d+:\d+\): persistentVolumes\.v1: NFS path \/data\/volume_test\/v1 has no server/,
    );
    expect(await renderChartError(chart, { values: [{ nfsVolume: { enabled: true } }] })).toContain('nfsVolume: NFS path /data/volumes has no server');
    const own = one(await render([{ ...pv, nfs: { server: 'nfs.lab' } }]), 'PersistentVolume', 'v1');
    expect(own.spec.nfs.server).toBe('nfs.lab');
  });
});
