// Render every enabled release of a validated environment, a few at a time, then inject namespaces.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BundleCache } from '../cache/index.js';
import type { Engine } from '../engines/types.js';
import type { Environment } from '../env/types.js';
import type { ValidatedRelease } from '../env/validate.js';
import { envGlobals } from '../env/values.js';
import { tempDir } from '../process-cleanup.js';
import { DiagnosticError } from '../schema/diagnostic.js';
import type { SourceFile } from '../schema/source.js';
import { renderRelease } from './release.js';
import { ScopeIndex } from './scope.js';
import type { ReleaseOutput } from './types.js';

export interface RenderOptions {
  engine: Engine;
  concurrency: number;
  set?: string[];
  setString?: string[];
  /** Releases rendered by earlier runs, found by their inputs. */
  cache?: BundleCache;
  /** Per release: the --set/--set-string arguments that apply to it (instead of set/setString for all). */
  setFor?: (release: string) => { set: string[]; setString: string[]; setJson: string[]; setFile: string[] };
  /** Leave out Helm test hooks (`helm template --skip-tests`). */
  skipTests?: boolean;
  /** Called when a release finishes (for progress display). */
  onRelease?: (name: string, done: number, total: number) => void;
  /** Templates stop at this time (Date.now() milliseconds). */
  deadline?: number;
  /** What an engine reports without failing, by release. */
  onWarning?: (release: string, message: string) => void;
}

export async function renderEnvironment(
  env: Environment,
  envSource: SourceFile,
  releases: ValidatedRelease[],
  opts: RenderOptions,
): Promise<ReleaseOutput[]> {
  const tmp = tempDir('render');
  try {
    const globalsFile = join(tmp.path, 'env-globals.yaml');
    await writeFile(globalsFile, JSON.stringify(envGlobals(env)));
    const results: ReleaseOutput[] = new Array(releases.length);
    const failures: DiagnosticError[] = [];
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < releases.length) {
        const i = next++;
        const { release, layers } = releases[i]!;
        try {
          const { objects, cached } = await renderRelease({
            env,
            envSource,
            release,
            layers,
            globalsFile,
            set: opts.setFor?.(release.name).set ?? opts.set ?? [],
            setString: opts.setFor?.(release.name).setString ?? opts.setString ?? [],
            setJson: opts.setFor?.(release.name).setJson ?? [],
            setFile: opts.setFor?.(release.name).setFile ?? [],
            engine: opts.engine,
            cache: opts.cache,
            skipTests: opts.skipTests,
            deadline: opts.deadline,
            onWarning: opts.onWarning,
          });
          results[i] = { release, objects, cached };
        } catch (e) {
          if (!(e instanceof DiagnosticError)) throw e;
          failures.push(e);
        }
        opts.onRelease?.(release.name, ++done, releases.length);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, releases.length)) }, worker));
    if (failures.length > 0) {
      // Report in release order whatever the scheduling was.
      const order = new Map(releases.map((r, i) => [r.release.name, i]));
      const diags = failures.flatMap((f) => f.diagnostics).sort((a, b) => order.get(a.release ?? '')! - order.get(b.release ?? '')!);
      throw new DiagnosticError(diags);
    }
    injectNamespaces(results, env);
    return results;
  } finally {
    tmp.remove();
  }
}

/** `helm template -n` does not set metadata.namespace (helm/helm#3553); Argo CD and kubectl need it. */
function injectNamespaces(outputs: ReleaseOutput[], env: Environment): void {
  const scopes = new ScopeIndex();
  scopes.addCrds([...(env.crds ?? []).map((c) => c.object), ...outputs.flatMap((o) => o.objects.map((x) => x.object))]);
  for (const { release, objects } of outputs) {
    for (const { object } of objects) {
      if (!scopes.isNamespaced(object.kind)) continue;
      object.metadata ??= {};
      if (!object.metadata.namespace) object.metadata = { ...object.metadata, namespace: release.namespace };
    }
  }
}
