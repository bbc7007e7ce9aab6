// Go's strings helpers where they differ from JS: unicode.IsSpace is not the set String.prototype.trim() uses
// (Go trims U+0085 and keeps U+FEFF).
import { isSpace } from '../sprig/unicode.js';

/** strings.TrimSpace. A scan from both ends rather than a `^…+|…+$` regexp, which retries the trailing class at every
 *  blank run of a long rendered manifest. Go's spaces are all in the BMP, so UTF-16 code units suffice. */
export function goTrimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}
