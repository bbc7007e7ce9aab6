// goyaml.v2's implicit typing of plain scalars (resolve.go), YAML 1.1 flavour: what a plain scalar means, and hence
// whether a string can be written plain without changing type.

import { parseGoInteger } from '../gotemplate/strconv.js';

/** A resolved YAML scalar: Go int/int64/uint64 keep their exact digits as bigint; floats are numbers. */
export type YamlScalar = null | boolean | string | bigint | number;

const BOOL_WORDS: Record<string, boolean> = {};
for (const w of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) BOOL_WORDS[w] = true;
for (const w of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) BOOL_WORDS[w] = false;
const NULL_WORDS = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS: Record<string, number> = {};
for (const w of ['.nan', '.NaN', '.NAN']) SPECIAL_FLOATS[w] = NaN;
for (const w of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) SPECIAL_FLOATS[w] = Infinity;
for (const w of ['-.inf', '-.Inf', '-.INF']) SPECIAL_FLOATS[w] = -Infinity;

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

export type ResolvedTag = 'null' | 'bool' | 'int' | 'float' | 'str' | 'timestamp' | 'merge';

/** resolve("", s) for a plain scalar: its tag and Go value. Timestamps keep their text (v2 hands them to interface{}
 *  as strings). */
export function resolvePlain(s: string): { tag: ResolvedTag; value: YamlScalar } {
  const c = s[0];
  const hinted = s === '' || c === '+' || c === '-' || c === '.' || (c !== undefined && 'yYnNtTfFoO~0123456789'.includes(c));
  if (!hinted) return { tag: 'str', value: s };
  if (Object.hasOwn(BOOL_WORDS, s)) return { tag: 'bool', value: BOOL_WORDS[s]! };
  if (NULL_WORDS.has(s)) return { tag: 'null', value: null };
  if (Object.hasOwn(SPECIAL_FLOATS, s)) return { tag: 'float', value: SPECIAL_FLOATS[s]! };
  if (s === '<<') return { tag: 'merge', value: s };
  if (c === '.') {
    const f = parseGoFloat(s);
    return f === undefined ? { tag: 'str', value: s } : { tag: 'float', value: f };
  }
  if (c === '+' || c === '-' || (c! >= '0' && c! <= '9')) {
    if (isTimestamp(s)) return { tag: 'timestamp', value: s };
    const plain = s.replaceAll('_', '');
    const i = parseGoInt(plain);
    if (i !== undefined) return { tag: 'int', value: i };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = parseGoFloat(plain);
      if (f !== undefined) return { tag: 'float', value: f };
    }
  }
  return { tag: 'str', value: s };
}

/** strconv.ParseInt(s, 0, 64), falling back to ParseUint(s, 0, 64): base prefixes 0x/0o/0b, a leading 0 means octal. */
function parseGoInt(s: string): bigint | undefined {
  const n = parseGoInteger(s);
  if (n === undefined) return undefined;
  if (n >= INT64_MIN && n <= INT64_MAX) return n;
  // ParseUint takes no sign.
  if (s[0] !== '+' && s[0] !== '-' && n <= UINT64_MAX) return n;
  return undefined;
}

/** strconv.ParseFloat for the decimal forms goyaml lets through; out of range (±Inf) is an error in Go. */
function parseGoFloat(s: string): number | undefined {
  if (!/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s)) return undefined;
  const f = Number(s);
  return Number.isFinite(f) ? f : undefined;
}

const DATE_FORMATS: RegExp[] = [
  // 2006-1-2T15:4:5.999999999Z07:00 (upper- or lower-case T)
  /^(\d{4})-(\d{1,2})-(\d{1,2})[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  // 2006-1-2 15:4:5.999999999
  /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?$/,
  // 2006-1-2
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
];

/** parseTimestamp: one of goyaml's time.Parse layouts matches and the fields are in range. */
export function isTimestamp(s: string): boolean {
  for (const re of DATE_FORMATS) {
    const m = re.exec(s);
    if (!m) continue;
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) continue;
    if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59)) continue;
    if (m[8] !== undefined && m[8] !== 'Z' && (Number(m[8].slice(1, 3)) > 23 || Number(m[8].slice(4)) > 59)) continue;
    return true;
  }
  return false;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** goyaml's isBase60Float: `1:20` is not resolved on the way in but still quoted on the way out. */
export function isBase60Float(s: string): boolean {
  if (s === '' || !s.includes(':')) return false;
  const c = s[0]!;
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9'))) return false;
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);
}
