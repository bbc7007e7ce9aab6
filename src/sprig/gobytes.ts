// Byte-wise views of Go strings for Sprig's byte-oriented functions. Strings use gotemplate's convention: bytes
// that are not valid UTF-8 travel as lone surrogates U+DC80..U+DCFF (see src/gotemplate/utf8.ts).
import { utf8Decode, utf8Encode, utf8Length } from '../gotemplate/utf8.js';

export const toBytes = utf8Encode;
export const fromBytes = utf8Decode;
export const byteLength = utf8Length;

/** s[start:end] in Go (byte offsets); callers check bounds first. */
export function sliceBytes(s: string, start: number, end?: number): string {
  const b = toBytes(s);
  return fromBytes(b.subarray(start, end ?? b.length));
}

/** The runes of a Go string as `range` yields them: invalid bytes become U+FFFD. */
export function runes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out.push(c >= 0xd800 && c <= 0xdfff ? 0xfffd : c);
  }
  return out;
}
