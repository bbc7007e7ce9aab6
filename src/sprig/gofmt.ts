// The two pieces of Go's fmt that Sprig's string functions depend on: `%q` (strconv.Quote) and Sprig's strval.
import { formatV, GoStruct, isNil } from '../gotemplate/values.js';
import { fromBytes } from './gobytes.js';
import { isPrint } from './unicode.js';

const shortEscapes: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' };

/** strconv.Quote: printable runes kept, the rest escaped; invalid UTF-8 bytes (escaped surrogates) as `\xNN`. */
export function goQuote(s: string): string {
  let out = '"';
  for (const c of s) {
    const r = c.codePointAt(0)!;
    if (r >= 0xd800 && r <= 0xdfff) {
      // A lone surrogate is an invalid byte carried over from byte-wise slicing.
      out += r >= 0xdc80 && r <= 0xdcff ? `\\x${hex(r - 0xdc00, 2)}` : '\\ufffd';
    } else if (r === 0x22 || r === 0x5c) out += '\\' + c;
    else if (isPrint(r)) out += c;
    else if (shortEscapes[r] !== undefined) out += shortEscapes[r];
    else if (r < 0x20 || r === 0x7f) out += `\\x${hex(r, 2)}`;
    else if (r < 0x10000) out += `\\u${hex(r, 4)}`;
    else out += `\\U${hex(r, 8)}`;
  }
  return out + '"';
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Sprig's strval: strings and []byte as text, Stringers via String(), everything else `%v` (nil → `<nil>`). */
export function strval(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return fromBytes(v);
  if (v instanceof GoStruct) return v.stringer() ?? v.formatV();
  if (isNil(v)) return '<nil>';
  return formatV(v);
}
