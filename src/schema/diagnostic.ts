// A user-facing problem with its location: the one error shape every pipeline step reports.
import { relative } from 'node:path';

export interface DiagnosticInit {
  file?: string;
  line?: number;
  col?: number;
  /** JSON pointer of the offending value inside the file's data. */
  pointer?: string;
  message: string;
  /** Which values layer set the value (chart, base, env, --set). */
  layer?: string;
  /** The release the problem belongs to. */
  release?: string;
  hint?: string;
}

// The class carries exactly the fields of DiagnosticInit (declaration merging), so they are declared once.
export interface Diagnostic extends DiagnosticInit {}

export class Diagnostic {
  constructor(init: DiagnosticInit) {
    Object.assign(this, init);
  }

  /** `file:line:col: [release] pointer: message (set by layer) — hint`, paths relative to `cwd`. */
  format(cwd = process.cwd()): string {
    const where = this.file ? `${relative(cwd, this.file) || this.file}:${this.line ?? 1}:${this.col ?? 1}: ` : '';
    const release = this.release ? `[${this.release}] ` : '';
    const pointer = this.pointer !== undefined ? `${this.pointer || '/'}: ` : '';
    const layer = this.layer ? ` (set by ${this.layer})` : '';
    const hint = this.hint ? `; ${this.hint}` : '';
    return `${where}${release}${pointer}${this.message}${layer}${hint}`;
  }

  toJSON(cwd = process.cwd()): Record<string, unknown> {
    return {
      file: this.file ? relative(cwd, this.file) : undefined,
      line: this.line,
      col: this.col,
      pointer: this.pointer,
      release: this.release,
      layer: this.layer,
      message: this.message,
      hint: this.hint,
    };
  }
}

/** Thrown when a step cannot go on; carries every problem found, not just the first. */
export class DiagnosticError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.format()).join('\n'));
    this.name = 'DiagnosticError';
  }
}
