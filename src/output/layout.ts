// Where each rendered object goes: <env>/<release>/<kind>-<name>.yaml, one object per file.
import { Diagnostic, DiagnosticError } from '../schema/diagnostic.js';
import { dumpManifest } from '../render/manifest-yaml.js';
import type { ReleaseOutput } from '../render/types.js';

/** Serialize one object the same way every time (no line folding, YAML 1.1 quoting so `"yes"` stays a string). */
export function toYamlFile(object: unknown, source?: string): string {
  const body = dumpManifest(object);
  return source ? `# Source: ${source}\n${body}` : body;
}

function safe(part: string): string {
  return part.toLowerCase().replace(/[^a-z0-9._-]+/g, '_');
}

/** The files of an env folder (path relative to it → content), and the object each one holds. */
export interface OutputTree {
  files: Map<string, string>;
  objects: Map<string, unknown>;
}

export function emptyTree(): OutputTree {
  return { files: new Map(), objects: new Map() };
}

export function addFile(tree: OutputTree, path: string, object: unknown, source?: string, text?: string): void {
  tree.files.set(path, text ?? toYamlFile(object, source));
  tree.objects.set(path, object);
}

/** Adds the files of one release to `tree`; returns their paths. `texts`: each object's file as written before. */
export function addReleaseFiles(tree: OutputTree, output: ReleaseOutput, texts?: string[]): string[] {
  const { release, objects } = output;
  const namespaces = new Set(objects.map((o) => o.object.metadata?.namespace).filter(Boolean));
  const spans = namespaces.size > 1;
  const paths: string[] = [];
  const problems: Diagnostic[] = [];
  for (const [i, o] of objects.entries()) {
    const meta = o.object.metadata ?? {};
    const parts = [o.object.kind, ...(spans && meta.namespace ? [meta.namespace] : []), meta.name ?? 'unnamed'];
    const path = `${release.name}/${parts.map(safe).join('-')}.yaml`;
    if (tree.files.has(path)) {
      problems.push(
        new Diagnostic({
          release: release.name,
          message: `${o.source}: duplicate object ${o.object.kind} "${meta.name}"${meta.namespace ? ` in namespace ${meta.namespace}` : ''}: each object may be rendered once`,
        }),
      );
      continue;
    }
    addFile(tree, path, o.object, o.source, texts?.[i]);
    paths.push(path);
  }
  if (problems.length > 0) throw new DiagnosticError(problems);
  return paths;
}
