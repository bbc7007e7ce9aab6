// An instance that walks a JSON Schema everywhere: every declared property present, one item per array, every branch
// of allOf/anyOf/oneOf merged. It need not be valid: a validator given it runs (and V8 compiles) all of its code paths
// that data can reach, which is what the build's code caches want (src/schema/generated-module.ts).

/** Resolves a `$ref` (relative to the schema document it appears in) to [target, its document]. */
export type RefResolver = (ref: string, document: object) => [object, object] | undefined;

/** Refs within a document (`#/…`) or to one of `schemas` by its `$id` (or `$id`'s last path segment, or registered
 *  name), followed by an optional JSON pointer. */
export function refResolver(schemas: Map<string, object> | object[]): RefResolver {
  const byName = new Map<string, object>();
  for (const [name, s] of schemas instanceof Map ? schemas : schemas.map((s) => [undefined, s] as const)) {
    if (name !== undefined) byName.set(name, s);
    const id = (s as { $id?: unknown }).$id;
    if (typeof id === 'string') {
      byName.set(id, s);
      byName.set(id.slice(id.lastIndexOf('/') + 1), s);
    }
  }
  return (ref, document) => {
    const hash = ref.indexOf('#');
    const base = hash < 0 ? ref : ref.slice(0, hash);
    const doc = base === '' ? document : byName.get(base) ?? byName.get(base.slice(base.lastIndexOf('/') + 1));
    if (doc === undefined) return undefined;
    let target: unknown = doc;
    for (const seg of (hash < 0 ? '' : ref.slice(hash + 1)).split('/').slice(1)) {
      target = (target as Record<string, unknown> | undefined)?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    return target !== null && typeof target === 'object' ? [target, doc] : undefined;
  };
}

export function schemaExample(schema: object, resolve: RefResolver): unknown {
  return example(schema, schema, resolve, new Set());
}

function example(schema: unknown, doc: object, resolve: RefResolver, path: Set<object>): unknown {
  if (schema === null || typeof schema !== 'object') return 'x';
  const s = schema as Record<string, any>;
  // A schema already being expanded on this path is recursive: stop there.
  if (path.has(s)) return {};
  path.add(s);
  try {
    const parts: unknown[] = [];
    if (typeof s.$ref === 'string') {
      const target = resolve(s.$ref, doc);
      if (target) parts.push(example(target[0], target[1], resolve, path));
    }
    for (const key of ['allOf', 'anyOf', 'oneOf']) {
      if (Array.isArray(s[key])) for (const branch of s[key]) parts.push(example(branch, doc, resolve, path));
    }
    parts.push(own(s, doc, resolve, path));
    const objects = parts.filter((p): p is Record<string, unknown> => p !== null && typeof p === 'object' && !Array.isArray(p));
    return objects.length > 0 ? Object.assign({}, ...objects) : parts.find((p) => p !== undefined);
  } finally {
    path.delete(s);
  }
}

/** The example of the schema's own keywords, or undefined when they say nothing about the value. */
function own(s: Record<string, any>, doc: object, resolve: RefResolver, path: Set<object>): unknown {
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'object' || s.properties || s.patternProperties || typeof s.additionalProperties === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = example(v, doc, resolve, path);
    if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      out['example-key'] = example(s.additionalProperties, doc, resolve, path);
    }
    return out;
  }
  if (type === 'array' || s.items) return [example(Array.isArray(s.items) ? s.items[0] : s.items, doc, resolve, path)];
  if (type === 'string') return 'x';
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return true;
  if (type === 'null') return null;
  return undefined;
}
