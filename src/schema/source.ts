// YAML files with their source positions, so every later error can point at file:line:col.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair, visit, type Document, type Node } from 'yaml';
import { GoYamlError, decodeYamlBytes, likeLibyaml, parseYamlShared } from '../goencoding/yaml.js';
import { Diagnostic, DiagnosticError } from './diagnostic.js';
import { pointerSegments } from './pointer.js';

export { pointerSegments, toPointer } from './pointer.js';

export interface Position {
  line: number;
  col: number;
}

type Pos = [line: number, col: number];

/** A document's shape with the position of every node: what locate() and has() walk. A map holds its scalar keys
 *  (the only ones a pointer can name) with their positions; an alias or scalar is a leaf. */
export interface SourceNode {
  p?: Pos;
  m?: Array<[key: unknown, keyPos: Pos | null, value: SourceNode]>;
  s?: SourceNode[];
}

/** What a parse yields, in a form a cache can keep: the data and the positions. */
export interface ParsedSource {
  data: unknown;
  tree: SourceNode;
}

/** Parses of YAML files kept by their text (src/cache): a hit skips the parser, the slowest part of loading an env. */
export interface SourceCache {
  parsedSource(text: string): ParsedSource | undefined;
  storeParsedSource(text: string, parsed: ParsedSource): void;
}

export class SourceFile {
  private constructor(
    readonly path: string,
    readonly text: string,
    private readonly tree: SourceNode,
    private readonly data: () => unknown,
  ) {}

  /** Parse YAML with YAML 1.1 semantics (as Helm's sigs.k8s.io/yaml does); syntax errors throw a DiagnosticError.
   *  Lines inside flow collections and quoted scalars may sit at any indentation, as libyaml lets them. */
  static parse(path: string, text: string, cache?: SourceCache): SourceFile {
    const cached = cache?.parsedSource(text);
    if (cached) return new SourceFile(path, text, cached.tree, () => structuredClone(cached.data));
    // Read as UTF-8, a UTF-16 file without a byte order mark is text with a NUL every other byte; its content (which
    // may hold secrets) would end up in the messages below as one long scalar.
    if (text.includes('\0')) {
      throw new DiagnosticError([
        new Diagnostic({ file: path, line: 1, col: 1, message: 'not a YAML text file: it holds NUL bytes (UTF-16 without a byte order mark?); expected UTF-8, or UTF-16 with a byte order mark' }),
      ]);
    }
    // libyaml's own refusals (tabs, `?` in flow collections) are left to the engine, which words them as helm does.
    const { source, added } = likeLibyaml(text);
    const lines = new LineCounter();
    // eemeli/yaml's own uniqueKeys check compares each key with every key before it: quadratic in a map's size.
    const doc = parseDocument(source, { lineCounter: lines, version: '1.1', prettyErrors: false, uniqueKeys: false });
    const at = (offset: number): Pos => {
      const p = lines.linePos(offset);
      return [p.line, Math.max(1, p.col - (added.get(p.line - 1) ?? 0))];
    };
    const problems = [...doc.errors.map((e) => ({ at: e.pos[0], message: e.message })), ...duplicateKeys(doc)].sort((a, b) => a.at - b.at);
    if (problems.length > 0) {
      throw new DiagnosticError(
        problems.map((e) => {
          const [line, col] = at(e.at);
          return new Diagnostic({ file: path, line, col, message: `YAML syntax error: ${firstLine(e.message)}` });
        }),
      );
    }
    const toJS = (): unknown => {
      let v: unknown;
      try {
        v = doc.toJS({ maxAliasCount: 1000 });
      } catch (e) {
        // eemeli/yaml's alias limit ("Excessive alias count …"): a document that expands past it is refused.
        throw new DiagnosticError([new Diagnostic({ file: path, message: `YAML error: ${(e as Error).message}` })]);
      }
      return v === undefined || v === null ? {} : v;
    };
    const tree = shape(doc.contents, at);
    if (cache) {
      let data: unknown;
      try {
        data = toJS();
      } catch {
        // Refused when asked for (toJS), as without a cache; nothing to keep.
      }
      if (data !== undefined) cache.storeParsedSource(text, { data, tree });
    }
    return new SourceFile(path, text, tree, toJS);
  }

  /** Reads a YAML file; bytes that are not UTF-8 are refused at their line and column, as helm's YAML reader
   *  refuses them (reading them as U+FFFD would let a file through that helm then fails on). */
  static async read(path: string, cache?: SourceCache): Promise<SourceFile> {
    return SourceFile.parse(path, decodeYamlFile(path, await readFile(path)), cache);
  }

  static readSync(path: string, cache?: SourceCache): SourceFile {
    return SourceFile.parse(path, decodeYamlFile(path, readFileSync(path)), cache);
  }

  /** The document as plain data (an empty file is an empty map); a fresh copy each time. */
  toJS(): unknown {
    return this.data();
  }

