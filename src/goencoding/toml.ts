// TOML as Helm's toToml / fromToml use it (BurntSushi/toml): the encoder over the Go value model, and a decoder into
// map[string]interface{} (integers → int64, floats → float64).

import { GoNumber, GoStruct, compareGoStrings, isMap, setOwn, typeName } from '../gotemplate/values.js';

/** An error of the toml package; `message` is Go's err.Error(). */
export class GoTomlError extends Error {}

const INDENT = '  ';

/** toml.NewEncoder(w).Encode(v). */
export function marshalToml(v: unknown): string {
  const root = v instanceof GoStruct ? v.toJSONValue() : v;
  const w = new TomlWriter();
  if (isMap(root)) w.table([], root);
  else w.bare(root);
  return w.out.join('');
}

function isTable(v: unknown): v is Record<string, unknown> {
  return isMap(v) || v instanceof GoStruct;
}

function tableOf(v: unknown): Record<string, unknown> {
  return (v instanceof GoStruct ? v.toJSONValue() : v) as Record<string, unknown>;
}

/** A non-empty list whose elements are all tables is written as [[array of tables]]. */
function isTableArray(v: unknown): v is unknown[] {
  return Array.isArray(v) && v.length > 0 && v.every(isTable);
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function quoteKey(k: string): string {
  return BARE_KEY.test(k) ? k : quoteString(k);
}

function quoteString(s: string): string {
  let out = '"';
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\b') out += '\\b';
    else if (c === '\t') out += '\\t';
    else if (c === '\n') out += '\\n';
    else if (c === '\f') out += '\\f';
    else if (c === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += c;
  }
  return out + '"';
}

class TomlWriter {
  readonly out: string[] = [];
  private written = false;

  private write(s: string): void {
    this.out.push(s);
    this.written = true;
  }

  private newline(): void {
    if (this.written) this.write('\n');
  }

  /** eMap: plain values first, then sub-tables and arrays of tables, each group by key; nil values are skipped. */
  table(path: string[], map: Record<string, unknown>): void {
    const keys = Object.keys(map).sort(compareGoStrings);
    const present = keys.filter((k) => map[k] !== null && map[k] !== undefined);
    const direct = present.filter((k) => !isTable(map[k]) && !isTableArray(map[k]));
    const sub = present.filter((k) => isTable(map[k]) || isTableArray(map[k]));
    for (const k of direct) {
      this.write(`${INDENT.repeat(path.length)}${quoteKey(k)} = ${this.value(map[k])}`);
      this.newline();
    }
    for (const k of sub) {
      const p = [...path, k];
      const v = map[k];
      if (isTableArray(v)) {
        this.arrayOfTables(p, v);
        continue;
      }
      if (p.length === 1) this.newline();
      this.write(`${INDENT.repeat(p.length - 1)}[${p.map(quoteKey).join('.')}]`);
      this.newline();
      this.table(p, tableOf(map[k]));
    }
  }

  /** A non-table top level is written as the bare value. */
  bare(v: unknown): void {
    this.write(this.value(v));
  }

  private arrayOfTables(path: string[], items: unknown[]): void {
    for (const item of items) {
      this.newline();
      this.write(`${INDENT.repeat(path.length - 1)}[[${path.map(quoteKey).join('.')}]]`);
      this.newline();
      this.table(path, tableOf(item));
    }
  }

  private value(v: unknown): string {
    if (typeof v === 'string') return quoteString(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number') return formatTomlFloat(v);
    if (v instanceof GoNumber) return typeof v.value === 'bigint' ? v.value.toString() : formatTomlFloat(v.value);
    if (v instanceof Uint8Array) return this.value(Array.from(v, (b) => BigInt(b)));
    if (Array.isArray(v)) {
      if (v.some((x) => x === null || x === undefined)) throw new GoTomlError('toml: cannot encode array with nil element');
      return `[${v.map((x) => this.value(x)).join(', ')}]`;
    }
    if (isTable(v)) {
      const m = tableOf(v);
      const keys = Object.keys(m)
        .sort(compareGoStrings)
        .filter((k) => m[k] !== null && m[k] !== undefined);
      return `{${keys.map((k) => `${quoteKey(k)} = ${this.value(m[k])}`).join(', ')}}`;
    }
    throw new GoTomlError(`toml: cannot encode a value of type ${typeName(v)}`);
  }
}

/** BurntSushi's float output: strconv 'f' with shortest digits, always with a fraction; nan / inf the TOML way. */
function formatTomlFloat(f: number): string {
  if (Number.isNaN(f)) return 'nan';
  if (!Number.isFinite(f)) return f > 0 ? 'inf' : '-inf';
  if (f === 0) return Object.is(f, -0) ? '-0.0' : '0.0';
  const [mant, expText] = f.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const point = exp + 1;
  let s: string;
  if (point <= 0) s = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) s = digits + '0'.repeat(point - digits.length);
  else s = digits.slice(0, point) + '.' + digits.slice(point);
  s = (neg ? '-' : '') + s;
  return s.includes('.') ? s : s + '.0';
}

/** toml.Unmarshal into map[string]interface{}. Date-times stay strings (the Go value model has no time.Time). */
export function parseToml(text: string): Record<string, unknown> {
  return new TomlParser(text).parse();
}

class TomlParser {
  private pos = 0;
  private line = 1;
  private readonly root: Record<string, unknown> = {};
  private current: Record<string, unknown> = this.root;
  /** Tables created by a [header] or key (redefinition is an error) vs implicitly by dotted paths. */
  private readonly defined = new Set<Record<string, unknown>>();

  constructor(private readonly s: string) {}

  parse(): Record<string, unknown> {
    for (;;) {
      this.skipWsCommentsNewlines();
      if (this.pos >= this.s.length) return this.root;
      if (this.s.startsWith('[[', this.pos)) this.arrayTableHeader();
      else if (this.peek() === '[') this.tableHeader();
      else this.keyValue(this.current);
      this.endOfLine();
    }
  }

  private fail(msg: string): never {
    throw new GoTomlError(`toml: line ${this.line}: ${msg}`);
  }

  private peek(): string | undefined {
    return this.s[this.pos];
  }

  private skipWs(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }

  private skipComment(): void {
    if (this.peek() === '#') while (this.pos < this.s.length && this.peek() !== '\n') this.pos++;
  }

  private skipWsCommentsNewlines(): void {
    for (;;) {
      this.skipWs();
      this.skipComment();
      if (this.peek() === '\n') {
        this.pos++;
        this.line++;
      } else if (this.s.startsWith('\r\n', this.pos)) {
        this.pos += 2;
        this.line++;
      } else return;
    }
  }

  private endOfLine(): void {
    this.skipWs();
    this.skipComment();
    if (this.pos < this.s.length && this.peek() !== '\n' && !this.s.startsWith('\r\n', this.pos)) {
      this.fail(`expected a top-level item to end with a newline, comment, or EOF, but got '${this.peek()}' instead`);
    }
  }

  private key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipWs();
      const c = this.peek();
      if (c === '"') parts.push(this.basicString());
      else if (c === "'") parts.push(this.literalString());
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(this.s.slice(this.pos));
        if (!m) this.fail(`bare keys cannot contain '${c ?? 'EOF'}'`);
        parts.push(m[0]);
        this.pos += m[0].length;
      }
      this.skipWs();
      if (this.peek() !== '.') return parts;
      this.pos++;
    }
  }

  private descend(table: Record<string, unknown>, parts: string[]): Record<string, unknown> {
    let t = table;
    for (const p of parts) {
      if (!Object.hasOwn(t, p)) setOwn(t, p, {});
      let next = t[p];
      if (Array.isArray(next) && next.length > 0 && isMap(next[next.length - 1])) next = next[next.length - 1];
      if (!isMap(next)) this.fail(`key '${p}' is not a table`);
      t = next;
    }
    return t;
  }

  private tableHeader(): void {
    this.pos++;
    const parts = this.key();
    if (this.peek() !== ']') this.fail(`expected ']' after table key`);
    this.pos++;
    const t = this.descend(this.root, parts);
    if (this.defined.has(t)) this.fail(`table '${parts.join('.')}' already exists`);
    this.defined.add(t);
    this.current = t;
  }

  private arrayTableHeader(): void {
    this.pos += 2;
    const parts = this.key();
    if (!this.s.startsWith(']]', this.pos)) this.fail(`expected ']]' after array table key`);
    this.pos += 2;
    const parent = this.descend(this.root, parts.slice(0, -1));
    const last = parts[parts.length - 1]!;
    if (!Object.hasOwn(parent, last)) setOwn(parent, last, []);
    const arr = parent[last];
    if (!Array.isArray(arr)) this.fail(`key '${parts.join('.')}' is not an array of tables`);
    const t: Record<string, unknown> = {};
    arr.push(t);
    this.current = t;
  }

  private keyValue(table: Record<string, unknown>): void {
    const parts = this.key();
    if (this.peek() !== '=') this.fail(`expected '=' after key '${parts.join('.')}'`);
    this.pos++;
    this.skipWs();
    const t = this.descend(table, parts.slice(0, -1));
    const last = parts[parts.length - 1]!;
    if (Object.hasOwn(t, last)) this.fail(`key '${parts.join('.')}' has already been defined`);
    setOwn(t, last, this.value());
  }

  private value(): unknown {
    const c = this.peek();
    if (c === undefined || c === '\n' || c === '\r') this.fail('expected a value');
    if (this.s.startsWith('"""', this.pos)) return this.multilineBasic();
    if (this.s.startsWith("'''", this.pos)) return this.multilineLiteral();
    if (c === '"') return this.basicString();
    if (c === "'") return this.literalString();
    if (c === '[') return this.array();
    if (c === '{') return this.inlineTable();
    const m = /^[^\s,\]}#]+(?: \d{2}:\d{2}[^\s,\]}#]*)?/.exec(this.s.slice(this.pos));
    const word = m?.[0] ?? '';
    this.pos += word.length;
    return this.atom(word);
  }

  private atom(w: string): unknown {
    if (w === 'true') return true;
    if (w === 'false') return false;
    if (/^[+-]?(inf|nan)$/.test(w)) return w.includes('nan') ? NaN : w.startsWith('-') ? -Infinity : Infinity;
    // A local date decodes to midnight UTC here (helm runs with TZ=UTC); other date-times keep their text.
    if (/^\d{4}-\d{2}-\d{2}$/.test(w)) return `${w}T00:00:00Z`;
    if (/^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|z|[+-]\d{2}:\d{2})?)?$|^\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(w)) return w;
    const clean = w.replaceAll('_', '');
    if (/^0x[0-9a-fA-F]+$|^0o[0-7]+$|^0b[01]+$/.test(clean)) return new GoNumber('int64', BigInt(clean));
    if (/^[+-]?(0|[1-9]\d*)$/.test(clean)) return new GoNumber('int64', BigInt(clean));
    if (/^[+-]?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(clean)) return Number(clean);
    return this.fail(`invalid value '${w}'`);
  }

  private basicString(): string {
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === '\n') this.fail('unexpected EOF; expected \'"\'');
      this.pos++;
      if (c === '"') return out;
      out += c === '\\' ? this.escape() : c;
    }
  }

  private escape(): string {
    const c = this.s[this.pos++];
    const simple: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\', e: '\x1b' };
    if (c !== undefined && Object.hasOwn(simple, c)) return simple[c]!;
    if (c === 'u' || c === 'U') {
      const n = c === 'u' ? 4 : 8;
      const hex = this.s.slice(this.pos, this.pos + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) this.fail(`invalid escape: '\\${c}${hex}'`);
      this.pos += n;
      return String.fromCodePoint(parseInt(hex, 16));
    }
    return this.fail(`invalid escape character '${c ?? ''}'`);
  }

  private literalString(): string {
    const end = this.s.indexOf("'", this.pos + 1);
    const nl = this.s.indexOf('\n', this.pos + 1);
    if (end < 0 || (nl >= 0 && nl < end)) this.fail("unexpected EOF; expected \"'\"");
    const out = this.s.slice(this.pos + 1, end);
    this.pos = end + 1;
    return out;
  }

  private multilineBasic(): string {
    this.pos += 3;
    if (this.peek() === '\n') this.pos++;
    let out = '';
    for (;;) {
      if (this.pos >= this.s.length) this.fail('unexpected EOF; expected \'"""\'');
      if (this.s.startsWith('"""', this.pos)) {
        this.pos += 3;
        return out;
      }
      const c = this.s[this.pos++]!;
      if (c === '\n') this.line++;
      if (c !== '\\') {
        out += c;
        continue;
      }
      if (/^[ \t]*\r?\n/.test(this.s.slice(this.pos))) {
        // A line-ending backslash trims the break and the whitespace after it.
        while (/[ \t\r\n]/.test(this.peek() ?? '')) if (this.s[this.pos++] === '\n') this.line++;
      } else out += this.escape();
    }
  }

  private multilineLiteral(): string {
    this.pos += 3;
    if (this.peek() === '\n') this.pos++;
    const end = this.s.indexOf("'''", this.pos);
    if (end < 0) this.fail("unexpected EOF; expected \"'''\"");
    const out = this.s.slice(this.pos, end);
    this.line += out.split('\n').length - 1;
    this.pos = end + 3;
    return out;
  }

  private array(): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    for (;;) {
      this.skipWsCommentsNewlines();
      if (this.peek() === ']') {
        this.pos++;
        return out;
      }
      out.push(this.value());
      this.skipWsCommentsNewlines();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== ']') this.fail(`expected a comma (',') or array terminator (']'), but got '${this.peek() ?? 'EOF'}'`);
    }
  }

  private inlineTable(): Record<string, unknown> {
    this.pos++;
    const t: Record<string, unknown> = {};
    this.skipWs();
    if (this.peek() === '}') {
      this.pos++;
      return t;
    }
    for (;;) {
      this.keyValue(t);
      this.skipWs();
      if (this.peek() === '}') {
        this.pos++;
        return t;
      }
      if (this.peek() !== ',') this.fail(`expected a comma or an inline table terminator '}', but got '${this.peek() ?? 'EOF'}'`);
      this.pos++;
      this.skipWs();
    }
  }
}
