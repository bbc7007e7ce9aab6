// The validators `npm run build` precompiles (generated/validators) against ajv compiling the same schemas in memory:
// every chart schema has its modules, they are the ones the validators load, and they report the same errors on the
// chart's defaults broken in the usual ways.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { valuesSchemaModule } from '../../src/helm/schema.js';
import { loadGeneratedModule } from '../../src/schema/generated-module.js';
import { chartSchemaModule, compileChartSchema } from '../../src/schema/validate.js';

const ROOT = join(import.meta.dirname, '../..');
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => void;

const charts = readdirSync(join(ROOT, 'charts')).filter((c) => existsSync(join(ROOT, 'charts', c, 'values.schema.json')));

function moduleFor(key: string): ValidateFunction {
  const file = join(ROOT, 'generated/validators', `${key}.cjs`);
  expect(existsSync(file), `${file} (run npm run build)`).toBe(true);
  return loadGeneratedModule(file) as ValidateFunction;
}

/** The chart's defaults and copies broken the usual ways: an unknown key, wrong types, an empty object for a scalar. */
function samples(chart: string): unknown[] {
  const defaults = parse(readFileSync(join(ROOT, 'charts', chart, 'values.yaml'), 'utf8')) as Record<string, unknown>;
  const out: unknown[] = [defaults, { ...defaults, replicaCount: 'two', imagePullPolicy: 'Sometimes', notAValue: 1 }];
  for (const [k, v] of Object.entries(defaults)) {
    const wrong = typeof v === 'string' ? 7 : typeof v === 'number' ? 'x' : typeof v === 'boolean' ? 'yes' : 'text';
    out.push({ ...defaults, [k]: wrong });
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v)) out.push({ ...defaults, [k]: { ...v, [k2]: typeof v2 === 'object' ? 'x' : {} } });
    }
  }
  return out;
}

function errors(validate: ValidateFunction, data: unknown): unknown {
  validate(data);
  return (validate.errors ?? []).map((e) => [e.instancePath, e.schemaPath, e.keyword, e.params]);
}

describe.each(charts)('precompiled %s schema', (chart) => {
  const text = readFileSync(join(ROOT, 'charts', chart, 'values.schema.json'), 'utf8');
  const schema = JSON.parse(text) as Record<string, unknown>;

  it('is what our validation loads, and finds what ajv finds', () => {
    const pre = moduleFor(chartSchemaModule(schema).key);
    expect(compileChartSchema(JSON.parse(text) as object)).toBe(pre);
    const ajv = new Ajv({ strict: false, allErrors: true, verbose: true });
    addFormats(ajv);
    const fresh = ajv.compile(schema);
    const data = samples(chart);
    expect(data.map((d) => errors(pre, d))).toEqual(data.map((d) => errors(fresh, d)));
    expect(data.some((d) => !pre(d))).toBe(true);
  });

  it("is what the native engine's Helm check loads, and finds what ajv finds", () => {
    const pre = moduleFor(valuesSchemaModule(text).key);
    const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
    addFormats(ajv);
    const { $schema: _, ...rest } = schema;
    const fresh = ajv.compile(rest);
    const data = samples(chart);
    expect(data.map((d) => errors(pre, d))).toEqual(data.map((d) => errors(fresh, d)));
  });
});
