// Details of the rules the course's storage, service, secret, RBAC and LimitRange chapters brought: what each accepts,
// what it reports and where.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/index.js';
import { limitRangeErrors } from '../../src/checks/rules/limit-range.js';
import { rules } from '../../src/checks/rules/index.js';
import { FIXTURES, loadFixture } from './fixture.js';

const only = (id: string) => ({ rules: rules.filter((r) => r.id === id) });

describe('missing-key', () => {
  it('reports a key the declared external Secret does not hold, at the key', async () => {
    const { objects, env } = await loadFixture(join(FIXTURES, 'missing-key'));
    const [f] = await runChecks(objects, env);
    expect(f).toMatchObject({
      rule: 'missing-key',
      object: { kind: 'DaemonSet', name: 'keepalived', namespace: 'keepalived' },
      path: '/spec/template/spec/containers/0/env/0/valueFrom/secretKeyRef/key',
    });
    expect(f!.message).toBe('Secret keepalived/keepalived-vrrp has no key "password" (keys in env external.secrets: auth-pass)');
  });

  it('accepts the key once the env declares it, and checks nothing when the env declares no keys', async () => {
    const { objects, env } = await loadFixture(join(FIXTURES, 'missing-key'));
    const declared = (keys?: string[]) => ({ ...env, external: { secrets: [{ namespace: 'keepalived', name: 'keepalived-vrrp', ...(keys ? { keys } : {}) }] } });
    expect(await runChecks(objects, declared(['password']))).toEqual([]);
    expect(await runChecks(objects, declared())).toEqual([]);
  });

  it('checks volume items, projected items and configMapKeyRef against rendered objects; optional references are skipped', async () => {
    const { objects, env } = await loadFixture(join(FIXTURES, 'clean'));
    const reader = objects.find((o) => o.object.metadata?.name === 'reader')!.object.spec.template.spec;
    reader.volumes[1].configMap.items[0].key = 'other.conf';
    reader.volumes[2].projected.sources[0].secret.items[0].key = 'passwd';
    reader.containers[0].env.push({ name: 'X', valueFrom: { configMapKeyRef: { name: 'files', key: 'x' } } });
    reader.containers[0].env.push({ name: 'Y', valueFrom: { configMapKeyRef: { name: 'files', key: 'y', optional: true } } });
    const findings = await runChecks(objects, env, only('missing-key'));
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      ['/spec/template/spec/containers/0/env/1/valueFrom/configMapKeyRef/key', 'ConfigMap storage/files has no key "x" (keys in the rendered ConfigMap: app.conf)'],
      ['/spec/template/spec/volumes/1/configMap/items/0/key', 'ConfigMap storage/files has no key "other.conf" (keys in the rendered ConfigMap: app.conf)'],
      ['/spec/template/spec/volumes/2/projected/sources/0/secret/items/0/key', 'Secret storage/db-auth has no key "passwd" (keys in env external.secrets: username, password)'],
    ]);
  });

  it('takes the keys of a rendered SealedSecret', async () => {
    const { objects, env } = await loadFixture(join(FIXTURES, 'missing-key'));
    const sealed = {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: 'keepalived-vrrp', namespace: 'keepalived' },
      spec: { encryptedData: { password: 'AgB…' }, template: { metadata: { name: 'keepalived-vrrp' } } },
    };
    const withSealed = [...objects, { release: 'vrrp', chart: 'vrrp', source: 'vrrp/templates/sealed.yaml', object: sealed }];
    expect(await runChecks(withSealed, { ...env, external: {} }, only('missing-key'))).toEqual([]);
    sealed.spec.encryptedData = { 'auth-pass': 'AgB…' } as any;
    expect((await runChecks(withSealed, { ...env, external: {} }, only('missing-key')))[0]!.message).toContain('keys in the rendered SealedSecret: auth-pass');
  });
});

