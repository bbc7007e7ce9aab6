// Helm's pkg/strvals: the `--set` / `--set-string` mini-language (`a.b=c,l[0]=x,m={a,b}`), as in helm v3.17.
//
// Go's parser reads runes from a buffer and signals the end of input with the io.EOF sentinel; only a bare EOF ends the
// parse quietly, wrapped ones (`error parsing index: EOF`) are real errors. Go type assertions on existing values panic
// and are recovered per key into `unable to parse key: interface conversion: …`; both behaviours are reproduced here.
import { quote, quoteRune } from '../gotemplate/strconv.js';
import { parseJson } from '../goencoding/json.js';
import { GoNumber, isMap, isNil, setOwn, typeName } from '../gotemplate/values.js';

const MAX_INDEX = 65536;
const MAX_NESTED_NAME_LEVEL = 30;

/** io.EOF: compared by identity, like helm v3.17 does. */
const EOF = new Error('EOF');
/** ErrNotList: the value is not a `{…}` list. */
const NOT_LIST = new Error('not a list');

/** A recovered Go panic (failed type assertion). */
class Panic extends Error {}

type Values = Record<string, unknown>;

/** Parse one `--set` argument into `dest` (helm's strvals.ParseInto). */
export function parseSetInto(s: string, dest: Values): void {
  new Parser(s, dest, false).parse();
}

/** Parse one `--set-string` argument into `dest` (helm's strvals.ParseIntoString). */
export function parseSetStringInto(s: string, dest: Values): void {
  new Parser(s, dest, true).parse();
}

/** Parse one `--set-json` argument into `dest` (helm's strvals.ParseJSON): each value is one JSON document, set as a
 *  whole (an object replaces what was there); an empty value is null. */
export function parseSetJsonInto(s: string, dest: Values): void {
  new Parser(s, dest, false, 'json').parse();
}

/** Parse one `--set-file` argument into `dest` (helm's strvals.ParseIntoFile): each value is a path, `read` gives
 *  the value to set (helm: the file's content as a string). */
export function parseSetFileInto(s: string, dest: Values, read: (path: string) => unknown): void {
  new Parser(s, dest, false, read).parse();
}

class Parser {
  private readonly runes: string[];
  private pos = 0;

  constructor(
    text: string,
    private readonly data: Values,
    private readonly stringOnly: boolean,
    /** `json`: values are JSON documents (ParseJSON); a function: values are read by it (ParseIntoFile). */
    private readonly values?: 'json' | ((runes: string) => unknown),
  ) {
    this.runes = Array.from(text);
  }

  /** A value as the parser's reader gives it: typed (--set), a string (--set-string) or read (--set-file). */
  private read(runes: string): unknown {
    return typeof this.values === 'function' ? this.values(runes) : this.typedVal(runes);
  }

  /** emptyVal: skip spaces up to a ',' or the end (true: no value there). */
  private emptyVal(): boolean {
    for (;;) {
      const r = this.readRune();
      if (r === undefined || r === ',') return true;
      if (!/\s/u.test(r)) {
        this.unreadRune();
        return false;
      }
    }
  }

  /** One JSON document from the current position, as json.Decoder.Decode reads it; the position moves past it. */
  private jsonValue(): unknown {
    const rest = this.runes.slice(this.pos).join('');
    const end = jsonValueEnd(rest);
    const value = parseJson(rest.slice(0, end));
    this.pos += Array.from(rest.slice(0, end)).length;
    return value;
  }

  parse(): void {
    for (;;) {
      const err = this.key(this.data, 0);
      if (err === undefined) continue;
      if (err === EOF) return;
      throw err;
    }
  }

  private readRune(): string | undefined {
    return this.pos < this.runes.length ? this.runes[this.pos++] : undefined;
  }

  private unreadRune(): void {
    this.pos--;
  }

