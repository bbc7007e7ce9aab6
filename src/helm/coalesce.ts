// Values coalescing as helm v3.17's pkg/chartutil/coalesce.go: chart defaults go under user values (maps merge,
// scalars and lists are replaced), a user `null` deletes the key (unless merging), every subchart gets its own
// table `Values.<sub>` and the parent's `global` is pushed down into it.
// Type conflicts are logged as helm logs them (`coalesce.go:237: warning: skipped value for …`).
import { sprintf } from '../gotemplate/fmt.js';
import { quote } from '../gotemplate/strconv.js';
import { formatV, isMap, setOwn } from '../gotemplate/values.js';
import { logf } from './log.js';
import type { Chart, Values } from './chart.js';
import { HelmError } from './errors.js';

const GLOBAL = 'global';

/** CoalesceValues: user values over the chart's defaults (a deep copy; the inputs are not modified). */
export function coalesceValues(chart: Chart, vals: Values | undefined): Values {
  return coalesce(chart, deepCopy(vals ?? {}) as Values, '', false);
}

/** MergeValues: like coalesceValues but nulls are kept (used while processing import-values). */
export function mergeValues(chart: Chart, vals: Values | undefined): Values {
  return coalesce(chart, deepCopy(vals ?? {}) as Values, '', true);
}

/** CoalesceTables: src under dst, dst wins; a null in dst deletes the key. */
export function coalesceTables(dst: Values, src: Values): Values {
  return coalesceTablesInto(dst, src, '', false);
}

/** MergeTables: src under dst, dst wins, nulls kept. */
export function mergeTables(dst: Values, src: Values): Values {
  return coalesceTablesInto(dst, src, '', true);
}

export function deepCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(deepCopy);
  if (isMap(v)) {
    const out: Values = {};
    for (const [k, val] of Object.entries(v)) setOwn(out, k, deepCopy(val));
    return out;
  }
  return v;
}

function concatPrefix(a: string, b: string): string {
  return a === '' ? b : `${a}.${b}`;
}

function coalesce(chart: Chart, dest: Values, prefix: string, merge: boolean): Values {
  coalesceChartValues(chart, dest, prefix, merge);
  return coalesceDeps(chart, dest, prefix, merge);
}

function coalesceDeps(chart: Chart, dest: Values, prefix: string, merge: boolean): Values {
  for (const sub of chart.dependencies) {
    const name = sub.name();
    if (!Object.hasOwn(dest, name)) {
      setOwn(dest, name, {});
    } else if (!isMap(dest[name])) {
      throw new HelmError(`type mismatch on ${name}: ${sprintf('%t', [dest[name]])}`);
    }
    const subVals = dest[name] as Values;
    const subPrefix = concatPrefix(prefix, chart.name());
    coalesceGlobals(subVals, dest, subPrefix);
    setOwn(dest, name, coalesce(sub, subVals, subPrefix, merge));
  }
  return dest;
}

/** Copy the parent's globals into the subchart's `global` table (parent wins for maps merged top-down). */
function coalesceGlobals(dest: Values, src: Values, prefix: string): void {
  let dg: Values;
  if (!Object.hasOwn(dest, GLOBAL)) dg = {};
  else if (isMap(dest[GLOBAL])) dg = dest[GLOBAL];
  else {
    logf('coalesce.go:138', `warning: skipping globals because destination ${GLOBAL} is not a table.`);
    return;
  }
  let sg: Values;
  if (!Object.hasOwn(src, GLOBAL)) sg = {};
  else if (isMap(src[GLOBAL])) sg = src[GLOBAL];
  else {
    logf('coalesce.go:145', `warning: skipping globals because source ${GLOBAL} is not a table.`);
    return;
  }

  for (const [key, val] of Object.entries(sg)) {
    if (isMap(val)) {
      const vv: Values = { ...val };
      if (!Object.hasOwn(dg, key)) {
        setOwn(dg, key, vv);
      } else if (isMap(dg[key])) {
        coalesceTablesInto(vv, dg[key], concatPrefix(prefix, key), true);
        setOwn(dg, key, vv);
      } else {
        logf('coalesce.go:161', `Conflict: cannot merge map onto non-map for ${quote(key)}. Skipping.`);
      }
    } else if (Object.hasOwn(dg, key) && isMap(dg[key])) {
      logf('coalesce.go:175', `key ${key} is table. Skipping`);
    } else {
      setOwn(dg, key, val);
    }
  }
  dest[GLOBAL] = dg;
}

/** coalesceValues: the chart's own values.yaml under `v`. */
function coalesceChartValues(chart: Chart, v: Values, prefix: string, merge: boolean): void {
  const subPrefix = concatPrefix(prefix, chart.name());
  const defaults = deepCopy(chart.values ?? {}) as Values;
  for (const [key, val] of Object.entries(defaults)) {
    if (!Object.hasOwn(v, key)) {
      setOwn(v, key, val);
      continue;
    }
    const value = v[key];
    if ((value === null || value === undefined) && !merge) {
      delete v[key];
    } else if (isMap(value)) {
      if (!isMap(val)) {
        if (val !== null && val !== undefined) logf('coalesce.go:237', `warning: skipped value for ${subPrefix}.${key}: Not a table.`);
        continue;
      }
      // A subchart's table is always merged so that its own nulls survive until the subchart is coalesced.
      const childMerge = merge || chart.dependencies.some((d) => d.name() === key);
      coalesceTablesInto(value, val, concatPrefix(subPrefix, key), childMerge);
    }
  }
}

function coalesceTablesInto(dst: Values, src: Values, prefix: string, merge: boolean): Values {
  for (const key of Object.keys(src)) {
    const val = src[key];
    if (!Object.hasOwn(dst, key)) {
      setOwn(dst, key, val);
      continue;
    }
    const dv = dst[key];
    if (!merge && (dv === null || dv === undefined)) {
      delete dst[key];
    } else if (isMap(val)) {
      if (isMap(dv)) coalesceTablesInto(dv, val, concatPrefix(prefix, key), merge);
      else logf('coalesce.go:298', `warning: cannot overwrite table with non table for ${concatPrefix(prefix, key)} (${formatV(val)})`);
    } else if (isMap(dv) && val !== null && val !== undefined) {
      logf('coalesce.go:301', `warning: destination for ${concatPrefix(prefix, key)} is a table. Ignoring non-table value (${formatV(val)})`);
    }
  }
  return dst;
}
