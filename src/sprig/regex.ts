// Sprig's regex functions (regex.go). Plain names panic on a bad pattern (regexp.MustCompile); mustX names return
// the compile error.
import type { FuncMap, GoFunc } from '../gotemplate/values.js';
import { intArg } from './cast.js';
import { goFunc } from './define.js';
import { canBackquote, quote as goQuote } from '../gotemplate/strconv.js';
import { compile, findAll, quoteMeta, replaceAll, split, type GoRegexp } from './re2.js';

function matches(g: GoRegexp, s: string): boolean {
  g.re.lastIndex = 0;
  return g.re.test(s);
}

function compileFor(must: boolean, expr: string): GoRegexp {
  try {
    return compile(expr);
  } catch (e) {
    const msg = (e as Error).message;
    throw new Error(must ? msg : `regexp: Compile(${canBackquote(expr) ? '`' + expr + '`' : goQuote(expr)}): ${msg}`);
  }
}

function pair(name: string, params: GoFunc['params'], result: string, impl: (re: (expr: string) => GoRegexp, ...a: any[]) => unknown): FuncMap {
  const make = (must: boolean) => goFunc(params, (...a: any[]) => impl((e) => compileFor(must, e), ...a), { result, returnsError: must });
  return { [name]: make(false), ['must' + name[0]!.toUpperCase() + name.slice(1)]: make(true) };
}

export const regexFuncs: FuncMap = {
  ...pair('regexMatch', ['string', 'string'], 'bool', (re, r: string, s: string) => matches(re(r), s)),
  // Sprig's regexMatch ignores the compile error (`match, _ := regexp.MatchString`) and answers false.
  regexMatch: goFunc(['string', 'string'], (r: string, s: string) => {
    try {
      return matches(compile(r), s);
    } catch {
      return false;
    }
  }, { result: 'bool' }),
  ...pair('regexFindAll', ['string', 'string', 'int'], '[]string', (re, r: string, s: string, n) => findAll(re(r), s, intArg(n)).map((m) => m[0])),
  ...pair('regexFind', ['string', 'string'], 'string', (re, r: string, s: string) => findAll(re(r), s, 1)[0]?.[0] ?? ''),
  ...pair('regexReplaceAll', ['string', 'string', 'string'], 'string', (re, r: string, s: string, repl: string) => replaceAll(re(r), s, repl, false)),
  ...pair('regexReplaceAllLiteral', ['string', 'string', 'string'], 'string', (re, r: string, s: string, repl: string) => replaceAll(re(r), s, repl, true)),
  ...pair('regexSplit', ['string', 'string', 'int'], '[]string', (re, r: string, s: string, n) => split(re(r), r, s, intArg(n))),
  regexQuoteMeta: goFunc(['string'], quoteMeta, { result: 'string' }),
};
