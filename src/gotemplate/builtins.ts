// text/template's builtin functions (funcs.go `builtins()`), as GoFuncs over the value model. `and`, `or` and `call`
// are evaluated by the executor itself (short-circuit / dynamic callee) and only declared here for arity checks.

import { sprint, sprintf, sprintln } from './fmt.js';
import { utf8Decode, utf8Encode, utf8Length } from './utf8.js';
import {
  GoNumber,
  GoStruct,
  basicKind,
  floatValue,
  intValue,
  isMap,
  isNil,
  isTrue,
  kindOf,
  typeName,
  typedResult,
  compareGoStrings,
  type FuncMap,
  type GoFunc,
} from './values.js';

const V = 'reflect.Value' as const;

/** indirectInterface: a nil interface (null) becomes "no value" (undefined). */
const indirectInterface = (v: unknown): unknown => (v === null ? undefined : v);

export const truth = (v: unknown): boolean => isTrue(indirectInterface(v));

function indexArg(index: unknown, cap: number): number {
  const k = basicKind(index);
  if (k === 'int' || k === 'uint') {
    const x = intValue(index);
    if (x < 0n || x > BigInt(cap)) throw new Error(`index out of range: ${x}`);
    return Number(x);
  }
  if (index === undefined) throw new Error('cannot index slice/array with nil');
  throw new Error(`cannot index slice/array with type ${typeName(index)}`);
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  item = indirectInterface(item);
  if (item === undefined) throw new Error('index of untyped nil');
  for (let idx of indexes) {
    idx = indirectInterface(idx);
    if (item === null) throw new Error('index of nil pointer');
    const named = item instanceof GoStruct ? item : undefined;
    const elems = named?.elements();
    if (elems instanceof Map) {
      const zero = named!.zeroElement();
      item = mapIndex((k) => elems.get(k) ?? zero, idx);
    } else if (elems) {
      const x = indexArg(idx, elems.length);
      if (x === elems.length) throw new Error('reflect: slice index out of range');
      item = elems[x] ?? null;
    } else if (typeof item === 'string' || item instanceof Uint8Array || Array.isArray(item)) {
      const bytes = typeof item === 'string' ? utf8Encode(item) : item;
      const x = indexArg(idx, bytes.length);
      if (x === bytes.length) throw new Error(`reflect: ${typeof item === 'string' ? 'string' : 'slice'} index out of range`);
      item = Array.isArray(bytes) ? (bytes[x] ?? null) : new GoNumber('uint8', BigInt((bytes as Uint8Array)[x]!));
    } else if (isMap(item)) {
      const m = item;
      item = mapIndex((k) => (Object.hasOwn(m, k) ? m[k] : null), idx);
    } else {
      throw new Error(`can't index item of type ${typeName(item)}`);
    }
  }
  return item;
}

/** A string-keyed map's element; a missing key gives the zero value. */
function mapIndex(get: (key: string) => unknown, key: unknown): unknown {
  if (key === undefined) throw new Error('value is nil; should be of type string');
  if (typeof key !== 'string') throw new Error(`value has type ${typeName(key)}; should be string`);
  return get(key) ?? null;
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  item = indirectInterface(item);
  if (item === undefined) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  let len: number;
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    len = utf8Length(item);
  } else if (Array.isArray(item) || item instanceof Uint8Array) len = item.length;
  else throw new Error(`can't slice item of type ${typeName(item)}`);
  const idx = [0, len, len];
  indexes.forEach((x, i) => (idx[i] = indexArg(indirectInterface(x), len)));
  if (idx[0]! > idx[1]!) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1]! > idx[2]!) throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (typeof item === 'string') return utf8Decode(utf8Encode(item).slice(idx[0], idx[1]));
  return item instanceof Uint8Array ? item.slice(idx[0], idx[1]) : typedResult(item.slice(idx[0], idx[1]), typeName(item));
}

function length(item: unknown): bigint {
  if (item === null) throw new Error('len of nil pointer');
  if (item === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  if (typeof item === 'string') return BigInt(utf8Length(item));
  if (Array.isArray(item) || item instanceof Uint8Array) return BigInt(item.length);
  if (isMap(item)) return BigInt(Object.keys(item).length);
  const elems = item instanceof GoStruct ? item.elements() : undefined;
  if (elems) return BigInt(elems instanceof Map ? elems.size : elems.length);
  throw new Error(`len of type ${typeName(item)}`);
}

// ---------- comparison ----------

/** Go 1.23 (Helm 3.17) reports kind mismatches without naming the types; Go 1.24+ (Helm 4) names them. */
function incompatible(typed: boolean, a: unknown, b: unknown): Error {
  return new Error(`incompatible types for comparison${typed ? `: ${typeName(a)} and ${typeName(b)}` : ''}`);
}

const isNilValue = (v: unknown): boolean => isNil(v);

function eq(typed: boolean, arg1: unknown, ...arg2: unknown[]): boolean {
  arg1 = indirectInterface(arg1);
  if (arg2.length === 0) throw new Error('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (let arg of arg2) {
    arg = indirectInterface(arg);
    const k2 = basicKind(arg);
    let t = false;
    if (k1 !== k2) {
      if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) t = intValue(arg1) === intValue(arg);
      else if (arg1 !== undefined && arg !== undefined) throw incompatible(typed, arg1, arg);
    } else {
      switch (k1) {
        case 'bool':
        case 'string':
          t = arg1 === arg;
          break;
        case 'float':
          t = floatValue(arg1) === floatValue(arg);
          break;
        case 'int':
        case 'uint':
          t = intValue(arg1) === intValue(arg);
          break;
        default: {
          const ka = kindOf(arg1);
          const kb = kindOf(arg);
          if (ka !== kb && ka !== 'invalid' && kb !== 'invalid') {
            throw new Error(`non-comparable types ${sprintf('%s', [arg1])}: ${typeName(arg1)}, ${typeName(arg)}: ${sprint([arg])}`);
          }
          if (isNilValue(arg1) || isNilValue(arg)) t = isNilValue(arg) === isNilValue(arg1);
          else {
            if (kb === 'map' || kb === 'slice' || kb === 'func') {
              throw new Error(`non-comparable type ${sprintf('%s', [arg])}: ${typeName(arg)}`);
            }
            t = arg1 === arg;
          }
        }
      }
    }
    if (t) return true;
  }
  return false;
}

