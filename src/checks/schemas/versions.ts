// Which Kubernetes API a version serves: the schema package to validate against, and the API versions
// that release no longer serves.
//
// kubernetes-models merges the OpenAPI specs of several releases (old specs are kept so removed APIs still
// have models), so "has a model" does not mean "served". The removals below are the Kubernetes deprecated API
// migration guide, as data.

export interface SchemaPackage {
  /** Where the validators come from: kubernetes-models classes (`models`, a module specifier prefix) or the
   *  standalone validators the build compiles (`compiled`, a folder under generated/). */
  source: 'models' | 'compiled';
  module: string;
  /** The Kubernetes release whose OpenAPI spec the package was generated from. */
  kubernetes: string;
}

/** Shipped schemas, oldest first. 1.25 is kubernetes-models 4.1.0 (an npm alias in package.json), which compiles its
 *  schemas at run time; scripts/compile-k8s-schemas.mjs compiles them at build time instead. */
export const SCHEMA_PACKAGES: SchemaPackage[] = [
  { source: 'compiled', module: 'kubernetes-1.25', kubernetes: '1.25.2' },
  { source: 'models', module: 'kubernetes-models', kubernetes: '1.33.0' },
];

export function parseMinor(version: string): number {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  if (!m || m[1] !== '1') throw new Error(`unsupported Kubernetes version "${version}" (expected 1.<minor>[.<patch>])`);
  return Number(m[2]);
}

/** The newest shipped package not newer than the version, or the oldest when the version predates them all. */
export function schemaPackageFor(version: string): SchemaPackage {
  const minor = parseMinor(version);
  let chosen = SCHEMA_PACKAGES[0]!;
  for (const p of SCHEMA_PACKAGES) if (parseMinor(p.kubernetes) <= minor) chosen = p;
  return chosen;
}

/** "group/version" (every kind) or "group/version/Kind" → the minor release that stopped serving it. */
const REMOVED_IN: Record<string, number> = {
  'extensions/v1beta1/Deployment': 16,
  'extensions/v1beta1/DaemonSet': 16,
  'extensions/v1beta1/ReplicaSet': 16,
  'extensions/v1beta1/NetworkPolicy': 16,
  'extensions/v1beta1/PodSecurityPolicy': 16,
  'apps/v1beta1': 16,
  'apps/v1beta2': 16,
  'extensions/v1beta1': 22,
  'admissionregistration.k8s.io/v1beta1': 22,
  'apiextensions.k8s.io/v1beta1': 22,
  'apiregistration.k8s.io/v1beta1': 22,
  'authentication.k8s.io/v1beta1': 22,
  'authorization.k8s.io/v1beta1': 22,
  'certificates.k8s.io/v1beta1': 22,
  'coordination.k8s.io/v1beta1': 22,
  'networking.k8s.io/v1beta1': 22,
  'rbac.authorization.k8s.io/v1beta1': 22,
  'scheduling.k8s.io/v1beta1': 22,
  'storage.k8s.io/v1beta1/CSIDriver': 22,
  'storage.k8s.io/v1beta1/CSINode': 22,
  'storage.k8s.io/v1beta1/StorageClass': 22,
  'storage.k8s.io/v1beta1/VolumeAttachment': 22,
  'batch/v1beta1': 25,
  'discovery.k8s.io/v1beta1': 25,
  'events.k8s.io/v1beta1': 25,
  'autoscaling/v2beta1': 25,
  'policy/v1beta1': 25,
  'node.k8s.io/v1beta1': 25,
  'flowcontrol.apiserver.k8s.io/v1beta1': 26,
  'autoscaling/v2beta2': 26,
  'storage.k8s.io/v1beta1/CSIStorageCapacity': 27,
  'flowcontrol.apiserver.k8s.io/v1beta2': 29,
  'flowcontrol.apiserver.k8s.io/v1beta3': 32,
};

/** The minor release that removed apiVersion/kind, if the given version no longer serves it. */
export function removedIn(apiVersion: string, kind: string, version: string): number | undefined {
  const removed = REMOVED_IN[`${apiVersion}/${kind}`] ?? REMOVED_IN[apiVersion];
  return removed !== undefined && parseMinor(version) >= removed ? removed : undefined;
}
