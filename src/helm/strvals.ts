// Helm's pkg/strvals: the `--set` / `--set-string` mini-language (`a.b=c,l[0]=x,m={a,b}`), as in helm v3.17.
//
// Go's parser reads runes from a buffer and signals the end of input with the io.EOF sentinel; only a bare EOF ends the
// parse quietly, wrapped ones (`error parsing index: EOF`) are real errors. Go type assertions on existing values panic
// and are recovered per key into `unable to parse key: interface conversion: …`; both behaviours are reproduced here.
import { parseJsonPrefix } from '../goencoding/json.js';
import { quote, quoteRune } from '../gotemplate/strconv.js';
import { isSpace } from '../sprig/unicode.js';
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
  new Parser(s, dest, (v) => typedVal(v, false)).parse();
}

/** Parse one `--set-string` argument into `dest` (helm's strvals.ParseIntoString). */
export function parseSetStringInto(s: string, dest: Values): void {
  new Parser(s, dest, (v) => typedVal(v, true)).parse();
}

/** Parse one `--set-file` argument into `dest` (strvals.ParseIntoFile): each value names a file, `read` returns its
 *  content (or throws with Go's error text). */
export function parseSetFileInto(s: string, dest: Values, read: (path: string) => string): void {
  new Parser(s, dest, read).parse();
}

/** Parse one `--set-json` argument into `dest` (strvals.ParseJSON): each value is one JSON value, `key=` is null. */
export function parseSetJsonInto(s: string, dest: Values): void {
  new Parser(s, dest, undefined).parse();
}

/** A value's text → the Go value stored (typed for --set, a string for --set-string, a file's content for
 *  --set-file); undefined: JSON values (--set-json). */
type ValueReader = ((text: string) => unknown) | undefined;

class Parser {
  private readonly runes: string[];
  private pos = 0;

  constructor(
    text: string,
    private readonly data: Values,
    private readonly reader: ValueReader,
  ) {
    this.runes = Array.from(text);
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
    return recoverKey(() => this.keyUnsafe(data, nestedLevel));
  }

