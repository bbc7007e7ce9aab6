// Go's encoding/json for the Go value model (src/gotemplate/values.ts): Marshal / MarshalIndent / Encoder without
// HTML escaping, and Unmarshal into interface{} (numbers become float64).

import { GoNumber, GoStruct, NIL_MAP, compareGoStrings, isGoFunc, isMap, setOwn, typeName } from '../gotemplate/values.js';

export interface MarshalJsonOptions {
  /** Escape `<`, `>`, `&` as \u003c, \u003e, \u0026 (json.Marshal does; toRawJson's Encoder turns it off). */
  escapeHTML?: boolean;
  /** json.MarshalIndent(v, "", indent). */
  indent?: string;
}

/** The error encoding/json returns; `message` is Go's err.Error(). When decoding went on past the error (a number
 *  out of float64 range), `partial` is what Go leaves in the target (that number as nil). */
export class GoJsonError extends Error {
  constructor(
    message: string,
    readonly partial?: unknown,
  ) {
    super(message);
  }
}

export function marshalJson(v: unknown, opts: MarshalJsonOptions = {}): string {
  const escapeHTML = opts.escapeHTML ?? true;
  const indent = opts.indent ?? '';
  const out: string[] = [];
  encodeValue(v, out, escapeHTML, indent, 0);
  return out.join('');
}

function encodeValue(v: unknown, out: string[], html: boolean, indent: string, depth: number): void {
  if (v === null || v === undefined || v === NIL_MAP) {
    out.push('null');
    return;
  }
  switch (typeof v) {
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return;
    case 'number':
      out.push(formatJsonFloat(v, 64));
      return;
    case 'bigint':
      out.push(v.toString());
      return;
    case 'string':
      out.push(quoteJsonString(v, html));
      return;
  }
  if (v instanceof GoNumber) {
    out.push(typeof v.value === 'bigint' ? v.value.toString() : formatJsonFloat(v.value, v.type === 'float32' ? 32 : 64));
    return;
  }
  if (v instanceof Uint8Array) {
    out.push('"', base64(v), '"');
    return;
  }
  if (v instanceof GoStruct) {
    const j = v.toJSONValue();
    // A struct's fields are written in declaration order, which is the key order of its JSON object.
    if (v.elements() === undefined && isMap(j)) encodeObject(j, Object.keys(j), out, html, indent, depth);
    else encodeValue(j, out, html, indent, depth);
    return;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push('[]');
      return;
    }
    out.push('[');
    v.forEach((item, i) => {
      if (i > 0) out.push(',');
      newline(out, indent, depth + 1);
      encodeValue(item, out, html, indent, depth + 1);
    });
    newline(out, indent, depth);
    out.push(']');
    return;
  }
  if (isMap(v) && !isGoFunc(v)) {
    encodeObject(v, Object.keys(v).sort(compareGoStrings), out, html, indent, depth);
    return;
  }
  throw new GoJsonError(`json: unsupported type: ${typeName(v)}`);
}

function encodeObject(v: Record<string, unknown>, keys: string[], out: string[], html: boolean, indent: string, depth: number): void {
  if (keys.length === 0) {
    out.push('{}');
    return;
  }
  out.push('{');
  keys.forEach((k, i) => {
    if (i > 0) out.push(',');
    newline(out, indent, depth + 1);
    out.push(quoteJsonString(k, html), indent ? ': ' : ':');
    encodeValue(v[k], out, html, indent, depth + 1);
  });
  newline(out, indent, depth);
  out.push('}');
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** base64.StdEncoding (padded), as encoding/json writes []byte. */
function base64(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < b.length ? B64[(n >> 6) & 63]! : '=';
    out += i + 2 < b.length ? B64[n & 63]! : '=';
  }
  return out;
}

/** base64.StdEncoding.DecodeString for well-formed input (characters outside the alphabet are skipped). */
export function decodeBase64(s: string): Uint8Array {
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const c of s) {
    const d = B64.indexOf(c);
    if (d < 0) continue;
    acc = (acc << 6) | d;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  return Uint8Array.from(bytes);
}

