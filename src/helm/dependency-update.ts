// `--dependency-update` (downloader.Manager.Update) for what can be had offline: dependencies in charts/ (no
// repository) and `file://` paths, packaged into charts/<name>-<version>.tgz with a fresh Chart.lock, announced on
// stdout as helm announces them. A dependency from a chart repository or OCI registry would be downloaded: an error.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { marshalJson, quoteJsonString } from '../goencoding/json.js';
import { marshalYaml } from '../goencoding/yaml.js';
import { SemverVersion, parseConstraints, satisfies } from '../sprig/semver.js';
import type { ChartFile, Dependency } from './chart.js';
import { HelmError } from './errors.js';
import { pathError } from './gofs.js';
import { collectChartFiles, loadChartDir, loadChartFile } from './loader.js';

/** Manager.Update for a chart directory; returns what helm prints on stdout while doing it. */
export function updateDependencies(chartPath: string): string {
  let out = '';
  let isDir: boolean;
  try {
    isDir = statSync(chartPath).isDirectory();
  } catch (e) {
    throw new HelmError(`could not find ${chartPath}: ${pathError('stat', chartPath, e).message}`);
  }
  if (!isDir) throw new HelmError('only unpacked charts can be updated');
  const chart = loadChartDir(chartPath);
  const reqs = chart.metadata.dependencies;
  if (reqs.length === 0) return out;
  for (const d of reqs) {
    if (d.repository === '') continue;
    if (d.repository.startsWith('file://')) localPath(d.repository, chartPath);
    else {
      throw new HelmError(
        `dependency ${JSON.stringify(d.name)} comes from ${d.repository}: downloading dependencies is not supported offline (bundle's native engine); use --engine helm`,
      );
    }
  }
  const locked = resolveLocal(reqs, chartPath);
  out += `Saving ${locked.length} charts\n`;
  const dest = join(chartPath, 'charts');
  if (existsSync(dest)) {
    if (!statSync(dest).isDirectory()) throw new HelmError(`${JSON.stringify(dest)} is not a directory`);
  } else mkdirSync(dest, { recursive: true });
  const tmp = join(chartPath, `tmpcharts-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  try {
    for (const dep of locked) {
      if (dep.repository === '') {
        out += `Dependency ${dep.name} did not declare a repository. Assuming it exists in the charts directory\n`;
        const dir = join(dest, dep.name);
        let version: string;
        try {
          version = loadChartDir(dir).metadata.version;
        } catch (e) {
          throw new HelmError(`unable to load chart '${dir}': ${(e as Error).message}`);
        }
        const constraint = constraintOf(dep.version, (m) => `dependency ${dep.name} has an invalid version/constraint format: ${m}`);
        if (!satisfies(constraint, SemverVersion.parse(version))) {
          const err = new HelmError(`dependency ${dep.name} at version ${version} does not satisfy the constraint ${dep.version}`);
          err.stdout = `${out}Save error occurred:  ${err.message}\n`;
          throw err;
        }
        continue;
      }
      const dir = localPath(dep.repository, chartPath);
      const c = loadChartDir(dir);
      writeFileSync(join(tmp, `${c.name()}-${c.metadata.version}.tgz`), packageChart(c.name(), collectChartFiles(dir)));
    }
    // safeMoveDeps: the new archives replace charts/ entries; other archives of charts not kept locally go.
    const moved = new Set(readdirSync(tmp));
    for (const f of moved) renameSync(join(tmp, f), join(dest, f));
    out += 'Deleting outdated charts\n';
    const local = new Set(locked.filter((d) => d.repository === '').map((d) => d.name));
    for (const f of readdirSync(dest)) {
      const file = join(dest, f);
      if (moved.has(f) || statSync(file).isDirectory()) continue;
      let name: string;
      try {
        name = loadChartFile(file).name();
      } catch (e) {
        out += `Could not verify ${file} for deletion: ${(e as Error).message} (Skipping)\n`;
        continue;
      }
      if (!local.has(name)) rmSync(file);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  // resolver.HashReq: json.Marshal of [2][]*chart.Dependency, struct fields in declaration order.
  const structs = (deps: Dependency[]) => `[${deps.map((d) => structJson(depJson(d))).join(',')}]`;
  const digest = `sha256:${createHash('sha256').update(`[${structs(reqs)},${structs(locked)}]`).digest('hex')}`;
  const lockName = chart.metadata.apiVersion === 'v1' ? 'requirements.lock' : 'Chart.lock';
  const lock = { generated: goTimeNow(), digest, dependencies: locked.map(depJson) };
  writeFileSync(join(chartPath, lockName), marshalYaml(lock));
  return out;
}

/** resolver.GetLocalPath. */
function localPath(repo: string, chartPath: string): string {
  const p = repo.replace(/^file:\/\//, '');
  const dir = isAbsolute(p) ? resolve(p) : join(chartPath, p);
  if (!existsSync(dir)) throw new HelmError(`directory ${dir} not found`);
  return dir;
}

function constraintOf(version: string, wrap: (msg: string) => string): ReturnType<typeof parseConstraints> {
  try {
    return parseConstraints(version);
  } catch (e) {
    throw new HelmError(wrap((e as Error).message));
  }
}

/** resolver.Resolve for local dependencies: each locked to the version found on disk. */
function resolveLocal(reqs: Dependency[], chartPath: string): Dependency[] {
  const locked: Dependency[] = [];
  const missing: string[] = [];
  for (const d of reqs) {
    const constraint = constraintOf(d.version, (m) => `dependency ${JSON.stringify(d.name)} has an invalid version/constraint format: ${m}`);
    if (d.repository === '') {
      localPath(`charts/${d.name}`, chartPath);
      locked.push(lockEntry(d.name, '', d.version));
      continue;
    }
    const c = loadChartDir(localPath(d.repository, chartPath));
    let v: SemverVersion;
    try {
      v = SemverVersion.parse(c.metadata.version);
    } catch {
      continue;
    }
    if (!satisfies(constraint, v)) {
      missing.push(`${JSON.stringify(d.name)} (repository ${JSON.stringify(d.repository)}, version ${JSON.stringify(d.version)})`);
      continue;
    }
    locked.push(lockEntry(d.name, d.repository, c.metadata.version));
  }
  if (missing.length > 0) {
    throw new HelmError(
      `can't get a valid version for ${missing.length} subchart(s): ${missing.join(', ')}. Make sure a matching chart version exists in the repo, or change the version constraint in Chart.yaml`,
    );
  }
  return locked;
}

