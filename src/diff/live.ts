// `bundle diff <env> --live`: what syncing the fresh render would change on a cluster. Every object goes through the
// same server-side apply as the e2e tests' real apply, with dryRun=All: the server validates (strict fields,
// admission) and defaults it, and its answer is compared with the live object. Fields the server keeps for itself
// (managedFields, resourceVersion, generation, uid, creationTimestamp, status) are left out; Secret values are masked.
import { stringify } from 'yaml';
import type { Connection } from '../cluster/connection.js';
import { ApiError } from '../cluster/connection.js';
import { applyPlan, planSync, type ObjectResult } from '../cluster/sync.js';
import { maskSecretObject, unifiedDiff, type ChangeKind, type ObjectChange, type Rejection, type TreeDiff } from './compare.js';

export interface LiveDiff extends TreeDiff {
  rejected: Rejection[];
  /** Objects the sync would leave as they are. */
  unchanged: number;
}

const SERVER_OWNED = ['managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp', 'selfLink'];

/** The object as a diff shows it: without the fields only the server writes, Secret values masked. */
export function comparable(obj: any, salt: string): string {
  const o = structuredClone(obj);
  delete o.status;
  for (const k of SERVER_OWNED) delete o.metadata?.[k];
  return stringify(maskSecretObject(o, salt), { lineWidth: 0 });
}

export async function diffLive(
  conn: Connection,
  files: Map<string, string>,
  opts: { fieldManager: string; salt: string; onProgress?: (done: number, total: number, path: string) => void },
): Promise<LiveDiff> {
  const steps = planSync(files);
  const total = steps.reduce((n, s) => n + s.objects.length, 0);
  let done = 0;
  const report = await applyPlan(conn, steps, { fieldManager: opts.fieldManager, dryRun: true, force: true, onResult: (r) => opts.onProgress?.(++done, total, r.path) });
  return liveDiff(report.results, opts.salt);
}

export function liveDiff(results: ObjectResult[], salt: string): LiveDiff {
  const changes: ObjectChange[] = [];
  const rejected: Rejection[] = [];
  let unchanged = 0;
  for (const r of results) {
    const id = { path: r.path, kind: r.ref.kind, name: r.ref.name, namespace: r.ref.namespace };
    if (r.outcome === 'skipped') continue;
    if (r.outcome === 'rejected') {
      rejected.push({ ...id, reason: r.error instanceof ApiError ? r.error.reason : '', message: r.error?.message ?? 'rejected' });
      continue;
    }
    const before = r.live ? comparable(r.live, salt) : '';
    const after = comparable(r.outcome === 'unvalidated' ? r.object : r.result, salt);
    if (before === after) {
      unchanged++;
      continue;
    }
    const change: ChangeKind = r.live ? 'changed' : 'added';
    changes.push({ ...id, release: r.release ?? r.path.split('/')[0]!, change, diff: unifiedDiff(r.path, before, after), ...(r.note ? { note: `not validated: ${r.note}` } : {}) });
  }
  const summary = { added: 0, removed: 0, changed: 0 };
  for (const c of changes) summary[c.change]++;
  return { changes, summary, rejected, unchanged };
}
