// Case conversions and word utilities from the libraries Sprig delegates to: Go's strings.Title, goutils
// (Initials, DeleteWhiteSpace, SwapCase, Uncapitalize, Wrap, Abbreviate) and huandu/xstrings v1.5 (snake/kebab/Pascal).
import { byteLength, runes, sliceBytes, toBytes } from './gobytes.js';
import { fromRunes, isLetter, isLower, isNumber, isPunct, isSpace, isTitle, isUpper, isDigit, toLower, toTitle, toUpper } from './unicode.js';

/** strings.Title: upper-cases (title-cases) the first letter of each word; separators per Go's isSeparator. */
export function title(s: string): string {
  let prev = 0x20;
  return fromRunes(
    runes(s).map((r) => {
      const out = isSeparator(prev) ? toTitle(r) : r;
      prev = r;
      return out;
    }),
  );
}

function isSeparator(r: number): boolean {
  if (r <= 0x7f) {
    if ((r >= 0x30 && r <= 0x39) || (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a) || r === 0x5f) return false;
    return true;
  }
  if (isLetter(r) || isDigit(r)) return false;
  return isSpace(r);
}

/** goutils.Uncapitalize: lower-cases the first rune of each whitespace-separated word. */
export function untitle(s: string): string {
  let next = true;
  return fromRunes(
    runes(s).map((r) => {
      if (isSpace(r)) {
        next = true;
        return r;
      }
      if (next) {
        next = false;
        return toLower(r);
      }
      return r;
    }),
  );
}

/** goutils.SwapCase. */
export function swapCase(s: string): string {
  return fromRunes(runes(s).map((r) => (isUpper(r) || isTitle(r) ? toLower(r) : isLower(r) ? toUpper(r) : r)));
}

/** goutils.Initials walks BYTES (rune(str[i])), so non-ASCII initials come out as Latin-1 mojibake, as in Go. */
export function initials(s: string): string {
  let out = '';
  let gap = true;
  for (const b of toBytes(s)) {
    if (isSpace(b)) gap = true;
    else if (gap) {
      out += String.fromCodePoint(b);
      gap = false;
    }
  }
  return out;
}

/** goutils.DeleteWhiteSpace, byte-wise like initials (unchanged when there is no whitespace byte). */
export function deleteWhiteSpace(s: string): string {
  const bytes = toBytes(s);
  const kept = [...bytes].filter((b) => !isSpace(b));
  if (kept.length === bytes.length) return s;
  return kept.map((b) => String.fromCodePoint(b)).join('');
}

/** goutils.WrapCustom (byte offsets, spaces only). */
export function wrapCustom(str: string, wrapLength: number, newLine: string, wrapLongWords: boolean): string {
  if (str === '') return '';
  const nl = newLine === '' ? '\n' : newLine;
  const width = wrapLength < 1 ? 1 : wrapLength;
  const b = toBytes(str);
  const len = b.length;
  const sub = (a: number, e: number) => sliceBytes(str, a, e);
  let offset = 0;
  let out = '';
  while (len - offset > width) {
    if (b[offset] === 0x20) {
      offset++;
      continue;
    }
    const end = Math.min(width + offset + 1, len);
    const lastSpace = b.subarray(offset, end).lastIndexOf(0x20);
    if (lastSpace >= 0) {
      out += sub(offset, offset + lastSpace) + nl;
      offset = offset + lastSpace + 1;
    } else if (wrapLongWords) {
      out += sub(offset, offset + width) + nl;
      offset += width;
    } else {
      const e = width + offset;
      const idx = b.subarray(e).indexOf(0x20);
      if (idx < 0) {
        out += sub(offset, len);
        offset = len;
      } else {
        out += sub(offset, e + idx) + nl;
        offset = e + idx + 1;
      }
    }
  }
  return out + sub(offset, len);
}

/** goutils.AbbreviateFull (byte offsets); the width checks that make Go return an error yield "" here as in Sprig. */
export function abbreviateFull(str: string, offsetIn: number, maxWidth: number): string {
  if (str === '' || maxWidth < 4) return '';
  const len = byteLength(str);
  if (len <= maxWidth) return str;
  let offset = Math.min(offsetIn, len);
  if (len - offset < maxWidth - 3) offset = len - (maxWidth - 3);
  if (offset <= 4) return sliceBytes(str, 0, maxWidth - 3) + '...';
  if (maxWidth < 7) return '';
  if (offset + maxWidth - 3 < len) return '...' + abbreviateFull(sliceBytes(str, offset), 0, maxWidth - 3);
  return '...' + sliceBytes(str, len - (maxWidth - 3));
}

// ---- xstrings v1.5 ----

const isConnector = (r: number) => r === 0x2d || r === 0x5f || isSpace(r);

/** xstrings isAlphabet: a letter that is not a CJK ideograph. */
function isAlphabet(r: number): boolean {
  if (!isLetter(r)) return false;
  if (r < 0x3400) return true;
  if ((r >= 0x4e00 && r <= 0x9fcc) || (r >= 0x3400 && r <= 0x4d85) || (r >= 0x20000 && r <= 0x2b81d)) return false;
  return true;
}

