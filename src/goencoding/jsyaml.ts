// goyaml.v2's implicit typing of plain scalars as a js-yaml schema. js-yaml reads and writes several times faster than
// the spec-faithful parser in yaml.ts, so it serves bulk manifests and the documents it provably reads like goyaml.
import yaml from 'js-yaml';
import { resolvePlain } from './resolve.js';

const goyamlScalar = new yaml.Type('tag:yaml.org,2002:goyaml', {
  kind: 'scalar',
  resolve: (data: string) => {
    const { tag } = resolvePlain(data);
    return tag !== 'str' && tag !== 'merge' && tag !== 'timestamp';
  },
  // Through JSON every number is a float64; JS numbers are exactly that.
  construct: (data: string) => {
    const { value } = resolvePlain(data);
    return typeof value === 'bigint' ? Number(value) : value;
  },
  predicate: (v: unknown) => v === null || typeof v === 'boolean' || typeof v === 'number',
  represent: (v: object) => representScalar(v as unknown as null | boolean | number),
});

function representScalar(v: null | boolean | number): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Number.isNaN(v)) return '.nan';
  if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf';
  return String(v);
}

export const GOYAML_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({ implicit: [goyamlScalar] });
