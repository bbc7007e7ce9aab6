// Go's strconv pieces the template engine needs: Quote/QuoteRune (for %q and node printing), Unquote/UnquoteChar
// (string and char literals) and the integer/float literal parsers behind number constants.

import { decodeRune, utf8Decode, utf8Encode } from './utf8.js';

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(r: number): boolean {
  return r === 0x20 || (r > 0x20 && r !== 0x7f && PRINTABLE.test(String.fromCodePoint(r)));
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function escapeRune(r: number, quoteChar: number, asciiOnly: boolean): string {
  if (r === quoteChar || r === 0x5c) return '\\' + String.fromCodePoint(r);
  if (asciiOnly ? r < 0x80 && isPrint(r) : isPrint(r)) return String.fromCodePoint(r);
  switch (r) {
    case 7:
      return '\\a';
    case 8:
      return '\\b';
    case 12:
      return '\\f';
    case 10:
      return '\\n';
    case 13:
      return '\\r';
    case 9:
      return '\\t';
    case 11:
      return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return '\\x' + hex(r, 2);
  if (r < 0x10000) return '\\u' + hex(r, 4);
  return '\\U' + hex(r, 8);
}

/** strconv.Quote (asciiOnly: QuoteToASCII). Strings are treated as UTF-8; `bytes` lets callers quote raw bytes. */
export function quote(s: string | Uint8Array, asciiOnly = false): string {
  const b = typeof s === 'string' ? utf8Encode(s) : s;
  let out = '"';
  for (let i = 0; i < b.length; ) {
    const { rune, size } = decodeRune(b, i);
    if (rune === 0xfffd && size === 1) {
      out += '\\x' + hex(b[i]!, 2);
    } else out += escapeRune(rune, 0x22, asciiOnly);
    i += size;
  }
  return out + '"';
}

/** strconv.QuoteRune. */
export function quoteRune(r: number, asciiOnly = false): string {
  if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
  return "'" + escapeRune(r, 0x27, asciiOnly) + "'";
}

/** strconv.CanBackquote. */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (r === 0x60 || r === 0xfeff || r === 0xfffd) return false;
    if ((r < 0x20 && r !== 9) || r === 0x7f) return false;
  }
  return true;
}

export class QuoteSyntaxError extends Error {
  constructor() {
    super('invalid syntax');
  }
}

/** strconv.UnquoteChar on `s` starting at `i`: returns the bytes it stands for and the next index. */
function unquoteChar(s: string, i: number, quoteChar: string): { bytes: number[]; next: number } {
  const c = s[i]!;
  if (c === quoteChar && (quoteChar === "'" || quoteChar === '"')) throw new QuoteSyntaxError();
  if (c !== '\\') {
    const r = s.codePointAt(i)!;
    return { bytes: Array.from(utf8Encode(String.fromCodePoint(r))), next: i + (r > 0xffff ? 2 : 1) };
  }
  const e = s[i + 1];
  if (e === undefined) throw new QuoteSyntaxError();
  const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 0x5c };
  if (e in simple) return { bytes: [simple[e]!], next: i + 2 };
  if (e === "'" || e === '"') {
    if (e !== quoteChar) throw new QuoteSyntaxError();
    return { bytes: [e.charCodeAt(0)], next: i + 2 };
  }
  if (e === 'x' || e === 'u' || e === 'U') {
    const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
    const digits = s.slice(i + 2, i + 2 + n);
    if (digits.length !== n || !/^[0-9a-fA-F]+$/.test(digits)) throw new QuoteSyntaxError();
    const v = parseInt(digits, 16);
    if (e === 'x') return { bytes: [v], next: i + 2 + n };
    if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new QuoteSyntaxError();
    return { bytes: Array.from(utf8Encode(String.fromCodePoint(v))), next: i + 2 + n };
  }
  if (e >= '0' && e <= '7') {
    const digits = s.slice(i + 1, i + 4);
    if (!/^[0-7]{3}$/.test(digits)) throw new QuoteSyntaxError();
    const v = parseInt(digits, 8);
    if (v > 255) throw new QuoteSyntaxError();
    return { bytes: [v], next: i + 4 };
  }
  throw new QuoteSyntaxError();
}

