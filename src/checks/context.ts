// Lookups over the rendered bundle that several rules share: objects by kind and identity, plus what exists
// outside the bundle (built-in cluster objects and the env's declared external references).
import type { Environment } from '../env/types.js';
import { isWellKnown } from './builtins.js';
import { apiGroup, isBuiltinClusterScoped, namespaceOf } from './kube.js';
import type { RenderedObject } from './types.js';

export class ObjectIndex {
  private readonly byKind = new Map<string, RenderedObject[]>();
  /** "group/Kind" → true when a rendered or declared CRD declares the kind cluster-scoped. */
  private readonly crdClusterScoped = new Map<string, boolean>();

  constructor(
    readonly objects: RenderedObject[],
    private readonly env: Environment,
  ) {
    for (const ro of objects) {
      const kind = String(ro.object.kind ?? '');
      let list = this.byKind.get(kind);
      if (!list) this.byKind.set(kind, (list = []));
      list.push(ro);
    }
    // The env's declared CRDs first: a CRD the bundle renders itself is what the cluster will have.
    for (const crd of [...(env.crds ?? []).map((c) => c.object), ...this.ofKind('CustomResourceDefinition').map((ro) => ro.object)]) {
      const spec = crd.spec ?? {};
      if (spec.group && spec.names?.kind) this.crdClusterScoped.set(`${spec.group}/${spec.names.kind}`, spec.scope === 'Cluster');
    }
  }

  ofKind(kind: string): RenderedObject[] {
    return this.byKind.get(kind) ?? [];
  }

  isClusterScoped(apiVersion: unknown, kind: string): boolean {
    return this.crdClusterScoped.get(`${apiGroup(apiVersion)}/${kind}`) ?? isBuiltinClusterScoped(kind);
  }

  /** The rendered object of that kind and name (namespace ignored for cluster-scoped kinds). */
  find(kind: string, namespace: string | undefined, name: string): RenderedObject | undefined {
    return this.ofKind(kind).find(
      (ro) =>
        ro.object.metadata?.name === name &&
        (this.isClusterScoped(ro.object.apiVersion, kind) || namespaceOf(ro.object) === namespace),
    );
  }

  /** Whether the object is rendered, built into every cluster, or declared external by the env. */
  exists(kind: string, namespace: string | undefined, name: string): boolean {
    return this.find(kind, namespace, name) !== undefined || isWellKnown(kind, namespace, name) || this.isExternal(kind, namespace, name);
  }

  private isExternal(kind: string, namespace: string | undefined, name: string): boolean {
    const ext = this.env.external ?? {};
    const inList = (list: Array<{ namespace: string; name: string }> | undefined) =>
      (list ?? []).some((r) => r.name === name && r.namespace === namespace);
    switch (kind) {
      case 'Secret':
        return inList(ext.secrets);
      case 'ConfigMap':
        return inList(ext.configMaps);
      case 'ServiceAccount':
        return inList(ext.serviceAccounts);
      case 'StorageClass':
        return (ext.storageClasses ?? []).includes(name);
      case 'IngressClass':
        return (ext.ingressClasses ?? []).includes(name);
      default:
        return false;
    }
  }
}
