// Sprig's date functions (date.go). Dates are time.Time values (GoTime); ints are unix seconds; anything else
// means "now", as in Sprig.
import { GoNumber, typeName, type FuncMap } from '../gotemplate/values.js';
import { goFunc } from './define.js';
import { durationString, parseDuration, roundDuration, SECOND } from './duration.js';
import { GoTime, LOCAL, loadLocation, parseTime, UTC } from './gotime.js';

function asTime(v: unknown, int32Too: boolean): GoTime {
  if (v instanceof GoTime) return v;
  if (typeof v === 'bigint') return new GoTime(Number(v), 0, LOCAL);
  if (v instanceof GoNumber && (v.type === 'int64' || (int32Too && v.type === 'int32'))) return new GoTime(Number(v.value), 0, LOCAL);
  return GoTime.now();
}

function dateInZone(layout: string, date: unknown, zone: string): string {
  return asTime(date, true).in(loadLocation(zone) ?? UTC).format(layout);
}

/** A declared time.Time parameter: the executor's reflect check, which our param types cannot express. */
function timeArg(v: unknown): GoTime {
  if (v instanceof GoTime) return v;
  throw new Error(`wrong type for value; expected time.Time; got ${typeName(v)}`);
}

function durationRound(v: unknown): string {
  let d = 0n;
  if (typeof v === 'string') {
    try {
      d = parseDuration(v);
    } catch {
      d = 0n;
    }
  } else if (v instanceof GoNumber && v.type === 'int64') d = v.value as bigint;
  else if (v instanceof GoTime) d = GoTime.now().sub(v);
  const u = BigInt.asUintN(64, d < 0n ? -d : d);
  const hour = 3600n * SECOND;
  const units: [bigint, string][] = [
    [hour * 24n * 365n, 'y'], [hour * 24n * 30n, 'mo'], [hour * 24n, 'd'], [hour, 'h'], [60n * SECOND, 'm'], [SECOND, 's'],
  ];
  for (const [size, name] of units) if (u > size) return `${u / size}${name}`;
  return '0s';
}

function duration(v: unknown): string {
  let n = 0n;
  if (typeof v === 'string') n = /^[+-]?\d+$/.test(v) && BigInt(v) >= -(2n ** 63n) && BigInt(v) < 2n ** 63n ? BigInt(v) : 0n;
  else if (v instanceof GoNumber && v.type === 'int64') n = v.value as bigint;
  return durationString(BigInt.asIntN(64, n * SECOND));
}

function dateModify(must: boolean) {
  return (fmt: string, date: unknown) => {
    const t = timeArg(date);
    try {
      return t.add(parseDuration(fmt));
    } catch (e) {
      if (must) throw e;
      return t;
    }
  };
}

function toDate(must: boolean) {
  return (layout: string, value: string) => {
    try {
      return parseTime(layout, value, LOCAL);
    } catch (e) {
      if (must) throw e;
      return GoTime.zero();
    }
  };
}

const I = 'interface{}' as const;
const T = 'time.Time';

export const dateFuncs: FuncMap = {
  ago: goFunc([I], (d) => durationString(roundDuration(GoTime.now().sub(asTime(d, false)), SECOND)), { result: 'string' }),
  date: goFunc(['string', I], (f: string, d) => dateInZone(f, d, 'Local'), { result: 'string' }),
  date_in_zone: goFunc(['string', I, 'string'], dateInZone, { result: 'string' }),
  dateInZone: goFunc(['string', I, 'string'], dateInZone, { result: 'string' }),
  date_modify: goFunc(['string', I], dateModify(false), { result: T }),
  dateModify: goFunc(['string', I], dateModify(false), { result: T }),
  must_date_modify: goFunc(['string', I], dateModify(true), { result: T, returnsError: true }),
  mustDateModify: goFunc(['string', I], dateModify(true), { result: T, returnsError: true }),
  duration: goFunc([I], duration, { result: 'string' }),
  durationRound: goFunc([I], durationRound, { result: 'string' }),
  htmlDate: goFunc([I], (d) => dateInZone('2006-01-02', d, 'Local'), { result: 'string' }),
  htmlDateInZone: goFunc([I, 'string'], (d, z: string) => dateInZone('2006-01-02', d, z), { result: 'string' }),
  now: goFunc([], () => GoTime.now(), { result: T }),
  toDate: goFunc(['string', 'string'], toDate(false), { result: T }),
  mustToDate: goFunc(['string', 'string'], toDate(true), { result: T, returnsError: true }),
  unixEpoch: goFunc([I], (d) => String(timeArg(d).unix()), { result: 'string' }),
};

