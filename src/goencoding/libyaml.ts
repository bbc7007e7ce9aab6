// goyaml.v2's scanner and parser (libyaml's state machines, as gopkg.in/yaml.v2 v2.4.0 has them), run only to find
// the first error of a text the way sigs.k8s.io/yaml's Unmarshal meets it: the first document's events up to its end,
// and the message goyaml words (`line N: could not find expected ':'`, with goyaml's own line numbering: scanner
// errors count lines from 1, parser errors from 0). The YAML readers in yaml.ts build values; this is their authority
// on what a broken text fails with.

interface Mark {
  index: number;
  line: number;
  column: number;
}

const enum T {
  StreamStart,
  StreamEnd,
  VersionDirective,
  TagDirective,
  DocumentStart,
  DocumentEnd,
  BlockSequenceStart,
  BlockMappingStart,
  BlockEnd,
  FlowSequenceStart,
  FlowSequenceEnd,
  FlowMappingStart,
  FlowMappingEnd,
  BlockEntry,
  FlowEntry,
  Key,
  Value,
  Alias,
  Anchor,
  Tag,
  Scalar,
}

interface Token {
  type: T;
  start: Mark;
  end: Mark;
  /** Anchor/alias name, tag handle or directive handle. */
  value?: string;
  suffix?: string;
  prefix?: string;
  major?: number;
  minor?: number;
  plain?: boolean;
}

interface SimpleKey {
  possible: boolean;
  required: boolean;
  tokenNumber: number;
  mark: Mark;
}

/** A goyaml error: `scanner` decides how its line is counted. */
class YamlSyntaxError extends Error {
  constructor(
    readonly problem: string,
    readonly problemMark: Mark,
    readonly contextMark: Mark | undefined,
    readonly scanner: boolean,
  ) {
    super(problem);
  }
}

/** A failure outside the state machines (goyaml's failf), worded completely. */
class DecodeFailure extends Error {}

const NUL = 0;
const isBreak = (c: number) => c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBreakz = (c: number) => isBreak(c) || c === NUL;
const isBlank = (c: number) => c === 0x20 || c === 0x09;
const isBlankz = (c: number) => isBlank(c) || isBreakz(c);
const isAlpha = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const ch = (s: string) => s.codePointAt(0)!;

const MAX_FLOW_LEVEL = 10000;
const MAX_INDENTS = 10000;

class Scanner {
  private readonly cs: number[];
  private pos = 0;
  mark: Mark = { index: 0, line: 0, column: 0 };
  private tokens: Token[] = [];
  private head = 0;
  tokensParsed = 0;
  private tokenAvailable = false;
  private streamStartProduced = false;
  private streamEndProduced = false;
  private indent = -1;
  private indents: number[] = [];
  private simpleKeyAllowed = false;
  private simpleKeys: SimpleKey[] = [];
  private simpleKeysByTok = new Map<number, number>();
  private flowLevel = 0;

  constructor(text: string) {
    this.cs = Array.from(text, (c) => c.codePointAt(0)!);
    // The reader drops a leading BOM.
    if (this.cs[0] === 0xfeff) this.cs.shift();
  }

  private at(k = 0): number {
    return this.cs[this.pos + k] ?? NUL;
  }

  private skip(): void {
    this.pos++;
    this.mark = { index: this.mark.index + 1, line: this.mark.line, column: this.mark.column + 1 };
  }

  private skipLine(): void {
    if (this.at() === 0x0d && this.at(1) === 0x0a) {
      this.pos += 2;
      this.mark = { index: this.mark.index + 2, line: this.mark.line + 1, column: 0 };
    } else if (isBreak(this.at())) {
      this.pos++;
      this.mark = { index: this.mark.index + 1, line: this.mark.line + 1, column: 0 };
    }
  }

  private error(context: Mark | undefined, problem: string): never {
    throw new YamlSyntaxError(problem, this.mark, context, true);
  }

  /** peek_token. */
  peek(): Token {
    if (!this.tokenAvailable) this.fetchMoreTokens();
    return this.tokens[this.head]!;
  }

  /** skip_token. */
  skipToken(): void {
    this.tokenAvailable = false;
    this.tokensParsed++;
    this.streamEndProduced = this.tokens[this.head]!.type === T.StreamEnd;
    this.head++;
  }

  get ended(): boolean {
    return this.streamEndProduced;
  }

  private insert(pos: number, token: Token): void {
    if (pos < 0) this.tokens.push(token);
    else this.tokens.splice(this.head + pos, 0, token);
  }

  private fetchMoreTokens(): void {
    for (;;) {
      if (this.head !== this.tokens.length) {
        const idx = this.simpleKeysByTok.get(this.tokensParsed);
        if (idx === undefined) break;
        if (!this.simpleKeyIsValid(this.simpleKeys[idx]!)) break;
      }
      this.fetchNextToken();
    }
    this.tokenAvailable = true;
  }

