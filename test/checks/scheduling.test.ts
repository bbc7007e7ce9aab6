// Pod placement against declared nodes, as the scheduler and the kubelet decide it: the node-placement rule and the
// host-port rule both build on this. The nodes are the course's, with its §6.3 taints.
import { describe, expect, it } from 'vitest';
import { nodePlacement } from '../../src/checks/rules/node-placement.js';
import { eligibleNodes, placementProblem } from '../../src/checks/scheduling.js';
import type { Node } from '../../src/env/types.js';

const master1: Node = {
  name: 'master1',
  ip: '192.168.40.180',
  roles: ['control-plane'],
  labels: { 'kubernetes.io/hostname': 'master1' },
  taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
};
const node1: Node = {
  name: 'node1',
  ip: '192.168.40.181',
  roles: ['worker'],
  labels: { 'kubernetes.io/hostname': 'node1', zone: 'foo', rack: '3' },
  taints: [{ key: 'node-type', value: 'dev', effect: 'NoExecute' }],
};
const node2: Node = {
  name: 'node2',
  ip: '192.168.40.182',
  roles: ['worker'],
  labels: { 'kubernetes.io/hostname': 'node2', zone: 'bar', disk: 'ceph', rack: '12' },
  taints: [{ key: 'node-type', value: 'production', effect: 'NoSchedule' }],
};
const nodes = [master1, node1, node2];
const untainted = nodes.map((n) => ({ ...n, taints: [] }));
const names = (spec: object, on: Node[] = untainted) => eligibleNodes(spec, on).map((n) => n.name);
const affinity = (...matchExpressions: object[]) => ({
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } },
});

