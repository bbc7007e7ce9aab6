#!/usr/bin/env node
// Build step: compiles the Kubernetes 1.25 API schemas that kubernetes-models 4.1.0 ships (and compiles with ajv on
// every run, ~0.4 s per check) into standalone ajv validators, one CommonJS module per top-level kind:
// generated/kubernetes-1.25/<group>/<version>/<Kind>.cjs exporting the validate function, each with the V8 code cache
// of a run on an example object (src/schema/generated-module.ts). Skipped when up to date.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { _ } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { refResolver, schemaExample } from '../dist/schema/example.js';
import { writeCodeCache } from '../dist/schema/generated-module.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'generated/kubernetes-1.25');
const pkgDir = join(root, 'node_modules/kubernetes-models-1.25');
const pkgVersion = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
// Code caches are only good for the V8 that made them, and for the loader and examples of this build.
const inputs = [fileURLToPath(import.meta.url), join(root, 'dist/schema/generated-module.js'), join(root, 'dist/schema/example.js')];
const hash = createHash('sha256');
for (const f of inputs) hash.update(readFileSync(f));
const stamp = `kubernetes-models ${pkgVersion}\nv8 ${process.versions.v8}\n${hash.digest('hex')}\n`;
const stampFile = join(out, '.stamp');

if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) process.exit(0);

// Formats as @kubernetes-models/validate defines them: ajv-formats' full set (imported by each module as `formats`),
// with base64 `byte` and the resource.Quantity grammar as regexps (inlined into the code).
const NUMBER = '(?:\\d+|\\d+\\.\\d+|\\d+\\.|\\.\\d+)';
const FORMATS = {
  ...fullFormats,
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  quantity: new RegExp(`^[+-]?${NUMBER}(?:[KMGTPE]i|[YZEPTGMkhdcmunpfazy]|da|[eE][+-]?${NUMBER})?$`),
};
const PREAMBLE = '"use strict";const { fullFormats: formats } = require("ajv-formats/dist/formats.js");\n';

// The schema modules register themselves with @kubernetes-models/validate; collect them instead of compiling there.
const schemas = new Map();
const fromPkg = createRequire(join(pkgDir, 'package.json'));
fromPkg('@kubernetes-models/validate').register = (id, schema) => schemas.set(id, schema);

/** Field names of the first interface of a model's type declaration (4-space indented `"name"?:` lines). */
function declaredFields(dts) {
  const body = /interface \w+(?: extends [\w, ]+)? \{\n([\s\S]*?)\n\}/.exec(dts)?.[1] ?? '';
  return [...body.matchAll(/^ {4}"([^"]+)"\??:/gm)].map((m) => m[1]);
}

/** Top-level kinds: <group>/<version>/<Kind>.js (core: v1/<Kind>.js) → the schema id they validate against. */
const kinds = [];
/** Schema id → the fields its type declaration has (every model, nested types included). */
const declared = new Map();
for (const groupDir of readdirSync(pkgDir, { withFileTypes: true })) {
  if (!groupDir.isDirectory() || groupDir.name.startsWith('_') || groupDir.name === 'node_modules') continue;
  const versionDirs = /^v\d/.test(groupDir.name)
    ? [groupDir.name]
    : readdirSync(join(pkgDir, groupDir.name), { withFileTypes: true }).filter((v) => v.isDirectory()).map((v) => join(groupDir.name, v.name));
  for (const vdir of versionDirs) {
    for (const file of readdirSync(join(pkgDir, vdir))) {
      if (!/^[A-Z]\w*\.js$/.test(file)) continue;
      const text = readFileSync(join(pkgDir, vdir, file), 'utf8');
      const m = /\.setSchema\)\((\w+), "([^"]+)", (\w+)\.addSchema\)/.exec(text);
      if (!m) continue;
      const dts = join(pkgDir, vdir, file.replace(/\.js$/, '.d.ts'));
      if (existsSync(dts)) declared.set(m[2], declaredFields(readFileSync(dts, 'utf8')));
      if (!new RegExp(`${m[1]}\\.kind = "${m[1]}";`).test(text)) continue;
      const schemaModule = new RegExp(`const ${m[3]} = require\\("([^"]+)"\\)`).exec(text)[1];
      fromPkg(join(pkgDir, vdir, schemaModule)).addSchema();
      kinds.push({ path: join(vdir, m[1]), id: m[2] });
    }
  }
}

/**
 * The API server's strict field validation (kubectl's default, and what Argo CD's server-side diff reports) rejects
 * fields an object's schema does not declare; the OpenAPI spec leaves `additionalProperties` unset, so the package's
 * validators accept `spec.replicaz`. Every declared object is closed here, except where the spec itself keeps
 * unknown fields (`x-kubernetes-preserve-unknown-fields`) or declares a map (`additionalProperties` set). Schemas
 * without `properties` (RawExtension, JSON, int-or-string, Quantity) stay open.
 */
// The package's schemas lost every property named `description` and every `x-kubernetes-*` one (PriorityClass's
// description, JSONSchemaProps' description and x-kubernetes-preserve-unknown-fields …), which its type declarations
// still have: those come back as untyped properties before the schemas are closed.
function restoreDeclared(id, schema) {
  if (!schema.properties) return;
  for (const field of declared.get(id) ?? []) if (!(field in schema.properties)) schema.properties[field] = {};
}

function closeObjects(node) {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
  if (node.properties && node.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) {
    node.additionalProperties = false;
  }
  for (const child of Object.values(node.properties ?? {})) closeObjects(child);
  for (const key of ['items', 'additionalProperties', 'not']) closeObjects(node[key]);
  for (const key of ['allOf', 'anyOf', 'oneOf']) for (const child of node[key] ?? []) closeObjects(child);
}

// @kubernetes-models/validate's setup, minus `verbose` (the checks read instancePath, keyword and params only).
const ajv = new Ajv({ strictTypes: false, allErrors: true, code: { source: true, formats: _`formats` } });
for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format);
for (const [id, schema] of schemas) {
  restoreDeclared(id, schema);
  closeObjects(schema);
  ajv.addSchema(schema, id);
}

rmSync(out, { recursive: true, force: true });
let bytes = 0;
const resolveRef = refResolver(schemas);
for (const { path, id } of kinds) {
  const code = standaloneCode(ajv, ajv.getSchema(id));
  const file = join(out, `${path}.cjs`);
  mkdirSync(dirname(file), { recursive: true });
  const text = `${PREAMBLE}${code}\n`;
  bytes += text.length;
  writeFileSync(file, text);
  await writeCodeCache(file, (validate) => validate(schemaExample(schemas.get(id), resolveRef)));
}
writeFileSync(stampFile, stamp);
console.error(`compiled ${kinds.length} Kubernetes 1.25 kinds into ${relative(root, out)} (${(bytes / 1e6).toFixed(1)} MB)`);
