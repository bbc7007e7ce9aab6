// Go value model shared by the template executor, the Sprig table and Helm's layer.
//
// JS representation of Go dynamic values (what an interface{} holds):
//   nil                      -> null (undefined is treated as nil too)
//   bool                     -> boolean
//   float64                  -> number          (every number that comes from YAML/JSON)
//   int                      -> bigint          (template literals, Sprig's `int`, `len`)
//   other Go numeric types   -> GoNumber        (int64 from --set/Sprig math, uint8, float32 …)
//   string                   -> string          (Go strings are bytes; UTF-8 is assumed)
//   []byte                   -> Uint8Array
//   []interface{}            -> unknown[]
//   map[string]interface{}   -> plain object    (ALWAYS look keys up with Object.hasOwn)
//   structs / typed objects  -> GoStruct        (.Release, .Chart, .Capabilities, .Files …)
//   func values              -> GoFunc

/** A Go number whose dynamic type is not `int` or `float64`. */
export class GoNumber {
  constructor(
    readonly type: 'int64' | 'int32' | 'int16' | 'int8' | 'uint' | 'uint64' | 'uint32' | 'uint16' | 'uint8' | 'float32',
    readonly value: bigint | number,
  ) {}
}

/** Go parameter types a function can declare; the executor checks arguments against them like reflect.Call. */
export type GoParamType =
  | 'interface{}'
  | 'string'
  | 'int'
  | 'int64'
  | 'float64'
  | 'bool'
  | '[]interface{}'
  | '[]string'
  | 'map[string]interface{}'
  | '[]byte'
  /** Receives the executor's value untouched (no value = undefined, nil interface = null), like Go's reflect.Value. */
  | 'reflect.Value';

/** A function callable from templates (a FuncMap entry or a method). */
export interface GoFunc {
  /** Declared parameter types, in order. */
  params: GoParamType[];
  /** Type of the trailing variadic parameter, if any (`...interface{}` etc.). */
  variadic?: GoParamType;
  /** Declared result: 'error' in `returnsError` means the function returns (value, error): throw to report the error. */
  returnsError?: boolean;
  /** Go type name of the single result (for typeOf on function results and printing). Defaults to 'interface{}'. */
  result?: string;
  fn: (...args: any[]) => unknown;
}

export type FuncMap = Record<string, GoFunc>;

/** Go's nil map[string]interface{} (what json.Unmarshal of `null` leaves in a map): it reads as an empty map and
 *  prints `map[]`, but encoding/json writes it as null. Frozen: writing to a nil map panics in Go. */
export const NIL_MAP: Record<string, unknown> = Object.freeze(Object.create(null) as Record<string, unknown>);

/** How Go prints a parameter type in error messages. */
export function goTypeString(t: GoParamType): string {
  switch (t) {
    case 'interface{}':
      return 'interface {}';
    case '[]interface{}':
      return '[]interface {}';
    case 'map[string]interface{}':
      return 'map[string]interface {}';
    case '[]byte':
      return '[]uint8';
    default:
      return t;
  }
}

/** A Go struct or named type exposing fields and methods to templates. */
export abstract class GoStruct {
  /** Go type name as `%T`/typeOf would print it, e.g. `*chart.Metadata`, `chartutil.Capabilities`. */
  abstract readonly goType: string;
  /** Field lookup (exported fields). Return undefined when there is no such field. */
  abstract field(name: string): { value: unknown } | undefined;
  /** Method lookup. Return undefined when there is no such method. */
  method(_name: string): GoFunc | undefined {
    return undefined;
  }
  /** The value encoding/json would see (for toJson/toYaml); a struct's object lists its fields in declaration order. */
  abstract toJSONValue(): unknown;
  /** String() of a fmt.Stringer, when the type implements it. */
  stringer(): string | undefined {
    return undefined;
  }
  /** %v printing when the type is not a Stringer: `{a b}` of the field values. */
  abstract formatV(): string;
  /** Named map and slice types (`engine.files`, `chartutil.VersionSet`) are not structs: range, len, index and truth
   *  see their elements, keyed by string (a Map, in any order) or by position (an array). Structs return undefined. */
  elements(): Map<string, unknown> | unknown[] | undefined {
    return undefined;
  }
  /** The element type's zero value, which indexing a map-kind type with a missing key gives. */
  zeroElement(): unknown {
    return null;
  }
  /** The value a function parameter receives. Calling a function copies the argument out of its (addressable)
   *  field, losing the pointer-receiver methods Go can only call through the field's address. */
  interfaceValue(): GoStruct {
    return this;
  }
}