describe('placement on declared nodes', () => {
  it('nodeName binds the pod to that node alone', () => {
    expect(names({ nodeName: 'node1' })).toEqual(['node1']);
    expect(placementProblem({ nodeName: 'node1' }, untainted[2]!)).toBe('nodeName is node1');
  });

  it('nodeSelector needs every label with the same value', () => {
    expect(names({ nodeSelector: { disk: 'ceph' } })).toEqual(['node2']);
    expect(names({ nodeSelector: { disk: 'ceph', zone: 'foo' } })).toEqual([]);
    expect(placementProblem({ nodeSelector: { disk: 'ssd' } }, untainted[2]!)).toBe('nodeSelector disk=ssd does not match');
  });

  it('required node affinity: In, NotIn, Exists, DoesNotExist, Gt and Lt', () => {
    expect(names(affinity({ key: 'zone', operator: 'In', values: ['foo', 'bar'] }))).toEqual(['node1', 'node2']);
    expect(names(affinity({ key: 'zone', operator: 'NotIn', values: ['foo'] }))).toEqual(['master1', 'node2']);
    expect(names(affinity({ key: 'disk', operator: 'Exists' }))).toEqual(['node2']);
    expect(names(affinity({ key: 'disk', operator: 'DoesNotExist' }))).toEqual(['master1', 'node1']);
    // Gt/Lt compare integers, not strings: 12 > 5 although "12" < "5".
    expect(names(affinity({ key: 'rack', operator: 'Gt', values: ['5'] }))).toEqual(['node2']);
    expect(names(affinity({ key: 'rack', operator: 'Lt', values: ['5'] }))).toEqual(['node1']);
    expect(names(affinity({ key: 'zone', operator: 'Gt', values: ['1'] }))).toEqual([]);
    expect(names(affinity({ key: 'zone', operator: 'Near', values: ['foo'] }))).toEqual([]);
  });

  it('node affinity terms are ORed, expressions in a term ANDed; matchFields names nodes', () => {
    const terms = [
      { matchExpressions: [{ key: 'zone', operator: 'In', values: ['foo'] }, { key: 'disk', operator: 'Exists' }] },
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['master1'] }] },
    ];
    const spec = { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } };
    expect(names(spec)).toEqual(['master1']);
    const empty = { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } } } };
    expect(names(empty)).toEqual([]);
  });

  it('preferred node affinity never restricts placement', () => {
    const preferred = {
      affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'zone1', operator: 'In', values: ['foo1'] }] } }] } },
    };
    expect(names(preferred)).toEqual(['master1', 'node1', 'node2']);
  });

  it('an untolerated NoSchedule or NoExecute taint keeps the pod away', () => {
    expect(names({}, nodes)).toEqual([]);
    expect(placementProblem({}, node1)).toBe('taint node-type=dev:NoExecute is not tolerated');
    expect(placementProblem({}, node2)).toBe('taint node-type=production:NoSchedule is not tolerated');
    const prefer: Node = { ...node2, taints: [{ key: 'node-type', value: 'production', effect: 'PreferNoSchedule' }] };
    expect(placementProblem({}, prefer)).toBeUndefined();
  });

  it('the course tolerations (§6.3.4): Equal needs key, value and effect to match; Exists any value, any effect when empty', () => {
    const equalNoExecute = [{ key: 'node-type', operator: 'Equal', value: 'production', effect: 'NoExecute', tolerationSeconds: 3600 }];
    const equalNoSchedule = [{ key: 'node-type', operator: 'Equal', value: 'production', effect: 'NoSchedule' }];
    const existsNoSchedule = [{ key: 'node-type', operator: 'Exists', value: '', effect: 'NoSchedule' }];
    const exists = [{ key: 'node-type', operator: 'Exists', value: '', effect: '' }];
    expect(names({ tolerations: equalNoExecute }, nodes)).toEqual([]);
    expect(names({ tolerations: equalNoSchedule }, nodes)).toEqual(['node2']);
    expect(names({ tolerations: existsNoSchedule }, nodes)).toEqual(['node2']);
    expect(names({ tolerations: exists }, nodes)).toEqual(['node1', 'node2']);
    // An empty operator means Equal; an empty key with Exists tolerates every taint.
    expect(names({ tolerations: [{ key: 'node-type', operator: '', value: 'dev' }] }, nodes)).toEqual(['node1']);
    expect(names({ tolerations: [{ operator: 'Exists' }] }, nodes)).toEqual(['master1', 'node1', 'node2']);
    expect(names({ tolerations: [{ key: 'node-type', operator: 'Matches', value: 'dev' }] }, nodes)).toEqual([]);
  });

  it('a NoExecute taint tolerated only for tolerationSeconds evicts the pod: it cannot stay', () => {
    const timed = [{ key: 'node-type', operator: 'Equal', value: 'dev', effect: 'NoExecute', tolerationSeconds: 3600 }];
    expect(placementProblem({ tolerations: timed }, node1)).toBe('taint node-type=dev:NoExecute is tolerated for only 3600s, then the pod is evicted');
    // The first toleration that matches the taint decides, as in the taint manager.
    expect(placementProblem({ tolerations: [{ key: 'node-type', operator: 'Exists' }, ...timed] }, node1)).toBeUndefined();
    expect(placementProblem({ tolerations: [...timed, { key: 'node-type', operator: 'Exists' }] }, node1)).toMatch(/only 3600s/);
  });

  it('a pod bound with nodeName ignores NoSchedule taints (the kubelet checks only NoExecute)', () => {
    expect(placementProblem({ nodeName: 'node2' }, node2)).toBeUndefined();
    expect(placementProblem({ nodeName: 'master1' }, master1)).toBeUndefined();
    expect(placementProblem({ nodeName: 'node1' }, node1)).toBe('taint node-type=dev:NoExecute is not tolerated');
    // The kubelet still checks nodeSelector and node affinity.
    expect(placementProblem({ nodeName: 'node2', nodeSelector: { zone: 'foo' } }, node2)).toBe('nodeSelector zone=foo does not match');
  });
});

describe('node-placement rule', () => {
  const ctx = (spec: object) =>
    ({
      objects: [{ release: 'r', chart: 'c', source: 'c/templates/pod.yaml', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' }, spec } }],
      env: { cluster: { nodes } },
    }) as any;

  it('names every node and why it does not fit', () => {
    const [f] = nodePlacement.check(ctx({ nodeSelector: { disk: 'ceph' } }));
    expect(f!.message).toBe(
      "pods fit none of the env's nodes (master1: nodeSelector disk=ceph does not match; node1: nodeSelector disk=ceph does not match; node2: taint node-type=production:NoSchedule is not tolerated)",
    );
    expect(f!.path).toBe('/spec');
  });

  it('reports a nodeName that names no declared node', () => {
    const [f] = nodePlacement.check(ctx({ nodeName: 'node3' }));
    expect(f!.message).toBe('nodeName node3 is not a node of the env (master1, node1, node2)');
    expect(f!.path).toBe('/spec/nodeName');
  });

  it('passes a pod that tolerates its node', () => {
    expect(nodePlacement.check(ctx({ tolerations: [{ key: 'node-type', operator: 'Exists' }] }))).toEqual([]);
  });
});
