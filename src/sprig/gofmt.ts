// Sprig's strval: how Sprig turns any value into a string before string functions see it.
import { formatV, GoStruct, isNil } from '../gotemplate/values.js';
import { fromBytes } from './gobytes.js';

/** Strings and []byte as text, Stringers via String(), everything else `%v` (nil → `<nil>`). */
export function strval(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return fromBytes(v);
  if (v instanceof GoStruct) return v.stringer() ?? v.formatV();
  if (isNil(v)) return '<nil>';
  return formatV(v);
}
