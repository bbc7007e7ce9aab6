// What a message may show of a value. Never a Secret's data, never a value under a key that looks secret, never a
// whole document (a file that did not read as intended, a value that is the entire file), never a long text: those
// are described by their type only. Keys and paths are always shown: they say where, not what.

/** A path segment that names a secret: password, token, key, secret, credential … (matched loosely: a message that
 *  hides a harmless value costs little). */
const SECRET_KEY = /pass(word|wd|phrase)?|secret|token|credential|private|cert|auth|bearer|cookie|salt|(^|[-_.])key$|[a-z]key$|^key|api[-_]?key/i;

/** Longer strings are not shown (certificates, keys and whole files are long). */
const LONGEST_SHOWN = 64;

function segments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function looksSecret(pointer: string): boolean {
  return segments(pointer).some((s) => SECRET_KEY.test(s));
}

/** Why the value at `pointer` may not be shown, or undefined when it may. `secretObject`: the data is a Secret. */
export function hiddenBecause(pointer: string, value: unknown, secretObject = false): string | undefined {
  const top = segments(pointer)[0];
  if (secretObject && (top === 'data' || top === 'stringData')) return 'Secret data';
  if (looksSecret(pointer)) return 'the key looks secret';
  if (pointer === '') return 'the whole document';
  if (typeof value === 'string' && value.length > LONGEST_SHOWN) return `${value.length} characters`;
  return undefined;
}

/** "a string", "an object" …: a value by its type alone. */
export function typeOnly(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}