/** xstrings.ToPascalCase (Sprig's camelcase). */
export function toPascalCase(s: string): string {
  const rs = runes(s);
  if (rs.length === 0) return '';
  const out: number[] = [];
  let i = 0;
  let r0 = 0;
  let firstUpper = false;
  let found = false;
  while (i < rs.length) {
    r0 = rs[i++]!;
    if (!isConnector(r0)) {
      firstUpper = isUpper(r0);
      r0 = toUpper(r0);
      found = true;
      break;
    }
    out.push(r0);
  }
  if (i >= rs.length) {
    if (found) out.push(r0);
    return fromRunes(out);
  }
  while (i < rs.length) {
    const r1 = r0;
    r0 = rs[i++]!;
    if (isConnector(r0) && isConnector(r1)) {
      out.push(r1);
      continue;
    }
    if (isConnector(r1)) {
      firstUpper = isUpper(r0);
      r0 = toUpper(r0);
    } else {
      if (firstUpper) {
        if (isUpper(r0)) r0 = toLower(r0);
        else firstUpper = false;
      }
      out.push(r1);
    }
  }
  out.push(r0);
  return fromRunes(out);
}

enum W {
  Invalid,
  Number,
  Upper,
  Alpha,
  Connector,
  Punct,
  Other,
}

interface Word {
  wt: W;
  word: number[];
  rest: number[];
}

function nextWord(str: number[]): Word {
  if (str.length === 0) return { wt: W.Invalid, word: [], rest: [] };
  let offset = 1;
  const r = str[0]!;
  const take = (pred: (c: number) => boolean) => {
    while (offset < str.length && pred(str[offset]!)) offset++;
  };
  let wt: W;
  if (isConnector(r)) {
    wt = W.Connector;
    take(isConnector);
  } else if (isPunct(r)) {
    wt = W.Punct;
    take(isPunct);
  } else if (isUpper(r)) {
    wt = W.Upper;
    if (offset < str.length) {
      const r2 = str[offset]!;
      if (isUpper(r2)) {
        offset++;
        take(isUpper);
        // "HTTPStatus" splits as "HTTP" + "Status": the last capital starts the next word.
        if (offset < str.length && isAlphabet(str[offset]!)) offset--;
      } else if (isAlphabet(r2)) {
        offset++;
        take((c) => isAlphabet(c) && !isUpper(c));
      }
    }
  } else if (isAlphabet(r)) {
    wt = W.Alpha;
    take((c) => isAlphabet(c) && !isUpper(c));
  } else if (isNumber(r)) {
    wt = W.Number;
    take(isNumber);
  } else {
    wt = W.Other;
    take((c) => !(isConnector(c) || isAlphabet(c) || isNumber(c) || isPunct(c)));
  }
  return { wt, word: str.slice(0, offset), rest: str.slice(offset) };
}

function lowerWord(out: number[], wt: W, word: number[], connector: number): void {
  if (wt !== W.Upper && wt !== W.Connector) {
    out.push(...word);
    return;
  }
  for (const r of word) out.push(isConnector(r) ? connector : isUpper(r) ? toLower(r) : r);
}

/** xstrings camelCaseToLowerCase (ToSnakeCase with '_', ToKebabCase with '-'). */
export function camelToLower(s: string, connectorChar: string): string {
  const connector = connectorChar.codePointAt(0)!;
  const out: number[] = [];
  let { wt, word, rest } = nextWord(runes(s));
  if (word.length === 0) return '';
  while (rest.length > 0) {
    if (wt !== W.Connector) lowerWord(out, wt, word, connector);
    const prev = wt;
    const last = word;
    ({ wt, word, rest } = nextWord(rest));
    switch (prev) {
      case W.Number:
        while (wt === W.Alpha || wt === W.Number) {
          lowerWord(out, wt, word, connector);
          ({ wt, word, rest } = nextWord(rest));
        }
        if (wt !== W.Invalid && wt !== W.Punct && wt !== W.Connector) out.push(connector);
        break;
      case W.Connector:
        lowerWord(out, prev, last, connector);
        break;
      case W.Punct:
        break;
      default: {
        if (wt !== W.Number) {
          if (wt !== W.Connector && wt !== W.Punct) out.push(connector);
          break;
        }
        if (rest.length === 0) break;
        const num = word;
        ({ wt, word, rest } = nextWord(rest));
        // A number glued to a word belongs to it ("Bld4Floor" → "bld4_floor") unless letters follow it ("HTTP2xx").
        if (wt !== W.Alpha) {
          lowerWord(out, W.Number, num, connector);
          if (wt !== W.Connector && wt !== W.Punct) out.push(connector);
          break;
        }
        out.push(connector);
        lowerWord(out, W.Number, num, connector);
        while (wt === W.Alpha || wt === W.Number) {
          lowerWord(out, wt, word, connector);
          ({ wt, word, rest } = nextWord(rest));
        }
        if (wt !== W.Invalid && wt !== W.Connector && wt !== W.Punct) out.push(connector);
      }
    }
  }
  lowerWord(out, wt, word, connector);
  return fromRunes(out);
}
