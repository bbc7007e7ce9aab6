// The pipeline every env command shares: load → validate → render → (check) → lay out files.
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { BundleCache, CacheStore } from './cache/index.js';
import type { Verdict, Verdicts } from './checks/schemas/catalog.js';
import type { Finding } from './checks/types.js';
import type { Engine } from './engines/types.js';
import { loadEnvironment, projectRoot, resolveEnvFile, type LoadedEnvironment } from './env/load.js';
import { isSelecting, selectReleases, type Selection } from './env/select.js';
import { validateReleases, type ValidatedRelease } from './env/validate.js';
import { parseSetFileInto, parseSetInto, parseSetJsonInto, parseSetStringInto } from './helm/strvals.js';
import { mergeValues, readSetFile } from './helm/values.js';
import { DiagnosticError, Diagnostic } from './schema/diagnostic.js';
import { didYouMean } from './schema/validate.js';
import { renderEnvironment, type RenderOptions } from './render/index.js';
import type { ReleaseOutput, RenderedObject } from './render/types.js';
import { releaseApplication } from './output/argocd.js';
import { projectFile } from './output/bootstrap.js';
import { addFile, addReleaseFiles, APPS_DIR, emptyTree, type OutputTree } from './output/layout.js';
import { toPlainData } from './values-data.js';

export interface PrepareOptions {
  set?: string[];
  setString?: string[];
  setJson?: string[];
  setFile?: string[];
  cwd?: string;
  /** Use the project's cache (.bundle-cache/) for values validation and rendering; `warn` hears when it cannot be written. */
  cache?: { warn(message: string): void };
  /** -r/-l: the releases to work on (default: every enabled release). */
  selection?: Selection;
}

/** The --set* arguments that apply to one release, in command-line order, `<release>:` prefixes gone. */
export interface ReleaseSets {
  set: string[];
  setString: string[];
  setJson: string[];
  setFile: string[];
}

type SetFlag = '--set' | '--set-string' | '--set-json' | '--set-file';

const PARSERS: Record<SetFlag, (s: string, dest: Record<string, any>) => void> = {
  '--set': parseSetInto,
  '--set-string': parseSetStringInto,
  '--set-json': parseSetJsonInto,
  '--set-file': (s, dest) => parseSetFileInto(s, dest, readSetFile),
};

/** The values of a release's --set* arguments, applied in helm's order: json, set, string, file. */
function setValuesOf(sets: ReleaseSets): Record<string, unknown> {
  return toPlainData(mergeValues(sets)) as Record<string, unknown>;
}

export interface Prepared extends LoadedEnvironment {
  /** The selected releases, validated. */
  releases: ValidatedRelease[];
  /** Names of the selected releases when a selection was given. */
  selected?: Set<string>;
  setsFor(release: string): ReleaseSets;
  cache?: BundleCache;
}

/** `<release>:key=value`: a --set for one release. What comes before the first ':' must be a release-like name, so a
 *  plain `image=nginx:1.25` (an '=' first) is no release prefix. */
const RELEASE_PREFIX = /^([a-z0-9](?:[-a-z0-9]*[a-z0-9])?):(?=.*=)/;

function splitReleasePrefix(arg: string): { release?: string; value: string } {
  const m = RELEASE_PREFIX.exec(arg);
  return m ? { release: m[1]!, value: arg.slice(m[0].length) } : { value: arg };
}

/** Load the env and validate it and every selected release's values; throws with every problem found. */
export async function prepare(envArg: string, opts: PrepareOptions = {}): Promise<Prepared> {
  const cache = opts.cache && new BundleCache(CacheStore.forProject(projectRoot(dirname(resolveEnvFile(envArg, opts.cwd))), opts.cache.warn));
  const loaded = await loadEnvironment(envArg, opts.cwd, cache);
  const { env } = loaded;
  const problems: Diagnostic[] = reservedReleaseNames(loaded);
  const names = env.releases.map((r) => r.name);
  // Flags in command-line order, each for every release or for the one its prefix names.
  const flags: Array<{ flag: SetFlag; release?: string; value: string }> = [];
  const given: Array<[SetFlag, string[] | undefined]> = [['--set', opts.set], ['--set-string', opts.setString], ['--set-json', opts.setJson], ['--set-file', opts.setFile]];
  for (const [flag, args] of given) {
    const parse = PARSERS[flag];
    for (const s of args ?? []) {
      const { release, value } = splitReleasePrefix(s);
      if (release !== undefined && !names.includes(release)) {
        const hint = didYouMean(release, names);
        problems.push(new Diagnostic({ message: `${flag} ${s}: "${release}" is no release of env ${env.name}${hint ? `; did you mean "${hint}"?` : `: expected <release>:<key>=<value> with one of ${names.join(', ')}`}` }));
        continue;
      }
      const one: Record<string, any> = {};
      if (!parseSet(() => parse(value, one), flag, s, problems)) continue;
      // Cluster facts are written once, in the env file, where they are checked as a network and where every check
      // and the Argo CD bootstrap read them: a --set would change what the charts see and nothing else.
      if (one.global?.cluster !== undefined) {
        problems.push(
          new Diagnostic({ message: `${flag} ${s}: cluster facts come from ${relative(process.cwd(), env.file)} (cluster.*), not from --set; edit them there` }),
        );
        continue;
      }
      flags.push({ flag, release, value });
    }
  }
  let chosen;
  try {
    chosen = selectReleases(env, opts.selection);
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    problems.push(...e.diagnostics);
  }
  if (problems.length > 0 || !chosen) throw new DiagnosticError(problems);
  const setsFor = (release: string): ReleaseSets => {
    const mine = flags.filter((f) => f.release === undefined || f.release === release);
    const of = (flag: SetFlag) => mine.filter((f) => f.flag === flag).map((f) => f.value);
    return { set: of('--set'), setString: of('--set-string'), setJson: of('--set-json'), setFile: of('--set-file') };
  };
  const { releases, diagnostics } = await validateReleases(env, loaded.source, { set: (release) => setValuesOf(setsFor(release)), only: chosen, cache });
  if (diagnostics.length > 0) throw new DiagnosticError(diagnostics);
  const selected = isSelecting(opts.selection) ? new Set(chosen.map((r) => r.name)) : undefined;
  return { ...loaded, releases, selected, setsFor, cache };
}

