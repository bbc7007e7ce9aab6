// Chart.yaml, requirements.yaml and Chart.lock decoded as helm decodes them: sigs.k8s.io/yaml turns the goyaml.v2
// value into JSON (a number or bool bound for a Go string field becomes its text: ints in decimal, floats as 32-bit
// 'g', so `version: 72445e2` is "7.2445e+06"), then encoding/json fills the Go structs: keys in sorted order, matched
// to fields case-insensitively, the first type mismatch reported as Go words it.
import { jsonKind } from '../goencoding/json.js';
import { parseYamlTyped } from '../goencoding/yaml.js';
import { formatFloat, isMap, setOwn } from '../gotemplate/values.js';
import type { Dependency, Maintainer, Metadata } from './chart.js';
import { HelmError } from './errors.js';

/** A Go type as far as these files need: what to decode into and how Go names it in errors. */
type GoType =
  | { kind: 'string' }
  | { kind: 'bool' }
  | { kind: 'any' }
  | { kind: 'slice'; elem: GoType; name: string }
  | { kind: 'map'; elem: GoType; name: string }
  | { kind: 'struct'; name: string; fields: Record<string, GoType> };

const STRING: GoType = { kind: 'string' };
const BOOL: GoType = { kind: 'bool' };
const ANY: GoType = { kind: 'any' };
const STRINGS: GoType = { kind: 'slice', elem: STRING, name: '[]string' };

const MAINTAINER: GoType = { kind: 'struct', name: 'Maintainer', fields: { name: STRING, email: STRING, url: STRING } };
const DEPENDENCY: GoType = {
  kind: 'struct',
  name: 'Dependency',
  fields: {
    name: STRING,
    version: STRING,
    repository: STRING,
    condition: STRING,
    tags: STRINGS,
    enabled: BOOL,
    'import-values': { kind: 'slice', elem: ANY, name: '[]interface {}' },
    alias: STRING,
  },
};
const METADATA: GoType = {
  kind: 'struct',
  name: 'Metadata',
  fields: {
    name: STRING,
    home: STRING,
    sources: STRINGS,
    version: STRING,
    description: STRING,
    keywords: STRINGS,
    maintainers: { kind: 'slice', elem: MAINTAINER, name: '[]*chart.Maintainer' },
    icon: STRING,
    apiVersion: STRING,
    condition: STRING,
    tags: STRING,
    appVersion: STRING,
    deprecated: BOOL,
    annotations: { kind: 'map', elem: STRING, name: 'map[string]string' },
    kubeVersion: STRING,
    dependencies: { kind: 'slice', elem: DEPENDENCY, name: '[]*chart.Dependency' },
    type: STRING,
  },
};
const LOCK: GoType = {
  kind: 'struct',
  name: 'Lock',
  fields: { generated: STRING, digest: STRING, dependencies: { kind: 'slice', elem: DEPENDENCY, name: '[]*chart.Dependency' } },
};

/** A decoded struct: JSON field name → value (absent fields keep their zero value). Null slice elements stay null
 *  (nil pointers, which validation reports). */
type Struct = Record<string, unknown>;

class Decoder {
  /** json.Unmarshal keeps decoding after a type mismatch and returns the first one. */
  error: string | undefined;

  decode(v: unknown, t: GoType, into: Struct | undefined, structName: string, path: string[]): unknown {
    const mismatch = (type: string) => {
      this.error ??= path.length === 0
        ? `json: cannot unmarshal ${jsonKind(v)} into Go value of type ${type}`
        : `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${structName}.${path.join('.')} of type ${type}`;
      return undefined;
    };
    switch (t.kind) {
      case 'string':
        if (v === null || v === undefined) return undefined;
        if (typeof v === 'string') return v;
        if (typeof v === 'bigint') return v.toString();
        if (typeof v === 'number') return formatFloat(v, 32);
        if (typeof v === 'boolean') return v ? 'true' : 'false';
        return mismatch('string');
      case 'bool':
        if (v === null || v === undefined) return undefined;
        if (typeof v === 'boolean') return v;
        return mismatch('bool');
      case 'any':
        return toJsonValue(v);
      case 'slice':
        if (v === null || v === undefined) return undefined;
        if (!Array.isArray(v)) return mismatch(t.name);
        return v.map((item) => {
          if (t.elem.kind === 'struct' && (item === null || item === undefined)) return null;
          return this.decode(item, t.elem, undefined, structName, path);
        });
      case 'map': {
        if (v === null || v === undefined) return undefined;
        if (!isMap(v)) return mismatch(t.name);
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(v).sort()) setOwn(out, k, this.decode(v[k], t.elem, undefined, structName, path) ?? '');
        return out;
      }
      case 'struct': {
        if (v === null || v === undefined) return into;
        if (!isMap(v)) return mismatch(`chart.${t.name}`);
        const out: Struct = into ?? {};
        // sigs.k8s.io/yaml hands encoding/json a marshalled map: keys in sorted order, a later key wins.
        for (const k of Object.keys(v).sort()) {
          const field = Object.keys(t.fields).find((f) => f === k) ?? Object.keys(t.fields).find((f) => f.toLowerCase() === k.toLowerCase());
          if (field === undefined) continue;
          const ft = t.fields[field]!;
          const decoded = this.decode(v[k], ft, undefined, t.name, [...path, field]);
          if (decoded !== undefined) out[field] = decoded;
          // null leaves a string or bool as it was and makes a slice or map nil.
          else if (v[k] === null && (ft.kind === 'slice' || ft.kind === 'map')) delete out[field];
        }
        return out;
      }
    }
  }
}

