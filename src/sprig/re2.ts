// Go regexp (RE2 syntax, leftmost-first) on top of JS RegExp: the pattern is translated, and the "All" iteration,
// Split and `${name}` expansion follow Go's rules (no empty match right after a previous match, etc.).
// Constructs JS cannot reproduce faithfully are rejected with a clear error instead of silently differing.

const SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));
const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7f', blank: '\\t ', cntrl: '\\x00-\\x1f\\x7f', digit: '0-9',
  graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-/:-@[-`{-~', space: '\\t\\n\\v\\f\\r ', upper: 'A-Z',
  word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};
const PERL_CLASS: Record<string, string> = { d: '0-9', w: '0-9A-Za-z_', s: '\\t\\n\\f\\r ' };
const CATEGORIES = new Set(['C', 'Cc', 'Cf', 'Co', 'Cs', 'L', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'M', 'Mc', 'Me', 'Mn', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps', 'S', 'Sc', 'Sk', 'Sm', 'So', 'Z', 'Zl', 'Zp', 'Zs']);

export class RegexpError extends Error {}

export interface GoRegexp {
  re: RegExp;
  names: string[];
}

function unsupported(expr: string, what: string): never {
  throw new RegexpError(`error parsing regexp: ${what} (not supported by this engine): \`${expr}\``);
}

function escapeLiteral(c: string, inClass = false): string {
  return SYNTAX.has(c) || (inClass && c === '-') ? '\\' + c : c;
}

function unicodeClass(neg: boolean, name: string, expr: string): string {
  if (name === 'Any') return neg ? '[^\\s\\S]' : '[\\s\\S]';
  const body = CATEGORIES.has(name) ? name : `Script=${name}`;
  try {
    new RegExp(`\\p{${body}}`, 'u');
  } catch {
    throw new RegexpError(`error parsing regexp: invalid character class range: \`${expr}\``);
  }
  return `\\${neg ? 'P' : 'p'}{${body}}`;
}

