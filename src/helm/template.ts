// `helm template` (v3.17, client-only install): name and chart, values merging, chart loading, dependency
// processing, coalescing, schema validation, rendering, post-rendering and output assembly, in helm's order so that
// the first error is helm's first error. --output-dir's files are returned as data and written by writeOutput, only
// once everything has rendered.
import { appendFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Capabilities, parseKubeVersion, releaseObject, type KubeVersion } from './builtins.js';
import { DEFAULT_KUBE_VERSION } from './capabilities-data.js';
import type { Chart, Values } from './chart.js';
import { coalesceValues } from './coalesce.js';
import { processDependencies } from './dependencies.js';
import { updateDependencies } from './dependency-update.js';
import { HelmError } from './errors.js';
import { pathError } from './gofs.js';
import { goBytes, goString, goTrimSpace } from './gostrings.js';
import { loadChart } from './loader.js';
import { captureLog, logf, warning, withNotes, type LogLine } from './log.js';
import { quote } from '../gotemplate/strconv.js';
import { sortManifests, splitManifests, type ManifestDoc } from './manifests.js';
import { nameAndChart, type NameOptions } from './name.js';
import { pathMatch } from './pathmatch.js';
import { runPostRenderer, type PostRenderer } from './postrender.js';
import { renderTemplates } from './render.js';
import { isCompatibleRange } from './semver.js';
import { validateValues } from './schema.js';
import { checkTlsFiles, type TlsOptions } from './tls.js';
import { mergeValues, type ValueOptions } from './values.js';
import { verifyChart } from './verify.js';

/** What `helm template` is asked, flag by flag (the offline ones; see the CLI for the rest). */
export interface TemplateOptions extends ValueOptions, NameOptions, TlsOptions {
  namespace: string;
  kubeVersion?: string;
  apiVersions?: string[];
  includeCrds?: boolean;
  showOnly?: string[];
  isUpgrade?: boolean;
  /** --skip-tests: hooks of the test event are not printed. */
  skipTests?: boolean;
  /** --no-hooks: no hooks are printed. */
  noHooks?: boolean;
  skipSchemaValidation?: boolean;
  /** --labels: only checked against helm's reserved label names. */
  labels?: Record<string, string>;
  /** --output-dir and --release-name. */
  outputDir?: string;
  useReleaseName?: boolean;
  postRenderer?: PostRenderer;
  /** --dry-run's value ('' without the flag). */
  dryRun?: string;
  /** --validate: needs a cluster. */
  validate?: boolean;
  /** --enable-dns: getHostByName would resolve names. */
  enableDns?: boolean;
  verify?: boolean;
  keyring?: string;
  dependencyUpdate?: boolean;
  /** --repo: charts from a repository need the network. */
  repo?: string;
  /** --debug: a failed render still prints what it rendered, without the hint. */
  debug?: boolean;
  /** --version and --devel: only logged with --debug (a local chart is used as it is). */
  version?: string;
  devel?: boolean;
  /** Stop rendering templates after this time (Date.now() milliseconds); bundle's env commands set it. */
  deadline?: number;
}

/** The request of the Engine interface: one release of one chart. */
export interface TemplateRequest extends TemplateOptions {
  releaseName: string;
  /** What helm logs on stderr without failing (symlinks followed, coalescing notes), line by line. */
  onWarning?: (message: string) => void;
}

/** One printed document: `source` is its `# Source:` path, `hook` whether it came from a helm.sh/hook. */
export interface RenderedDoc {
  source: string;
  content: string;
  hook: boolean;
}

/** A file --output-dir writes (`append`: after a file written earlier in this run; `appendIfExists`: hooks, which
 *  helm appends to any file already there, even one a previous run left). */
export interface OutputFile {
  path: string;
  content: string;
  mode: 'create' | 'append' | 'appendIfExists';
  /** Whether a failure gets helm's `--debug` hint (manifests and CRDs: written inside helm's renderResources). */
  hint: boolean;
}

/** Everything `helm template` prints and writes, in order: stderr lines, then the files (each announced on stdout
 *  as `wrote <path>`), then stdout. */
export interface TemplateOutput {
  log: LogLine[];
  files: OutputFile[];
  stdout: string;
  /** Set when the command fails after its files: the error helm reports then (--show-only with --output-dir). */
  error?: string;
}

const DEBUG_HINT = '\n\nUse --debug flag to render out invalid YAML';

const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const DRY_RUN_VALUES = ['false', 'true', 'none', 'client', 'server'];

/** Label names helm keeps for itself on release records. */
const SYSTEM_LABELS = ['name', 'owner', 'status', 'version', 'createdAt', 'modifiedAt'];

