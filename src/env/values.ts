// Values layers of a release with provenance: chart defaults < env globals < base overlay < env overlay < --set.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Diagnostic, DiagnosticError } from '../schema/diagnostic.js';
import { setOwn } from '../gotemplate/values.js';
import { pointerSegments, toPointer } from '../schema/pointer.js';
import { ValuesFile, type Position, type SourceFile } from '../schema/source.js';
import type { Environment, Release } from './types.js';

export interface ValuesLayer {
  /** Human name of the layer, used in messages: "chart defaults", "env globals", "base", "env", "--set". */
  name: string;
  file?: string;
  values: Record<string, unknown>;
  /** Where this layer defines the value at a pointer, if it does. */
  locate(pointer: string, key?: boolean): (Position & { file?: string }) | undefined;
}

export interface LayerOptions {
  /** `--set` values already parsed (Helm strvals rules), applied last. */
  set?: Record<string, unknown>;
}

/** The values files of a release's layers, lowest first, without reading them: chart defaults, base, env. */
export function layerFiles(env: Environment, release: Release): Array<{ name: string; file: string }> {
  const files: Array<{ name: string; file: string }> = [];
  const chartValues = join(release.chartDir, 'values.yaml');
  if (existsSync(chartValues)) files.push({ name: 'chart defaults', file: chartValues });
  if (env.baseDir) {
    const base = join(env.baseDir, 'values', `${release.name}.yaml`);
    if (existsSync(base)) files.push({ name: 'base', file: base });
  }
  for (const file of release.valuesFiles) files.push({ name: 'env', file });
  return files;
}

export async function releaseLayers(env: Environment, envSource: SourceFile, release: Release, opts: LayerOptions = {}): Promise<ValuesLayer[]> {
  const read: ValuesLayer[] = [];
  for (const { name, file } of layerFiles(env, release)) read.push(fileLayer(name, await ValuesFile.read(file)));
  return withGlobalsAndSet(read, env, envSource, opts);
}

/** The layers of values that validated before (the cache knows their bytes): each file is read only if its values or
 *  positions are asked for. */
export function lazyReleaseLayers(env: Environment, envSource: SourceFile, release: Release, opts: LayerOptions = {}): ValuesLayer[] {
  const lazy = layerFiles(env, release).map(({ name, file }): ValuesLayer => {
    let layer: ValuesLayer | undefined;
    const load = () => (layer ??= fileLayer(name, ValuesFile.readSync(file)));
    return {
      name,
      file,
      get values() {
        return load().values;
      },
      locate: (p, key) => load().locate(p, key),
    };
  });
  return withGlobalsAndSet(lazy, env, envSource, opts);
}

/** The env globals go right above the chart defaults, --set on top. */
function withGlobalsAndSet(fileLayers: ValuesLayer[], env: Environment, envSource: SourceFile, opts: LayerOptions): ValuesLayer[] {
  const layers = [...fileLayers];
  layers.splice(layers[0]?.name === 'chart defaults' ? 1 : 0, 0, globalsLayer(env, envSource));
  if (opts.set && Object.keys(opts.set).length > 0) {
    const set = opts.set;
    layers.push({ name: '--set', values: set, locate: (p) => (hasPointer(set, p) ? { line: 1, col: 1 } : undefined) });
  }
  return layers;
}

/** The env's cluster facts as every chart sees them. */
export function envGlobals(env: Environment): Record<string, unknown> {
  return { global: { cluster: env.cluster, imageRegistry: env.imageRegistry } };
}

function fileLayer(name: string, source: ValuesFile): ValuesLayer {
  const values = source.data ?? {};
  if (!isObject(values)) {
    // Helm refuses such a file ("cannot unmarshal array into map"); reading it as {} would validate what fails to render.
    const got = Array.isArray(values) ? 'a list' : `a ${typeof values}`;
    throw new DiagnosticError([new Diagnostic({ file: source.path, ...source.locate(''), message: `expected a map of values, got ${got}` })]);
  }
  return {
    name,
    file: source.path,
    values,
    locate: (p, key) => (source.has(p) ? { file: source.path, ...source.locate(p, key) } : undefined),
  };
}

function globalsLayer(env: Environment, envSource: SourceFile): ValuesLayer {
  const values = envGlobals(env);
  // global.cluster.* is written in env.yaml as cluster.*, global.imageRegistry as imageRegistry.
  const toEnvPointer = (p: string) => p.replace(/^\/global(?=\/|$)/, '');
  return {
    name: 'env globals',
    file: env.file,
    values,
    locate: (p, key) => (hasPointer(values, p) ? { file: env.file, ...envSource.locate(toEnvPointer(p), key) } : undefined),
  };
}

/** Merge layers the way Helm coalesces values: maps merge, scalars and lists replace, null deletes an inherited key. */
export function mergeLayers(layers: ValuesLayer[]): Record<string, unknown> {
  let out: Record<string, unknown> = {};
  for (const layer of layers) out = mergeInto(out, layer.values);
  return out;
}

function mergeInto(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const under = Object.hasOwn(base, k) ? base[k] : undefined;
    if (v === null && Object.hasOwn(base, k)) delete out[k];
    else if (isObject(v) && isObject(under)) setOwn(out, k, mergeInto(under, v));
    else setOwn(out, k, v);
  }
  return out;
}

/** The highest layer that set the value at `pointer` (or, failing that, its nearest ancestor). */
export function whoSet(layers: ValuesLayer[], pointer: string, atKey = false): { layer: ValuesLayer; file?: string; line: number; col: number } | undefined {
  const segs = pointerSegments(pointer);
  for (let n = segs.length; n >= 0; n--) {
    const p = toPointer(segs.slice(0, n));
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i]!;
      const pos = layer.locate(p, atKey && n === segs.length);
      if (pos) return { layer, file: pos.file ?? layer.file, line: pos.line, col: pos.col };
    }
  }
  return undefined;
}

/** Every layer that set the value at `pointer`, lowest first (for `bundle explain`). */
export function history(layers: ValuesLayer[], pointer: string): Array<{ layer: ValuesLayer; file?: string; line: number; col: number; value: unknown }> {
  const out = [];
  for (const layer of layers) {
    const pos = layer.locate(pointer);
    if (pos) out.push({ layer, file: pos.file ?? layer.file, line: pos.line, col: pos.col, value: getPointer(layer.values, pointer) });
  }
  return out;
}

export function getPointer(data: unknown, pointer: string): unknown {
  let cur: unknown = data;
  for (const seg of pointerSegments(pointer)) {
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isObject(cur) && Object.hasOwn(cur, seg)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

function hasPointer(data: unknown, pointer: string): boolean {
  let cur: unknown = data;
  for (const seg of pointerSegments(pointer)) {
    if (Array.isArray(cur) && /^\d+$/.test(seg) && Number(seg) < cur.length) cur = cur[Number(seg)];
    else if (isObject(cur) && Object.hasOwn(cur, seg)) cur = cur[seg];
    else return false;
  }
  return true;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
