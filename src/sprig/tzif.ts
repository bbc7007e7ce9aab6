// Time zones the way Go's time package loads them on Linux: TZif files from the system zoneinfo directories
// (names are case-sensitive files; a missing file is an error), transitions, and the POSIX TZ footer rule for
// instants after the last transition.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ZoneType {
  name: string;
  offset: number;
  isDST: boolean;
}

export interface Zone {
  types: ZoneType[];
  /** Transition instants (unix seconds) and the type index in force from each. */
  when: number[];
  index: number[];
  /** POSIX TZ rule for instants after the last transition ("" when absent). */
  extend: string;
}

const SOURCES = ['/usr/share/zoneinfo/', '/usr/share/lib/zoneinfo/', '/usr/lib/locale/TZ/', '/etc/zoneinfo/'];
const cache = new Map<string, Zone | undefined>();

/** Parse a TZif file (v1 or the 64-bit v2+ block with its footer). */
export function parseTzif(b: Buffer): Zone {
  if (b.toString('latin1', 0, 4) !== 'TZif') throw new Error('bad TZif');
  const version = b[4]!;
  const counts = (off: number) => [0, 1, 2, 3, 4, 5].map((i) => b.readUInt32BE(off + 20 + i * 4)) as [number, number, number, number, number, number];
  let off = 0;
  let [isut, isstd, leap, timecnt, typecnt, charcnt] = counts(0);
  let timeSize = 4;
  if (version >= 0x32) {
    off = 44 + timecnt * 4 + timecnt + typecnt * 6 + charcnt + leap * 8 + isstd + isut;
    [isut, isstd, leap, timecnt, typecnt, charcnt] = counts(off);
    timeSize = 8;
  }
  let p = off + 44;
  const when: number[] = [];
  for (let i = 0; i < timecnt; i++, p += timeSize) when.push(timeSize === 8 ? Number(b.readBigInt64BE(p)) : b.readInt32BE(p));
  const index = [...b.subarray(p, p + timecnt)];
  p += timecnt;
  const raw: { offset: number; isDST: boolean; abbr: number }[] = [];
  for (let i = 0; i < typecnt; i++, p += 6) raw.push({ offset: b.readInt32BE(p), isDST: b[p + 4] !== 0, abbr: b[p + 5]! });
  const chars = b.subarray(p, p + charcnt);
  p += charcnt + leap * (timeSize + 4) + isstd + isut;
  const types = raw.map((t) => {
    const end = chars.indexOf(0, t.abbr);
    return { name: chars.toString('latin1', t.abbr, end < 0 ? undefined : end), offset: t.offset, isDST: t.isDST };
  });
  let extend = '';
  if (timeSize === 8 && b[p] === 0x0a) {
    const end = b.indexOf(0x0a, p + 1);
    if (end > p) extend = b.toString('latin1', p + 1, end);
  }
  return { types, when, index, extend };
}

/** time.LoadLocation's file lookup; undefined when Go would report an error. */
export function loadZone(name: string): Zone | undefined {
  if (cache.has(name)) return cache.get(name);
  let zone: Zone | undefined;
  if (!(name.includes('..') || name.startsWith('/') || name.includes('\\'))) {
    const dirs = process.env.ZONEINFO ? [process.env.ZONEINFO, ...SOURCES] : SOURCES;
    for (const dir of dirs) {
      try {
        zone = parseTzif(readFileSync(join(dir, name)));
        break;
      } catch {
        zone = undefined;
      }
    }
  }
  cache.set(name, zone);
  return zone;
}

/** The system's local zone (TZ, else /etc/localtime), as Go's initLocal picks it; undefined means UTC. */
export function localZone(): Zone | undefined {
  const tz = process.env.TZ;
  if (tz === undefined) {
    if (!cache.has('\0local')) {
      let z: Zone | undefined;
      try {
        z = parseTzif(readFileSync('/etc/localtime'));
      } catch {
        z = undefined;
      }
      cache.set('\0local', z);
    }
    return cache.get('\0local');
  }
  const name = tz.startsWith(':') ? tz.slice(1) : tz;
  if (name === '' || name === 'UTC') return loadZone('UTC');
  return loadZone(name);
}

/** Zone name and offset at an instant (Location.lookup). */
export function lookup(z: Zone, sec: number): { name: string; offset: number } {
  if (z.when.length === 0 || sec < z.when[0]!) {
    const t = z.types[firstZone(z)] ?? { name: 'UTC', offset: 0 };
    return { name: t.name, offset: t.offset };
  }
  let lo = 0;
  let hi = z.when.length;
  while (hi - lo > 1) {
    const m = (lo + hi) >> 1;
    if (sec < z.when[m]!) hi = m;
    else lo = m;
  }
  const t = z.types[z.index[lo]!]!;
  if (lo === z.when.length - 1 && z.extend !== '') {
    const r = tzset(z.extend, sec);
    if (r) return r;
  }
  return { name: t.name, offset: t.offset };
}

