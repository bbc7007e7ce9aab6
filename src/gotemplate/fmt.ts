// Go's fmt printing (Sprint, Sprintln, Sprintf) over the JS value model of values.ts: verbs, flags, width/precision,
// argument indexes and Go's error forms (%!d(float64=1), %!d(MISSING), %!(EXTRA …)).

import { GoNumber, GoStruct, compareGoStrings, isGoFunc, isMap, isNil, kindOf, typeName } from './values.js';
import { canBackquote, isPrint, quote, quoteRune } from './strconv.js';
import { utf8Decode, utf8Encode } from './utf8.js';

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid: number;
  widPresent: boolean;
  prec: number;
  precPresent: boolean;
}

function clearFlags(): Flags {
  return { plus: false, minus: false, sharp: false, space: false, zero: false, plusV: false, sharpV: false, wid: 0, widPresent: false, prec: 0, precPresent: false };
}

const runeCount = (s: string): number => Array.from(s).length;

// ---------- float formatting (strconv.FormatFloat with explicit format and precision) ----------

interface Digits {
  d: string; // significant decimal digits, no leading zeros ('' for zero)
  dp: number; // decimal point position: value = 0.d × 10^dp
}

/** The exact decimal expansion of a finite double (every double is a finite decimal). */
function exactDigits(f: number): Digits {
  if (f === 0) return { d: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(f));
  const bits = view.getBigUint64(0);
  const biasedExp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (biasedExp === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = biasedExp - 1075;
  }
  let digits: string;
  let dp: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-exp)).toString();
    dp = digits.length + exp;
  }
  const trimmed = digits.replace(/0+$/, '');
  return { d: trimmed, dp };
}

type FloatFormat = 'b' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'x' | 'X';

/** Shortest digits that round-trip (what JS and Go both produce for precision -1). */
function shortestDigits(f: number, bitSize: 32 | 64): Digits {
  if (f === 0) return { d: '', dp: 0 };
  let s = Math.abs(f).toExponential();
  if (bitSize === 32) {
    const target = Math.fround(Math.abs(f));
    for (let p = 0; p < 9; p++) {
      const c = target.toExponential(p);
      if (Math.fround(Number(c)) === target) {
        s = c;
        break;
      }
    }
  }
  const [m, e] = s.split('e') as [string, string];
  const d = m.replace('.', '').replace(/0+$/, '');
  return { d, dp: Number(e) + 1 };
}

/** Round to nd significant digits, half to even on exact ties (Go's decimal rounding). */
function roundDigits(x: Digits, nd: number): Digits {
  if (nd < 0) return { d: '', dp: 0 };
  if (nd >= x.d.length) return x;
  const c = x.d[nd]!;
  const up = c > '5' || (c === '5' && (nd + 1 < x.d.length || (nd > 0 && Number(x.d[nd - 1]) % 2 === 1)));
  if (!up) {
    const d = x.d.slice(0, nd).replace(/0+$/, '');
    return { d, dp: d === '' ? 0 : x.dp };
  }
  let i = nd - 1;
  while (i >= 0 && x.d[i] === '9') i--;
  if (i < 0) return { d: '1', dp: x.dp + 1 };
  return { d: x.d.slice(0, i) + String(Number(x.d[i]) + 1), dp: x.dp };
}

function digitAt(x: Digits, i: number): string {
  return i >= 0 && i < x.d.length ? x.d[i]! : '0';
}

function fmtE(x: Digits, prec: number, e: 'e' | 'E'): string {
  let s = digitAt(x, 0);
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) s += digitAt(x, i);
  }
  const exp = x.d === '' ? 0 : x.dp - 1;
  const a = Math.abs(exp);
  return `${s}${e}${exp < 0 ? '-' : '+'}${a < 10 ? '0' : ''}${a}`;
}

function fmtF(x: Digits, prec: number): string {
  let s = '';
  if (x.dp > 0) for (let i = 0; i < x.dp; i++) s += digitAt(x, i);
  else s = '0';
  if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) s += digitAt(x, x.dp + i);
  }
  return s;
}

/** Mantissa and binary exponent of a finite double: |f| = mant × 2^exp, mant < 2^53. */
function frexp(f: number): { mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(f));
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  return biased === 0 ? { mant: frac, exp: -1074 } : { mant: frac | (1n << 52n), exp: biased - 1075 };
}