function lockEntry(name: string, repository: string, version: string): Dependency {
  return { name, repository, version, condition: '', tags: [], enabled: false, importValues: [], alias: '' };
}

/** chart.Dependency's JSON (omitempty on all but name and repository). */
function depJson(d: Dependency): Record<string, unknown> {
  const o: Record<string, unknown> = { name: d.name };
  if (d.version !== '') o['version'] = d.version;
  o['repository'] = d.repository;
  if (d.condition !== '') o['condition'] = d.condition;
  if (d.tags.length > 0) o['tags'] = d.tags;
  if (d.enabled) o['enabled'] = true;
  if (d.importValues.length > 0) o['import-values'] = d.importValues;
  if (d.alias !== '') o['alias'] = d.alias;
  return o;
}

/** encoding/json of a struct whose fields are the object's keys in order. */
function structJson(o: Record<string, unknown>): string {
  return `{${Object.entries(o)
    .map(([k, v]) => `${quoteJsonString(k, true)}:${marshalJson(v)}`)
    .join(',')}}`;
}

/** time.Now() as encoding/json writes a time.Time (RFC 3339 with the local offset). */
function goTimeNow(): string {
  const now = new Date();
  const offset = -now.getTimezoneOffset();
  const local = new Date(now.getTime() + offset * 60_000).toISOString().replace(/Z$/, '');
  if (offset === 0) return `${local}Z`;
  const sign = offset > 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A chart's files as a gzip'd tar under `<name>/` (what `helm package` makes, file for file). */
export function packageChart(name: string, files: ChartFile[]): Buffer {
  const blocks: Buffer[] = [];
  for (const f of files) {
    const path = `${name}/${f.name}`;
    if (Buffer.byteLength(path) > 100) blocks.push(...tarEntry('././@LongLink', Buffer.from(path + '\0'), 'L'));
    blocks.push(...tarEntry(path, Buffer.from(f.data), '0'));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

function tarEntry(path: string, data: Buffer, type: string): Buffer[] {
  const h = Buffer.alloc(512);
  h.write(Buffer.from(path).subarray(0, 100).toString('latin1'), 0, 'latin1');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(data.length.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  h.write(Math.floor(Date.now() / 1000).toString(8).padStart(11, '0') + '\0', 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write(type, 156, 'latin1');
  h.write('ustar\x0000', 257, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return [h, data, pad];
}