/** Release folders sit beside the Applications folder: a release named like it would mix its objects with the
 *  Applications (and its Application would sync the app-of-apps' path). */
function reservedReleaseNames({ env, source }: LoadedEnvironment): Diagnostic[] {
  return env.releases.flatMap((r, i) => {
    if (r.name !== APPS_DIR) return [];
    const pointer = `/releases/${i}/name`;
    return [
      new Diagnostic({
        file: env.file,
        ...source.locate(pointer),
        pointer,
        message: `release name "${APPS_DIR}" is reserved: ${env.name}/${APPS_DIR}/ holds the Argo CD Applications; expected another name`,
      }),
    ];
  });
}

function parseSet(fn: () => void, flag: string, arg: string, problems: Diagnostic[]): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    problems.push(new Diagnostic({ message: `${flag} ${arg}: ${(e as Error).message}` }));
    return false;
  }
}

/** Output checks on the rendered objects (Kubernetes schemas, cross-resource rules, secret gate). With a selection,
 *  `context` holds the other releases' objects, which cross-resource rules look things up in (an IngressClass, a
 *  LimitRange, a PersistentVolume, a clashing node port); only findings about the selected releases are kept. The
 *  context goes first: a rule that finds two objects clashing reports the later one, which is then the selected one.
 *  With the cache, an object's schema verdict is reused while the object, the Kubernetes version and the CRDs (the
 *  bundle's and the env's) are those of an earlier run; rules across objects run on every object unless nothing at all
 *  changed since a run that kept them. */
export async function check(prepared: Prepared, outputs: ReleaseOutput[], context: ReleaseOutput[] = []): Promise<Finding[]> {
  const { runChecks } = await import('./checks/index.js');
  const { cache } = prepared;
  const every = [...context, ...outputs];
  const objects = every.flatMap((o) => o.objects);
  const verdicts: Verdicts = new Map();
  const kube = prepared.env.cluster.kubernetesVersion;
  const crds = [
    ...(prepared.env.crds ?? []).map((c) => c.object),
    ...objects.filter((o) => o.object.kind === 'CustomResourceDefinition').map((o) => o.object),
  ];
  const crdsKey = cache && crds.length > 0 ? cache.key('crds', { crds }) : null;
  const keys = every.map((o) => cache?.objectsKey('schema', o.objects, { kube, crds: crdsKey }));
  const appProject = await committedProject(prepared);
  // Nothing changed at all (every object, the env file, the AppProject): the findings are those of the last run.
  const envKey =
    cache && keys.every((k) => k !== undefined)
      ? cache.key('findings', { file: prepared.env.file, env: prepared.source.text, appProject: appProject ?? null, releases: keys })
      : undefined;
  const known = envKey ? cache!.findings<Finding>(envKey) : undefined;
  if (known) return onlySelected(prepared, known);
  const missed = every.map((o, i) => {
    const stored = keys[i] ? cache!.perObject<Verdict>('schema', keys[i]!, o.objects.length) : undefined;
    stored?.forEach((v, j) => verdicts.set(o.objects[j]!.object, v));
    return keys[i] !== undefined && stored === undefined;
  });
  const findings = await runChecks(objects, prepared.env, { appProject, schemaVerdicts: verdicts });
  if (envKey) cache!.storeFindings(envKey, findings);
  every.forEach((o, i) => {
    const mine = o.objects.map((x) => verdicts.get(x.object));
    if (missed[i] && mine.every((v) => v !== undefined)) cache!.storePerObject('schema', keys[i]!, mine);
  });
  return onlySelected(prepared, findings);
}

/** Findings about the selected releases (a finding about no release, such as an unused waiver, when its waiver
 *  names no release or a selected one). */
export function onlySelected(prepared: Prepared, findings: Finding[]): Finding[] {
  const selected = prepared.selected;
  if (!selected) return findings;
  return findings.filter((f) => (f.release === undefined ? !f.at || waiverRelease(prepared, f) === undefined || selected.has(waiverRelease(prepared, f)!) : selected.has(f.release)));
}

