// The security chapter (§17): the RBAC objects the tenancy release adds for it, and the tenancy-demo workloads that
// run against them (ServiceAccount pods, the quota Deployment, the LimitRange pods).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runChecks, type RenderedObject } from '../../src/checks/index.js';
import { rules } from '../../src/checks/rules/index.js';
import type { Environment } from '../../src/env/types.js';
import { overlayValuesFiles, renderChart } from './render.js';

const charts = fileURLToPath(new URL('../../charts/', import.meta.url));
const tenancy = async () => (await renderChart(`${charts}tenancy`, { release: 'tenancy', namespace: 'tenancy', valuesFiles: overlayValuesFiles('prod', 'tenancy') })).objects;
const demo = async (valuesFiles: string[]) => (await renderChart(`${charts}tenancy-demo`, { release: 'tenancy-demo', namespace: 'tenancy-demo', valuesFiles })).objects;
const one = (objects: any[], kind: string, name: string, namespace?: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
const subjects = (binding: any) => binding.subjects.map((s: any) => `${s.kind}:${s.namespace ? `${s.namespace}/` : ''}${s.name}`);

describe('tenancy for §17', () => {
  it("binds the course's sa-test (namespace rbac here) to cluster-admin, and keeps test's sa-test", async () => {
    const objects = await tenancy();
    expect(one(objects, 'ServiceAccount', 'sa-test', 'rbac')).toBeDefined();
    expect(one(objects, 'ServiceAccount', 'sa-test', 'test')).toBeDefined();
    const crb = one(objects, 'ClusterRoleBinding', 'tenancy-sa-test-admin');
    expect(crb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' });
    expect(subjects(crb)).toEqual(['ServiceAccount:rbac/sa-test']);
  });

  it('renders configmap-update and the §17.5 rule snippets as roles', async () => {
    const objects = await tenancy();
    expect(one(objects, 'Role', 'configmap-update', 'rbac').rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['my-configmap'], verbs: ['get', 'update'] }]);
    expect(one(objects, 'Role', 'deployments-rw', 'rbac').rules).toEqual([
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
    ]);
    expect(one(objects, 'Role', 'pods-read-jobs-rw', 'rbac').rules.map((r: any) => [r.apiGroups, r.resources])).toEqual([
      [[''], ['pods']],
      [['batch'], ['jobs']],
    ]);
    expect(one(objects, 'Role', 'my-configmap-read', 'rbac').rules[0]).toMatchObject({ resourceNames: ['my-configmap'], verbs: ['get'] });
    expect(one(objects, 'ClusterRole', 'tenancy-nodes-read').rules).toEqual([{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] }]);
    expect(one(objects, 'ClusterRole', 'tenancy-healthz').rules).toEqual([{ nonResourceURLs: ['/healthz', '/healthz/*'], verbs: ['get', 'post'] }]);
  });

  it('binds the §17.6 subjects and the §17.7/§17.8 examples', async () => {
    const objects = await tenancy();
    const binding = (kind: string, name: string) => {
      const b = one(objects, kind, name);
      return [b.metadata.namespace, b.roleRef.name, ...subjects(b)];
    };
    expect(binding('RoleBinding', 'alice-deployments-rw')).toEqual(['rbac', 'deployments-rw', 'User:alice']);
    expect(binding('RoleBinding', 'alice-group-pods-jobs')).toEqual(['rbac', 'pods-read-jobs-rw', 'Group:alice']);
    expect(binding('ClusterRoleBinding', 'tenancy-kube-system-default-nodes-read')).toEqual([undefined, 'tenancy-nodes-read', 'ServiceAccount:kube-system/default']);
    expect(binding('RoleBinding', 'my-sa-view')).toEqual(['rbac', 'view', 'ServiceAccount:rbac/my-sa']);
    expect(binding('RoleBinding', 'default-view')).toEqual(['rbac', 'view', 'ServiceAccount:rbac/default']);
    expect(binding('RoleBinding', 'serviceaccounts-view')).toEqual(['rbac', 'view', 'Group:system:serviceaccounts:rbac']);
    expect(binding('ClusterRoleBinding', 'tenancy-serviceaccounts-view')).toEqual([undefined, 'view', 'Group:system:serviceaccounts']);
    // §17.7 (5), cluster-admin for every ServiceAccount, stays out of prod (charts/tenancy/ci/seed-rbac.yaml has it).
    expect(objects.some((o) => o.metadata.name === 'tenancy-serviceaccounts-cluster-admin')).toBe(false);
    expect(binding('RoleBinding', 'bob-admin-binding')).toEqual(['rbac', 'admin', 'User:es']);
    expect(binding('RoleBinding', 'myapp-role-binding')).toEqual(['rbac', 'view', 'ServiceAccount:rbac/myapp']);
    expect(binding('ClusterRoleBinding', 'tenancy-cluster-binding')).toEqual([undefined, 'cluster-admin', 'User:root']);
    expect(binding('ClusterRoleBinding', 'tenancy-service-account-binding')).toEqual([undefined, 'view', 'ServiceAccount:rbac/myapp']);
  });
});