/** strconv's 'b' format: decimal mantissa, binary exponent. */
function fmtB(f: number): string {
  const { mant, exp } = frexp(f);
  return `${mant}p${exp >= 0 ? '+' : ''}${exp}`;
}

/** strconv's 'x' format: 0x1.hhhp±dd, shortest (prec < 0) or rounded (half to even) to prec hex digits. */
function fmtX(f: number, prec: number, upper: boolean): string {
  let { mant, exp } = frexp(f);
  if (mant === 0n) exp = 0;
  else {
    // Normalize so the leading 1 sits at bit 52 (also for subnormals).
    while (mant < 1n << 52n) {
      mant <<= 1n;
      exp--;
    }
    exp += 52;
  }
  let frac = mant & ((1n << 52n) - 1n);
  let lead = mant === 0n ? 0n : 1n;
  let digits = 13;
  if (prec >= 0 && prec < 13) {
    const shift = BigInt(4 * (13 - prec));
    const rem = frac & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    frac >>= shift;
    if (rem > half || (rem === half && (frac & 1n) === 1n)) frac++;
    if (frac >> BigInt(4 * prec) !== 0n) {
      frac = 0n;
      lead = 2n;
    }
    digits = prec;
    if (lead === 2n) {
      lead = 1n;
      exp++;
    }
  }
  let hex = digits > 0 ? frac.toString(16).padStart(digits, '0') : '';
  if (prec < 0) hex = hex.replace(/0+$/, '');
  else hex = hex.padEnd(prec, '0');
  const a = Math.abs(exp);
  const s = `0x${lead}${hex ? '.' + hex : ''}p${exp < 0 ? '-' : '+'}${a < 10 ? '0' : ''}${a}`;
  return upper ? s.toUpperCase() : s;
}

/** strconv.FormatFloat(f, fmt, prec, bitSize) for fmt in b e E f F g G x X. */
export function formatFloatFmt(f: number, fmt: FloatFormat, prec: number, bitSize: 32 | 64 = 64): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  const neg = f < 0 || Object.is(f, -0);
  if (fmt === 'b') return (neg ? '-' : '') + fmtB(f);
  if (fmt === 'x' || fmt === 'X') return (neg ? '-' : '') + fmtX(f, prec, fmt === 'X');
  const shortest = prec < 0;
  let digs: Digits;
  if (shortest) {
    digs = shortestDigits(f, bitSize);
    if (fmt === 'e' || fmt === 'E') prec = Math.max(digs.d.length - 1, 0);
    else if (fmt === 'f' || fmt === 'F') prec = Math.max(digs.d.length - digs.dp, 0);
    else prec = digs.d.length;
  } else {
    const exact = exactDigits(Math.abs(f));
    if (fmt === 'e' || fmt === 'E') digs = roundDigits(exact, prec + 1);
    else if (fmt === 'f' || fmt === 'F') digs = roundDigits(exact, exact.dp + prec);
    else {
      if (prec === 0) prec = 1;
      digs = roundDigits(exact, prec);
    }
  }
  let body: string;
  if (fmt === 'e' || fmt === 'E') body = fmtE(digs, prec, fmt);
  else if (fmt === 'f' || fmt === 'F') body = fmtF(digs, prec);
  else {
    let eprec = prec;
    const nd = digs.d.length;
    if (eprec > nd && nd >= digs.dp) eprec = nd;
    if (shortest) eprec = 6;
    const exp = digs.dp - 1;
    if (nd > 0 && (exp < -4 || exp >= eprec)) {
      if (prec > nd) prec = nd;
      body = fmtE(digs, prec - 1, fmt === 'g' ? 'e' : 'E');
    } else {
      if (prec > digs.dp) prec = nd;
      body = fmtF(digs, Math.max(prec - digs.dp, 0));
    }
  }
  return (neg ? '-' : '') + body;
}

// ---------- the printer ----------

class Printer {
  buf = '';
  f: Flags = clearFlags();
  private erroring = false;

