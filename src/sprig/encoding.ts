// Sprig's b64/b32 functions: Go's StdEncoding (padded, strict about padding), decode errors returned as the text.
import type { FuncMap } from '../gotemplate/values.js';
import { goFunc } from './define.js';
import { fromBytes, toBytes } from './gobytes.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const corrupt = (at: number) => new Error(`illegal base64 data at input byte ${at}`);
const corrupt32 = (at: number) => new Error(`illegal base32 data at input byte ${at}`);

/** encoding/base64 StdEncoding.DecodeString, quantum by quantum like Go (CR/LF skipped, strict padding). */
export function base64Decode(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  let si = 0;
  const isNL = (b: number | undefined) => b === 0x0a || b === 0x0d;
  while (true) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let j = 0;
    let done = false;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out);
        throw corrupt(si - j);
      }
      const ch = src[si++]!;
      const v = B64.indexOf(String.fromCharCode(ch));
      if (v >= 0 && ch < 0x80) {
        dbuf[j] = v;
        continue;
      }
      if (isNL(ch)) {
        j--;
        continue;
      }
      if (ch !== 0x3d) throw corrupt(si - 1);
      if (j < 2) throw corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && isNL(src[si])) si++;
        if (si === src.length) throw corrupt(src.length);
        if (src[si] !== 0x3d) throw corrupt(si - 1);
        si++;
      }
      while (si < src.length && isNL(src[si])) si++;
      if (si < src.length) throw corrupt(si);
      dlen = j;
      done = true;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (done) return Uint8Array.from(out);
  }
}

/** encoding/base32 StdEncoding.DecodeString (newlines stripped first, as Go does). */
export function base32Decode(input: Uint8Array): Uint8Array {
  const src = input.filter((b) => b !== 0x0a && b !== 0x0d);
  const olen = src.length;
  const out: number[] = [];
  let p = 0;
  let end = false;
  while (p < olen && !end) {
    const dbuf = new Array<number>(8).fill(0);
    let dlen = 8;
    for (let j = 0; j < 8; ) {
      if (p === olen) throw corrupt32(olen - (olen - p) - j);
      const ch = src[p++]!;
      const left = olen - p;
      if (ch === 0x3d && j >= 2 && left < 8) {
        if (left + j < 7) throw corrupt32(olen);
        for (let k = 0; k < 7 - j; k++) if (left > k && src[p + k] !== 0x3d) throw corrupt32(olen - left + k - 1);
        dlen = j;
        end = true;
        if (dlen === 1 || dlen === 3 || dlen === 6) throw corrupt32(olen - left - 1);
        break;
      }
      const v = B32.indexOf(String.fromCharCode(ch));
      if (v < 0 || ch >= 0x80) throw corrupt32(olen - left - 1);
      dbuf[j++] = v;
    }
    let bits = 0n;
    for (const d of dbuf) bits = (bits << 5n) | BigInt(d);
    const five = [32n, 24n, 16n, 8n, 0n].map((s) => Number((bits >> s) & 0xffn));
    const keep = { 8: 5, 7: 4, 5: 3, 4: 2, 2: 1 }[dlen] ?? 0;
    out.push(...five.slice(0, keep));
  }
  return Uint8Array.from(out);
}

function base32Encode(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 5) {
    const chunk = b.subarray(i, i + 5);
    let bits = 0n;
    for (let k = 0; k < 5; k++) bits = (bits << 8n) | BigInt(chunk[k] ?? 0);
    const chars = Math.ceil((chunk.length * 8) / 5);
    for (let k = 0; k < 8; k++) out += k < chars ? B32[Number((bits >> BigInt(35 - 5 * k)) & 31n)] : '=';
  }
  return out;
}

function decodeOrError(f: (b: Uint8Array) => Uint8Array, s: string): string {
  try {
    return fromBytes(f(toBytes(s)));
  } catch (e) {
    return (e as Error).message;
  }
}

export const encodingFuncs: FuncMap = {
  b64enc: goFunc(['string'], (s: string) => Buffer.from(toBytes(s)).toString('base64'), { result: 'string' }),
  b64dec: goFunc(['string'], (s: string) => decodeOrError(base64Decode, s), { result: 'string' }),
  b32enc: goFunc(['string'], (s: string) => base32Encode(toBytes(s)), { result: 'string' }),
  b32dec: goFunc(['string'], (s: string) => decodeOrError(base32Decode, s), { result: 'string' }),
};
