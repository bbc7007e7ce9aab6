// `helm template` (v3.17, client-only install): values merging, chart loading, dependency processing, coalescing,
// schema validation, rendering and output assembly, in helm's order so that the first error is helm's first error.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { decodeYamlBytes, parseYamlObject } from '../goencoding/yaml.js';
import { isMap, setOwn } from '../gotemplate/values.js';
import { Capabilities, parseKubeVersion, releaseObject, type KubeVersion } from './builtins.js';
import { DEFAULT_KUBE_VERSION } from './capabilities-data.js';
import type { Chart, Values } from './chart.js';
import { coalesceValues, deepCopy } from './coalesce.js';
import { processDependencies } from './dependencies.js';
import { HelmError } from './errors.js';
import { goTrimSpace } from './gostrings.js';
import { loadChartDir } from './loader.js';
import { sortManifests, splitManifests } from './manifests.js';
import { pathMatch } from './pathmatch.js';
import { renderTemplates } from './render.js';
import { isCompatibleRange } from './semver.js';
import { validateValues } from './schema.js';
import { parseSetFileInto, parseSetInto, parseSetJsonInto, parseSetStringInto } from './strvals.js';

export interface TemplateRequest {
  releaseName: string;
  namespace: string;
  valuesFiles?: string[];
  /** Already-parsed values layers, applied in order after valuesFiles and before --set. */
  values?: Record<string, unknown>[];
  set?: string[];
  setString?: string[];
  /** --set-json (applied before --set) and --set-file (after --set-string; paths relative to the current folder). */
  setJson?: string[];
  setFile?: string[];
  kubeVersion?: string;
  apiVersions?: string[];
  includeCrds?: boolean;
  showOnly?: string[];
  isUpgrade?: boolean;
  /** Stop rendering templates after this time (Date.now() milliseconds). */
  deadline?: number;
  /** What helm logs on stderr without failing (symlinks followed in the chart). */
  onWarning?: (message: string) => void;
}

/** One printed document: `source` is its `# Source:` path, `hook` whether it came from a helm.sh/hook. */
export interface RenderedDoc {
  source: string;
  content: string;
  hook: boolean;
}

const DEBUG_HINT = '\n\nUse --debug flag to render out invalid YAML';

const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

interface Rendered {
  crds: { filename: string; data: string }[];
  manifests: RenderedDoc[];
  hooks: RenderedDoc[];
}

/** Exactly what `helm template <releaseName> <chartDir> -n <namespace> …` prints on stdout; throws HelmError. */
export function helmTemplate(chartDir: string, req: TemplateRequest): string {
  const r = render(chartDir, req);
  let manifestText = '';
  if (req.includeCrds) for (const c of r.crds) manifestText += `---\n# Source: ${c.filename}\n${c.data}\n`;
  for (const m of r.manifests) manifestText += `---\n# Source: ${m.source}\n${m.content}\n`;
  let out = goTrimSpace(manifestText) + '\n';
  for (const h of r.hooks) out += `---\n# Source: ${h.source}\n${h.content}\n`;
  if (!req.showOnly || req.showOnly.length === 0) return out;
  // helm re-splits its own output and reads each document's `# Source: <chart>/<path>` line (Go's `.` stops only at \n).
  const docs = splitManifests(out);
  return selectShown(docs, req.showOnly, (d) => /# Source: [^/]+\/([^\n]+)/.exec(d)?.[1])
    .map((d) => `---\n${d}\n`)
    .join('');
}

/** The documents of `helm template` in output order (CRDs only with includeCrds, one entry per YAML document). */
export function renderChart(chartDir: string, req: TemplateRequest): RenderedDoc[] {
  const r = render(chartDir, req);
  const crds: RenderedDoc[] = req.includeCrds
    ? r.crds.flatMap((c) => splitManifests(c.data).map((content) => ({ source: c.filename, content, hook: false })))
    : [];
  const docs = [...crds, ...r.manifests, ...r.hooks];
  if (!req.showOnly || req.showOnly.length === 0) return docs;
  return selectShown(docs, req.showOnly, (d) => d.source.slice(d.source.indexOf('/') + 1));
}

function render(chartDir: string, req: TemplateRequest): Rendered {
  const kubeVersion = parseKubeVersionFlag(req.kubeVersion);
  locateChart(chartDir);
  const vals = mergeUserValues(req);
  const chart = loadChartDir(chartDir, req.onWarning);
  checkInstallable(chart);
  checkDependenciesPresent(chart);
  checkReleaseName(req.releaseName);
  processDependencies(chart, vals);
  const capabilities = new Capabilities(kubeVersion, req.apiVersions ?? []);
  const values = coalesceValues(chart, vals);
  validateValues(chart, values);
  const top: Values = {
    Values: values,
    Release: releaseObject({ name: req.releaseName, namespace: req.namespace, isUpgrade: req.isUpgrade ?? false }),
    Capabilities: capabilities,
  };
  const { manifests, hooks } = withDebugHint(() => renderResources(chart, top, capabilities, req.deadline));
  const crds = chart.crdObjects().map((c) => ({ filename: c.filename, data: Buffer.from(c.file.data).toString('utf8') }));
  return { crds, manifests, hooks };
}

/** --kube-version is parsed with the flags, before anything else can fail. */
function parseKubeVersionFlag(flag: string | undefined): KubeVersion {
  if (flag === undefined || flag === '') return parseKubeVersion(DEFAULT_KUBE_VERSION);
  try {
    return parseKubeVersion(flag);
  } catch (e) {
    throw new HelmError(`invalid kube version '${flag}': ${(e as Error).message}`);
  }
}

/** ChartPathOptions.LocateChart for local paths: a missing path is reported the way helm reports it. Packaged
 *  charts (.tgz files) are not accepted as the chart argument. */
function locateChart(chartDir: string): void {
  if (existsSync(chartDir)) {
    if (!statSync(chartDir).isDirectory()) throw new HelmError(`${chartDir}: only chart directories are supported`);
    return;
  }
  if (isAbsolute(chartDir) || chartDir.startsWith('.')) throw new HelmError(`path "${chartDir}" not found`);
  const slash = chartDir.indexOf('/');
  if (slash < 0) {
    throw new HelmError(`non-absolute URLs should be in form of repo_name/path_to_chart, got: ${chartDir}`);
  }
  throw new HelmError(`repo ${chartDir.slice(0, slash)} not found`);
}

function checkInstallable(chart: Chart): void {
  const type = chart.metadata.type;
  if (type !== '' && type !== 'application') throw new HelmError(`${type} charts are not installable`);
}

/** action.CheckDependencies: every Chart.yaml dependency must be present in charts/. */
function checkDependenciesPresent(chart: Chart): void {
  const missing = chart.metadata.dependencies
    .filter((r) => !chart.dependencies.some((d) => d.name() === r.name))
    .map((r) => r.name);
  if (missing.length > 0) {
    throw new HelmError(
      `An error occurred while checking for chart dependencies. You may need to run \`helm dependency build\` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`,
    );
  }
}

function checkReleaseName(name: string): void {
  if (name !== '' && name.length <= 53 && RELEASE_NAME.test(name)) return;
  throw new HelmError(
    `release name "${name}": invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53`,
  );
}

/** action.renderResources: kubeVersion constraint, templates, NOTES dropped, documents sorted. */
function renderResources(chart: Chart, top: Values, capabilities: Capabilities, deadline?: number): ReturnType<typeof sortManifests> {
  const kube = chart.metadata.kubeVersion;
  const running = capabilities.kubeVersion.version;
  if (kube !== '' && !isCompatibleRange(kube, running)) {
    throw new HelmError(`chart requires kubeVersion: ${kube} which is incompatible with Kubernetes ${running}`);
  }
  const files = renderTemplates(chart, top, deadline);
  for (const name of [...files.keys()]) if (name.endsWith('NOTES.txt')) files.delete(name);
  return sortManifests(files);
}

/** Errors raised once helm has a release object get the `--debug` hint appended. */
function withDebugHint<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof HelmError) throw new HelmError(e.message + DEBUG_HINT, e.stackExhausted);
    throw e;
  }
}

