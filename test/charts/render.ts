// Renders a chart for chart tests. Today it runs the real helm v3 binary; the tests only see parsed objects or
// the error text, so the engine behind this helper can change without touching them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';

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

export function helmBinary(): string {
  const toolsDir = process.env.BUNDLE_TOOLS_DIR ?? join(homedir(), '.cache', 'bundle-tools');
  return join(toolsDir, 'helm-v3', 'helm');
}

async function runHelmTemplate(chartDir: string, opts: RenderOptions) {
  const work = await mkdtemp(join(tmpdir(), 'chart-render-'));
  try {
    const args = [
      'template',
      opts.release ?? 'test',
      chartDir,
      '--namespace',
      opts.namespace ?? 'default',
      '--kube-version',
      opts.kubeVersion ?? '1.25.0',
    ];
    for (const file of opts.valuesFiles ?? []) args.push('-f', file);
    for (const [i, values] of (opts.values ?? []).entries()) {
      const file = join(work, `values-${i}.json`);
      await writeFile(file, JSON.stringify(values));
      args.push('-f', file);
    }
    for (const expr of opts.set ?? []) args.push('--set', expr);
    // A clean environment so the user's helm config, plugins and repositories never leak into a render.
    return await execa(helmBinary(), args, {
      reject: false,
      extendEnv: false,
      env: { HOME: work, PATH: '/usr/bin:/bin', TZ: 'UTC', LC_ALL: 'C' },
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Renders the chart; throws with helm's error text when rendering fails. */
export async function renderChart(chartDir: string, opts: RenderOptions = {}): Promise<RenderResult> {
  const result = await runHelmTemplate(chartDir, opts);
  if (result.exitCode !== 0) throw new Error(String(result.stderr));
  const stdout = String(result.stdout);
  const objects = parseAllDocuments(stdout)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`unparsable output: ${doc.errors[0]!.message}`);
      return doc.toJS();
    })
    .filter((obj) => obj !== null && obj !== undefined);
  return { objects, stdout };
}

/** Renders a chart that is expected to fail and returns helm's error text; throws if rendering succeeds. */
export async function renderChartError(chartDir: string, opts: RenderOptions = {}): Promise<string> {
  const result = await runHelmTemplate(chartDir, opts);
  if (result.exitCode === 0) throw new Error('expected the render to fail, but it succeeded');
  return String(result.stderr);
}
