// ajv errors (from our own validators and from the kubernetes-models ones) → short "at pointer: what" issues.
import { hiddenBecause, typeOnly } from '../../schema/redact.js';

export interface SchemaIssue {
  /** JSON pointer inside the object. */
  path: string;
  message: string;
}

/** The subset of ajv's ErrorObject both ajv versions in play produce. */
export interface AjvLikeError {
  instancePath: string;
  keyword: string;
  params: Record<string, any>;
  message?: string;
}

export function issuesFrom(errors: AjvLikeError[], data: unknown): SchemaIssue[] {
  // A failed oneOf/anyOf also lists each branch's error; "must be null" is the nullable branch of optional
  // fields. Both only add noise when a more specific error exists.
  const specific = errors.filter((e) => !['oneOf', 'anyOf'].includes(e.keyword) && !(e.keyword === 'type' && e.params.type === 'null'));
  const chosen = specific.length ? specific : errors;
  // Type errors of alternative branches at one place read as one: "must be integer or string".
  const types = new Map<string, string[]>();
  for (const e of chosen) if (e.keyword === 'type') types.set(e.instancePath, [...(types.get(e.instancePath) ?? []), String(e.params.type)]);
  const seen = new Set<string>();
  const out: SchemaIssue[] = [];
  for (const e of chosen) {
    const issue = e.keyword === 'type' ? describe({ ...e, params: { type: types.get(e.instancePath)!.join(' or ') } }, data) : describe(e, data);
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue);
  }
  return out;
}

function describe(e: AjvLikeError, data: unknown): SchemaIssue {
  const at = e.instancePath;
  // A Secret's data and values under secret-looking keys are described by their type only.
  const show = (v: unknown) => {
    const hidden = hiddenBecause(at, v, (data as { kind?: unknown } | null)?.kind === 'Secret');
    return hidden ? `${typeOnly(v)} (not shown: ${hidden})` : shown(v);
  };
  switch (e.keyword) {
    case 'required':
      return { path: `${at}/${escape(e.params.missingProperty)}`, message: `missing required field "${e.params.missingProperty}"` };
    case 'additionalProperties':
      return { path: `${at}/${escape(e.params.additionalProperty)}`, message: `unknown field "${e.params.additionalProperty}"` };
    case 'type':
      return { path: at, message: `must be ${e.params.type}, got ${show(valueAt(data, at))}` };
    case 'enum':
      return {
        path: at,
        message: `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${show(valueAt(data, at))}`,
      };
    default:
      return { path: at, message: `${e.message ?? e.keyword}, got ${show(valueAt(data, at))}` };
  }
}

function escape(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function valueAt(data: unknown, pointer: string): unknown {
  let cur: any = data;
  for (const raw of pointer.split('/').slice(1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

function shown(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}
