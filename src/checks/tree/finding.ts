import { refOf } from '../kube.js';
import type { Finding, Severity } from '../types.js';
import type { OutputFile } from './types.js';

export function treeFinding(rule: { id: string; severity: Severity }, file: OutputFile, message: string, object?: unknown, path?: string): Finding {
  const f: Finding = { rule: rule.id, severity: rule.severity, message, source: file.path };
  if (file.release !== undefined) f.release = file.release;
  if (object && typeof object === 'object' && !Array.isArray(object)) f.object = refOf(object as Record<string, any>);
  if (path !== undefined) f.path = path;
  return f;
}

/** Every parsed Kubernetes-looking object of the tree, with its file. */
export function* objectsOf(files: OutputFile[]): Generator<{ file: OutputFile; object: Record<string, any> }> {
  for (const file of files) {
    for (const doc of file.documents) {
      const o = doc.object;
      if (o && typeof o === 'object' && !Array.isArray(o)) yield { file, object: o as Record<string, any> };
    }
  }
}
