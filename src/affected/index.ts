// `bundle affected --since <ref>`: which envs and releases a change touches, so CI renders and diffs only those.
// A release is touched by a file under its chart (the library charts it links or vendors, a file:// dependency
// included), by one of its values layers (base and env, also when deleted), and by its own entry in the env file. Any
// other change of an env file (cluster facts, waivers, Argo CD settings) touches every release of that env, and so does
// its committed AppProject; a change to the tool itself (src/, schemas/, package files …) touches everything.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { git } from '../git/git.js';
import { loadEnvironment } from '../env/load.js';
import type { Environment, Release } from '../env/types.js';
import { layerFiles } from '../env/values.js';
import { projectFile } from '../output/bootstrap.js';

export interface AffectedRelease {
  name: string;
  /** Changed files (relative to the project root) that this release reads; empty when the env's reasons touch all. */
  reasons: string[];
}

export interface AffectedEnv {
  env: string;
  /** Every enabled release is touched. */
  all: boolean;
  reasons: string[];
  releases: AffectedRelease[];
}

export interface AffectedReport {
  since: string;
  commit: string;
  /** Changed paths since the ref (committed, staged, unstaged and untracked), relative to the project root. */
  changed: string[];
  envs: AffectedEnv[];
}

/** Paths whose change makes every render different: the tool's own code, schemas and dependencies. */
const TOOL = [/^src\//, /^bin\//, /^scripts\//, /^schemas\//, /^package(-lock)?\.json$/, /^tsconfig[^/]*\.json$/];

export async function affected(root: string, since: string): Promise<AffectedReport> {
  const top = (await git(root, ['rev-parse', '--show-toplevel'])).stdout.trim();
  const commit = await git(root, ['rev-parse', '--verify', '--quiet', `${since}^{commit}`], { allowFail: true });
  if (commit.exitCode !== 0) throw new Error(`git ref "${since}" not found in ${top}`);
  const sha = commit.stdout.trim();
  // Renames as a deletion and an addition: both names may be inputs.
  const diff = await git(top, ['diff', '--name-only', '--no-renames', '-z', sha, '--']);
  const untracked = await git(top, ['ls-files', '--others', '--exclude-standard', '-z']);
  const changed = [...new Set([...diff.stdout.split('\0'), ...untracked.stdout.split('\0')].filter(Boolean))]
    .map((p) => join(top, p))
    .filter((p) => p === root || p.startsWith(root + sep))
    .sort();
  const rel = (p: string) => relative(root, p);
  const tool = changed.filter((p) => TOOL.some((re) => re.test(rel(p).split(sep).join('/'))));

  const envs: AffectedEnv[] = [];
  for (const envFile of envFiles(root)) {
    const name = relative(join(root, 'overlays'), dirname(envFile));
    let env: Environment;
    try {
      ({ env } = await loadEnvironment(envFile, root));
    } catch (e) {
      // A render of this env fails now: CI must see that.
      envs.push({ env: name, all: true, reasons: [`${rel(envFile)} does not load: ${firstLine((e as Error).message)}`], releases: [] });
      continue;
    }
    const releases = env.releases.filter((r) => r.enabled);
    const all = (reasons: string[]) => envs.push({ env: env.name, all: true, reasons, releases: releases.map((r) => ({ name: r.name, reasons: [] })) });
    if (tool.length > 0) {
      all(tool.map(rel));
      continue;
    }
    const envChange = changed.includes(envFile) ? await envFileChange(top, sha, envFile) : { whole: false, releases: new Set<string>(), removed: [] };
    if (envChange.whole) {
      all([rel(envFile)]);
      continue;
    }
    const project = join(root, projectFile(env));
    if (changed.includes(project)) {
      all([rel(project)]);
      continue;
    }
    const touched: AffectedRelease[] = [];
    for (const release of releases) {
      const reasons = changed.filter((p) => readsFile(env, release, p)).map(rel);
      if (envChange.releases.has(release.name)) reasons.push(`${rel(envFile)} (release ${release.name})`);
      if (reasons.length > 0) touched.push({ name: release.name, reasons });
    }
    // A release taken out of the env leaves files to prune: the env is rendered even if nothing else changed.
    const reasons = envChange.removed.map((r) => `${rel(envFile)} (release ${r} removed)`);
    if (touched.length > 0 || reasons.length > 0) envs.push({ env: env.name, all: false, reasons, releases: touched });
  }
  return { since, commit: sha, changed: changed.map(rel), envs };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!;
}

function envFiles(root: string): string[] {
  const overlays = join(root, 'overlays');
  if (!existsSync(overlays)) return [];
  return readdirSync(overlays, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(overlays, e.name, 'env.yaml')))
    .map((e) => join(overlays, e.name, 'env.yaml'))
    .sort();
}