  private writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.f.zero && !this.f.minus ? '0' : ' ').repeat(n);
  }

  pad(s: string): void {
    if (!this.f.widPresent || this.f.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.f.wid - runeCount(s);
    if (!this.f.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.buf += ' '.repeat(Math.max(width, 0));
    }
  }

  private padSpaces(s: string): void {
    const zero = this.f.zero;
    this.f.zero = false;
    this.pad(s);
    this.f.zero = zero;
  }

  private truncate(s: string): string {
    if (this.f.precPresent) {
      const runes = Array.from(s);
      if (runes.length > this.f.prec) return runes.slice(0, this.f.prec).join('');
    }
    return s;
  }

  fmtInteger(u: bigint, base: number, verb: string, upper: boolean): void {
    const negative = u < 0n;
    if (negative) u = -u;
    let prec = 0;
    if (this.f.precPresent) {
      prec = this.f.prec;
      if (prec === 0 && u === 0n) {
        const zero = this.f.zero;
        this.f.zero = false;
        this.writePadding(this.f.wid);
        this.f.zero = zero;
        return;
      }
    } else if (this.f.zero && !this.f.minus && this.f.widPresent) {
      prec = this.f.wid;
      if (negative || this.f.plus || this.f.space) prec--;
    }
    let digits = u.toString(base);
    if (upper) digits = digits.toUpperCase();
    if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
    if (this.f.sharp) {
      if (base === 2) digits = '0b' + digits;
      else if (base === 8 && digits[0] !== '0') digits = '0' + digits;
      else if (base === 16) digits = (upper ? '0X' : '0x') + digits;
    }
    if (verb === 'O') digits = '0o' + digits;
    if (negative) digits = '-' + digits;
    else if (this.f.plus) digits = '+' + digits;
    else if (this.f.space) digits = ' ' + digits;
    this.padSpaces(digits);
  }

  fmtFloat(v: number, bitSize: 32 | 64, verb: FloatFormat, defaultPrec: number): void {
    const prec = this.f.precPresent ? this.f.prec : defaultPrec;
    let num = formatFloatFmt(v, verb, prec, bitSize);
    if (num[0] !== '-' && num[0] !== '+') num = '+' + num;
    if (this.f.space && num[0] === '+' && !this.f.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      if (num[1] === 'N' && !this.f.space && !this.f.plus) num = num.slice(1);
      this.padSpaces(num);
      return;
    }
    if (this.f.sharp && verb !== 'b') num = sharpFloat(num, verb, prec);
    if (this.f.plus || num[0] !== '+') {
      if (this.f.zero && !this.f.minus && this.f.widPresent && this.f.wid > num.length) {
        this.buf += num[0];
        this.writePadding(this.f.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  private fmtSbx(b: Uint8Array, upper: boolean): void {
    let length = b.length;
    if (this.f.precPresent && this.f.prec < length) length = this.f.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.f.space) {
        if (this.f.sharp) width *= 2;
        width += length - 1;
      } else if (this.f.sharp) width += 2;
    } else {
      if (this.f.widPresent) this.writePadding(this.f.wid);
      return;
    }
    if (this.f.widPresent && this.f.wid > width && !this.f.minus) this.writePadding(this.f.wid - width);
    const prefix = upper ? '0X' : '0x';
    let s = this.f.sharp ? prefix : '';
    for (let i = 0; i < length; i++) {
      if (this.f.space && i > 0) s += ' ' + (this.f.sharp ? prefix : '');
      const h = b[i]!.toString(16).padStart(2, '0');
      s += upper ? h.toUpperCase() : h;
    }
    this.buf += s;
    if (this.f.widPresent && this.f.wid > width && this.f.minus) this.buf += ' '.repeat(this.f.wid - width);
  }

  private fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.f.sharp && canBackquote(s)) this.pad('`' + s + '`');
    else this.pad(quote(s, this.f.plus));
  }

  private fmtString(s: string, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV) this.fmtQ(s);
        else this.pad(this.truncate(s));
        return;
      case 's':
        this.pad(this.truncate(s));
        return;
      case 'x':
      case 'X':
        this.fmtSbx(utf8Encode(s), verb === 'X');
        return;
      case 'q':
        this.fmtQ(s);
        return;
    }
    this.badVerb(verb, s);
  }

  private fmtBool(b: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.pad(b ? 'true' : 'false');
    else this.badVerb(verb, b);
  }

  private fmtInt(v: bigint, unsigned: boolean, verb: string, arg: unknown): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV && unsigned) {
          const sharp = this.f.sharp;
          this.f.sharp = true;
          this.fmtInteger(v, 16, 'v', false);
          this.f.sharp = sharp;
        } else this.fmtInteger(v, 10, verb, false);
        return;
      case 'd':
        return this.fmtInteger(v, 10, verb, false);
      case 'b':
        return this.fmtInteger(v, 2, verb, false);
      case 'o':
      case 'O':
        return this.fmtInteger(v, 8, verb, false);
      case 'x':
        return this.fmtInteger(v, 16, verb, false);
      case 'X':
        return this.fmtInteger(v, 16, verb, true);
      case 'c':
        this.pad(String.fromCodePoint(validRune(v)));
        return;
      case 'q':
        this.pad(quoteRune(validRune(v), this.f.plus));
        return;
      case 'U': {
        const u = BigInt.asUintN(64, v); // Go formats %U of a negative value as its uint64 bit pattern
        let s = 'U+' + u.toString(16).toUpperCase().padStart(this.f.precPresent ? Math.max(this.f.prec, 4) : 4, '0');
        const r = Number(v);
        if (this.f.sharp && u <= 0x10ffffn && isPrint(r)) s += ` '${String.fromCodePoint(r)}'`;
        this.padSpaces(s);
        return;
      }
    }
    this.badVerb(verb, arg);
  }

  private fmtFloatVerb(v: number, bitSize: 32 | 64, verb: string, arg: unknown): void {
    switch (verb) {
      case 'v':
        return this.fmtFloat(v, bitSize, 'g', -1);
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        return this.fmtFloat(v, bitSize, verb, -1);
      case 'e':
      case 'E':
      case 'f':
      case 'F':
        return this.fmtFloat(v, bitSize, verb, 6);
    }
    this.badVerb(verb, arg);
  }

  badVerb(verb: string, arg: unknown): void {
    this.erroring = true;
    this.buf += `%!${verb}(`;
    if (isNil(arg)) this.buf += '<nil>';
    else {
      this.buf += typeName(arg) + '=';
      this.printArg(arg, 'v');
    }
    this.buf += ')';
    this.erroring = false;
  }

  printArg(arg: unknown, verb: string): void {
    if (isNil(arg)) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb, arg);
      return;
    }
    if (verb === 'T') {
      this.pad(this.truncate(typeName(arg)));
      return;
    }
    this.printValue(arg, verb, 0);
  }

  /** fmt's printValue: `depth` > 0 for elements of containers, where a nil prints `<nil>` whatever the verb. */
  printValue(v: unknown, verb: string, depth: number): void {
    if (isNil(v)) {
      if (depth === 0 && verb !== 'v') this.badVerb(verb, v);
      else this.pad(this.f.sharpV ? 'interface {}(nil)' : '<nil>');
      return;
    }
    switch (typeof v) {
      case 'boolean':
        return this.fmtBool(v, verb);
      case 'number':
        return this.fmtFloatVerb(v, 64, verb, v);
      case 'bigint':
        return this.fmtInt(v, false, verb, v);
      case 'string':
        return this.fmtString(v, verb);
    }
    if (v instanceof GoNumber) {
      if (typeof v.value === 'number') return this.fmtFloatVerb(v.value, 32, verb, v);
      return this.fmtInt(v.value, v.type.startsWith('uint'), verb, v);
    }
    if (v instanceof GoStruct) {
      const s = v.stringer();
      if (s !== undefined && !this.erroring && 'vsxXq'.includes(verb) && !this.f.sharpV) return this.fmtString(s, verb);
      this.pad(v.formatV());
      return;
    }
    if (v instanceof Uint8Array) {
      if ('sqxX'.includes(verb)) {
        if (verb === 'x' || verb === 'X') this.fmtSbx(v, verb === 'X');
        else this.fmtString(utf8Decode(v), verb);
        return;
      }
      if (this.f.sharpV) {
        this.buf += '[]byte{' + Array.from(v, (b) => '0x' + b.toString(16)).join(', ') + '}';
        return;
      }
      this.buf += '[';
      v.forEach((b, i) => {
        if (i > 0) this.buf += ' ';
        this.fmtInt(BigInt(b), true, verb, new GoNumber('uint8', BigInt(b)));
      });
      this.buf += ']';
      return;
    }
    if (Array.isArray(v)) {
      if (this.f.sharpV) {
        this.buf += typeName(v) + '{';
        v.forEach((e, i) => {
          if (i > 0) this.buf += ', ';
          this.printValue(e, verb, depth + 1);
        });
        this.buf += '}';
        return;
      }
      this.buf += '[';
      v.forEach((e, i) => {
        if (i > 0) this.buf += ' ';
        this.printValue(e, verb, depth + 1);
      });
      this.buf += ']';
      return;
    }
    if (isGoFunc(v)) {
      if (verb === 'v' || verb === 'p') this.pad('0x0');
      else this.badVerb(verb, v);
      return;
    }
    if (isMap(v)) {
      const keys = Object.keys(v).sort(compareGoStrings);
      this.buf += this.f.sharpV ? typeName(v) + '{' : 'map[';
      keys.forEach((k, i) => {
        if (i > 0) this.buf += this.f.sharpV ? ', ' : ' ';
        this.printValue(k, verb, depth + 1);
        this.buf += ':';
        this.printValue(v[k], verb, depth + 1);
      });
      this.buf += this.f.sharpV ? '}' : ']';
      return;
    }
    this.pad(String(v));
  }
}