function lt(typed: boolean, arg1: unknown, arg2: unknown): boolean {
  arg1 = indirectInterface(arg1);
  arg2 = indirectInterface(arg2);
  const k1 = basicKind(arg1);
  const k2 = basicKind(arg2);
  if (k1 === 'other' || k2 === 'other') throw new Error('invalid type for comparison');
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return intValue(arg1) < intValue(arg2);
    if (k1 === 'uint' && k2 === 'int') return intValue(arg1) < intValue(arg2);
    throw incompatible(typed, arg1, arg2);
  }
  switch (k1) {
    case 'bool':
      throw new Error('invalid type for comparison');
    case 'float':
      return floatValue(arg1) < floatValue(arg2);
    case 'string':
      return compareGoStrings(arg1 as string, arg2 as string) < 0;
    default:
      return intValue(arg1) < intValue(arg2);
  }
}

const le = (typed: boolean, a: unknown, b: unknown): boolean => lt(typed, a, b) || eq(typed, a, b);

// ---------- escapers ----------

/** evalArgs: one string argument as is, otherwise fmt.Sprint where a nil argument prints `<no value>`. */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (isNil(a) ? '<no value>' : a)));
}

function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => ({ '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case '<':
        out += '\\u003C';
        continue;
      case '>':
        out += '\\u003E';
        continue;
      case '&':
        out += '\\u0026';
        continue;
      case '=':
        out += '\\u003D';
        continue;
    }
    if (r < 0x20) out += '\\u00' + r.toString(16).toUpperCase().padStart(2, '0');
    else if (r < 0x80 || PRINTABLE.test(ch) || r === 0x20) out += ch;
    else out += '\\u' + r.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** url.QueryEscape. */
function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8Encode(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function fn(params: GoFunc['params'], f: GoFunc['fn'], extra: Partial<GoFunc> = {}): GoFunc {
  return { params, fn: f, ...extra };
}

/** The Go release whose text/template behaviour to follow: 1.23 is Helm 3.17's, 1.25 is Helm 4.1's. */
export type GoVersion = '1.23' | '1.25';

function makeBuiltins(version: GoVersion): FuncMap {
  const typed = version !== '1.23';
  return {
    and: fn([V], () => undefined, { variadic: V, result: 'reflect.Value' }),
    or: fn([V], () => undefined, { variadic: V, result: 'reflect.Value' }),
    call: fn([V], () => undefined, { variadic: V, result: 'reflect.Value', returnsError: true }),
    not: fn([V], (a: unknown) => !truth(a), { result: 'bool' }),
    len: fn([V], length, { returnsError: true, result: 'int' }),
    index: fn([V], index, { variadic: V, returnsError: true, result: 'reflect.Value' }),
    slice: fn([V], slice, { variadic: V, returnsError: true, result: 'reflect.Value' }),
    print: fn([], (...a: unknown[]) => sprint(a), { variadic: 'interface{}', result: 'string' }),
    printf: fn(['string'], (f: string, ...a: unknown[]) => sprintf(f, a), { variadic: 'interface{}', result: 'string' }),
    println: fn([], (...a: unknown[]) => sprintln(a), { variadic: 'interface{}', result: 'string' }),
    html: fn([], (...a: unknown[]) => htmlEscape(evalArgs(a)), { variadic: 'interface{}', result: 'string' }),
    js: fn([], (...a: unknown[]) => jsEscape(evalArgs(a)), { variadic: 'interface{}', result: 'string' }),
    urlquery: fn([], (...a: unknown[]) => queryEscape(evalArgs(a)), { variadic: 'interface{}', result: 'string' }),
    eq: fn([V], (a: unknown, ...b: unknown[]) => eq(typed, a, ...b), { variadic: V, returnsError: true, result: 'bool' }),
    ne: fn([V, V], (a: unknown, b: unknown) => !eq(typed, a, b), { returnsError: true, result: 'bool' }),
    lt: fn([V, V], (a: unknown, b: unknown) => lt(typed, a, b), { returnsError: true, result: 'bool' }),
    le: fn([V, V], (a: unknown, b: unknown) => le(typed, a, b), { returnsError: true, result: 'bool' }),
    gt: fn([V, V], (a: unknown, b: unknown) => !le(typed, a, b), { returnsError: true, result: 'bool' }),
    ge: fn([V, V], (a: unknown, b: unknown) => !lt(typed, a, b), { returnsError: true, result: 'bool' }),
  };
}

const TABLES: Record<GoVersion, FuncMap> = { '1.23': makeBuiltins('1.23'), '1.25': makeBuiltins('1.25') };

/** The builtin function table for a Go version (shared, never mutated). */
export function builtins(version: GoVersion): FuncMap {
  return TABLES[version];
}
