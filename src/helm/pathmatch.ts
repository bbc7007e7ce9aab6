// Go's path/filepath.Match on `/`-separated paths: `*` and `?` never cross `/`, `[…]` classes with `^` negation and
// ranges, `\` escapes. Used by .helmignore rules and `--show-only`.

export class BadPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
  }
}

const cache = new Map<string, RegExp>();

/** filepath.Match(pattern, name); throws BadPatternError for a malformed pattern, like Go's ErrBadPattern. */
export function pathMatch(pattern: string, name: string): boolean {
  let re = cache.get(pattern);
  if (!re) {
    re = compile(pattern);
    cache.set(pattern, re);
  }
  return re.test(name);
}

function compile(pattern: string): RegExp {
  const chars = Array.from(pattern);
  let out = '';
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    if (c === '*') {
      out += '[^/]*';
      i++;
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '[') {
      const [cls, next] = compileClass(chars, i + 1);
      out += cls;
      i = next;
    } else if (c === '\\') {
      if (i + 1 >= chars.length) throw new BadPatternError();
      out += escapeRe(chars[i + 1]!);
      i += 2;
    } else {
      out += escapeRe(c);
      i++;
    }
  }
  return new RegExp(`^${out}$`, 'su');
}

/** `[` … `]` starting after the `[`; returns the regex class and the index after `]`. */
function compileClass(chars: string[], start: number): [string, number] {
  let i = start;
  let negate = false;
  if (chars[i] === '^') {
    negate = true;
    i++;
  }
  const ranges: string[] = [];
  let first = true;
  for (;;) {
    if (i >= chars.length) throw new BadPatternError();
    if (chars[i] === ']' && !first) return [`[${negate ? '^' : ''}${ranges.join('')}]`, i + 1];
    first = false;
    const [lo, afterLo] = classChar(chars, i);
    i = afterLo;
    if (chars[i] === '-') {
      const [hi, afterHi] = classChar(chars, i + 1);
      // Go accepts an inverted range and it matches nothing; a JS class would reject it.
      if ((lo.codePointAt(0) ?? 0) <= (hi.codePointAt(0) ?? 0)) ranges.push(`${escapeClass(lo)}-${escapeClass(hi)}`);
      i = afterHi;
    } else {
      ranges.push(escapeClass(lo));
    }
  }
}

function classChar(chars: string[], i: number): [string, number] {
  const c = chars[i];
  if (c === undefined || c === '-' || c === ']') throw new BadPatternError();
  if (c === '\\') {
    const n = chars[i + 1];
    if (n === undefined) throw new BadPatternError();
    return [n, i + 2];
  }
  return [c, i + 1];
}

function escapeRe(c: string): string {
  // Only syntax characters may be escaped in a unicode-mode RegExp.
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function escapeClass(c: string): string {
  return c.replace(/[\\\]^-]/g, '\\$&');
}
