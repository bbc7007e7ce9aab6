// Go's time.Duration (int64 nanoseconds): String() and ParseDuration.
import { quote as goQuote } from '../gotemplate/strconv.js';

export const SECOND = 1_000_000_000n;

/** Fraction digits of v at precision prec, trailing zeros (and the point) dropped; returns [text, v / 10^prec]. */
function frac(v: bigint, prec: number): [string, bigint] {
  let digits = '';
  let print = false;
  for (let i = 0; i < prec; i++) {
    const d = v % 10n;
    print ||= d !== 0n;
    if (print) digits = d.toString() + digits;
    v /= 10n;
  }
  return [print ? '.' + digits : '', v];
}

/** time.Duration.String. */
export function durationString(d: bigint): string {
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < SECOND) {
    if (u === 0n) return '0s';
    let unit: string;
    let prec: number;
    if (u < 1000n) [prec, unit] = [0, 'ns'];
    else if (u < 1_000_000n) [prec, unit] = [3, 'µs'];
    else [prec, unit] = [6, 'ms'];
    const [f, whole] = frac(u, prec);
    out = whole.toString() + f + unit;
  } else {
    const [f, secs] = frac(u, 9);
    u = secs;
    out = (u % 60n).toString() + f + 's';
    u /= 60n;
    if (u > 0n) {
      out = (u % 60n).toString() + 'm' + out;
      u /= 60n;
      if (u > 0n) out = u.toString() + 'h' + out;
    }
  }
  return neg ? '-' + out : out;
}

const UNITS: Record<string, bigint> = { ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1_000_000n, s: SECOND, m: 60n * SECOND, h: 3600n * SECOND };

/** time.ParseDuration; throws Go's error text. */
export function parseDuration(s: string): bigint {
  const orig = s;
  const invalid = () => new Error(`time: invalid duration ${goQuote(orig)}`);
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let total = 0n;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const [whole, fracDigits] = [m[1]!, m[2]];
    if (whole === '' && (fracDigits === undefined || fracDigits === '')) throw invalid();
    s = s.slice(m[0].length);
    const unitMatch = /^[^0-9.]*/.exec(s)!;
    const unitName = unitMatch[0];
    if (unitName === '') throw new Error(`time: missing unit in duration ${goQuote(orig)}`);
    const unit = UNITS[unitName];
    if (unit === undefined) throw new Error(`time: unknown unit ${goQuote(unitName)} in duration ${goQuote(orig)}`);
    s = s.slice(unitName.length);
    let v = BigInt(whole || '0');
    if (v > (2n ** 63n) / unit) throw invalid();
    v *= unit;
    if (fracDigits) {
      // Go accumulates the fraction as float64(f) * (float64(unit) / scale), truncated.
      const f = Number(fracDigits.slice(0, 18));
      const scale = 10 ** Math.min(fracDigits.length, 18);
      v += BigInt(Math.trunc(f * (Number(unit) / scale)));
    }
    total += v;
    if (total > 2n ** 63n) throw invalid();
  }
  if (neg) return -total;
  if (total > 2n ** 63n - 1n) throw invalid();
  return total;
}

/** Duration.Round(m): half away from zero. */
export function roundDuration(d: bigint, m: bigint): bigint {
  let r = d % m;
  if (d < 0n) {
    r = -r;
    return r + r < m ? d + r : d - m + r;
  }
  return r + r < m ? d - r : d + m - r;
}