  private fetchNextToken(): void {
    if (!this.streamStartProduced) return this.fetchStreamStart();
    this.scanToNextToken();
    this.unrollIndent(this.mark.column);
    const c = this.at();
    if (c === NUL) return this.fetchStreamEnd();
    if (this.mark.column === 0 && c === ch('%')) return this.fetchDirective();
    const threeOf = (x: number) => c === x && this.at(1) === x && this.at(2) === x && isBlankz(this.at(3));
    if (this.mark.column === 0 && threeOf(ch('-'))) return this.fetchDocumentIndicator(T.DocumentStart);
    if (this.mark.column === 0 && threeOf(ch('.'))) return this.fetchDocumentIndicator(T.DocumentEnd);
    if (c === ch('[')) return this.fetchFlowCollectionStart(T.FlowSequenceStart);
    if (c === ch('{')) return this.fetchFlowCollectionStart(T.FlowMappingStart);
    if (c === ch(']')) return this.fetchFlowCollectionEnd(T.FlowSequenceEnd);
    if (c === ch('}')) return this.fetchFlowCollectionEnd(T.FlowMappingEnd);
    if (c === ch(',')) return this.fetchFlowEntry();
    if (c === ch('-') && isBlankz(this.at(1))) return this.fetchBlockEntry();
    if (c === ch('?') && (this.flowLevel > 0 || isBlankz(this.at(1)))) return this.fetchKey();
    if (c === ch(':') && (this.flowLevel > 0 || isBlankz(this.at(1)))) return this.fetchValue();
    if (c === ch('*')) return this.fetchAnchor(T.Alias);
    if (c === ch('&')) return this.fetchAnchor(T.Anchor);
    if (c === ch('!')) return this.fetchTag();
    if (c === ch('|') && this.flowLevel === 0) return this.fetchBlockScalar(true);
    if (c === ch('>') && this.flowLevel === 0) return this.fetchBlockScalar(false);
    if (c === ch("'")) return this.fetchFlowScalar(true);
    if (c === ch('"')) return this.fetchFlowScalar(false);
    const indicator = isBlankz(c) || '-?:,[]{}#&*!|>\'"%@`'.includes(String.fromCodePoint(c));
    if (
      !indicator ||
      (c === ch('-') && !isBlank(this.at(1))) ||
      (this.flowLevel === 0 && (c === ch('?') || c === ch(':')) && !isBlankz(this.at(1)))
    ) {
      return this.fetchPlainScalar();
    }
    this.error(this.mark, 'found character that cannot start any token');
  }

  private simpleKeyIsValid(k: SimpleKey): boolean {
    if (!k.possible) return false;
    if (k.mark.line < this.mark.line || k.mark.index + 1024 < this.mark.index) {
      if (k.required) this.error(k.mark, "could not find expected ':'");
      k.possible = false;
      return false;
    }
    return true;
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.mark.column;
    if (!this.simpleKeyAllowed) return;
    const key: SimpleKey = {
      possible: true,
      required,
      tokenNumber: this.tokensParsed + (this.tokens.length - this.head),
      mark: this.mark,
    };
    this.removeSimpleKey();
    this.simpleKeys[this.simpleKeys.length - 1] = key;
    this.simpleKeysByTok.set(key.tokenNumber, this.simpleKeys.length - 1);
  }

  private removeSimpleKey(): void {
    const k = this.simpleKeys[this.simpleKeys.length - 1]!;
    if (k.possible) {
      if (k.required) this.error(k.mark, "could not find expected ':'");
      k.possible = false;
      this.simpleKeysByTok.delete(k.tokenNumber);
    }
  }

