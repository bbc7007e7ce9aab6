// Values coalescing as helm v3.17's pkg/chartutil/coalesce.go: chart defaults go under user values (maps merge,
// scalars and lists are replaced), a user `null` deletes the key (unless merging), every subchart gets its own
// table `Values.<sub>` and the parent's `global` is pushed down into it.
// Helm prints `warning: …` lines on stderr for type conflicts; they are not part of `helm template`'s stdout, so
// they are not reproduced.
import { sprintf } from '../gotemplate/fmt.js';
import { isMap, setOwn } from '../gotemplate/values.js';
import type { Chart, Values } from './chart.js';
import { HelmError } from './errors.js';

const GLOBAL = 'global';

/** CoalesceValues: user values over the chart's defaults (a deep copy; the inputs are not modified). */
export function coalesceValues(chart: Chart, vals: Values | undefined): Values {
  return coalesce(chart, deepCopy(vals ?? {}) as Values, false);
}

/** MergeValues: like coalesceValues but nulls are kept (used while processing import-values). */
export function mergeValues(chart: Chart, vals: Values | undefined): Values {
  return coalesce(chart, deepCopy(vals ?? {}) as Values, true);
}

/** CoalesceTables: src under dst, dst wins; a null in dst deletes the key. */
export function coalesceTables(dst: Values, src: Values): Values {
  return coalesceTablesInto(dst, src, false);
}

/** MergeTables: src under dst, dst wins, nulls kept. */
export function mergeTables(dst: Values, src: Values): Values {
  return coalesceTablesInto(dst, src, true);
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

function coalesce(chart: Chart, dest: Values, merge: boolean): Values {
  coalesceChartValues(chart, dest, merge);
  return coalesceDeps(chart, dest, merge);
}

function coalesceDeps(chart: Chart, dest: Values, merge: boolean): Values {
  for (const sub of chart.dependencies) {
    const name = sub.name();
    if (!Object.hasOwn(dest, name)) {
      setOwn(dest, name, {});
    } else if (!isMap(dest[name])) {
      throw new HelmError(`type mismatch on ${name}: ${sprintf('%t', [dest[name]])}`);
    }
    const subVals = dest[name] as Values;
    coalesceGlobals(subVals, dest);
    setOwn(dest, name, coalesce(sub, subVals, merge));
  }
  return dest;
}

/** Copy the parent's globals into the subchart's `global` table (parent wins for maps merged top-down). */
function coalesceGlobals(dest: Values, src: Values): void {
  let dg: Values;
  if (!Object.hasOwn(dest, GLOBAL)) dg = {};
  else if (isMap(dest[GLOBAL])) dg = dest[GLOBAL];
  else return;
  let sg: Values;
  if (!Object.hasOwn(src, GLOBAL)) sg = {};
  else if (isMap(src[GLOBAL])) sg = src[GLOBAL];
  else return;

  for (const [key, val] of Object.entries(sg)) {
    if (isMap(val)) {
      const vv: Values = { ...val };
      if (!Object.hasOwn(dg, key)) {
        setOwn(dg, key, vv);
      } else if (isMap(dg[key])) {
        coalesceTablesInto(vv, dg[key], true);
        setOwn(dg, key, vv);
      }
    } else if (!(Object.hasOwn(dg, key) && isMap(dg[key]))) {
      setOwn(dg, key, val);
    }
  }
  dest[GLOBAL] = dg;
}

/** coalesceValues: the chart's own values.yaml under `v`. */
function coalesceChartValues(chart: Chart, v: Values, merge: boolean): void {
  const defaults = deepCopy(chart.values ?? {}) as Values;
  for (const [key, val] of Object.entries(defaults)) {
    if (!Object.hasOwn(v, key)) {
      setOwn(v, key, val);
      continue;
    }
    const value = v[key];
    if ((value === null || value === undefined) && !merge) {
      delete v[key];
    } else if (isMap(value) && isMap(val)) {
      // A subchart's table is always merged so that its own nulls survive until the subchart is coalesced.
      const childMerge = merge || chart.dependencies.some((d) => d.name() === key);
      coalesceTablesInto(value, val, childMerge);
    }
  }
}

function coalesceTablesInto(dst: Values, src: Values, merge: boolean): Values {
  for (const [key, val] of Object.entries(src)) {
    if (!Object.hasOwn(dst, key)) {
      setOwn(dst, key, val);
      continue;
    }
    const dv = dst[key];
    if (!merge && (dv === null || dv === undefined)) {
      delete dst[key];
    } else if (isMap(val) && isMap(dv)) {
      coalesceTablesInto(dv, val, merge);
    }
  }
  return dst;
}