/** reflect.Kind of a GoStruct: its elements' container kind, else struct. */
function structKind(v: GoStruct): 'map' | 'slice' | 'struct' {
  const e = v.elements();
  return e === undefined ? 'struct' : e instanceof Map ? 'map' : 'slice';
}

export type GoKind =
  | 'invalid'
  | 'bool'
  | 'int'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'float32'
  | 'float64'
  | 'string'
  | 'slice'
  | 'map'
  | 'struct'
  | 'func';

/** Sets a map entry. `obj[key] = value` with the key "__proto__" would replace the object's prototype instead (the
 *  entry vanishes and the map stops being a map); a Go map has no such special key. Every writer of values with keys
 *  that come from input goes through here; other keys ("constructor", "prototype") are ordinary own properties, read
 *  with Object.hasOwn. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

export function isNil(v: unknown): v is null | undefined {
  return v === null || v === undefined;
}

export function isMap(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function isGoFunc(v: unknown): v is GoFunc {
  return isMap(v) && typeof (v as { fn?: unknown }).fn === 'function' && Array.isArray((v as { params?: unknown }).params);
}

export function kindOf(v: unknown): GoKind {
  if (isNil(v)) return 'invalid';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int';
    case 'string':
      return 'string';
    case 'function':
      return 'func';
  }
  if (v instanceof GoNumber) return v.type;
  if (v instanceof Uint8Array || Array.isArray(v)) return 'slice';
  if (v instanceof GoStruct) return structKind(v);
  if (isGoFunc(v)) return 'func';
  if (isMap(v)) return 'map';
  return 'struct';
}

/** Typed containers a function can declare as its result, besides []interface{} and map[string]interface{}. */
const TYPED_CONTAINERS = new Set(['[]string', '[]int', 'map[string]string']);
/** The Go type of each typed container, by identity: such results are always fresh arrays/objects. */
const containerTypes = new WeakMap<object, string>();

/** A function's result as the executor hands it on: a container declared `[]string`, `[]int` or `map[string]string`
 *  keeps that type for typeName (typeOf, %T, deepEqual) and for argument checks, where Go tells it from
 *  []interface{} and map[string]interface{}. */
export function typedResult(res: unknown, result: string | undefined): unknown {
  if (result !== undefined && TYPED_CONTAINERS.has(result) && (Array.isArray(res) || isMap(res))) containerTypes.set(res, result);
  return res;
}

/** A container of a Go type other than []interface{} / map[string]interface{} (a struct field such as
 *  `[]*chart.Maintainer` or `map[string]string`): typeName reports `type`. Returns the container. */
export function withGoType<T extends object>(container: T, type: string): T {
  containerTypes.set(container, type);
  return container;
}

/** The underlying map of each named map value, by the Proxy that stands for it. */
const underlying = new WeakMap<object, Record<string, unknown>>();

/** A value of a named map type such as chartutil.Values: a Proxy sharing the map's entries (a Go conversion shares
 *  the map) that typeName reports as `type`. Passing it as a map[string]interface{} converts it back. */
export function namedMap(type: string, map: Record<string, unknown>): Record<string, unknown> {
  const named = new Proxy(map, {});
  underlying.set(named, map);
  containerTypes.set(named, type);
  return named;
}

/** The conversion to an unnamed type: a named map's underlying map; other values unchanged. */
export function unnamed(v: unknown): unknown {
  return (isMap(v) && underlying.get(v)) || v;
}

/** Go type name as printed by `%T` / Sprig's typeOf. */
export function typeName(v: unknown): string {
  if (isNil(v)) return '<nil>';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoNumber) return v.type;
  if (v instanceof Uint8Array) return '[]uint8';
  if (Array.isArray(v)) return containerTypes.get(v) ?? '[]interface {}';
  if (v instanceof GoStruct) return v.goType;
  if (isGoFunc(v)) return 'func(...interface {}) interface {}';
  if (isMap(v)) return containerTypes.get(v) ?? 'map[string]interface {}';
  return 'interface {}';
}