  private increaseFlowLevel(): void {
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: this.tokensParsed + (this.tokens.length - this.head), mark: this.mark });
    this.flowLevel++;
    if (this.flowLevel > MAX_FLOW_LEVEL) this.error(this.simpleKeys.at(-1)!.mark, `exceeded max depth of ${MAX_FLOW_LEVEL}`);
  }

  private decreaseFlowLevel(): void {
    if (this.flowLevel > 0) {
      this.flowLevel--;
      const last = this.simpleKeys.pop()!;
      this.simpleKeysByTok.delete(last.tokenNumber);
    }
  }

  private rollIndent(column: number, number: number, type: T, mark: Mark): void {
    if (this.flowLevel > 0) return;
    if (this.indent < column) {
      this.indents.push(this.indent);
      this.indent = column;
      if (this.indents.length > MAX_INDENTS) this.error(this.simpleKeys.at(-1)!.mark, `exceeded max depth of ${MAX_INDENTS}`);
      this.insert(number > -1 ? number - this.tokensParsed : -1, { type, start: mark, end: mark });
    }
  }

  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      this.insert(-1, { type: T.BlockEnd, start: this.mark, end: this.mark });
      this.indent = this.indents.pop()!;
    }
  }

  private fetchStreamStart(): void {
    this.indent = -1;
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: this.mark });
    this.simpleKeyAllowed = true;
    this.streamStartProduced = true;
    this.insert(-1, { type: T.StreamStart, start: this.mark, end: this.mark });
  }

  private fetchStreamEnd(): void {
    if (this.mark.column !== 0) this.mark = { index: this.mark.index, line: this.mark.line + 1, column: 0 };
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, { type: T.StreamEnd, start: this.mark, end: this.mark });
  }

  private fetchDirective(): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanDirective());
  }

  private fetchDocumentIndicator(type: T): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const start = this.mark;
    this.skip();
    this.skip();
    this.skip();
    this.insert(-1, { type, start, end: this.mark });
  }

  private fetchFlowCollectionStart(type: T): void {
    this.saveSimpleKey();
    this.increaseFlowLevel();
    this.simpleKeyAllowed = true;
    const start = this.mark;
    this.skip();
    this.insert(-1, { type, start, end: this.mark });
  }

  private fetchFlowCollectionEnd(type: T): void {
    this.removeSimpleKey();
    this.decreaseFlowLevel();
    this.simpleKeyAllowed = false;
    const start = this.mark;
    this.skip();
    this.insert(-1, { type, start, end: this.mark });
  }

  private fetchFlowEntry(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = this.mark;
    this.skip();
    this.insert(-1, { type: T.FlowEntry, start, end: this.mark });
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.error(this.mark, 'block sequence entries are not allowed in this context');
      this.rollIndent(this.mark.column, -1, T.BlockSequenceStart, this.mark);
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = this.mark;
    this.skip();
    this.insert(-1, { type: T.BlockEntry, start, end: this.mark });
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.error(this.mark, 'mapping keys are not allowed in this context');
      this.rollIndent(this.mark.column, -1, T.BlockMappingStart, this.mark);
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = this.flowLevel === 0;
    const start = this.mark;
    this.skip();
    this.insert(-1, { type: T.Key, start, end: this.mark });
  }

  private fetchValue(): void {
    const k = this.simpleKeys[this.simpleKeys.length - 1]!;
    if (this.simpleKeyIsValid(k)) {
      this.insert(k.tokenNumber - this.tokensParsed, { type: T.Key, start: k.mark, end: k.mark });
      this.rollIndent(k.mark.column, k.tokenNumber, T.BlockMappingStart, k.mark);
      k.possible = false;
      this.simpleKeysByTok.delete(k.tokenNumber);
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.error(this.mark, 'mapping values are not allowed in this context');
        this.rollIndent(this.mark.column, -1, T.BlockMappingStart, this.mark);
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    const start = this.mark;
    this.skip();
    this.insert(-1, { type: T.Value, start, end: this.mark });
  }

  private fetchAnchor(type: T): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanAnchor(type));
  }

  private fetchTag(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanTag());
  }

  private fetchBlockScalar(literal: boolean): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.insert(-1, this.scanBlockScalar(literal));
  }

  private fetchFlowScalar(single: boolean): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanFlowScalar(single));
  }

  private fetchPlainScalar(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(-1, this.scanPlainScalar());
  }

  private scanToNextToken(): void {
    for (;;) {
      if (this.mark.column === 0 && this.at() === 0xfeff) this.skip();
      while (this.at() === 0x20 || ((this.flowLevel > 0 || !this.simpleKeyAllowed) && this.at() === 0x09)) this.skip();
      if (this.at() === ch('#')) while (!isBreakz(this.at())) this.skip();
      if (!isBreak(this.at())) return;
      this.skipLine();
      if (this.flowLevel === 0) this.simpleKeyAllowed = true;
    }
  }

  private skipBlanksAndComment(): void {
    while (isBlank(this.at())) this.skip();
    if (this.at() === ch('#')) while (!isBreakz(this.at())) this.skip();
  }

  private scanDirective(): Token {
    const start = this.mark;
    this.skip();
    let name = '';
    while (isAlpha(this.at())) {
      name += String.fromCodePoint(this.at());
      this.skip();
    }
    if (name === '') this.error(start, 'could not find expected directive name');
    if (!isBlankz(this.at())) this.error(start, 'found unexpected non-alphabetical character');
    let token: Token;
    if (name === 'YAML') {
      while (isBlank(this.at())) this.skip();
      const major = this.versionNumber(start);
      if (this.at() !== ch('.')) this.error(start, "did not find expected digit or '.' character");
      this.skip();
      const minor = this.versionNumber(start);
      token = { type: T.VersionDirective, start, end: this.mark, major, minor };
    } else if (name === 'TAG') {
      while (isBlank(this.at())) this.skip();
      const handle = this.scanTagHandle(true, start);
      if (!isBlank(this.at())) this.error(start, 'did not find expected whitespace');
      while (isBlank(this.at())) this.skip();
      const prefix = this.scanTagUri(true, '', start);
      if (!isBlankz(this.at())) this.error(start, 'did not find expected whitespace or line break');
      token = { type: T.TagDirective, start, end: this.mark, value: handle, prefix };
    } else {
      this.error(start, 'found unknown directive name');
    }
    this.skipBlanksAndComment();
    if (!isBreakz(this.at())) this.error(start, 'did not find expected comment or line break');
    if (isBreak(this.at())) this.skipLine();
    return token;
  }

  private versionNumber(start: Mark): number {
    let value = 0;
    let length = 0;
    while (isDigit(this.at())) {
      if (++length > 2) this.error(start, 'found extremely long version number');
      value = value * 10 + (this.at() - 0x30);
      this.skip();
    }
    if (length === 0) this.error(start, 'did not find expected version number');
    return value;
  }

  private scanAnchor(type: T): Token {
    const start = this.mark;
    this.skip();
    let s = '';
    while (isAlpha(this.at())) {
      s += String.fromCodePoint(this.at());
      this.skip();
    }
    const end = this.mark;
    const c = this.at();
    if (s === '' || !(isBlankz(c) || '?:,]}%@`'.includes(String.fromCodePoint(c)))) {
      this.error(start, 'did not find expected alphabetic or numeric character');
    }
    return { type, start, end, value: s };
  }

  private scanTag(): Token {
    const start = this.mark;
    let handle: string;
    let suffix: string;
    if (this.at(1) === ch('<')) {
      this.skip();
      this.skip();
      handle = '';
      suffix = this.scanTagUri(false, '', start);
      if (this.at() !== ch('>')) this.error(start, "did not find the expected '>'");
      this.skip();
    } else {
      handle = this.scanTagHandle(false, start);
      if (handle[0] === '!' && handle.length > 1 && handle.endsWith('!')) suffix = this.scanTagUri(false, '', start);
      else {
        suffix = this.scanTagUri(false, handle, start);
        handle = '!';
        if (suffix === '') [handle, suffix] = [suffix, handle];
      }
    }
    if (!isBlankz(this.at())) this.error(start, 'did not find expected whitespace or line break');
    return { type: T.Tag, start, end: this.mark, value: handle, suffix };
  }

  private scanTagHandle(directive: boolean, start: Mark): string {
    if (this.at() !== ch('!')) this.error(start, "did not find expected '!'");
    let s = '!';
    this.skip();
    while (isAlpha(this.at())) {
      s += String.fromCodePoint(this.at());
      this.skip();
    }
    if (this.at() === ch('!')) {
      s += '!';
      this.skip();
    } else if (directive && s !== '!') this.error(start, "did not find expected '!'");
    return s;
  }

  private scanTagUri(directive: boolean, head: string, start: Mark): string {
    let s = head.length > 1 ? head.slice(1) : '';
    let hasTag = head.length > 0;
    for (;;) {
      const c = this.at();
      if (!(isAlpha(c) || ";/?:@&=+$,.!~*'()[]%".includes(String.fromCodePoint(c))) || c === NUL) break;
      if (c === ch('%')) s += this.scanUriEscapes(directive, start);
      else {
        s += String.fromCodePoint(c);
        this.skip();
      }
      hasTag = true;
    }
    if (!hasTag) this.error(start, 'did not find expected tag URI');
    return s;
  }

  private scanUriEscapes(_directive: boolean, start: Mark): string {
    let w = 1024;
    const bytes: number[] = [];
    while (w > 0) {
      if (!(this.at() === ch('%') && isHex(this.at(1)) && isHex(this.at(2)))) this.error(start, 'did not find URI escaped octet');
      const octet = parseInt(String.fromCodePoint(this.at(1), this.at(2)), 16);
      if (w === 1024) {
        w = (octet & 0x80) === 0 ? 1 : (octet & 0xe0) === 0xc0 ? 2 : (octet & 0xf0) === 0xe0 ? 3 : (octet & 0xf8) === 0xf0 ? 4 : 0;
        if (w === 0) this.error(start, 'found an incorrect leading UTF-8 octet');
      } else if ((octet & 0xc0) !== 0x80) this.error(start, 'found an incorrect trailing UTF-8 octet');
      bytes.push(octet);
      this.skip();
      this.skip();
      this.skip();
      w--;
    }
    return String.fromCharCode(...bytes);
  }

  private scanBlockScalar(literal: boolean): Token {
    const start = this.mark;
    this.skip();
    let increment = 0;
    const sign = () => this.at() === ch('+') || this.at() === ch('-');
    if (sign()) {
      this.skip();
      if (isDigit(this.at())) {
        if (this.at() === ch('0')) this.error(start, 'found an indentation indicator equal to 0');
        increment = this.at() - 0x30;
        this.skip();
      }
    } else if (isDigit(this.at())) {
      if (this.at() === ch('0')) this.error(start, 'found an indentation indicator equal to 0');
      increment = this.at() - 0x30;
      this.skip();
      if (sign()) this.skip();
    }
    this.skipBlanksAndComment();
    if (!isBreakz(this.at())) this.error(start, 'did not find expected comment or line break');
    if (isBreak(this.at())) this.skipLine();
    let indent = increment > 0 ? (this.indent >= 0 ? this.indent + increment : increment) : 0;
    indent = this.blockScalarBreaks(indent, start);
    while (this.mark.column === indent && this.at() !== NUL) {
      while (!isBreakz(this.at())) this.skip();
      this.skipLine();
      indent = this.blockScalarBreaks(indent, start);
    }
    return { type: T.Scalar, start, end: this.mark, plain: false, value: literal ? '|' : '>' };
  }

  private blockScalarBreaks(indent: number, start: Mark): number {
    let maxIndent = 0;
    for (;;) {
      while ((indent === 0 || this.mark.column < indent) && this.at() === 0x20) this.skip();
      if (this.mark.column > maxIndent) maxIndent = this.mark.column;
      if ((indent === 0 || this.mark.column < indent) && this.at() === 0x09) {
        this.error(start, 'found a tab character where an indentation space is expected');
      }
      if (!isBreak(this.at())) break;
      this.skipLine();
    }
    if (indent === 0) {
      indent = Math.max(maxIndent, this.indent + 1, 1);
    }
    return indent;
  }

  private scanFlowScalar(single: boolean): Token {
    const start = this.mark;
    this.skip();
    for (;;) {
      const c = this.at();
      if (
        this.mark.column === 0 &&
        ((c === ch('-') && this.at(1) === ch('-') && this.at(2) === ch('-')) || (c === ch('.') && this.at(1) === ch('.') && this.at(2) === ch('.'))) &&
        isBlankz(this.at(3))
      ) {
        this.error(start, 'found unexpected document indicator');
      }
      if (c === NUL) this.error(start, 'found unexpected end of stream');
      while (!isBlankz(this.at())) {
        const d = this.at();
        if (single && d === ch("'") && this.at(1) === ch("'")) {
          this.skip();
          this.skip();
        } else if (single && d === ch("'")) break;
        else if (!single && d === ch('"')) break;
        else if (!single && d === ch('\\') && isBreak(this.at(1))) {
          this.skip();
          this.skipLine();
          break;
        } else if (!single && d === ch('\\')) {
          const e = String.fromCodePoint(this.at(1));
          const codeLength = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
          if (codeLength === 0 && !'0abt\tnvfre "\'\\N_LP'.includes(e)) this.error(start, 'found unknown escape character');
          this.skip();
          this.skip();
          if (codeLength > 0) {
            let value = 0;
            for (let k = 0; k < codeLength; k++) {
              if (!isHex(this.at(k))) this.error(start, 'did not find expected hexdecimal number');
              value = value * 16 + parseInt(String.fromCodePoint(this.at(k)), 16);
            }
            if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) this.error(start, 'found invalid Unicode character escape code');
            for (let k = 0; k < codeLength; k++) this.skip();
          }
        } else this.skip();
      }
      if (this.at() === ch(single ? "'" : '"')) break;
      while (isBlank(this.at()) || isBreak(this.at())) {
        if (isBlank(this.at())) this.skip();
        else this.skipLine();
      }
    }
    this.skip();
    return { type: T.Scalar, start, end: this.mark, plain: false };
  }

  private scanPlainScalar(): Token {
    let leadingBlanks = false;
    const indent = this.indent + 1;
    const start = this.mark;
    let end = this.mark;
    for (;;) {
      const c = this.at();
      if (
        this.mark.column === 0 &&
        ((c === ch('-') && this.at(1) === ch('-') && this.at(2) === ch('-')) || (c === ch('.') && this.at(1) === ch('.') && this.at(2) === ch('.'))) &&
        isBlankz(this.at(3))
      ) {
        break;
      }
      if (c === ch('#')) break;
      while (!isBlankz(this.at())) {
        const d = this.at();
        if (
          (d === ch(':') && isBlankz(this.at(1))) ||
          (this.flowLevel > 0 && (d === ch(',') || d === ch('?') || d === ch('[') || d === ch(']') || d === ch('{') || d === ch('}')))
        ) {
          break;
        }
        leadingBlanks = false;
        this.skip();
        end = this.mark;
      }
      if (!(isBlank(this.at()) || isBreak(this.at()))) break;
      while (isBlank(this.at()) || isBreak(this.at())) {
        if (isBlank(this.at())) {
          if (leadingBlanks && this.mark.column < indent && this.at() === 0x09) {
            this.error(start, 'found a tab character that violates indentation');
          }
          this.skip();
        } else {
          this.skipLine();
          leadingBlanks = true;
        }
      }
      if (this.flowLevel === 0 && this.mark.column < indent) break;
    }
    if (leadingBlanks) this.simpleKeyAllowed = true;
    return { type: T.Scalar, start, end, plain: true };
  }
}

