// Declaring a FuncMap entry with Go's real parameter types, so the executor can check arguments like reflect.Call.
import type { GoFunc, GoParamType } from '../gotemplate/values.js';

export interface FuncOptions {
  variadic?: GoParamType;
  returnsError?: boolean;
  result?: string;
}

export function goFunc(params: GoParamType[], fn: (...args: any[]) => unknown, opts: FuncOptions = {}): GoFunc {
  return { params, fn, ...opts };
}

/** A Sprig `mustX` twin: same parameters, but Go returns (value, error), so a thrown error becomes the call error. */
export function mustOf(f: GoFunc): GoFunc {
  return { ...f, returnsError: true };
}