export type BasicKind = 'bool' | 'int' | 'uint' | 'float' | 'string' | 'other';

/** text/template's basicKind: the comparison class of a value. */
export function basicKind(v: unknown): BasicKind {
  const k = kindOf(v);
  if (k === 'bool' || k === 'string') return k;
  if (k === 'int' || k === 'int8' || k === 'int16' || k === 'int32' || k === 'int64') return 'int';
  if (k === 'uint' || k === 'uint8' || k === 'uint16' || k === 'uint32' || k === 'uint64') return 'uint';
  if (k === 'float32' || k === 'float64') return 'float';
  return 'other';
}

/** Numeric payload of an int-kind or uint-kind value. */
export function intValue(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (v instanceof GoNumber && typeof v.value === 'bigint') return v.value;
  throw new TypeError(`not an integer: ${typeName(v)}`);
}

/** Numeric payload of a float-kind value. */
export function floatValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof GoNumber && typeof v.value === 'number') return v.value;
  throw new TypeError(`not a float: ${typeName(v)}`);
}

/** text/template's truth: zero values and empty containers are false, structs are true. */
export function isTrue(v: unknown): boolean {
  if (isNil(v)) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
    case 'string':
      return v.length > 0;
  }
  if (v instanceof GoNumber) return v.value !== 0 && v.value !== 0n;
  if (v instanceof Uint8Array) return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof GoStruct) {
    const e = v.elements();
    return e === undefined || (e instanceof Map ? e.size : e.length) > 0;
  }
  if (isGoFunc(v)) return true;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

/** strconv.FormatFloat(f, 'g', -1, bitSize): shortest round-trip digits; exponent form iff the decimal exponent is
 *  < -4 or >= 6 (Go uses precision 6 for that test when formatting shortest), exponent signed and at least two digits. */
export function formatFloat(f: number, bitSize: 32 | 64 = 64): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, expStr] = (bitSize === 32 ? shortestFloat32(f) : f.toExponential()).split('e') as [string, string];
  const exp = Number(expStr);
  if (exp >= -4 && exp < 6) return plainDecimal(mant, exp);
  const abs = Math.abs(exp);
  return `${mant}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

function shortestFloat32(f: number): string {
  const target = Math.fround(f);
  for (let p = 1; p <= 9; p++) {
    const s = target.toExponential(p - 1);
    if (Math.fround(Number(s)) === target) return s.replace(/\.?0+e/, 'e');
  }
  return target.toExponential();
}

/** Render mantissa `d.ddd` with decimal exponent `exp` as a plain decimal string. */
function plainDecimal(mant: string, exp: number): string {
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let out: string;
  const point = exp + 1;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  return (neg ? '-' : '') + out;
}

/** fmt's %v of a value nested inside a container (nil prints `<nil>`). */
export function formatV(v: unknown): string {
  if (isNil(v)) return '<nil>';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return formatFloat(v);
    case 'bigint':
      return v.toString();
    case 'string':
      return v;
  }
  if (v instanceof GoNumber) return typeof v.value === 'bigint' ? v.value.toString() : formatFloat(v.value, 32);
  if (v instanceof Uint8Array) return `[${Array.from(v).join(' ')}]`;
  if (Array.isArray(v)) return `[${v.map(formatV).join(' ')}]`;
  if (v instanceof GoStruct) return v.stringer() ?? v.formatV();
  if (isGoFunc(v)) return '0x0';
  if (isMap(v)) {
    const keys = Object.keys(v).sort(compareGoStrings);
    return `map[${keys.map((k) => `${k}:${formatV(v[k])}`).join(' ')}]`;
  }
  return String(v);
}

/** Go compares strings byte-wise (UTF-8), which orders like code points; JS `<` compares UTF-16 code units, which
 *  differs for astral vs high-BMP characters. */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(j)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j) < 0 ? -1 : a.length - i === b.length - j ? 0 : 1;
}
