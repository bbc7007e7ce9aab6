// sigs.k8s.io/yaml as Helm uses it. Reading: goyaml.v2 (YAML 1.1 typing) → JSON → encoding/json into interface{}, so
// every number is a float64 and every key a string. Writing: json.Marshal → goyaml.v2 re-typing → goyaml.v2 emitter.

import {
  CST,
  Document,
  Lexer,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  visit,
  type Node as YamlNode,
  type ParsedNode,
} from 'yaml';
import { isUtf8 } from 'node:buffer';
import jsyaml from 'js-yaml';
import { utf8Decode } from '../gotemplate/utf8.js';
import { GoNumber, GoStruct, formatFloat, isMap as isGoMap, typeName } from '../gotemplate/values.js';
import { GoJsonError, decodeBase64, decodeUtf8, jsonKindName, marshalJson, parseJsonWith, setOwn } from './json.js';
import { GOYAML_SCHEMA } from './jsyaml.js';
import { resolvePlain, type YamlScalar } from './resolve.js';
import { goyamlSyntaxError } from './libyaml.js';
import { readerProblem } from './yamlreader.js';
import { emitYaml } from './yamlemit.js';

/** An error as sigs.k8s.io/yaml reports it; `message` is Go's err.Error(). */
export class GoYamlError extends Error {}

const PARSE_OPTIONS = {
  version: '1.1',
  schema: 'failsafe',
  uniqueKeys: false,
  merge: false,
  strict: false,
  maxAliasCount: -1,
  keepSourceTokens: false,
} as const;

/** libyaml's reader accepts only these characters (YAML 1.1 c-printable). */
const NOT_PRINTABLE = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

/** The documents as goyaml.v2's reader sees them: control characters are fatal and NEL is a line break. `source` is
 *  the text eemeli/yaml read, for error positions; `rejected`, libyaml's first error that eemeli/yaml does not see. */
interface Stream {
  docs: Document.Parsed[];
  source: string;
  rejected?: { at: number; message: string };
}

function parseStream(text: string): Stream {
  if (NOT_PRINTABLE.test(text)) {
    throw new GoYamlError(`error converting YAML to JSON: yaml: ${readerProblem(text) ?? 'control characters are not allowed'}`);
  }
  // goyaml's own scanner and parser decide whether (and how) the first document fails.
  const syntax = goyamlSyntaxError(text);
  if (syntax !== undefined) throw new GoYamlError(`error converting YAML to JSON: yaml: ${syntax}`);
  const { source, rejected } = likeLibyaml(text.replaceAll('\u0085', '\n'));
  const docs = parseAllDocuments(source, PARSE_OPTIONS);
  return { docs: Array.isArray(docs) ? docs : [], source, rejected };
}