describe('endpoints-address', () => {
  it('accepts an address the env declares as an extra host', async () => {
    const { objects, env } = await loadFixture(join(FIXTURES, 'endpoints-address'));
    const [f] = await runChecks(objects, env);
    expect(f).toMatchObject({ rule: 'endpoints-address', path: '/subsets/0/addresses/0/ip', object: { kind: 'Endpoints', name: 'mysql' } });
    const cluster = { ...env.cluster, extraHosts: [{ name: 'db1', ip: '192.168.1.62' }] };
    expect(await runChecks(objects, { ...env, cluster })).toEqual([]);
  });
});

describe('pvc-selector', () => {
  const claim = (name: string, labels: Record<string, string>, extra: object = {}) => ({
    release: 'storage',
    chart: 'storage',
    source: 'storage/templates/claims.yaml',
    object: {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name, namespace: 'storage' },
      spec: { storageClassName: '', accessModes: ['ReadWriteOnce'], selector: { matchLabels: labels }, resources: { requests: { storage: '1Gi' } }, ...extra },
    },
  });

  it('explains, volume by volume, why a claim matches nothing', async () => {
    const { objects, env } = await loadFixture(join(FIXTURES, 'pvc-selector'));
    const [f] = await runChecks(objects, env);
    expect(f!.message).toBe('selector matches no PersistentVolume, so the claim stays Pending (v1: labels do not match)');
    const pv = objects.find((o) => o.object.kind === 'PersistentVolume')!;
    const [big] = await runChecks([pv, claim('pvc-v1', { app: 'v1' }, { resources: { requests: { storage: '2Gi' } } })], env, only('pvc-selector'));
    expect(big!.message).toContain('(v1: capacity 1Gi < 2Gi)');
    const [rwx] = await runChecks([pv, claim('pvc-v1', { app: 'v1' }, { accessModes: ['ReadWriteMany'] })], env, only('pvc-selector'));
    expect(rwx!.message).toContain('(v1: no access mode ReadWriteMany)');
  });

  it('reports a claim that matches two volumes, and a volume that two claims need', async () => {
    const { objects, env } = await loadFixture(join(FIXTURES, 'pvc-selector'));
    const pv = objects.find((o) => o.object.kind === 'PersistentVolume')!;
    const twin = structuredClone(pv);
    twin.object.metadata.name = 'v1b';
    const two = await runChecks([pv, twin, claim('pvc-v1', { app: 'v1' })], env, only('pvc-selector'));
    expect(two.map((f) => f.message)).toEqual(['selector matches 2 PersistentVolumes (v1, v1b); make it match exactly one']);
    const shared = await runChecks([pv, claim('a', { app: 'v1' }), claim('b', { app: 'v1' })], env, only('pvc-selector'));
    expect(shared.map((f) => [f.object?.name, f.message])).toEqual([['b', 'PersistentVolume v1 is also the only match of claim storage/a; one of them stays Pending']]);
  });

  it('gives a claim without a class the default class, as admission does', async () => {
    const { objects, env } = await loadFixture(join(FIXTURES, 'pvc-selector'));
    const pv = objects.find((o) => o.object.kind === 'PersistentVolume')!;
    const noClass = claim('pvc-v1', { app: 'v1' });
    delete (noClass.object.spec as any).storageClassName;
    expect(await runChecks([pv, noClass], env, only('pvc-selector'))).toEqual([]);
    const defaultClass = {
      release: 'nfs',
      chart: 'nfs',
      source: 'nfs/templates/sc.yaml',
      object: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'nfs', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'example.com/nfs' },
    };
    const [f] = await runChecks([pv, noClass, defaultClass], env, only('pvc-selector'));
    expect(f!.message).toContain('v1: class "" is not "nfs"');
  });
});

describe('rbac-cluster-admin', () => {
  it('flags groups of ServiceAccounts and namespaced grants, never users', async () => {
    const { objects, env } = await loadFixture(join(FIXTURES, 'rbac-cluster-admin'));
    const binding = objects.find((o) => o.object.kind === 'ClusterRoleBinding')!;
    binding.object.subjects = [
      { kind: 'User', name: 'root', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'Group', name: 'system:serviceaccounts', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'Group', name: 'system:masters', apiGroup: 'rbac.authorization.k8s.io' },
    ];
    const findings = await runChecks(objects, env, only('rbac-cluster-admin'));
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      ['/subjects/1', 'Group system:serviceaccounts is bound to cluster-admin in every namespace; grant a role with only the verbs its pods need'],
    ]);
  });
});

