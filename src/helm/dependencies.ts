// chartutil.ProcessDependenciesWithMerge (helm v3.17): aliases, `condition`/`tags` that drop subcharts, and
// `import-values` that copy subchart values into the parent's defaults.
import { isMap } from '../gotemplate/values.js';
import type { Chart, Dependency, Values } from './chart.js';
import { coalesceValues, deepCopy, mergeTables, mergeValues } from './coalesce.js';
import { quote } from '../gotemplate/strconv.js';
import { logf } from './log.js';
import { isCompatibleRange } from './semver.js';

export function processDependencies(chart: Chart, vals: Values): void {
  processEnabled(chart, vals, '');
  processImportValuesRec(chart);
}

/** getAliasDependency: the loaded chart a Chart.yaml entry refers to, renamed to its alias. */
function aliasDependency(charts: Chart[], dep: Dependency): Chart | undefined {
  for (const c of charts) {
    if (c.name() !== dep.name || !isCompatibleRange(dep.version, c.metadata.version)) continue;
    return c.copyWithName(dep.alias !== '' ? dep.alias : c.name());
  }
  return undefined;
}

function processEnabled(chart: Chart, vals: Values, path: string): void {
  const reqs = chart.metadata.dependencies;
  if (reqs.length === 0) return;

  // Charts in charts/ that no Chart.yaml entry claims stay as they are.
  const deps: Chart[] = chart.dependencies.filter(
    (existing) => !reqs.some((r) => existing.name() === r.name && isCompatibleRange(r.version, existing.metadata.version)),
  );
  for (const req of reqs) {
    const d = aliasDependency(chart.dependencies, req);
    if (d) deps.push(d);
    if (req.alias !== '') req.name = req.alias;
  }
  chart.setDependencies(deps);

  for (const r of reqs) r.enabled = true;
  const cvals = coalesceValues(chart, vals);
  processTags(reqs, cvals);
  processConditions(reqs, cvals, path);

  const disabled = new Set(reqs.filter((r) => !r.enabled).map((r) => r.name));
  const kept = chart.dependencies.filter((c) => !disabled.has(c.name()));
  chart.metadata.dependencies = reqs.filter((r) => !disabled.has(r.name));
  for (const c of kept) processEnabled(c, cvals, `${path}${c.name()}.`);
  chart.setDependencies(kept);
}

function processTags(reqs: Dependency[], cvals: Values): void {
  const tags = cvals['tags'];
  if (!isMap(tags)) return;
  for (const r of reqs) {
    let hasTrue = false;
    let hasFalse = false;
    for (const k of r.tags) {
      if (!Object.hasOwn(tags, k)) continue;
      const b = tags[k];
      if (b === true) hasTrue = true;
      else if (b === false) hasFalse = true;
      else logf('dependencies.go:94', `Warning: Tag '${k}' for chart ${r.name} returned non-bool value`);
    }
    if (!hasTrue && hasFalse) r.enabled = false;
    else if (hasTrue || !hasFalse) r.enabled = true;
  }
}

function processConditions(reqs: Dependency[], cvals: Values, path: string): void {
  for (const r of reqs) {
    for (const c of r.condition.trim().split(',')) {
      if (c.length === 0) continue;
      const v = pathValue(cvals, path + c);
      if (v === undefined) continue;
      if (typeof v === 'boolean') {
        r.enabled = v;
        break;
      }
      logf('dependencies.go:63', `Warning: Condition path '${c}' for chart ${r.name} returned non-bool value`);
    }
  }
}

/** Values.PathValue: a non-table value at a dotted path, or undefined. */
function pathValue(vals: Values, path: string): unknown {
  const parts = path.split('.');
  const key = parts.pop()!;
  const table = parts.length === 0 ? vals : tableAt(vals, parts);
  if (!table || !Object.hasOwn(table, key) || isMap(table[key])) return undefined;
  return table[key];
}

/** Values.Table: the map at a dotted path, or undefined when some step is missing or not a map. */
function tableAt(vals: Values, parts: string[]): Values | undefined {
  const t = table(vals, parts);
  return 'missing' in t ? undefined : t.table;
}

/** Values.Table with its error's key (ErrNoTable: `"<key>" is not a table`). */
function table(vals: Values, parts: string[]): { table: Values } | { missing: string } {
  let cur: Values = vals;
  for (const p of parts) {
    const next = Object.hasOwn(cur, p) ? cur[p] : undefined;
    if (!isMap(next)) return { missing: p };
    cur = next;
  }
  return { table: cur };
}

function processImportValuesRec(chart: Chart): void {
  for (const d of chart.dependencies) processImportValuesRec(d);
  processImportValues(chart);
}

/** processImportValues (merge mode): imported child tables sit under the parent's own values. */
function processImportValues(chart: Chart): void {
  const reqs = chart.metadata.dependencies;
  if (reqs.length === 0) return;
  const cvals = mergeValues(chart, undefined);
  let b: Values = {};
  for (const r of reqs) {
    const out: unknown[] = [];
    for (const iv of r.importValues) {
      let child: string;
      let parent: string;
      if (isMap(iv)) {
        child = String(iv['child']);
        parent = String(iv['parent']);
      } else if (typeof iv === 'string') {
        child = `exports.${iv}`;
        parent = '.';
      } else {
        continue;
      }
      out.push({ child, parent });
      const t = table(cvals, `${r.name}.${child}`.split('.'));
      if ('missing' in t) {
        const at = isMap(iv) ? 'dependencies.go:269' : 'dependencies.go:286';
        const from = isMap(iv) ? `from chart ${r.name}` : '';
        logf(at, `Warning: ImportValues missing table${from === '' ? '' : ` ${from}`}: ${quote(t.missing)} is not a table`);
        continue;
      }
      b = mergeTables(b, pathToMap(parent, deepCopy(t.table) as Values));
    }
    r.importValues = out;
  }
  chart.values = mergeTables(deepCopy(cvals) as Values, b);
}

function pathToMap(path: string, data: Values): Values {
  if (path === '.') return data;
  let cur: Values = data;
  const parts = path.split('.');
  for (let i = parts.length - 1; i >= 0; i--) cur = { [parts[i]!]: cur };
  return cur;
}
