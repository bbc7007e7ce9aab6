// Who sets a node label: the kubelet's --node-labels rule of Kubernetes 1.25 (kubernetes.io / k8s.io namespaces only
// from the allowed set), the kubelet's and kubeadm's own labels, and kubectl for the rest.
import { describe, expect, it } from 'vitest';
import { kubeletMaySet, labelSetter, planLabels } from '../../src/hosts/labels.js';

describe('labelSetter', () => {
  it.each([
    ['kubernetes.io/hostname', '', false, 'kubelet-default'],
    ['kubernetes.io/os', 'linux', false, 'kubelet-default'],
    ['kubernetes.io/arch', 'amd64', false, 'kubelet-default'],
    ['node-role.kubernetes.io/control-plane', '', true, 'kubeadm'],
    // On a worker, or with a value, the control-plane label is not kubeadm's: and the kubelet may not set it.
    ['node-role.kubernetes.io/control-plane', '', false, 'kubectl'],
    ['node-role.kubernetes.io/control-plane', 'yes', true, 'kubectl'],
    ['node-role.kubernetes.io/worker', 'worker', false, 'kubectl'],
    ['kubernetes.io/ingress', 'nginx', false, 'kubectl'],
    ['example.k8s.io/x', 'y', false, 'kubectl'],
    ['k8s.io/x', 'y', false, 'kubectl'],
    ['disk', 'ceph', false, 'node-labels'],
    ['zone', 'foo', false, 'node-labels'],
    ['example.com/team', 'a', false, 'node-labels'],
    // Look-alike domains are not the kubernetes.io namespace.
    ['notkubernetes.io/x', 'y', false, 'node-labels'],
    ['beta.kubernetes.io/os', 'linux', false, 'node-labels'],
    ['topology.kubernetes.io/zone', 'z', false, 'node-labels'],
    ['failure-domain.beta.kubernetes.io/region', 'r', false, 'node-labels'],
    ['node.kubernetes.io/instance-type', 'm', false, 'node-labels'],
    ['node.kubernetes.io/pool', 'p', false, 'node-labels'],
    ['pool.node.kubernetes.io/x', 'p', false, 'node-labels'],
    ['kubelet.kubernetes.io/x', 'p', false, 'node-labels'],
    ['topology.kubernetes.io/rack', 'r', false, 'kubectl'],
  ] as const)('%s=%s (control plane: %s) → %s', (key, value, controlPlane, setter) => {
    expect(labelSetter(key, value, controlPlane)).toBe(setter);
    if (setter === 'node-labels') expect(kubeletMaySet(key)).toBe(true);
    if (setter === 'kubectl') expect(kubeletMaySet(key)).toBe(false);
  });

  it('plans a node, sorted by key', () => {
    expect(planLabels({ zone: 'foo', 'kubernetes.io/ingress': 'nginx', disk: 'ceph', 'kubernetes.io/hostname': 'n' }, false)).toEqual({
      nodeLabels: [
        ['disk', 'ceph'],
        ['zone', 'foo'],
      ],
      kubectl: [['kubernetes.io/ingress', 'nginx']],
      automatic: [['kubernetes.io/hostname', 'n', 'kubelet-default']],
    });
  });
});