const PLAIN_UNSAFE = /[\\"\ud800-\udfff]/;

/** strconv.Unquote for "…", `…` and '…' literals. Byte escapes are decoded as UTF-8 (invalid bytes → U+FFFD). */
export function unquote(lit: string): string {
  const q = lit[0];
  if (lit.length < 2 || lit[lit.length - 1] !== q) throw new QuoteSyntaxError();
  const body = lit.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) throw new QuoteSyntaxError();
    return body.replace(/\r/g, '');
  }
  if (q !== '"' && q !== "'") throw new QuoteSyntaxError();
  if (body.includes('\n')) throw new QuoteSyntaxError();
  // Most literals have nothing to decode: without escapes, quotes or surrogates (which stand for raw bytes), the
  // UTF-8 round trip below gives the body back.
  if (q === '"' && !PLAIN_UNSAFE.test(body)) return body;
  const bytes: number[] = [];
  let runes = 0;
  for (let i = 0; i < body.length; runes++) {
    const { bytes: b, next } = unquoteChar(body, i, q);
    bytes.push(...b);
    i = next;
  }
  if (q === "'" && runes !== 1) throw new QuoteSyntaxError();
  return utf8Decode(Uint8Array.from(bytes));
}

/** The rune value of a character literal such as `'a'` or `'\n'`. */
export function unquoteRune(lit: string): number {
  const body = lit.slice(1);
  const { bytes, next } = unquoteChar(body, 0, "'");
  if (body.slice(next) !== "'") throw new Error(`malformed character constant: ${lit}`);
  if (bytes.length === 1) return bytes[0]!;
  return decodeRune(Uint8Array.from(bytes), 0).rune;
}

/** Go's strconv.underscoreOK: underscores only between digits or after a base prefix (an optional sign is skipped). */
export function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s[0] === '+' || s[0] === '-') s = s.slice(1);
  let hexa = false;
  if (s.length >= 2 && s[0] === '0' && /[bBoOxX]/.test(s[1]!)) {
    i = 2;
    saw = '0';
    hexa = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (/[0-9]/.test(c) || (hexa && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** The value of an ASCII digit or letter as Go's strconv reads it (0-9, a-z/A-Z → 10-35); 99 for anything else. */
function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x7a) return lower - 0x61 + 10;
  return 99;
}

/** The integer of strconv.ParseInt/ParseUint without the bit-size range check (callers apply their own). Base 0
 *  reads the prefixes 0x 0o 0b, a leading-0 octal, and underscores; an explicit base (2 to 36) reads bare digits. */
export function parseGoInteger(text: string, base = 0): bigint | undefined {
  let s = text;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let digits = s;
  if (base === 0) {
    base = 10;
    if (/^0[xX]/.test(s)) [base, digits] = [16, s.slice(2)];
    else if (/^0[oO]/.test(s)) [base, digits] = [8, s.slice(2)];
    else if (/^0[bB]/.test(s)) [base, digits] = [2, s.slice(2)];
    else if (s.length > 1 && s[0] === '0') [base, digits] = [8, s.slice(1)];
    if (digits.includes('_') && !underscoreOK(text)) return undefined;
    digits = digits.replace(/_/g, '');
  }
  if (digits === '') return undefined;
  const b = BigInt(base);
  let v = 0n;
  for (let i = 0; i < digits.length; i++) {
    const d = digitValue(digits.charCodeAt(i));
    if (d >= base) return undefined;
    v = v * b + BigInt(d);
  }
  return neg ? -v : v;
}

/** strconv.ParseFloat(s, 64) for Go float literals (decimal and hex mantissa/exponent, underscores). */
export function parseGoFloat(text: string): number | undefined {
  if (text.includes('_') && !underscoreOK(text)) return undefined;
  const s = text.replace(/_/g, '');
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(s);
  if (!m || m[2]! + m[3]! === '') return undefined;
  const mant = BigInt('0x' + (m[2]! + m[3]! || '0'));
  const v = Number(mant) * Math.pow(2, Number(m[4]) - 4 * m[3]!.length);
  return m[1] === '-' ? -v : v;
}
