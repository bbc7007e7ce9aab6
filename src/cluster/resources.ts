// apiVersion + kind → the REST path of an object, from the server's own discovery documents (so custom resources
// resolve once their CRD is established).
import { ApiError, type Connection } from './connection.js';

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

interface ResourceInfo {
  name: string;
  namespaced: boolean;
}

export class UnknownKindError extends Error {}

export class Resources {
  private readonly byGroupVersion = new Map<string, Map<string, ResourceInfo>>();

  constructor(private readonly conn: Connection) {}

  /** Forget what the server served for a group (after its CRDs changed). */
  forget(apiVersion: string): void {
    this.byGroupVersion.delete(apiVersion);
  }

  private async load(apiVersion: string): Promise<Map<string, ResourceInfo>> {
    const cached = this.byGroupVersion.get(apiVersion);
    if (cached) return cached;
    const res = await this.conn.request('GET', groupVersionPath(apiVersion));
    const kinds = new Map<string, ResourceInfo>();
    if (res.status === 200) {
      for (const r of res.body.resources ?? []) {
        // Subresources (deployments/scale, …) share the kind of their parent.
        if (!String(r.name).includes('/')) kinds.set(r.kind, { name: r.name, namespaced: r.namespaced });
      }
    } else if (res.status !== 404) {
      throw new ApiError(res.status, res.body?.reason ?? '', `discovery of ${apiVersion} failed: ${res.body?.message ?? `HTTP ${res.status}`}`);
    }
    this.byGroupVersion.set(apiVersion, kinds);
    return kinds;
  }

  async info(apiVersion: string, kind: string): Promise<ResourceInfo> {
    let info = (await this.load(apiVersion)).get(kind);
    if (!info) {
      this.forget(apiVersion);
      info = (await this.load(apiVersion)).get(kind);
    }
    if (!info) throw new UnknownKindError(`the server has no kind ${kind} in ${apiVersion}`);
    return info;
  }

  /** The object's URL path; a namespaced object without a namespace is an error, as in Argo CD's sync. */
  async path(ref: ObjectRef): Promise<{ path: string; namespaced: boolean }> {
    const info = await this.info(ref.apiVersion, ref.kind);
    const base = groupVersionPath(ref.apiVersion);
    if (!info.namespaced) return { path: `${base}/${info.name}/${encodeURIComponent(ref.name)}`, namespaced: false };
    if (!ref.namespace) throw new UnknownKindError(`${ref.kind} ${ref.name} is namespaced but has no namespace`);
    return { path: `${base}/namespaces/${encodeURIComponent(ref.namespace)}/${info.name}/${encodeURIComponent(ref.name)}`, namespaced: true };
  }
}

function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

export function refOf(obj: any): ObjectRef {
  return { apiVersion: obj?.apiVersion, kind: obj?.kind, name: obj?.metadata?.name, namespace: obj?.metadata?.namespace };
}

export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
