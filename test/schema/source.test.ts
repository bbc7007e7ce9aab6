// Source files: YAML as Helm reads it, with positions in the file as written.
import { describe, expect, it } from 'vitest';
import { DiagnosticError } from '../../src/schema/diagnostic.js';
import { SourceFile } from '../../src/schema/source.js';

function syntaxError(text: string): { line?: number; col?: number; message: string } {
  try {
    SourceFile.parse('values.yaml', text);
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics[0]!;
    throw e;
  }
  throw new Error('parsed');
}

describe('SourceFile', () => {
  it('reads flow collections and quoted scalars whose lines sit left of their block, as libyaml does', () => {
    const file = SourceFile.parse('values.yaml', 'a: [1,\n2]\nb:\n  c: {d: 1,\ne: [x,\nz]}\n  f: "long\ntext"\n');
    expect(file.toJS()).toEqual({ a: [1, 2], b: { c: { d: 1, e: ['x', 'z'] }, f: 'long text' } });
    // Positions are those of the file as written, not of the re-indented text it was read from.
    expect(file.locate('/a/1')).toEqual({ line: 2, col: 1 });
    expect(file.locate('/b/c/e/1')).toEqual({ line: 6, col: 1 });
    expect(file.locate('/b/f')).toEqual({ line: 7, col: 6 });
  });

  it('reports syntax errors at the line and column written', () => {
    expect(syntaxError('a: 1\nb: c: d\n')).toMatchObject({ line: 2, col: 4 });
    // Inside a re-indented line: the second implicit key, `y`, is column 7 as written.
    expect(syntaxError('a: [1,\n2, x: y: z]\n')).toMatchObject({ line: 2, col: 7 });
  });
});
