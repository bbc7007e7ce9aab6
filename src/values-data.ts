// Go-typed values (int64 from --set, …) as plain JSON data, for schema validation.
import { GoNumber } from './gotemplate/values.js';

export function toPlainData(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof GoNumber) return Number(v.value);
  if (Array.isArray(v)) return v.map(toPlainData);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlainData(x)]));
  }
  return v;
}
