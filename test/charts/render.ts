// Renders a chart for chart tests through the project's own engine (`bundle template`'s code path), native by
// default; BUNDLE_TEST_ENGINE=helm runs the same tests against the real helm binary. Tests only see parsed objects or
// the error text, so they hold for both engines.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { EngineError, getEngine } from '../../src/engines/index.js';

export interface RenderOptions {
  release?: string;
  namespace?: string;
  /** Values objects, applied in order after the chart's values.yaml (like `-f`). */
  values?: object[];
  /** Values files, applied before `values`. */
  valuesFiles?: string[];
  /** `--set` expressions, applied last. */
  set?: string[];
  kubeVersion?: string;
}

export interface RenderResult {
  /** Every non-empty document of the output, in output order. */
  objects: any[];
  stdout: string;
}

const engine = getEngine(process.env.BUNDLE_TEST_ENGINE ?? 'native');

async function template(chartDir: string, opts: RenderOptions): Promise<string> {
  return engine.template(chartDir, {
    releaseName: opts.release ?? 'test',
    namespace: opts.namespace ?? 'default',
    kubeVersion: opts.kubeVersion ?? '1.25.0',
    valuesFiles: opts.valuesFiles,
    values: opts.values as Record<string, unknown>[] | undefined,
    set: opts.set,
  });
}

/** Renders the chart; throws with the engine's (helm's) error text when rendering fails. */
export async function renderChart(chartDir: string, opts: RenderOptions = {}): Promise<RenderResult> {
  const stdout = await template(chartDir, opts);
  const objects = parseAllDocuments(stdout)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`unparsable output: ${doc.errors[0]!.message}`);
      return doc.toJS();
    })
    .filter((obj) => obj !== null && obj !== undefined);
  return { objects, stdout };
}

/** Renders a chart that is expected to fail and returns the error text; throws if rendering succeeds. */
export async function renderChartError(chartDir: string, opts: RenderOptions = {}): Promise<string> {
  try {
    await template(chartDir, opts);
  } catch (e) {
    if (e instanceof EngineError) return e.message;
    throw e;
  }
  throw new Error('expected the render to fail, but it succeeded');
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The `global` an env passes to every release: its registry override and cluster facts (as the pipeline does). */
export function envValues(env: string): { global: { imageRegistry: string; cluster: any } } {
  const file = parse(readFileSync(join(repoRoot, 'overlays', env, 'env.yaml'), 'utf8'));
  return { global: { imageRegistry: file.imageRegistry ?? '', cluster: file.cluster } };
}

/** A release's overlay values files in an env, lowest first: the shared base, then the env's own. */
export function overlayValuesFiles(env: string, release: string): string[] {
  return ['base', env].map((dir) => join(repoRoot, 'overlays', dir, 'values', `${release}.yaml`)).filter((f) => existsSync(f));
}
