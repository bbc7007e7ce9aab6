// Chart loading as helm v3.17's pkg/chart/loader: a directory (walked like internal/sympath, honouring .helmignore)
// or a packaged chart (.tgz), subcharts in charts/ as directories or archives, turned into a Chart tree. Error texts
// are helm's, with the absolute paths helm reports.
import { readFileSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { Chart, type ChartFile, type Dependency, type Metadata, type Values } from './chart.js';
import { checkLock, decodeMetadata, metadataOf, type MetadataFields } from './chartfile.js';
import { HelmError } from './errors.js';
import { base as goBase, clean as goClean } from '../sprig/paths.js';
import { GoFsError, detectContentType, evalSymlinks, goLstat, pathError } from './gofs.js';
import { IgnoreRules } from './ignore.js';
import { logf } from './log.js';
import { decodeYamlBytes, parseYamlObject } from '../goencoding/yaml.js';
import { ArchiveError, readTgz } from './tar.js';

const BOM = [0xef, 0xbb, 0xbf];
/** loader.MaxDecompressedChartSize and MaxDecompressedFileSize. */
const MAX_CHART_SIZE = 100 * 1024 * 1024;
const MAX_FILE_SIZE = 5 * 1024 * 1024;

/** loader.Load: a directory or a packaged chart. */
export function loadChart(path: string): Chart {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw new HelmError(pathError('stat', path, e).message);
  }
  return isDir ? loadChartDir(path) : loadChartFile(path);
}

/** LoadFile: a packaged chart, checked to be a gzip archive first (helm's hint for a values file given as chart). */
export function loadChartFile(path: string): Chart {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    throw new HelmError(pathError('open', path, e).message);
  }
  const head = data.subarray(0, 512);
  const gzip = head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08;
  if (!gzip) {
    if (path.endsWith('.yml') || path.endsWith('.yaml')) {
      throw new HelmError(`file '${path}' seems to be a YAML file, but expected a gzipped archive`);
    }
    throw new HelmError(`file '${path}' does not appear to be a gzipped archive; got '${detectContentType(head)}'`);
  }
  try {
    return loadChartArchive(data);
  } catch (e) {
    if (e instanceof ArchiveError && e.header) {
      throw new HelmError(`file '${path}' does not appear to be a valid chart file (details: ${e.message})`);
    }
    throw e;
  }
}

/** LoadArchive: the files of a packaged chart, with the first path component (the chart's directory) dropped. */
export function loadChartArchive(data: Uint8Array): Chart {
  return loadFiles(archiveFiles(data));
}

