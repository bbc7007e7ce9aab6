// Which kinds are cluster-scoped: the built-in API plus whatever CustomResourceDefinitions the bundle renders.

const builtinClusterScoped = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'FlowSchema',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);

export class ScopeIndex {
  private readonly clusterScoped = new Set(builtinClusterScoped);

  /** Learn the scope of custom resources from rendered CRDs. */
  addCrds(objects: Array<Record<string, any>>): void {
    for (const o of objects) {
      if (o?.kind === 'CustomResourceDefinition' && o.spec?.scope === 'Cluster' && o.spec?.names?.kind) {
        this.clusterScoped.add(o.spec.names.kind);
      }
    }
  }

  isNamespaced(kind: string): boolean {
    return !this.clusterScoped.has(kind);
  }
}
