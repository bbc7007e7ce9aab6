// The sync order src/cluster/sync.ts applies a tree in (the e2e tests and `bundle diff --live` run it against a real
// kube-apiserver), and what `--live` compares; both without a cluster.
import { describe, expect, it } from 'vitest';
import { hookPhase, planSync } from '../../src/cluster/sync.js';
import { comparable, liveDiff } from '../../src/diff/live.js';

const yaml = (o: object) => JSON.stringify(o);
const app = (release: string, wave: number, namespace: string, createNamespace = true) =>
  yaml({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: `prod-${release}`, namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': String(wave) } },
    spec: { destination: { namespace }, syncPolicy: { syncOptions: createNamespace ? ['CreateNamespace=true'] : [] } },
  });
const obj = (kind: string, name: string, namespace?: string, annotations?: Record<string, string>) =>
  yaml({ apiVersion: kind === 'Job' ? 'batch/v1' : 'v1', kind, metadata: { name, ...(namespace ? { namespace } : {}), ...(annotations ? { annotations } : {}) } });

describe('hookPhase', () => {
  it.each([
    [{}, 'Sync', undefined],
    [{ 'helm.sh/hook': 'pre-install,pre-upgrade' }, 'PreSync', undefined],
    [{ 'helm.sh/hook': 'post-install' }, 'PostSync', undefined],
    [{ 'helm.sh/hook': 'crd-install' }, 'Sync', undefined],
    [{ 'helm.sh/hook': 'test' }, 'Sync', 'Helm hook test is ignored by Argo CD'],
    [{ 'argocd.argoproj.io/hook': 'PostSync', 'helm.sh/hook': 'pre-install' }, 'PostSync', undefined],
    [{ 'argocd.argoproj.io/hook': 'Skip' }, 'Sync', 'Argo CD hook Skip does not run on sync'],
  ])('%o → %s', (annotations, phase, skip) => {
    expect(hookPhase({ metadata: { annotations } })).toEqual({ phase, ...(skip ? { skip } : {}) });
  });
});

describe('planSync', () => {
  const files = new Map([
    ['.bundle-owned', 'ignored'],
    ['apps/web.yaml', app('web', 5, 'web')],
    ['apps/cni.yaml', app('cni', 0, 'kube-system', false)],
    ['web/statefulset-web.yaml', yaml({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'web' } })],
    ['web/service-web.yaml', obj('Service', 'web', 'web')],
    ['web/job-migrate.yaml', obj('Job', 'migrate', 'web', { 'helm.sh/hook': 'pre-install' })],
    ['web/job-smoke.yaml', obj('Job', 'smoke', 'web', { 'helm.sh/hook': 'post-install' })],
    ['web/configmap-late.yaml', obj('ConfigMap', 'late', 'web', { 'argocd.argoproj.io/sync-wave': '1' })],
    ['web/pod-test.yaml', obj('Pod', 'test', 'web', { 'helm.sh/hook': 'test' })],
    ['cni/customresourcedefinition-x.yaml', yaml({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'x' } })],
    ['cni/serviceaccount-cni.yaml', obj('ServiceAccount', 'cni', 'kube-system')],
  ]);

  it('orders Applications, then releases by wave; in a release the namespace, PreSync, Sync by wave and kind, PostSync', () => {
    const steps = planSync(files);
    expect(steps.map((s) => s.label)).toEqual(['Argo CD Applications', 'cni (wave 0)', 'web (wave 5)']);
    expect(steps[0]!.objects.map((o) => o.path)).toEqual(['apps/cni.yaml', 'apps/web.yaml']);
    // No CreateNamespace for cni: its Application does not ask for it.
    expect(steps[1]!.objects.map((o) => o.path)).toEqual(['cni/serviceaccount-cni.yaml', 'cni/customresourcedefinition-x.yaml']);
    const web = steps[2]!.objects;
    expect(web.map((o) => o.path)).toEqual([
      'web (CreateNamespace=true)',
      'web/job-migrate.yaml',
      'web/service-web.yaml',
      'web/pod-test.yaml',
      'web/statefulset-web.yaml',
      'web/configmap-late.yaml',
      'web/job-smoke.yaml',
    ]);
    expect(web[0]!.createOnly).toBe(true);
    expect(web.find((o) => o.path === 'web/pod-test.yaml')!.skip).toBe('Helm hook test is ignored by Argo CD');
  });
});

describe('--live comparison', () => {
  it('leaves out what only the server writes and masks Secret values', () => {
    const text = comparable({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'd', uid: 'u', resourceVersion: '7', generation: 2, creationTimestamp: 't', managedFields: [{}] },
      data: { password: 'aHVudGVyMg==' },
      status: {},
    }, 'salt');
    expect(text).toMatch(/^apiVersion: v1\nkind: Secret\nmetadata:\n {2}name: s\n {2}namespace: d\ndata:\n {2}password: <masked hmac-sha256:[0-9a-f]{12}>\n$/);
  });

  it('classifies results: added, changed, unchanged, unvalidated (with a note), rejected, skipped', () => {
    const ref = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', name, namespace: 'd' });
    const cm = (name: string, v: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'd' }, data: { v } });
    const base = { phase: 'Sync' as const, warnings: [] };
    const d = liveDiff([
      { ...base, path: 'r/a.yaml', release: 'r', ref: ref('a'), outcome: 'applied', object: cm('a', '1'), result: cm('a', '1'), live: null },
      { ...base, path: 'r/b.yaml', release: 'r', ref: ref('b'), outcome: 'applied', object: cm('b', '2'), result: cm('b', '2'), live: cm('b', '1') },
      { ...base, path: 'r/c.yaml', release: 'r', ref: ref('c'), outcome: 'applied', object: cm('c', '1'), result: cm('c', '1'), live: cm('c', '1') },
      { ...base, path: 'r/e.yaml', release: 'r', ref: ref('e'), outcome: 'unvalidated', object: cm('e', '1'), live: null, note: 'namespace d is created by this sync' },
      { ...base, path: 'r/f.yaml', release: 'r', ref: ref('f'), outcome: 'rejected', object: cm('f', '1'), error: new Error('no') },
      { ...base, path: 'r/g.yaml', release: 'r', ref: ref('g'), outcome: 'skipped', object: cm('g', '1') },
    ], 'salt');
    expect(d.changes.map((c) => `${c.path} ${c.change}${c.note ? ` (${c.note})` : ''}`)).toEqual([
      'r/a.yaml added',
      'r/b.yaml changed',
      'r/e.yaml added (not validated: namespace d is created by this sync)',
    ]);
    expect(d.unchanged).toBe(1);
    expect(d.rejected).toEqual([{ path: 'r/f.yaml', kind: 'ConfigMap', name: 'f', namespace: 'd', reason: '', message: 'no' }]);
    expect(d.changes[1]!.diff).toContain('-  v: "1"');
  });
});
