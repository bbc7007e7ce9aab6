// ajv, loaded on first use. When every validator a run needs was precompiled by the build (src/schema/standalone.ts),
// the compiler — ajv and ajv-formats, ~90 CommonJS modules and ~40 ms of start-up — is never loaded.
import { createRequire } from 'node:module';
import type { Ajv, Options, ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';

const require = createRequire(import.meta.url);

type AjvClass = new (options: Options) => Ajv;
type Ajv2020Class = new (options: Options) => Ajv2020;

/**
 * A draft-07 or 2020-12 ajv. `standalone`: with ajv-formats' formats, and generating code that can be written out as
 * a module which requires those same formats. Every schema is compiled once per run for a handful of documents, so
 * ajv's code optimisation pass costs more than it saves (skipping it halves compile time).
 */
export function createAjv(draft: 2020, options: Options, standalone?: boolean): Ajv2020;
export function createAjv(draft: 7, options: Options, standalone?: boolean): Ajv;
export function createAjv(draft: 7 | 2020, options: Options, standalone = true): Ajv | Ajv2020 {
  const code: Options['code'] = { optimize: false };
  if (standalone) {
    const { _ } = require('ajv') as typeof import('ajv');
    Object.assign(code, { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` });
  }
  let ajv: Ajv | Ajv2020;
  if (draft === 2020) {
    const { Ajv2020 } = require('ajv/dist/2020.js') as { Ajv2020: Ajv2020Class };
    ajv = new Ajv2020({ ...options, code });
  } else {
    const { Ajv } = require('ajv') as { Ajv: AjvClass };
    ajv = new Ajv({ ...options, code });
  }
  if (standalone) (require('ajv-formats') as { default: (a: Ajv | Ajv2020) => void }).default(ajv);
  return ajv;
}

/** The source of a CommonJS module exporting `validate` (its ajv must come from createAjv with `standalone`). */
export function standaloneModule(ajv: Ajv | Ajv2020, validate: ValidateFunction): string {
  return (require('ajv/dist/standalone/index.js') as { default: (a: Ajv | Ajv2020, v: ValidateFunction) => string }).default(ajv, validate);
}
