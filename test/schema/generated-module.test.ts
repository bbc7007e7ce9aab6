// Generated modules load from V8 code caches written by the build, and behave exactly as when compiled from source.
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { refResolver, schemaExample } from '../../src/schema/example.js';
import { CODE_CACHE, codeCacheAccepted, loadGeneratedModule, writeCodeCache } from '../../src/schema/generated-module.js';

const ROOT = join(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

function modules(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.cjs'))
    .map((e) => join(e.parentPath, e.name));
}

interface Validator {
  (data: unknown): boolean;
  errors?: unknown[] | null;
}

function outcome(validate: Validator, data: unknown): unknown {
  return [validate(data), validate.errors ?? null];
}

describe('the build', () => {
  const generated = [...modules(join(ROOT, 'generated/validators')), ...modules(join(ROOT, 'generated/kubernetes-1.25'))];

  it('writes a code cache this V8 accepts for every generated module', () => {
    expect(generated.length).toBeGreaterThan(200);
    expect(generated.filter((f) => !codeCacheAccepted(f))).toEqual([]);
  });

  it('loads validators from the cache that answer as the ones compiled from source', () => {
    const deployment = join(ROOT, 'generated/kubernetes-1.25/apps/v1/Deployment.cjs');
    const cached = loadGeneratedModule(deployment) as Validator;
    const plain = require(deployment) as Validator;
    const good = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' }, spec: { selector: {}, template: {} } };
    const bad = { ...good, spec: { replicas: 'two', selector: { matchLabels: { a: 1 } }, template: { spec: { containers: [{}] } } } };
    for (const data of [good, bad, {}, null, []]) expect(outcome(cached, data)).toEqual(outcome(plain, data));
    expect(cached(bad)).toBe(false);
  });
});

describe('code caches', () => {
  it('are refused for other source, even of the same length, which is then compiled as it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-codecache-'));
    const file = join(dir, 'm.cjs');
    writeFileSync(file, 'module.exports = function double(x) { return 2 * x; };\n');
    await writeCodeCache(file, (fn) => (fn as (x: number) => number)(1));
    expect(readdirSync(dir).sort()).toEqual(['m.cjs', `m.cjs${CODE_CACHE}`]);
    expect(codeCacheAccepted(file)).toBe(true);
    expect((loadGeneratedModule(file) as (x: number) => number)(21)).toBe(42);

    // A stale cache beside other code of the same length: V8 itself would take it, as it compares lengths only.
    const other = join(dir, 'other.cjs');
    writeFileSync(other, 'module.exports = function triple(x) { return 3 * x; };\n');
    copyFileSync(file + CODE_CACHE, other + CODE_CACHE);
    expect(codeCacheAccepted(other)).toBe(false);
    expect((loadGeneratedModule(other) as (x: number) => number)(2)).toBe(6);
  });
});

describe('schemaExample', () => {
  it('fills every property, one item per array, and follows refs within and across documents', () => {
    const cluster = { $id: 'https://x/cluster.schema.json', type: 'object', properties: { cidr: { type: 'string' } } };
    const env = {
      $id: 'https://x/env.schema.json',
      type: 'object',
      properties: {
        name: { type: 'string', enum: ['prod', 'dev'] },
        replicas: { type: 'integer' },
        on: { const: true },
        cluster: { $ref: 'cluster.schema.json' },
        releases: { type: 'array', items: { $ref: '#/$defs/release' } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
      },
      $defs: { release: { type: 'object', properties: { wave: { type: ['number', 'null'] } } } },
    };
    expect(schemaExample(env, refResolver([cluster, env]))).toEqual({
      name: 'prod',
      replicas: 1,
      on: true,
      cluster: { cidr: 'x' },
      releases: [{ wave: 1 }],
      labels: { 'example-key': 'x' },
    });
  });

  it('merges the object branches of oneOf/anyOf/allOf and stops at recursion', () => {
    const props = { type: 'object', properties: { items: { $ref: 'Props#' }, not: { oneOf: [{ $ref: 'Props#' }, { type: 'null' }] } } };
    const schemas = new Map<string, object>([['Props', props]]);
    const root = {
      oneOf: [
        { type: 'object', properties: { a: { type: 'boolean' } } },
        { type: 'object', properties: { b: { $ref: 'Props#' } } },
      ],
      anyOf: [{ type: 'null' }],
    };
    expect(schemaExample(root, refResolver(schemas))).toEqual({ a: true, b: { items: {}, not: {} } });
  });
});