interface Rendered {
  crds: { filename: string; data: string }[];
  manifests: ManifestDoc[];
  hooks: ManifestDoc[];
  /** The manifest stream after the post-renderer (CRDs and manifests; undefined without one). */
  postRendered?: string;
}

/** Exactly what `helm template <releaseName> <chartDir> -n <namespace> …` prints on stdout; throws HelmError. */
export function helmTemplate(chartDir: string, req: TemplateRequest): string {
  let out: TemplateOutput;
  try {
    out = helmTemplateCommand([req.releaseName, chartDir], req);
  } catch (e) {
    if (e instanceof HelmError) for (const w of withNotes(e.log ?? [])) req.onWarning?.(w);
    throw e;
  }
  for (const w of withNotes(out.log)) req.onWarning?.(w);
  if (out.error !== undefined) throw new HelmError(out.error);
  return out.stdout;
}

/** `helm template [NAME] CHART [flags]`: what it prints and writes. Throws HelmError (with the lines logged before
 *  the error in `log`, and with --debug the `stdout` helm prints anyway). */
export function helmTemplateCommand(args: string[], o: TemplateOptions): TemplateOutput {
  const log: LogLine[] = [];
  try {
    return { log, ...captureLog(log, () => run(args, o)) };
  } catch (e) {
    if (e instanceof HelmError) e.log = log;
    throw e;
  }
}

/** The documents of `helm template` in output order (CRDs only with includeCrds, one entry per YAML document). */
export function renderChart(chartDir: string, req: TemplateRequest): RenderedDoc[] {
  const r = render([req.releaseName, chartDir], req).rendered;
  const crds: RenderedDoc[] = req.includeCrds
    ? r.crds.flatMap((c) => splitManifests(c.data).map((content) => ({ source: c.filename, content, hook: false })))
    : [];
  const docs = [...crds, ...r.manifests, ...r.hooks];
  if (!req.showOnly || req.showOnly.length === 0) return docs;
  return selectShown(docs, req.showOnly, (d) => d.source.slice(d.source.indexOf('/') + 1));
}