describe('limit-range', () => {
  // The course's LimitRange cpu-memory (namespace limit) and its two demo pods (§17.10.2).
  const cpuMemory = {
    metadata: { name: 'cpu-memory', namespace: 'limit' },
    spec: {
      limits: [
        {
          type: 'Container',
          default: { cpu: '1000m', memory: '1000Mi' },
          defaultRequest: { cpu: '500m', memory: '500Mi' },
          min: { cpu: '500m', memory: '500Mi' },
          max: { cpu: '2000m', memory: '2000Mi' },
          maxLimitRequestRatio: { cpu: 4, memory: 4 },
        },
      ],
    },
  };

  it('admits a pod without resources: the defaults fit', () => {
    expect(limitRangeErrors({ containers: [{ name: 'nginx' }] }, [cpuMemory])).toEqual([]);
  });

  it("refuses pod-request (cpu request 100m) with the API server's reasons", () => {
    expect(limitRangeErrors({ containers: [{ name: 'nginx', resources: { requests: { cpu: '100m' } } }] }, [cpuMemory])).toEqual([
      'minimum cpu usage per Container is 500m, but request is 100m',
      'cpu max limit to request ratio per Container is 4, but provided ratio is 10.000000',
    ]);
  });

  it('requests a limit-only resource at its limit (API defaulting) and defaults the limit from max', () => {
    const maxOnly = { metadata: { name: 'm' }, spec: { limits: [{ type: 'Container', max: { memory: '1Gi' } }] } };
    expect(limitRangeErrors({ containers: [{ name: 'a', resources: { limits: { memory: '2Gi' } } }] }, [maxOnly])).toEqual([
      'maximum memory usage per Container is 1Gi, but limit is 2Gi',
    ]);
    expect(limitRangeErrors({ containers: [{ name: 'a' }] }, [maxOnly])).toEqual([]);
  });

  it('defaults and checks init containers too, and counts the largest one against Pod limits', () => {
    expect(limitRangeErrors({ initContainers: [{ name: 'i', resources: { requests: { cpu: '100m' } } }], containers: [{ name: 'c' }] }, [cpuMemory])).toEqual([
      'minimum cpu usage per Container is 500m, but request is 100m',
      'cpu max limit to request ratio per Container is 4, but provided ratio is 10.000000',
    ]);
    const pod = { metadata: { name: 'p' }, spec: { limits: [{ type: 'Pod', max: { cpu: '1' } }] } };
    const small = { resources: { requests: { cpu: '200m' }, limits: { cpu: '200m' } } };
    const big = { resources: { requests: { cpu: '2' }, limits: { cpu: '2' } } };
    expect(limitRangeErrors({ initContainers: [big], containers: [small] }, [pod])).toEqual(['maximum cpu usage per Pod is 1, but limit is 2']);
  });

  it('applies the defaults of every LimitRange before checking any', () => {
    const defaults = { metadata: { name: 'a' }, spec: { limits: [{ type: 'Container', defaultRequest: { memory: '64Mi' }, default: { memory: '64Mi' } }] } };
    const bounds = { metadata: { name: 'b' }, spec: { limits: [{ type: 'Container', min: { memory: '32Mi' } }] } };
    expect(limitRangeErrors({ containers: [{ name: 'c' }] }, [bounds, defaults])).toEqual([]);
  });

  it('sums containers for Pod limits', () => {
    const pod = { metadata: { name: 'p' }, spec: { limits: [{ type: 'Pod', max: { cpu: '1' } }] } };
    const c = { resources: { requests: { cpu: '600m' }, limits: { cpu: '600m' } } };
    expect(limitRangeErrors({ containers: [c, c] }, [pod])).toEqual(['maximum cpu usage per Pod is 1, but limit is 1.2']);
  });
});