/** LoadArchiveFiles: path checks and size limits, as helm applies them to every entry. */
function archiveFiles(data: Uint8Array): ChartFile[] {
  let entries: ReturnType<typeof readTgz>;
  try {
    entries = readTgz(data);
  } catch (e) {
    // gzip.ErrHeader stays recognisable: LoadFile words it its own way.
    if (e instanceof ArchiveError && e.header) throw e;
    throw new HelmError((e as Error).message);
  }
  const files: ChartFile[] = [];
  let remaining = MAX_CHART_SIZE;
  for (const entry of entries) {
    if (entry.type === '5' || entry.dirMode || entry.type === 'g' || entry.type === 'x') continue;
    const delimiter = entry.name.includes('\\') ? '\\' : '/';
    const parts = entry.name.split(delimiter);
    let name = parts.slice(1).join(delimiter).replaceAll(delimiter, '/');
    if (name.startsWith('/')) throw new HelmError('chart illegally contains absolute paths');
    name = goClean(name);
    if (name === '.') throw new HelmError(`chart illegally contains content outside the base directory: ${JSON.stringify(entry.name)}`);
    if (name.startsWith('..')) throw new HelmError('chart illegally references parent directory');
    if (/^[a-zA-Z]:\//.test(name)) throw new HelmError('chart contains illegally named files');
    if (parts[0] === 'Chart.yaml') throw new HelmError('chart yaml not in base directory');
    if (entry.size > remaining) throw new HelmError(`decompressed chart is larger than the maximum file size ${MAX_CHART_SIZE}`);
    if (entry.size > MAX_FILE_SIZE) {
      throw new HelmError(`decompressed chart file ${JSON.stringify(entry.name)} is larger than the maximum file size ${MAX_FILE_SIZE}`);
    }
    remaining -= entry.data.length;
    if (entry.data.length < entry.size || remaining <= 0) {
      throw new HelmError(`decompressed chart is larger than the maximum file size ${MAX_CHART_SIZE}`);
    }
    files.push({ name, data: stripBom(entry.data) });
  }
  if (files.length === 0) throw new HelmError('no files in chart archive');
  return files;
}

/** LoadDir: the chart's files, walked in lexical order following symbolic links (helm logs each one). */
export function loadChartDir(dir: string): Chart {
  return loadFiles(collectChartFiles(dir));
}

/** The files LoadDir reads from a chart directory (what .helmignore leaves, BOMs stripped). */
export function collectChartFiles(dir: string): ChartFile[] {
  const top = resolve(dir);
  let rules = new IgnoreRules();
  const ignoreFile = join(top, '.helmignore');
  if (exists(ignoreFile)) {
    try {
      rules = IgnoreRules.parse(readFileSync(ignoreFile, 'utf8'));
    } catch (e) {
      throw new HelmError((e as Error).message);
    }
  }
  rules.addDefaults();
  const files: ChartFile[] = [];
  try {
    walkDir(top, '', rules, files);
  } catch (e) {
    if (e instanceof GoFsError) throw new HelmError(e.message);
    throw e;
  }
  return files;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** What symwalk needs to know of an entry: Dirent for plain entries (no stat call), lstat after a symlink. */
interface Info {
  isSymbolicLink(): boolean;
  isDirectory(): boolean;
  isFile(): boolean;
}

/** sympath.Walk's symwalk for each entry of a directory; `rel` is the slash path below the chart root. */
function walkDir(top: string, rel: string, rules: IgnoreRules, out: ChartFile[]): void {
  const dir = rel === '' ? top : join(top, rel);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw pathError('open', dir, e);
  }
  entries.sort((a, b) => compareBytes(a.name, b.name));
  for (const entry of entries) {
    symwalk(top, rel === '' ? entry.name : `${rel}/${entry.name}`, entry, rules, out);
  }
}

function symwalk(top: string, rel: string, info: Info | Stats, rules: IgnoreRules, out: ChartFile[]): void {
  const path = join(top, rel);
  if (info.isSymbolicLink()) {
    let resolved: string;
    try {
      // The system resolves a link that leads somewhere; Go's walk explains one that does not.
      resolved = realpathSync.native(path);
    } catch {
      try {
        resolved = evalSymlinks(path);
      } catch (e) {
        throw new GoFsError(`error evaluating symlink ${path}: ${(e as Error).message}`);
      }
    }
    // Helm reads what a link outside the chart points to all the same; bundle's env commands say so.
    const inside = relative(realpathSync.native(top), resolved);
    const outside = inside === '..' || inside.startsWith('../') || isAbsolute(inside);
    logf(
      'walk.go:75',
      `found symbolic link in path: ${path} resolves to ${resolved}. Contents of linked file included and used`,
      outside ? '(it points outside the chart)' : undefined,
    );
    symwalk(top, rel, goLstat(resolved), rules, out);
    return;
  }
  if (info.isDirectory()) {
    // Directory rules skip the whole directory.
    if (!rules.ignores(rel, true)) walkDir(top, rel, rules, out);
    return;
  }
  if (rules.ignores(rel, false)) return;
  if (!info.isFile()) throw new GoFsError(`cannot load irregular file ${path} as it has file mode type bits set`);
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    throw new GoFsError(`error reading ${rel}: ${pathError('open', path, e).message}`);
  }
  // Helm checks the size before reading; the file is read here to learn it without a stat call.
  if (data.length > MAX_FILE_SIZE) {
    throw new GoFsError(`chart file ${JSON.stringify(goBase(path))} is larger than the maximum file size ${MAX_FILE_SIZE}`);
  }
  out.push({ name: rel, data: stripBom(data) });
}