function run(args: string[], o: TemplateOptions): Omit<TemplateOutput, 'log'> {
  const { rendered: r, name, preface } = render(args, o);
  const files: OutputFile[] = [];
  let manifest = '';
  const outDir = o.outputDir;
  if (o.includeCrds) {
    for (const c of r.crds) {
      if (outDir === undefined) manifest += `---\n# Source: ${c.filename}\n${c.data}\n`;
      // helm writes CRDs under --output-dir itself, even with --release-name.
      else files.push(outputFile(files, outDir, c.filename, c.data, true));
    }
  }
  for (const m of r.manifests) {
    if (outDir === undefined) manifest += `---\n# Source: ${m.source}\n${m.content}\n`;
    else files.push(outputFile(files, releaseDir(o, name), m.source, m.content, true));
  }
  // The post-renderer got the same stream (empty with --output-dir) and its output takes its place.
  if (r.postRendered !== undefined) manifest = r.postRendered;
  let out = preface + goTrimSpace(manifest) + '\n';
  if (!o.noHooks) {
    for (const h of r.hooks) {
      if (o.skipTests && h.testHook) continue;
      if (outDir === undefined) out += hookText(h);
      else files.push({ path: `${releaseDir(o, name)}/${h.source}`, content: fileText(h.source, h.content), mode: 'appendIfExists', hint: false });
    }
  }
  if (!o.showOnly || o.showOnly.length === 0) return { files, stdout: out };
  // helm re-splits its own output and reads each document's `# Source: <chart>/<path>` line (Go's `.` stops only at \n).
  const docs = splitManifests(out.slice(preface.length));
  try {
    const shown = selectShown(docs, o.showOnly, (d) => /# Source: [^/]+\/([^\n]+)/.exec(d)?.[1]);
    return { files, stdout: preface + shown.map((d) => `---\n${d}\n`).join('') };
  } catch (e) {
    if (!(e instanceof HelmError)) throw e;
    // The files are written before helm looks for the templates.
    if (files.length > 0 || preface !== '') return { files, stdout: preface, error: e.message };
    throw e;
  }
}

/** --release-name puts manifests and hooks under `<dir>/<release>` (filepath.Join, so cleaned). */
function releaseDir(o: TemplateOptions, name: string): string {
  return o.useReleaseName ? join(o.outputDir!, name) : o.outputDir!;
}

/** writeToFile: `<dir>/<name>` (joined with a separator, not cleaned), created the first time in a run. */
function outputFile(earlier: OutputFile[], dir: string, name: string, data: string, hint: boolean): OutputFile {
  const path = `${dir}/${name}`;
  const again = earlier.some((f) => f.path === path);
  return { path, content: fileText(name, data), mode: again ? 'append' : 'create', hint };
}

function hookText(h: ManifestDoc): string {
  return `---\n# Source: ${h.source}\n${h.content}\n`;
}

function fileText(name: string, data: string): string {
  return `---\n# Source: ${name}\n${data}\n`;
}

/** Write the files (announcing each as helm does) and print the rest: what `helm template` leaves behind. */
export function writeOutput(o: TemplateOutput, print: (text: string | Uint8Array) => void): void {
  for (const f of o.files) {
    try {
      writeOne(f);
    } catch (e) {
      throw new HelmError((e as Error).message + (f.hint ? DEBUG_HINT : ''));
    }
    print(`wrote ${f.path}\n`);
  }
  print(goBytes(o.stdout));
  if (o.error !== undefined) throw new HelmError(o.error);
}

function writeOne(f: OutputFile): void {
  const dir = dirname(f.path);
  try {
    statSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw pathError('stat', dir, e);
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw pathError('mkdir', (e as NodeJS.ErrnoException).path ?? dir, e);
  }
  const append = f.mode === 'append' || (f.mode === 'appendIfExists' && existsSync(f.path));
  try {
    if (append) appendFileSync(f.path, goBytes(f.content));
    else writeFileSync(f.path, goBytes(f.content), { mode: 0o644 });
  } catch (e) {
    throw pathError('open', f.path, e);
  }
}

function render(args: string[], o: TemplateOptions): { rendered: Rendered; name: string; preface: string } {
  const kubeVersion = parseKubeVersionFlag(o.kubeVersion);
  checkTlsFiles(o);
  // runInstall (helm's debug lines carry a timestamp, left out here)
  if (o.debug) logf('install.go:225', `[debug] Original chart version: ${quote(o.version ?? '')}`);
  if (o.debug && !o.version && o.devel) logf('install.go:227', '[debug] setting version to >0.0.0-0');
  const { name, chart: chartRef } = nameAndChart(args, o);
  const chartPath = locateChart(chartRef, o);
  if (o.debug) logf('install.go:242', `[debug] CHART PATH: ${chartPath}\n`);
  const vals = mergeValues(o);
  let chart = loadChart(chartPath);
  checkInstallable(chart);
  if (chart.metadata.deprecated) warning('This chart is deprecated');
  // What --dependency-update prints before the manifests (and before any later error).
  let preface = '';
  if (missingDependencies(chart).length > 0) {
    if (!o.dependencyUpdate) throw missingDependenciesError(chart);
    preface = updateDependencies(chartPath);
    try {
      chart = loadChart(chartPath);
    } catch (e) {
      throw withStdout(new HelmError(`failed reloading chart after repo update: ${(e as Error).message}`), preface);
    }
  }
  try {
    return { ...renderLoaded(name, chart, vals, kubeVersion, o), preface };
  } catch (e) {
    if (e instanceof HelmError && preface !== '') throw withStdout(e, preface);
    throw e;
  }
}

function withStdout(e: HelmError, before: string): HelmError {
  e.stdout = before + (e.stdout ?? '');
  return e;
}

/** From the dry-run check on: runInstall's end and Install.RunWithContext. */
function renderLoaded(name: string, chart: Chart, vals: Values, kubeVersion: KubeVersion, o: TemplateOptions): { rendered: Rendered; name: string } {
  const dryRun = o.dryRun === undefined || o.dryRun === '' ? 'true' : o.dryRun;
  if (!DRY_RUN_VALUES.includes(dryRun)) {
    throw new HelmError('Invalid dry-run flag. Flag must one of the following: false, true, none, client, server');
  }
  // Install.RunWithContext
  if (o.validate) throw offline('--validate checks the manifests against a cluster');
  checkReleaseName(name);
  processDependencies(chart, vals);
  const capabilities = new Capabilities(kubeVersion, o.apiVersions ?? []);
  const values = coalesceValues(chart, vals);
  if (!o.skipSchemaValidation) validateValues(chart, values);
  const reserved = Object.keys(o.labels ?? {}).some((k) => SYSTEM_LABELS.includes(k));
  if (reserved) {
    throw new HelmError(`user supplied labels contains system reserved label name. System labels: [${SYSTEM_LABELS.join(' ')}]`);
  }
  const top: Values = {
    Values: values,
    Release: releaseObject({ name, namespace: o.namespace === '' ? 'default' : o.namespace, isUpgrade: o.isUpgrade ?? false }),
    Capabilities: capabilities,
  };
  const interactWithRemote = ['server', 'none', 'false'].includes(dryRun);
  const rendered = renderResources(chart, top, capabilities, o, interactWithRemote);
  return { rendered, name };
}

function offline(what: string): HelmError {
  return new HelmError(`${what}, which is not supported offline (bundle's native engine); use --engine helm`);
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

/** ChartPathOptions.LocateChart: a path on disk (absolute, like helm's), else what helm would download. */
function locateChart(ref: string, o: TemplateOptions): string {
  const name = goTrimSpace(ref);
  if (existsSync(name)) {
    const abs = resolve(name);
    if (o.verify) verifyChart(abs, o.keyring ?? '');
    return abs;
  }
  if (isAbsolute(name) || name.startsWith('.')) throw new HelmError(`path ${JSON.stringify(name)} not found`);
  if (o.repo) throw offline(`chart ${JSON.stringify(name)} would be downloaded from the repository ${o.repo}`);
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(name)) throw offline(`chart ${JSON.stringify(name)} would be downloaded`);
  const slash = name.indexOf('/');
  if (slash < 0) throw new HelmError(`non-absolute URLs should be in form of repo_name/path_to_chart, got: ${name}`);
  throw new HelmError(`repo ${name.slice(0, slash)} not found`);
}

function checkInstallable(chart: Chart): void {
  const type = chart.metadata.type;
  if (type !== '' && type !== 'application') throw new HelmError(`${type} charts are not installable`);
}

/** action.CheckDependencies: every Chart.yaml dependency must be present in charts/. */
function missingDependencies(chart: Chart): string[] {
  return chart.metadata.dependencies.filter((r) => !chart.dependencies.some((d) => d.name() === r.name)).map((r) => r.name);
}

function missingDependenciesError(chart: Chart): HelmError {
  return new HelmError(
    `An error occurred while checking for chart dependencies. You may need to run \`helm dependency build\` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${missingDependencies(chart).join(', ')}`,
  );
}

function checkReleaseName(name: string): void {
  if (name !== '' && name.length <= 53 && RELEASE_NAME.test(name)) return;
  throw new HelmError(
    `release name "${name}": invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53`,
  );
}

/** action.renderResources: kubeVersion constraint, templates, NOTES dropped, documents sorted, post-renderer. Its
 *  errors get the --debug hint (helm has a release by then); with --debug, what was rendered is printed instead. */
function renderResources(chart: Chart, top: Values, capabilities: Capabilities, o: TemplateOptions, remote: boolean): Rendered {
  let files: Map<string, string> | undefined;
  let hooks: ManifestDoc[] = [];
  try {
    const kube = chart.metadata.kubeVersion;
    const running = capabilities.kubeVersion.version;
    if (kube !== '' && !isCompatibleRange(kube, running)) {
      throw new HelmError(`chart requires kubeVersion: ${kube} which is incompatible with Kubernetes ${running}`);
    }
    files = renderTemplates(chart, top, { enableDns: o.enableDns ?? false, remote }, o.deadline);
    for (const name of [...files.keys()]) if (name.endsWith('NOTES.txt')) files.delete(name);
    const sorted = sortManifests(files);
    const manifests = sorted.manifests;
    const crds = chart.crdObjects().map((c) => ({ filename: c.filename, data: goString(c.file.data) }));
    const rendered: Rendered = { crds, manifests, hooks: sorted.hooks };
    if (o.postRenderer) {
      let stream = '';
      if (o.outputDir === undefined) {
        if (o.includeCrds) for (const c of crds) stream += `---\n# Source: ${c.filename}\n${c.data}\n`;
        for (const m of manifests) stream += `---\n# Source: ${m.source}\n${m.content}\n`;
      }
      hooks = rendered.hooks;
      rendered.postRendered = goString(runPostRenderer(o.postRenderer, goBytes(stream)));
    }
    return rendered;
  } catch (e) {
    if (!(e instanceof HelmError)) throw e;
    if (!o.debug) throw new HelmError(e.message + DEBUG_HINT, e.stackExhausted);
    // What helm has in the release when it fails: every rendered file when the documents do not parse, the hooks
    // when the post-renderer failed.
    let blob = '';
    if (files && e.message.startsWith('YAML parse error')) {
      for (const [name, content] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (goTrimSpace(content) !== '') blob += `---\n# Source: ${name}\n${content}\n`;
      }
    }
    const err = new HelmError(e.message, e.stackExhausted);
    err.stdout = goTrimSpace(blob) + '\n';
    if (!o.noHooks) for (const h of hooks) if (!(o.skipTests && h.testHook)) err.stdout += hookText(h);
    throw err;
  }
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
