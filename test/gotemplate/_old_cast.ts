// spf13/cast v1.7.0 conversions as Sprig uses them (ToInt, ToInt64, ToFloat64 with errors swallowed to 0), plus the
// constructors for the Go numeric types Sprig returns.
import { GoNumber, GoStruct, isNil } from '../../src/gotemplate/values.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Wrap to 64-bit two's complement, as Go integer arithmetic does. */
export function wrapInt64(n: bigint): bigint {
  return BigInt.asIntN(64, n);
}

export const int64 = (n: bigint) => new GoNumber('int64', wrapInt64(n));

/** Go's float64 → int64 conversion: truncation; out-of-range values give the "indefinite" min int64 on amd64. */
export function truncFloat(f: number): bigint {
  if (!Number.isFinite(f) || f >= 9223372036854775808 || f < -9223372036854775808) return INT64_MIN;
  return BigInt(Math.trunc(f));
}

/** cast's trimZeroDecimal: "5.0" / "5.00" → "5"; anything else unchanged. */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === '0') foundZero = true;
    else return s;
  }
  return s;
}

/** strconv.ParseInt(s, 0, 64): sign, 0x/0o/0b/leading-0 octal prefixes, underscores only after a prefix rule. */
export function parseGoInt(s: string, base = 0): bigint | undefined {
  let body = s;
  let neg = false;
  if (body.startsWith('+') || body.startsWith('-')) {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  let digits = body;
  let b = base;
  if (base === 0) {
    b = 10;
    const lower = body.toLowerCase();
    if (lower.startsWith('0x')) [b, digits] = [16, body.slice(2)];
    else if (lower.startsWith('0o')) [b, digits] = [8, body.slice(2)];
    else if (lower.startsWith('0b')) [b, digits] = [2, body.slice(2)];
    else if (body.length > 1 && body[0] === '0') [b, digits] = [8, body.slice(1)];
    if (digits.includes('_')) {
      // Underscores are allowed only with base 0, between digits (a prefix counts as a digit).
      if (!underscoreOK(body)) return undefined;
      digits = digits.replace(/_/g, '');
    }
  }
  if (digits === '') return undefined;
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
  let n = 0n;
  for (const c of digits.toLowerCase()) {
    const d = alphabet.indexOf(c);
    if (d < 0) return undefined;
    n = n * BigInt(b) + BigInt(d);
  }
  if (neg) n = -n;
  if (n < INT64_MIN || n > INT64_MAX) return undefined;
  return n;
}

function underscoreOK(s: string): boolean {
  // Mirrors strconv.underscoreOK: '_' must separate digits (or follow a base prefix).
  let saw = '^';
  let i = 0;
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && /[xXbBoO]/.test(s[1]!)) {
    hex = /[xX]/.test(s[1]!);
    i = 2;
    saw = '0';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (/[0-9]/.test(c) || (hex && /[a-fA-F]/.test(c))) {
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

/** strconv.ParseFloat(s, 64); undefined on syntax error (range errors give ±Inf like Go's value, but cast drops them). */
export function parseGoFloat(s: string): number | undefined {
  const t = s.trim() === s ? s : '';
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(t)) return NaN;
  if (/^[+-]?(\d(_?\d)*)?(\.(\d(_?\d)*)?)?([eE][+-]?\d+)?$/.test(t) && /\d/.test(t.replace(/[eE].*$/, ''))) {
    if (t.includes('_') && !underscoreOK(t.replace(/^[+-]/, ''))) return undefined;
    const f = Number(t.replace(/_/g, ''));
    return Number.isFinite(f) ? f : undefined;
  }
  if (/^[+-]?0[xX]/.test(t)) {
    const m = /^([+-]?)0[xX]([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?\d+)$/.exec(t);
    if (!m || (m[2] === '' && !m[3])) return undefined;
    const mant = parseInt(((m[2] ?? '') + (m[3] ?? '')).replace(/_/g, '') || '0', 16);
    const f = mant * 2 ** (Number(m[4]) - 4 * (m[3]?.replace(/_/g, '').length ?? 0));
    return m[1] === '-' ? -f : f;
  }
  return undefined;
}

/** Numeric payload of any Go number value (undefined for non-numbers). */
function numeric(v: unknown): bigint | number | undefined {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (v instanceof GoNumber) return v.value;
  return undefined;
}

/** cast.ToInt64 (errors → 0). */
export function toInt64(v: unknown): bigint {
  const n = numeric(v);
  if (typeof n === 'bigint') return wrapInt64(n);
  if (typeof n === 'number') return truncFloat(n);
  if (typeof v === 'string') return parseGoInt(trimZeroDecimal(v)) ?? 0n;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  return 0n;
}

/** cast.ToInt: same rules as ToInt64 on a 64-bit platform. */
export const toInt = toInt64;

/** cast.ToFloat64 (errors → 0). */
export function toFloat64(v: unknown): number {
  const n = numeric(v);
  if (typeof n === 'number') return n;
  if (typeof n === 'bigint') return Number(n);
  if (typeof v === 'string') return parseGoFloat(v) ?? 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return 0;
}

/** Value of a declared Go `int` parameter (the executor passes a bigint; tolerate a number). */
export function intArg(v: unknown): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return Math.trunc(v);
  if (v instanceof GoNumber) return Number(v.value);
  if (isNil(v)) return 0;
  throw new Error(`expected int, got ${v instanceof GoStruct ? v.goType : typeof v}`);
}
