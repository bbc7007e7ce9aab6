// Validate every enabled release's merged values against its chart's values.schema.json, and the values that name
// nodes against the env's nodes (src/env/node-refs.ts), reporting all problems.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BundleCache } from '../cache/index.js';
import { Diagnostic, DiagnosticError } from '../schema/diagnostic.js';
import type { SourceFile } from '../schema/source.js';
import { compileChartSchema, validateAgainst } from '../schema/validate.js';
import { nodeReferenceIssues, type NodeRefIssue } from './node-refs.js';
import type { Environment, Release } from './types.js';
import { envGlobals, layerFiles, lazyReleaseLayers, mergeLayers, releaseLayers, whoSet, type ValuesLayer } from './values.js';

export interface ValidatedRelease {
  release: Release;
  layers: ValuesLayer[];
  values: Record<string, unknown>;
}

export interface ValidationResult {
  releases: ValidatedRelease[];
  diagnostics: Diagnostic[];
}

const schemaCache = new Map<string, object | null>();

async function chartSchema(chartDir: string): Promise<{ schema: object | null; file: string }> {
  const file = join(chartDir, 'values.schema.json');
  if (!schemaCache.has(file)) {
    schemaCache.set(file, existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as object) : null);
  }
  return { schema: schemaCache.get(file)!, file };
}

export interface ValidateOptions {
  /** The parsed --set values of each release (one object for all, or per release). */
  set?: Record<string, unknown> | ((release: string) => Record<string, unknown>);
  /** The releases to validate (default: every enabled one). */
  only?: Release[];
  /** Values whose every input is unchanged since they last validated are neither read nor validated. */
  cache?: BundleCache;
}

export async function validateReleases(env: Environment, envSource: SourceFile, opts: ValidateOptions = {}): Promise<ValidationResult> {
  const { set = {}, cache } = opts;
  const releases: ValidatedRelease[] = [];
  const diagnostics: Diagnostic[] = [];
  const nodes = env.cluster.nodes.map((n) => n.name);
  for (const release of opts.only ?? env.releases.filter((r) => r.enabled)) {
    const setValues = typeof set === 'function' ? set(release.name) : set;
    const key = cache?.key('values', {
      schema: cache.file(join(release.chartDir, 'values.schema.json')),
      layers: layerFiles(env, release).map(({ name, file }) => [name, file, cache.file(file)]),
      globals: envGlobals(env),
      set: setValues,
      nodes,
    });
    if (key && cache!.valuesValid(key)) {
      const layers = lazyReleaseLayers(env, envSource, release, { set: setValues });
      releases.push({
        release,
        layers,
        get values() {
          return mergeLayers(layers);
        },
      });
      continue;
    }
    const before = diagnostics.length;
    let layers: ValuesLayer[];
    try {
      layers = await releaseLayers(env, envSource, release, { set: setValues });
    } catch (e) {
      // A values file that cannot be read as values (not UTF-8, not YAML, not a map): every problem of every release.
      if (!(e instanceof DiagnosticError)) throw e;
      // One file may be a layer of several releases: report it once.
      for (const d of e.diagnostics) if (!diagnostics.some((x) => x.format() === d.format())) diagnostics.push(d);
      continue;
    }
    const values = mergeLayers(layers);
    releases.push({ release, layers, values });
    const { schema, file } = await chartSchema(release.chartDir);
    if (!schema) {
      if (key) cache!.markValuesValid(key);
      continue;
    }
    let validate;
    try {
      validate = compileChartSchema(schema);
    } catch (e) {
      diagnostics.push(new Diagnostic({ file, release: release.name, message: `invalid values.schema.json: ${(e as Error).message}` }));
      continue;
    }
    const nodeIssues: Array<NodeRefIssue & { atKey?: boolean }> = nodes.length ? nodeReferenceIssues(schema, values, nodes) : [];
    for (const issue of [...validateAgainst(validate, values), ...nodeIssues]) {
      const origin = whoSet(layers, issue.pointer, issue.atKey);
      diagnostics.push(
        new Diagnostic({
          file: origin?.file,
          line: origin?.line,
          col: origin?.col,
          pointer: issue.pointer,
          release: release.name,
          layer: origin?.layer.name,
          message: issue.message,
          hint: issue.hint,
        }),
      );
    }
    if (key && diagnostics.length === before) cache!.markValuesValid(key);
  }
  return { releases, diagnostics };
}