// ---------------------------------------------------------------- parser

const enum S {
  StreamStart,
  ImplicitDocumentStart,
  DocumentStart,
  DocumentContent,
  DocumentEnd,
  BlockNode,
  BlockNodeOrIndentlessSequence,
  FlowNode,
  BlockSequenceFirstEntry,
  BlockSequenceEntry,
  IndentlessSequenceEntry,
  BlockMappingFirstKey,
  BlockMappingKey,
  BlockMappingValue,
  FlowSequenceFirstEntry,
  FlowSequenceEntry,
  FlowSequenceEntryMappingKey,
  FlowSequenceEntryMappingValue,
  FlowSequenceEntryMappingEnd,
  FlowMappingFirstKey,
  FlowMappingKey,
  FlowMappingValue,
  FlowMappingEmptyValue,
  End,
}

const enum E {
  StreamStart,
  StreamEnd,
  DocumentStart,
  DocumentEnd,
  Alias,
  Scalar,
  SequenceStart,
  SequenceEnd,
  MappingStart,
  MappingEnd,
}

interface Event {
  type: E;
  anchor?: string;
}

class Parser {
  private state = S.StreamStart;
  private states: S[] = [];
  private marks: Mark[] = [];
  private tagDirectives: string[] = [];

  constructor(private readonly s: Scanner) {}