/** lookupFirstZone: the zone in force before the first transition. */
function firstZone(z: Zone): number {
  if (!z.index.includes(0)) return 0;
  if (z.index.length > 0 && z.types[z.index[0]!]!.isDST) {
    for (let i = z.index[0]! - 1; i >= 0; i--) if (!z.types[i]!.isDST) return i;
  }
  for (let i = 0; i < z.types.length; i++) if (!z.types[i]!.isDST) return i;
  return 0;
}

// ---- POSIX TZ rules (time.tzset) ----

function tzName(s: string): [string, string] | undefined {
  if (s.startsWith('<')) {
    const end = s.indexOf('>');
    return end < 0 ? undefined : [s.slice(1, end), s.slice(end + 1)];
  }
  const m = /^[^0-9,+-]{3,}/.exec(s);
  return m ? [m[0], s.slice(m[0].length)] : undefined;
}

/** [+-]hh[:mm[:ss]] in seconds. */
function tzOffset(s: string): [number, string] | undefined {
  const m = /^([+-]?)(\d{1,3})(?::(\d\d))?(?::(\d\d))?/.exec(s);
  if (!m) return undefined;
  const v = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return [m[1] === '-' ? -v : v, s.slice(m[0].length)];
}

interface Rule {
  kind: 'J' | 'N' | 'M';
  day: number;
  week: number;
  mon: number;
  time: number;
}

function tzRule(s: string): [Rule, string] | undefined {
  let m: RegExpExecArray | null;
  let r: Rule;
  if ((m = /^J(\d+)/.exec(s))) r = { kind: 'J', day: Number(m[1]), week: 0, mon: 0, time: 7200 };
  else if ((m = /^M(\d+)\.(\d)\.(\d)/.exec(s))) r = { kind: 'M', mon: Number(m[1]), week: Number(m[2]), day: Number(m[3]), time: 7200 };
  else if ((m = /^(\d+)/.exec(s))) r = { kind: 'N', day: Number(m[1]), week: 0, mon: 0, time: 7200 };
  else return undefined;
  let rest = s.slice(m[0].length);
  if (rest.startsWith('/')) {
    const o = tzOffset(rest.slice(1));
    if (!o) return undefined;
    [r.time, rest] = o;
  }
  return [r, rest];
}

const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

/** Seconds since the start of the year at which the rule fires (before applying the offset). */
function ruleTime(year: number, r: Rule, off: number): number {
  let s: number;
  if (r.kind === 'J') s = (r.day - 1 + (isLeap(year) && r.day >= 60 ? 1 : 0)) * 86400;
  else if (r.kind === 'N') s = r.day * 86400;
  else {
    const monthDays = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    const m1 = ((r.mon + 9) % 12) + 1;
    const yy0 = r.mon <= 2 ? year - 1 : year;
    const yy1 = Math.floor(yy0 / 100);
    const yy2 = yy0 % 100;
    let dow = (Math.floor((26 * m1 - 2) / 10) + 1 + yy2 + Math.floor(yy2 / 4) + Math.floor(yy1 / 4) - 2 * yy1) % 7;
    if (dow < 0) dow += 7;
    let d = r.day - dow;
    if (d < 0) d += 7;
    for (let i = 1; i < r.week; i++) {
      if (d + 7 >= monthDays[r.mon - 1]!) break;
      d += 7;
    }
    d += monthDays.slice(0, r.mon - 1).reduce((a, b) => a + b, 0);
    s = d * 86400;
  }
  return s + r.time - off;
}

/** time.tzset: zone for `sec` from a POSIX TZ string; undefined when the string does not parse. */
export function tzset(tz: string, sec: number): { name: string; offset: number } | undefined {
  const std = tzName(tz);
  if (!std) return undefined;
  const so = tzOffset(std[1]);
  if (!so) return undefined;
  const stdName = std[0];
  const stdOffset = -so[0];
  let rest = so[1];
  if (rest === '') return { name: stdName, offset: stdOffset };
  const dst = tzName(rest);
  if (!dst) return undefined;
  rest = dst[1];
  let dstOffset = stdOffset + 3600;
  if (rest !== '' && rest[0] !== ',') {
    const o = tzOffset(rest);
    if (!o) return undefined;
    dstOffset = -o[0];
    rest = o[1];
  }
  if (rest === '') rest = ',M3.2.0,M11.1.0';
  if (rest[0] !== ',') return undefined;
  const start = tzRule(rest.slice(1));
  if (!start || !start[1].startsWith(',')) return undefined;
  const end = tzRule(start[1].slice(1));
  if (!end || end[1] !== '') return undefined;
  const days = Math.floor(sec / 86400);
  const year = new Date(days * 86400000).getUTCFullYear();
  const yearStart = Date.UTC(year, 0, 1) / 1000;
  const ysec = sec - yearStart;
  const startSec = ruleTime(year, start[0], stdOffset);
  const endSec = ruleTime(year, end[0], dstOffset);
  const inDst = startSec < endSec ? ysec >= startSec && ysec < endSec : !(ysec >= endSec && ysec < startSec);
  return inDst ? { name: dst[0], offset: dstOffset } : { name: stdName, offset: stdOffset };
}
