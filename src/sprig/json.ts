// Sprig's JSON functions over src/goencoding/json.ts. The plain names swallow errors (empty string / nil), the
// mustX names return them.
import { marshalJson, parseJson } from '../goencoding/json.js';
import type { FuncMap, GoFunc } from '../gotemplate/values.js';
import { goFunc, mustOf } from './define.js';

function lenient(f: GoFunc, fallback: unknown): GoFunc {
  return {
    ...f,
    fn: (...a: unknown[]) => {
      try {
        return f.fn(...a);
      } catch {
        return fallback;
      }
    },
  };
}

const toJson = goFunc(['interface{}'], (v) => marshalJson(v), { result: 'string' });
const toPrettyJson = goFunc(['interface{}'], (v) => marshalJson(v, { indent: '  ' }), { result: 'string' });
const toRawJson = goFunc(['interface{}'], (v) => marshalJson(v, { escapeHTML: false }), { result: 'string' });
const fromJson = goFunc(['string'], (s: string) => parseJson(s));

export const jsonFuncs: FuncMap = {
  toJson: lenient(toJson, ''),
  mustToJson: mustOf(toJson),
  toPrettyJson: lenient(toPrettyJson, ''),
  mustToPrettyJson: mustOf(toPrettyJson),
  toRawJson: lenient(toRawJson, ''),
  mustToRawJson: mustOf(toRawJson),
  fromJson: lenient(fromJson, null),
  mustFromJson: mustOf(fromJson),
};
