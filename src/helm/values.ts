// values.Options.MergeValues (helm v3.17): -f files in order, then --set-json, --set, --set-string, --set-file and
// --set-literal, each with helm's error texts. Files are read as helm reads them: `-` is standard input, relative
// paths are relative to the working directory, and URLs would be downloaded (not offline: an error says so).
import { readFileSync } from 'node:fs';
import { decodeYamlBytes, parseYamlObject } from '../goencoding/yaml.js';
import { isMap, setOwn } from '../gotemplate/values.js';
import type { Values } from './chart.js';
import { deepCopy } from './coalesce.js';
import { HelmError } from './errors.js';
import { pathError } from './gofs.js';
import { goString } from './gostrings.js';
import { parseSetFileInto, parseSetInto, parseSetJsonInto, parseSetLiteralInto, parseSetStringInto } from './strvals.js';

export interface ValueOptions {
  /** -f/--values, in order. */
  valuesFiles?: string[];
  /** Already-parsed values layers, applied in order after valuesFiles and before the --set family (bundle's envs). */
  values?: Record<string, unknown>[];
  setJson?: string[];
  set?: string[];
  setString?: string[];
  setFile?: string[];
  setLiteral?: string[];
}

/** Getters helm has for URL schemes (getter.All: http, https, oci); reading through them needs the network. */
const NETWORK_SCHEMES = new Set(['http', 'https', 'oci']);

/** helm's readFile: stdin for `-`, a URL through its getter, anything else from disk. Errors carry Go's text. */
export function readValuesSource(path: string): Uint8Array {
  if (path.trim() === '-') return readFileSync(0);
  const scheme = urlScheme(path);
  if (scheme !== undefined && NETWORK_SCHEMES.has(scheme.toLowerCase())) {
    throw new HelmError(`${path}: reading values from a URL is not supported offline (bundle's native engine does not download; use --engine helm)`);
  }
  try {
    return readFileSync(path);
  } catch (e) {
    throw new HelmError(pathError('open', path, e).message);
  }
}

/** --set-file's reader: the file's bytes as a Go string. */
export function readSetFile(path: string): string {
  return goString(readValuesSource(path));
}

/** url.Parse's scheme, or undefined without one; url.Parse's errors for what it rejects. */
function urlScheme(s: string): string | undefined {
  if (/[\x00-\x1f\x7f]/.test(s)) throw new HelmError(`parse ${JSON.stringify(s)}: net/url: invalid control character in URL`);
  const bad = /%(?![0-9a-fA-F]{2})(.{0,2})/.exec(s.split('#')[0]!);
  if (bad) throw new HelmError(`parse ${JSON.stringify(s)}: invalid URL escape ${JSON.stringify(bad[0])}`);
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(s);
  if (s.startsWith(':')) throw new HelmError(`parse ${JSON.stringify(s)}: missing protocol scheme`);
  return m?.[1];
}

export function mergeValues(o: ValueOptions): Values {
  let base: Values = {};
  // Without the --set family nothing below modifies the files' maps before coalescing copies them: the decoded values
  // can be shared instead of copied (a large values file is then held once more, not twice).
  const readOnly = [o.set, o.setString, o.setJson, o.setFile, o.setLiteral].every((l) => (l?.length ?? 0) === 0);
  for (const file of o.valuesFiles ?? []) {
    const bytes = readValuesSource(file);
    let current: Values;
    try {
      current = parseYamlObject(decodeYamlBytes(bytes), readOnly);
    } catch (e) {
      throw new HelmError(`failed to parse ${file}: ${(e as Error).message}`);
    }
    base = mergeMaps(base, current);
  }
  // Copied: the --set family below edits the merged maps in place, and the caller's layers must stay untouched.
  for (const layer of o.values ?? []) base = mergeMaps(base, deepCopy(layer) as Values);
  for (const s of o.setJson ?? []) {
    try {
      parseSetJsonInto(s, base);
    } catch {
      throw new HelmError(`failed parsing --set-json data ${s}`);
    }
  }
  apply(o.set, 'set', (s) => parseSetInto(s, base));
  apply(o.setString, 'set-string', (s) => parseSetStringInto(s, base));
  apply(o.setFile, 'set-file', (s) => parseSetFileInto(s, base, readSetFile));
  apply(o.setLiteral, 'set-literal', (s) => parseSetLiteralInto(s, base));
  return base;
}

function apply(args: string[] | undefined, flag: string, parse: (s: string) => void): void {
  for (const s of args ?? []) {
    try {
      parse(s);
    } catch (e) {
      throw new HelmError(`failed parsing --${flag} data: ${(e as Error).message}`);
    }
  }
}

/** values.mergeMaps: maps merge recursively, everything else is replaced. */
function mergeMaps(a: Values, b: Values): Values {
  const out: Values = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const existing = Object.hasOwn(out, k) ? out[k] : undefined;
    setOwn(out, k, isMap(v) && isMap(existing) ? mergeMaps(existing, v) : v);
  }
  return out;
}
