// Vendored `file://` dependencies (`bundle deps`). Each chart carries the library charts it depends on the way Helm
// itself vendors them: `charts/<name>-<version>.tgz` plus `Chart.lock`, as `helm dependency update` writes them. So
// `helm install charts/<chart>`, `helm package` and a clone without symlink support all work, and helm has no symlink
// to warn about. This module finds copies that no longer match their source; writing them is left to helm.
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import type { Chart, Dependency } from '../helm/chart.js';
import { loadChartArchive, loadChartDir, parseMetadata } from '../helm/loader.js';

export interface VendorProblem {
  /** The chart whose vendored copy is wrong. */
  chartDir: string;
  /** The file or folder the problem is about. */
  file: string;
  message: string;
}

export interface LocalDependency {
  dep: Dependency;
  /** Absolute folder of the dependency's source (`repository: file://…`, relative to the chart). */
  source: string;
}

/** The dependencies a chart takes from a local folder (`repository: file://…`). */
export function localDependencies(chartDir: string): LocalDependency[] {
  const meta = parseMetadata(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'), join(chartDir, 'Chart.yaml'));
  return meta.dependencies
    .filter((d) => d.repository.startsWith('file://'))
    .map((dep) => ({ dep, source: resolve(chartDir, dep.repository.slice('file://'.length)) }));
}

/** The charts of a folder that have local dependencies, sorted. */
export function chartsWithLocalDependencies(chartsDir: string): string[] {
  return readdirSync(chartsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(chartsDir, e.name, 'Chart.yaml')))
    .map((e) => join(chartsDir, e.name))
    .filter((dir) => localDependencies(dir).length > 0)
    .sort();
}

/** Everything wrong with a chart's vendored local dependencies; empty when `helm dependency build` would change nothing. */
export function vendorProblems(chartDir: string): VendorProblem[] {
  const problems: VendorProblem[] = [];
  const problem = (file: string, message: string) => problems.push({ chartDir, file, message });
  const deps = localDependencies(chartDir);
  const subDir = join(chartDir, 'charts');
  const entries = existsSync(subDir) ? readdirSync(subDir).sort() : [];
  for (const { dep, source } of deps) {
    const show = relative(chartDir, source);
    if (!existsSync(join(source, 'Chart.yaml'))) {
      problem(join(chartDir, 'Chart.yaml'), `dependency ${dep.name}: ${dep.repository} has no Chart.yaml (expected ${join(source, 'Chart.yaml')})`);
      continue;
    }
    const wanted = loadChartDir(source);
    const archive = `${dep.name}-${wanted.metadata.version}.tgz`;
    for (const name of entries) {
      const full = join(subDir, name);
      if (name === dep.name) {
        const what = lstatSync(full).isSymbolicLink() ? 'a symlink to' : 'an unpacked copy of';
        problem(full, `${what} ${show}: vendor it as charts/${archive} with \`bundle deps\` (helm warns on symlinks, and clones without symlink support break them)`);
      } else if (name !== archive && name.startsWith(`${dep.name}-`) && name.endsWith('.tgz')) {
        problem(full, `an outdated archive of ${show} (its version is ${wanted.metadata.version}): run \`bundle deps\``);
      }
    }
    const full = join(subDir, archive);
    if (!existsSync(full)) {
      problem(full, `missing: ${dep.name} ${wanted.metadata.version} from ${show} is not vendored; run \`bundle deps\``);
      continue;
    }
    let vendored: Chart;
    try {
      vendored = loadChartArchive(readFileSync(full));
    } catch (e) {
      problem(full, `cannot be loaded (${(e as Error).message}); run \`bundle deps\``);
      continue;
    }
    if (fingerprint(vendored) !== fingerprint(wanted)) problem(full, `stale: differs from ${show}; run \`bundle deps\``);
  }
  problems.push(...lockProblems(chartDir, deps.map((d) => d.dep)));
  return problems;
}

/** Chart.lock must list the dependencies of Chart.yaml with helm's digest, or `helm dependency build` refuses it. */
function lockProblems(chartDir: string, deps: Dependency[]): VendorProblem[] {
  const file = join(chartDir, 'Chart.lock');
  const fail = (message: string) => [{ chartDir, file, message }];
  if (!existsSync(file)) return fail('missing; run `bundle deps`');
  let lock: { dependencies?: Array<Record<string, unknown>>; digest?: unknown };
  try {
    lock = parseYaml(readFileSync(file, 'utf8')) ?? {};
  } catch (e) {
    return fail(`not YAML (${(e as Error).message}); run \`bundle deps\``);
  }
  const all = parseMetadata(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'), join(chartDir, 'Chart.yaml')).dependencies;
  const locked = (lock.dependencies ?? []).map((d) => ({ name: String(d.name ?? ''), version: String(d.version ?? ''), repository: String(d.repository ?? '') }));
  for (const d of deps) {
    if (!locked.some((l) => l.name === d.name && l.repository === d.repository)) {
      return fail(`does not lock ${d.name} from ${d.repository}; run \`bundle deps\``);
    }
  }
  if (lock.digest !== lockDigest(all, locked)) return fail('out of sync with Chart.yaml (digest); run `bundle deps`');
  return [];
}

/** helm's resolver.HashReq: sha256 of the JSON of [Chart.yaml dependencies, locked dependencies], Go field order,
 *  `omitempty` fields left out. */
export function lockDigest(reqs: Dependency[], locked: Array<{ name: string; version: string; repository: string }>): string {
  const json = (d: Partial<Dependency> & { name: string; repository: string }) => ({
    name: d.name,
    ...(d.version ? { version: d.version } : {}),
    repository: d.repository,
    ...(d.condition ? { condition: d.condition } : {}),
    ...(d.tags?.length ? { tags: d.tags } : {}),
    ...(d.enabled ? { enabled: true } : {}),
    ...(d.importValues?.length ? { 'import-values': d.importValues } : {}),
    ...(d.alias ? { alias: d.alias } : {}),
  });
  // Go's encoder escapes <, > and & in strings; JSON.stringify does not.
  const text = JSON.stringify([reqs.map(json), locked.map(json)]).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** What helm reads from a chart (not how the archive stores it: helm re-writes Chart.yaml when it packages). */
function fingerprint(c: Chart): string {
  const files = (list: Array<{ name: string; data: Uint8Array }>) =>
    list.map((f) => [f.name, createHash('sha256').update(f.data).digest('hex')]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  return JSON.stringify({
    metadata: c.metadata,
    values: c.values,
    schema: c.schema ? createHash('sha256').update(c.schema).digest('hex') : null,
    templates: files(c.templates),
    files: files(c.files),
    dependencies: c.dependencies.map(fingerprint).sort(),
  });
}
