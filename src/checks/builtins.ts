// Objects every (kubeadm) cluster has before the bundle is applied, so references to them are not dangling.

const ANY = '*';

/** kind → namespace (or ANY) → names; a name ending in ':' followed by '*' is a prefix. */
const WELL_KNOWN: Record<string, Record<string, string[]>> = {
  Namespace: { [ANY]: ['default', 'kube-system', 'kube-public', 'kube-node-lease'] },
  ServiceAccount: { [ANY]: ['default'], 'kube-system': ['kube-proxy', 'coredns'] },
  ConfigMap: {
    [ANY]: ['kube-root-ca.crt'],
    'kube-system': ['kube-proxy', 'coredns', 'kubeadm-config', 'kubelet-config', 'extension-apiserver-authentication'],
    'kube-public': ['cluster-info'],
  },
  Service: { default: ['kubernetes'], 'kube-system': ['kube-dns'] },
  ClusterRole: { [ANY]: ['cluster-admin', 'admin', 'edit', 'view', 'system:*'] },
  Role: { 'kube-system': ['extension-apiserver-authentication-reader', 'system:*'], 'kube-public': ['system:*'] },
  PriorityClass: { [ANY]: ['system-cluster-critical', 'system-node-critical'] },
};

export function isWellKnown(kind: string, namespace: string | undefined, name: string): boolean {
  const byNs = WELL_KNOWN[kind];
  if (!byNs) return false;
  const names = [...(byNs[ANY] ?? []), ...(namespace ? byNs[namespace] ?? [] : [])];
  return names.some((n) => (n.endsWith(':*') ? name.startsWith(n.slice(0, -1)) : n === name));
}