/**
 * How an env file changed: `whole` when anything outside `releases` did (or the file is new), else the names of the
 * releases whose entries were added or changed, and of those removed.
 */
async function envFileChange(top: string, sha: string, file: string): Promise<{ whole: boolean; releases: Set<string>; removed: string[] }> {
  const whole = { whole: true, releases: new Set<string>(), removed: [] };
  const old = await git(top, ['show', `${sha}:${relative(top, file).split(sep).join('/')}`], { allowFail: true });
  let before: any;
  let after: any;
  try {
    if (old.exitCode !== 0) return whole;
    before = parseYaml(old.stdout);
    after = parseYaml(readFileSync(file, 'utf8'));
  } catch {
    return whole;
  }
  const rest = (doc: any) => JSON.stringify({ ...doc, releases: undefined });
  if (!isObject(before) || !isObject(after) || rest(before) !== rest(after)) return whole;
  const entries = (doc: any) => new Map<string, string>((Array.isArray(doc.releases) ? doc.releases : []).map((r: any) => [String(r?.name), JSON.stringify(r)]));
  const was = entries(before);
  const now = entries(after);
  const releases = new Set<string>();
  for (const [name, entry] of now) if (was.get(name) !== entry) releases.add(name);
  return { whole: false, releases, removed: [...was.keys()].filter((name) => !now.has(name)) };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether the render of `release` reads `path` (which may no longer exist). */
function readsFile(env: Environment, release: Release, path: string): boolean {
  if (chartRoots(release.chartDir).some((dir) => path === dir || path.startsWith(dir + sep))) return true;
  const layers = new Set(layerFiles(env, release).map((l) => l.file));
  // Layers as they would be without a deleted file: the base file and the default env values file by name.
  if (env.baseDir) layers.add(join(env.baseDir, 'values', `${release.name}.yaml`));
  layers.add(join(env.dir, 'values', `${release.name}.yaml`));
  return layers.has(path);
}

const rootsByChart = new Map<string, string[]>();

/** The folders a chart is loaded from: itself, every folder a link inside it points to (a library chart), and the
 *  folder of each file:// dependency in its Chart.yaml (vendored into charts/ as a .tgz, built from there). */
function chartRoots(chartDir: string): string[] {
  let roots = rootsByChart.get(chartDir);
  if (roots) return roots;
  const found = new Set<string>([resolve(chartDir)]);
  const walk = (dir: string, seen: Set<string>) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(path);
        } catch {
          continue;
        }
        if (statSync(target).isDirectory() && !seen.has(target)) {
          found.add(target);
          walk(target, new Set(seen).add(target));
        } else if (!statSync(target).isDirectory()) found.add(target);
      } else if (e.isDirectory()) walk(path, seen);
    }
  };
  walk(chartDir, new Set([realpathSync(chartDir)]));
  for (const dep of fileDependencies(chartDir)) found.add(dep);
  roots = [...found];
  rootsByChart.set(chartDir, roots);
  return roots;
}

function fileDependencies(chartDir: string): string[] {
  try {
    const meta = parseYaml(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as { dependencies?: Array<{ repository?: string }> };
    return (meta?.dependencies ?? [])
      .map((d) => d?.repository)
      .filter((r): r is string => typeof r === 'string' && r.startsWith('file://'))
      .map((r) => resolve(chartDir, r.slice('file://'.length)));
  } catch {
    return [];
  }
}