  private fail(problem: string, mark: Mark, context?: Mark): never {
    throw new YamlSyntaxError(problem, mark, context, false);
  }

  private pop(): void {
    this.state = this.states.pop()!;
  }

  next(): Event {
    switch (this.state) {
      case S.StreamStart: {
        const t = this.s.peek();
        if (t.type !== T.StreamStart) this.fail('did not find expected <stream-start>', t.start);
        this.state = S.ImplicitDocumentStart;
        this.s.skipToken();
        return { type: E.StreamStart };
      }
      case S.ImplicitDocumentStart:
        return this.documentStart(true);
      case S.DocumentStart:
        return this.documentStart(false);
      case S.DocumentContent: {
        const t = this.s.peek();
        if ([T.VersionDirective, T.TagDirective, T.DocumentStart, T.DocumentEnd, T.StreamEnd].includes(t.type)) {
          this.pop();
          return { type: E.Scalar };
        }
        return this.node(true, false);
      }
      case S.DocumentEnd: {
        const t = this.s.peek();
        if (t.type === T.DocumentEnd) this.s.skipToken();
        this.tagDirectives = [];
        this.state = S.DocumentStart;
        return { type: E.DocumentEnd };
      }
      case S.BlockNode:
        return this.node(true, false);
      case S.BlockNodeOrIndentlessSequence:
        return this.node(true, true);
      case S.FlowNode:
        return this.node(false, false);
      case S.BlockSequenceFirstEntry:
        return this.blockSequenceEntry(true);
      case S.BlockSequenceEntry:
        return this.blockSequenceEntry(false);
      case S.IndentlessSequenceEntry:
        return this.indentlessSequenceEntry();
      case S.BlockMappingFirstKey:
        return this.blockMappingKey(true);
      case S.BlockMappingKey:
        return this.blockMappingKey(false);
      case S.BlockMappingValue:
        return this.blockMappingValue();
      case S.FlowSequenceFirstEntry:
        return this.flowSequenceEntry(true);
      case S.FlowSequenceEntry:
        return this.flowSequenceEntry(false);
      case S.FlowSequenceEntryMappingKey: {
        const t = this.s.peek();
        if (t.type !== T.Value && t.type !== T.FlowEntry && t.type !== T.FlowSequenceEnd) {
          this.states.push(S.FlowSequenceEntryMappingValue);
          return this.node(false, false);
        }
        this.s.skipToken();
        this.state = S.FlowSequenceEntryMappingValue;
        return { type: E.Scalar };
      }
      case S.FlowSequenceEntryMappingValue: {
        const t = this.s.peek();
        if (t.type === T.Value) {
          this.s.skipToken();
          const u = this.s.peek();
          if (u.type !== T.FlowEntry && u.type !== T.FlowSequenceEnd) {
            this.states.push(S.FlowSequenceEntryMappingEnd);
            return this.node(false, false);
          }
        }
        this.state = S.FlowSequenceEntryMappingEnd;
        return { type: E.Scalar };
      }
      case S.FlowSequenceEntryMappingEnd:
        this.s.peek();
        this.state = S.FlowSequenceEntry;
        return { type: E.MappingEnd };
      case S.FlowMappingFirstKey:
        return this.flowMappingKey(true);
      case S.FlowMappingKey:
        return this.flowMappingKey(false);
      case S.FlowMappingValue:
        return this.flowMappingValue(false);
      case S.FlowMappingEmptyValue:
        return this.flowMappingValue(true);
      case S.End:
        return { type: E.StreamEnd };
    }
  }

