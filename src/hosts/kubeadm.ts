// kubeadm.yaml of each node, kubeadm API v1beta3 (kubeadm 1.22 and later; the course's 1.25): on the control-plane node
// InitConfiguration + ClusterConfiguration + KubeProxyConfiguration (ipvs) + KubeletConfiguration (systemd cgroups),
// on the others a JoinConfiguration. The kubelet configuration reaches the workers through the cluster (kubeadm init
// uploads it as the kubelet-config ConfigMap and join downloads it), so their files hold only the join.
import { toYamlFile } from '../output/layout.js';
import type { HostNode, HostPlan } from './facts.js';

/** Placeholders of a worker's file, filled on the node with what `kubeadm token create --print-join-command` prints
 *  (token and CA hash are short-lived credentials, so they are never rendered into git). */
export const JOIN_TOKEN = '@JOIN_TOKEN@';
export const CA_CERT_HASH = '@CA_CERT_HASH@';

const KUBEADM_API = 'kubeadm.k8s.io/v1beta3';

function nodeRegistration(plan: HostPlan, node: HostNode): Record<string, unknown> {
  const kubeletExtraArgs: Record<string, string> = {
    // The InternalIP other components (keepalived peers, the stream proxy) are rendered for, whatever NIC holds the
    // default route.
    'node-ip': node.ip,
  };
  const { nodeLabels } = node.labelPlan;
  if (nodeLabels.length > 0) kubeletExtraArgs['node-labels'] = nodeLabels.map(([k, v]) => `${k}=${v}`).join(',');
  return {
    criSocket: plan.containerd.criSocket,
    imagePullPolicy: 'IfNotPresent',
    name: node.name,
    // Always a list: for kubeadm init a missing list means "the default control-plane taint", an empty one "none".
    taints: node.taints.map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect })),
    kubeletExtraArgs,
  };
}

function controlPlaneDocuments(plan: HostPlan, node: HostNode): object[] {
  const { cluster } = plan;
  return [
    {
      apiVersion: KUBEADM_API,
      kind: 'InitConfiguration',
      localAPIEndpoint: { advertiseAddress: node.ip, bindPort: plan.kubeadm.bindPort },
      nodeRegistration: nodeRegistration(plan, node),
    },
    {
      apiVersion: KUBEADM_API,
      kind: 'ClusterConfiguration',
      // kubeadm's default name; the course's kubeconfig contexts (lucky@kubernetes) use it.
      clusterName: 'kubernetes',
      kubernetesVersion: cluster.kubernetesVersion,
      imageRepository: plan.kubeadm.imageRepository,
      certificatesDir: '/etc/kubernetes/pki',
      etcd: { local: { dataDir: '/var/lib/etcd' } },
      networking: { dnsDomain: cluster.dnsDomain, podSubnet: cluster.podCIDR, serviceSubnet: cluster.serviceCIDR },
    },
    { apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', mode: 'ipvs' },
    // clusterDNS and clusterDomain are left to kubeadm, which derives them as it does CoreDNS's Service address
    // (facts.ts holds cluster.clusterDNS to that address).
    { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', cgroupDriver: 'systemd' },
  ];
}

function joinDocument(plan: HostPlan, node: HostNode): object {
  return {
    apiVersion: KUBEADM_API,
    kind: 'JoinConfiguration',
    discovery: { bootstrapToken: { apiServerEndpoint: plan.apiServer, token: JOIN_TOKEN, caCertHashes: [CA_CERT_HASH] } },
    nodeRegistration: nodeRegistration(plan, node),
  };
}

export function kubeadmFile(plan: HostPlan, node: HostNode, header: string): string {
  const docs = node === plan.controlPlane ? controlPlaneDocuments(plan, node) : [joinDocument(plan, node)];
  return header + docs.map((d) => toYamlFile(d)).join('---\n');
}
