// Loads a check fixture: `<dir>/<release>/*.yaml` are the release's rendered objects (source
// "<release>/templates/<file>"), an optional `<dir>/env.yaml` overrides the base env's top-level keys, and an optional
// `<dir>/appproject.yaml` is the env's committed AppProject.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import type { Environment } from '../../src/env/types.js';
import type { RenderedObject } from '../../src/checks/index.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

export interface Fixture {
  objects: RenderedObject[];
  env: Environment;
  /** `<dir>/appproject.yaml`: the env's committed AppProject, when the fixture has one. */
  appProject?: Record<string, any>;
}

export async function loadFixture(dir: string): Promise<Fixture> {
  const base = parse(await readFile(join(FIXTURES, 'base-env.yaml'), 'utf8')) as Environment;
  const entries = await readdir(dir, { withFileTypes: true });
  let env = base;
  let appProject: Record<string, any> | undefined;
  const objects: RenderedObject[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.isFile() && e.name === 'env.yaml') env = { ...base, ...(parse(await readFile(join(dir, e.name), 'utf8')) as Partial<Environment>) };
    if (e.isFile() && e.name === 'appproject.yaml') appProject = parse(await readFile(join(dir, e.name), 'utf8'));
    if (!e.isDirectory()) continue;
    for (const file of (await readdir(join(dir, e.name))).sort()) {
      const docs = parseAllDocuments(await readFile(join(dir, e.name, file), 'utf8'));
      for (const doc of Array.isArray(docs) ? docs : [docs]) {
        const object = doc.toJS();
        if (object) objects.push({ release: e.name, chart: e.name, source: `${e.name}/templates/${file}`, object });
      }
    }
  }
  return { objects, env, appProject };
}