/** The # flag on floats: always a decimal point, and %#g keeps trailing zeros up to the precision. */
function sharpFloat(num: string, verb: FloatFormat, prec: number): string {
  let digits = 'gGx'.includes(verb) ? (prec === -1 ? 6 : prec) : 0;
  let tail = '';
  let hasPoint = false;
  let sawNonzero = false;
  for (let i = 1; i < num.length; i++) {
    const c = num[i]!;
    if (c === '.') {
      hasPoint = true;
      continue;
    }
    if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X')) {
      tail = num.slice(i);
      num = num.slice(0, i);
      break;
    }
    if (c !== '0') sawNonzero = true;
    if (sawNonzero) digits--;
  }
  if (!hasPoint) {
    if (num.length === 2 && num[1] === '0') digits--;
    num += '.';
  }
  if (digits > 0) num += '0'.repeat(digits);
  return num + tail;
}

function validRune(v: bigint): number {
  if (v < 0n || v > 0x10ffffn) return 0xfffd;
  const r = Number(v);
  return r >= 0xd800 && r <= 0xdfff ? 0xfffd : r;
}

const isStringArg = (a: unknown): boolean => typeof a === 'string';

/** fmt.Sprint: a space between operands when neither side is a string. */
export function sprint(args: unknown[]): string {
  const p = new Printer();
  let prevString = false;
  args.forEach((arg, i) => {
    const isString = isStringArg(arg);
    if (i > 0 && !isString && !prevString) p.buf += ' ';
    p.printArg(arg, 'v');
    prevString = isString;
  });
  return p.buf;
}

