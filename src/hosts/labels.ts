// Who can put each of a node's labels on it. The kubelet registers the node and may set only some labels itself
// (`--node-labels`, which kubeadm passes from nodeRegistration.kubeletExtraArgs): in Kubernetes 1.25 the kubelet
// refuses a label in the kubernetes.io or k8s.io namespaces unless it is in the kubelet's allowed set
// (cmd/kubelet/app/options ValidateKubeletFlags, k8s.io/kubelet/pkg/apis IsKubeletLabel), and the NodeRestriction
// admission plugin enforces the same rule on the API side. Everything else needs `kubectl label` by an admin.

export type LabelSetter =
  /** The kubelet sets it on every registration (its hostname, OS and architecture labels). */
  | 'kubelet-default'
  /** kubeadm's mark-control-plane phase sets it on the control-plane node. */
  | 'kubeadm'
  /** Passed to the kubelet with `--node-labels` at registration. */
  | 'node-labels'
  /** Only an admin can set it: `kubectl label node` after the node joined. */
  | 'kubectl';

/** Labels the kubelet writes itself, from the machine (since 1.19 no longer the beta.kubernetes.io/os|arch ones). */
const KUBELET_DEFAULT = new Set(['kubernetes.io/hostname', 'kubernetes.io/os', 'kubernetes.io/arch']);

/** IsKubeletLabel's allowed set (k8s.io/kubelet/pkg/apis/well_known_labels.go, v0.25). */
const KUBELET_ALLOWED = new Set([
  ...KUBELET_DEFAULT,
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'node.kubernetes.io/instance-type',
  'beta.kubernetes.io/instance-type',
]);
const KUBELET_ALLOWED_NAMESPACES = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

/** The label the control-plane node gets from kubeadm init (with an empty value). */
export const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

function namespaceOf(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 ? '' : key.slice(0, slash);
}

function inNamespace(namespace: string, domain: string): boolean {
  return namespace === domain || namespace.endsWith(`.${domain}`);
}

/** Whether the kubelet accepts this key in `--node-labels`. */
export function kubeletMaySet(key: string): boolean {
  const ns = namespaceOf(key);
  const kubernetes = inNamespace(ns, 'kubernetes.io') || inNamespace(ns, 'k8s.io');
  return !kubernetes || KUBELET_ALLOWED.has(key) || KUBELET_ALLOWED_NAMESPACES.some((allowed) => inNamespace(ns, allowed));
}

export function labelSetter(key: string, value: string, controlPlane: boolean): LabelSetter {
  if (KUBELET_DEFAULT.has(key)) return 'kubelet-default';
  if (controlPlane && key === CONTROL_PLANE_LABEL && value === '') return 'kubeadm';
  return kubeletMaySet(key) ? 'node-labels' : 'kubectl';
}

export interface NodeLabelPlan {
  /** For `--node-labels`, sorted by key. */
  nodeLabels: Array<[string, string]>;
  /** For `kubectl label node`, sorted by key. */
  kubectl: Array<[string, string]>;
  /** Set by the kubelet or kubeadm themselves; listed in the runbook only. */
  automatic: Array<[string, string, LabelSetter]>;
}

export function planLabels(labels: Record<string, string>, controlPlane: boolean): NodeLabelPlan {
  const plan: NodeLabelPlan = { nodeLabels: [], kubectl: [], automatic: [] };
  for (const key of Object.keys(labels).sort()) {
    const value = labels[key]!;
    const setter = labelSetter(key, value, controlPlane);
    if (setter === 'node-labels') plan.nodeLabels.push([key, value]);
    else if (setter === 'kubectl') plan.kubectl.push([key, value]);
    else plan.automatic.push([key, value, setter]);
  }
  return plan;
}