/** UTF-8 bytes to a string; invalid sequences become U+FFFD (how Go strings holding them print). */
export function decodeUtf8(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const need = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    let cp = need === 0 ? c : need === 1 ? c & 0x1f : need === 2 ? c & 0x0f : c & 0x07;
    let ok = need >= 0;
    for (let k = 1; ok && k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (cc & 0x3f);
    }
    if (ok && need > 0 && (cp < [0, 0x80, 0x800, 0x10000][need]! || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))) ok = false;
    if (!ok) {
      out += '\ufffd';
      i++;
      continue;
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

function newline(out: string[], indent: string, depth: number): void {
  if (indent) out.push('\n', indent.repeat(depth));
}

/** encoding/json's floatEncoder: shortest digits, 'f' form unless |f| < 1e-6 or >= 1e21, exponent without zero padding. */
export function formatJsonFloat(f: number, bits: 32 | 64): string {
  if (!Number.isFinite(f)) {
    throw new GoJsonError(`json: unsupported value: ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
  }
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  // JS Number#toString yields the same shortest digits and switches to exponent form at the same bounds as Go for
  // float64 (1e-7 → "1e-7", 1e21 → "1e+21"). float32 needs its own shortest digits.
  if (bits === 64) return String(f);
  const digits = shortestFloat32Digits(f);
  const abs = Math.abs(f);
  if (abs < 1e-6 || abs >= 1e21) return digits;
  return String(Number(digits));
}

function shortestFloat32Digits(f: number): string {
  const target = Math.fround(f);
  for (let p = 1; p <= 9; p++) {
    const s = target.toExponential(p - 1);
    if (Math.fround(Number(s)) === target) return s.replace(/\.?0+e/, 'e');
  }
  return target.toExponential();
}

const HEX = '0123456789abcdef';

/** encoding/json's string encoder. Lone UTF-16 surrogates stand for invalid UTF-8 and become U+FFFD. */
export function quoteJsonString(s: string, escapeHTML: boolean): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c < 0x20) {
      if (c === 0x0a) rep = '\\n';
      else if (c === 0x0d) rep = '\\r';
      else if (c === 0x09) rep = '\\t';
      else if (c === 0x08) rep = '\\b';
      else if (c === 0x0c) rep = '\\f';
      else rep = '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
    } else if (c === 0x22) rep = '\\"';
    else if (c === 0x5c) rep = '\\\\';
    else if (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)) rep = '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
    else if (c === 0x2028) rep = '\\u2028';
    else if (c === 0x2029) rep = '\\u2029';
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      // An invalid byte (or half a pair): encoding/json writes the escape \ufffd.
      rep = '\\ufffd';
    } else if (c >= 0xdc00 && c <= 0xdfff) rep = '\\ufffd';
    if (rep !== undefined) {
      out += s.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

/** json.Unmarshal into interface{}: objects → plain objects, arrays → arrays, numbers → float64. */
export function parseJson(text: string): unknown {
  return decode(text, Number);
}

/** Like parseJson, but each number literal is converted by `number` from its source text. */
export function parseJsonWith(text: string, number: (literal: string) => unknown): unknown {
  return decode(text, number);
}

function decode(text: string, number: (literal: string) => unknown): unknown {
  const { value, rangeError } = new JsonParser(text, number).parseDocument();
  if (rangeError) throw new GoJsonError(rangeError, value);
  return value;
}

/** json.Decoder.Decode into interface{} of the first value in `text` (after white space); `end` is the offset just
 *  past it (Decoder.InputOffset), where the caller's own input continues. */
export function parseJsonPrefix(text: string): { value: unknown; end: number } {
  return new JsonParser(text, Number).parsePrefix();
}

/** Out-of-range numbers decode to nil, with the error reported after the whole text is read. */
function floatOrNil(literal: string): unknown {
  const n = Number(literal);
  return Number.isFinite(n) ? n : null;
}

/** json.Unmarshal into map[string]interface{} (Helm's fromJson): `null` leaves a nil map, other non-objects fail. */
export function parseJsonObject(text: string): Record<string, unknown> {
  const { value, rangeError } = new JsonParser(text, floatOrNil).parseDocument();
  if (value !== null && !isMap(value)) {
    throw new GoJsonError(`json: cannot unmarshal ${jsonKindName(value)} into Go value of type map[string]interface {}`);
  }
  if (rangeError) throw new GoJsonError(rangeError, value ?? {});
  return value ?? NIL_MAP;
}

/** json.Unmarshal into []interface{} (Helm's fromJsonArray); `null` (a nil slice in Go) gives an empty list. */
export function parseJsonArray(text: string): unknown[] {
  const { value, rangeError } = new JsonParser(text, floatOrNil).parseDocument();
  if (value !== null && !Array.isArray(value)) {
    throw new GoJsonError(`json: cannot unmarshal ${jsonKindName(value)} into Go value of type []interface {}`);
  }
  if (rangeError) throw new GoJsonError(rangeError, value ?? []);
  return value ?? [];
}

/** The JSON kind encoding/json names in an UnmarshalTypeError (`cannot unmarshal <kind> into …`). */
export function jsonKindName(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

export { setOwn };

/** Go's %q-style rendering of the offending byte in a SyntaxError (json's quoteChar). */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const code = c.codePointAt(0)!;
  let q: string;
  if (c === '\\') q = '\\\\';
  else if (code === 0x07) q = '\\a';
  else if (code === 0x08) q = '\\b';
  else if (code === 0x0c) q = '\\f';
  else if (code === 0x0a) q = '\\n';
  else if (code === 0x0d) q = '\\r';
  else if (code === 0x09) q = '\\t';
  else if (code === 0x0b) q = '\\v';
  else if (code < 0x20 || code === 0x7f) q = '\\x' + HEX[code >> 4] + HEX[code & 0xf];
  else q = c;
  return `'${q}'`;
}

const WS = new Set([' ', '\t', '\n', '\r']);

/** Recursive-descent reader reporting errors with the same wording as encoding/json's scanner. */
class JsonParser {
  private pos = 0;
  /** Go validates the whole text before decoding, so a number overflow is reported only when the syntax is fine. */
  private rangeError: string | undefined;
  constructor(
    private readonly s: string,
    private readonly convertNumber: (literal: string) => unknown,
  ) {}

  parseDocument(): { value: unknown; rangeError?: string } {
    this.skipWs();
    const value = this.value('looking for beginning of value');
    this.skipWs();
    if (this.pos < this.s.length) this.fail('after top-level value');
    return { value, rangeError: this.rangeError };
  }

  parsePrefix(): { value: unknown; end: number } {
    this.skipWs();
    const value = this.value('looking for beginning of value');
    if (this.rangeError) throw new GoJsonError(this.rangeError, value);
    return { value, end: this.pos };
  }

  private peek(): string | undefined {
    return this.s[this.pos];
  }

  private skipWs(): void {
    while (this.pos < this.s.length && WS.has(this.s[this.pos]!)) this.pos++;
  }

  private fail(context: string): never {
    if (this.pos >= this.s.length) {
      // At the end Go's scanner feeds one space: states that cannot take whitespace report it as the bad character.
      if (!/^in (literal|numeric|exponent|string escape|\\u)|^after decimal/.test(context)) {
        throw new GoJsonError('unexpected end of JSON input');
      }
      throw new GoJsonError(`invalid character ' ' ${context}`);
    }
    const c = String.fromCodePoint(this.s.codePointAt(this.pos)!);
    throw new GoJsonError(`invalid character ${quoteChar(c)} ${context}`);
  }

  private value(context: string): unknown {
    const c = this.peek();
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    if (c === 't') return this.literal('true', true);
    if (c === 'f') return this.literal('false', false);
    if (c === 'n') return this.literal('null', null);
    return this.fail(context);
  }

  private literal(word: string, v: unknown): unknown {
    for (let i = 0; i < word.length; i++, this.pos++) {
      if (this.s[this.pos] !== word[i]) this.fail(`in literal ${word} (expecting ${quoteChar(word[i]!)})`);
    }
    return v;
  }

  private object(): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    if (this.open('}')) {
      do {
        if (this.peek() !== '"') this.fail('looking for beginning of object key string');
        const key = this.string();
        this.skipWs();
        if (this.peek() !== ':') this.fail('after object key');
        this.pos++;
        this.skipWs();
        setOwn(obj, key, this.value('looking for beginning of value'));
      } while (this.more('}', 'after object key:value pair'));
    }
    return obj;
  }

  private array(): unknown[] {
    const arr: unknown[] = [];
    if (this.open(']')) {
      do arr.push(this.value('looking for beginning of value'));
      while (this.more(']', 'after array element'));
    }
    return arr;
  }

  /** Steps over an opening bracket: false (with `close` consumed too) for an empty object or array. */
  private open(close: '}' | ']'): boolean {
    this.pos++;
    this.skipWs();
    if (this.peek() !== close) return true;
    this.pos++;
    return false;
  }

  /** After an element: true past a comma (another element follows), false past `close`; anything else fails. */
  private more(close: '}' | ']', afterElement: string): boolean {
    this.skipWs();
    const c = this.peek();
    if (c === ',') {
      this.pos++;
      this.skipWs();
      return true;
    }
    if (c !== close) this.fail(afterElement);
    this.pos++;
    return false;
  }

  private string(): string {
    this.pos++;
    let out = '';
    let start = this.pos;
    for (;;) {
      if (this.pos >= this.s.length) this.fail('in string literal');
      const c = this.s.charCodeAt(this.pos);
      if (c === 0x22) {
        out += this.s.slice(start, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail('in string literal');
      if (c === 0x5c) {
        out += this.s.slice(start, this.pos);
        this.pos++;
        out += this.escape();
        start = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  private escape(): string {
    const c = this.peek();
    const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    if (c !== undefined && Object.hasOwn(simple, c)) {
      this.pos++;
      return simple[c]!;
    }
    if (c !== 'u') this.fail('in string escape code');
    this.pos++;
    const first = this.hex4();
    if (first >= 0xd800 && first < 0xdc00) {
      // A high surrogate pairs only with an immediately following \uDC00-\uDFFF escape; otherwise it decodes to U+FFFD.
      if (this.s.startsWith('\\u', this.pos) && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.pos + 2, this.pos + 6))) {
        const second = parseInt(this.s.slice(this.pos + 2, this.pos + 6), 16);
        if (second >= 0xdc00 && second < 0xe000) {
          this.pos += 6;
          return String.fromCharCode(first, second);
        }
      }
      return '\ufffd';
    }
    if (first >= 0xdc00 && first < 0xe000) return '\ufffd';
    return String.fromCharCode(first);
  }

  private hex4(): number {
    for (let i = 0; i < 4; i++) {
      const c = this.peek();
      if (c === undefined || !/[0-9a-fA-F]/.test(c)) this.fail('in \\u hexadecimal character escape');
      this.pos++;
    }
    return parseInt(this.s.slice(this.pos - 4, this.pos), 16);
  }

  private number(): unknown {
    const start = this.pos;
    if (this.peek() === '-') this.pos++;
    if (this.peek() === '0') this.pos++;
    else if (this.isDigit()) while (this.isDigit()) this.pos++;
    else this.fail('in numeric literal');
    if (this.peek() === '.') {
      this.pos++;
      if (!this.isDigit()) this.fail('after decimal point in numeric literal');
      while (this.isDigit()) this.pos++;
    }
    if (this.peek() === 'e' || this.peek() === 'E') {
      this.pos++;
      if (this.peek() === '+' || this.peek() === '-') this.pos++;
      if (!this.isDigit()) this.fail('in exponent of numeric literal');
      while (this.isDigit()) this.pos++;
    }
    const text = this.s.slice(start, this.pos);
    const n = Number(text);
    if (!Number.isFinite(n)) {
      this.rangeError ??= `json: cannot unmarshal number ${text} into Go value of type float64`;
    }
    return this.convertNumber(text);
  }

  private isDigit(): boolean {
    const c = this.peek();
    return c !== undefined && c >= '0' && c <= '9';
  }
}

/** The JSON kind encoding/json names in "cannot unmarshal <kind> into Go …" for a decoded value. */
export function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (isMap(v)) return 'object';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return 'number';
}
