// Go reflection as Sprig sees it: Kind names for error messages, reflect.DeepEqual, element access of slices.
import { GoNumber, GoStruct, isGoFunc, isMap, isNil, kindOf, typeName } from '../gotemplate/values.js';

/** reflect.TypeOf(nil).Kind() dereferences a nil Type: Go panics with this runtime error. */
const NIL_DEREF = 'runtime error: invalid memory address or nil pointer dereference';

/** Kind of a non-nil value (panics like Go on nil), as reflect.Kind.String() prints it. */
export function kindName(v: unknown): string {
  if (isNil(v)) throw new Error(NIL_DEREF);
  return kindOf(v);
}

/** The elements of a slice/array value, or undefined when v is not one ([]byte yields uint8 values). */
export function sliceItems(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (v instanceof Uint8Array) return Array.from(v, (b) => new GoNumber('uint8', BigInt(b)));
  const elems = v instanceof GoStruct ? v.elements() : undefined;
  return Array.isArray(elems) ? elems : undefined;
}

/** reflect.DeepEqual over our value model (dynamic types must match: float64 1 ≠ int 1). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (isNil(a) || isNil(b)) return isNil(a) && isNil(b);
  if (typeName(a) !== typeName(b)) return false;
  if (a instanceof GoNumber && b instanceof GoNumber) return a.value === b.value;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isGoFunc(a) || isGoFunc(b)) return false;
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  // Structs (and the pointers Sprig returns, e.g. *semver.Version) compare field by field.
  if (a instanceof GoStruct && b instanceof GoStruct) {
    if (a === b) return true;
    const fa = Object.entries(a);
    return a.constructor === b.constructor && fa.every(([k, x]) => deepEqual(x, (b as unknown as Record<string, unknown>)[k]));
  }
  return a === b;
}