  private documentStart(implicit: boolean): Event {
    let t = this.s.peek();
    if (!implicit) {
      while (t.type === T.DocumentEnd) {
        this.s.skipToken();
        t = this.s.peek();
      }
    }
    if (implicit && ![T.VersionDirective, T.TagDirective, T.DocumentStart, T.StreamEnd].includes(t.type)) {
      this.processDirectives();
      this.states.push(S.DocumentEnd);
      this.state = S.BlockNode;
      return { type: E.DocumentStart };
    }
    if (t.type !== T.StreamEnd) {
      this.processDirectives();
      t = this.s.peek();
      if (t.type !== T.DocumentStart) this.fail('did not find expected <document start>', t.start);
      this.states.push(S.DocumentEnd);
      this.state = S.DocumentContent;
      this.s.skipToken();
      return { type: E.DocumentStart };
    }
    this.state = S.End;
    this.s.skipToken();
    return { type: E.StreamEnd };
  }

  private processDirectives(): void {
    let version = false;
    let t = this.s.peek();
    while (t.type === T.VersionDirective || t.type === T.TagDirective) {
      if (t.type === T.VersionDirective) {
        if (version) this.fail('found duplicate %YAML directive', t.start);
        if (t.major !== 1 || t.minor !== 1) this.fail('found incompatible YAML document', t.start);
        version = true;
      } else {
        if (this.tagDirectives.includes(t.value!)) this.fail('found duplicate %TAG directive', t.start);
        this.tagDirectives.push(t.value!);
      }
      this.s.skipToken();
      t = this.s.peek();
    }
    for (const h of ['!', '!!']) if (!this.tagDirectives.includes(h)) this.tagDirectives.push(h);
  }