/** fmt.Sprintln: always a space between operands, newline at the end. */
export function sprintln(args: unknown[]): string {
  const p = new Printer();
  args.forEach((arg, i) => {
    if (i > 0) p.buf += ' ';
    p.printArg(arg, 'v');
  });
  return p.buf + '\n';
}

const tooLarge = (x: number): boolean => x > 1e6 || x < -1e6;

function parsenum(s: string, start: number, end: number): { num: number; ok: boolean; next: number } {
  let num = 0;
  let ok = false;
  let i = start;
  for (; i < end && s[i]! >= '0' && s[i]! <= '9'; i++) {
    if (tooLarge(num)) return { num: 0, ok: false, next: end };
    num = num * 10 + Number(s[i]);
    ok = true;
  }
  return { num, ok, next: i };
}

function intFromArg(a: unknown[], argNum: number): { num: number; isInt: boolean; argNum: number } {
  if (argNum >= a.length) return { num: 0, isInt: false, argNum };
  const v = a[argNum];
  const k = kindOf(v);
  let num = 0;
  let isInt = false;
  if (/^u?int/.test(k)) {
    const n = typeof v === 'bigint' ? v : (v as GoNumber).value;
    if (typeof n === 'bigint' && n >= -(2n ** 63n) && n < 2n ** 63n) {
      num = Number(n);
      isInt = true;
    }
  }
  if (tooLarge(num)) return { num: 0, isInt: false, argNum: argNum + 1 };
  return { num, isInt, argNum: argNum + 1 };
}