  /** runesUntil: collect runes up to a stop rune; `\` escapes the next rune. */
  private runesUntil(stop: string): { text: string; last: string | undefined; eof: boolean } {
    let text = '';
    for (;;) {
      const r = this.readRune();
      if (r === undefined) return { text, last: undefined, eof: true };
      if (stop.includes(r)) return { text, last: r, eof: false };
      if (r === '\\') {
        const next = this.readRune();
        if (next === undefined) return { text, last: undefined, eof: true };
        text += next;
      } else {
        text += r;
      }
    }
  }

  private key(data: Values, nestedLevel: number): Error | undefined {
    try {
      return this.keyUnsafe(data, nestedLevel);
    } catch (e) {
      if (e instanceof Panic) return new Error(`unable to parse key: ${e.message}`);
      throw e;
    }
  }

  private keyUnsafe(data: Values, nestedLevel: number): Error | undefined {
    const { text: k, last, eof } = this.runesUntil('=[,.');
    if (eof) return k.length === 0 ? EOF : new Error(`key ${quote(k)} has no value`);
    switch (last) {
      case '[': {
        let i: number;
        try {
          i = this.keyIndex();
        } catch (e) {
          return new Error(`error parsing index: ${(e as Error).message}`);
        }
        const list = Object.hasOwn(data, k) ? assertList(data[k]) : [];
        const res = this.listItem(list, i, nestedLevel);
        set(data, k, res.list);
        return res.err;
      }
      case '=': {
        if (this.values === 'json') {
          if (this.emptyVal()) {
            set(data, k, null);
            return undefined;
          }
          set(data, k, this.jsonValue());
          this.emptyVal();
          return undefined;
        }
        const vl = this.valList();
        if (vl.err === undefined) {
          set(data, k, vl.list);
          return undefined;
        }
        if (vl.err === EOF) {
          set(data, k, '');
          return EOF;
        }
        if (vl.err === NOT_LIST) {
          set(data, k, this.read(this.val()));
          return undefined;
        }
        return vl.err;
      }
      case ',':
        set(data, k, '');
        return new Error(`key ${quote(k)} has no value (cannot end with ,)`);
      default: {
        // '.': descend into (or create) the nested map.
        nestedLevel++;
        if (nestedLevel > MAX_NESTED_NAME_LEVEL) {
          return new Error(
            `value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`,
          );
        }
        const inner = Object.hasOwn(data, k) ? assertMap(data[k]) : {};
        const e = this.key(inner, nestedLevel);
        if (e === undefined && Object.keys(inner).length === 0) return new Error(`key map ${quote(k)} has no value`);
        if (Object.keys(inner).length !== 0) set(data, k, inner);
        return e;
      }
    }
  }

  /** The digits between `[` and `]`, as strconv.Atoi reads them; throws with Go's error text. */
  private keyIndex(): number {
    const { text, eof } = this.runesUntil(']');
    if (eof) throw EOF;
    return atoi(text);
  }

  private listItem(list: unknown[], i: number, nestedLevel: number): { list: unknown[]; err?: Error } {
    if (i < 0) return { list, err: new Error(`negative ${i} index not allowed`) };
    const { text: k, last, eof } = this.runesUntil('[.=');
    // Go formats the []rune with %q: each rune quoted, `['a' 'b']`.
    if (k.length > 0) {
      const runes = Array.from(k).map((r) => quoteRune(r.codePointAt(0)!));
      return { list, err: new Error(`unexpected data at end of array index: [${runes.join(' ')}]`) };
    }
    if (eof) return { list, err: EOF };
    switch (last) {
      case '=': {
        if (this.values === 'json') {
          if (this.emptyVal()) return setIndex(list, i, null);
          const res = setIndex(list, i, this.jsonValue());
          if (res.err === undefined) this.emptyVal();
          return res;
        }
        const vl = this.valList();
        if (vl.err === undefined) return setIndex(list, i, vl.list);
        if (vl.err === EOF) return setIndex(list, i, '');
        if (vl.err === NOT_LIST) return setIndex(list, i, this.read(this.val()));
        return { list, err: vl.err };
      }
      case '[': {
        let nextI: number;
        try {
          nextI = this.keyIndex();
        } catch (e) {
          return { list, err: new Error(`error parsing index: ${(e as Error).message}`) };
        }
        const existing = list.length > i && !isNil(list[i]) ? assertList(list[i]) : [];
        const res = this.listItem(existing, nextI, nestedLevel);
        if (res.err !== undefined) return { list, err: res.err };
        return setIndex(list, i, res.list);
      }
      default: {
        // '.': an object inside the list element.
        let inner: Values = {};
        if (list.length > i) {
          if (isMap(list[i])) inner = list[i] as Values;
          else list[i] = inner; // indices out of order: start an empty map
        }
        const e = this.key(inner, nestedLevel);
        if (e !== undefined) return { list, err: e };
        return setIndex(list, i, inner);
      }
    }
  }

