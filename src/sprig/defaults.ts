// Sprig's defaults.go (minus JSON, see json.ts): emptiness is Go's zero-value test, so 0, false, "" and empty
// collections count as unset while structs never do.
import { GoStruct, isGoFunc, isMap, isTrue, type FuncMap } from '../gotemplate/values.js';
import { goFunc, mustOf } from './define.js';

/** Sprig's empty: the negation of text/template truth (structs and funcs are never empty). */
export function isEmpty(v: unknown): boolean {
  return !isTrue(v);
}

/** copystructure.Copy over our value model: maps and slices are copied, scalars and structs shared. */
export function deepCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(deepCopy);
  if (v instanceof Uint8Array) return v.slice();
  if (v instanceof GoStruct || isGoFunc(v)) return v;
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepCopy(x)]));
  return v;
}

const I = 'interface{}' as const;
const copyFunc = goFunc([I], deepCopy);

export const defaultFuncs: FuncMap = {
  default: goFunc([I], (d, ...given: unknown[]) => (given.length === 0 || isEmpty(given[0]) ? d : given[0]), { variadic: I }),
  empty: goFunc([I], isEmpty, { result: 'bool' }),
  coalesce: goFunc([], (...v: unknown[]) => v.find((x) => !isEmpty(x)) ?? null, { variadic: I }),
  all: goFunc([], (...v: unknown[]) => v.every((x) => !isEmpty(x)), { variadic: I, result: 'bool' }),
  any: goFunc([], (...v: unknown[]) => v.some((x) => !isEmpty(x)), { variadic: I, result: 'bool' }),
  ternary: goFunc([I, I, 'bool'], (vt, vf, cond: boolean) => (cond ? vt : vf)),
  deepCopy: copyFunc,
  mustDeepCopy: mustOf(copyFunc),
};
