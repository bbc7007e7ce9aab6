// The built-in objects of a Helm v3.17 template: .Chart, .Capabilities (with its KubeVersion, APIVersions and
// HelmVersion), .Files and .Release, shaped like the Go types so that field access, %v printing and toJson match.
import { marshalYaml } from '../goencoding/yaml.js';
import { GoStruct, formatV, isMap, namedMap, setOwn, withGoType, type GoFunc } from '../gotemplate/values.js';
import type { Chart, ChartFile, Dependency, Maintainer, Metadata, Values } from './chart.js';
import { DEFAULT_API_VERSIONS, HELM_VERSION } from './capabilities-data.js';
import { compileGlob } from './glob.js';
import { goString } from './gostrings.js';

/** `{a b c}`: Go's %v of a struct. */
function structV(values: unknown[]): string {
  return `{${values.map(formatV).join(' ')}}`;
}

/** Drop Go zero values, as `json:",omitempty"` does, except for the fields listed in `keep` (no omitempty tag). */
function omitEmpty(entries: [string, unknown][], keep: string[] = []): Values {
  const out: Values = {};
  for (const [k, v] of entries) {
    if (keep.includes(k)) {
      setOwn(out, k, v);
      continue;
    }
    if (v === '' || v === false || v === null || v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === 'object' && !Array.isArray(v) && !(v instanceof GoStruct) && Object.keys(v).length === 0) continue;
    setOwn(out, k, v);
  }
  return out;
}

class MaintainerObject extends GoStruct {
  readonly goType = '*chart.Maintainer';
  constructor(private readonly m: Maintainer) {
    super();
  }
  field(name: string): { value: unknown } | undefined {
    if (name === 'Name') return { value: this.m.name };
    if (name === 'Email') return { value: this.m.email };
    if (name === 'URL') return { value: this.m.url };
    return undefined;
  }
  toJSONValue(): unknown {
    return omitEmpty([
      ['name', this.m.name],
      ['email', this.m.email],
      ['url', this.m.url],
    ]);
  }
  formatV(): string {
    return `&${structV([this.m.name, this.m.email, this.m.url])}`;
  }
}

class DependencyObject extends GoStruct {
  readonly goType = '*chart.Dependency';
  constructor(private readonly d: Dependency) {
    super();
  }
  private fields(): [string, string, unknown][] {
    const d = this.d;
    return [
      ['Name', 'name', d.name],
      ['Version', 'version', d.version],
      ['Repository', 'repository', d.repository],
      ['Condition', 'condition', d.condition],
      ['Tags', 'tags', withGoType(d.tags, '[]string')],
      ['Enabled', 'enabled', d.enabled],
      ['ImportValues', 'import-values', d.importValues],
      ['Alias', 'alias', d.alias],
    ];
  }
  field(name: string): { value: unknown } | undefined {
    const f = this.fields().find(([goName]) => goName === name);
    return f ? { value: f[2] } : undefined;
  }
  toJSONValue(): unknown {
    return omitEmpty(
      this.fields().map(([, json, v]) => [json, v]),
      ['name', 'repository'],
    );
  }
  formatV(): string {
    return `&${structV(this.fields().map(([, , v]) => v))}`;
  }
}

/** chart.Metadata's fields in declaration order: Go name, JSON tag name, value. */
function metadataFields(m: Metadata): [string, string, unknown][] {
  return [
    ['Name', 'name', m.name],
    ['Home', 'home', m.home],
    ['Sources', 'sources', withGoType(m.sources, '[]string')],
    ['Version', 'version', m.version],
    ['Description', 'description', m.description],
    ['Keywords', 'keywords', withGoType(m.keywords, '[]string')],
    ['Maintainers', 'maintainers', withGoType(m.maintainers.map((x) => new MaintainerObject(x)), '[]*chart.Maintainer')],
    ['Icon', 'icon', m.icon],
    ['APIVersion', 'apiVersion', m.apiVersion],
    ['Condition', 'condition', m.condition],
    ['Tags', 'tags', m.tags],
    ['AppVersion', 'appVersion', m.appVersion],
    ['Deprecated', 'deprecated', m.deprecated],
    ['Annotations', 'annotations', withGoType(m.annotations, 'map[string]string')],
    ['KubeVersion', 'kubeVersion', m.kubeVersion],
    ['Dependencies', 'dependencies', withGoType(m.dependencies.map((d) => new DependencyObject(d)), '[]*chart.Dependency')],
    ['Type', 'type', m.type],
  ];
}

