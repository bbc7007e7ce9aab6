// Sprig's string functions (strings.go and the string entries of functions.go). Go strings are bytes: length,
// truncation and slicing work on UTF-8 bytes.
import { compareGoStrings, formatV, isNil, typeName, type FuncMap } from '../gotemplate/values.js';
import { intArg } from './cast.js';
import { goFunc } from './define.js';
import { runes, sliceBytes, byteLength } from './gobytes.js';
import { strval } from './gofmt.js';
import { quote as goQuote } from '../gotemplate/strconv.js';
import { abbreviateFull, camelToLower, deleteWhiteSpace, initials, swapCase, title, toPascalCase, untitle, wrapCustom } from './textcase.js';
import { fromRunes, isSpace, toLower, toUpper } from './unicode.js';

/** strings.Repeat, including its panic on a negative count. */
export function repeat(s: string, count: number): string {
  if (count < 0) throw new Error('strings: negative Repeat count');
  return s.repeat(count);
}

function trimFunc(s: string, drop: (r: number) => boolean): string {
  const rs = [...s];
  let a = 0;
  let b = rs.length;
  const cp = (c: string) => runes(c)[0]!;
  while (a < b && drop(cp(rs[a]!))) a++;
  while (b > a && drop(cp(rs[b - 1]!))) b--;
  return rs.slice(a, b).join('');
}

/** strings.Split: an empty separator splits into UTF-8 sequences; n < 0 means all (SplitN semantics). */
export function goSplit(s: string, sep: string, n = -1): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const parts = [...s];
    if (n > 0 && parts.length > n) return [...parts.slice(0, n - 1), parts.slice(n - 1).join('')];
    return parts;
  }
  const all = s.split(sep);
  if (n > 0 && all.length > n) return [...all.slice(0, n - 1), all.slice(n - 1).join(sep)];
  return all;
}

/** strings.Replace(s, old, new, -1): an empty `old` matches before every rune and at the end. */
function replaceAll(s: string, old: string, repl: string): string {
  if (old === '') return repl + [...s].map((c) => c + repl).join('');
  return s.split(old).join(repl);
}

const toMap = (parts: string[]) => Object.fromEntries(parts.map((p, i) => [`_${i}`, p]));

/** Sprig's strslice: a list's non-nil elements through strval; a scalar becomes a one-element list; nil → []. */
export function strslice(v: unknown): string[] {
  // A []string is returned as is, so sortAlpha sorts it in place like Sprig.
  if (Array.isArray(v) && typeName(v) === '[]string') return v as string[];
  if (Array.isArray(v)) return v.filter((x) => !isNil(x)).map(strval);
  if (v instanceof Uint8Array) return Array.from(v, (b) => String(b));
  if (isNil(v)) return [];
  return [strval(v)];
}

function mapRunes(s: string, f: (r: number) => number): string {
  return fromRunes(runes(s).map(f));
}

const isAscii = (s: string) => /^[\x00-\x7f]*$/.test(s);

function trunc(c: number, s: string): string {
  const len = byteLength(s);
  if (c < 0 && len + c > 0) return sliceBytes(s, len + c);
  if (c >= 0 && len > c) return sliceBytes(s, 0, c);
  return s;
}

/** Go's s[start:end] panics, with the runtime's exact messages. */
function substr(start: number, end: number, s: string): string {
  const len = byteLength(s);
  if (start < 0) {
    if (end < 0) throw new Error(`runtime error: slice bounds out of range [:${end}]`);
    if (end > len) throw new Error(`runtime error: slice bounds out of range [:${end}] with length ${len}`);
    return sliceBytes(s, 0, end);
  }
  if (end < 0 || end > len) {
    if (start > len) throw new Error(`runtime error: slice bounds out of range [${start}:${len}]`);
    return sliceBytes(s, start);
  }
  if (start > end) throw new Error(`runtime error: slice bounds out of range [${start}:${end}]`);
  return sliceBytes(s, start, end);
}

function indent(spaces: number, v: string): string {
  const pad = repeat(' ', spaces);
  return pad + v.split('\n').join('\n' + pad);
}