  private node(block: boolean, indentless: boolean): Event {
    let t = this.s.peek();
    if (t.type === T.Alias) {
      this.pop();
      this.s.skipToken();
      return { type: E.Alias, anchor: t.value };
    }
    const start = t.start;
    let anchor: string | undefined;
    let tagHandle: string | undefined;
    let tagMark: Mark | undefined;
    if (t.type === T.Anchor) {
      anchor = t.value;
      this.s.skipToken();
      t = this.s.peek();
      if (t.type === T.Tag) {
        tagHandle = t.value;
        tagMark = t.start;
        this.s.skipToken();
        t = this.s.peek();
      }
    } else if (t.type === T.Tag) {
      tagHandle = t.value;
      tagMark = t.start;
      this.s.skipToken();
      t = this.s.peek();
      if (t.type === T.Anchor) {
        anchor = t.value;
        this.s.skipToken();
        t = this.s.peek();
      }
    }
    let tagged = false;
    if (tagHandle !== undefined) {
      tagged = true;
      if (tagHandle !== '' && !this.tagDirectives.includes(tagHandle)) {
        this.fail('found undefined tag handle', tagMark!, start);
      }
    }
    if (indentless && t.type === T.BlockEntry) {
      this.state = S.IndentlessSequenceEntry;
      return { type: E.SequenceStart, anchor };
    }
    if (t.type === T.Scalar) {
      this.pop();
      this.s.skipToken();
      return { type: E.Scalar, anchor };
    }
    if (t.type === T.FlowSequenceStart) {
      this.state = S.FlowSequenceFirstEntry;
      return { type: E.SequenceStart, anchor };
    }
    if (t.type === T.FlowMappingStart) {
      this.state = S.FlowMappingFirstKey;
      return { type: E.MappingStart, anchor };
    }
    if (block && t.type === T.BlockSequenceStart) {
      this.state = S.BlockSequenceFirstEntry;
      return { type: E.SequenceStart, anchor };
    }
    if (block && t.type === T.BlockMappingStart) {
      this.state = S.BlockMappingFirstKey;
      return { type: E.MappingStart, anchor };
    }
    if (anchor !== undefined || tagged) {
      this.pop();
      return { type: E.Scalar, anchor };
    }
    this.fail('did not find expected node content', t.start, start);
  }

  private blockSequenceEntry(first: boolean): Event {
    if (first) {
      this.marks.push(this.s.peek().start);
      this.s.skipToken();
    }
    let t = this.s.peek();
    if (t.type === T.BlockEntry) {
      this.s.skipToken();
      t = this.s.peek();
      if (t.type !== T.BlockEntry && t.type !== T.BlockEnd) {
        this.states.push(S.BlockSequenceEntry);
        return this.node(true, false);
      }
      this.state = S.BlockSequenceEntry;
      return { type: E.Scalar };
    }
    if (t.type === T.BlockEnd) {
      this.pop();
      this.marks.pop();
      this.s.skipToken();
      return { type: E.SequenceEnd };
    }
    this.fail("did not find expected '-' indicator", t.start, this.marks.pop());
  }

  private indentlessSequenceEntry(): Event {
    let t = this.s.peek();
    if (t.type === T.BlockEntry) {
      this.s.skipToken();
      t = this.s.peek();
      if (t.type !== T.BlockEntry && t.type !== T.Key && t.type !== T.Value && t.type !== T.BlockEnd) {
        this.states.push(S.IndentlessSequenceEntry);
        return this.node(true, false);
      }
      this.state = S.IndentlessSequenceEntry;
      return { type: E.Scalar };
    }
    this.pop();
    return { type: E.SequenceEnd };
  }

  private blockMappingKey(first: boolean): Event {
    if (first) {
      this.marks.push(this.s.peek().start);
      this.s.skipToken();
    }
    let t = this.s.peek();
    if (t.type === T.Key) {
      this.s.skipToken();
      t = this.s.peek();
      if (t.type !== T.Key && t.type !== T.Value && t.type !== T.BlockEnd) {
        this.states.push(S.BlockMappingValue);
        return this.node(true, true);
      }
      this.state = S.BlockMappingValue;
      return { type: E.Scalar };
    }
    if (t.type === T.BlockEnd) {
      this.pop();
      this.marks.pop();
      this.s.skipToken();
      return { type: E.MappingEnd };
    }
    this.fail('did not find expected key', t.start, this.marks.pop());
  }