/** chart.Metadata (what `.Chart.Metadata` returns). */
class MetadataObject extends GoStruct {
  readonly goType: string = 'chart.Metadata';
  private cached: [string, string, unknown][] | undefined;
  constructor(protected readonly md: Metadata) {
    super();
  }
  /** The fields, built once: templates read .Chart often. */
  protected fields(): [string, string, unknown][] {
    return (this.cached ??= metadataFields(this.md));
  }
  field(name: string): { value: unknown } | undefined {
    const f = this.fields().find(([goName]) => goName === name);
    return f ? { value: f[2] } : undefined;
  }
  toJSONValue(): unknown {
    return omitEmpty(this.fields().map(([, json, v]) => [json, v]));
  }
  formatV(): string {
    return structV(this.fields().map(([, , v]) => v));
  }
}

/** `.Chart`: helm v3 passes `struct { chart.Metadata; IsRoot bool }`, so the metadata fields are promoted. */
export class ChartObject extends MetadataObject {
  override readonly goType = 'struct { chart.Metadata; IsRoot bool }';
  constructor(
    md: Metadata,
    private readonly root: boolean,
  ) {
    super(md);
  }
  override field(name: string): { value: unknown } | undefined {
    if (name === 'IsRoot') return { value: this.root };
    if (name === 'Metadata') return { value: new MetadataObject(this.md) };
    return super.field(name);
  }
  override toJSONValue(): unknown {
    return { ...(super.toJSONValue() as Values), IsRoot: this.root };
  }
  override formatV(): string {
    return `{${super.formatV()} ${this.root}}`;
  }
}

/** chartutil.KubeVersion. String and GitVersion have pointer receivers, so only the addressable field of
 *  `*Capabilities` has them: `{{ .Capabilities.KubeVersion }}` prints v1.30.0 while a function argument (a copy)
 *  prints as the struct `{v1.30.0 1 30}`. */
export class KubeVersion extends GoStruct {
  readonly goType = 'chartutil.KubeVersion';
  constructor(
    readonly version: string,
    readonly major: string,
    readonly minor: string,
    private readonly addressable = true,
  ) {
    super();
  }
  override interfaceValue(): KubeVersion {
    return this.addressable ? new KubeVersion(this.version, this.major, this.minor, false) : this;
  }
  field(name: string): { value: unknown } | undefined {
    if (name === 'Version') return { value: this.version };
    if (name === 'Major') return { value: this.major };
    if (name === 'Minor') return { value: this.minor };
    return undefined;
  }
  override method(name: string): GoFunc | undefined {
    if (!this.addressable) return undefined;
    if (name === 'String' || name === 'GitVersion') return { params: [], result: 'string', fn: () => this.version };
    return undefined;
  }
  override stringer(): string | undefined {
    return this.addressable ? this.version : undefined;
  }
  toJSONValue(): unknown {
    return { Version: this.version, Major: this.major, Minor: this.minor };
  }
  formatV(): string {
    return structV([this.version, this.major, this.minor]);
  }
}

/** Semantic version as Masterminds/semver parses it (loose: `1.30`, `v1.30.0-rc.1+b`). */
const SEMVER =
  /^v?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** chartutil.ParseKubeVersion (v3.17): `v` + semver String(), which keeps prerelease and metadata. */
