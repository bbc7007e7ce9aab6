// UTF-8 helpers: Go strings are byte sequences, JS strings are UTF-16, and `len`, `index`, `%x`, byte columns in
// error positions all count UTF-8 bytes. (No Buffer/TextEncoder: the build targets plain ES lib types.)
//
// A Go string may hold bytes that are not valid UTF-8 ("\xff", or a multi-byte character cut in half). Like Python's
// surrogateescape, such a byte b is carried in JS as the lone surrogate U+DC00+b, and encodes back to the byte b.

export function utf8Encode(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.codePointAt(i)!;
    if (c > 0xffff) i++;
    else if (c >= 0xdc80 && c <= 0xdcff) {
      out.push(c - 0xdc00);
      continue;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80 || (c >= 0xdc80 && c <= 0xdcff)) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Decode UTF-8, escaping each invalid byte as a lone surrogate so that utf8Encode restores it. */
export function utf8Decode(b: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const { rune, size } = decodeRune(b, i);
    const invalid = rune === 0xfffd && size === 1;
    out += invalid ? String.fromCharCode(0xdc00 + b[i]!) : String.fromCodePoint(rune);
    i += size;
  }
  return out;
}

/** utf8.DecodeRune: returns U+FFFD with size 1 for an invalid encoding. */
export function decodeRune(b: Uint8Array, i: number): { rune: number; size: number } {
  const c0 = b[i]!;
  if (c0 < 0x80) return { rune: c0, size: 1 };
  const cont = (k: number) => i + k < b.length && (b[i + k]! & 0xc0) === 0x80;
  if (c0 >= 0xc2 && c0 <= 0xdf && cont(1)) return { rune: ((c0 & 31) << 6) | (b[i + 1]! & 63), size: 2 };
  if (c0 >= 0xe0 && c0 <= 0xef && cont(1) && cont(2)) {
    const r = ((c0 & 15) << 12) | ((b[i + 1]! & 63) << 6) | (b[i + 2]! & 63);
    if (r >= 0x800 && (r < 0xd800 || r > 0xdfff)) return { rune: r, size: 3 };
  }
  if (c0 >= 0xf0 && c0 <= 0xf4 && cont(1) && cont(2) && cont(3)) {
    const r = ((c0 & 7) << 18) | ((b[i + 1]! & 63) << 12) | ((b[i + 2]! & 63) << 6) | (b[i + 3]! & 63);
    if (r >= 0x10000 && r <= 0x10ffff) return { rune: r, size: 4 };
  }
  return { rune: 0xfffd, size: 1 };
}
