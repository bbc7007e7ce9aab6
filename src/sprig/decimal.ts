// The slice of shopspring/decimal that Sprig's *f math uses: exact decimals built from a float64's shortest
// representation, exact add/sub/mul, division rounded half away from zero at 16 fractional digits.

export class Decimal {
  constructor(
    readonly coef: bigint,
    readonly exp: number,
  ) {}

  /** decimal.NewFromFloat: the shortest decimal that round-trips to f. */
  static fromFloat(f: number): Decimal {
    if (!Number.isFinite(f)) throw new Error(`Cannot create a Decimal from ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
    const [mant, e] = f.toExponential().split('e') as [string, string];
    const frac = mant.split('.')[1] ?? '';
    return new Decimal(BigInt(mant.replace('.', '')), Number(e) - frac.length);
  }

  private align(o: Decimal): [bigint, bigint, number] {
    const exp = Math.min(this.exp, o.exp);
    return [this.coef * 10n ** BigInt(this.exp - exp), o.coef * 10n ** BigInt(o.exp - exp), exp];
  }

  add(o: Decimal): Decimal {
    const [a, b, exp] = this.align(o);
    return new Decimal(a + b, exp);
  }

  sub(o: Decimal): Decimal {
    const [a, b, exp] = this.align(o);
    return new Decimal(a - b, exp);
  }

  mul(o: Decimal): Decimal {
    return new Decimal(this.coef * o.coef, this.exp + o.exp);
  }

  div(o: Decimal, precision = 16): Decimal {
    if (o.coef === 0n) throw new Error('decimal division by 0');
    const k = this.exp - o.exp + precision;
    const num = this.coef * 10n ** BigInt(Math.max(0, k));
    const den = o.coef * 10n ** BigInt(Math.max(0, -k));
    let q = num / den;
    const rem = num - q * den;
    const abs = (x: bigint) => (x < 0n ? -x : x);
    if (2n * abs(rem) >= abs(den)) q += (num < 0n) !== (den < 0n) ? -1n : 1n;
    return new Decimal(q, -precision);
  }

  /** Nearest float64 (JS number parsing is correctly rounded, like big.Rat's Float64). */
  toFloat(): number {
    return Number(`${this.coef}e${this.exp}`);
  }
}
