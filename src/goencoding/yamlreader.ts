// libyaml's reader (goyaml.v2 readerc.go) on a Go string: the UTF-8 decoding and the printable-character check it
// runs before any scanning, with its messages. A Go string may hold bytes that are not UTF-8 (the value model carries
// them as escapes, src/gotemplate/utf8.ts), so the check runs on the bytes.
import { utf8Encode } from '../gotemplate/utf8.js';

/** The reader's first problem in `text`, or undefined when every character decodes and is printable. */
export function readerProblem(text: string): string | undefined {
  const b = utf8Encode(text);
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  while (i < b.length) {
    const octet = b[i]!;
    const width = (octet & 0x80) === 0 ? 1 : (octet & 0xe0) === 0xc0 ? 2 : (octet & 0xf0) === 0xe0 ? 3 : (octet & 0xf8) === 0xf0 ? 4 : 0;
    if (width === 0) return 'invalid leading UTF-8 octet';
    if (width > b.length - i) return 'incomplete UTF-8 octet sequence';
    let value = width === 1 ? octet & 0x7f : width === 2 ? octet & 0x1f : width === 3 ? octet & 0x0f : octet & 0x07;
    for (let k = 1; k < width; k++) {
      const next = b[i + k]!;
      if ((next & 0xc0) !== 0x80) return 'invalid trailing UTF-8 octet';
      value = (value << 6) + (next & 0x3f);
    }
    const shortest = width === 1 || (width === 2 && value >= 0x80) || (width === 3 && value >= 0x800) || (width === 4 && value >= 0x10000);
    if (!shortest) return 'invalid length of a UTF-8 sequence';
    if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) return 'invalid Unicode character';
    const printable =
      value === 0x09 || value === 0x0a || value === 0x0d || (value >= 0x20 && value <= 0x7e) || value === 0x85 ||
      (value >= 0xa0 && value <= 0xd7ff) || (value >= 0xe000 && value <= 0xfffd) || (value >= 0x10000 && value <= 0x10ffff);
    if (!printable) return 'control characters are not allowed';
    i += width;
  }
  return undefined;
}
