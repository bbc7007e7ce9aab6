// Sprig's list functions (list.go). Each accepts any slice/array through reflection and fails with Sprig's message
// otherwise; the plain names panic with the same text the mustX names return as an error.
import { isNil, typedResult, typeName, type FuncMap, type GoFunc } from '../gotemplate/values.js';
import { intArg, toInt } from './cast.js';
import { goFunc, mustOf } from './define.js';
import { deepEqual, kindName, sliceItems } from './reflect.js';
import { isEmpty } from './defaults.js';

function items(v: unknown, what: string): unknown[] {
  const kind = kindName(v);
  const l = sliceItems(v);
  if (!l) throw new Error(`${what} ${kind}`);
  return l;
}

const inList = (hay: unknown[], needle: unknown) => hay.some((h) => deepEqual(needle, h));

function chunk(size: number, list: unknown): unknown[][] {
  const l = items(list, 'Cannot chunk type');
  const n = l.length;
  const count = Math.floor((n - 1) / size) + 1;
  const out: unknown[][] = [];
  for (let i = 0; i < count; i++) {
    let clen = size;
    if (i === count - 1) clen = Math.floor(n % size) || size;
    const part: unknown[] = [];
    for (let j = 0; j < clen; j++) {
      const ix = i * size + j;
      if (ix >= n) throw new Error(`reflect: slice index out of range`);
      part.push(l[ix]);
    }
    out.push(part);
  }
  return out;
}

function slice(list: unknown, ...indices: unknown[]): unknown {
  const kind = kindName(list);
  const l = sliceItems(list);
  if (!l) throw new Error(`list should be type of slice or array but ${kind}`);
  if (l.length === 0) return null;
  const start = indices.length > 0 ? Number(toInt(indices[0])) : 0;
  const end = indices.length < 2 ? l.length : Number(toInt(indices[1]));
  if (start < 0 || end < start || end > l.length) throw new Error('reflect.Value.Slice: slice index out of bounds');
  return list instanceof Uint8Array ? list.slice(start, end) : typedResult(l.slice(start, end), typeName(list));
}

function concat(...lists: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const list of lists) {
    const kind = kindName(list);
    const l = sliceItems(list);
    if (!l) throw new Error(`Cannot concat type ${kind} as list`);
    out.push(...l);
  }
  return out;
}

const I = 'interface{}' as const;
const L = '[]interface{}';

/** Pairs `name` / `mustName` from one implementation. */
function withMust(name: string, f: GoFunc): FuncMap {
  return { [name]: f, ['must' + name[0]!.toUpperCase() + name.slice(1)]: mustOf(f) };
}

const push = goFunc([I, I], (list, v) => [...items(list, 'Cannot push on type'), v], { result: L });

export const listFuncs: FuncMap = {
  list: goFunc([], (...v: unknown[]) => v, { variadic: I, result: L }),
  tuple: goFunc([], (...v: unknown[]) => v, { variadic: I, result: L }),
  ...withMust('append', push),
  ...withMust('push', push),
  ...withMust('prepend', goFunc([I, I], (list, v) => [v, ...items(list, 'Cannot prepend on type')], { result: L })),
  ...withMust('first', goFunc([I], (list) => items(list, 'Cannot find first on type')[0] ?? null)),
  ...withMust('last', goFunc([I], (list) => items(list, 'Cannot find last on type').at(-1) ?? null)),
  ...withMust('rest', goFunc([I], (list) => items(list, 'Cannot find rest on type').slice(1), { result: L })),
  ...withMust('initial', goFunc([I], (list) => items(list, 'Cannot find initial on type').slice(0, -1), { result: L })),
  ...withMust('reverse', goFunc([I], (list) => [...items(list, 'Cannot find reverse on type')].reverse(), { result: L })),
  ...withMust('compact', goFunc([I], (list) => items(list, 'Cannot compact on type').filter((x) => !isEmpty(x)), { result: L })),
  ...withMust(
    'uniq',
    goFunc([I], (list) => items(list, 'Cannot find uniq on type').reduce<unknown[]>((acc, x) => (inList(acc, x) ? acc : [...acc, x]), []), { result: L }),
  ),
  ...withMust(
    'without',
    goFunc([I], (list, ...omit: unknown[]) => items(list, 'Cannot find without on type').filter((x) => !inList(omit, x)), { variadic: I, result: L }),
  ),
  ...withMust('has', goFunc([I, I], (needle, hay) => (isNil(hay) ? false : inList(items(hay, 'Cannot find has on type'), needle)), { result: 'bool' })),
  ...withMust('slice', goFunc([I], slice, { variadic: I })),
  ...withMust('chunk', goFunc(['int', I], (size, list) => chunk(intArg(size), list), { result: '[][]interface{}' })),
  concat: goFunc([], concat, { variadic: I }),
};
