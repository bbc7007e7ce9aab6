// JSON Schema validation (ajv) turned into messages that say what was expected and where.
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { createAjv, standaloneModule } from './ajv.js';
import { hiddenBecause, typeOnly } from './redact.js';
import { refResolver, schemaExample } from './example.js';
import { precompiled, validatorKey, type GeneratedValidator } from './standalone.js';

export interface SchemaIssue {
  /** JSON pointer of the offending value (for unknown and missing keys: the key itself). */
  pointer: string;
  /** Whether the pointer names a key that is present (unknown key) rather than a value. */
  atKey: boolean;
  message: string;
  hint?: string;
}

let strict2020: Ajv2020 | undefined;
let lenient07: Ajv | undefined;

/** Our own schemas (env files, shared definitions): JSON Schema 2020-12, ajv strict mode. */
export function projectAjv(): Ajv2020 {
  if (!strict2020) {
    strict2020 = createAjv(2020, { strict: true, allErrors: true, verbose: true });
  }
  return strict2020;
}

/** Chart schemas are written for Helm (draft-07); Helm ignores unknown keywords, so ajv must too. */
function chartAjv(): Ajv {
  if (!lenient07) {
    lenient07 = createAjv(7, { strict: false, allErrors: true, verbose: true });
  }
  return lenient07;
}

export const CHART_VALUES = 'chart-values';
const compiled = new WeakMap<object, ValidateFunction>();

/** A chart's values.schema.json as a validator: the build's precompiled one, else compiled now. Throws when the
 *  schema is invalid. */
export function compileChartSchema(schema: object): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = precompiled(CHART_VALUES, schema) ?? chartAjv().compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

/** The build's module for a chart schema (scripts/compile-schemas.mjs). */
export function chartSchemaModule(schema: object): GeneratedValidator {
  return {
    key: validatorKey(CHART_VALUES, schema),
    code: standaloneModule(chartAjv(), chartAjv().compile(schema)),
    example: schemaExample(schema, refResolver([schema])),
  };
}

export function validateAgainst(fn: ValidateFunction, data: unknown): SchemaIssue[] {
  if (fn(data)) return [];
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  const errors = fn.errors ?? [];
  // A failed anyOf/oneOf also reports every branch's own error; keep the branches only when they are all we have.
  const composite = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  for (const err of errors) {
    if (composite.some((c) => err !== c && err.schemaPath.startsWith(c.schemaPath.replace(/\/(anyOf|oneOf)$/, '/$1/')))) continue;
    const issue = describe(err);
    const key = `${issue.pointer}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

function describe(err: ErrorObject): SchemaIssue {
  const at = err.instancePath;
  const p = err.params as Record<string, any>;
  const hidden = hiddenBecause(at, err.data);
  const show = (v: unknown) => (hidden ? `${typeOnly(v)} (not shown: ${hidden})` : shown(v));
  const description = (err.parentSchema as { description?: string } | undefined)?.description;
  switch (err.keyword) {
    case 'additionalProperties': {
      const known = Object.keys((err.parentSchema as { properties?: object })?.properties ?? {});
      const suggestion = didYouMean(p.additionalProperty, known);
      return {
        pointer: `${at}/${escape(p.additionalProperty)}`,
        atKey: true,
        message: `unknown key "${p.additionalProperty}"`,
        hint: suggestion ? `did you mean "${suggestion}"?` : known.length ? `expected one of: ${known.join(', ')}` : undefined,
      };
    }
    case 'required':
      return { pointer: `${at}/${escape(p.missingProperty)}`, atKey: false, message: `missing required value "${p.missingProperty}"` };
    case 'type':
      return {
        pointer: at,
        atKey: false,
        message: `expected ${p.type}, got ${show(err.data)}`,
        hint:
          typeof err.data === 'boolean' && String(p.type).includes('string')
            ? 'quote the value: YAML 1.1 (used by Helm) reads yes/no/on/off/y/n as booleans'
            : undefined,
      };
    case 'enum':
      return {
        pointer: at,
        atKey: false,
        message: `expected one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${show(err.data)}`,
        hint: typeof err.data === 'string' && !hidden ? suggestEnum(err.data, p.allowedValues) : undefined,
      };
    case 'const':
      return { pointer: at, atKey: false, message: `expected ${JSON.stringify(p.allowedValue)}, got ${show(err.data)}` };
    case 'not':
    case 'anyOf':
    case 'oneOf':
    case 'if':
      return { pointer: at, atKey: false, message: description ?? `${err.message} (got ${show(err.data)})` };
    default:
      return { pointer: at, atKey: false, message: `${err.message}, got ${show(err.data)}` };
  }
}

function suggestEnum(value: string, allowed: unknown[]): string | undefined {
  const s = didYouMean(value, allowed.filter((a): a is string => typeof a === 'string'));
  return s ? `did you mean "${s}"?` : undefined;
}

function shown(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function escape(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The closest candidate by edit distance (case-insensitive), if it is close enough to be a likely typo. */
export function didYouMean(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  return best !== undefined && bestDist <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
