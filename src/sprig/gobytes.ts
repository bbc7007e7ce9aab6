// Go strings are byte sequences; ours are JS strings. Bytes that are not valid UTF-8 (e.g. after `trunc` splits a
// multi-byte character) are carried as lone surrogates U+DC80..U+DCFF ("surrogateescape"), so byte-wise Sprig
// functions round-trip exactly and `quote` can print them as `\xNN` like Go.

const ESCAPE_BASE = 0xdc00;

function isEscapedByte(code: number): boolean {
  return code >= 0xdc80 && code <= 0xdcff;
}

/** The Go bytes of a string (UTF-8, escaped bytes restored). */
export function toBytes(s: string): Uint8Array {
  if (!/[\udc80-\udcff]/.test(s)) return Buffer.from(s, 'utf8');
  const out: number[] = [];
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (isEscapedByte(code)) out.push(code - ESCAPE_BASE);
    else out.push(...Buffer.from(ch, 'utf8'));
  }
  return Uint8Array.from(out);
}

/** Decode Go bytes the way Go's utf8.DecodeRune walks them: each invalid byte stands alone. */
export function fromBytes(b: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b);
  } catch {
    let out = '';
    let i = 0;
    while (i < b.length) {
      const [r, size] = decodeRune(b, i);
      out += r < 0 ? String.fromCharCode(ESCAPE_BASE + b[i]!) : String.fromCodePoint(r);
      i += size;
    }
    return out;
  }
}

/** utf8.DecodeRune: returns [rune, size], rune = -1 for an invalid byte (size 1). */
export function decodeRune(b: Uint8Array, i: number): [number, number] {
  const b0 = b[i]!;
  if (b0 < 0x80) return [b0, 1];
  const cont = (k: number) => {
    const c = b[i + k];
    return c !== undefined && (c & 0xc0) === 0x80 ? c & 0x3f : -1;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    const c1 = cont(1);
    return c1 < 0 ? [-1, 1] : [((b0 & 0x1f) << 6) | c1, 2];
  }
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const c1 = cont(1);
    const c2 = cont(2);
    if (c1 < 0 || c2 < 0) return [-1, 1];
    const r = ((b0 & 0x0f) << 12) | (c1 << 6) | c2;
    if (r < 0x800 || (r >= 0xd800 && r <= 0xdfff)) return [-1, 1];
    return [r, 3];
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const c1 = cont(1);
    const c2 = cont(2);
    const c3 = cont(3);
    if (c1 < 0 || c2 < 0 || c3 < 0) return [-1, 1];
    const r = ((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3;
    if (r < 0x10000 || r > 0x10ffff) return [-1, 1];
    return [r, 4];
  }
  return [-1, 1];
}

/** len(s) in Go: the UTF-8 byte count. */
export function byteLength(s: string): number {
  return toBytes(s).length;
}

/** s[start:end] in Go (byte offsets); throws Go's runtime panic text when out of range. */
export function sliceBytes(s: string, start: number, end?: number): string {
  const b = toBytes(s);
  const e = end ?? b.length;
  if (e < 0 || e > b.length) throw new Error(`runtime error: slice bounds out of range [:${e}] with length ${b.length}`);
  if (start < 0 || start > e) throw new Error(`runtime error: slice bounds out of range [${start}:${e}]`);
  return fromBytes(b.subarray(start, e));
}

/** Iterate the runes of a Go string: invalid bytes yield U+FFFD (as Go's range over a string does). */
export function runes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out.push(isEscapedByte(c) || (c >= 0xd800 && c <= 0xdfff) ? 0xfffd : c);
  }
  return out;
}
