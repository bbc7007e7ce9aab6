// Where each rendered object goes: <env>/<release>/<kind>-<name>.yaml, one object per file, one file per object.
import { createHash } from 'node:crypto';
import { Diagnostic, DiagnosticError } from '../schema/diagnostic.js';
import { dumpManifest } from '../render/manifest-yaml.js';
import type { ReleaseOutput } from '../render/types.js';

/** Serialize one object the same way every time (no line folding, YAML 1.1 quoting so `"yes"` stays a string). */
export function toYamlFile(object: unknown, source?: string): string {
  const body = dumpManifest(object);
  return source ? `# Source: ${source}\n${body}` : body;
}

/** The files of an env folder (path relative to it → content), and the object each one holds. */
export interface OutputTree {
  files: Map<string, string>;
  objects: Map<string, unknown>;
}

export function emptyTree(): OutputTree {
  return { files: new Map(), objects: new Map() };
}

/** The folder of the Argo CD Applications; no release may take its name. */
export const APPS_DIR = 'apps';

/** Longest file name most file systems take (ext4, xfs, btrfs, tmpfs, APFS: 255 bytes). */
const MAX_FILE_NAME = 255;

/** Adds a file (`text`: the object's file as written before); a path that is already taken is a bug in the layout,
 *  never an overwrite. */
export function addFile(tree: OutputTree, path: string, object: unknown, source?: string, text?: string): void {
  if (tree.files.has(path)) throw new Error(`layout: ${path} would be written twice`);
  tree.files.set(path, text ?? toYamlFile(object, source));
  tree.objects.set(path, object);
}

function safe(part: string): string {
  return part.toLowerCase().replace(/[^a-z0-9._-]+/g, '_');
}

const hash = (s: string, n: number) => createHash('sha256').update(s).digest('hex').slice(0, n);

/** An object's identity as the API server sees it: group, kind, namespace, name. */
function identity(o: Record<string, any>): string {
  const group = typeof o.apiVersion === 'string' && o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  return [group, o.kind, o.metadata?.namespace ?? '', o.metadata?.name ?? ''].map(String).join('\u0000');
}

/**
 * File names of one release's objects (`<kind>-<name>`, with `-<namespace>` before the name when `spans`), one per
 * object by construction: names that only differ by case or by where a `-` sits (namespace `a`, name `b-c` vs
 * namespace `a-b`, name `c`) each get a short hash of their identity, and a name longer than a file name may be is cut
 * and ends with such a hash. Both depend only on the objects, so every run names the files alike.
 */
function fileNames(objects: Record<string, any>[], spans: boolean): string[] {
  const natural = objects.map((o) => {
    const meta = o.metadata ?? {};
    return [o.kind, ...(spans && meta.namespace ? [meta.namespace] : []), meta.name ?? 'unnamed'].map((p) => safe(String(p))).join('-');
  });
  const ids = objects.map(identity);
  const idsByName = new Map<string, Set<string>>();
  natural.forEach((n, i) => idsByName.set(n, (idsByName.get(n) ?? new Set()).add(ids[i]!)));
  return natural.map((n, i) => {
    let base = idsByName.get(n)!.size > 1 ? `${n}.${hash(ids[i]!, 8)}` : n;
    if (base.length + '.yaml'.length > MAX_FILE_NAME) base = `${base.slice(0, MAX_FILE_NAME - '.yaml'.length - 17)}.${hash(ids[i]!, 16)}`;
    return `${base}.yaml`;
  });
}

/** Adds the files of one release to `tree`; returns their paths. `texts`: each object's file as written before. */
export function addReleaseFiles(tree: OutputTree, output: ReleaseOutput, texts?: string[]): string[] {
  const { release, objects } = output;
  const namespaces = new Set(objects.map((o) => o.object.metadata?.namespace).filter(Boolean));
  const names = fileNames(
    objects.map((o) => o.object),
    namespaces.size > 1,
  );
  const paths: string[] = [];
  const problems: Diagnostic[] = [];
  const seen = new Map<string, string>();
  objects.forEach((o, i) => {
    const meta = o.object.metadata ?? {};
    const path = `${release.name}/${names[i]}`;
    const prior = seen.get(path);
    if (prior !== undefined) {
      const same = prior === identity(o.object);
      problems.push(
        new Diagnostic({
          release: release.name,
          message: same
            ? `${o.source}: duplicate object ${o.object.kind} "${meta.name}"${meta.namespace ? ` in namespace ${meta.namespace}` : ''}: each object may be rendered once`
            : `${o.source}: ${o.object.kind} "${meta.name}" would be written to ${path}, which another object of the release already takes`,
        }),
      );
      return;
    }
    seen.set(path, identity(o.object));
    addFile(tree, path, o.object, o.source, texts?.[i]);
    paths.push(path);
  });
  if (problems.length > 0) throw new DiagnosticError(problems);
  return paths;
}
