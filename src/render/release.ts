// Render one release with an engine, then turn helm's stream into objects: parse, patch, inject namespaces.
import { relative } from 'node:path';
import type { BundleCache, CachedObject, CachedRelease } from '../cache/index.js';
import type { Engine, TemplateRequest } from '../engines/types.js';
import { projectRoot } from '../env/load.js';
import type { Environment, Release } from '../env/types.js';
import type { ValuesLayer } from '../env/values.js';
import { Diagnostic, DiagnosticError } from '../schema/diagnostic.js';
import type { SourceFile } from '../schema/source.js';
import { ManifestParseError, parseManifests } from './manifest-yaml.js';
import { isHelmTest } from './hooks.js';
import { jsonPatch, mergePatch, PatchError } from './patches.js';
import { splitManifests } from './split.js';
import type { RenderedObject } from './types.js';

export interface ReleaseRenderInput {
  env: Environment;
  envSource: SourceFile;
  release: Release;
  layers: ValuesLayer[];
  /** File holding the env globals layer (global.cluster …), written once per run. */
  globalsFile: string;
  set: string[];
  setString: string[];
  setJson?: string[];
  setFile?: string[];
  engine: Engine;
  /** Rendered releases from earlier runs (native engine only). */
  cache?: BundleCache;
  /** Leave out Helm test hooks, as `helm template --skip-tests` does. */
  skipTests?: boolean;
  deadline?: number;
  onWarning?: (release: string, message: string) => void;
}

/** The release's objects, env patches applied; `cached` when they came from the render cache. */
export async function renderRelease(input: ReleaseRenderInput): Promise<{ objects: RenderedObject[]; cached: boolean }> {
  const { release, env, cache } = input;
  const valuesFiles = input.layers
    .filter((l) => l.name !== 'chart defaults' && l.name !== '--set')
    .map((l) => (l.name === 'env globals' ? input.globalsFile : l.file!));
  const req: TemplateRequest = {
    releaseName: release.name,
    namespace: release.namespace,
    valuesFiles,
    set: input.set,
    setString: input.setString,
    setJson: input.setJson,
    setFile: input.setFile,
    kubeVersion: env.cluster.kubernetesVersion,
    includeCrds: true,
  };
  // The key holds every input of `helm template`: the chart's files, each values file's bytes, the flags (not the
  // deadline, which only decides whether a render finishes) and what the --set* flags parse into (a --set-file's
  // content with it); the cache holds what the stream parses into and the engine's warnings, so a hit skips rendering
  // and parsing and still warns as the render did.
  // A chart or value that calls a volatile function (now, rand…, genCA …) renders differently every time: not cached.
  const chart = cache && input.engine.name === 'native' ? cache.chart(release.chartDir) : undefined;
  const setValues = input.layers.find((l) => l.name === '--set')?.values ?? {};
  const volatile =
    chart && (chart.volatile || valuesFiles.some((f) => cache!.volatileFile(f)) || cache!.volatileText([JSON.stringify(setValues)]));
  const key =
    chart && !volatile
      ? cache!.key('render', {
          chartDir: release.chartDir,
          chart: chart.digest,
          ...req,
          setValues,
          skipTests: input.skipTests === true,
          valuesFiles: valuesFiles.map((f) => cache!.file(f)),
          machine: cache!.machine(),
        })
      : undefined;
  let rendered = key ? cache!.renderedRelease(key) : undefined;
  const cached = rendered !== undefined;
  if (rendered) for (const message of rendered.warnings) warn(input, message);
  else {
    rendered = await renderObjects(input, req);
    if (key) cache!.storeRenderedRelease(key, rendered);
  }
  const objects = rendered.objects.map((o) => ({ release: release.name, chart: release.chart, source: o.source, object: o.object }));
  return { objects: applyPatches(input, objects), cached };
}

function warn(input: ReleaseRenderInput, message: string): void {
  if (input.onWarning && leavesProject(message, projectRoot(input.env.dir))) input.onWarning(input.release.name, message);
}

async function renderObjects(input: ReleaseRenderInput, req: TemplateRequest): Promise<CachedRelease> {
  const { release } = input;
  const warnings: string[] = [];
  let stdout: string;
  try {
    stdout = await input.engine.template(release.chartDir, {
      ...req,
      deadline: input.deadline,
      onWarning: (message) => {
        warnings.push(message);
        warn(input, message);
      },
    });
  } catch (e) {
    throw new DiagnosticError([new Diagnostic({ file: release.chartDir, release: release.name, message: `rendering failed: ${(e as Error).message}` })]);
  }
  const objects: CachedObject[] = [];
  for (const doc of splitManifests(stdout)) {
    let parsed: unknown[];
    try {
      parsed = parseManifests(doc.text);
    } catch (e) {
      if (!(e instanceof ManifestParseError)) throw e;
      throw new DiagnosticError([
        new Diagnostic({ file: release.chartDir, release: release.name, message: `${doc.source}: rendered invalid YAML: ${e.message}` }),
      ]);
    }
    for (const object of parsed as any[]) {
      if (object === null || object === undefined) continue;
      if (typeof object !== 'object' || Array.isArray(object) || !object.kind || !object.apiVersion) {
        throw new DiagnosticError([
          new Diagnostic({ file: release.chartDir, release: release.name, message: `${doc.source}: rendered a document that is not a Kubernetes object (expected apiVersion and kind)` }),
        ]);
      }
      if (input.skipTests && isHelmTest(object)) continue;
      objects.push({ source: doc.source, object });
    }
  }
  return { objects, warnings };
}

/** Whether a warning is worth an env command's stderr: symlinks helm follows inside the repository (charts linking
 *  the shared library chart) are the repository's own business; one that leads out of it reads content nobody
 *  reviewed. Other warnings always are. */
function leavesProject(message: string, root: string): boolean {
  const target = /resolves to (.+?)\. Contents of linked file included and used/.exec(message)?.[1];
  if (target === undefined) return true;
  const rel = relative(root, target);
  return rel === '..' || rel.startsWith('../') || rel.startsWith('/');
}

function applyPatches(input: ReleaseRenderInput, objects: RenderedObject[]): RenderedObject[] {
  const { release, env, envSource } = input;
  const index = env.releases.indexOf(release);
  const problems: Diagnostic[] = [];
  release.patches.forEach((patch, j) => {
    const pointer = `/releases/${index}/patches/${j}`;
    const at = (p: string) => ({ file: env.file, ...envSource.locate(pointer + p), pointer: pointer + p, release: release.name });
    const t = patch.target;
    const matches = objects.filter(
      (o) =>
        o.object.kind === t.kind &&
        o.object.metadata?.name === t.name &&
        (t.namespace === undefined || (o.object.metadata?.namespace ?? release.namespace) === t.namespace),
    );
    if (matches.length === 0) {
      const ns = t.namespace ? ` in namespace ${t.namespace}` : '';
      problems.push(new Diagnostic({ ...at('/target'), message: `patch matches no rendered object: expected a ${t.kind} named "${t.name}"${ns}` }));
      return;
    }
    for (const m of matches) {
      try {
        m.object = ('merge' in patch ? mergePatch(m.object, patch.merge) : jsonPatch(m.object, patch.json)) as Record<string, any>;
      } catch (e) {
        if (!(e instanceof PatchError)) throw e;
        problems.push(new Diagnostic({ ...at('/json'), message: `patch of ${t.kind}/${t.name} failed: ${e.message}` }));
      }
    }
  });
  if (problems.length > 0) throw new DiagnosticError(problems);
  return objects;
}
