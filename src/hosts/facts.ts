// The facts `bundle hosts` renders from: the env's cluster facts with the bootstrap defaults applied, checked for what
// the schema and the env's network checks cannot express (one control plane, unique node names, the kubelet's own
// hostname label, kubeadm's DNS address).
import { relative } from 'node:path';
import { projectRoot } from '../env/load.js';
import type { ClusterFacts, Environment, Node } from '../env/types.js';
import { Diagnostic, DiagnosticError } from '../schema/diagnostic.js';
import { toPointer, type SourceFile } from '../schema/source.js';
import { planLabels, type NodeLabelPlan } from './labels.js';

export interface HostNode extends Node {
  controlPlane: boolean;
  labelPlan: NodeLabelPlan;
}

export interface RegistryMirror {
  /** Registry host, e.g. docker.io: the certs.d folder name. */
  registry: string;
  endpoints: string[];
  capabilities?: string[];
}

export interface HostPlan {
  env: string;
  /** The env file relative to the project root, named in every generated file's header. */
  source: string;
  cluster: ClusterFacts;
  containerd: { version: string; sandboxImage: string; criSocket: string; mirrors: RegistryMirror[] };
  kubeadm: { imageRepository: string; bindPort: number };
  users: string[];
  nodes: HostNode[];
  controlPlane: HostNode;
  /** Where workers join and users connect: the control-plane node's advertise address and bind port. */
  apiServer: string;
}

const DEFAULT_CRI_SOCKET = 'unix:///run/containerd/containerd.sock';
const DEFAULT_IMAGE_REPOSITORY = 'registry.k8s.io';
const DEFAULT_BIND_PORT = 6443;

export function hostPlan(env: Environment, source: SourceFile): HostPlan {
  const problems: Diagnostic[] = [];
  const at = (segments: Array<string | number>, message: string) => {
    const pointer = toPointer(segments);
    problems.push(new Diagnostic({ file: env.file, ...source.locate(pointer), pointer, message }));
  };
  const { cluster } = env;
  if (!cluster.containerd) {
    at(['cluster'], 'missing "containerd": `bundle hosts` needs the containerd version and sandbox image (cluster.containerd.version, .sandboxImage)');
  }
  const nodes: HostNode[] = cluster.nodes.map((n) => {
    const controlPlane = n.roles.includes('control-plane');
    return { ...n, controlPlane, labelPlan: planLabels(n.labels, controlPlane) };
  });
  const controlPlanes = nodes.filter((n) => n.controlPlane);
  if (controlPlanes.length === 0) {
    at(['cluster', 'nodes'], 'no node has the control-plane role: kubeadm init needs exactly one');
  }
  for (const extra of controlPlanes.slice(1)) {
    at(
      ['cluster', 'nodes', nodes.indexOf(extra), 'roles'],
      `node "${extra.name}" is a second control-plane node: \`bundle hosts\` bootstraps one control plane ("${controlPlanes[0]!.name}"); ` +
        'a highly available one needs a load-balanced control-plane endpoint, which the env does not describe',
    );
  }
  // Unique node IPs are a fact of every env (src/env/facts.ts), checked before this runs.
  const byName = new Map<string, HostNode>();
  nodes.forEach((n, i) => {
    const sameName = byName.get(n.name);
    if (sameName) at(['cluster', 'nodes', i, 'name'], `node name "${n.name}" is used twice: each node registers under its own name`);
    else byName.set(n.name, n);
    const hostname = n.labels['kubernetes.io/hostname'];
    if (hostname !== undefined && hostname !== n.name) {
      at(
        ['cluster', 'nodes', i, 'labels', 'kubernetes.io/hostname'],
        `label kubernetes.io/hostname is "${hostname}", but the kubelet sets it to the node name "${n.name}"`,
      );
    }
  });
  const dns = tenthAddress(cluster.serviceCIDR);
  if (cluster.clusterDNS !== dns) {
    at(['cluster', 'clusterDNS'], `kubeadm gives CoreDNS's Service the 10th address of serviceCIDR ${cluster.serviceCIDR}, ${dns}, and points every kubelet there; clusterDNS says ${cluster.clusterDNS}`);
  }
  if (problems.length > 0) throw new DiagnosticError(problems);

  const containerd = cluster.containerd!;
  const kubeadm = cluster.kubeadm ?? {};
  const controlPlane = controlPlanes[0]!;
  const bindPort = kubeadm.bindPort ?? DEFAULT_BIND_PORT;
  return {
    env: env.name,
    source: relative(projectRoot(env.dir), env.file),
    cluster,
    containerd: {
      version: containerd.version,
      sandboxImage: containerd.sandboxImage,
      criSocket: containerd.criSocket ?? DEFAULT_CRI_SOCKET,
      mirrors: Object.entries(containerd.registryMirrors ?? {}).map(([registry, m]) => ({ registry, ...m })),
    },
    kubeadm: { imageRepository: kubeadm.imageRepository ?? DEFAULT_IMAGE_REPOSITORY, bindPort },
    users: cluster.users ?? [],
    nodes,
    controlPlane,
    apiServer: `${controlPlane.ip}:${bindPort}`,
  };
}

/** kubeadm's cluster DNS address: the network address of the CIDR plus 10 (constants.GetDNSIP). */
function tenthAddress(cidr: string): string {
  const [ip, bits] = cidr.split('/') as [string, string];
  const n = ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(bits));
  const dns = n - (n % size) + 10;
  return [24, 16, 8, 0].map((s) => Math.floor(dns / 2 ** s) % 256).join('.');
}
