// YAML files with their source positions, so every later error can point at file:line:col.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair, type Node } from 'yaml';
import { likeLibyaml } from '../goencoding/yaml.js';
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
    private readonly parsed: ParsedSource,
  ) {}

  /** Parse YAML with YAML 1.1 semantics (as Helm's sigs.k8s.io/yaml does); syntax errors throw a DiagnosticError.
   *  Lines inside flow collections and quoted scalars may sit at any indentation, as libyaml lets them. */
  static parse(path: string, text: string, cache?: SourceCache): SourceFile {
    const cached = cache?.parsedSource(text);
    if (cached) return new SourceFile(path, text, cached);
    // libyaml's own refusals (tabs, `?` in flow collections) are left to the engine, which words them as helm does.
    const { source, added } = likeLibyaml(text);
    const lines = new LineCounter();
    const doc = parseDocument(source, { lineCounter: lines, version: '1.1', prettyErrors: false, uniqueKeys: true });
    const at = (offset: number): Pos => {
      const p = lines.linePos(offset);
      return [p.line, Math.max(1, p.col - (added.get(p.line - 1) ?? 0))];
    };
    const problems = [...doc.errors];
    if (problems.length > 0) {
      throw new DiagnosticError(
        problems.map((e) => {
          const [line, col] = at(e.pos[0]);
          return new Diagnostic({ file: path, line, col, message: `YAML syntax error: ${firstLine(e.message)}` });
        }),
      );
    }
    const v = doc.toJS({ maxAliasCount: 1000 });
    const parsed: ParsedSource = { data: v === undefined || v === null ? {} : v, tree: shape(doc.contents, at) };
    cache?.storeParsedSource(text, parsed);
    return new SourceFile(path, text, parsed);
  }

  /** Reads a YAML file; bytes that are not UTF-8 are refused at their line and column, as helm's YAML reader
   *  refuses them (reading them as U+FFFD would let a file through that helm then fails on). */
  static async read(path: string, cache?: SourceCache): Promise<SourceFile> {
    return SourceFile.parse(path, decodeUtf8(path, await readFile(path)), cache);
  }

  static readSync(path: string, cache?: SourceCache): SourceFile {
    return SourceFile.parse(path, decodeUtf8(path, readFileSync(path)), cache);
  }

  /** The document as plain data (an empty file is an empty map); a fresh copy each time. */
  toJS(): unknown {
    return structuredClone(this.parsed.data);
  }

  /** Position of the value at a JSON pointer; falls back to the nearest existing ancestor. `key` points at the key instead. */
  locate(pointer: string, key = false): Position {
    const path = pointerSegments(pointer);
    let node: SourceNode = this.parsed.tree;
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
    let node: SourceNode = this.parsed.tree;
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

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

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
