// The Argo CD output lint works on the written output tree: files as Argo CD's directory source reads them.
import type { Finding, Severity } from '../types.js';

export interface OutputDocument {
  /** Parsed content; undefined when the document does not parse. */
  object?: unknown;
  error?: string;
}

export interface OutputFile {
  /** Path relative to the checked directory, with forward slashes. */
  path: string;
  /** The release the file belongs to (its top folder, or the Application file name under apps/). */
  release?: string;
  /** Documents of .yaml/.yml/.json files (a .json file is one document); empty for other files. */
  documents: OutputDocument[];
}

export interface TreeRule {
  id: string;
  severity: Severity;
  description: string;
  check(files: OutputFile[]): Finding[];
}