export const stringFuncs: FuncMap = {
  hello: goFunc([], () => 'Hello!', { result: 'string' }),
  abbrev: goFunc(['int', 'string'], (w, s: string) => (intArg(w) < 4 ? s : abbreviateFull(s, 0, intArg(w))), { result: 'string' }),
  abbrevboth: goFunc(
    ['int', 'int', 'string'],
    (l, r, s: string) => {
      const [left, right] = [intArg(l), intArg(r)];
      return right < 4 || (left > 0 && right < 7) ? s : abbreviateFull(s, left, right);
    },
    { result: 'string' },
  ),
  trunc: goFunc(['int', 'string'], (c, s: string) => trunc(intArg(c), s), { result: 'string' }),
  trim: goFunc(['string'], (s: string) => trimFunc(s, isSpace), { result: 'string' }),
  upper: goFunc(['string'], (s: string) => (isAscii(s) ? s.toUpperCase() : mapRunes(s, toUpper)), { result: 'string' }),
  lower: goFunc(['string'], (s: string) => (isAscii(s) ? s.toLowerCase() : mapRunes(s, toLower)), { result: 'string' }),
  title: goFunc(['string'], title, { result: 'string' }),
  untitle: goFunc(['string'], untitle, { result: 'string' }),
  substr: goFunc(['int', 'int', 'string'], (a, b, s: string) => substr(intArg(a), intArg(b), s), { result: 'string' }),
  repeat: goFunc(['int', 'string'], (c, s: string) => repeat(s, intArg(c)), { result: 'string' }),
  trimall: goFunc(['string', 'string'], (cut: string, s: string) => trimCutset(s, cut), { result: 'string' }),
  trimAll: goFunc(['string', 'string'], (cut: string, s: string) => trimCutset(s, cut), { result: 'string' }),
  trimSuffix: goFunc(['string', 'string'], (a: string, s: string) => (a !== '' && s.endsWith(a) ? s.slice(0, s.length - a.length) : s), { result: 'string' }),
  trimPrefix: goFunc(['string', 'string'], (a: string, s: string) => (a !== '' && s.startsWith(a) ? s.slice(a.length) : s), { result: 'string' }),
  nospace: goFunc(['string'], deleteWhiteSpace, { result: 'string' }),
  initials: goFunc(['string'], initials, { result: 'string' }),
  swapcase: goFunc(['string'], swapCase, { result: 'string' }),
  snakecase: goFunc(['string'], (s: string) => camelToLower(s, '_'), { result: 'string' }),
  camelcase: goFunc(['string'], toPascalCase, { result: 'string' }),
  kebabcase: goFunc(['string'], (s: string) => camelToLower(s, '-'), { result: 'string' }),
  wrap: goFunc(['int', 'string'], (l, s: string) => wrapCustom(s, intArg(l), '', false), { result: 'string' }),
  wrapWith: goFunc(['int', 'string', 'string'], (l, sep: string, s: string) => wrapCustom(s, intArg(l), sep, true), { result: 'string' }),
  contains: goFunc(['string', 'string'], (sub: string, s: string) => s.includes(sub), { result: 'bool' }),
  hasPrefix: goFunc(['string', 'string'], (sub: string, s: string) => s.startsWith(sub), { result: 'bool' }),
  hasSuffix: goFunc(['string', 'string'], (sub: string, s: string) => s.endsWith(sub), { result: 'bool' }),
  quote: goFunc([], (...v: unknown[]) => v.filter((x) => !isNil(x)).map((x) => goQuote(strval(x))).join(' '), { variadic: 'interface{}', result: 'string' }),
  squote: goFunc([], (...v: unknown[]) => v.filter((x) => !isNil(x)).map((x) => `'${formatV(x)}'`).join(' '), { variadic: 'interface{}', result: 'string' }),
  cat: goFunc([], (...v: unknown[]) => v.filter((x) => !isNil(x)).map(formatV).join(' '), { variadic: 'interface{}', result: 'string' }),
  indent: goFunc(['int', 'string'], (n, s: string) => indent(intArg(n), s), { result: 'string' }),
  nindent: goFunc(['int', 'string'], (n, s: string) => '\n' + indent(intArg(n), s), { result: 'string' }),
  replace: goFunc(['string', 'string', 'string'], (o: string, n: string, s: string) => replaceAll(s, o, n), { result: 'string' }),
  plural: goFunc(['string', 'string', 'int'], (one: string, many: string, c) => (intArg(c) === 1 ? one : many), { result: 'string' }),
  toString: goFunc(['interface{}'], strval, { result: 'string' }),
  split: goFunc(['string', 'string'], (sep: string, s: string) => toMap(goSplit(s, sep)), { result: 'map[string]string' }),
  splitList: goFunc(['string', 'string'], (sep: string, s: string) => goSplit(s, sep), { result: '[]string' }),
  splitn: goFunc(['string', 'int', 'string'], (sep: string, n, s: string) => toMap(goSplit(s, sep, intArg(n))), { result: 'map[string]string' }),
  toStrings: goFunc(['interface{}'], strslice, { result: '[]string' }),
  join: goFunc(['string', 'interface{}'], (sep: string, v: unknown) => strslice(v).join(sep), { result: 'string' }),
  sortAlpha: goFunc(
    ['interface{}'],
    (v: unknown) => (Array.isArray(v) || v instanceof Uint8Array ? strslice(v).sort(compareGoStrings) : [strval(v)]),
    { result: '[]string' },
  ),
};

/** strings.Trim(s, cutset): drop leading/trailing runes that occur in cutset. */
function trimCutset(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const set = new Set(runes(cutset));
  return trimFunc(s, (r) => set.has(r));
}