/** Virtual tokens of eemeli/yaml's lexer: they stand for no text. */
const VIRTUAL = new Set<string>([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

/** likeLibyaml's answer: the text for eemeli/yaml, the spaces it added at the start of lines (by 0-based line), and
 *  libyaml's first error eemeli/yaml does not see (offset in `source`). */
export interface LibyamlReading {
  source: string;
  added: Map<number, number>;
  rejected?: { at: number; message: string };
}

/**
 * Where libyaml reads flow collections otherwise than eemeli/yaml, the text made to read as libyaml does.
 * - libyaml does not look at indentation inside flow collections or quoted scalars; eemeli/yaml ends either at a line
 *   indented no deeper than the block around it (YAML 1.2's rule), so `a: [1,\n2]` would fail here and parse in helm.
 *   Each such line is indented as deep as the lexer wants: spaces that flow content does not keep (flow scalars fold
 *   them away) and that move no line.
 * - inside a flow collection libyaml takes every `?` outside quotes for a key indicator: at the start of a plain
 *   scalar (`[?a]` is `[{a: null}]`) eemeli/yaml needs a space after it, which is added; inside one (`[http://x?y]`)
 *   it ends the scalar where no key may follow, an error `rejected` reports.
 * - libyaml does not skip a tab where a key may start (a line's start, after `- ` or `? `) nor left of a plain
 *   scalar's indentation on the lines after it (even a blank one): also `rejected`.
 * - inside a flow collection goyaml.v2 ends a plain scalar at `:` only before white space, so `{a:}` and `[a:]` hold
 *   the scalar `a:`; eemeli/yaml ends it before the `:`, making a pair. A one-line scalar so followed by a flow
 *   indicator is single-quoted (the same string: a plain scalar ending in `:` resolves to no other type).
 */
export function likeLibyaml(text: string): LibyamlReading {
  // Spaces added at the start of each line so far: libyaml judges tabs by the columns as written.
  const added = new Map<number, number>();
  if (!/[[{"'\t]/.test(text)) return { source: text, added };
  for (;;) {
    const lexer = new Lexer();
    const state = lexer as unknown as { indentNext: number; flowLevel: number };
    const brackets: string[] = [];
    let line = 0;
    let offset = 0;
    let afterScalarMark = false;
    let lastContent = '';
    let lineStart = true;
    let exemptUntil = 0;
    let cut = -1;
    let keyIndicator = -1;
    // The last one-line plain scalar in a flow collection, and one that goyaml reads with the `:` after it.
    let flowPlain: { start: number; end: number } | undefined;
    let colonScalar: { start: number; end: number } | undefined;
    let rejected: { at: number; message: string } | undefined;
    const reject = (at: number, message: string) => {
      if (!rejected || at < rejected.at) rejected = { at, message };
    };
    for (const token of lexer.lex(text)) {
      if (token === CST.FLOW_END) cut = line;
      else if (!VIRTUAL.has(token)) {
        // A block scalar's body also follows a scalar mark, after its `|` or `>` header.
        const plain = afterScalarMark && !/^[|>]/.test(lastContent);
        const blank = /^[ \t]+$/.test(token);
        if (token === '[' || token === '{') brackets.push(token === '[' ? ']' : '}');
        else if (token === ']' || token === '}') brackets.pop();
        else if (plain && state.flowLevel > 0 && token.includes('?')) {
          if (token[0] === '?') keyIndicator = offset + 1;
          else {
            const at = offset + token.indexOf('?');
            reject(at, `${parserAt(lineAt(text, at))}did not find expected ',' or '${brackets.at(-1) ?? ']'}'`);
          }
        }
        if (token === ':' && flowPlain?.end === offset && ',[]{}'.includes(text[offset + 1] ?? '')) {
          colonScalar = { start: flowPlain.start, end: offset + 1 };
        }
        flowPlain = plain && state.flowLevel > 0 && !token.includes('\n') ? { start: offset, end: offset + token.length } : undefined;
        if (plain) {
          const at = tabInPlainScalar(text, offset, offset + token.length, state.indentNext, line, added);
          if (at >= 0) reject(at, `${scannerAt(lineAt(text, at))}found a tab character that violates indentation`);
          // The blank lines after a plain scalar are its scanner's to judge.
          for (exemptUntil = offset + token.length; ' \t\n'.includes(text[exemptUntil] ?? 'x'); exemptUntil++);
        } else if (blank && token.includes('\t') && state.flowLevel === 0 && offset >= exemptUntil && (lineStart || /^[-?]$/.test(lastContent))) {
          // Where a key may start (a line's start, after `- ` or `? `), libyaml does not skip a tab.
          reject(offset + token.indexOf('\t'), `${scannerAt(line + 1)}found character that cannot start any token`);
        }
        for (let i = token.indexOf('\n'); i >= 0; i = token.indexOf('\n', i + 1)) line++;
        offset += token.length;
        if (token === '\n' || token.endsWith('\n')) lineStart = true;
        else if (!blank) {
          lineStart = false;
          lastContent = token;
        }
        // The lexer ends a quoted scalar before an under-indented line.
        if (unclosedQuote(token)) cut = line + 1;
      }
      afterScalarMark = token === CST.SCALAR;
      if (cut >= 0 || keyIndicator >= 0 || colonScalar) break;
    }
    if (keyIndicator >= 0) {
      text = `${text.slice(0, keyIndicator)} ${text.slice(keyIndicator)}`;
      continue;
    }
    if (colonScalar) {
      const { start, end } = colonScalar;
      text = `${text.slice(0, start)}'${text.slice(start, end).replaceAll("'", "''")}'${text.slice(end)}`;
      continue;
    }
    if (cut < 0) return { source: text, added, rejected };
    // The lexer's own requirement at this point (not public API; test/goencoding holds the result to helm's).
    const wanted = state.indentNext;
    const lines = text.split('\n');
    const at = lines[cut] ?? '';
    // Indentation is spaces only (libyaml takes a tab inside flow collections and quoted scalars for white space).
    const indent = /^ */.exec(at)![0].length;
    // A document marker ends a flow collection or scalar for libyaml too, and so does the end of the text.
    if (/^(---|\.\.\.)(\s|$)/.test(at) || at.trim() === '' || indent >= wanted) return { source: text, added, rejected };
    lines[cut] = ' '.repeat(wanted - indent) + at;
    added.set(cut, (added.get(cut) ?? 0) + wanted - indent);
    text = lines.join('\n');
  }
}

/** libyaml looks past each line of a plain scalar for its continuation: a tab left of the scalar's indentation in the
 *  leading white space of a following line is an error there. Scans the token [start, end) and the blank lines after
 *  it; `line` is the 0-based line of `start`. The tab's offset, or -1. */
function tabInPlainScalar(text: string, start: number, end: number, indent: number, line: number, added: Map<number, number>): number {
  let leading = false;
  let column = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      leading = true;
      line++;
      column = -(added.get(line) ?? 0);
    } else if (c === '\t' && leading && column < indent) return i;
    else if (c === ' ' || c === '\t') column++;
    else if (i >= end) break;
    else leading = false;
  }
  return -1;
}

/** A quoted-scalar token without its closing quote. */
function unclosedQuote(token: string): boolean {
  const q = token[0];
  if (q === '"') {
    if (token.length < 2 || !token.endsWith('"')) return true;
    let backslashes = 0;
    while (token[token.length - 2 - backslashes] === '\\') backslashes++;
    return backslashes % 2 === 1;
  }
  if (q === "'") {
    // Inside, a quote is written twice; the closing one makes the run at the end odd.
    const run = token.length - 1 - token.slice(1).replace(/'+$/, '').length;
    return run % 2 === 0;
  }
  return false;
}

/** The text libyaml reads from a file's bytes: a UTF-16 byte order mark (little or big endian) selects UTF-16,
 *  anything else is UTF-8 (a UTF-8 mark stays, and the reader skips it as libyaml does). */
export function decodeYamlBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  // A Go string keeps bytes that are not UTF-8 (the value model's escapes): libyaml's reader names them.
  return isUtf8(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : utf8Decode(bytes);
}

/** yaml.Unmarshal(text, &interface{}): the first document only, like goyaml.v2. Empty input gives null. */
export function parseYaml(text: string): unknown {
  return copyDecoded(parseYamlShared(text));
}

/** Decoded first documents by source text: one process decodes the same values files, chart files, `fromYaml`
 *  inputs and rendered manifests again for every render. Entries are shared, hence copied before they are handed out. */
const decoded = new Map<string, { value: unknown } | { error: string }>();
const DECODED_MAX = 4096;

/** parseYaml without the copy, for readers that never mutate the result (it is shared with later calls). */
export function parseYamlShared(text: string): unknown {
  let hit = decoded.get(text);
  if (hit === undefined) {
    try {
      hit = quickYaml(text);
      if (hit === undefined) {
        const { docs, source, rejected } = parseStream(text);
        hit = { value: docs.length === 0 ? null : convertDocument(docs[0]!, source, rejected, true) };
      }
    } catch (e) {
      // Only goyaml's own errors are deterministic answers worth keeping; anything else is rethrown as it was.
      if (!(e instanceof GoYamlError)) throw e;
      hit = { error: e.message };
    }
    if (decoded.size >= DECODED_MAX) decoded.clear();
    decoded.set(text, hit);
  }
  if ('error' in hit) throw new GoYamlError(hit.error);
  return hit.value;
}

/** Characters where js-yaml could part from goyaml.v2 anywhere in a text: tabs, CRs, BOMs, NELs. */
const TEXT_UNSURE = /[\t\r\ufeff\u0085]/;

/** Syntax where they could part, outside comments, block scalars and quoted scalars (whose text reads as no syntax):
 *  template braces, merge keys, anchors, aliases, tags, directives, reserved indicators or explicit keys at a token
 *  start, and a `:` right before a flow indicator (goyaml.v2 keeps `a:` as one plain scalar in `{a:}` and fails on
 *  `{a:[1]}`). */
const SYNTAX_UNSURE = /\{\{|<<|(?:^|[\s[{,])[&*!%@`?]|:[[\]{},]/;

/** A block scalar's header at the end of a line (or before a comment). */
const BLOCK_HEADER = /[|>][-+1-9]*[ \t]*(?:#.*)?$/m;

/**
 * js-yaml's reading of a one-document text, when it is sure to equal goyaml's (through JSON); undefined sends the
 * text to the spec-faithful parser, which also words every error as goyaml does. test/goencoding/quick-yaml.test.ts
 * holds the two against each other.
 */
export function quickYaml(text: string): { value: unknown } | undefined {
  if (TEXT_UNSURE.test(text) || NOT_PRINTABLE.test(text) || !oneLineEntries(text)) return undefined;
  // Block scalars js-yaml may read otherwise: see libyamlBlockTexts.
  if (BLOCK_EXPLICIT.test(text) || (!text.endsWith('\n') && BLOCK_HEADER.test(text))) return undefined;
  let v: unknown;
  try {
    v = jsyaml.load(text, { schema: GOYAML_SCHEMA });
  } catch {
    return undefined;
  }
  return readsAsGoyaml(v) ? { value: v ?? null } : undefined;
}

/**
 * Whether the text is block YAML laid out as libyaml insists and js-yaml does not check: every line outside block
 * scalars and comments is a complete `key: value`, `key:` or `- …` entry without SYNTAX_UNSURE, whose quoted scalars
 * and flow collections close on it, and
 * every entry sits at the column of an open mapping or sequence, or opens one under an entry still waiting for its value.
 */
function oneLineEntries(text: string): boolean {
  const open: Array<{ col: number; seq: boolean }> = [];
  let waiting = true;
  /** An entry at `col`: a sibling of an open collection at that column, or the first of a new one. */
  const enter = (col: number, seq: boolean): boolean => {
    // Deeper collections end here, and so does a sequence at a key's column (it may sit there); an entry left
    // waiting inside them was null.
    for (let top = open.at(-1); top && (top.col > col || (!seq && top.col === col && top.seq)); top = open.at(-1)) {
      open.pop();
      waiting = false;
    }
    const top = open.at(-1);
    if (top?.col === col && top.seq === seq) return true;
    if (waiting && (top === undefined || top.col < col || (seq && top.col === col))) {
      open.push({ col, seq });
      return true;
    }
    return false;
  };
  let blockParent = -1;
  for (const line of text.split('\n')) {
    const indent = line.search(/\S/);
    if (indent < 0 || (blockParent >= 0 && indent > blockParent)) continue;
    blockParent = -1;
    if (line[indent] === '#') continue;
    // Libyaml caps implicit keys at 1024 characters; js-yaml does not.
    if (line.length > 1000) return false;
    let i = indent;
    let dash = -1;
    while (line[i] === '-' && (i + 1 === line.length || line[i + 1] === ' ')) {
      // js-yaml misplaces the items after an empty compact `- -` entry.
      if (dash >= 0 || !enter(i, true)) return false;
      dash = i;
      waiting = true;
      for (i++; line[i] === ' '; i++);
    }
    const start = i;
    let keyed = false;
    let value = i;
    let quote = '';
    let flows = '';
    let last = ' ';
    // The line outside quoted scalars, each quoted scalar kept as its quotes: what SYNTAX_UNSURE is asked about.
    let syntax = line.slice(0, i);
    for (; i < line.length; i++) {
      const c = line[i]!;
      const prev = i === start ? ' ' : line[i - 1]!;
      const tokenStart = ' [{,:'.includes(prev);
      if (quote !== '') {
        if (c === '\\' && quote === '"') i++;
        else if (c === quote && line[i + 1] === "'" && quote === "'") i++;
        else if (c === quote) {
          quote = '';
          syntax += c;
        }
        continue;
      }
      syntax += c;
      // libyaml takes any `?` in a flow collection for a key indicator, and a `:` where a token starts for a value
      // indicator.
      if (c === '?' && flows !== '') return false;
      if (c === ':' && flows !== '' && tokenStart) return false;
      if ((c === '"' || c === "'") && tokenStart) quote = c;
      else if ((c === '[' || c === '{') && tokenStart) {
        // A collection as a key is an error to goyaml and a string to js-yaml: inside a flow mapping only values
        // may be collections, and no collection may be followed by `:`.
        if (flows.endsWith('{') && last !== ':') return false;
        flows += c;
      } else if ((c === ']' || c === '}') && flows !== '') {
        if (flows.at(-1) !== (c === ']' ? '[' : '{') || line.slice(i + 1).trimStart().startsWith(':')) return false;
        flows = flows.slice(0, -1);
      } else if (c === '#' && prev === ' ') break;
      else if (c === ':' && flows === '' && (i + 1 === line.length || line[i + 1] === ' ') && !keyed) {
        if (line[start] === '[' || line[start] === '{' || !enter(start, false)) return false;
        keyed = true;
        value = i + 1;
      }
      if (c !== ' ') last = c;
    }
    if (quote !== '' || flows !== '' || !(keyed || dash >= 0) || SYNTAX_UNSURE.test(syntax)) return false;
    const rest = line.slice(value, i).trim();
    if (/^[|>]/.test(rest)) {
      // An explicit indentation indicator is where the two part on whitespace-only lines.
      if (/^.[-+]?\d/.test(rest)) return false;
      blockParent = keyed ? start : dash;
    }
    // A `- ` or `key:` followed by nothing but a comment still waits for its value.
    waiting = rest === '' && (keyed || start === i);
  }
  return true;
}

/** False for what sigs.k8s.io/yaml renders or rejects otherwise: keys js-yaml made strings of (null, booleans,
 *  numbers) and non-finite numbers. */
function readsAsGoyaml(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (v === null || typeof v !== 'object') return true;
  if (Array.isArray(v)) return v.every(readsAsGoyaml);
  for (const [k, item] of Object.entries(v)) {
    if (resolvePlain(k).tag !== 'str' || k === 'Infinity' || k === '-Infinity' || k === 'NaN' || !readsAsGoyaml(item)) return false;
  }
  return true;
}

/** A decoded value holds only null, booleans, finite numbers, strings, arrays and plain objects (no sharing). */
function copyDecoded(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(copyDecoded);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) setOwn(out, k, copyDecoded((v as Record<string, unknown>)[k]));
  return out;
}

/** yaml.v2's own reading of the first document, before sigs.k8s.io/yaml's trip through JSON: ints stay bigint
 *  (int, int64 or uint64 in Go), floats numbers. Helm's Chart.yaml fields need it (a string field gets an int's
 *  digits but a float's 32-bit 'g' form). */
export function parseYamlTyped(text: string): unknown {
  let hit = typedDecoded.get(text);
  if (hit === undefined) {
    try {
      const { docs, source, rejected } = parseStream(text);
      hit = { value: docs.length === 0 ? null : convertDocument(docs[0]!, source, rejected, true, true) };
    } catch (e) {
      if (!(e instanceof GoYamlError)) throw e;
      hit = { error: e.message };
    }
    if (typedDecoded.size >= DECODED_MAX) typedDecoded.clear();
    typedDecoded.set(text, hit);
  }
  if ('error' in hit) throw new GoYamlError(hit.error);
  return hit.value;
}

/** parseYamlTyped's results by text (shared: its callers only read them). */
const typedDecoded = new Map<string, { value: unknown } | { error: string }>();

/** Every document of a stream (a values.yaml may hold several). */
export function parseYamlDocuments(text: string): unknown[] {
  const { docs, source, rejected } = parseStream(text);
  return docs.map((d, i) => convertDocument(d, source, rejected, i === 0));
}

/** yaml.Unmarshal(text, &map[string]interface{}) (Helm's fromYaml): null gives an empty map, other non-maps fail.
 *  `shared`: the cached value itself, for callers that never modify it (see parseYamlShared). */
export function parseYamlObject(text: string, shared = false): Record<string, unknown> {
  const v = shared ? parseYamlShared(text) : parseYaml(text);
  if (v === null) return {};
  if (isGoMap(v)) return v;
  throw new GoYamlError(
    `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKindName(v)} into Go value of type map[string]interface {}`,
  );
}

/** yaml.Unmarshal(text, &[]interface{}) (Helm's fromYamlArray). */
export function parseYamlArray(text: string): unknown[] {
  const v = parseYaml(text);
  if (v === null) return [];
  if (Array.isArray(v)) return v;
  throw new GoYamlError(
    `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKindName(v)} into Go value of type []interface {}`,
  );
}

function convertDocument(doc: Document.Parsed, source: string, rejected?: Stream['rejected'], first = false, typed = false, whole = true): unknown {
  // libyaml's objection in this document (the first one also owns what precedes it), unless eemeli/yaml found an
  // earlier problem.
  const firstError = doc.errors[0]?.pos[0] ?? Infinity;
  const from = first ? 0 : doc.range[0];
  if (rejected && rejected.at >= from && rejected.at < doc.range[2] && rejected.at <= firstError) {
    throw new GoYamlError(`error converting YAML to JSON: yaml: ${rejected.message}`);
  }
  const alone = doc.errors.length > 0 ? rootAlone(doc, source) : undefined;
  if (alone && 'root' in alone) return convertDocument(alone.root, source.slice(0, alone.root.range[1]), undefined, false, typed, false);
  const problem = alone?.error ?? (doc.errors.length > 0 ? libyamlMessage(doc, source) : keyApartFromColon(doc, source));
  if (problem !== undefined) throw new GoYamlError(`error converting YAML to JSON: yaml: ${problem}`);
  return new Converter(doc, typed, libyamlBlockTexts(doc, source, whole)).value(doc.contents as ParsedNode | null);
}

/**
 * Block scalars eemeli/yaml reads otherwise than libyaml: one with an explicit indentation indicator (its lexer drops
 * trailing lines of spaces by the first line's indentation, where libyaml keeps those deeper than the indicator's as
 * content), and one whose last line ends the text without a line break (libyaml gives that line none: `a: |\n  x`
 * is "x", and helm's toYaml trims its output's last newline, so `fromYaml (toYaml .)` meets it). Their text as
 * libyaml's scanner builds it, by node; undefined when none differs.
 */
function libyamlBlockTexts(doc: Document.Parsed, source: string, whole: boolean): Map<YamlNode, string> | undefined {
  const unbroken = whole && !/[\n\r]$/.test(source);
  if (!(unbroken ? /[|>]/ : BLOCK_EXPLICIT).test(source)) return undefined;
  let found: Map<YamlNode, string> | undefined;
  visit(doc, {
    Scalar(_, node, path) {
      if ((node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED') || !node.range) return;
      const header = /^(?:[!&]\S*\s+)*[|>]([-+1-9]*)/.exec(source.slice(node.range[0]));
      if (!header || !(/[1-9]/.test(header[1]!) || (unbroken && node.range[1] === source.length))) return;
      // libyaml's indentation around the scalar: the column of the innermost block collection (-1 at the root).
      let parent = -1;
      for (let i = path.length - 1; i >= 0; i--) {
        const n = path[i] as YamlNode;
        if ((isMap(n) || isSeq(n)) && !n.flow && n.range) {
          parent = columnAt(source, n.range[0]);
          break;
        }
      }
      const text = libyamlBlockScalar(source, node.range[0] + header[0].length - header[1]!.length - 1, parent);
      if (text !== node.value) (found ??= new Map()).set(node, text);
    },
  });
  return found;
}

/** An explicit indentation indicator in a block scalar's header. */
const BLOCK_EXPLICIT = /[|>](?:[-+]?[1-9]|[1-9][-+]?)[ \t]*(?:#.*)?$/m;

/**
 * goyaml.v2's yaml_parser_scan_block_scalar: the text of the block scalar whose `|` or `>` is at `at`, in a block
 * indented `parent` (-1 at the root). Only called on scalars eemeli/yaml parsed, so the errors cannot occur.
 */
function libyamlBlockScalar(source: string, at: number, parent: number): string {
  const literal = source[at] === '|';
  let pos = at + 1;
  let chomping = 0;
  let increment = 0;
  for (; /[-+1-9]/.test(source[pos] ?? ''); pos++) {
    const c = source[pos]!;
    if (c === '-') chomping = -1;
    else if (c === '+') chomping = 1;
    else increment = Number(c);
  }
  // The rest of the header line (blanks, a comment) and its break.
  while (pos < source.length && !'\r\n'.includes(source[pos]!)) pos++;
  let column = 0;
  const readBreak = (): string => {
    const c = source[pos]!;
    pos += c === '\r' && source[pos + 1] === '\n' ? 2 : 1;
    column = 0;
    return c === '\u2028' || c === '\u2029' ? c : '\n';
  };
  const isBreak = (): boolean => pos < source.length && '\r\n\u2028\u2029'.includes(source[pos]!);
  if (isBreak()) readBreak();
  let indent = increment > 0 ? (parent >= 0 ? parent + increment : increment) : 0;
  let trailingBreaks = '';
  const breaks = (): void => {
    let maxIndent = 0;
    for (;;) {
      while ((indent === 0 || column < indent) && source[pos] === ' ') {
        pos++;
        column++;
      }
      if (column > maxIndent) maxIndent = column;
      if (!isBreak()) break;
      trailingBreaks += readBreak();
    }
    if (indent === 0) indent = Math.max(maxIndent, parent + 1, 1);
  };
  breaks();
  let s = '';
  let leadingBreak = '';
  let leadingBlank = false;
  while (column === indent && pos < source.length) {
    const trailingBlank = source[pos] === ' ' || source[pos] === '\t';
    if (!literal && !leadingBlank && !trailingBlank && leadingBreak === '\n') {
      if (trailingBreaks === '') s += ' ';
    } else s += leadingBreak;
    leadingBreak = '';
    s += trailingBreaks;
    trailingBreaks = '';
    leadingBlank = trailingBlank;
    const start = pos;
    while (pos < source.length && !isBreak()) pos++;
    s += source.slice(start, pos);
    column += pos - start;
    if (isBreak()) leadingBreak = readBreak();
    breaks();
  }
  if (chomping !== -1) s += leadingBreak;
  if (chomping === 1) s += trailingBreaks;
  return s;
}

/**
 * goyaml.v2 decodes a document's first node and stops: libyaml only scans the token after it, so what follows a
 * closed root node may be anything that scans (`{}\n?` and ` a: 1\nb: 2` read as `{}` and `{a: 1}`). eemeli/yaml
 * reports the rest as errors. When eemeli's first error lies beyond a root that libyaml had closed (a flow collection,
 * or a block collection right of the next token): the document of the root alone, or libyaml's error for that next
 * token when it does not scan. Otherwise undefined.
 */
function rootAlone(doc: Document.Parsed, source: string): { root: Document.Parsed } | { error: string } | undefined {
  const root = doc.contents as YamlNode | null;
  const range = root?.range;
  if (!root || !range || !(isMap(root) || isSeq(root)) || doc.errors[0]!.pos[0] < range[1]) return undefined;
  const start = range[0];
  // A tab before the root already stops libyaml; tags it scans more strictly than eemeli/yaml are left to the error.
  if (source.slice(0, start).includes('\t') || /(?:^|[\s,[{])!/.test(source.slice(start, range[1]))) return undefined;
  const column = columnAt(source, start);
  // From the root's last character: its range takes in the line break after it.
  let end = range[1];
  while (end > start && /\s/.test(source[end - 1]!)) end--;
  const rest = source.slice(end);
  // The next token, past spaces, line breaks and comments; a tab or CR on the way cannot start a token.
  const next = /^(?:[ \n]|#[^\n]*)*(\S)(\S?)/.exec(rest);
  if (!next) return undefined;
  const [gapAndToken, c, after] = next as unknown as [string, string, string];
  const at = gapAndToken.length - 1 - after.length;
  const onNewLine = rest.slice(0, at).includes('\n');
  const closed = root.flow ? '[{'.includes(source[start]!) : onNewLine && at - (rest.lastIndexOf('\n', at) + 1) < column;
  if (!closed) return undefined;
  // The token's scan: quoted scalars (scanned to their end, escapes and all) and directives are left to the error.
  if ('%"\''.includes(c)) return undefined;
  const line = rest.slice(at).split('\n', 1)[0]!;
  const where = scannerAt(lineAt(source, end + at));
  if ('@`'.includes(c)) return { error: `${where}found character that cannot start any token` };
  if ('&*'.includes(c) && !/^[&*][\w-]+(?:[\s,\]}?:%@`]|$)/.test(line)) {
    return { error: `${where}did not find expected alphabetic or numeric character` };
  }
  if ('|>'.includes(c) && !/^[|>](?:[-+][1-9]?|[1-9][-+]?)?(?:[ ]+(?:#.*)?)?$/.test(line)) {
    return { error: `${where}did not find expected comment or line break` };
  }
  // Right after the root on its line, `- ` and `? ` are indicators libyaml does not allow there.
  if (!onNewLine && /^[-?](?:\s|$)/.test(line)) {
    return { error: `${where}${c === '-' ? 'block sequence entries' : 'mapping keys'} are not allowed in this context` };
  }
  const alone = parseAllDocuments(source.slice(0, range[1]), PARSE_OPTIONS);
  const first = Array.isArray(alone) ? alone[0] : undefined;
  return first && first.errors.length === 0 ? { root: first } : undefined;
}

/**
 * libyaml only takes a key without `?` when it and its `:` are on one line; eemeli/yaml also takes one that spans
 * lines or whose `:` comes on a later line. libyaml's error for the first such key, else undefined.
 */
function keyApartFromColon(doc: Document.Parsed, source: string): string | undefined {
  let problem: string | undefined;
  visit(doc, {
    Pair(_, pair, path) {
      const start = (pair.key as YamlNode | null)?.range?.[0];
      const end = (pair.key as YamlNode | null)?.range?.[1];
      if (start === undefined || end === undefined || explicitKey(source, start)) return;
      let colon = end;
      while (colon < source.length && /\s/.test(source[colon]!)) colon++;
      if (source[colon] !== ':' || !source.slice(start, colon).includes('\n')) return;
      const line = lineAt(source, colon);
      // The innermost bracket around the pair (a pair in a flow sequence sits in a map of its own, without braces).
      let bracket = '';
      for (let i = path.length - 1; i >= 0 && bracket === ''; i--) {
        const at = (path[i] as YamlNode).range?.[0];
        if ((path[i] as { flow?: boolean }).flow && at !== undefined && '[{'.includes(source[at]!)) bracket = source[at] === '[' ? ']' : '}';
      }
      problem = bracket === '' ? `${scannerAt(line)}could not find expected ':'` : `${parserAt(line)}did not find expected ',' or '${bracket}'`;
      return visit.BREAK;
    },
  });
  return problem;
}

/** Whether the key starting at `start` follows a `?` on its line (only blanks between): an explicit key. Scans back
 *  over the blanks only, so a long line costs nothing per key. */
function explicitKey(source: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && (source[i] === ' ' || source[i] === '\t')) i--;
  return source[i] === '?';
}

/** goyaml's `line N: ` prefix: a scanner error names the 1-based line and a parser error the 0-based one, so neither
 *  names the first line (goyaml omits the prefix when the 0-based line is 0). */
const scannerAt = (line: number): string => (line > 1 ? `line ${line}: ` : '');
const parserAt = (line: number): string => (line > 1 ? `line ${line - 1}: ` : '');

/** The 1-based line and the 0-based column of an offset. */
const lineAt = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;
const columnAt = (text: string, offset: number): number => offset - (text.lastIndexOf('\n', offset - 1) + 1);

/** libyaml's error for a misplaced key or scalar: it wants another `-` at a block sequence's column. */
const expectedKeyOrDash = (doc: Document.Parsed, source: string, line: number): string =>
  `${parserAt(line)}${blockSequenceSibling(doc, source, line) ? "did not find expected '-' indicator" : 'did not find expected key'}`;

/** libyaml's wording (and its line numbering) for the parse errors eemeli/yaml reports. */
function libyamlMessage(doc: Document.Parsed, source: string): string {
  const err = doc.errors[0]!;
  const line = err.linePos?.[0]?.line ?? 1;
  // Errors libyaml meets at the end of the stream are on its last line, 1-based (the scanner's view) …
  const lastLine = source.split('\n').length;
  // … and on a line of their own for the parser when the text does not end with a line break.
  const streamEnd = source.endsWith('\n') ? lastLine : lastLine + 1;
  switch (err.code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return `${scannerAt(line)}mapping values are not allowed in this context`;
    case 'BAD_INDENT':
    case 'MISSING_CHAR': {
      if (/^Missing closing ["']quote/.test(err.message)) return `${scannerAt(lastLine)}found unexpected end of stream`;
      if (err.message.startsWith('Missing , or : between flow map items')) return `${parserAt(line)}did not find expected ',' or '}'`;
      const unclosed = /^Flow (sequence|map)\b.* end with a /.exec(err.message);
      if (!unclosed) return expectedKeyOrDash(doc, source, line);
      // libyaml notices at the next token: the stream's end unless something (a document marker) came first. It
      // wants a node after an opening bracket, a comma or a colon, and a separator or the closing bracket elsewhere.
      const at = source.slice(err.pos[0]).trim() === '' ? streamEnd : line;
      const last = source.slice(0, err.pos[0]).replace(/(^|[ \t])#[^\n]*/gm, '$1').trimEnd().at(-1) ?? '';
      if ('[{,:'.includes(last)) return `${parserAt(at)}did not find expected node content`;
      return `${parserAt(at)}did not find expected ',' or '${unclosed[1] === 'map' ? '}' : ']'}'`;
    }
    case 'BAD_DQ_ESCAPE':
      return /^Invalid escape sequence \\[xuU]/.test(err.message)
        ? `${scannerAt(line)}did not find expected hexdecimal number`
        : `${scannerAt(line)}found unknown escape character`;
    case 'UNEXPECTED_TOKEN':
      if (/tab/i.test(err.message)) return `${scannerAt(line)}found character that cannot start any token`;
      if (/^Unexpected , in flow/.test(err.message)) return `${parserAt(line)}did not find expected node content`;
      return expectedKeyOrDash(doc, source, line);
    case 'TAB_AS_INDENT':
      return `${scannerAt(line)}found character that cannot start any token`;
    case 'BAD_ALIAS':
      return `unknown anchor '${/\*(\S+)/.exec(err.message)?.[1] ?? ''}' referenced`;
    default:
      return `${scannerAt(line)}${err.message.split(' at line')[0]}`;
  }
}

/** Whether 1-based `line` starts at the column of a block sequence above it without being one of its `- ` entries:
 *  libyaml then wants another `-` where eemeli/yaml reports a misplaced key or scalar. */
function blockSequenceSibling(doc: Document.Parsed, source: string, line: number): boolean {
  const lines = source.split('\n');
  const current = lines[line - 1] ?? '';
  const lineStart = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  const col = current.search(/\S/);
  if (col < 0 || /^-(\s|$)/.test(current.slice(col))) return false;
  let found = false;
  visit(doc, {
    Seq(_, node) {
      const start = node.range?.[0];
      if (node.flow || start === undefined || start >= lineStart) return;
      if (columnAt(source, start) === col) found = true;
    },
  });
  return found;
}

// goyaml.v2's defence against alias bombs (decode.go): every node decoded counts, those decoded through an alias count
// as aliased, and past 1,000 nodes and 100 aliased ones the aliased share may not exceed a ratio that falls from 99%
// (up to 400,000 nodes) to 10% (from 4,000,000).
const ALIAS_RATIO_LOW = 400_000;
const ALIAS_RATIO_HIGH = 4_000_000;

function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_HIGH) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - ALIAS_RATIO_LOW) / (ALIAS_RATIO_HIGH - ALIAS_RATIO_LOW));
}

/** Each alias of a document with the node it names: the latest anchor of that name before it, in one pass (eemeli's
 *  own lookup walks the document for every alias). An alias naming no anchor fails as goyaml's parser fails. */
function resolveAliases(doc: Document.Parsed): Map<YamlNode, YamlNode> {
  const anchors = new Map<string, YamlNode>();
  const targets = new Map<YamlNode, YamlNode>();
  visit(doc, (_, node) => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) throw new GoYamlError(`error converting YAML to JSON: yaml: unknown anchor '${node.source}' referenced`);
      targets.set(node, target);
    } else if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor) {
      anchors.set(node.anchor, node);
    }
  });
  return targets;
}

/** goyaml.v2 node → Go value → JSON-able value (string keys) → float64 numbers, decoding nodes in goyaml's order. */
class Converter {
  private readonly targets: Map<YamlNode, YamlNode>;
  /** The document node is the first one decoded. */
  private decodeCount = 1;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly expanding = new Set<YamlNode>();

  constructor(
    doc: Document.Parsed,
    private readonly typed = false,
    /** Scalars whose text libyaml reads otherwise than eemeli/yaml (libyamlBlockTexts). */
    private readonly texts?: Map<YamlNode, string>,
  ) {
    this.targets = resolveAliases(doc);
  }

  /** goyaml's bookkeeping for one node decoded. */
  private count(): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      throw new GoYamlError('error converting YAML to JSON: yaml: document contains excessive aliasing');
    }
  }

  /** Decode through an alias: `f` gets the anchored node, whose nodes count as aliased. */
  private through<T>(alias: YamlNode, f: (target: YamlNode) => T): T {
    const target = this.targets.get(alias)!;
    if (this.expanding.has(alias)) {
      throw new GoYamlError(`error converting YAML to JSON: yaml: anchor '${(alias as { source?: string }).source}' value contains itself`);
    }
    this.expanding.add(alias);
    this.aliasDepth++;
    try {
      return f(target);
    } finally {
      this.aliasDepth--;
      this.expanding.delete(alias);
    }
  }

  value(node: ParsedNode | YamlNode | null | undefined): unknown {
    this.count();
    if (isAlias(node)) return this.through(node, (target) => this.value(target));
    if (node === null || node === undefined) return null;
    if (isScalar(node)) return this.typed ? this.scalarOf(node)! : jsonScalar(this.scalarOf(node)!);
    if (isSeq(node)) return node.items.map((item) => this.value(item as ParsedNode));
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      this.fillMap(node, out);
      return out;
    }
    return null;
  }

  /** A key's Go value (undefined for a collection, which cannot be a key). */
  private key(node: ParsedNode | YamlNode | null | undefined): YamlScalar | undefined {
    this.count();
    if (isAlias(node)) return this.through(node, (target) => this.scalarOf(target));
    return this.scalarOf(node);
  }

  /** The Go value of a scalar node, or undefined for collections. */
  private scalarOf(n: ParsedNode | YamlNode | null | undefined): YamlScalar | undefined {
    if (n === null || n === undefined) return null;
    if (!isScalar(n)) return undefined;
    const text = this.texts?.get(n) ?? String(n.value ?? '');
    const tag = n.tag;
    const plain = n.type === 'PLAIN';
    if (tag === undefined || tag === '!') {
      if (!plain || tag === '!') return text;
      const r = resolvePlain(text);
      return r.tag === 'timestamp' || r.tag === 'merge' ? text : r.value;
    }
    return this.tagged(tag, text);
  }

  /** Explicit tags: the standard ones re-type the text (and fail like goyaml when they cannot); others keep it. */
  private tagged(tag: string, text: string): YamlScalar {
    const short = tag.startsWith('tag:yaml.org,2002:') ? '!!' + tag.slice('tag:yaml.org,2002:'.length) : tag;
    if (short === '!!str') return text;
    if (short === '!!binary') return decodeUtf8(decodeBase64(text.replace(/\s+/g, '')));
    const want = { '!!int': 'int', '!!float': 'float', '!!bool': 'bool', '!!null': 'null', '!!timestamp': 'timestamp' }[short];
    if (want === undefined) return text;
    const r = resolvePlain(text);
    if (r.tag === want) return r.tag === 'timestamp' ? text : r.value;
    if (want === 'float' && r.tag === 'int') return Number(r.value);
    throw new GoYamlError(`error converting YAML to JSON: yaml: cannot decode !!${r.tag} \`${text}\` as a ${short}`);
  }

  private fillMap(n: YamlNode, out: Record<string, unknown>): void {
    if (!isMap(n)) return;
    for (const pair of n.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as ParsedNode | null;
      if (isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.tag === undefined && keyNode.value === '<<') {
        this.merge(pair.value as ParsedNode | null, out);
        continue;
      }
      const key = this.key(keyNode);
      if (key === undefined) {
        const shown = isAlias(keyNode) ? this.through(keyNode, (target) => this.value(target)) : this.value(keyNode);
        throw new GoYamlError(`error converting YAML to JSON: yaml: invalid map key: ${goSyntax(shown, true)}`);
      }
      const value = this.value(pair.value as ParsedNode | null);
      if (key === null || (typeof key === 'bigint' && key > INT64_MAX)) throw unsupportedKey(key, value);
      setOwn(out, jsonKey(key), value);
    }
  }

  /** `<<`: a map, or a list of maps where earlier ones win (goyaml merges the list back to front; the list itself is
   *  not decoded, its items are). */
  private merge(node: ParsedNode | null, out: Record<string, unknown>): void {
    if (isSeq(node)) {
      for (const item of [...node.items].reverse()) this.mergeMap(item as ParsedNode, out);
      return;
    }
    this.mergeMap(node, out);
  }

  private mergeMap(node: ParsedNode | YamlNode | null, out: Record<string, unknown>): void {
    const map = isAlias(node) ? this.targets.get(node) : node;
    if (!isMap(map)) throw mergeError();
    this.count();
    if (isAlias(node)) {
      this.through(node, () => {
        this.count();
        this.fillMap(map, out);
      });
    } else this.fillMap(map, out);
  }
}

const INT64_MAX = 2n ** 63n - 1n;

/** sigs.k8s.io/yaml cannot turn nil or uint64 keys into JSON keys. */
function unsupportedKey(key: null | bigint, value: unknown): GoYamlError {
  const type = key === null ? '%!s(<nil>)' : 'uint64';
  const shown = key === null ? '<nil>' : '0x' + key.toString(16);
  return new GoYamlError(`error converting YAML to JSON: unsupported map key of type: ${type}, key: ${shown}, value: ${goSyntax(value)}`);
}

/** fmt's %+#v of a decoded value, as far as error messages need it (goyaml's own maps are keyed by interface{}). */
function goSyntax(v: unknown, yamlMaps = false): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return formatFloat(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSyntax(x, yamlMaps)).join(', ')}}`;
  const m = v as Record<string, unknown>;
  return `map[${yamlMaps ? 'interface {}' : 'string'}]interface {}{${Object.keys(m)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${goSyntax(m[k], yamlMaps)}`)
    .join(', ')}}`;
}

function mergeError(): GoYamlError {
  return new GoYamlError('error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value');
}

/** convertToJSONableObject's key stringification: floats use 32-bit 'g' formatting. */
function jsonKey(k: YamlScalar): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'bigint') return k.toString();
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  if (typeof k === 'number') {
    if (Number.isNaN(k)) return '.nan';
    if (k === Infinity) return '.inf';
    if (k === -Infinity) return '-.inf';
    return formatFloat(k, 32);
  }
  return 'null';
}

/** json.Marshal of the Go scalar, then json.Unmarshal into interface{}. */
function jsonScalar(v: YamlScalar): unknown {
  if (typeof v === 'bigint') return Number(v.toString());
  if (typeof v === 'number' && !Number.isFinite(v)) {
    throw new GoYamlError(`error converting YAML to JSON: json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
  }
  return v;
}

/** sigs.k8s.io/yaml Marshal: Helm's toYaml before its TrimSuffix("\n"). */
export function marshalYaml(v: unknown): string {
  return emitYaml(retype(v), 'v2');
}

/** goyaml.v3 Encoder with SetIndent(2): Helm's toYamlPretty before its TrimSuffix("\n"). */
export function marshalYamlPretty(v: unknown): string {
  return emitYaml(goToYamlTree(v), 'v3');
}

/** json.Marshal then goyaml.v2 Unmarshal of the JSON text: numbers get YAML types back (1e6 → int 1000000). */
function retype(v: unknown): unknown {
  let json: string;
  try {
    json = marshalJson(v);
  } catch (e) {
    if (e instanceof GoJsonError) throw new GoYamlError(`error marshaling into JSON: ${e.message}`);
    throw e;
  }
  return reread(
    parseJsonWith(json, (numberText) => {
      const r = resolvePlain(numberText);
      return r.tag === 'int' || r.tag === 'float' ? r.value : Number(numberText);
    }),
    false,
  );
}

/** Characters json.Marshal leaves raw but YAML's reader refuses. */
const YAML_FORBIDDEN = /[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;
/** A run of NEL line breaks (json.Marshal leaves U+0085 raw) with the blanks around them. */
const NEL_RUN = /[ \t]*(?:\u0085[ \t]*)+/g;

/** What goyaml reads back from json.Marshal's strings: forbidden characters fail, NEL breaks fold like any line break
 *  in a double-quoted scalar (one → space, n → n-1 newlines), and a key cannot span lines. */
function reread(v: unknown, isKey: boolean): unknown {
  if (typeof v === 'string') {
    if (YAML_FORBIDDEN.test(v)) throw new GoYamlError('yaml: control characters are not allowed');
    if (!v.includes('\u0085')) return v;
    if (isKey) throw new GoYamlError('yaml: line 1: did not find expected key');
    return v.replace(NEL_RUN, (run) => {
      const breaks = run.split('\u0085').length - 1;
      return breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
    });
  }
  if (Array.isArray(v)) return v.map((item) => reread(item, false));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) setOwn(out, reread(k, true) as string, reread(item, false));
    return out;
  }
  return v;
}

/** The Go value as goyaml.v3 sees it when encoding directly (no JSON step): float64 stays float64, ints stay ints. */
function goToYamlTree(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string' || typeof v === 'bigint') return v;
  if (typeof v === 'number') return v;
  if (v instanceof GoNumber) return v.value;
  if (v instanceof GoStruct) return goToYamlTree(v.toJSONValue());
  if (v instanceof Uint8Array) return Array.from(v, (b) => BigInt(b));
  if (Array.isArray(v)) return v.map(goToYamlTree);
  if (isGoMap(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) setOwn(out, k, goToYamlTree(v[k]));
    return out;
  }
  throw new GoYamlError(`cannot marshal type: ${typeName(v)}`);
}

