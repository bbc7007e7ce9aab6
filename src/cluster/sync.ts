// Apply a rendered env tree to a cluster the way Argo CD syncs it, with server-side apply: the Applications first,
// then each release in sync-wave order (its destination namespace created first, as CreateNamespace=true does),
// inside a release PreSync hooks → objects → PostSync hooks, each phase by sync wave, then Argo CD's kind order.
// CustomResourceDefinitions are waited for until Established before anything after them. With dryRun the server
// validates and defaults every object without storing it (`dryRun=All`) and the live object is fetched beside it.
import { parseManifests } from '../render/manifest-yaml.js';
import { ApiError, toApiError, type Connection } from './connection.js';
import { describeRef, refOf, Resources, UnknownKindError, type ObjectRef } from './resources.js';

export type Phase = 'PreSync' | 'Sync' | 'PostSync';

export interface PlannedObject {
  /** The file in the tree (`<release>/<kind>-<name>.yaml`, `apps/<release>.yaml`), or a label for an implied object. */
  path: string;
  release?: string;
  object: any;
  /** The text sent to the server (the file as rendered). */
  text: string;
  phase: Phase;
  wave: number;
  /** Why the object is not applied (a Helm hook Argo CD ignores, an Argo CD `Skip` hook). */
  skip?: string;
  /** Created when missing, otherwise left alone (CreateNamespace=true: the namespace is not the release's to own). */
  createOnly?: boolean;
}

export interface SyncStep {
  label: string;
  release?: string;
  objects: PlannedObject[];
}

export type Outcome = 'applied' | 'rejected' | 'unvalidated' | 'skipped';

export interface ObjectResult {
  path: string;
  release?: string;
  ref: ObjectRef;
  phase: Phase;
  outcome: Outcome;
  /** As rendered. */
  object: any;
  /** What the server stored (dry run: would store). */
  result?: any;
  /** Dry run only: the object on the cluster now, null when there is none. */
  live?: any;
  error?: Error;
  note?: string;
  warnings: string[];
}

export interface SyncOptions {
  fieldManager: string;
  dryRun: boolean;
  /** Take over fields other managers own, as Argo CD's server-side sync does (kubectl's --force-conflicts). */
  force?: boolean;
  onResult?: (r: ObjectResult) => void;
}

export interface SyncReport {
  results: ObjectResult[];
  counts: Record<Outcome, number>;
}

// gitops-engine's sync order of kinds (Helm's install order); other kinds follow, by name.
const KIND_ORDER = [
  'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy', 'PodDisruptionBudget', 'ServiceAccount',
  'Secret', 'SecretList', 'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition',
  'ClusterRole', 'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding',
  'RoleBindingList', 'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment',
  'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService',
];
const PHASES: Phase[] = ['PreSync', 'Sync', 'PostSync'];
const CRD_TIMEOUT_MS = 30_000;

