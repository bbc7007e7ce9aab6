// Chart loading as helm v3.17's pkg/chart/loader: a directory (with .helmignore) or a .tgz archive (subcharts in
// charts/), turned into a Chart tree. Files are visited in lexical order, like Go's sympath.Walk.
import { lstatSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { decodeYamlBytes, parseYamlObject } from '../goencoding/yaml.js';
import { formatFloat, isMap, setOwn } from '../gotemplate/values.js';
import { Chart, type ChartFile, type Dependency, type Maintainer, type Metadata, type Values } from './chart.js';
import { HelmError } from './errors.js';
import { IgnoreRules } from './ignore.js';
import { readTgz } from './tar.js';

const BOM = [0xef, 0xbb, 0xbf];

/** Load a chart directory (LoadDir). `onWarning` hears of every symlink followed, as helm logs them. */
export function loadChartDir(dir: string, onWarning?: (message: string) => void): Chart {
  const ignoreFile = join(dir, '.helmignore');
  const rules = exists(ignoreFile) ? IgnoreRules.parse(readFileSync(ignoreFile, 'utf8')) : new IgnoreRules();
  rules.addDefaults();
  const files: ChartFile[] = [];
  walk(dir, '', rules, files, onWarning);
  return loadFiles(files);
}

/** sympath.Walk's log line for a symlink it follows, and a word more when the link leaves the chart (helm reads
 *  the outside content all the same). */
function symlinkWarning(root: string, path: string): string {
  const target = realpathSync(path);
  const inside = relative(realpathSync(root), target);
  const outside = inside === '..' || inside.startsWith('../') || resolve(inside) === inside;
  return `found symbolic link in path: ${resolve(path)} resolves to ${target}. Contents of linked file included and used${outside ? ' (it points outside the chart)' : ''}`;
}

/** Load a packaged chart (LoadArchive): the first path component (the chart's directory) is dropped. */
export function loadChartArchive(data: Uint8Array): Chart {
  const files: ChartFile[] = [];
  for (const entry of readTgz(data)) {
    const parts = entry.name.split('/');
    if (parts[0] === 'Chart.yaml') throw new HelmError('chart yaml not in base directory');
    const name = parts.slice(1).join('/');
    if (name.startsWith('/')) throw new HelmError('chart illegally contains absolute paths');
    if (name === '' || name === '.') {
      throw new HelmError(`chart illegally contains content outside the base directory: "${entry.name}"`);
    }
    if (name.startsWith('..')) throw new HelmError('chart illegally references parent directory');
    files.push({ name, data: stripBom(entry.data) });
  }
  if (files.length === 0) throw new HelmError('no files in chart archive');
  return loadFiles(files);
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function walk(root: string, rel: string, rules: IgnoreRules, out: ChartFile[], onWarning?: (message: string) => void): void {
  const names = readdirSync(join(root, rel)).sort();
  for (const name of names) {
    const relPath = rel ? `${rel}/${name}` : name;
    const path = join(root, relPath);
    const st = statSync(path); // follows symlinks, like sympath.Walk
    if (onWarning && lstatSync(path).isSymbolicLink()) onWarning(symlinkWarning(root, path));
    if (st.isDirectory()) {
      if (!rules.ignores(relPath, true)) walk(root, relPath, rules, out, onWarning);
      continue;
    }
    if (rules.ignores(relPath, false)) continue;
    if (!st.isFile()) {
      throw new HelmError(`cannot load irregular file ${join(root, relPath)} as it has file mode type bits set`);
    }
    out.push({ name: relPath, data: stripBom(readFileSync(join(root, relPath))) });
  }
}

function stripBom(data: Uint8Array): Uint8Array {
  return BOM.every((b, i) => data[i] === b) ? data.subarray(3) : data;
}

/** A YAML file of the chart as libyaml reads it (UTF-8, or UTF-16 with a byte order mark). */
function text(f: ChartFile): string {
  return decodeYamlBytes(f.data);
}

/** LoadFiles: sort files into metadata, values, schema, templates, files and subcharts. */
export function loadFiles(files: ChartFile[]): Chart {
  const chartYaml = files.find((f) => f.name === 'Chart.yaml');
  if (!chartYaml) throw new HelmError('Chart.yaml file is missing');
  const chart = new Chart(parseMetadata(text(chartYaml), 'Chart.yaml'));
  const subcharts = new Map<string, ChartFile[]>();
  for (const f of files) {
    if (f.name === 'Chart.yaml' || f.name === 'Chart.lock') continue;
    if (f.name === 'values.yaml') {
      chart.values = parseYamlMap(text(f), 'cannot load values.yaml');
    } else if (f.name === 'values.schema.json') {
      chart.schema = f.data;
    } else if (f.name === 'requirements.yaml') {
      // apiVersion v1 charts declare dependencies here (and keep the file in .Files).
      const req = parseYamlMap(text(f), 'cannot load requirements.yaml');
      if (Object.hasOwn(req, 'dependencies')) chart.metadata.dependencies = parseDependencies(req['dependencies']);
      if (chart.metadata.apiVersion === 'v1') chart.files.push(f);
    } else if (f.name === 'requirements.lock') {
      if (chart.metadata.apiVersion === 'v1') chart.files.push(f);
    } else if (f.name.startsWith('templates/')) {
      chart.templates.push(f);
    } else if (f.name.startsWith('charts/')) {
      if (f.name.endsWith('.prov')) {
        chart.files.push(f);
        continue;
      }
      const rest = f.name.slice('charts/'.length);
      const slash = rest.indexOf('/');
      const cname = slash < 0 ? rest : rest.slice(0, slash);
      const list = subcharts.get(cname) ?? [];
      list.push({ name: rest, data: f.data });
      subcharts.set(cname, list);
    } else {
      chart.files.push(f);
    }
  }
  validateMetadata(chart.metadata);
  for (const [n, subFiles] of subcharts) {
    if (n.startsWith('_') || n.startsWith('.')) continue;
    if (n.endsWith('.tgz') && subFiles[0]!.name !== n) {
      throw new HelmError(`error unpacking tar in ${chart.name()}: expected ${n}, got ${subFiles[0]!.name}`);
    }
    let sub: Chart;
    try {
      if (n.endsWith('.tgz')) {
        sub = loadChartArchive(subFiles[0]!.data);
      } else {
        const inner: ChartFile[] = [];
        for (const f of subFiles) {
          const slash = f.name.indexOf('/');
          if (slash >= 0) inner.push({ name: f.name.slice(slash + 1), data: f.data });
        }
        sub = loadFiles(inner);
      }
    } catch (e) {
      throw new HelmError(`error unpacking subchart ${n} in ${chart.name()}: ${(e as Error).message}`);
    }
    chart.addDependency(sub);
  }
  return chart;
}

/** A YAML file decoded into map[string]interface{} (values.yaml: first document only; empty → no values). */
function parseYamlMap(src: string, context: string): Values {
  try {
    return parseYamlObject(src);
  } catch (e) {
    throw new HelmError(`${context}: ${(e as Error).message}`);
  }
}

/** Chart.yaml → Metadata. sigs.k8s.io/yaml stringifies scalars decoded into string fields (floats as 32-bit 'g'). */
export function parseMetadata(src: string, file: string): Metadata {
  const raw = parseYamlMap(src, `cannot load ${file}`);
  const md: Metadata = {
    name: str(raw['name']),
    home: str(raw['home']),
    sources: strList(raw['sources']),
    version: str(raw['version']),
    description: str(raw['description']),
    keywords: strList(raw['keywords']),
    maintainers: Array.isArray(raw['maintainers']) ? raw['maintainers'].map(parseMaintainer) : [],
    icon: str(raw['icon']),
    apiVersion: str(raw['apiVersion']),
    condition: str(raw['condition']),
    tags: str(raw['tags']),
    appVersion: str(raw['appVersion']),
    deprecated: raw['deprecated'] === true,
    annotations: strMap(raw['annotations']),
    kubeVersion: str(raw['kubeVersion']),
    dependencies: parseDependencies(raw['dependencies']),
    type: str(raw['type']),
  };
  // Helm 2 charts had no apiVersion; helm treats them as v1.
  if (md.apiVersion === '') md.apiVersion = 'v1';
  return md;
}

function parseMaintainer(v: unknown): Maintainer {
  const m = isMap(v) ? v : {};
  return { name: str(m['name']), email: str(m['email']), url: str(m['url']) };
}

function parseDependencies(v: unknown): Dependency[] {
  if (!Array.isArray(v)) return [];
  return v.map((d) => {
    const m = isMap(d) ? d : {};
    return {
      name: str(m['name']),
      version: str(m['version']),
      repository: str(m['repository']),
      condition: str(m['condition']),
      tags: strList(m['tags']),
      enabled: m['enabled'] === true,
      importValues: Array.isArray(m['import-values']) ? m['import-values'] : [],
      alias: str(m['alias']),
    };
  });
}

/** A scalar decoded into a Go string field. */
function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatMetadataNumber(v);
  throw new HelmError(`cannot load Chart.yaml: error unmarshaling JSON: json: cannot unmarshal object into Go value of type string`);
}

/** Integral YAML numbers were ints (FormatInt); others floats, printed as float32 'g' (`1.10` → `1.1`). */
function formatMetadataNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  return formatFloat(n, 32);
}

function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(str) : [];
}

function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isMap(v)) for (const [k, val] of Object.entries(v)) setOwn(out, k, str(val));
  return out;
}

/** chart.Metadata.Validate, the checks helm template runs into. */
function validateMetadata(md: Metadata): void {
  if (md.apiVersion === '') throw new HelmError('validation: chart.metadata.apiVersion is required');
  if (md.name === '') throw new HelmError('validation: chart.metadata.name is required');
  if (md.version === '') throw new HelmError('validation: chart.metadata.version is required');
  if (!isSemver(md.version)) throw new HelmError(`validation: chart.metadata.version "${md.version}" is invalid`);
  if (md.type !== '' && md.type !== 'application' && md.type !== 'library') {
    throw new HelmError('validation: chart.metadata.type must be application or library');
  }
}

/** Masterminds semver.NewVersion's loose syntax: optional v, 1–3 numeric parts, prerelease, build metadata. */
function isSemver(v: string): boolean {
  return /^v?(0|[1-9]\d*)(\.(0|[1-9]\d*))?(\.(0|[1-9]\d*))?(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/.test(
    v,
  );
}
