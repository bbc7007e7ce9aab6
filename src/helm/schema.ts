// values.schema.json validation as helm v3.17 does it (chartutil.ValidateAgainstSchema on xeipuuv/gojsonschema,
// draft-04/06/07): ajv does the validating, and each error is printed with gojsonschema's wording, `- <field>: <msg>`.
// gojsonschema walks Go maps, so the order of several errors varies between helm runs; ours is ajv's order.
import type { Ajv, ErrorObject } from 'ajv';
import { marshalJson, parseJson } from '../goencoding/json.js';
import { setOwn } from '../gotemplate/values.js';
import { createAjv, standaloneModule } from '../schema/ajv.js';
import { refResolver, schemaExample } from '../schema/example.js';
import { precompiled, validatorKey, type GeneratedValidator } from '../schema/standalone.js';
import type { Chart, Values } from './chart.js';
import { HelmError } from './errors.js';

let ajv: Ajv | undefined;

function validator(): Ajv {
  if (!ajv) {
    // gojsonschema ignores unknown keywords and formats; so must we.
    ajv = createAjv(7, { strict: false, allErrors: true, validateSchema: false, logger: false });
  }
  return ajv;
}

/** ValidateAgainstSchema for the chart and, with their own tables, every subchart; throws helm's error. */
export function validateValues(chart: Chart, values: Values): void {
  const report = collect(chart, values);
  if (report.length > 0) {
    throw new HelmError(`values don't meet the specifications of the schema(s) in the following chart(s):\n${report}`);
  }
}

function collect(chart: Chart, values: Values): string {
  let out = '';
  if (chart.schema) {
    const report = validateSingle(values, Buffer.from(chart.schema).toString('utf8'));
    if (report !== '') out += `${chart.name()}:\n${report}`;
  }
  for (const sub of chart.dependencies) {
    const subValues = values[sub.name()];
    out += collect(sub, (subValues ?? {}) as Values);
  }
  return out;
}

export const HELM_VALUES = 'helm-values';

/** Compiled validators by schema text: a chart rendered for several releases or envs compiles its schema once. */
const compiled = new Map<string, ReturnType<Ajv['compile']> | Error>();

function compileSchema(schemaText: string): ReturnType<Ajv['compile']> | Error {
  let v = compiled.get(schemaText);
  if (!v) {
    try {
      const schema = draft06Bounds(parseJson(schemaText)) as object;
      v = precompiled(HELM_VALUES, schema) ?? validator().compile(schema);
    } catch (e) {
      v = e as Error;
    }
    compiled.set(schemaText, v);
  }
  return v;
}

/** The build's module for a values.schema.json (scripts/compile-schemas.mjs). */
export function valuesSchemaModule(schemaText: string): GeneratedValidator {
  const schema = draft06Bounds(parseJson(schemaText)) as object;
  return {
    key: validatorKey(HELM_VALUES, schema),
    code: standaloneModule(validator(), validator().compile(schema)),
    example: schemaExample(schema, refResolver([schema])),
  };
}

/** ValidateAgainstSingleSchema: `- <field>: <msg>` lines for violations, or the bare error of an unusable schema. */
function validateSingle(values: Values, schemaText: string): string {
  // Helm validates the JSON form of the values (int64 and float64 both become JSON numbers).
  const data: unknown = JSON.parse(marshalJson(values));
  const validate = compileSchema(schemaText);
  if (validate instanceof Error) return validate.message;
  if (validate(data)) return '';
  return (validate.errors ?? []).map((e) => `- ${describe(e, data)}\n`).join('');
}

/** Draft-04 writes exclusive bounds as booleans next to minimum/maximum; ajv (draft-06+) wants the number. The
 *  `$schema` key is dropped because gojsonschema accepts drafts ajv's default instance does not load. */
function draft06Bounds(schema: unknown, root = true): unknown {
  if (Array.isArray(schema)) return schema.map((s) => draft06Bounds(s, false));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) if (!(root && k === '$schema')) setOwn(out, k, draft06Bounds(v, false));
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else {
      delete out[flag];
    }
  }
  return out;
}

/** gojsonschema's field name: `(root)` or the dotted path of the value. */
function fieldOf(pointer: string): string {
  if (pointer === '') return '(root)';
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

function valueAt(data: unknown, pointer: string): unknown {
  let cur = data;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
  }
  return cur;
}

function describe(e: ErrorObject, data: unknown): string {
  const field = fieldOf(e.instancePath);
  const p = e.params as Record<string, unknown>;
  const msg = (() => {
    switch (e.keyword) {
      case 'required':
        return `${String(p['missingProperty'])} is required`;
      case 'additionalProperties':
        return `Additional property ${String(p['additionalProperty'])} is not allowed`;
      case 'type':
        return `Invalid type. Expected: ${String(p['type']).replace(/,/g, '/')}, given: ${jsonType(valueAt(data, e.instancePath))}`;
      case 'enum':
        return `${field} must be one of the following: ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      case 'if':
        return p['failingKeyword'] === 'else' ? 'Must validate "else" as "if" was not valid' : 'Must validate "then" as "if" was valid';
      case 'const':
        return `${field} does not match: ${JSON.stringify(p['allowedValue'])}`;
      case 'minimum':
        return `Must be greater than or equal to ${String(p['limit'])}`;
      case 'maximum':
        return `Must be less than or equal to ${String(p['limit'])}`;
      case 'exclusiveMinimum':
        return `Must be greater than ${String(p['limit'])}`;
      case 'exclusiveMaximum':
        return `Must be less than ${String(p['limit'])}`;
      case 'multipleOf':
        return `Must be a multiple of ${String(p['multipleOf'])}`;
      case 'pattern':
        return `Does not match pattern '${String(p['pattern'])}'`;
      case 'format':
        return `Does not match format '${String(p['format'])}'`;
      case 'minLength':
        return `String length must be greater than or equal to ${String(p['limit'])}`;
      case 'maxLength':
        return `String length must be less than or equal to ${String(p['limit'])}`;
      case 'minItems':
        return `Array must have at least ${String(p['limit'])} items`;
      case 'maxItems':
        return `Array must have at most ${String(p['limit'])} items`;
      case 'uniqueItems':
        return `array items[${String(p['j'])},${String(p['i'])}] must be unique`;
      case 'minProperties':
        return `Must have at least ${String(p['limit'])} properties`;
      case 'maxProperties':
        return `Must have at most ${String(p['limit'])} properties`;
      case 'anyOf':
        return 'Must validate at least one schema (anyOf)';
      case 'oneOf':
        return 'Must validate one and only one schema (oneOf)';
      case 'not':
        return 'Must not validate the schema (not)';
      case 'dependencies':
        return `Has a dependency on ${String(p['deps'])}`;
      default:
        return e.message ?? e.keyword;
    }
  })();
  return `${field}: ${msg}`;
}