/** values.Options.MergeValues: -f files in order, then parsed layers, then --set, then --set-string. */
function mergeUserValues(req: TemplateRequest): Values {
  let base: Values = {};
  // Without --set nothing below modifies the files' maps before coalescing copies them: the decoded values can be
  // shared instead of copied (a large values file is then held once more, not twice).
  const readOnly = (req.set?.length ?? 0) === 0 && (req.setString?.length ?? 0) === 0;
  for (const file of req.valuesFiles ?? []) {
    let text: string;
    try {
      text = decodeYamlBytes(readFileSync(file));
    } catch {
      throw new HelmError(`open ${file}: no such file or directory`);
    }
    let current: Values;
    try {
      current = parseYamlObject(text, readOnly);
    } catch (e) {
      throw new HelmError(`failed to parse ${file}: ${(e as Error).message}`);
    }
    base = mergeMaps(base, current);
  }
  // Copied: --set below edits the merged maps in place, and the caller's layers must stay untouched.
  for (const layer of req.values ?? []) base = mergeMaps(base, deepCopy(layer) as Values);
  for (const s of req.setJson ?? []) {
    try {
      parseSetJsonInto(s, base);
    } catch {
      // helm drops the parser's own message here.
      throw new HelmError(`failed parsing --set-json data ${s}`);
    }
  }
  for (const s of req.set ?? []) {
    try {
      parseSetInto(s, base);
    } catch (e) {
      throw new HelmError(`failed parsing --set data: ${(e as Error).message}`);
    }
  }
  for (const s of req.setString ?? []) {
    try {
      parseSetStringInto(s, base);
    } catch (e) {
      throw new HelmError(`failed parsing --set-string data: ${(e as Error).message}`);
    }
  }
  for (const s of req.setFile ?? []) {
    try {
      parseSetFileInto(s, base, readSetFile);
    } catch (e) {
      throw new HelmError(`failed parsing --set-file data: ${(e as Error).message}`);
    }
  }
  return base;
}

/** --set-file's reader (values.readFile without URL getters): the file's content; os.ReadFile's error text. */
function readSetFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`open ${path}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
  }
}

/** values.mergeMaps: maps merge recursively, everything else is replaced. */
function mergeMaps(a: Values, b: Values): Values {
  const out: Values = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const existing = Object.hasOwn(out, k) ? out[k] : undefined;
    setOwn(out, k, isMap(v) && isMap(existing) ? mergeMaps(existing, v) : v);
  }
  return out;
}

/** --show-only: for each pattern in turn, the documents whose template path matches it (filepath.Match). */
function selectShown<T>(docs: T[], patterns: string[], pathOf: (d: T) => string | undefined): T[] {
  const selected: T[] = [];
  for (const pattern of patterns) {
    let missing = true;
    for (const doc of docs) {
      const path = pathOf(doc);
      if (path === undefined || !safeMatch(pattern, path)) continue;
      selected.push(doc);
      missing = false;
    }
    if (missing) throw new HelmError(`could not find template ${pattern} in chart`);
  }
  return selected;
}

function safeMatch(pattern: string, path: string): boolean {
  try {
    return pathMatch(pattern, path);
  } catch {
    return false;
  }
}