/** Translate an RE2 pattern to a JS `u`-mode pattern and flags. */
export function compile(expr: string): GoRegexp {
  let flags = 'gu';
  let i = 0;
  let dotAll = false;
  let multiLine = false;
  const lead = /^\(\?([imsU]+)\)/.exec(expr);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === 'U') unsupported(expr, 'ungreedy flag (?U)');
      if (f === 'i') flags += f;
      // JS's multiline anchors also break at \r and U+2028/9; Go's only at \n, so (?m) is spelled out below.
      if (f === 'm') multiLine = true;
      if (f === 's') dotAll = true;
    }
    i = lead[0].length;
  }
  const names: string[] = [''];
  let out = '';
  let depth = 0;
  const n = expr.length;

  const escape = (inClass: boolean): string => {
    const c = expr[i + 1];
    if (c === undefined) throw new RegexpError(`error parsing regexp: trailing backslash at end of expression: \`\``);
    i += 2;
    if (/[1-9]/.test(c)) throw new RegexpError(`error parsing regexp: invalid escape sequence: \`\\${c}\``);
    if (c === '0' || /[0-7]/.test(c)) {
      const m = /^[0-7]{1,3}/.exec(expr.slice(i - 1))!;
      i += m[0].length - 1;
      return `\\u{${parseInt(m[0], 8).toString(16)}}`;
    }
    if (c === 'x') {
      if (expr[i] === '{') {
        const end = expr.indexOf('}', i);
        const hex = expr.slice(i + 1, end);
        if (end < 0 || !/^[0-9a-fA-F]{1,6}$/.test(hex) || parseInt(hex, 16) > 0x10ffff) {
          throw new RegexpError(`error parsing regexp: invalid escape sequence: \`${expr.slice(i - 2, end < 0 ? n : end + 1)}\``);
        }
        i = end + 1;
        return `\\u{${hex}}`;
      }
      const hex = expr.slice(i, i + 2);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new RegexpError(`error parsing regexp: invalid escape sequence: \`${expr.slice(i - 2, i + 2)}\``);
      i += 2;
      return `\\x${hex}`;
    }
    if (c === 'p' || c === 'P') {
      let name: string;
      if (expr[i] === '{') {
        const end = expr.indexOf('}', i);
        if (end < 0) throw new RegexpError(`error parsing regexp: invalid character class range: \`${expr.slice(i - 2)}\``);
        name = expr.slice(i + 1, end);
        i = end + 1;
      } else name = expr[i++] ?? '';
      let neg = c === 'P';
      if (name.startsWith('^')) [neg, name] = [!neg, name.slice(1)];
      return unicodeClass(neg, name, expr);
    }
    if (c === 'Q') {
      const end = expr.indexOf('\\E', i);
      const lit = expr.slice(i, end < 0 ? n : end);
      i = end < 0 ? n : end + 2;
      return [...lit].map((ch) => escapeLiteral(ch)).join('');
    }
    if (PERL_CLASS[c]) return inClass ? PERL_CLASS[c] : `[${PERL_CLASS[c]}]`;
    if (PERL_CLASS[c.toLowerCase()]) {
      if (inClass) unsupported(expr, `negated class \\${c} inside brackets`);
      return `[^${PERL_CLASS[c.toLowerCase()]}]`;
    }
    if (!inClass) {
      if (c === 'A') return '(?<![\\s\\S])';
      if (c === 'z') return '(?![\\s\\S])';
      if (c === 'b' || c === 'B') return '\\' + c;
    }
    const simple: Record<string, string> = { a: '\\x07', f: '\\f', t: '\\t', n: '\\n', r: '\\r', v: '\\v' };
    if (simple[c]) return simple[c];
    if (/[!-\/:-@\[-`{-~]/.test(c)) return escapeLiteral(c, inClass);
    throw new RegexpError(`error parsing regexp: invalid escape sequence: \`\\${c}\``);
  };

  /** One character of a class (literal or escape) as JS source that stands for exactly that character. */
  const classChar = (): string => {
    const c = expr[i]!;
    if (c === '\\') {
      if ('dDwWsSpP'.includes(expr[i + 1] ?? '')) throw new RegexpError(`error parsing regexp: invalid escape sequence: \`${expr.slice(i, i + 2)}\``);
      return escape(true);
    }
    i++;
    return c === '[' || c === ']' || c === '/' || c === '-' || c === '\\' ? '\\' + c : c;
  };

  // Go's parseClass: POSIX, Unicode and Perl classes are items of their own, so a `-` after one is a literal
  // (`[\w-\.]` is word characters, `-` and `.`); otherwise `x-y` is a range unless the `-` ends the class.
  const charClass = (): string => {
    let body = '';
    i++;
    if (expr[i] === '^') {
      body += '^';
      i++;
    }
    let first = true;
    while (i < n && (expr[i] !== ']' || first)) {
      first = false;
      const c = expr[i]!;
      if (c === '[' && expr[i + 1] === ':') {
        const end = expr.indexOf(':]', i + 2);
        if (end < 0) throw new RegexpError(`error parsing regexp: missing closing ]: \`${expr.slice(i)}\``);
        const name = expr.slice(i + 2, end);
        if (name.startsWith('^')) unsupported(expr, 'negated POSIX class');
        if (!POSIX[name]) throw new RegexpError(`error parsing regexp: invalid character class range: \`[:${name}:]\``);
        body += POSIX[name];
        i = end + 2;
        continue;
      }
      if (c === '\\' && 'dDwWsSpP'.includes(expr[i + 1] ?? '')) {
        body += escape(true);
        continue;
      }
      const lo = classChar();
      if (expr[i] === '-' && i + 1 < n && expr[i + 1] !== ']') {
        i++;
        body += `${lo}-${classChar()}`;
      } else body += lo;
    }
    if (i >= n) throw new RegexpError(`error parsing regexp: missing closing ]: \`${expr.slice(expr.lastIndexOf('['))}\``);
    i++;
    return `[${body}]`;
  };

  // Go rejects what JS would also reject, but with its own messages: track whether a repetition has an operand.
  let canRepeat = false;
  let lastOp = -1;
  const repetition = (len: number): void => {
    let end = i + len;
    if (expr[end] === '?') end++;
    const op = expr.slice(i, end);
    if (lastOp >= 0) throw new RegexpError(`error parsing regexp: invalid nested repetition operator: \`${expr.slice(lastOp, end)}\``);
    if (!canRepeat) throw new RegexpError(`error parsing regexp: missing argument to repetition operator: \`${op}\``);
    out += op;
    lastOp = i;
    i = end;
  };
  while (i < n) {
    const c = expr[i]!;
    if (c === '*' || c === '+' || c === '?') {
      repetition(1);
      continue;
    }
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(expr.slice(i));
      if (m) {
        const lo = Number(m[1]);
        const hi = m[2] === undefined ? lo : m[3] === '' ? -1 : Number(m[3]);
        if (lo > 1000 || hi > 1000 || (hi >= 0 && hi < lo)) throw new RegexpError(`error parsing regexp: invalid repeat count: \`${m[0]}\``);
        repetition(m[0].length);
        continue;
      }
    }
    lastOp = -1;
    canRepeat = !(c === '(' || c === '|');
    if (c === '\\') out += escape(false);
    else if (c === '[') out += charClass();
    else if (c === '.') {
      out += dotAll ? '[\\s\\S]' : '[^\\n]';
      i++;
    } else if (c === '(') {
      depth++;
      if (expr.startsWith('(?P<', i) || expr.startsWith('(?<', i)) {
        const start = expr.indexOf('<', i) + 1;
        const end = expr.indexOf('>', start);
        const name = expr.slice(start, end);
        if (end < 0) throw new RegexpError(`error parsing regexp: invalid named capture: \`${expr.slice(i)}\``);
        if (!/^[A-Za-z0-9_]+$/.test(name)) throw new RegexpError(`error parsing regexp: invalid named capture: \`${expr.slice(i, end + 1)}\``);
        // Names live in `names` (Go's SubexpNames, duplicates allowed); the JS group stays unnamed.
        names.push(name);
        out += '(';
        i = end + 1;
      } else if (expr.startsWith('(?:', i)) {
        out += '(?:';
        i += 3;
      } else if (expr.startsWith('(?', i)) {
        unsupported(expr, 'inline flag group');
      } else {
        names.push('');
        out += '(';
        i++;
      }
    } else if (c === ')') {
      if (depth === 0) throw new RegexpError(`error parsing regexp: unexpected ): \`${expr}\``);
      depth--;
      out += ')';
      i++;
    } else if (c === '{') {
      out += '\\{';
      i++;
    } else if ((c === '^' || c === '$') && multiLine) {
      out += c === '^' ? '(?<![^\\n])' : '(?![^\\n])';
      i++;
    } else if (c === '}' || c === '/') {
      out += '\\' + c;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  if (depth > 0) throw new RegexpError(`error parsing regexp: missing closing ): \`${expr}\``);
  try {
    return { re: new RegExp(out, flags), names };
  } catch (e) {
    const range = /\[[^\]]*?(([^\\])-([^\]\\]))/.exec(expr);
    if (/out of order/.test((e as Error).message) && range) throw new RegexpError(`error parsing regexp: invalid character class range: \`${range[1]}\``);
    throw new RegexpError(`error parsing regexp: ${(e as Error).message}: \`${expr}\``);
  }
}

type Match = RegExpExecArray;

function execAt(g: GoRegexp, s: string, pos: number): Match | null {
  g.re.lastIndex = pos;
  return g.re.exec(s);
}

function runeWidth(s: string, pos: number): number {
  const c = s.codePointAt(pos);
  return c !== undefined && c > 0xffff ? 2 : 1;
}

/** Regexp.allMatches: successive non-overlapping matches; an empty match abutting the previous one is dropped. */
export function findAll(g: GoRegexp, s: string, n: number): Match[] {
  const out: Match[] = [];
  let pos = 0;
  let prevEnd = -1;
  while ((n < 0 || out.length < n) && pos <= s.length) {
    const m = execAt(g, s, pos);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    let accept = true;
    if (end === pos) {
      if (start === prevEnd) accept = false;
      pos += pos < s.length ? runeWidth(s, pos) : 1;
    } else pos = end;
    prevEnd = end;
    if (accept) out.push(m);
  }
  return out;
}

/** Regexp.Expand for a string template: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
function expand(g: GoRegexp, template: string, m: Match): string {
  let out = '';
  let t = template;
  while (t.length > 0) {
    const i = t.indexOf('$');
    if (i < 0) break;
    out += t.slice(0, i);
    t = t.slice(i);
    if (t.length > 1 && t[1] === '$') {
      out += '$';
      t = t.slice(2);
      continue;
    }
    const ext = /^\$(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(t);
    if (!ext) {
      out += '$';
      t = t.slice(1);
      continue;
    }
    t = t.slice(ext[0].length);
    const name = ext[1] ?? ext[2]!;
    let num = /^\d+$/.test(name) && !(name[0] === '0' && name.length > 1) && name.length <= 8 ? Number(name) : -1;
    if (num < 0) num = g.names.findIndex((n, i) => n === name && m[i] !== undefined);
    if (num >= 0 && num < m.length && m[num] !== undefined) out += m[num];
  }
  return out + t;
}

/** Regexp.ReplaceAllString / ReplaceAllLiteralString. */
export function replaceAll(g: GoRegexp, s: string, repl: string, literal: boolean): string {
  let out = '';
  let lastEnd = 0;
  let pos = 0;
  while (pos <= s.length) {
    const m = execAt(g, s, pos);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    out += s.slice(lastEnd, start);
    if (end > lastEnd || start === 0) out += literal ? repl : expand(g, repl, m);
    lastEnd = end;
    const w = pos < s.length ? runeWidth(s, pos) : 1;
    if (pos + w > end) pos += w;
    else if (pos + 1 > end) pos++;
    else pos = end;
  }
  return out + s.slice(lastEnd);
}

/** Regexp.Split. */
export function split(g: GoRegexp, expr: string, s: string, n: number): string[] {
  if (n === 0) return [];
  if (expr.length > 0 && s.length === 0) return [''];
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of findAll(g, s, n)) {
    if (n > 0 && out.length === n - 1) break;
    end = m.index;
    if (m.index + m[0].length !== 0) out.push(s.slice(beg, end));
    beg = m.index + m[0].length;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

/** regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