export function parseKubeVersion(text: string): KubeVersion {
  const m = SEMVER.exec(text);
  if (!m) throw new Error('Invalid Semantic Version');
  const major = BigInt(m[1]!).toString();
  const minor = BigInt(m[2] ?? '0').toString();
  const patch = BigInt(m[3] ?? '0').toString();
  const pre = m[4] ? `-${m[4]}` : '';
  const meta = m[5] ? `+${m[5]}` : '';
  return new KubeVersion(`v${major}.${minor}.${patch}${pre}${meta}`, major, minor);
}

/** chartutil.VersionSet: the API versions list with its Has method. */
export class VersionSet extends GoStruct {
  readonly goType = 'chartutil.VersionSet';
  constructor(readonly versions: string[]) {
    super();
  }
  field(): { value: unknown } | undefined {
    return undefined;
  }
  override method(name: string): GoFunc | undefined {
    if (name === 'Has') return { params: ['string'], result: 'bool', fn: (v: string) => this.versions.includes(v) };
    return undefined;
  }
  override elements(): unknown[] {
    return this.versions;
  }
  toJSONValue(): unknown {
    return this.versions;
  }
  formatV(): string {
    return `[${this.versions.join(' ')}]`;
  }
}

/** version.BuildInfo of the helm binary being mimicked. */
class BuildInfo extends GoStruct {
  readonly goType = 'version.BuildInfo';
  private readonly fields: [string, string, string][] = [
    ['Version', 'version', HELM_VERSION.version],
    ['GitCommit', 'git_commit', HELM_VERSION.gitCommit],
    ['GitTreeState', 'git_tree_state', HELM_VERSION.gitTreeState],
    ['GoVersion', 'go_version', HELM_VERSION.goVersion],
  ];
  field(name: string): { value: unknown } | undefined {
    const f = this.fields.find(([goName]) => goName === name);
    return f ? { value: f[2] } : undefined;
  }
  toJSONValue(): unknown {
    return omitEmpty(this.fields.map(([, json, v]) => [json, v]));
  }
  formatV(): string {
    return structV(this.fields.map(([, , v]) => v));
  }
}

/** *chartutil.Capabilities. */
export class Capabilities extends GoStruct {
  readonly goType = '*chartutil.Capabilities';
  readonly apiVersions: VersionSet;
  private readonly helmVersion = new BuildInfo();
  constructor(
    readonly kubeVersion: KubeVersion,
    extraApiVersions: string[],
  ) {
    super();
    this.apiVersions = new VersionSet([...DEFAULT_API_VERSIONS, ...extraApiVersions]);
  }
  field(name: string): { value: unknown } | undefined {
    if (name === 'KubeVersion') return { value: this.kubeVersion };
    if (name === 'APIVersions') return { value: this.apiVersions };
    if (name === 'HelmVersion') return { value: this.helmVersion };
    return undefined;
  }
  toJSONValue(): unknown {
    return { KubeVersion: this.kubeVersion, APIVersions: this.apiVersions, HelmVersion: this.helmVersion };
  }
  formatV(): string {
    return `&{${[this.kubeVersion.formatV(), this.apiVersions.formatV(), this.helmVersion.formatV()].join(' ')}}`;
  }
}

/** `.Files` (engine.files, a map[string][]byte with helper methods). */
export class FilesObject extends GoStruct {
  readonly goType = 'engine.files';
  constructor(private readonly files: Map<string, Uint8Array>) {
    super();
  }

  static of(files: ChartFile[]): FilesObject {
    return new FilesObject(new Map(files.map((f) => [f.name, f.data])));
  }

  /** A map type: `.Files.name` looks the key up; a missing key gives the zero value (a nil []byte). */
  field(name: string): { value: unknown } | undefined {
    return { value: this.files.get(name) ?? this.zeroElement() };
  }

  /** A nil []byte: the value model has no nil slice, and an empty one prints and converts the same. */
  override zeroElement(): Uint8Array {
    return new Uint8Array();
  }

