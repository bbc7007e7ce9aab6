// The environment model: what `overlays/<env>/env.yaml` declares, after loading and validation.

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface Node {
  name: string;
  ip: string;
  roles: string[];
  labels: Record<string, string>;
  taints: Taint[];
}

/** Cluster facts, written once per env and passed to every chart as `global.cluster`. */
export interface ClusterFacts {
  name: string;
  kubernetesVersion: string;
  /** Host network of the node IPs and the ingress VIP. */
  nodeSubnet: string;
  podCIDR: string;
  serviceCIDR: string;
  clusterDNS: string;
  dnsDomain: string;
  interface: string;
  ingressVIP: string;
  nfs: { server: string; path: string };
  nodes: Node[];
  /** Node bootstrap facts, read by `bundle hosts` (src/hosts); as written in env.yaml, defaults applied there. */
  containerd?: ContainerdFacts;
  kubeadm?: KubeadmFacts;
  users?: string[];
  /** Hosts outside the cluster that workloads reach by address. */
  extraHosts?: Array<{ name: string; ip: string }>;
  /** Services outside Kubernetes on a node or extra host, exposed by charts as selector-less Services + Endpoints. */
  externalServices?: ExternalService[];
}

export interface ContainerdFacts {
  version: string;
  sandboxImage: string;
  criSocket?: string;
  /** Registry host → its mirrors, tried in order. */
  registryMirrors?: Record<string, { endpoints: string[]; capabilities?: Array<'pull' | 'resolve' | 'push'> }>;
}

export interface KubeadmFacts {
  imageRepository?: string;
  bindPort?: number;
}

export interface ExternalService {
  name: string;
  ip: string;
  port: number;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
}

export interface PatchTarget {
  kind: string;
  name: string;
  namespace?: string;
}

/** A patch applied to the rendered objects of a release: a JSON merge patch or RFC 6902 operations. */
export type Patch =
  | { target: PatchTarget; merge: Record<string, unknown> }
  | { target: PatchTarget; json: Array<{ op: string; path: string; value?: unknown; from?: string }> };

export interface Release {
  name: string;
  /** Chart directory, resolved to an absolute path. */
  chartDir: string;
  chart: string;
  namespace: string;
  enabled: boolean;
  /** Argo CD sync wave. */
  wave: number;
  /** Values files of the env layer, absolute paths, lowest first. */
  valuesFiles: string[];
  patches: Patch[];
  /** env.yaml `labels`, for `-l` selectors. */
  labels: Record<string, string>;
}

/** An object created out of band; `keys` are the data keys it holds, when the env declares them. */
export interface KeyedRef {
  namespace: string;
  name: string;
  keys?: string[];
}

export interface ExternalRefs {
  /** Objects that exist in the cluster but are not rendered by the bundle (e.g. a TLS Secret created by cert-manager). */
  secrets?: KeyedRef[];
  configMaps?: KeyedRef[];
  serviceAccounts?: Array<{ namespace: string; name: string }>;
  storageClasses?: string[];
  ingressClasses?: string[];
}

export interface ArgoSettings {
  repoURL: string;
  /** Branch Argo CD syncs from; defaults to `env/<name>`. */
  targetRevision: string;
  project: string;
  /** Namespace Argo CD runs in. */
  namespace: string;
  /** The destination cluster as Argo CD knows it: its API server URL or its name in Argo CD. */
  destination: { server: string } | { name: string };
}

/** A lint finding accepted on purpose for one rule and object, with the reason (env.yaml `waivers:`). */
export interface Waiver {
  rule: string;
  release?: string;
  kind: string;
  name: string;
  namespace?: string;
  reason: string;
  /** Where the waiver is written, for the finding that reports it unused. */
  at: { file: string; line: number; col: number };
}

/** A CustomResourceDefinition the env relies on without rendering it (env.yaml `crds:`). */
export interface DeclaredCrd {
  file: string;
  line: number;
  object: Record<string, any>;
}

export interface Environment {
  name: string;
  /** Absolute path of the env file. */
  file: string;
  /** Absolute path of the overlay directory. */
  dir: string;
  /** Absolute path of the shared base overlay, if any. */
  baseDir?: string;
  cluster: ClusterFacts;
  imageRegistry: string;
  allowSecrets: boolean;
  external: ExternalRefs;
  argocd: ArgoSettings;
  releases: Release[];
  waivers: Waiver[];
  /** CRDs of kinds served by controllers installed outside the bundle. */
  crds: DeclaredCrd[];
}