describe('tenancy-demo', () => {
  it('runs the pods as the ServiceAccounts of the course', async () => {
    const objects = await demo(overlayValuesFiles('prod', 'tenancy-demo'));
    const pods = objects.filter((o) => o.kind === 'Pod' && o.spec.serviceAccountName);
    expect(pods.map((p) => [p.metadata.namespace, p.metadata.name, p.spec.serviceAccountName])).toEqual([
      ['rbac', 'nginx', 'pod-reader-sc'],
      ['rbac', 'sa-test', 'sa-test'],
      ['test', 'sa-test-pod', 'sa-test'],
    ]);
    expect(one(objects, 'Pod', 'sa-test').metadata.labels.app).toBe('sa');
  });

  it('asks for 7 quota pods of 10m/10Mi in namespace quota', async () => {
    const quota = one(await demo(overlayValuesFiles('prod', 'tenancy-demo')), 'Deployment', 'quota');
    expect(quota.metadata.namespace).toBe('quota');
    expect(quota.spec.replicas).toBe(7);
    expect(quota.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '10m', memory: '10Mi' }, limits: { cpu: '10m', memory: '10Mi' } });
  });

  // The LimitRanger admission, offline: the limit-range rule on the LimitRange the tenancy release renders.
  const env = { cluster: { nodes: [] }, external: {}, waivers: [] } as unknown as Environment;
  const asRendered = (objects: any[], release: string): RenderedObject[] => objects.map((object) => ({ release, chart: release, source: `${release}/templates/x.yaml`, object }));
  const admission = async (valuesFiles: string[]) => {
    const limitRange = one(await tenancy(), 'LimitRange', 'cpu-memory');
    const objects = [...asRendered([limitRange], 'tenancy'), ...asRendered(await demo(valuesFiles), 'tenancy-demo')];
    return runChecks(objects, env, { kubernetesVersion: '1.25.0', rules: rules.filter((r) => r.id === 'limit-range') });
  };

  it('lets nginx-pod-demo (no resources) in: the LimitRange defaults fit', async () => {
    const objects = await demo(overlayValuesFiles('prod', 'tenancy-demo'));
    expect(one(objects, 'Pod', 'nginx-pod-demo', 'limit').spec.containers[0].resources).toBeUndefined();
    expect(await admission(overlayValuesFiles('prod', 'tenancy-demo'))).toEqual([]);
  });

  it('has pod-request (cpu request 100m) refused with the reasons the course shows', async () => {
    const findings = await admission([`${charts}tenancy-demo/ci/limitrange-rejected.yaml`]);
    expect(findings.map((f) => [f.rule, f.object?.kind, f.object?.namespace, f.object?.name, f.message])).toEqual([
      [
        'limit-range',
        'Pod',
        'limit',
        'pod-request',
        'pods are forbidden by LimitRange cpu-memory: [minimum cpu usage per Container is 500m, but request is 100m, cpu max limit to request ratio per Container is 4, but provided ratio is 10.000000]',
      ],
    ]);
  });
});