  private val(): string {
    return this.runesUntil(',').text;
  }

  /** `{a,b}` list syntax; NOT_LIST when the value does not start with `{`. */
  private valList(): { list: unknown[]; err?: Error } {
    const r = this.readRune();
    if (r === undefined) return { list: [], err: EOF };
    if (r !== '{') {
      this.unreadRune();
      return { list: [], err: NOT_LIST };
    }
    const list: unknown[] = [];
    for (;;) {
      const { text, last, eof } = this.runesUntil(',}');
      if (eof) return { list, err: new Error("list must terminate with '}'") };
      list.push(this.read(text));
      if (last === '}') {
        const next = this.readRune();
        if (next !== undefined && next !== ',') this.unreadRune();
        return { list };
      }
    }
  }

  private typedVal(val: string): unknown {
    if (this.stringOnly) return val;
    const lower = val.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (lower === 'null') return null;
    if (val === '0') return new GoNumber('int64', 0n);
    if (val.length !== 0 && val[0] !== '0') {
      const n = parseInt64(val);
      if (n !== undefined) return new GoNumber('int64', n);
    }
    return val;
  }
}

function set(data: Values, key: string, val: unknown): void {
  if (key.length === 0) return;
  setOwn(data, key, val);
}

function setIndex(list: unknown[], index: number, val: unknown): { list: unknown[]; err?: Error } {
  if (index < 0) return { list, err: new Error(`negative ${index} index not allowed`) };
  if (index > MAX_INDEX) {
    return { list, err: new Error(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`) };
  }
  if (list.length <= index) {
    const grown: unknown[] = list.slice();
    while (grown.length <= index) grown.push(null);
    list = grown;
  }
  list[index] = val;
  return { list };
}

function assertList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  throw new Panic(`interface conversion: interface {} is ${panicTypeName(v)}, not []interface {}`);
}

function assertMap(v: unknown): Values {
  if (isMap(v)) return v;
  throw new Panic(`interface conversion: interface {} is ${panicTypeName(v)}, not map[string]interface {}`);
}

function panicTypeName(v: unknown): string {
  return isNil(v) ? 'nil' : typeName(v);
}

/** strconv.ParseInt(s, 10, 64) without error detail: optional sign, decimal digits, int64 range. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n) return undefined;
  return n;
}

/** strconv.Atoi with Go's error texts. */
function atoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new Error(`strconv.Atoi: parsing ${quote(s)}: invalid syntax`);
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n) {
    throw new Error(`strconv.Atoi: parsing ${quote(s)}: value out of range`);
  }
  return Number(n);
}

/** Where the JSON document at the start of `text` ends (leading whitespace included), as encoding/json's scanner finds
 *  it; throws on a malformed or unfinished document. */
function jsonValueEnd(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw new Error(i < text.length ? `invalid character ${quote(text[i]!)} in JSON value` : 'unexpected end of JSON input');
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail();
          string();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === close) {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '"') return string();
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    }
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += m![0].length;
  };
  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
  };
  value();
  return i;
}
