// The tenancy chart: namespaces, quotas, limit ranges, ServiceAccounts and RBAC from values.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderChart, renderChartError } from './render.js';

const chart = fileURLToPath(new URL('../../charts/tenancy', import.meta.url));
const prodValues = fileURLToPath(new URL('../../overlays/prod/values/tenancy.yaml', import.meta.url));

const render = async (release = 'tenancy') =>
  (await renderChart(chart, { release, namespace: 'tenancy', valuesFiles: [prodValues] })).objects;
const one = (objects: any[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

describe('tenancy chart', () => {
  it('renders the seed quota-test and cpu-memory objects in their tenant namespaces', async () => {
    const objects = await render();
    expect(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name).sort()).toEqual([
      'limit',
      'lucky-test',
      'quota',
      'rbac',
      'test',
    ]);
    const quota = one(objects, 'ResourceQuota', 'quota-test');
    expect(quota.metadata.namespace).toBe('quota');
    expect(quota.spec.hard).toEqual({
      pods: '6',
      'requests.cpu': '2',
      'requests.memory': '2Gi',
      'limits.cpu': '4',
      'limits.memory': '10Gi',
      'count/deployments.apps': '6',
      persistentvolumeclaims: '6',
    });
    const limits = one(objects, 'LimitRange', 'cpu-memory');
    expect(limits.metadata.namespace).toBe('limit');
    expect(limits.spec.limits[0]).toMatchObject({
      type: 'Container',
      default: { cpu: '1000m', memory: '1000Mi' },
      min: { cpu: '500m', memory: '500Mi' },
      maxLimitRequestRatio: { cpu: '4', memory: '4' },
    });
  });

  it('fixes the seed pod-read-bind: subjects is a list, roleRef a map, and the ServiceAccount is bound', async () => {
    const binding = one(await render(), 'RoleBinding', 'pod-read-bind');
    expect(binding.metadata.namespace).toBe('rbac');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-read' });
    expect(binding.subjects).toEqual([
      { kind: 'User', name: 'es', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'pod-reader-sc', namespace: 'rbac' },
    ]);
  });

  it('binds only roles and ServiceAccounts that exist, or built-in ClusterRoles', async () => {
    const objects = await render();
    const builtIn = ['cluster-admin', 'admin', 'edit', 'view'];
    for (const binding of objects.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')) {
      const { kind, name } = binding.roleRef;
      const target = kind === 'Role' ? objects.find((o) => o.kind === 'Role' && o.metadata.name === name && o.metadata.namespace === binding.metadata.namespace) : one(objects, 'ClusterRole', name);
      expect(target !== undefined || (kind === 'ClusterRole' && builtIn.includes(name)), `${binding.metadata.name} → ${kind}/${name}`).toBe(true);
      // Every namespace has its `default` ServiceAccount (§17.6.3, §17.7 (2) bind it).
      for (const subject of binding.subjects.filter((s: any) => s.kind === 'ServiceAccount' && s.name !== 'default')) {
        expect(objects.some((o) => o.kind === 'ServiceAccount' && o.metadata.name === subject.name && o.metadata.namespace === subject.namespace)).toBe(true);
      }
    }
  });

  it('prefixes its own cluster-scoped RBAC with the release so two releases never collide', async () => {
    const clusterScoped = (objects: any[]) =>
      objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding').map((o) => `${o.kind}/${o.metadata.name}`);
    const first = clusterScoped(await render('tenancy'));
    const second = clusterScoped(await render('tenancy-b'));
    expect(first).toContain('ClusterRole/tenancy-kubectl-get-pod');
    expect(first.filter((name) => second.includes(name))).toEqual([]);
    const crb = one(await render('tenancy-b'), 'ClusterRoleBinding', 'tenancy-b-kubectl-get-pods');
    expect(crb.roleRef.name).toBe('tenancy-b-kubectl-get-pod');
    // A built-in ClusterRole keeps its name.
    expect(one(await render(), 'RoleBinding', 'lucky').roleRef.name).toBe('cluster-admin');
  });

  it('rejects a ServiceAccount subject without a namespace (the seed --serviceaccount=myapp)', async () => {
    const error = await renderChartError(chart, {
      values: [{ roleBindings: { broken: { namespace: 'rbac', roleRef: { kind: 'Role', name: 'pod-read' }, subjects: [{ kind: 'ServiceAccount', name: 'myapp' }] } } }],
    });
    expect(error).toMatch(/namespace/);
  });
});
