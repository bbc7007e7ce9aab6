// charts/nfs-provisioner rendered with real values: ci scenarios, the env overlays and invalid input.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { envValues, overlayValuesFiles, renderChart, renderChartError } from './render.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const chart = `${root}charts/nfs-provisioner`;
const nfs = { nfs: { server: '192.168.40.180', path: '/data/nfs_pro' } };

const one = (objects: any[], kind: string) => {
  const found = objects.filter((o) => o.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0];
};
const envGlobal = envValues;
const envOf = (container: any) => Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));

describe('nfs-provisioner chart', () => {
  it('feeds one provisioner name to both the Deployment env and the StorageClass', async () => {
    const { objects } = await renderChart(chart, { values: [nfs, { storageClass: { provisionerName: 'a.example/x' } }] });
    const container = one(objects, 'Deployment').spec.template.spec.containers[0];
    expect(envOf(container).PROVISIONER_NAME).toBe('a.example/x');
    expect(one(objects, 'StorageClass').provisioner).toBe('a.example/x');
  });

  it('renders the seed defaults: Recreate, exec probes on the mount, pinned image, nfs volume', async () => {
    const { objects } = await renderChart(chart, { release: 'nfs-provisioner', namespace: 'storage', values: [nfs] });
    const deployment = one(objects, 'Deployment');
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    expect(container.image).toBe('registry.cn-beijing.aliyuncs.com/mydlq/nfs-subdir-external-provisioner:v4.0.0');
    expect(container.livenessProbe.exec.command).toEqual(['test', '-d', '/persistentvolumes']);
    expect(container.readinessProbe.exec.command).toEqual(['test', '-d', '/persistentvolumes']);
    expect(container.resources.limits.memory).toBeDefined();
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(envOf(container)).toMatchObject({ NFS_SERVER: '192.168.40.180', NFS_PATH: '/data/nfs_pro', ENABLE_LEADER_ELECTION: 'true' });
    expect(pod.volumes).toEqual([{ name: 'nfs-root', nfs: { server: '192.168.40.180', path: '/data/nfs_pro' } }]);
    const sc = one(objects, 'StorageClass');
    expect(sc).toMatchObject({ metadata: { name: 'nfs' }, provisioner: 'example.com/nfs', reclaimPolicy: 'Delete' });
    expect(sc.parameters).toEqual({ archiveOnDelete: 'true' });
    expect(sc.metadata.annotations).toBeUndefined();
    expect(objects.filter((o) => o.kind === 'PodDisruptionBudget')).toHaveLength(0);
  });

  it('grants least-privilege RBAC named after the release, never cluster-admin', async () => {
    const { objects } = await renderChart(chart, { release: 'nas', namespace: 'storage', values: [nfs] });
    const role = one(objects, 'ClusterRole');
    expect(role.metadata.name).toBe('nas-nfs-provisioner-runner');
    const resources = role.rules.flatMap((r: any) => r.resources);
    expect(resources.sort()).toEqual(['events', 'nodes', 'persistentvolumeclaims', 'persistentvolumes', 'storageclasses']);
    expect(role.rules.flatMap((r: any) => r.verbs)).not.toContain('*');
    const binding = one(objects, 'ClusterRoleBinding');
    expect(binding.roleRef.name).toBe('nas-nfs-provisioner-runner');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'nas-nfs-provisioner', namespace: 'storage' }]);
    expect(one(objects, 'Role').metadata.namespace).toBe('storage');
    const noElection = await renderChart(chart, { values: [nfs, { leaderElection: { enabled: false } }] });
    expect(noElection.objects.filter((o) => o.kind === 'Role')).toHaveLength(0);
  });

  it('takes the NFS export from global.cluster.nfs and fails clearly without one', async () => {
    const { objects } = await renderChart(chart, { values: [envGlobal('dev')] });
    const pod = one(objects, 'Deployment').spec.template.spec;
    expect(pod.volumes[0].nfs).toEqual({ server: '192.168.56.10', path: '/srv/nfs' });
    expect(pod.containers[0].image).toBe('registry.dev.example.com/mydlq/nfs-subdir-external-provisioner:v4.0.0');
    expect(await renderChartError(chart)).toMatch(/nfs\.server is required: set nfs\.server or global\.cluster\.nfs\.server/);
    expect(await renderChartError(chart, { values: [{ nfs: { server: 'x' } }] })).toMatch(/nfs\.path is required/);
  });

  it('adds anti-affinity and a PDB with two replicas, and refuses replicas without leader election', async () => {
    const { objects } = await renderChart(chart, { values: [nfs, { replicas: 2 }] });
    expect(one(objects, 'Deployment').spec.template.spec.affinity.podAntiAffinity).toBeDefined();
    expect(one(objects, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
    expect(await renderChartError(chart, { values: [nfs, { replicas: 2, leaderElection: { enabled: false } }] })).toMatch(
      /replicas > 1 needs leaderElection.enabled/,
    );
  });

  it('renders every StorageClass option', async () => {
    const { objects } = await renderChart(chart, { valuesFiles: [`${chart}/ci/retain-default-class-values.yaml`] });
    const sc = one(objects, 'StorageClass');
    expect(sc.metadata.annotations).toEqual({
      description: 'retained NFS volumes',
      'storageclass.kubernetes.io/is-default-class': 'true',
    });
    expect(sc).toMatchObject({ reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: false });
    expect(sc.parameters).toEqual({ archiveOnDelete: 'true', onDelete: 'retain', pathPattern: '${.PVC.namespace}/${.PVC.name}' });
    expect(sc.mountOptions).toEqual(['nfsvers=4.1', 'hard']);
    const none = await renderChart(chart, { values: [nfs, { storageClass: { create: false } }] });
    expect(none.objects.filter((o) => o.kind === 'StorageClass')).toHaveLength(0);
  });

  it('rejects invalid values through the schema', async () => {
    const errors = await Promise.all([
      renderChartError(chart, { values: [nfs, { storageClass: { reclaimPolicy: 'Recycle' } }] }),
      renderChartError(chart, { values: [nfs, { storageClass: { volumeBindingMode: 'Later' } }] }),
      renderChartError(chart, { values: [nfs, { image: { tag: 'latest' } }] }),
      renderChartError(chart, { values: [nfs, { replica: 2 }] }),
    ]);
    expect(errors[0]).toMatch(/reclaimPolicy/);
    expect(errors[1]).toMatch(/volumeBindingMode/);
    expect(errors[2]).toMatch(/tag/);
    expect(errors[3]).toMatch(/Additional property replica is not allowed/);
  });

  it('renders every ci scenario and both env overlays', async () => {
    for (const file of readdirSync(`${chart}/ci`)) {
      const { objects } = await renderChart(chart, { valuesFiles: [`${chart}/ci/${file}`] });
      expect(objects.map((o) => o.kind), file).toContain('Deployment');
    }
    for (const env of ['prod', 'dev']) {
      const { objects } = await renderChart(chart, {
        release: 'nfs-provisioner',
        namespace: 'nfs-provisioner',
        valuesFiles: overlayValuesFiles(env, 'nfs-provisioner'),
        values: [envGlobal(env)],
      });
      expect(one(objects, 'StorageClass').metadata.name, env).toBe('nfs');
      expect(one(objects, 'Deployment').spec.replicas, env).toBe(1);
    }
  });
});