/** Argo CD's hook phase: its own annotation, else the Helm hook it maps (pre-* → PreSync, post-* → PostSync). */
export function hookPhase(obj: any): { phase: Phase; skip?: string } {
  const ann = obj?.metadata?.annotations ?? {};
  const argo = String(ann['argocd.argoproj.io/hook'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (argo.length > 0) {
    const phase = PHASES.find((p) => argo.includes(p));
    return phase ? { phase } : { phase: 'Sync', skip: `Argo CD hook ${argo.join(',')} does not run on sync` };
  }
  const helm = String(ann['helm.sh/hook'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (helm.length === 0 || helm.includes('crd-install')) return { phase: 'Sync' };
  if (helm.some((h) => h === 'pre-install' || h === 'pre-upgrade')) return { phase: 'PreSync' };
  if (helm.some((h) => h === 'post-install' || h === 'post-upgrade')) return { phase: 'PostSync' };
  return { phase: 'Sync', skip: `Helm hook ${helm.join(',')} is ignored by Argo CD` };
}

function waveOf(obj: any): number {
  const ann = obj?.metadata?.annotations ?? {};
  const w = Number(ann['argocd.argoproj.io/sync-wave'] ?? (ann['helm.sh/hook'] ? ann['helm.sh/hook-weight'] : undefined) ?? 0);
  return Number.isFinite(w) ? w : 0;
}

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

export function syncOrder(a: PlannedObject, b: PlannedObject): number {
  return (
    PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) ||
    a.wave - b.wave ||
    kindRank(a.object.kind) - kindRank(b.object.kind) ||
    String(a.object.kind).localeCompare(String(b.object.kind)) ||
    String(a.object.metadata?.namespace ?? '').localeCompare(String(b.object.metadata?.namespace ?? '')) ||
    String(a.object.metadata?.name).localeCompare(String(b.object.metadata?.name))
  );
}

function planned(path: string, text: string, release?: string): PlannedObject {
  const docs = parseManifests(text).filter((d) => d !== null && d !== undefined);
  if (docs.length !== 1) throw new Error(`${path}: expected one object, found ${docs.length}`);
  const object = docs[0] as any;
  return { path, release, object, text, wave: waveOf(object), ...hookPhase(object) };
}

/** The order in which an env tree (`bundle render`'s files) is applied. */
export function planSync(files: Map<string, string>): SyncStep[] {
  const apps: PlannedObject[] = [];
  const byRelease = new Map<string, PlannedObject[]>();
  for (const [path, text] of files) {
    if (!path.endsWith('.yaml')) continue;
    const [dir, ...rest] = path.split('/');
    if (rest.length === 0) continue;
    if (dir === 'apps') apps.push(planned(path, text));
    else {
      if (!byRelease.has(dir!)) byRelease.set(dir!, []);
      byRelease.get(dir!)!.push(planned(path, text, dir));
    }
  }
  apps.sort(syncOrder);
  const appOf = new Map(apps.map((a) => [a.path.slice('apps/'.length, -'.yaml'.length), a.object]));
  const releases = [...byRelease.keys()].sort((a, b) => waveOf(appOf.get(a)) - waveOf(appOf.get(b)) || a.localeCompare(b));
  const steps: SyncStep[] = [{ label: 'Argo CD Applications', objects: apps }];
  for (const release of releases) {
    const objects = byRelease.get(release)!.sort(syncOrder);
    const app = appOf.get(release);
    const ns = app?.spec?.destination?.namespace;
    if (ns && (app?.spec?.syncPolicy?.syncOptions ?? []).includes('CreateNamespace=true') && !objects.some((o) => o.object.kind === 'Namespace' && o.object.metadata?.name === ns)) {
      const object = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } };
      objects.unshift({ path: `${release} (CreateNamespace=true)`, release, object, text: JSON.stringify(object), phase: 'PreSync', wave: -Infinity, createOnly: true });
    }
    steps.push({ label: `${release} (wave ${waveOf(app)})`, release, objects });
  }
  return steps;
}

/** Loose objects (one step, in sync order): bootstrap objects, Helm hooks, the admission scenarios of the tests. */
export async function applyObjects(conn: Connection, objects: { path: string; object: any; text?: string }[], opts: SyncOptions): Promise<SyncReport> {
  const step = objects.map((o) => ({ path: o.path, object: o.object, text: o.text ?? JSON.stringify(o.object), wave: waveOf(o.object), phase: 'Sync' as Phase }));
  return applyPlan(conn, [{ label: 'objects', objects: step.sort(syncOrder) }], opts);
}

/** An env tree (`bundle render`'s files), in sync order. */
export async function syncTree(conn: Connection, files: Map<string, string>, opts: SyncOptions): Promise<SyncReport> {
  return applyPlan(conn, planSync(files), opts);
}

/** Applies (or dry-runs) every object of the plan; rejections are collected, not thrown. */
export async function applyPlan(conn: Connection, steps: SyncStep[], opts: SyncOptions): Promise<SyncReport> {
  const resources = new Resources(conn);
  const results: ObjectResult[] = [];
  // Dry run: namespaces and custom kinds this sync would create, so objects in them are not misread as rejected.
  const newNamespaces = new Set<string>();
  const newKinds = new Set<string>();
  for (const step of steps) {
    const unestablished: ObjectResult[] = [];
    for (const p of step.objects) {
      if (unestablished.length > 0 && p.object.kind !== 'CustomResourceDefinition') {
        await waitEstablished(conn, unestablished.splice(0));
      }
      const r = await applyObject(conn, resources, p, opts, { newNamespaces, newKinds });
      if (r.outcome === 'applied' && p.object.kind === 'CustomResourceDefinition') {
        for (const v of p.object.spec?.versions ?? []) resources.forget(`${p.object.spec.group}/${v.name}`);
        if (opts.dryRun && r.live === null) newKinds.add(`${p.object.spec?.group}/${p.object.spec?.names?.kind}`);
        if (!opts.dryRun) unestablished.push(r);
      }
      if (r.outcome === 'applied' && p.object.kind === 'Namespace' && opts.dryRun && r.live === null) newNamespaces.add(p.object.metadata.name);
      results.push(r);
      opts.onResult?.(r);
    }
    if (unestablished.length > 0) await waitEstablished(conn, unestablished);
  }
  const counts: Record<Outcome, number> = { applied: 0, rejected: 0, unvalidated: 0, skipped: 0 };
  for (const r of results) counts[r.outcome]++;
  return { results, counts };
}

async function applyObject(
  conn: Connection,
  resources: Resources,
  p: PlannedObject,
  opts: SyncOptions,
  pending: { newNamespaces: Set<string>; newKinds: Set<string> },
): Promise<ObjectResult> {
  const ref = refOf(p.object);
  const base = { path: p.path, release: p.release, ref, phase: p.phase, object: p.object, warnings: [] as string[] };
  if (p.skip) return { ...base, outcome: 'skipped', note: p.skip };
  const inNewNamespace = opts.dryRun && ref.namespace !== undefined && pending.newNamespaces.has(ref.namespace);
  let path: string;
  try {
    path = (await resources.path(ref)).path;
  } catch (e) {
    if (e instanceof UnknownKindError && opts.dryRun && pending.newKinds.has(`${ref.apiVersion.split('/')[0]}/${ref.kind}`)) {
      return { ...base, outcome: 'unvalidated', live: null, note: `its CustomResourceDefinition is created by this sync` };
    }
    return { ...base, outcome: 'rejected', error: e as Error };
  }
  let live: any;
  if (opts.dryRun || p.createOnly) {
    const got = await conn.request('GET', path);
    if (got.status === 200) live = got.body;
    else if (got.status === 404) live = null;
    else return { ...base, outcome: 'rejected', error: toApiError(got) };
  }
  if (p.createOnly) {
    if (live) return { ...base, outcome: 'applied', result: live, ...(opts.dryRun ? { live } : {}) };
    const created = await conn.request('POST', path.slice(0, path.lastIndexOf('/')), { body: p.text, query: { fieldManager: opts.fieldManager, dryRun: opts.dryRun ? 'All' : undefined } });
    if (created.status >= 200 && created.status < 300) return { ...base, outcome: 'applied', result: created.body, ...(opts.dryRun ? { live } : {}) };
    return { ...base, outcome: 'rejected', error: toApiError(created) };
  }
  const res = await conn.request('PATCH', path, {
    body: p.text,
    contentType: 'application/apply-patch+yaml',
    query: {
      fieldManager: opts.fieldManager,
      fieldValidation: 'Strict',
      force: opts.force ? 'true' : undefined,
      dryRun: opts.dryRun ? 'All' : undefined,
    },
  });
  base.warnings.push(...res.warnings);
  if (res.status >= 200 && res.status < 300) return { ...base, outcome: 'applied', result: res.body, ...(opts.dryRun ? { live } : {}) };
  const error = toApiError(res);
  if (inNewNamespace && error.status === 404) {
    return { ...base, outcome: 'unvalidated', live: null, note: `namespace ${ref.namespace} is created by this sync` };
  }
  return { ...base, outcome: 'rejected', error, ...(opts.dryRun ? { live } : {}) };
}

async function waitEstablished(conn: Connection, crds: ObjectResult[]): Promise<void> {
  const deadline = Date.now() + CRD_TIMEOUT_MS;
  for (const r of crds) {
    const path = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${encodeURIComponent(r.ref.name)}`;
    for (;;) {
      const got = await conn.call('GET', path);
      const conditions: any[] = got.body?.status?.conditions ?? [];
      if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) break;
      const refused = conditions.find((c) => c.type === 'NamesAccepted' && c.status === 'False');
      if (refused || Date.now() > deadline) {
        r.outcome = 'rejected';
        r.error = new ApiError(0, 'NotEstablished', `${describeRef(r.ref)} is not Established${refused ? `: ${refused.message}` : ` after ${CRD_TIMEOUT_MS / 1000} s`}`);
        break;
      }
      await new Promise((res) => setTimeout(res, 100));
    }
  }
}

/** One line per rejected object: file, object and the server's answer. */
export function formatRejection(r: ObjectResult): string {
  const e = r.error;
  const reason = e instanceof ApiError && e.reason ? ` (${e.reason})` : '';
  return `${r.path}: ${describeRef(r.ref)} rejected${reason}: ${e?.message ?? 'unknown error'}`;
}
