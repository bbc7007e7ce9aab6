// bcrypt (golang.org/x/crypto/bcrypt GenerateFromPassword, "$2a$"): EksBlowfish over Blowfish, whose initial
// P-array and S-boxes are the hexadecimal digits of pi's fraction; we compute them instead of embedding a table.
import { randomBytes } from 'node:crypto';

const WORDS = 18 + 4 * 256;

/** The first `n` 32-bit words of pi's fractional part, via Machin's formula in fixed point. */
function piWords(n: number): Uint32Array {
  const bits = BigInt(n * 32 + 64);
  const one = 1n << bits;
  const atanInv = (x: bigint) => {
    let sum = 0n;
    let term = one / x;
    const x2 = x * x;
    for (let k = 1n; term !== 0n; k += 2n) {
      sum += ((k - 1n) / 2n) % 2n === 0n ? term / k : -(term / k);
      term /= x2;
    }
    return sum;
  };
  const pi = 16n * atanInv(5n) - 4n * atanInv(239n);
  const frac = (pi - 3n * one) >> 64n;
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = Number((frac >> BigInt((n - 1 - i) * 32)) & 0xffffffffn);
  return out;
}

let initial: Uint32Array | undefined;

class Blowfish {
  readonly p: Uint32Array;
  readonly s: Uint32Array;
  constructor() {
    initial ??= piWords(WORDS);
    this.p = initial.slice(0, 18);
    this.s = initial.slice(18);
  }

  private f(x: number): number {
    const s = this.s;
    return ((((s[x >>> 24]! + s[256 + ((x >>> 16) & 0xff)]!) >>> 0) ^ s[512 + ((x >>> 8) & 0xff)]!) + s[768 + (x & 0xff)]!) >>> 0;
  }

  encrypt(l: number, r: number): [number, number] {
    const p = this.p;
    l ^= p[0]!;
    for (let i = 1; i <= 16; i += 2) {
      r ^= this.f(l >>> 0) ^ p[i]!;
      l ^= this.f(r >>> 0) ^ p[i + 1]!;
    }
    r ^= p[17]!;
    return [r >>> 0, l >>> 0];
  }

  /** Blowfish key schedule, optionally mixing in a salt (EksBlowfish's ExpandKey(state, salt, key)). */
  expand(key: Uint8Array, salt?: Uint8Array): void {
    const word = (b: Uint8Array, pos: { i: number }) => {
      let w = 0;
      for (let k = 0; k < 4; k++) {
        w = (w << 8) | b[pos.i]!;
        pos.i = (pos.i + 1) % b.length;
      }
      return w >>> 0;
    };
    const kp = { i: 0 };
    for (let i = 0; i < 18; i++) this.p[i] = (this.p[i]! ^ word(key, kp)) >>> 0;
    const sp = { i: 0 };
    let l = 0;
    let r = 0;
    const fill = (arr: Uint32Array, count: number, off: number) => {
      for (let i = 0; i < count; i += 2) {
        if (salt) {
          l ^= word(salt, sp);
          r ^= word(salt, sp);
        }
        [l, r] = this.encrypt(l, r);
        arr[off + i] = l;
        arr[off + i + 1] = r;
      }
    };
    fill(this.p, 18, 0);
    fill(this.s, 1024, 0);
  }
}

const ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** base64 with bcrypt's alphabet, padding dropped. */
function encode64(b: Uint8Array): string {
  const std = Buffer.from(b).toString('base64').replace(/=+$/, '');
  const from = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  return [...std].map((c) => ALPHABET[from.indexOf(c)]).join('');
}

function decode64(s: string): Uint8Array {
  const from = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  return Buffer.from([...s].map((c) => from[ALPHABET.indexOf(c)]).join(''), 'base64');
}

/** The bcrypt hash of password with the given cost and 16-byte salt. */
export function bcryptHash(password: Uint8Array, cost: number, salt: Uint8Array): string {
  if (password.length > 72) throw new Error('bcrypt: password length exceeds 72 bytes');
  const key = Uint8Array.from([...password, 0]);
  const bf = new Blowfish();
  bf.expand(key, salt);
  for (let i = 0; i < 2 ** cost; i++) {
    bf.expand(key);
    bf.expand(salt);
  }
  const ctext = Buffer.from('OrpheanBeholderScryDoubt', 'latin1');
  const words = new Uint32Array(6);
  for (let i = 0; i < 6; i++) words[i] = ctext.readUInt32BE(i * 4);
  for (let n = 0; n < 64; n++) {
    for (let i = 0; i < 6; i += 2) [words[i], words[i + 1]] = bf.encrypt(words[i]!, words[i + 1]!);
  }
  const out = Buffer.alloc(24);
  for (let i = 0; i < 6; i++) out.writeUInt32BE(words[i]!, i * 4);
  return `$2a$${String(cost).padStart(2, '0')}$${encode64(salt)}${encode64(out.subarray(0, 23))}`;
}

/** bcrypt.GenerateFromPassword(password, DefaultCost=10) with a random salt. */
export function bcryptGenerate(password: Uint8Array, cost = 10): string {
  return bcryptHash(password, cost, randomBytes(16));
}

/** Salt bytes of an existing `$2a$NN$<22 chars>…` hash (to re-hash with the same salt). */
export function bcryptSalt(hash: string): { cost: number; salt: Uint8Array } {
  const m = /^\$2[abxy]?\$(\d\d)\$([./A-Za-z0-9]{22})/.exec(hash);
  if (!m) throw new Error('not a bcrypt hash');
  return { cost: Number(m[1]), salt: decode64(m[2]!).subarray(0, 16) };
}