function waiverRelease(prepared: Prepared, f: Finding): string | undefined {
  return prepared.env.waivers.find((w) => w.at.file === f.at?.file && w.at.line === f.at?.line)?.release;
}

/** The objects of the enabled releases a selection leaves out, rendered for the output checks only. */
export async function renderContext(prepared: Prepared, opts: Omit<RenderOptions, 'set' | 'setString' | 'setFor' | 'cache'>): Promise<ReleaseOutput[]> {
  if (!prepared.selected) return [];
  const rest = prepared.env.releases.filter((r) => r.enabled && !prepared.selected!.has(r.name));
  if (rest.length === 0) return [];
  const { releases, diagnostics } = await validateReleases(prepared.env, prepared.source, {
    set: (release) => setValuesOf(prepared.setsFor(release)),
    only: rest,
    cache: prepared.cache,
  });
  if (diagnostics.length > 0) {
    throw new DiagnosticError([
      new Diagnostic({ message: `the output checks look at every release of ${prepared.env.name}, and the releases not selected have problems:` }),
      ...diagnostics,
    ]);
  }
  return renderEnvironment(prepared.env, prepared.source, releases, {
    ...opts,
    setFor: prepared.setsFor,
    cache: prepared.cache,
    onRelease: undefined,
  });
}

/** The release an output path belongs to: `<release>/…`, or its Application `apps/<release>.yaml`. */
export function releaseOfPath(path: string): string {
  const [first, rest] = [path.split('/')[0]!, path.slice(path.indexOf('/') + 1)];
  return first === APPS_DIR && /^[^/]+\.yaml$/.test(rest) ? rest.slice(0, -'.yaml'.length) : first;
}

/** With a selection: whether an output path is outside it (kept as it is by a write, left out of a diff). */
export function unselectedPath(prepared: Prepared): (path: string) => boolean {
  const selected = prepared.selected;
  return (path) => selected !== undefined && !selected.has(releaseOfPath(path));
}

/** The env's AppProject as `bundle bootstrap` committed it, if the repository has one. */
async function committedProject(prepared: Prepared): Promise<Record<string, any> | undefined> {
  const file = join(projectRoot(prepared.env.dir), projectFile(prepared.env));
  if (!existsSync(file)) return undefined;
  const { SourceFile } = await import('./schema/source.js');
  const data = (await SourceFile.read(file, prepared.cache)).toJS();
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, any>) : undefined;
}

export async function render(prepared: Prepared, opts: Omit<RenderOptions, 'set' | 'setString' | 'setFor' | 'cache'>): Promise<ReleaseOutput[]> {
  return renderEnvironment(prepared.env, prepared.source, prepared.releases, { ...opts, setFor: prepared.setsFor, cache: prepared.cache });
}

/** Every file of the env folder: one per object plus one Argo CD Application per release. With the cache, the YAML
 *  of objects written before is reused. */
export function layout(prepared: Prepared, outputs: ReleaseOutput[]): OutputTree {
  const tree = emptyTree();
  const { cache } = prepared;
  const apps: RenderedObject[] = [];
  for (const output of outputs) {
    const key = cache?.objectsKey('files', output.objects);
    const texts = key ? cache!.perObject<string>('files', key, output.objects.length) : undefined;
    const paths = addReleaseFiles(tree, output, texts);
    if (key && !texts) cache!.storePerObject('files', key, paths.map((p) => tree.files.get(p)));
    const app = releaseApplication(prepared.env, output.release, paths);
    apps.push({ release: output.release.name, chart: output.release.chart, source: `${APPS_DIR}/${output.release.name}.yaml`, object: app });
  }
  const key = cache?.objectsKey('files', apps);
  const texts = key ? cache!.perObject<string>('files', key, apps.length) : undefined;
  for (const [i, app] of apps.entries()) addFile(tree, app.source, app.object, undefined, texts?.[i]);
  if (key && !texts) cache!.storePerObject('files', key, apps.map((a) => tree.files.get(a.source)));
  return tree;
}

export interface RenderFilesOptions extends PrepareOptions {
  engine: Engine;
  concurrency: number;
  skipTests?: boolean;
  deadline?: number;
  onWarning?: (release: string, message: string) => void;
  /** Run the output checks and hand their findings to this callback (which may throw to stop). */
  onFindings?: (findings: Finding[]) => Promise<void>;
}

/** Load, validate, render (and optionally check) an env into the files of its output folder; nothing is written. */
export async function renderFiles(envArg: string, opts: RenderFilesOptions): Promise<{ prepared: Prepared; files: Map<string, string> }> {
  const prepared = await prepare(envArg, opts);
  const renderOpts = { engine: opts.engine, concurrency: opts.concurrency, skipTests: opts.skipTests, deadline: opts.deadline };
  const outputs = await render(prepared, { ...renderOpts, onWarning: opts.onWarning });
  if (opts.onFindings) await opts.onFindings(await check(prepared, outputs, await renderContext(prepared, renderOpts)));
  return { prepared, files: layout(prepared, outputs).files };
}