  private keyUnsafe(data: Values, nestedLevel: number): Error | undefined {
    const { text: k, last, eof } = this.runesUntil('=[,.');
    if (eof) return k.length === 0 ? EOF : new Error(`key ${quote(k)} has no value`);
    switch (last) {
      case '[':
        return indexedKey(data, k, () => this.keyIndex(), (list, i) => this.listItem(list, i, nestedLevel));
      case '=': {
        if (this.reader === undefined) {
          const json = this.jsonVal();
          if (json.err !== undefined) return json.err;
          set(data, k, json.value);
          return this.emptyVal().err;
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
          const text = this.val();
          try {
            set(data, k, this.reader(text));
          } catch (e) {
            // Go sets the key to the reader's nil result, then reports its error.
            set(data, k, null);
            return e as Error;
          }
          return undefined;
        }
        return vl.err;
      }
      case ',':
        set(data, k, '');
        return new Error(`key ${quote(k)} has no value (cannot end with ,)`);
      default:
        return nestedKey(data, k, nestedLevel, (inner, level) => this.key(inner, level));
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
    if (k.length > 0) return { list, err: unexpectedIndexData(k) };
    if (eof) return { list, err: EOF };
    switch (last) {
      case '=': {
        if (this.reader === undefined) {
          const json = this.jsonVal();
          if (json.err !== undefined) return { list, err: json.err };
          const res = setIndex(list, i, json.value);
          if (res.err !== undefined) return res;
          return { list: res.list, err: this.emptyVal().err };
        }
        const vl = this.valList();
        if (vl.err === undefined) return setIndex(list, i, vl.list);
        if (vl.err === EOF) return setIndex(list, i, '');
        if (vl.err === NOT_LIST) {
          let v: unknown;
          try {
            v = this.reader(this.val());
          } catch (e) {
            return { list, err: e as Error };
          }
          return setIndex(list, i, v);
        }
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

  /** emptyVal: spaces up to a `,` or the end mean no value (both consumed); anything else is left unread. */
  private emptyVal(): { empty: boolean; err?: Error } {
    for (;;) {
      const r = this.readRune();
      if (r === undefined || r === ',') return { empty: true };
      if (!isSpace(r.codePointAt(0)!)) {
        this.unreadRune();
        return { empty: false };
      }
    }
  }

  /** A --set-json value: empty is null, otherwise the one JSON value that follows, then an optional `,`. */
  private jsonVal(): { value?: unknown; err?: Error } {
    if (this.emptyVal().empty) return { value: null };
    const rest = this.runes.slice(this.pos).join('');
    try {
      const { value, end } = parseJsonPrefix(rest);
      this.pos += Array.from(rest.slice(0, end)).length;
      return { value };
    } catch (e) {
      return { err: e as Error };
    }
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
    const read = this.reader!;
    for (;;) {
      const { text, last, eof } = this.runesUntil(',}');
      if (eof) return { list, err: new Error("list must terminate with '}'") };
      if (last === '}') {
        const next = this.readRune();
        if (next !== undefined && next !== ',') this.unreadRune();
        try {
          list.push(read(text));
        } catch (e) {
          list.push(null);
          return { list, err: e as Error };
        }
        return { list };
      }
      try {
        list.push(read(text));
      } catch (e) {
        return { list, err: e as Error };
      }
    }
  }
}

/** typedVal: --set's types (bool, null, int64 without a leading zero), or the text for --set-string. */
function typedVal(val: string, stringOnly: boolean): unknown {
  if (stringOnly) return val;
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

/** parser.key's recover: a failed type assertion on an existing value becomes `unable to parse key: …`. */
function recoverKey(f: () => Error | undefined): Error | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof Panic) return new Error(`unable to parse key: ${e.message}`);
    throw e;
  }
}

/** `k.…`: the rest of the key goes into the map at data[k] (created when missing and kept only when filled). */
function nestedKey(data: Values, k: string, nestedLevel: number, key: (inner: Values, level: number) => Error | undefined): Error | undefined {
  if (nestedLevel + 1 > MAX_NESTED_NAME_LEVEL) {
    return new Error(`value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`);
  }
  const inner = Object.hasOwn(data, k) ? assertMap(data[k]) : {};
  const e = key(inner, nestedLevel + 1);
  if (e === undefined && Object.keys(inner).length === 0) return new Error(`key map ${quote(k)} has no value`);
  if (Object.keys(inner).length !== 0) set(data, k, inner);
  return e;
}

/** `k[i]…`: the index, then the item of the list at data[k]. */
function indexedKey(
  data: Values,
  k: string,
  keyIndex: () => number,
  listItem: (list: unknown[], i: number) => { list: unknown[]; err?: Error },
): Error | undefined {
  let i: number;
  try {
    i = keyIndex();
  } catch (e) {
    return new Error(`error parsing index: ${(e as Error).message}`);
  }
  const list = Object.hasOwn(data, k) ? assertList(data[k]) : [];
  const res = listItem(list, i);
  set(data, k, res.list);
  return res.err;
}

/** The error for what follows `]` other than `[`, `.` or `=`: Go formats the []rune with %q, `['a' 'b']`. */
function unexpectedIndexData(k: string): Error {
  return new Error(`unexpected data at end of array index: [${Array.from(k).map((r) => quoteRune(r.codePointAt(0)!)).join(' ')}]`);
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

/** Parse one `--set-literal` argument into `dest` (strvals.ParseLiteralInto): everything after the first `=` is the
 *  string value, commas and backslashes included; keys still nest with `.` and `[i]`. */
export function parseSetLiteralInto(s: string, dest: Values): void {
  new LiteralParser(s).parse(dest);
}

class LiteralParser {
  private readonly runes: string[];
  private pos = 0;

  constructor(text: string) {
    this.runes = Array.from(text);
  }

  parse(data: Values): void {
    for (;;) {
      const err = this.key(data, 0);
      if (err === undefined) continue;
      if (err === EOF) return;
      throw err;
    }
  }

  /** runesUntilLiteral: no escapes. */
  private until(stop: string): { text: string; last: string | undefined; eof: boolean } {
    let text = '';
    while (this.pos < this.runes.length) {
      const r = this.runes[this.pos++]!;
      if (stop.includes(r)) return { text, last: r, eof: false };
      text += r;
    }
    return { text, last: undefined, eof: true };
  }

  private key(data: Values, nestedLevel: number): Error | undefined {
    return recoverKey(() => this.keyUnsafe(data, nestedLevel));
  }

  private keyUnsafe(data: Values, nestedLevel: number): Error | undefined {
    const { text: k, last, eof } = this.until('=[.');
    if (eof) return k.length === 0 ? EOF : new Error(`key ${quote(k)} has no value`);
    if (last === '=') {
      set(data, k, this.until('').text);
      return undefined;
    }
    if (last === '.') return nestedKey(data, k, nestedLevel, (inner, level) => this.key(inner, level));
    return indexedKey(data, k, () => this.keyIndex(), (list, i) => this.listItem(list, i, nestedLevel));
  }

  private keyIndex(): number {
    const { text, eof } = this.until(']');
    if (eof) throw EOF;
    return atoi(text);
  }

  private listItem(list: unknown[], i: number, nestedLevel: number): { list: unknown[]; err?: Error } {
    if (i < 0) return { list, err: new Error(`negative ${i} index not allowed`) };
    const { text: k, last, eof } = this.until('[.=');
    if (k.length > 0) return { list, err: unexpectedIndexData(k) };
    if (eof) return { list, err: EOF };
    if (last === '=') return setIndex(list, i, this.until('').text);
    if (last === '.') {
      let inner: Values = {};
      if (list.length > i) {
        if (isMap(list[i])) inner = list[i] as Values;
        else list[i] = inner;
      }
      const e = this.key(inner, nestedLevel);
      if (e !== undefined) return { list, err: e };
      return setIndex(list, i, inner);
    }
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
}
