// YAML files with their source positions, so every later error can point at file:line:col.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair, type Document, type Node } from 'yaml';
import { likeLibyaml } from '../goencoding/yaml.js';
import { Diagnostic, DiagnosticError } from './diagnostic.js';
import { pointerSegments } from './pointer.js';

export { pointerSegments, toPointer } from './pointer.js';

export interface Position {
  line: number;
  col: number;
}

export class SourceFile {
  private constructor(
    readonly path: string,
    readonly text: string,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    /** Spaces added at the start of lines (by 0-based line, see parse), taken off the columns reported. */
    private readonly added: Map<number, number>,
  ) {}

  /** Parse YAML with YAML 1.1 semantics (as Helm's sigs.k8s.io/yaml does); syntax errors throw a DiagnosticError.
   *  Lines inside flow collections and quoted scalars may sit at any indentation, as libyaml lets them. */
  static parse(path: string, text: string): SourceFile {
    // libyaml's own refusals (tabs, `?` in flow collections) are left to the engine, which words them as helm does.
    const { source, added } = likeLibyaml(text);
    const lines = new LineCounter();
    const doc = parseDocument(source, { lineCounter: lines, version: '1.1', prettyErrors: false, uniqueKeys: true });
    const file = new SourceFile(path, text, doc, lines, added);
    const problems = [...doc.errors];
    if (problems.length > 0) {
      throw new DiagnosticError(
        problems.map((e) => {
          const pos = file.at(e.pos[0]);
          return new Diagnostic({ file: path, line: pos.line, col: pos.col, message: `YAML syntax error: ${firstLine(e.message)}` });
        }),
      );
    }
    return file;
  }

  /** Reads a YAML file; bytes that are not UTF-8 are refused at their line and column, as helm's YAML reader
   *  refuses them (reading them as U+FFFD would let a file through that helm then fails on). */
  static async read(path: string): Promise<SourceFile> {
    return SourceFile.parse(path, decodeUtf8(path, await readFile(path)));
  }

  static readSync(path: string): SourceFile {
    return SourceFile.parse(path, decodeUtf8(path, readFileSync(path)));
  }

  /** The document as plain data (an empty file is an empty map). */
  toJS(): unknown {
    const v = this.doc.toJS({ maxAliasCount: 1000 });
    return v === undefined || v === null ? {} : v;
  }

  /** Position of the value at a JSON pointer; falls back to the nearest existing ancestor. `key` points at the key instead. */
  locate(pointer: string, key = false): Position {
    const path = pointerSegments(pointer);
    let node: unknown = this.doc.contents;
    let best: Position = this.pos(node) ?? { line: 1, col: 1 };
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
        if (!pair) break;
        if (key && seg === path[path.length - 1]) return this.pos(pair.key) ?? best;
        node = pair.value;
        best = this.pos(node) ?? this.pos(pair.key) ?? best;
      } else if (isSeq(node)) {
        const item = node.items[Number(seg)];
        if (item === undefined) break;
        node = item;
        best = this.pos(node) ?? best;
      } else {
        break;
      }
    }
    return best;
  }

  /** True when the document defines a value at this pointer. */
  has(pointer: string): boolean {
    return this.doc.hasIn(pointerSegments(pointer).map((s) => (/^\d+$/.test(s) ? Number(s) : s)));
  }

  private pos(node: unknown): Position | undefined {
    const range = (node as Node | null)?.range;
    return range ? this.at(range[0]) : undefined;
  }

  private at(offset: number): Position {
    const p = this.lines.linePos(offset);
    return { line: p.line, col: Math.max(1, p.col - (this.added.get(p.line - 1) ?? 0)) };
  }
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
