// Reading Kubernetes objects: identity, pod templates, containers and label selectors.
import { setOwn } from '../gotemplate/values.js';
import type { Finding, ObjectRef, RenderedObject, Severity } from './types.js';

type Obj = Record<string, any>;

/** The API group of an apiVersion ("apps/v1" → "apps", "v1" → ""). */
export function apiGroup(apiVersion: unknown): string {
  const s = typeof apiVersion === 'string' ? apiVersion : '';
  const slash = s.indexOf('/');
  return slash < 0 ? '' : s.slice(0, slash);
}

/** Kinds of the built-in API that are not namespaced (CRDs declare their own scope). */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment',
  'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'APIService', 'IngressClass', 'PriorityClass',
  'RuntimeClass', 'PodSecurityPolicy', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'CertificateSigningRequest', 'FlowSchema',
  'PriorityLevelConfiguration',
]);

export function isBuiltinClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

export function refOf(obj: Obj): ObjectRef {
  const ref: ObjectRef = { kind: String(obj.kind ?? ''), name: String(obj.metadata?.name ?? '') };
  if (typeof obj.apiVersion === 'string') ref.apiVersion = obj.apiVersion;
  if (typeof obj.metadata?.namespace === 'string') ref.namespace = obj.metadata.namespace;
  return ref;
}

/** "Kind namespace/name" or "Kind name", for messages. */
export function describeRef(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

export function findingFor(
  rule: { id: string; severity: Severity },
  ro: RenderedObject,
  message: string,
  path?: string,
): Finding {
  const f: Finding = { rule: rule.id, severity: rule.severity, message, release: ro.release, source: ro.source, object: refOf(ro.object) };
  if (path !== undefined) f.path = path;
  return f;
}

export function namespaceOf(obj: Obj): string | undefined {
  const ns = obj.metadata?.namespace;
  return typeof ns === 'string' ? ns : undefined;
}

export function annotation(obj: Obj, key: string): string | undefined {
  const v = obj.metadata?.annotations?.[key];
  return v === undefined || v === null ? undefined : String(v);
}

export interface PodTemplate {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: Obj;
  /** JSON pointer of the template (metadata + spec) inside the object. */
  path: string;
}

/** The pod template of a workload (or the pod itself); undefined for objects that do not run pods. */
export function podTemplateOf(obj: Obj): PodTemplate | undefined {
  let tpl: Obj | undefined;
  let path: string;
  switch (obj.kind) {
    case 'Pod':
      tpl = obj;
      path = '';
      break;
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job':
      tpl = obj.spec?.template;
      path = '/spec/template';
      break;
    case 'CronJob':
      tpl = obj.spec?.jobTemplate?.spec?.template;
      path = '/spec/jobTemplate/spec/template';
      break;
    default:
      return undefined;
  }
  if (!tpl || typeof tpl.spec !== 'object' || tpl.spec === null) return undefined;
  return { labels: stringMap(tpl.metadata?.labels), annotations: stringMap(tpl.metadata?.annotations), spec: tpl.spec, path };
}

/** Workloads that keep pods running (probes and placement matter), as opposed to run-to-completion jobs. */
export function isLongRunning(obj: Obj): boolean {
  return ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController'].includes(obj.kind);
}

export interface ContainerAt {
  container: Obj;
  path: string;
  init: boolean;
}

export function containersOf(tpl: PodTemplate): ContainerAt[] {
  const out: ContainerAt[] = [];
  for (const [field, init] of [['initContainers', true], ['containers', false]] as const) {
    const list = tpl.spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((c, i) => {
      if (c && typeof c === 'object') out.push({ container: c, path: `${tpl.path}/spec/${field}/${i}`, init });
    });
  }
  return out;
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) setOwn(out, k, String(x));
  return out;
}

/** A metav1.LabelSelector against a label set; an empty selector matches everything, like the API server. */
export function selectorMatches(selector: Obj | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== String(v)) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const values: string[] = (e.values ?? []).map(String);
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[e.key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[e.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A plain equality selector (Service.spec.selector). */
export function mapSelectorMatches(selector: Record<string, unknown>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === String(v));
}

/** Escape one JSON pointer segment. */
export function pointerSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}