  /** Position of the value at a JSON pointer; falls back to the nearest existing ancestor. `key` points at the key instead. */
  locate(pointer: string, key = false): Position {
    const path = pointerSegments(pointer);
    let node: SourceNode = this.tree;
    let best: Position = pos(node) ?? { line: 1, col: 1 };
    for (const seg of path) {
      if (node.m) {
        const pair: [unknown, Pos | null, SourceNode] | undefined = node.m.find(([k]) => String(k) === seg);
        if (!pair) break;
        if (key && seg === path[path.length - 1]) return pos(pair[1]) ?? best;
        node = pair[2];
        best = pos(node) ?? pos(pair[1]) ?? best;
      } else if (node.s) {
        const item: SourceNode | undefined = node.s[Number(seg)];
        if (item === undefined) break;
        node = item;
        best = pos(node) ?? best;
      } else {
        break;
      }
    }
    return best;
  }

  /** True when the document defines a value at this pointer. */
  has(pointer: string): boolean {
    // yaml's Document.hasIn with numbers for digit segments, as the document was asked before it was kept as a tree.
    const path: unknown[] = pointerSegments(pointer).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    let node: SourceNode = this.tree;
    if (path.length === 0) return true;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      let child: SourceNode | undefined;
      if (node.m) child = node.m.find(([k]) => k === seg)?.[2];
      else if (node.s) {
        const idx = itemIndex(seg);
        child = idx === null ? undefined : node.s[idx];
      } else return false;
      if (i === path.length - 1) return child !== undefined;
      if (!child || (!child.m && !child.s)) return false;
      node = child;
    }
    return false;
  }
}

/** yaml's asItemIndex: the sequence index a key names, if any. */
function itemIndex(key: unknown): number | null {
  const idx = key && typeof key === 'string' ? Number(key) : key;
  return typeof idx === 'number' && Number.isInteger(idx) && idx >= 0 ? idx : null;
}

function pos(p: SourceNode | Pos | null | undefined): Position | undefined {
  const at = Array.isArray(p) ? p : p?.p;
  return at ? { line: at[0], col: at[1] } : undefined;
}

function shape(node: unknown, at: (offset: number) => Pos): SourceNode {
  const out: SourceNode = {};
  const range = (node as Node | null)?.range;
  if (range) out.p = at(range[0]);
  if (isMap(node)) {
    out.m = [];
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const keyRange = pair.key.range;
      out.m.push([pair.key.value, keyRange ? at(keyRange[0]) : null, shape(pair.value, at)]);
    }
  } else if (isSeq(node)) {
    out.s = node.items.map((item) => shape(item, at));
  }
  return out;
}

/** Keys given twice in one map (by scalar value), in linear time. */
function duplicateKeys(doc: Document.Parsed): Array<{ at: number; message: string }> {
  const found: Array<{ at: number; message: string }> = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) found.push({ at: pair.key.range?.[0] ?? 0, message: 'Map keys must be unique' });
        seen.add(pair.key.value);
      }
    },
  });
  return found;
}

/**
 * A values file read the way helm reads it (goyaml.v2 through sigs.k8s.io/yaml: the first document, YAML 1.1 types,
 * goyaml's limits and errors), so validation sees what the chart will see. Positions come from a SourceFile parsed
 * only when one is asked for: a large file pays for a position-keeping parse only when something is reported.
 */
export class ValuesFile {
  private positions?: SourceFile | null;

  private constructor(
    readonly path: string,
    readonly text: string,
    /** The decoded document (null when empty); shared with the YAML reader's cache, so never to be modified. */
    readonly data: unknown,
  ) {}

  static async read(path: string): Promise<ValuesFile> {
    return ValuesFile.decode(path, decodeYamlFile(path, await readFile(path)));
  }

  static readSync(path: string): ValuesFile {
    return ValuesFile.decode(path, decodeYamlFile(path, readFileSync(path)));
  }

  private static decode(path: string, text: string): ValuesFile {
    try {
      return new ValuesFile(path, text, parseYamlShared(text));
    } catch (e) {
      if (!(e instanceof GoYamlError)) throw e;
      // eemeli/yaml's report has a column; where it sees no error, goyaml's own words (and line) are reported.
      SourceFile.parse(path, text);
      const line = Number(/\bline (\d+):/.exec(e.message)?.[1] ?? 1);
      throw new DiagnosticError([new Diagnostic({ file: path, line, col: 1, message: `YAML error: ${e.message}` })]);
    }
  }

  private source(): SourceFile | undefined {
    if (this.positions === undefined) {
      try {
        this.positions = SourceFile.parse(this.path, this.text);
      } catch {
        this.positions = null;
      }
    }
    return this.positions ?? undefined;
  }

  has(pointer: string): boolean {
    return this.source()?.has(pointer) ?? false;
  }

  locate(pointer: string, key = false): Position {
    return this.source()?.locate(pointer, key) ?? { line: 1, col: 1 };
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A YAML file's text as goyaml reads it: UTF-16 with a byte-order mark, otherwise UTF-8 (see decodeUtf8). */
function decodeYamlFile(path: string, bytes: Buffer): string {
  const bom16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  return bom16 ? decodeYamlBytes(bytes) : decodeUtf8(path, bytes);
}

function decodeUtf8(path: string, bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, at).toString('utf8');
    const line = before.split('\n').length;
    const col = before.length - before.lastIndexOf('\n');
    throw new DiagnosticError([
      new Diagnostic({ file: path, line, col, message: `not valid UTF-8 (byte 0x${bytes[at]!.toString(16).padStart(2, '0')}): YAML files must be UTF-8` }),
    ]);
  }
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i]!;
    const length = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    try {
      utf8.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}