/** fmt.Sprintf. */
export function sprintf(format: string, a: unknown[]): string {
  const p = new Printer();
  const end = format.length;
  let argNum = 0;
  let afterIndex = false;
  let reordered = false;
  let goodArgNum = true;

  const argNumber = (i: number): number => {
    if (i >= end || format[i] !== '[') return i;
    reordered = true;
    let wid = 1;
    let ok = false;
    let index = 0;
    if (end - i >= 3) {
      for (let j = i + 1; j < end; j++) {
        if (format[j] === ']') {
          const r = parsenum(format, i + 1, j);
          wid = j - i + 1;
          if (r.ok && r.next === j) {
            ok = true;
            index = r.num - 1;
          }
          break;
        }
      }
    }
    if (ok && index >= 0 && index < a.length) {
      argNum = index;
      afterIndex = true;
      return i + wid;
    }
    goodArgNum = false;
    afterIndex = ok;
    return i + wid;
  };

  for (let i = 0; i < end; ) {
    goodArgNum = true;
    const lasti = i;
    while (i < end && format[i] !== '%') i++;
    if (i > lasti) p.buf += format.slice(lasti, i);
    if (i >= end) break;
    i++;
    p.f = clearFlags();
    flags: for (; i < end; i++) {
      switch (format[i]) {
        case '#':
          p.f.sharp = true;
          break;
        case '0':
          p.f.zero = !p.f.minus;
          break;
        case '+':
          p.f.plus = true;
          break;
        case '-':
          p.f.minus = true;
          p.f.zero = false;
          break;
        case ' ':
          p.f.space = true;
          break;
        default:
          break flags;
      }
    }
    afterIndex = false;
    i = argNumber(i);
    if (i < end && format[i] === '*') {
      i++;
      const r = intFromArg(a, argNum);
      p.f.wid = r.num;
      p.f.widPresent = r.isInt;
      argNum = r.argNum;
      if (!p.f.widPresent) p.buf += '%!(BADWIDTH)';
      if (p.f.wid < 0) {
        p.f.wid = -p.f.wid;
        p.f.minus = true;
        p.f.zero = false;
      }
      afterIndex = false;
    } else {
      const r = parsenum(format, i, end);
      p.f.wid = r.num;
      p.f.widPresent = r.ok;
      i = r.next;
      if (afterIndex && p.f.widPresent) goodArgNum = false;
    }
    if (i + 1 < end && format[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      afterIndex = false;
      i = argNumber(i);
      if (i < end && format[i] === '*') {
        i++;
        const r = intFromArg(a, argNum);
        p.f.prec = r.num;
        p.f.precPresent = r.isInt;
        argNum = r.argNum;
        if (p.f.prec < 0) {
          p.f.prec = 0;
          p.f.precPresent = false;
        }
        if (!p.f.precPresent) p.buf += '%!(BADPREC)';
        afterIndex = false;
      } else {
        const r = parsenum(format, i, end);
        p.f.prec = r.ok ? r.num : 0;
        p.f.precPresent = true;
        i = r.next;
      }
    }
    if (!afterIndex) i = argNumber(i);
    if (i >= end) {
      p.buf += '%!(NOVERB)';
      break;
    }
    const cp = format.codePointAt(i)!;
    const verb = String.fromCodePoint(cp);
    i += verb.length;
    if (verb === '%') {
      p.buf += '%';
    } else if (!goodArgNum) {
      p.buf += `%!${verb}(BADINDEX)`;
    } else if (argNum >= a.length) {
      p.buf += `%!${verb}(MISSING)`;
    } else {
      if (verb === 'v') {
        p.f.sharpV = p.f.sharp;
        p.f.sharp = false;
        p.f.plusV = p.f.plus;
        p.f.plus = false;
      }
      p.printArg(a[argNum], verb);
      argNum++;
    }
  }
  if (!reordered && argNum < a.length) {
    p.f = clearFlags();
    p.buf += '%!(EXTRA ';
    a.slice(argNum).forEach((arg, k) => {
      if (k > 0) p.buf += ', ';
      if (isNil(arg)) p.buf += '<nil>';
      else {
        p.buf += typeName(arg) + '=';
        p.printArg(arg, 'v');
      }
    });
    p.buf += ')';
  }
  return p.buf;
}
