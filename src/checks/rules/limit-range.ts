// What the API server's LimitRanger admission does to a pod, offline: container defaults from the namespace's
// LimitRanges, then their min / max / maxLimitRequestRatio constraints (wording as Kubernetes 1.25 prints it).
import { findingFor, namespaceOf, podTemplateOf } from '../kube.js';
import { parseQuantity } from '../quantity.js';
import type { Finding, Rule } from '../types.js';

type Obj = Record<string, any>;
type Resources = Record<string, string>;

const str = (v: unknown) => String(v);
const sorted = (m: Obj | undefined) => Object.entries(m ?? {}).sort(([a], [b]) => a.localeCompare(b));

/** A LimitRange item after the API server's defaulting (default ← max, defaultRequest ← default, then ← min). */
function defaulted(item: Obj): Obj {
  if (item.type !== 'Container') return item;
  const def: Resources = { ...item.default };
  const req: Resources = { ...item.defaultRequest };
  for (const [k, v] of Object.entries(item.max ?? {})) def[k] ??= str(v);
  for (const [k, v] of Object.entries(def)) req[k] ??= str(v);
  for (const [k, v] of Object.entries(item.min ?? {})) req[k] ??= str(v);
  return { ...item, default: def, defaultRequest: req };
}

function minConstraint(type: string, res: string, enforced: unknown, req: Resources, lim: Resources): string | undefined {
  const e = parseQuantity(enforced)!;
  if (!(res in req)) return `minimum ${res} usage per ${type} is ${str(enforced)}.  No request is specified`;
  if (parseQuantity(req[res])! < e) return `minimum ${res} usage per ${type} is ${str(enforced)}, but request is ${req[res]}`;
  if (res in lim && parseQuantity(lim[res])! < e) return `minimum ${res} usage per ${type} is ${str(enforced)}, but limit is ${lim[res]}`;
  return undefined;
}

function maxConstraint(type: string, res: string, enforced: unknown, req: Resources, lim: Resources): string | undefined {
  const e = parseQuantity(enforced)!;
  if (!(res in lim)) return `maximum ${res} usage per ${type} is ${str(enforced)}.  No limit is specified`;
  if (parseQuantity(lim[res])! > e) return `maximum ${res} usage per ${type} is ${str(enforced)}, but limit is ${lim[res]}`;
  if (res in req && parseQuantity(req[res])! > e) return `maximum ${res} usage per ${type} is ${str(enforced)}, but request is ${req[res]}`;
  return undefined;
}

function ratioConstraint(type: string, res: string, enforced: unknown, req: Resources, lim: Resources): string | undefined {
  const r = parseQuantity(req[res]) ?? 0;
  const l = parseQuantity(lim[res]) ?? 0;
  if (r === 0) return `${res} max limit to request ratio per ${type} is ${str(enforced)}, but no request is specified or request is 0`;
  if (l === 0) return `${res} max limit to request ratio per ${type} is ${str(enforced)}, but no limit is specified or limit is 0`;
  if (l / r > parseQuantity(enforced)!) return `${res} max limit to request ratio per ${type} is ${str(enforced)}, but provided ratio is ${(l / r).toFixed(6)}`;
  return undefined;
}

function sum(lists: Resources[]): Resources {
  const out: Resources = {};
  const keys = new Set(lists.flatMap((l) => Object.keys(l)));
  for (const k of keys) if (lists.every((l) => k in l)) out[k] = String(lists.reduce((n, l) => n + parseQuantity(l[k])!, 0));
  return out;
}

function check(item: Obj, type: string, req: Resources, lim: Resources): string[] {
  const errs: Array<string | undefined> = [];
  for (const [res, v] of sorted(item.min)) errs.push(minConstraint(type, res, v, req, lim));
  for (const [res, v] of sorted(item.max)) errs.push(maxConstraint(type, res, v, req, lim));
  for (const [res, v] of sorted(item.maxLimitRequestRatio)) errs.push(ratioConstraint(type, res, v, req, lim));
  return errs.filter((e): e is string => e !== undefined);
}

/** Requests and limits as strings; a resource with only a limit requests that limit (API defaulting, before admission). */
function declared(c: Obj): { req: Resources; lim: Resources } {
  const lim: Resources = Object.fromEntries(Object.entries(c.resources?.limits ?? {}).map(([k, v]) => [k, str(v)]));
  const req: Resources = { ...lim, ...Object.fromEntries(Object.entries(c.resources?.requests ?? {}).map(([k, v]) => [k, str(v)])) };
  return { req, lim };
}

/** The larger of the containers' sum and any one init container, per resource (what a Pod item constrains). */
function podTotal(sums: Resources, inits: Resources[]): Resources {
  const out = { ...sums };
  for (const init of inits) for (const [k, v] of Object.entries(init)) if (!(k in out) || parseQuantity(v)! > parseQuantity(out[k])!) out[k] = v;
  return out;
}

/** Why LimitRanger would reject pods with this spec in a namespace with these LimitRanges; empty when it admits them. */
export function limitRangeErrors(podSpec: Obj, limitRanges: Obj[]): string[] {
  const containers = (podSpec.containers ?? []).map(declared);
  const inits = (podSpec.initContainers ?? []).map(declared);
  const ranges = limitRanges.map((lr) => ((lr.spec?.limits ?? []) as Obj[]).map(defaulted));
  // Admission mutates first (every LimitRange's container defaults), then validates against each LimitRange.
  for (const item of ranges.flat().filter((i) => i.type === 'Container')) {
    for (const c of [...containers, ...inits]) {
      for (const [k, v] of Object.entries(item.default as Resources)) c.lim[k] ??= v;
      for (const [k, v] of Object.entries(item.defaultRequest as Resources)) c.req[k] ??= v;
    }
  }
  const errs: string[] = [];
  for (const item of ranges.flat()) {
    if (item.type === 'Container') for (const c of [...containers, ...inits]) errs.push(...check(item, 'Container', c.req, c.lim));
    if (item.type === 'Pod') {
      const req = podTotal(sum(containers.map((c: { req: Resources }) => c.req)), inits.map((c: { req: Resources }) => c.req));
      const lim = podTotal(sum(containers.map((c: { lim: Resources }) => c.lim)), inits.map((c: { lim: Resources }) => c.lim));
      errs.push(...check(item, 'Pod', req, lim));
    }
  }
  return errs;
}

export const limitRange: Rule = {
  id: 'limit-range',
  severity: 'error',
  description:
    "Pods must pass the LimitRanges of their namespace (min, max, limit/request ratio after the LimitRange's defaults), or the API server refuses to create them.",
  check(ctx) {
    const out: Finding[] = [];
    const byNamespace = new Map<string, Obj[]>();
    for (const lr of ctx.index.ofKind('LimitRange')) {
      const ns = namespaceOf(lr.object) ?? '';
      byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), lr.object]);
    }
    if (!byNamespace.size) return out;
    for (const ro of ctx.objects) {
      const tpl = podTemplateOf(ro.object);
      const ranges = byNamespace.get(namespaceOf(ro.object) ?? '');
      if (!tpl || !ranges) continue;
      const errs = limitRangeErrors(tpl.spec, ranges);
      if (!errs.length) continue;
      const names = ranges.map((r) => r.metadata?.name).join(', ');
      out.push(findingFor(this, ro, `pods are forbidden by LimitRange ${names}: [${errs.join(', ')}]`, `${tpl.path}/spec/containers`));
    }
    return out;
  },
};
