// Render one release with an engine, then turn helm's stream into objects: parse, patch, inject namespaces.
import { relative } from 'node:path';
import type { Engine } from '../engines/types.js';
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
  /** Leave out Helm test hooks, as `helm template --skip-tests` does. */
  skipTests?: boolean;
  deadline?: number;
  onWarning?: (release: string, message: string) => void;
}

export async function renderRelease(input: ReleaseRenderInput): Promise<RenderedObject[]> {
  const { release, env } = input;
  const valuesFiles = input.layers
    .filter((l) => l.name !== 'chart defaults' && l.name !== '--set')
    .map((l) => (l.name === 'env globals' ? input.globalsFile : l.file!));
  let stdout: string;
  try {
    stdout = await input.engine.template(release.chartDir, {
      releaseName: release.name,
      namespace: release.namespace,
      valuesFiles,
      set: input.set,
      setString: input.setString,
      setJson: input.setJson,
      setFile: input.setFile,
      kubeVersion: env.cluster.kubernetesVersion,
      includeCrds: true,
      deadline: input.deadline,
      onWarning: input.onWarning && ((message) => leavesProject(message, projectRoot(env.dir)) && input.onWarning!(release.name, message)),
    });
  } catch (e) {
    throw new DiagnosticError([new Diagnostic({ file: release.chartDir, release: release.name, message: `rendering failed: ${(e as Error).message}` })]);
  }
  const objects: RenderedObject[] = [];
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
      objects.push({ release: release.name, chart: release.chart, source: doc.source, object });
    }
  }
  return applyPatches(input, objects);
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
