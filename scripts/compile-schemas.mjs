#!/usr/bin/env node
// Build step (after tsc): writes the env schema and every values.schema.json under charts/ as precompiled validators
// (generated/validators/<key>.cjs, see src/schema/standalone.ts), in each configuration that reads them: our strict
// validation with positions, and Helm's draft-07 check in the native engine.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { envSchemaModule } from '../dist/env/load.js';
import { valuesSchemaModule } from '../dist/helm/schema.js';
import { writeCodeCache } from '../dist/schema/generated-module.js';
import { chartSchemaModule } from '../dist/schema/validate.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'generated/validators');

/** values.schema.json files of the charts and their vendored subcharts. */
function chartSchemas(dir, found = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) chartSchemas(p, found);
    else if (e.name === 'values.schema.json') found.push(p);
  }
  return found;
}

const modules = [await envSchemaModule()];
const texts = new Set(chartSchemas(join(root, 'charts')).map((f) => readFileSync(f, 'utf8')));
for (const text of texts) modules.push(chartSchemaModule(JSON.parse(text)), valuesSchemaModule(text));

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const { key, code, example } of modules) {
  const file = join(out, `${key}.cjs`);
  writeFileSync(file, `${code}\n`);
  await writeCodeCache(file, (validate) => validate(example));
}
console.error(`compiled ${modules.length} validators into generated/validators (with V8 code caches)`);
