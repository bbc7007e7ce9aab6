// Sprig's math: integer functions convert with cast and compute in int64 (wrapping, truncating floats); the *f
// functions go through shopspring decimals and return float64.
import { isNil, formatV, type FuncMap } from '../gotemplate/values.js';
import { int64, intArg, parseGoInt, toFloat64, toInt, toInt64, wrapInt64 } from './cast.js';
import { Decimal } from './decimal.js';
import { goFunc } from './define.js';

function decimalOp(a: unknown, rest: unknown[], op: (x: Decimal, y: Decimal) => Decimal): number {
  let acc = Decimal.fromFloat(toFloat64(a));
  for (const x of rest) acc = op(acc, Decimal.fromFloat(toFloat64(x)));
  return acc.toFloat();
}

function divide(a: bigint, b: bigint, op: 'div' | 'mod'): bigint {
  if (b === 0n) throw new Error('runtime error: integer divide by zero');
  return wrapInt64(op === 'div' ? a / b : a % b);
}

/** untilStep from numeric.go: counts towards stop, empty when step points the wrong way. */
export function untilStep(start: number, stop: number, step: number): bigint[] {
  const out: bigint[] = [];
  if (stop < start) {
    if (step >= 0) return out;
    for (let i = start; i > stop; i += step) out.push(BigInt(i));
    return out;
  }
  if (step <= 0) return out;
  for (let i = start; i < stop; i += step) out.push(BigInt(i));
  return out;
}

function seq(...params: number[]): string {
  const show = (l: bigint[]) => l.join(' ');
  switch (params.length) {
    case 1: {
      const end = params[0]!;
      const inc = end < 1 ? -1 : 1;
      return show(untilStep(1, end + inc, inc));
    }
    case 2: {
      const [start, end] = params as [number, number];
      const step = end < start ? -1 : 1;
      return show(untilStep(start, end + step, step));
    }
    case 3: {
      const [start, step, end] = params as [number, number, number];
      let inc = 1;
      if (end < start) {
        inc = -1;
        if (step > 0) return '';
      }
      return show(untilStep(start, end + inc, step));
    }
    default:
      return '';
  }
}

/** math.Pow(10, p) for integral p: Go computes negative powers as 1/10^|p|. */
function pow10(p: number): number {
  return p >= 0 ? 10 ** p : 1 / 10 ** -p;
}

function round(a: unknown, p: unknown, ...rOpt: number[]): number {
  const roundOn = rOpt.length > 0 ? rOpt[0]! : 0.5;
  const pow = pow10(intArg(p));
  const digit = pow * toFloat64(a);
  const frac = digit % 1;
  return (frac >= roundOn ? Math.ceil(digit) : Math.floor(digit)) / pow;
}

const I = 'interface{}' as const;

export const numericFuncs: FuncMap = {
  atoi: goFunc(['string'], (s: string) => parseGoInt(s, 10) ?? 0n, { result: 'int' }),
  int64: goFunc([I], (v) => int64(toInt64(v)), { result: 'int64' }),
  int: goFunc([I], (v) => toInt(v), { result: 'int' }),
  float64: goFunc([I], toFloat64, { result: 'float64' }),
  toDecimal: goFunc([I], (v) => int64(parseGoInt(isNil(v) ? '<nil>' : formatV(v), 8) ?? 0n), { result: 'int64' }),
  seq: goFunc([], (...p: unknown[]) => seq(...p.map(intArg)), { variadic: 'int', result: 'string' }),
  until: goFunc(['int'], (c) => {
    const n = intArg(c);
    return untilStep(0, n, n < 0 ? -1 : 1);
  }, { result: '[]int' }),
  untilStep: goFunc(['int', 'int', 'int'], (a, b, c) => untilStep(intArg(a), intArg(b), intArg(c)), { result: '[]int' }),
  add1: goFunc([I], (v) => int64(toInt64(v) + 1n), { result: 'int64' }),
  add: goFunc([], (...v: unknown[]) => int64(v.reduce<bigint>((s, x) => wrapInt64(s + toInt64(x)), 0n)), { variadic: I, result: 'int64' }),
  sub: goFunc([I, I], (a, b) => int64(toInt64(a) - toInt64(b)), { result: 'int64' }),
  div: goFunc([I, I], (a, b) => int64(divide(toInt64(a), toInt64(b), 'div')), { result: 'int64' }),
  mod: goFunc([I, I], (a, b) => int64(divide(toInt64(a), toInt64(b), 'mod')), { result: 'int64' }),
  mul: goFunc([I], (a, ...v: unknown[]) => int64(v.reduce<bigint>((s, x) => wrapInt64(s * toInt64(x)), toInt64(a))), { variadic: I, result: 'int64' }),
  randInt: goFunc(['int', 'int'], (lo, hi) => {
    const n = intArg(hi) - intArg(lo);
    if (n <= 0) throw new Error('invalid argument to Intn');
    return BigInt(Math.floor(Math.random() * n) + intArg(lo));
  }, { result: 'int' }),
  add1f: goFunc([I], (v) => decimalOp(v, [1n], (x, y) => x.add(y)), { result: 'float64' }),
  addf: goFunc([], (...v: unknown[]) => decimalOp(0, v, (x, y) => x.add(y)), { variadic: I, result: 'float64' }),
  subf: goFunc([I], (a, ...v: unknown[]) => decimalOp(a, v, (x, y) => x.sub(y)), { variadic: I, result: 'float64' }),
  divf: goFunc([I], (a, ...v: unknown[]) => decimalOp(a, v, (x, y) => x.div(y)), { variadic: I, result: 'float64' }),
  mulf: goFunc([I], (a, ...v: unknown[]) => decimalOp(a, v, (x, y) => x.mul(y)), { variadic: I, result: 'float64' }),
  biggest: goFunc([I], (a, ...v: unknown[]) => int64(extreme(a, v, (x, y) => y > x)), { variadic: I, result: 'int64' }),
  max: goFunc([I], (a, ...v: unknown[]) => int64(extreme(a, v, (x, y) => y > x)), { variadic: I, result: 'int64' }),
  min: goFunc([I], (a, ...v: unknown[]) => int64(extreme(a, v, (x, y) => y < x)), { variadic: I, result: 'int64' }),
  maxf: goFunc([I], (a, ...v: unknown[]) => v.reduce<number>((m, x) => Math.max(m, toFloat64(x)), toFloat64(a)), { variadic: I, result: 'float64' }),
  minf: goFunc([I], (a, ...v: unknown[]) => v.reduce<number>((m, x) => Math.min(m, toFloat64(x)), toFloat64(a)), { variadic: I, result: 'float64' }),
  ceil: goFunc([I], (a) => Math.ceil(toFloat64(a)), { result: 'float64' }),
  floor: goFunc([I], (a) => Math.floor(toFloat64(a)), { result: 'float64' }),
  round: goFunc([I, 'int'], round, { variadic: 'float64', result: 'float64' }),
};

function extreme(a: unknown, rest: unknown[], better: (cur: bigint, cand: bigint) => boolean): bigint {
  let acc = toInt64(a);
  for (const x of rest) {
    const n = toInt64(x);
    if (better(acc, n)) acc = n;
  }
  return acc;
}
