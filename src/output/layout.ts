// Where each rendered object goes: <env>/<release>/<kind>-<name>.yaml, one object per file.
import { stringify } from 'yaml';
import { Diagnostic, DiagnosticError } from '../schema/diagnostic.js';
import type { ReleaseOutput } from '../render/types.js';

/** Serialize one object the same way every time (no line folding, YAML 1.1 quoting so `"yes"` stays a string). */
export function toYamlFile(object: unknown, source?: string): string {
  const body = stringify(object, { version: '1.1', lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
  return source ? `# Source: ${source}\n${body}` : body;
}

function safe(part: string): string {
  return part.toLowerCase().replace(/[^a-z0-9._-]+/g, '_');
}

/** Files of one release, keyed by path relative to the env folder. */
export function releaseFiles(output: ReleaseOutput): Map<string, string> {
  const { release, objects } = output;
  const namespaces = new Set(objects.map((o) => o.object.metadata?.namespace).filter(Boolean));
  const spans = namespaces.size > 1;
  const files = new Map<string, string>();
  const problems: Diagnostic[] = [];
  for (const o of objects) {
    const meta = o.object.metadata ?? {};
    const parts = [o.object.kind, ...(spans && meta.namespace ? [meta.namespace] : []), meta.name ?? 'unnamed'];
    const path = `${release.name}/${parts.map(safe).join('-')}.yaml`;
    if (files.has(path)) {
      problems.push(
        new Diagnostic({
          release: release.name,
          message: `${o.source}: duplicate object ${o.object.kind} "${meta.name}"${meta.namespace ? ` in namespace ${meta.namespace}` : ''}: each object may be rendered once`,
        }),
      );
      continue;
    }
    files.set(path, toYamlFile(o.object, o.source));
  }
  if (problems.length > 0) throw new DiagnosticError(problems);
  return files;
}
