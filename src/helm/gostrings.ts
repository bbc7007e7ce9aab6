// Go's strings helpers where they differ from JS: unicode.IsSpace is not the set String.prototype.trim() uses
// (Go trims U+0085 and keeps U+FEFF).
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');

/** strings.TrimSpace. */
export function goTrimSpace(s: string): string {
  return s.replace(TRIM, '');
}
