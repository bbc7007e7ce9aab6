// `helm template` (v3.17, client-only install): values merging, chart loading, dependency processing, coalescing,
// schema validation, rendering and output assembly, in helm's order so that the first error is helm's first error.
/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { parseYamlObject } from '../goencoding/yaml.js';
import { isMap } from '../gotemplate/values.js';
import { newCapabilities, releaseObject } from './builtins.js';
import type { Values } from './chart.js';
import { coalesceValues } from './coalesce.js';
import { processDependencies } from './dependencies.js';
import { HelmError } from './errors.js';
import { goTrimSpace } from './gostrings.js';
import { loadChartDir } from './loader.js';
import { sortManifests, splitManifests } from './manifests.js';
import { pathMatch } from './pathmatch.js';
import { renderTemplates } from './render.js';
import { validateValues } from './schema.js';
import { parseSetInto, parseSetStringInto } from './strvals.js';

export interface TemplateRequest {
  releaseName: string;
  namespace: string;
  valuesFiles?: string[];
  /** Already-parsed values layers, applied in order after valuesFiles and before --set. */
  values?: Record<string, unknown>[];
  set?: string[];
  setString?: string[];
  kubeVersion?: string;
  apiVersions?: string[];
  includeCrds?: boolean;
  showOnly?: string[];
  isUpgrade?: boolean;
}

/** One printed document: `source` is its `# Source:` path, `hook` whether it came from a helm.sh/hook. */
export interface RenderedDoc {
  source: string;
  content: string;
  hook: boolean;
}

/** Errors raised after the release object exists get this hint appended by `helm template`. */
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
  // helm re-splits its own output and reads each document's `# Source: <chart>/<path>` line.
  const docs = splitManifests(out);
  return selectShown(docs, req.showOnly, (d) => /# Source: [^/]+\/(.+)/.exec(d)?.[1])
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
  if (req.kubeVersion !== undefined && req.kubeVersion !== '') {
    try {
      newCapabilities(req.kubeVersion);
    } catch (e) {
      throw new HelmError(`invalid kube version '${req.kubeVersion}': ${(e as Error).message}`);
    }
  }
  const vals = mergeUserValues(req);
  const chart = loadChartDir(chartDir);
  if (chart.metadata.type !== '' && chart.metadata.type !== 'application') {
    throw new HelmError(`${chart.metadata.type} charts are not installable`);
  }
  const reqs = chart.metadata.dependencies;
  if (reqs.length > 0) {
    const missing = reqs.filter((r) => !chart.dependencies.some((d) => d.name() === r.name)).map((r) => r.name);
    if (missing.length > 0) {
      throw new HelmError(
        `An error occurred while checking for chart dependencies. You may need to run \`helm dependency build\` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`,
      );
    }
  }
  if (req.releaseName === '' || req.releaseName.length > 53 || !RELEASE_NAME.test(req.releaseName)) {
    throw new HelmError(
      `release name "${req.releaseName}": invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53`,
    );
  }
  processDependencies(chart, vals);
  const capabilities = newCapabilities(req.kubeVersion || undefined, req.apiVersions ?? []);
  const values = coalesceValues(chart, vals);
  validateValues(chart, values);
  const top: Values = {
    Values: values,
    Release: releaseObject({ name: req.releaseName, namespace: req.namespace, isUpgrade: req.isUpgrade ?? false }),
    Capabilities: capabilities,
  };

  let files: Map<string, string>;
  let sorted: ReturnType<typeof sortManifests>;
  try {
    files = renderTemplates(chart, top);
    for (const name of [...files.keys()]) if (name.endsWith('NOTES.txt')) files.delete(name);
    sorted = sortManifests(files);
  } catch (e) {
    if (e instanceof HelmError) throw new HelmError(e.message + DEBUG_HINT);
    throw e;
  }
  const crds = chart.crdObjects().map((c) => ({ filename: c.filename, data: Buffer.from(c.file.data).toString('utf8') }));
  const toDoc = (m: { source: string; content: string; hook: boolean }): RenderedDoc => ({
    source: m.source,
    content: m.content,
    hook: m.hook,
  });
  return { crds, manifests: sorted.manifests.map(toDoc), hooks: sorted.hooks.map(toDoc) };
}

/** values.Options.MergeValues: -f files in order, then parsed layers, then --set, then --set-string. */
function mergeUserValues(req: TemplateRequest): Values {
  let base: Values = {};
  for (const file of req.valuesFiles ?? []) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new HelmError(`open ${file}: no such file or directory`);
    }
    let current: Values;
    try {
      current = parseYamlObject(text);
    } catch (e) {
      throw new HelmError(`failed to parse ${file}: ${(e as Error).message}`);
    }
    base = mergeMaps(base, current);
  }
  for (const layer of req.values ?? []) base = mergeMaps(base, layer);
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
  return base;
}

/** values.mergeMaps: maps merge recursively, everything else is replaced. */
function mergeMaps(a: Values, b: Values): Values {
  const out: Values = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const existing = out[k];
    out[k] = isMap(v) && isMap(existing) ? mergeMaps(existing, v) : v;
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
