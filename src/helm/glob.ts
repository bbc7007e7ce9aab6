// gobwas/glob with `/` as separator, as .Files.Glob uses it: `*` stays within a path segment, `**` crosses
// segments, `?` one non-separator character, `[a-z]` / `[!a-z]` classes, `{a,b}` alternatives, `\` escapes.

const cache = new Map<string, RegExp>();

/** Compile a glob; throws on unbalanced `[` or `{` as glob.Compile does. */
export function compileGlob(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const chars = Array.from(pattern);
    const [body, end] = compileSeq(chars, 0, false);
    if (end !== chars.length) throw new Error(`unexpected '${chars[end]}' in glob ${pattern}`);
    re = new RegExp(`^${body}$`, 'su');
    cache.set(pattern, re);
  }
  return re;
}

/** Compile until end of input or, inside `{…}`, until `,` or `}`; returns the regex and the stop index. */
function compileSeq(chars: string[], start: number, inAlt: boolean): [string, number] {
  let out = '';
  let i = start;
  while (i < chars.length) {
    const c = chars[i]!;
    if (inAlt && (c === ',' || c === '}')) return [out, i];
    if (c === '*') {
      if (chars[i + 1] === '*') {
        out += '.*';
        i += 2;
      } else {
        out += '[^/]*';
        i++;
      }
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '[') {
      const close = chars.indexOf(']', i + 1);
      if (close < 0) throw new Error('unexpected end of input in character class');
      let inner = chars.slice(i + 1, close);
      const negate = inner[0] === '!';
      if (negate) inner = inner.slice(1);
      out += `[${negate ? '^' : ''}${inner.map((ch) => (ch === '-' ? '-' : ch.replace(/[\\\]^]/g, '\\$&'))).join('')}]`;
      i = close + 1;
    } else if (c === '{') {
      const alts: string[] = [];
      let j = i + 1;
      for (;;) {
        const [alt, stop] = compileSeq(chars, j, true);
        alts.push(alt);
        if (stop >= chars.length) throw new Error('unexpected end of input in alternatives');
        j = stop + 1;
        if (chars[stop] === '}') break;
      }
      out += `(?:${alts.join('|')})`;
      i = j;
    } else if (c === '\\' && i + 1 < chars.length) {
      out += escapeRe(chars[i + 1]!);
      i += 2;
    } else {
      out += escapeRe(c);
      i++;
    }
  }
  return [out, i];
}

function escapeRe(c: string): string {
  // Only syntax characters may be escaped in a unicode-mode RegExp.
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
