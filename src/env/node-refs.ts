// Values that name the env's nodes. A chart schema cannot know which nodes an env has, so it marks the values that
// name nodes with the annotation keyword `x-bundle-nodes` (Helm and ajv ignore unknown keywords), and validation
// checks them against the env's declared nodes:
//   "nodeName"           a node name (pod spec.nodeName);
//   "nodeSelector"       a label map: its kubernetes.io/hostname value names a node;
//   "nodeSelectorTerms"  required node affinity terms: the values of kubernetes.io/hostname expressions and of
//                        metadata.name fields name nodes.
// Only names are checked here; whether a pod fits some node is the node-placement lint rule's job (waivable there).
// A block switched off with `enabled: false` renders nothing, so nothing under it is checked.
import { toPointer } from '../schema/pointer.js';
import { didYouMean } from '../schema/validate.js';

export const NODES_KEYWORD = 'x-bundle-nodes';
const HOSTNAME = 'kubernetes.io/hostname';

type Schema = Record<string, any>;

export interface NodeRefIssue {
  /** JSON pointer of the value that names an unknown node. */
  pointer: string;
  message: string;
  hint?: string;
}

export function nodeReferenceIssues(root: Schema, values: unknown, nodes: string[]): NodeRefIssue[] {
  const issues: NodeRefIssue[] = [];
  const check = (name: unknown, path: string[]) => {
    if (typeof name !== 'string' || name === '' || nodes.includes(name)) return;
    const close = didYouMean(name, nodes);
    issues.push({
      pointer: toPointer(path),
      message: `"${name}" is not a node of the env (its nodes: ${nodes.join(', ')})`,
      hint: close ? `did you mean "${close}"?` : undefined,
    });
  };
  const walk = (schema: Schema | undefined, value: unknown, path: string[], depth: number) => {
    if (!schema || typeof schema !== 'object' || depth > 64) return;
    if (typeof schema.$ref === 'string') walk(resolveRef(root, schema.$ref), value, path, depth + 1);
    for (const sub of Array.isArray(schema.allOf) ? schema.allOf : []) walk(sub, value, path, depth + 1);
    switch (schema[NODES_KEYWORD]) {
      case 'nodeName':
        check(value, path);
        break;
      case 'nodeSelector':
        if (isObject(value)) check(value[HOSTNAME], [...path, HOSTNAME]);
        break;
      case 'nodeSelectorTerms':
        if (Array.isArray(value)) value.forEach((term, i) => checkTerm(term, [...path, String(i)]));
        break;
    }
    if (isObject(value)) {
      if (value.enabled === false) return;
      for (const [key, child] of Object.entries(value)) walk(propertySchema(schema, key), child, [...path, key], depth + 1);
    } else if (Array.isArray(value)) {
      value.forEach((child, i) => walk(itemSchema(schema, i), child, [...path, String(i)], depth + 1));
    }
  };
  const checkTerm = (term: unknown, path: string[]) => {
    if (!isObject(term)) return;
    for (const [field, key] of [['matchExpressions', HOSTNAME], ['matchFields', 'metadata.name']] as const) {
      const requirements = term[field];
      if (!Array.isArray(requirements)) continue;
      requirements.forEach((r, i) => {
        if (!isObject(r) || r.key !== key || !Array.isArray(r.values)) return;
        r.values.forEach((v, j) => check(v, [...path, field, String(i), 'values', String(j)]));
      });
    }
  };
  walk(root, values, [], 0);
  return issues;
}

function propertySchema(schema: Schema, key: string): Schema | undefined {
  if (isObject(schema.properties) && Object.hasOwn(schema.properties, key)) return schema.properties[key] as Schema;
  for (const [pattern, sub] of Object.entries(isObject(schema.patternProperties) ? schema.patternProperties : {})) {
    if (new RegExp(pattern, 'u').test(key)) return sub as Schema;
  }
  return isObject(schema.additionalProperties) ? (schema.additionalProperties as Schema) : undefined;
}

function itemSchema(schema: Schema, index: number): Schema | undefined {
  if (Array.isArray(schema.items)) return schema.items[index] as Schema | undefined;
  return isObject(schema.items) ? (schema.items as Schema) : undefined;
}

/** A local reference (`#/definitions/x`, `#/$defs/x`); other references are not followed. */
function resolveRef(root: Schema, ref: string): Schema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let cur: unknown = root;
  for (const seg of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(seg).replace(/~1/g, '/').replace(/~0/g, '~');
    cur = isObject(cur) ? cur[key] : undefined;
  }
  return isObject(cur) ? cur : undefined;
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
