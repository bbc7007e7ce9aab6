// Go's strings helpers where they differ from JS: unicode.IsSpace is not the set String.prototype.trim() uses
// (Go trims U+0085 and keeps U+FEFF), and a Go string is a byte string.
import { isUtf8 } from 'node:buffer';
import { utf8Decode, utf8Encode } from '../gotemplate/utf8.js';
import { isSpace } from '../sprig/unicode.js';

/** strings.TrimSpace. A scan from both ends rather than a `^…+|…+$` regexp, which retries the trailing class at every
 *  blank run of a long rendered manifest. Go's spaces are all in the BMP, so UTF-16 code units suffice. */
export function goTrimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** string(b) for file contents: Go strings are bytes, so an invalid UTF-8 byte survives as the value model's escape
 *  (src/gotemplate/utf8.ts). Valid UTF-8, nearly every file, takes Node's decoder. */
export function goString(b: Uint8Array): string {
  return isUtf8(b) ? Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8') : utf8Decode(b);
}

/** The bytes of a Go string (the inverse of goString). */
export function goBytes(s: string): Buffer {
  return SURROGATE.test(s) ? Buffer.from(utf8Encode(s)) : Buffer.from(s, 'utf8');
}

/** Where a string may hold an escaped byte (or a character outside the BMP, which utf8Encode also handles). */
const SURROGATE = /[\ud800-\udfff]/;