function stripBom(data: Uint8Array): Uint8Array {
  return BOM.every((b, i) => data[i] === b) ? data.subarray(3) : data;
}

/** Go's sort.Strings: byte order of the UTF-8 names (UTF-16 order agrees below the surrogates). */
function compareBytes(a: string, b: string): number {
  if (/[\ud800-\uffff]/.test(a + b)) return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** LoadFiles: metadata first, then every file in order into values, schema, templates, files and subcharts. */
export function loadFiles(files: ChartFile[]): Chart {
  let fields: MetadataFields | undefined;
  for (const f of files) {
    if (f.name !== 'Chart.yaml') continue;
    fields = decodeMetadata(decodeYamlBytes(f.data), 'Chart.yaml', fields ?? {});
    // Helm 2 charts had no apiVersion; helm treats them as v1.
    if (!fields['apiVersion']) fields['apiVersion'] = 'v1';
  }
  const chart = new Chart(emptyMetadata());
  const subcharts = new Map<string, ChartFile[]>();
  for (const f of files) {
    const apiV1 = () => (fields?.['apiVersion'] ?? '') === 'v1';
    if (f.name === 'Chart.yaml') continue;
    if (f.name === 'Chart.lock') {
      checkLock(decodeYamlBytes(f.data), 'Chart.lock');
    } else if (f.name === 'values.yaml') {
      chart.values = parseYamlMap(decodeYamlBytes(f.data), 'cannot load values.yaml');
    } else if (f.name === 'values.schema.json') {
      chart.schema = f.data;
    } else if (f.name === 'requirements.yaml') {
      fields ??= {};
      if (!apiV1()) {
        logf('load.go:120', 'Warning: Dependencies are handled in Chart.yaml since apiVersion "v2". We recommend migrating dependencies to Chart.yaml.');
      }
      fields = decodeMetadata(decodeYamlBytes(f.data), 'requirements.yaml', fields);
      if (apiV1()) chart.files.push(f);
    } else if (f.name === 'requirements.lock') {
      checkLock(decodeYamlBytes(f.data), 'requirements.lock');
      fields ??= {};
      if (!apiV1()) {
        logf('load.go:138', 'Warning: Dependency locking is handled in Chart.lock since apiVersion "v2". We recommend migrating to Chart.lock.');
      }
      if (apiV1()) chart.files.push(f);
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
  if (fields === undefined) throw new HelmError('Chart.yaml file is missing');
  const md = metadataOf(fields);
  validateMetadata(md);
  chart.metadata = stripRaw(md);
  for (const [n, subFiles] of subcharts) {
    if (n.startsWith('_') || n.startsWith('.')) continue;
    let sub: Chart;
    try {
      if (n.endsWith('.tgz')) {
        const file = subFiles[0]!;
        if (file.name !== n) throw new HelmError(`error unpacking subchart tar in ${chart.name()}: expected ${n}, got ${file.name}`);
        sub = loadChartArchive(file.data);
      } else {
        const inner: ChartFile[] = [];
        for (const f of subFiles) {
          const slash = f.name.indexOf('/');
          if (slash >= 0) inner.push({ name: f.name.slice(slash + 1), data: f.data });
        }
        sub = loadFiles(inner);
      }
    } catch (e) {
      if (e instanceof HelmError && e.message.startsWith('error unpacking subchart tar in ')) throw e;
      throw new HelmError(`error unpacking subchart ${n} in ${chart.name()}: ${(e as Error).message}`);
    }
    chart.addDependency(sub);
  }
  return chart;
}

/** One Chart.yaml's Metadata, decoded as LoadFiles decodes it but not validated (bundle ls, bundle deps). */
export function parseMetadata(src: string, file: string): Metadata {
  const fields = decodeMetadata(src, file);
  // Helm 2 charts had no apiVersion; helm treats them as v1.
  if (!fields['apiVersion']) fields['apiVersion'] = 'v1';
  return stripRaw(metadataOf(fields));
}

function emptyMetadata(): Metadata {
  return metadataOf({});
}

function stripRaw(md: ReturnType<typeof metadataOf>): Metadata {
  const { rawMaintainers: _m, rawDependencies: _d, ...rest } = md;
  return rest;
}

/** A YAML file decoded into map[string]interface{} (values.yaml: first document only; empty → no values). */
function parseYamlMap(src: string, context: string): Values {
  try {
    return parseYamlObject(src);
  } catch (e) {
    throw new HelmError(`${context}: ${(e as Error).message}`);
  }
}

/** chart.Metadata.Validate: strings sanitized in place, then the checks in helm's order. */
function validateMetadata(md: ReturnType<typeof metadataOf>): void {
  for (const k of ['name', 'description', 'home', 'icon', 'condition', 'tags', 'appVersion', 'kubeVersion'] as const) {
    md[k] = sanitize(md[k]);
  }
  md.sources = md.sources.map(sanitize);
  md.keywords = md.keywords.map(sanitize);
  if (md.apiVersion === '') throw new HelmError('validation: chart.metadata.apiVersion is required');
  if (md.name === '') throw new HelmError('validation: chart.metadata.name is required');
  if (md.name !== goBase(md.name)) throw new HelmError(`validation: chart.metadata.name ${JSON.stringify(md.name)} is invalid`);
  if (md.version === '') throw new HelmError('validation: chart.metadata.version is required');
  if (!isSemver(md.version)) throw new HelmError(`validation: chart.metadata.version ${JSON.stringify(md.version)} is invalid`);
  if (md.type !== '' && md.type !== 'application' && md.type !== 'library') {
    throw new HelmError('validation: chart.metadata.type must be application or library');
  }
  for (const m of md.rawMaintainers) {
    if (m === null) throw new HelmError('validation: maintainers must not contain empty or null nodes');
    m.name = sanitize(m.name);
    m.email = sanitize(m.email);
    m.url = sanitize(m.url);
  }
  const seen = new Set<string>();
  for (const d of md.rawDependencies) {
    if (d === null) throw new HelmError('validation: dependencies must not contain empty or null nodes');
    validateDependency(d);
    const key = d.alias !== '' ? d.alias : d.name;
    if (seen.has(key)) throw new HelmError(`validation: more than one dependency with name or alias ${JSON.stringify(key)}`);
    seen.add(key);
  }
}

function validateDependency(d: Dependency): void {
  d.name = sanitize(d.name);
  d.version = sanitize(d.version);
  d.repository = sanitize(d.repository);
  d.condition = sanitize(d.condition);
  d.tags = d.tags.map(sanitize);
  if (d.alias !== '' && !/^[a-zA-Z0-9-_]+$/.test(d.alias)) {
    throw new HelmError(`validation: dependency ${JSON.stringify(d.name)} has disallowed characters in the alias`);
  }
}

const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u;
const SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** sanitizeString: white space becomes ' ', unprintable characters go (an invalid byte reads as U+FFFD, printable). */
function sanitize(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return s;
  let out = '';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    if (SPACE.test(c)) out += ' ';
    else if (code >= 0xdc80 && code <= 0xdcff) out += '\ufffd';
    else if (PRINTABLE.test(c)) out += c;
  }
  return out;
}

/** Masterminds semver.NewVersion's loose syntax: optional v, 1–3 numeric parts, prerelease, build metadata. */
function isSemver(v: string): boolean {
  return /^v?(0|[1-9]\d*)(\.(0|[1-9]\d*))?(\.(0|[1-9]\d*))?(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/.test(
    v,
  );
}
