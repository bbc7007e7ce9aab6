// The pipeline every env command shares: load → validate → render → (check) → lay out files.
import type { Finding } from './checks/types.js';
import type { Engine } from './engines/types.js';
import { loadEnvironment, type LoadedEnvironment } from './env/load.js';
import { validateReleases, type ValidatedRelease } from './env/validate.js';
import { parseSetInto, parseSetStringInto } from './helm/strvals.js';
import { DiagnosticError, Diagnostic } from './schema/diagnostic.js';
import { renderEnvironment, type RenderOptions } from './render/index.js';
import type { ReleaseOutput } from './render/types.js';
import { releaseApplication } from './output/argocd.js';
import { addFile, addReleaseFiles, APPS_DIR, emptyTree, type OutputTree } from './output/layout.js';
import { toPlainData } from './values-data.js';

export interface PrepareOptions {
  set?: string[];
  setString?: string[];
  cwd?: string;
}

export interface Prepared extends LoadedEnvironment {
  releases: ValidatedRelease[];
  set: string[];
  setString: string[];
}

/** Load the env and validate it and every release's values; throws with every problem found. */
export async function prepare(envArg: string, opts: PrepareOptions = {}): Promise<Prepared> {
  const loaded = await loadEnvironment(envArg, opts.cwd);
  const setValues: Record<string, unknown> = {};
  const problems: Diagnostic[] = reservedReleaseNames(loaded);
  for (const s of opts.set ?? []) parseSet(() => parseSetInto(s, setValues), s, problems);
  for (const s of opts.setString ?? []) parseSet(() => parseSetStringInto(s, setValues), s, problems);
  if (problems.length > 0) throw new DiagnosticError(problems);
  const { releases, diagnostics } = await validateReleases(loaded.env, loaded.source, toPlainData(setValues) as Record<string, unknown>);
  if (diagnostics.length > 0) throw new DiagnosticError(diagnostics);
  return { ...loaded, releases, set: opts.set ?? [], setString: opts.setString ?? [] };
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

function parseSet(fn: () => void, arg: string, problems: Diagnostic[]): void {
  try {
    fn();
  } catch (e) {
    problems.push(new Diagnostic({ message: `--set ${arg}: ${(e as Error).message}` }));
  }
}

/** Output checks on the rendered objects (Kubernetes schemas, cross-resource rules, secret gate). */
export async function check(prepared: Prepared, outputs: ReleaseOutput[]): Promise<Finding[]> {
  const { runChecks } = await import('./checks/index.js');
  return runChecks(outputs.flatMap((o) => o.objects), prepared.env);
}

export async function render(prepared: Prepared, opts: Omit<RenderOptions, 'set' | 'setString'>): Promise<ReleaseOutput[]> {
  return renderEnvironment(prepared.env, prepared.source, prepared.releases, { ...opts, set: prepared.set, setString: prepared.setString });
}

/** Every file of the env folder: one per object plus one Argo CD Application per release. */
export function layout(prepared: Prepared, outputs: ReleaseOutput[]): OutputTree {
  const tree = emptyTree();
  for (const output of outputs) {
    const paths = addReleaseFiles(tree, output);
    addFile(tree, `${APPS_DIR}/${output.release.name}.yaml`, releaseApplication(prepared.env, output.release, paths));
  }
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
