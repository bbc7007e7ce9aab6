// Validators for custom resources, compiled from the openAPIV3Schema of the CRDs the bundle renders.
import type { Ajv, ValidateFunction } from 'ajv';
import { createAjv } from '../../schema/ajv.js';

// CRD schemas are OpenAPI v3 (nullable, int-or-string, x-kubernetes-* extensions, OpenAPI formats): ajv must
// accept the vocabulary without checking formats it does not know.
let ajv: Ajv | undefined;

/** Compiled validators keyed by the schema text, so re-running checks on the same CRDs compiles nothing. */
const compiled = new Map<string, ValidateFunction>();

export function crdValidator(openAPIV3Schema: object): ValidateFunction {
  const key = JSON.stringify(openAPIV3Schema);
  let fn = compiled.get(key);
  if (!fn) {
    ajv ??= createAjv(7, { strict: false, allErrors: true, validateFormats: false, validateSchema: false, logger: false }, false);
    fn = ajv.compile(closeObjects(withRootFields(JSON.parse(key) as Record<string, any>)));
    compiled.set(key, fn);
  }
  return fn;
}

/** apiVersion, kind and metadata are part of every object, whether the CRD's schema lists them or not (as the API
 *  server treats a structural schema's root). */
function withRootFields(root: Record<string, any>): Record<string, any> {
  if (root.properties) root.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...root.properties };
  return root;
}

/**
 * The API server drops fields a structural schema does not declare (kubectl reports them as unknown), so a typo
 * in a custom resource silently disappears. Declared objects are closed here so the typo is reported instead.
 */
function closeObjects(node: Record<string, any>): Record<string, any> {
  // OpenAPI allows nullable without a type; ajv rejects it, and an untyped value accepts null anyway.
  if (node.nullable === true && node.type === undefined) delete node.nullable;
  // An embedded resource always has apiVersion, kind and metadata, declared or not (as the API server adds them).
  if (node['x-kubernetes-embedded-resource'] === true && node.properties) {
    node.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...node.properties };
  }
  if (node.properties && node.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) {
    node.additionalProperties = false;
  }
  for (const key of ['properties', 'patternProperties', 'definitions']) {
    for (const child of Object.values(node[key] ?? {})) if (isSchema(child)) closeObjects(child);
  }
  for (const key of ['items', 'additionalProperties', 'not']) if (isSchema(node[key])) closeObjects(node[key]);
  for (const key of ['allOf', 'anyOf', 'oneOf']) for (const child of node[key] ?? []) if (isSchema(child)) closeObjects(child);
  // metadata is validated by the API server's ObjectMeta, whatever the CRD says.
  if (node.properties?.metadata && node.properties?.apiVersion) node.properties.metadata = { type: 'object' };
  return node;
}

function isSchema(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
