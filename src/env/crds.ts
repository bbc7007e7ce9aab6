// CRDs an env relies on without rendering them (env.yaml `crds:`): the SealedSecret, ExternalSecret, Certificate or
// ServiceMonitor kinds that controllers installed outside the bundle serve. Their schemas let the output checks
// validate such objects (and their scope places them) instead of calling the kind unknown.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { Diagnostic } from '../schema/diagnostic.js';
import type { SourceFile } from '../schema/source.js';
import type { DeclaredCrd } from './types.js';


const CRD_FILE = /\.(ya?ml|json)$/;

/** Every CRD of the env's `crds:` entries (files, or folders whose YAML/JSON files are read in name order). */
export function loadDeclaredCrds(entries: string[], envFile: string, envDir: string, source: SourceFile): { crds: DeclaredCrd[]; problems: Diagnostic[] } {
  const crds: DeclaredCrd[] = [];
  const problems: Diagnostic[] = [];
  entries.forEach((entry, i) => {
    const at = { file: envFile, ...source.locate(`/crds/${i}`), pointer: `/crds/${i}` };
    const path = resolve(envDir, entry);
    if (!existsSync(path)) {
      problems.push(new Diagnostic({ ...at, message: `CRD file or folder "${entry}" not found (expected ${path})` }));
      return;
    }
    const files = statSync(path).isDirectory()
      ? readdirSync(path, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile() && CRD_FILE.test(e.name))
          .map((e) => join(e.parentPath, e.name))
          .sort()
      : [path];
    if (files.length === 0) problems.push(new Diagnostic({ ...at, message: `CRD folder "${entry}" holds no .yaml, .yml or .json file` }));
    for (const file of files) readCrdFile(file, crds, problems);
  });
  const seen = new Map<string, DeclaredCrd>();
  for (const crd of crds) {
    const key = `${crd.object.spec.group}/${crd.object.spec.names.kind}`;
    const first = seen.get(key);
    if (first) {
      problems.push(new Diagnostic({ file: crd.file, line: crd.line, col: 1, message: `${key} is declared twice (also at ${relative(envDir, first.file)}:${first.line})` }));
    }
    seen.set(key, crd);
  }
  return { crds, problems };
}

function readCrdFile(file: string, crds: DeclaredCrd[], problems: Diagnostic[]): void {
  const lines = new LineCounter();
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { lineCounter: lines });
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const line = lines.linePos(doc.contents?.range?.[0] ?? 0).line;
    const fail = (message: string, errLine = line, col = 1) => problems.push(new Diagnostic({ file, line: errLine, col, message }));
    if (doc.errors.length > 0) {
      const pos = lines.linePos(doc.errors[0]!.pos[0]);
      fail(`YAML syntax error: ${doc.errors[0]!.message.split('\n')[0]}`, pos.line, pos.col);
      continue;
    }
    const o = doc.toJS({ maxAliasCount: 1000 }) as Record<string, any> | null;
    if (o === null || o === undefined) continue;
    if (typeof o !== 'object' || o.kind !== 'CustomResourceDefinition' || o.apiVersion !== 'apiextensions.k8s.io/v1') {
      fail(`expected an apiextensions.k8s.io/v1 CustomResourceDefinition, got ${typeof o === 'object' ? `${o.apiVersion ?? '?'} ${o.kind ?? '?'}` : typeof o}`);
      continue;
    }
    const spec = o.spec ?? {};
    const missing = [
      typeof spec.group === 'string' ? undefined : 'spec.group',
      typeof spec.names?.kind === 'string' ? undefined : 'spec.names.kind',
      spec.scope === 'Namespaced' || spec.scope === 'Cluster' ? undefined : 'spec.scope (Namespaced or Cluster)',
      Array.isArray(spec.versions) && spec.versions.length > 0 && spec.versions.every((v: any) => typeof v?.name === 'string')
        ? undefined
        : 'spec.versions[].name',
    ].filter(Boolean);
    if (missing.length > 0) {
      fail(`CustomResourceDefinition ${o.metadata?.name ?? ''} lacks ${missing.join(', ')}`);
      continue;
    }
    crds.push({ file, line, object: o });
  }
}