/** A typed YAML value as encoding/json gives it to interface{}: every number a float64. */
function toJsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (isMap(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) setOwn(out, k, toJsonValue(v[k]));
    return out;
  }
  return v;
}

function decodeFile(text: string, file: string, type: GoType, into?: Struct): Struct | undefined {
  let raw: unknown;
  try {
    raw = parseYamlTyped(text);
  } catch (e) {
    throw new HelmError(`cannot load ${file}: ${(e as Error).message}`);
  }
  const d = new Decoder();
  const out = d.decode(raw, type, into, type.kind === 'struct' ? type.name : '', []) as Struct | undefined;
  if (d.error !== undefined) throw new HelmError(`cannot load ${file}: error unmarshaling JSON: while decoding JSON: ${d.error}`);
  return out;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map(str) : []);

function toMaintainer(m: unknown): Maintainer | null {
  if (m === null) return null;
  const s = m as Struct;
  return { name: str(s['name']), email: str(s['email']), url: str(s['url']) };
}

function toDependency(d: unknown): Dependency | null {
  if (d === null) return null;
  const s = d as Struct;
  return {
    name: str(s['name']),
    version: str(s['version']),
    repository: str(s['repository']),
    condition: str(s['condition']),
    tags: strs(s['tags']),
    enabled: s['enabled'] === true,
    importValues: Array.isArray(s['import-values']) ? (s['import-values'] as unknown[]) : [],
    alias: str(s['alias']),
  };
}

/** The decoded fields of a Metadata (kept so that requirements.yaml can decode into the same struct, as Go does). */
export type MetadataFields = Struct;

export function decodeMetadata(text: string, file: string, into?: MetadataFields): MetadataFields {
  return decodeFile(text, file, METADATA, into ?? {}) ?? {};
}

/** The Metadata of decoded fields; `maintainers`/`dependencies` may hold nulls (nil pointers) for validation. */
export function metadataOf(f: MetadataFields): Metadata & { rawMaintainers: (Maintainer | null)[]; rawDependencies: (Dependency | null)[] } {
  const rawMaintainers = Array.isArray(f['maintainers']) ? f['maintainers'].map(toMaintainer) : [];
  const rawDependencies = Array.isArray(f['dependencies']) ? f['dependencies'].map(toDependency) : [];
  const annotations: Record<string, string> = {};
  if (isMap(f['annotations'])) for (const [k, v] of Object.entries(f['annotations'])) setOwn(annotations, k, str(v));
  return {
    name: str(f['name']),
    home: str(f['home']),
    sources: strs(f['sources']),
    version: str(f['version']),
    description: str(f['description']),
    keywords: strs(f['keywords']),
    maintainers: rawMaintainers.filter((m): m is Maintainer => m !== null),
    icon: str(f['icon']),
    apiVersion: str(f['apiVersion']),
    condition: str(f['condition']),
    tags: str(f['tags']),
    appVersion: str(f['appVersion']),
    deprecated: f['deprecated'] === true,
    annotations,
    kubeVersion: str(f['kubeVersion']),
    dependencies: rawDependencies.filter((d): d is Dependency => d !== null),
    type: str(f['type']),
    rawMaintainers,
    rawDependencies,
  };
}

/** Chart.lock / requirements.lock: only its syntax and types can fail a render. */
export function checkLock(text: string, file: string): void {
  decodeFile(text, file, LOCK);
}
