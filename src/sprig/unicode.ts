// Go's unicode package predicates and simple (one rune → one rune) case mappings on code points.

const upperRe = /^\p{Lu}$/u;
const lowerRe = /^\p{Ll}$/u;
const titleRe = /^\p{Lt}$/u;
const letterRe = /^\p{L}$/u;
const numberRe = /^\p{N}$/u;
const digitRe = /^\p{Nd}$/u;
const punctRe = /^\p{P}$/u;
const spaceRe = /^\p{White_Space}$/u;

const ch = (r: number) => String.fromCodePoint(r);

export const isUpper = (r: number) => upperRe.test(ch(r));
export const isLower = (r: number) => lowerRe.test(ch(r));
export const isTitle = (r: number) => titleRe.test(ch(r));
export const isLetter = (r: number) => letterRe.test(ch(r));
export const isNumber = (r: number) => numberRe.test(ch(r));
export const isDigit = (r: number) => digitRe.test(ch(r));
export const isPunct = (r: number) => punctRe.test(ch(r));
export const isSpace = (r: number) => spaceRe.test(ch(r));

function simpleMap(r: number, full: string): number {
  const cps = [...full];
  return cps.length === 1 ? cps[0]!.codePointAt(0)! : r;
}

// JS applies full case mappings (ß → SS); Go maps a rune to one rune and leaves the rest alone.
export function toUpper(r: number): number {
  if (r < 0x80) return r >= 0x61 && r <= 0x7a ? r - 32 : r;
  return simpleMap(r, ch(r).toUpperCase());
}

export function toLower(r: number): number {
  if (r < 0x80) return r >= 0x41 && r <= 0x5a ? r + 32 : r;
  if (r === 0x130) return 0x69;
  return simpleMap(r, ch(r).toLowerCase());
}

/** unicode.ToTitle: like ToUpper except for the digraphs that have a distinct title case. */
export function toTitle(r: number): number {
  const digraphs: Record<number, number> = { 0x1c4: 0x1c5, 0x1c5: 0x1c5, 0x1c6: 0x1c5, 0x1c7: 0x1c8, 0x1c8: 0x1c8, 0x1c9: 0x1c8, 0x1ca: 0x1cb, 0x1cb: 0x1cb, 0x1cc: 0x1cb, 0x1f1: 0x1f2, 0x1f2: 0x1f2, 0x1f3: 0x1f2 };
  return digraphs[r] ?? toUpper(r);
}

export const fromRunes = (rs: number[]) => rs.map((r) => String.fromCodePoint(r)).join('');
