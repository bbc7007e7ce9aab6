// Validators compiled ahead of time. Compiling a schema costs ajv 10–30 ms, and every run compiles the same env and
// chart schemas; `npm run build` (scripts/compile-schemas.mjs) writes them as ajv standalone modules named by a hash of
// the validator's configuration and the schema itself, so a module only ever stands in for the exact schema it was
// compiled from. Any other schema (an edited chart, a chart from elsewhere) is compiled at run time as before.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { loadGeneratedModule } from './generated-module.js';

/** The build's output folder, generated/ under the project root (this file is src/schema/standalone.ts or its build
 *  in dist/). */
export const GENERATED = new URL('../../generated/', import.meta.url);
const DIR = new URL('validators/', GENERATED);

/** The module name for a validator configuration (`config` names the ajv options) and the schemas it compiles. */
export function validatorKey(config: string, schemas: unknown): string {
  return createHash('sha256').update(config).update('\0').update(JSON.stringify(schemas)).digest('hex').slice(0, 32);
}

/** The validator `npm run build` compiled for exactly this configuration and schema, if there is one. */
export function precompiled(config: string, schemas: unknown): ValidateFunction | undefined {
  const file = fileURLToPath(new URL(`${validatorKey(config, schemas)}.cjs`, DIR));
  return existsSync(file) ? (loadGeneratedModule(file) as ValidateFunction) : undefined;
}

/** A validator for the build to write: its module name, its source, and data that runs it everywhere (to warm up). */
export interface GeneratedValidator {
  key: string;
  code: string;
  example: unknown;
}
