// `bundle lint` on a written output directory: reads it the way Argo CD's directory source does and runs the
// tree rules.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { helmHook } from './tree/helm-hook.js';
import { jsonFile } from './tree/json-file.js';
import { syncWave } from './tree/sync-wave.js';
import { toolFile } from './tree/tool-file.js';
import type { OutputDocument, OutputFile, TreeRule } from './tree/types.js';
import type { Finding } from './types.js';

export const treeRules: TreeRule[] = [jsonFile, toolFile, syncWave, helmHook];

/** `known`: objects of files the caller just wrote (path relative to `dir` → object), which need no re-parsing. */
export async function checkOutputTree(dir: string, known: Map<string, unknown> = new Map()): Promise<Finding[]> {
  const files = await readTree(dir, known);
  return treeRules.flatMap((r) => r.check(files));
}

async function readTree(dir: string, known: Map<string, unknown>): Promise<OutputFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: OutputFile[] = [];
  for (const e of entries) {
    if (!e.isFile()) continue;
    const abs = join(e.parentPath, e.name);
    const path = relative(dir, abs).split(sep).join('/');
    if (path.split('/').includes('.git')) continue;
    const documents = known.has(path) ? [{ object: known.get(path) }] : await documentsOf(abs, path);
    files.push({ path, ...releaseOf(path), documents });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

function releaseOf(path: string): { release?: string } {
  const parts = path.split('/');
  if (parts.length < 2) return {};
  if (parts[0] === 'apps' && parts.length === 2) return { release: parts[1]!.replace(/\.(ya?ml|json)$/, '') };
  return { release: parts[0]! };
}

async function documentsOf(abs: string, path: string): Promise<OutputDocument[]> {
  if (path.endsWith('.json')) {
    const text = await readFile(abs, 'utf8');
    try {
      return [{ object: JSON.parse(text) }];
    } catch (err) {
      return [{ error: (err as Error).message }];
    }
  }
  if (!/\.ya?ml$/.test(path)) return [];
  const docs = parseAllDocuments(await readFile(abs, 'utf8'));
  const list = Array.isArray(docs) ? docs : [docs];
  return list
    .filter((d) => d.contents !== null)
    .map((d) => (d.errors.length ? { error: d.errors[0]!.message } : { object: d.toJS() }));
}
