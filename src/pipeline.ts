// The pipeline every env command shares: load → validate → render → (check) → lay out files.
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { BundleCache, CacheStore } from './cache/index.js';
import type { Verdict, Verdicts } from './checks/schemas/catalog.js';
import type { Finding } from './checks/types.js';
import type { Engine } from './engines/types.js';
import { loadEnvironment, projectRoot, resolveEnvFile, type LoadedEnvironment } from './env/load.js';
import { validateReleases, type ValidatedRelease } from './env/validate.js';
import { parseSetInto, parseSetStringInto } from './helm/strvals.js';
import { DiagnosticError, Diagnostic } from './schema/diagnostic.js';
import { renderEnvironment, type RenderOptions } from './render/index.js';
import type { ReleaseOutput, RenderedObject } from './render/types.js';
import { releaseApplication } from './output/argocd.js';
import { projectFile } from './output/bootstrap.js';
import { addFile, addReleaseFiles, APPS_DIR, emptyTree, type OutputTree } from './output/layout.js';
import { toPlainData } from './values-data.js';

export interface PrepareOptions {
  set?: string[];
  setString?: string[];
  cwd?: string;
  /** Use the project's cache (.bundle-cache/) for values validation and rendering; `warn` hears when it cannot be written. */
  cache?: { warn(message: string): void };
}

export interface Prepared extends LoadedEnvironment {
  releases: ValidatedRelease[];
  set: string[];
  setString: string[];
  cache?: BundleCache;
}

/** Load the env and validate it and every release's values; throws with every problem found. */
export async function prepare(envArg: string, opts: PrepareOptions = {}): Promise<Prepared> {
  const cache = opts.cache && new BundleCache(CacheStore.forProject(projectRoot(dirname(resolveEnvFile(envArg, opts.cwd))), opts.cache.warn));
  const loaded = await loadEnvironment(envArg, opts.cwd, cache);
  const setValues: Record<string, unknown> = {};
  const problems: Diagnostic[] = reservedReleaseNames(loaded);
  for (const [flag, args, parse] of [['--set', opts.set, parseSetInto], ['--set-string', opts.setString, parseSetStringInto]] as const) {
    for (const s of args ?? []) {
      const one: Record<string, any> = {};
      if (!parseSet(() => parse(s, one), s, problems)) continue;
      // Cluster facts are written once, in the env file, where they are checked as a network and where every check
      // and the Argo CD bootstrap read them: a --set would change what the charts see and nothing else.
      if (one.global?.cluster !== undefined) {
        problems.push(
          new Diagnostic({ message: `${flag} ${s}: cluster facts come from ${relative(process.cwd(), loaded.env.file)} (cluster.*), not from --set; edit them there` }),
        );
      }
      parse(s, setValues);
    }
  }
  if (problems.length > 0) throw new DiagnosticError(problems);
  const { releases, diagnostics } = await validateReleases(loaded.env, loaded.source, toPlainData(setValues) as Record<string, unknown>, cache);
  if (diagnostics.length > 0) throw new DiagnosticError(diagnostics);
  return { ...loaded, releases, set: opts.set ?? [], setString: opts.setString ?? [], cache };
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

function parseSet(fn: () => void, arg: string, problems: Diagnostic[]): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    problems.push(new Diagnostic({ message: `--set ${arg}: ${(e as Error).message}` }));
    return false;
  }
}

/** Output checks on the rendered objects (Kubernetes schemas, cross-resource rules, secret gate). With the cache,
 *  an object's schema verdict is reused while the object, the Kubernetes version and the bundle's CRDs are those of an
 *  earlier run; rules across objects run on every object unless nothing at all changed since a run that kept them. */
export async function check(prepared: Prepared, outputs: ReleaseOutput[]): Promise<Finding[]> {
  const { runChecks } = await import('./checks/index.js');
  const { cache } = prepared;
  const objects = outputs.flatMap((o) => o.objects);
  const verdicts: Verdicts = new Map();
  const kube = prepared.env.cluster.kubernetesVersion;
  const crds = objects.filter((o) => o.object.kind === 'CustomResourceDefinition').map((o) => o.object);
  const crdsKey = cache && crds.length > 0 ? cache.key('crds', { crds }) : null;
  const keys = outputs.map((o) => cache?.objectsKey('schema', o.objects, { kube, crds: crdsKey }));
  const appProject = await committedProject(prepared);
  // Nothing changed at all (every object, the env file, the AppProject): the findings are those of the last run.
  const envKey =
    cache && keys.every((k) => k !== undefined)
      ? cache.key('findings', { file: prepared.env.file, env: prepared.source.text, appProject: appProject ?? null, releases: keys })
      : undefined;
  const known = envKey ? cache!.findings<Finding>(envKey) : undefined;
  if (known) return known;
  const missed = outputs.map((o, i) => {
    const known = keys[i] ? cache!.perObject<Verdict>('schema', keys[i]!, o.objects.length) : undefined;
    known?.forEach((v, j) => verdicts.set(o.objects[j]!.object, v));
    return keys[i] !== undefined && known === undefined;
  });
  const findings = await runChecks(objects, prepared.env, { appProject, schemaVerdicts: verdicts });
  if (envKey) cache!.storeFindings(envKey, findings);
  outputs.forEach((o, i) => {
    const mine = o.objects.map((x) => verdicts.get(x.object));
    if (missed[i] && mine.every((v) => v !== undefined)) cache!.storePerObject('schema', keys[i]!, mine);
  });
  return findings;
}

/** The env's AppProject as `bundle bootstrap` committed it, if the repository has one. */
async function committedProject(prepared: Prepared): Promise<Record<string, any> | undefined> {
  const file = join(projectRoot(prepared.env.dir), projectFile(prepared.env));
  if (!existsSync(file)) return undefined;
  const { SourceFile } = await import('./schema/source.js');
  const data = (await SourceFile.read(file, prepared.cache)).toJS();
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, any>) : undefined;
}

export async function render(prepared: Prepared, opts: Omit<RenderOptions, 'set' | 'setString' | 'cache'>): Promise<ReleaseOutput[]> {
  return renderEnvironment(prepared.env, prepared.source, prepared.releases, {
    ...opts,
    set: prepared.set,
    setString: prepared.setString,
    cache: prepared.cache,
  });
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
  deadline?: number;
  onWarning?: (release: string, message: string) => void;
  /** Run the output checks and hand their findings to this callback (which may throw to stop). */
  onFindings?: (findings: Finding[]) => Promise<void>;
}

/** Load, validate, render (and optionally check) an env into the files of its output folder; nothing is written. */
export async function renderFiles(envArg: string, opts: RenderFilesOptions): Promise<{ prepared: Prepared; files: Map<string, string> }> {
  const prepared = await prepare(envArg, opts);
  const outputs = await render(prepared, { engine: opts.engine, concurrency: opts.concurrency, deadline: opts.deadline, onWarning: opts.onWarning });
  if (opts.onFindings) await opts.onFindings(await check(prepared, outputs));
  return { prepared, files: layout(prepared, outputs).files };
}