  private blockMappingValue(): Event {
    let t = this.s.peek();
    if (t.type === T.Value) {
      this.s.skipToken();
      t = this.s.peek();
      if (t.type !== T.Key && t.type !== T.Value && t.type !== T.BlockEnd) {
        this.states.push(S.BlockMappingKey);
        return this.node(true, true);
      }
    }
    this.state = S.BlockMappingKey;
    return { type: E.Scalar };
  }

  private flowSequenceEntry(first: boolean): Event {
    if (first) {
      this.marks.push(this.s.peek().start);
      this.s.skipToken();
    }
    let t = this.s.peek();
    if (t.type !== T.FlowSequenceEnd) {
      if (!first) {
        if (t.type !== T.FlowEntry) this.fail("did not find expected ',' or ']'", t.start, this.marks.pop());
        this.s.skipToken();
        t = this.s.peek();
      }
      if (t.type === T.Key) {
        this.state = S.FlowSequenceEntryMappingKey;
        this.s.skipToken();
        return { type: E.MappingStart };
      }
      if (t.type !== T.FlowSequenceEnd) {
        this.states.push(S.FlowSequenceEntry);
        return this.node(false, false);
      }
    }
    this.pop();
    this.marks.pop();
    this.s.skipToken();
    return { type: E.SequenceEnd };
  }

  private flowMappingKey(first: boolean): Event {
    if (first) {
      this.marks.push(this.s.peek().start);
      this.s.skipToken();
    }
    let t = this.s.peek();
    if (t.type !== T.FlowMappingEnd) {
      if (!first) {
        if (t.type !== T.FlowEntry) this.fail("did not find expected ',' or '}'", t.start, this.marks.pop());
        this.s.skipToken();
        t = this.s.peek();
      }
      if (t.type === T.Key) {
        this.s.skipToken();
        t = this.s.peek();
        if (t.type !== T.Value && t.type !== T.FlowEntry && t.type !== T.FlowMappingEnd) {
          this.states.push(S.FlowMappingValue);
          return this.node(false, false);
        }
        this.state = S.FlowMappingValue;
        return { type: E.Scalar };
      }
      if (t.type !== T.FlowMappingEnd) {
        this.states.push(S.FlowMappingEmptyValue);
        return this.node(false, false);
      }
    }
    this.pop();
    this.marks.pop();
    this.s.skipToken();
    return { type: E.MappingEnd };
  }

  private flowMappingValue(empty: boolean): Event {
    let t = this.s.peek();
    if (empty) {
      this.state = S.FlowMappingKey;
      return { type: E.Scalar };
    }
    if (t.type === T.Value) {
      this.s.skipToken();
      t = this.s.peek();
      if (t.type !== T.FlowEntry && t.type !== T.FlowMappingEnd) {
        this.states.push(S.FlowMappingKey);
        return this.node(false, false);
      }
    }
    this.state = S.FlowMappingKey;
    return { type: E.Scalar };
  }
}

/**
 * What yaml.v2's Unmarshal reports for `text` before it decodes anything: the first error in the events of the first
 * document (read through its end, as goyaml's decoder does), or an alias to an anchor not yet defined. The message
 * follows `yaml: ` (for instance `line 3: could not find expected ':'`); undefined when the first document parses.
 */
export function goyamlSyntaxError(text: string): string | undefined {
  const p = new Parser(new Scanner(text));
  const anchors = new Set<string>();
  try {
    p.next(); // stream start
    let e = p.next();
    if (e.type === E.StreamEnd) return undefined;
    // The document's nodes: every event until its end, anchors recorded in order.
    let depth = 0;
    for (e = p.next(); ; e = p.next()) {
      if (e.anchor !== undefined && e.type !== E.Alias) anchors.add(e.anchor);
      if (e.type === E.Alias && !anchors.has(e.anchor!)) throw new DecodeFailure(`unknown anchor '${e.anchor}' referenced`);
      if (e.type === E.SequenceStart || e.type === E.MappingStart) depth++;
      else if (e.type === E.SequenceEnd || e.type === E.MappingEnd) depth--;
      if (depth === 0) break;
    }
    // The document end (which needs the token after the node).
    p.next();
    return undefined;
  } catch (err) {
    if (err instanceof DecodeFailure) return err.message;
    if (!(err instanceof YamlSyntaxError)) throw err;
    let line = 0;
    if (err.problemMark.line !== 0) line = err.problemMark.line + (err.scanner ? 1 : 0);
    else if (err.contextMark && err.contextMark.line !== 0) line = err.contextMark.line;
    return `${line !== 0 ? `line ${line}: ` : ''}${err.problem}`;
  }
}
