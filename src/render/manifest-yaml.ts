// Read and write rendered manifests the way the API server's reader (sigs.k8s.io/yaml over goyaml v2, YAML 1.1)
// types plain scalars — `on` is true, `0777` is 511 — using js-yaml for speed (a bundle can hold thousands of
// documents) with goyaml's own scalar resolution from the Go encodings module. The same schema makes the writer quote
// every string that goyaml would otherwise read as something else.
import yaml from 'js-yaml';
import { GOYAML_SCHEMA as schema } from '../goencoding/jsyaml.js';

export class ManifestParseError extends Error {}

/** Every document of a YAML stream; empty documents come back as null. */
export function parseManifests(text: string): unknown[] {
  try {
    return yaml.loadAll(text, undefined, { schema });
  } catch (e) {
    throw new ManifestParseError((e as Error).message.split('\n')[0]);
  }
}

/** One object as YAML text: block style, no line folding, keys in object order. */
export function dumpManifest(object: unknown): string {
  return yaml.dump(object, { schema, lineWidth: -1, noRefs: true });
}
