// A goyaml-compatible block emitter (libyaml's emitterc.go state machine, reduced to what Marshal of plain Go data
// produces: block mappings and sequences, `[]`/`{}` when empty, scalars in plain / single / double / literal style).
//
// Input tree: null, boolean, string, bigint (Go int/uint), number (float64), arrays, plain objects.
// Mode 'v2' = goyaml.v2 Marshal (sequences not indented under their key); 'v3' = goyaml.v3 Encoder.SetIndent(2).

import { formatFloat } from '../gotemplate/values.js';
import { isBase60Float, resolvePlain } from './resolve.js';

export type EmitMode = 'v2' | 'v3';

type Style = 'plain' | 'single' | 'double' | 'literal';

interface Analysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

const BEST_INDENT = 2;
/** goyaml.v2 folds long scalars at 80 columns; goyaml.v3's Encoder does not fold. */
const BEST_WIDTH: Record<EmitMode, number> = { v2: 80, v3: Infinity };
/** libyaml's limit for a simple (`key:`) mapping key, in bytes. */
const MAX_SIMPLE_KEY_BYTES = 128;

const OLD_BOOLS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

export function emitYaml(tree: unknown, mode: EmitMode): string {
  const e = new Emitter(mode);
  e.document(tree);
  return e.finish();
}

/** keyList.Less (sorter.go) for string keys: letters by code point, non-letters before letters, digit runs numerically. */
export function compareYamlKeys(a: string, b: string): number {
  if (a === b) return 0;
  return keyLess(a, b) ? -1 : keyLess(b, a) ? 1 : 0;
}

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

function keyLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = LETTER.test(ar[i]!);
    const bl = LETTER.test(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      // Inside a number (a non-zero digit precedes), a zero is an ordinary digit; leading zeros compare by length.
      for (let j = i - 1; j >= 0 && DIGIT.test(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && DIGIT.test(ar[ai]!); ai++) an = an * 10n + BigInt(ar[ai]!.codePointAt(0)! - 48);
    let bi = i;
    for (; bi < br.length && DIGIT.test(br[bi]!); bi++) bn = bn * 10n + BigInt(br[bi]!.codePointAt(0)! - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}

function isBreak(c: string | undefined): boolean {
  return c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
}

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/** libyaml's is_printable: no C0/C1 controls (bar \n), no astral plane, no BOM / U+FFFE / U+FFFF. */
function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

function utf8Length(s: string): number {
  let n = 0;
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** yaml_emitter_analyze_scalar: which styles can carry the text unchanged. */
function analyzeScalar(value: string, mode: EmitMode): Analysis {
  if (value === '') {
    return { multiline: false, flowPlainAllowed: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  const chars = Array.from(value);
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let special = false;
  let tabs = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  const last = chars.length - 1;
  chars.forEach((c, i) => {
    const followedByWhitespace = i === last || isBlank(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (c === '?' || c === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (c === '-' && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else if (',?[]{}'.includes(c)) {
      flowIndicators = true;
    } else if (c === ':') {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (c === '#' && precededByWhitespace) {
      flowIndicators = true;
      blockIndicators = true;
    }
    // goyaml.v3 keeps tabs out of plain and single-quoted scalars but lets literal blocks carry them.
    if (c === '\t' && mode === 'v3') tabs = true;
    else if (!isPrintable(c)) special = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlank(c) || isBreak(c);
  });
  const a: Analysis = {
    multiline: lineBreaks,
    flowPlainAllowed: true,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: true,
  };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace || tabs) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

class Emitter {
  private readonly out: string[] = [];
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private readonly indents: number[] = [];
  private flowLevel = 0;
  private mappingContext = false;
  private simpleKeyContext = false;

  private readonly bestWidth: number;

  constructor(private readonly mode: EmitMode) {
    this.bestWidth = BEST_WIDTH[mode];
  }

  document(tree: unknown): void {
    this.node(tree, { mapping: false, simpleKey: false });
    // Document end (implicit): finish the last line.
    this.writeIndent();
  }

  finish(): string {
    return this.out.join('');
  }

  private node(v: unknown, ctx: { mapping: boolean; simpleKey: boolean; analysis?: Analysis }): void {
    this.mappingContext = ctx.mapping;
    this.simpleKeyContext = ctx.simpleKey;
    if (Array.isArray(v)) {
      if (v.length === 0 || this.flowLevel > 0) this.emptyFlow('[', ']');
      else this.blockSequence(v);
      return;
    }
    if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v).sort(compareYamlKeys);
      if (keys.length === 0 || this.flowLevel > 0) this.emptyFlow('{', '}');
      else this.blockMapping(v as Record<string, unknown>, keys);
      return;
    }
    this.scalar(v, ctx.analysis);
  }

  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.indent = this.indents.pop()!;
    this.writeIndicator(close, false, false, false);
  }

  private blockSequence(items: unknown[]): void {
    const indentless = this.mode === 'v2' && this.mappingContext && !this.indention;
    this.increaseIndent(false, indentless);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, { mapping: false, simpleKey: false });
    }
    this.indent = this.indents.pop()!;
  }

  private blockMapping(map: Record<string, unknown>, keys: string[]): void {
    this.increaseIndent(false, false);
    for (const key of keys) {
      this.writeIndent();
      const analysis = analyzeScalar(key, this.mode);
      if (!analysis.multiline && utf8Length(key) <= MAX_SIMPLE_KEY_BYTES) {
        this.node(key, { mapping: true, simpleKey: true, analysis });
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(key, { mapping: true, simpleKey: false, analysis });
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(map[key], { mapping: true, simpleKey: false });
    }
    this.indent = this.indents.pop()!;
  }

  /** yaml_emitter_increase_indent. (goyaml.v3's variant rounds to multiples of the indent, which with an indent of 2
   *  and even columns is the same step.) */
  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private scalar(v: unknown, given?: Analysis): void {
    const [text, requested] = this.scalarText(v);
    const analysis = given ?? analyzeScalar(text, this.mode);
    const style = this.selectStyle(requested, analysis, text);
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    switch (style) {
      case 'plain':
        this.writePlain(text, allowBreaks);
        break;
      case 'single':
        this.writeSingleQuoted(text, allowBreaks);
        break;
      case 'double':
        this.writeDoubleQuoted(text, allowBreaks);
        break;
      case 'literal':
        this.writeLiteral(text);
        break;
    }
    this.indent = this.indents.pop()!;
  }

  /** The encoder's text and requested style for a Go value (encode.go stringv / floatv / intv …). */
  private scalarText(v: unknown): [string, Style] {
    if (v === null || v === undefined) return ['null', 'plain'];
    if (typeof v === 'boolean') return [v ? 'true' : 'false', 'plain'];
    if (typeof v === 'bigint') return [v.toString(), 'plain'];
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return ['.nan', 'plain'];
      if (v === Infinity) return ['.inf', 'plain'];
      if (v === -Infinity) return ['-.inf', 'plain'];
      return [formatFloat(v), 'plain'];
    }
    const s = String(v);
    const canUsePlain = resolvePlain(s).tag === 'str' && !isBase60Float(s) && !(this.mode === 'v3' && OLD_BOOLS.has(s));
    if (s.includes('\n')) return [s, 'literal'];
    return [s, canUsePlain ? 'plain' : 'double'];
  }

  /** yaml_emitter_select_scalar_style. */
  private selectStyle(requested: Style, a: Analysis, text: string): Style {
    let style = requested;
    if (this.simpleKeyContext && a.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlainAllowed) || (this.flowLevel === 0 && !a.blockPlainAllowed)) style = 'single';
      if (text === '' && (this.flowLevel > 0 || this.simpleKeyContext)) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || this.flowLevel > 0 || this.simpleKeyContext)) style = 'double';
    return style;
  }

  private put(s: string): void {
    this.out.push(s);
    this.column++;
  }

  private putBreak(): void {
    this.out.push('\n');
    this.column = 0;
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.out.push(indicator);
    this.column += indicator.length;
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private writePlain(text: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    const chars = Array.from(text);
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > this.bestWidth && chars[i + 1] !== ' ') this.writeIndent();
        else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        this.indention = false;
        spaces = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(text: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    const chars = Array.from(text);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i > 0 && i < chars.length - 1 && chars[i + 1] !== ' ') {
          this.writeIndent();
        } else this.put(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === "'") this.put("'");
        this.put(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
  }

  private writeDoubleQuoted(text: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    const chars = Array.from(text);
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (!isPrintable(c) || c === '\ufeff' || isBreak(c) || c === '"' || c === '\\') {
        this.put('\\');
        for (const ch of doubleQuotedEscape(c)) this.put(ch);
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i !== 0 && i !== chars.length - 1) {
          this.writeIndent();
          if (chars[i + 1] === ' ') this.put('\\');
        } else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
  }

  private writeLiteral(text: string): void {
    this.writeIndicator('|', true, false, false);
    this.writeBlockScalarHints(text);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of text) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) {
          this.writeIndent();
          breaks = false;
        }
        this.put(c);
        this.indention = false;
      }
    }
  }

  private writeBlockScalarHints(text: string): void {
    const chars = Array.from(text);
    if (chars[0] === ' ' || isBreak(chars[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    let chomp = '';
    const last = chars.length - 1;
    if (chars.length === 0 || !isBreak(chars[last])) chomp = '-';
    else if (last === 0 || isBreak(chars[last - 1])) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
  }

  private writeBreak(c: string): void {
    if (c === '\n') this.putBreak();
    else {
      this.out.push(c);
      this.column = 0;
    }
  }
}

const SHORT_ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\u0085': 'N',
  '\u00a0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

/** The text after the backslash for a character a double-quoted scalar must escape. */
function doubleQuotedEscape(c: string): string {
  if (Object.hasOwn(SHORT_ESCAPES, c)) return SHORT_ESCAPES[c]!;
  const cp = c.codePointAt(0)!;
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return 'x' + hex.padStart(2, '0');
  if (cp <= 0xffff) return 'u' + hex.padStart(4, '0');
  return 'U' + hex.padStart(8, '0');
}
