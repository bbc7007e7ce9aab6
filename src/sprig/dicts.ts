// Sprig's dict functions (dict.go) and merge/mergeOverwrite with dario.cat/mergo semantics.
import { NIL_MAP, compareGoStrings, isMap, isNil, setOwn, typeName, type FuncMap } from '../gotemplate/values.js';
import { goFunc, mustOf } from './define.js';
import { isEmpty } from './defaults.js';
import { strval } from './gofmt.js';

type Dict = Record<string, unknown>;

function need(d: Dict | null | undefined): Dict {
  if (isNil(d) || d === NIL_MAP) throw new Error('assignment to entry in nil map');
  return d;
}

const has = (d: Dict | null | undefined, k: string) => !isNil(d) && Object.hasOwn(d, k);

/**
 * mergo's deepMerge for map[string]interface{}, in place on dst. Without overwrite, a key is taken from src when dst
 * lacks it or holds an empty (zero) value; nested maps merge recursively (sharing src's nested map when dst has none);
 * a nil src value is skipped, or (with overwrite) copied over.
 */
export function mergeInto(dst: Dict, src: Dict, overwrite: boolean): void {
  for (const [k, sv] of Object.entries(src)) {
    const dstHas = Object.hasOwn(dst, k);
    const dv = dstHas ? dst[k] : undefined;
    if (isNil(sv)) {
      if (overwrite) setOwn(dst, k, null);
      continue;
    }
    if (isMap(sv) && isMap(dv)) mergeInto(dv, sv, overwrite);
    if (dstHas && !isEmpty(dv)) {
      if (Array.isArray(sv)) {
        if (overwrite) setOwn(dst, k, sv);
        continue;
      }
      if (isMap(sv) && isMap(dv)) continue;
    }
    if (overwrite || !dstHas || isEmpty(dv)) setOwn(dst, k, sv);
  }
}

function merge(overwrite: boolean) {
  return (dst: Dict | null | undefined, ...srcs: (Dict | null | undefined)[]) => {
    const out = isNil(dst) || dst === NIL_MAP ? {} : dst;
    for (const src of srcs) if (!isNil(src)) mergeInto(out, src, overwrite);
    return out;
  };
}

function dict(...v: unknown[]): Dict {
  const out: Dict = {};
  for (let i = 0; i < v.length; i += 2) setOwn(out, strval(v[i]), i + 1 < v.length ? v[i + 1] : '');
  return out;
}

/** Go's failed type assertion panic text. */
function assertionError(v: unknown, want: string): Error {
  return new Error(`interface conversion: interface {} is ${isNil(v) ? 'nil' : typeName(v)}, not ${want}`);
}

function dig(...ps: unknown[]): unknown {
  if (ps.length < 3) throw new Error('dig needs at least three arguments');
  let d = ps[ps.length - 1];
  const def = ps[ps.length - 2];
  const keys = ps.slice(0, -2).map((k) => {
    if (typeof k !== 'string') throw assertionError(k, 'string');
    return k;
  });
  for (let i = 0; ; i++) {
    // A type assertion: a named map type (chartutil.Values) is not map[string]interface{}.
    if (!isMap(d) || typeName(d) !== 'map[string]interface {}') throw assertionError(d, 'map[string]interface {}');
    if (!Object.hasOwn(d, keys[i]!)) return def;
    const step = d[keys[i]!];
    if (i === keys.length - 1) return step;
    d = step;
  }
}

const M = 'map[string]interface{}' as const;
const I = 'interface{}' as const;
const mergeF = goFunc([M], merge(false), { variadic: M });
const mergeOverwriteF = goFunc([M], merge(true), { variadic: M });

export const dictFuncs: FuncMap = {
  dict: goFunc([], dict, { variadic: I, result: 'map[string]interface {}' }),
  get: goFunc([M, 'string'], (d: Dict | null, k: string) => (has(d, k) ? d![k] : '')),
  set: goFunc([M, 'string', I], (d: Dict | null, k: string, v: unknown) => {
    setOwn(need(d), k, v);
    return d;
  }, { result: 'map[string]interface {}' }),
  unset: goFunc([M, 'string'], (d: Dict | null, k: string) => {
    if (!isNil(d)) delete d[k];
    return d ?? {};
  }, { result: 'map[string]interface {}' }),
  hasKey: goFunc([M, 'string'], (d: Dict | null, k: string) => has(d, k), { result: 'bool' }),
  pluck: goFunc(['string'], (k: string, ...ds: (Dict | null)[]) => ds.filter((d) => has(d, k)).map((d) => d![k]), { variadic: M, result: '[]interface {}' }),
  // Go map iteration order is random; sorted is one valid order and keeps renders reproducible.
  keys: goFunc([], (...ds: (Dict | null)[]) => ds.flatMap((d) => Object.keys(d ?? {}).sort(compareGoStrings)), { variadic: M, result: '[]string' }),
  values: goFunc([M], (d: Dict | null) => Object.keys(d ?? {}).sort(compareGoStrings).map((k) => d![k]), { result: '[]interface {}' }),
  pick: goFunc([M], (d: Dict | null, ...ks: string[]) => Object.fromEntries(ks.filter((k) => has(d, k)).map((k) => [k, d![k]])), { variadic: 'string', result: 'map[string]interface {}' }),
  omit: goFunc([M], (d: Dict | null, ...ks: string[]) => Object.fromEntries(Object.entries(d ?? {}).filter(([k]) => !ks.includes(k))), { variadic: 'string', result: 'map[string]interface {}' }),
  merge: mergeF,
  mustMerge: mustOf(mergeF),
  mergeOverwrite: mergeOverwriteF,
  mustMergeOverwrite: mustOf(mergeOverwriteF),
  dig: goFunc([], dig, { variadic: I, returnsError: true }),
};