  override method(name: string): GoFunc | undefined {
    switch (name) {
      case 'Get':
        return { params: ['string'], result: 'string', fn: (n: string) => goString(this.getBytes(n)) };
      case 'GetBytes':
        return { params: ['string'], result: '[]uint8', fn: (n: string) => this.getBytes(n) };
      case 'Glob':
        return { params: ['string'], result: 'engine.files', fn: (p: string) => this.glob(p) };
      case 'AsConfig':
        return { params: [], result: 'string', fn: () => this.asMap(goString) };
      case 'AsSecrets':
        return { params: [], result: 'string', fn: () => this.asMap((d) => Buffer.from(d).toString('base64')) };
      case 'Lines':
        return { params: ['string'], result: '[]string', fn: (p: string) => this.lines(p) };
    }
    return undefined;
  }

  private getBytes(name: string): Uint8Array {
    return this.files.get(name) ?? new Uint8Array();
  }

  private glob(pattern: string): FilesObject {
    let re: RegExp;
    try {
      re = compileGlob(pattern);
    } catch {
      re = compileGlob('**');
    }
    return new FilesObject(new Map([...this.files].filter(([n]) => re.test(n))));
  }

  /** AsConfig/AsSecrets: base name → content, as YAML (toYAML, so errors give ""). */
  private asMap(encode: (d: Uint8Array) => string): string {
    const m: Record<string, string> = {};
    for (const [name, data] of this.files) setOwn(m, name.slice(name.lastIndexOf('/') + 1), encode(data));
    try {
      return marshalYaml(m).replace(/\n$/, '');
    } catch {
      return '';
    }
  }

  private lines(path: string): string[] {
    const data = this.files.get(path);
    if (data === undefined) return [];
    // Helm reads the last byte without checking the length: an empty file is a Go panic the template reports.
    if (data.length === 0) throw new Error('runtime error: index out of range [-1]');
    let s = goString(data);
    if (s.endsWith('\n')) s = s.slice(0, -1);
    return s.split('\n');
  }

  override elements(): Map<string, unknown> {
    return this.files;
  }

  toJSONValue(): unknown {
    return Object.fromEntries(this.files);
  }

  formatV(): string {
    const keys = [...this.files.keys()].sort();
    return `map[${keys.map((k) => `${k}:${formatV(this.files.get(k))}`).join(' ')}]`;
  }
}

export interface ReleaseOptions {
  name: string;
  namespace: string;
  isUpgrade: boolean;
}

/** `.Release` (a plain map in v3; Revision is a Go int). */
export function releaseObject(o: ReleaseOptions): Values {
  return {
    Name: o.name,
    Namespace: o.namespace,
    IsUpgrade: o.isUpgrade,
    IsInstall: !o.isUpgrade,
    Revision: 1n,
    Service: 'Helm',
  };
}

/** The per-chart top-level object (engine.recAllTpls): children first so `.Subcharts` is filled. */
export function chartScope(chart: Chart, parentScope: Values, onScope: (chart: Chart, scope: Values) => void): Values {
  const subcharts: Values = {};
  let values: Values = {};
  const parentValues = parentScope['Values'];
  if (chart.isRoot()) {
    if (isMap(parentValues)) values = parentValues;
  } else {
    // Values.Table("Values.<name>"): the subchart's own table, or empty when it is missing or not a map.
    const own = isMap(parentValues) && Object.hasOwn(parentValues, chart.name()) ? parentValues[chart.name()] : undefined;
    if (isMap(own)) values = own;
  }
  const scope: Values = {
    Chart: new ChartObject(chart.metadata, chart.isRoot()),
    Files: FilesObject.of(chart.files),
    Release: parentScope['Release'],
    Capabilities: parentScope['Capabilities'],
    Values: namedMap('chartutil.Values', values),
    Subcharts: subcharts,
  };
  for (const child of chart.dependencies) setOwn(subcharts, child.name(), chartScope(child, scope, onScope));
  onScope(chart, scope);
  return scope;
}
