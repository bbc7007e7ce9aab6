// Go's time.Time for templates: an instant (unix seconds + nanoseconds) in a Location, Go layout formatting and
// parsing, and String() as fmt prints it. Zone offsets come from Intl (the same tz database Go reads).
import { GoNumber, GoStruct, type GoFunc } from '../gotemplate/values.js';
import { quote as goQuote } from '../gotemplate/strconv.js';
import { loadZone, localZone, lookup } from './tzif.js';

export type Location = { kind: 'utc' } | { kind: 'local' } | { kind: 'iana'; name: string } | { kind: 'fixed'; name: string; offset: number };

export const UTC: Location = { kind: 'utc' };
export const LOCAL: Location = { kind: 'local' };

/** time.LoadLocation: undefined when Go would fail (no such zoneinfo file). */
export function loadLocation(name: string): Location | undefined {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return LOCAL;
  return loadZone(name) ? { kind: 'iana', name } : undefined;
}

/** Zone abbreviation and offset (seconds east of UTC) of a location at an instant. */
export function zoneAt(loc: Location, sec: number): { abbr: string; offset: number } {
  if (loc.kind === 'utc') return { abbr: 'UTC', offset: 0 };
  if (loc.kind === 'fixed') return { abbr: loc.name, offset: loc.offset };
  const zone = loc.kind === 'local' ? localZone() : loadZone(loc.name);
  if (!zone) return { abbr: 'UTC', offset: 0 };
  const { name, offset } = lookup(zone, sec);
  return { abbr: name, offset };
}

function numericAbbr(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  const h = Math.floor(a / 3600);
  const mnt = Math.floor((a % 3600) / 60);
  return sign + pad(h, 2) + (mnt ? pad(mnt, 2) : '');
}

const pad = (n: number, w: number, c = '0') => String(n).padStart(w, c);

// ---- civil calendar (proleptic Gregorian, days since 1970-01-01) ----

function civilFromDays(z: number): { y: number; m: number; d: number } {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  nsec: number;
  wday: number;
  yday: number;
  abbr: string;
  offset: number;
}

export class GoTime extends GoStruct {
  readonly goType = 'time.Time';
  constructor(
    readonly sec: number,
    readonly nsec: number,
    readonly loc: Location = LOCAL,
    /** Monotonic clock reading in seconds (only for time.Now()), printed by String() as `m=+…`. */
    readonly mono?: number,
  ) {
    super();
  }

  static zero(): GoTime {
    return new GoTime(-62135596800, 0, UTC);
  }

  static now(): GoTime {
    const ns = process.hrtime.bigint();
    const ms = Date.now();
    return new GoTime(Math.floor(ms / 1000), (ms % 1000) * 1_000_000 + Number(ns % 1_000_000n), LOCAL, Number(ns) / 1e9);
  }

  in(loc: Location): GoTime {
    return new GoTime(this.sec, this.nsec, loc);
  }

  unix(): number {
    return this.sec;
  }

  /** t.Add(d) keeps the location (and the monotonic reading). */
  add(ns: bigint): GoTime {
    const total = BigInt(this.sec) * 1_000_000_000n + BigInt(this.nsec) + ns;
    const sec = total / 1_000_000_000n - (total % 1_000_000_000n < 0n ? 1n : 0n);
    return new GoTime(Number(sec), Number(total - sec * 1_000_000_000n), this.loc, this.mono === undefined ? undefined : this.mono + Number(ns) / 1e9);
  }

  /** Nanoseconds from other to this. */
  sub(other: GoTime): bigint {
    return (BigInt(this.sec) - BigInt(other.sec)) * 1_000_000_000n + BigInt(this.nsec - other.nsec);
  }

  fields(): Fields {
    const { abbr, offset } = zoneAt(this.loc, this.sec);
    const local = this.sec + offset;
    const days = Math.floor(local / 86400);
    const secOfDay = local - days * 86400;
    const { y, m, d } = civilFromDays(days);
    return {
      year: y, month: m, day: d,
      hour: Math.floor(secOfDay / 3600), min: Math.floor((secOfDay % 3600) / 60), sec: secOfDay % 60, nsec: this.nsec,
      wday: (((days + 4) % 7) + 7) % 7, yday: days - daysFromCivil(y, 1, 1) + 1, abbr, offset,
    };
  }

  format(layout: string): string {
    return formatTime(this.fields(), layout);
  }

  override stringer(): string {
    let s = this.format('2006-01-02 15:04:05.999999999 -0700 MST');
    if (this.mono !== undefined) s += ` m=+${this.mono.toFixed(9)}`;
    return s;
  }

  formatV(): string {
    return this.stringer();
  }

  field(): undefined {
    return undefined;
  }

  override method(name: string): GoFunc | undefined {
    const f = this.fields();
    const simple: Record<string, () => unknown> = {
      Unix: () => new GoNumber('int64', BigInt(this.sec)), Year: () => BigInt(f.year), Day: () => BigInt(f.day), Hour: () => BigInt(f.hour),
      Minute: () => BigInt(f.min), Second: () => BigInt(f.sec), Nanosecond: () => BigInt(f.nsec), YearDay: () => BigInt(f.yday),
      UTC: () => this.in(UTC), Local: () => this.in(LOCAL), String: () => this.stringer(), IsZero: () => this.sec === -62135596800 && this.nsec === 0,
    };
    if (name === 'Format') return { params: ['string'], fn: (l: string) => this.format(l), result: 'string' };
    const f0 = simple[name];
    return f0 ? { params: [], fn: f0 } : undefined;
  }

  toJSONValue(): string {
    return this.format('2006-01-02T15:04:05.999999999Z07:00');
  }
}

// ---- layouts ----

type Std =
  | 'Jan' | 'January' | 'Mon' | 'Monday' | 'MST' | '01' | '02' | '03' | '04' | '05' | '06' | '002' | '15' | '1' | '2' | '2006'
  | '_2' | '__2' | '3' | '4' | '5' | 'PM' | 'pm' | '-070000' | '-07:00:00' | '-0700' | '-07:00' | '-07'
  | 'Z070000' | 'Z07:00:00' | 'Z0700' | 'Z07:00' | 'Z07' | 'frac0' | 'frac9';

interface Chunk {
  prefix: string;
  std?: Std;
  /** Digits of a fractional-second token, and its separator. */
  digits?: number;
  sep?: string;
}

const isDigitAt = (s: string, i: number) => i < s.length && s[i]! >= '0' && s[i]! <= '9';

/** Split a layout into literal prefixes and std tokens (time.nextStdChunk). */
function chunks(layout: string): Chunk[] {
  const out: Chunk[] = [];
  let rest = layout;
  let i = 0;
  const emit = (std: Std, len: number, extra: Partial<Chunk> = {}) => {
    out.push({ prefix: rest.slice(0, i), std, ...extra });
    rest = rest.slice(i + len);
    i = 0;
  };
  while (i < rest.length) {
    const s = rest.slice(i);
    const c = rest[i]!;
    const starts = (p: string) => s.startsWith(p);
    if (c === 'J' && starts('Jan')) {
      starts('January') ? emit('January', 7) : emit('Jan', 3);
      continue;
    }
    if (c === 'M') {
      if (starts('Monday')) { emit('Monday', 6); continue; }
      if (starts('Mon')) { emit('Mon', 3); continue; }
      if (starts('MST')) { emit('MST', 3); continue; }
    }
    if (c === '0' && s.length >= 2 && s[1]! >= '1' && s[1]! <= '6') {
      emit(s.slice(0, 2) as Std, 2);
      continue;
    }
    if (c === '0' && starts('002')) { emit('002', 3); continue; }
    if (c === '1') {
      starts('15') ? emit('15', 2) : emit('1', 1);
      continue;
    }
    if (c === '2') {
      starts('2006') ? emit('2006', 4) : emit('2', 1);
      continue;
    }
    if (c === '_') {
      if (starts('_2')) {
        if (starts('_2006')) {
          i += 1;
          emit('2006', 4);
          continue;
        }
        emit('_2', 2);
        continue;
      }
      if (starts('__2')) { emit('__2', 3); continue; }
    }
    if (c === '3' || c === '4' || c === '5') { emit(c as Std, 1); continue; }
    if (c === 'P' && starts('PM')) { emit('PM', 2); continue; }
    if (c === 'p' && starts('pm')) { emit('pm', 2); continue; }
    if (c === '-' || c === 'Z') {
      const opts = ['070000', '07:00:00', '0700', '07:00', '07'].map((x) => c + x);
      const hit = opts.find((o) => starts(o));
      if (hit) { emit(hit as Std, hit.length); continue; }
    }
    if ((c === '.' || c === ',') && (s[1] === '0' || s[1] === '9')) {
      const ch = s[1];
      let j = 1;
      while (j < s.length && s[j] === ch) j++;
      if (!isDigitAt(s, j)) {
        emit(ch === '0' ? 'frac0' : 'frac9', j, { digits: j - 1, sep: c });
        continue;
      }
    }
    i++;
  }
  if (rest !== '') out.push({ prefix: rest });
  return out;
}

function tzText(std: Std, offset: number, abbr: string): string {
  if (std === 'MST') {
    if (abbr !== '') return abbr;
    return numericAbbr(offset);
  }
  if (std.startsWith('Z') && offset === 0) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  const h = pad(Math.floor(a / 3600), 2);
  const m = pad(Math.floor((a % 3600) / 60), 2);
  const s = pad(a % 60, 2);
  const body = std.slice(1);
  if (body === '07') return sign + h;
  if (body === '0700') return sign + h + m;
  if (body === '07:00') return `${sign}${h}:${m}`;
  if (body === '070000') return sign + h + m + s;
  return `${sign}${h}:${m}:${s}`;
}

function formatTime(f: Fields, layout: string): string {
  let out = '';
  for (const ch of chunks(layout)) {
    out += ch.prefix;
    if (!ch.std) continue;
    const h12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
    switch (ch.std) {
      case 'Jan': out += MONTHS[f.month - 1]!.slice(0, 3); break;
      case 'January': out += MONTHS[f.month - 1]; break;
      case 'Mon': out += DAYS[f.wday]!.slice(0, 3); break;
      case 'Monday': out += DAYS[f.wday]; break;
      case '01': out += pad(f.month, 2); break;
      case '1': out += f.month; break;
      case '02': out += pad(f.day, 2); break;
      case '_2': out += pad(f.day, 2, ' '); break;
      case '2': out += f.day; break;
      case '002': out += pad(f.yday, 3); break;
      case '__2': out += pad(f.yday, 3, ' '); break;
      case '06': out += pad(((f.year % 100) + 100) % 100, 2); break;
      case '2006': out += f.year < 0 ? '-' + pad(-f.year, 4) : pad(f.year, 4); break;
      case '15': out += pad(f.hour, 2); break;
      case '3': out += h12; break;
      case '03': out += pad(h12, 2); break;
      case '4': out += f.min; break;
      case '04': out += pad(f.min, 2); break;
      case '5': out += f.sec; break;
      case '05': out += pad(f.sec, 2); break;
      case 'PM': out += f.hour >= 12 ? 'PM' : 'AM'; break;
      case 'pm': out += f.hour >= 12 ? 'pm' : 'am'; break;
      case 'frac0':
      case 'frac9': {
        const digits = pad(f.nsec, 9).slice(0, ch.digits);
        if (ch.std === 'frac0') out += ch.sep + digits;
        else {
          const trimmed = digits.replace(/0+$/, '');
          if (trimmed !== '') out += ch.sep + trimmed;
        }
        break;
      }
      default:
        out += tzText(ch.std, f.offset, f.abbr);
    }
  }
  return out;
}

// ---- parsing (time.ParseInLocation) ----

export class TimeParseError extends Error {}

function parseErr(value: string, layout: string, valueElem: string, layoutElem: string, msg = ''): TimeParseError {
  if (msg) return new TimeParseError(`parsing time ${goQuote(value)}${msg}`);
  return new TimeParseError(`parsing time ${goQuote(value)} as ${goQuote(layout)}: cannot parse ${goQuote(valueElem)} as ${goQuote(layoutElem)}`);
}

function lookupName(table: string[], v: string): [number, string] | undefined {
  for (let i = 0; i < table.length; i++) {
    const name = table[i]!;
    if (v.length >= name.length && v.slice(0, name.length).toLowerCase() === name.toLowerCase()) return [i, v.slice(name.length)];
  }
  return undefined;
}

/** time.ParseInLocation for the layout elements Go supports. */
export function parseTime(layout: string, value: string, loc: Location): GoTime {
  let v = value;
  let year = 1, month = -1, day = -1, yday = -1, hour = 0, min = 0, sec = 0, nsec = 0;
  let pmSet = false, amSet = false;
  let zoneOffset: number | undefined;
  let zoneName: string | undefined;
  const num = (fixed: boolean, width = 2): number | undefined => {
    const m = new RegExp(`^\\d{1,${width}}`).exec(v);
    if (!m || (fixed && m[0].length < width)) return undefined;
    v = v.slice(m[0].length);
    return Number(m[0]);
  };
  const all = chunks(layout);
  for (const [idx, ch] of all.entries()) {
    if (!v.startsWith(ch.prefix)) throw parseErr(value, layout, v, ch.prefix);
    v = v.slice(ch.prefix.length);
    if (!ch.std) continue;
    const before = v;
    const fail = (): never => {
      throw parseErr(value, layout, before, ch.std === 'frac0' || ch.std === 'frac9' ? ch.sep! + (ch.std === 'frac0' ? '0' : '9').repeat(ch.digits!) : ch.std!);
    };
    const range = (what: string): never => {
      throw parseErr(value, layout, '', '', `: ${what} out of range`);
    };
    switch (ch.std) {
      case '2006': {
        const m = /^\d{4}/.exec(v) ?? fail();
        year = Number(m[0]);
        v = v.slice(4);
        break;
      }
      case '06': {
        const y = num(true) ?? fail();
        year = y >= 69 ? 1900 + y : 2000 + y;
        break;
      }
      case 'Jan':
      case 'January': {
        const table = ch.std === 'Jan' ? MONTHS.map((x) => x.slice(0, 3)) : MONTHS;
        const r = lookupName(table, v) ?? fail();
        month = r[0] + 1;
        v = r[1];
        break;
      }
      case 'Mon':
      case 'Monday': {
        const r = lookupName(ch.std === 'Mon' ? DAYS.map((x) => x.slice(0, 3)) : DAYS, v) ?? fail();
        v = r[1];
        break;
      }
      case '01':
      case '1':
        month = num(ch.std === '01') ?? fail();
        if (month < 1 || month > 12) range('month');
        break;
      case '02':
      case '_2':
      case '2':
        if (ch.std === '_2' && v.startsWith(' ')) v = v.slice(1);
        day = num(ch.std === '02') ?? fail();
        break;
      case '002':
      case '__2':
        if (ch.std === '__2') v = v.replace(/^ {1,2}/, '');
        yday = num(ch.std === '002', 3) ?? fail();
        break;
      case '15':
        hour = num(false) ?? fail();
        if (hour > 23) range('hour');
        break;
      case '3':
      case '03':
        hour = num(ch.std === '03') ?? fail();
        if (hour > 12) range('hour');
        break;
      case '4':
      case '04':
        min = num(ch.std === '04') ?? fail();
        if (min > 59) range('minute');
        break;
      case '5':
      case '05': {
        sec = num(ch.std === '05') ?? fail();
        if (sec > 59) range('second');
        // A fractional second in the value is accepted even when the layout has none right after.
        const next = all[idx + 1];
        const m = /^[.,](\d+)/.exec(v);
        if (m && !(next && next.prefix === '' && (next.std === 'frac0' || next.std === 'frac9'))) {
          nsec = Number((m[1]! + '000000000').slice(0, 9));
          v = v.slice(m[0].length);
        }
        break;
      }
      case 'PM':
      case 'pm': {
        const p = v.slice(0, 2);
        const up = ch.std === 'PM' ? p : p.toUpperCase();
        if (up === 'PM') pmSet = true;
        else if (up === 'AM') amSet = true;
        else fail();
        v = v.slice(2);
        break;
      }
      case 'frac0':
      case 'frac9': {
        if (ch.std === 'frac0') {
          const m = new RegExp(`^[.,](\\d{${ch.digits}})`).exec(v) ?? fail();
          nsec = Number((m[1]! + '000000000').slice(0, 9));
          v = v.slice(m[0].length);
        } else {
          const m = /^[.,](\d+)/.exec(v);
          if (m) {
            nsec = Number((m[1]! + '000000000').slice(0, 9));
            v = v.slice(m[0].length);
          }
        }
        break;
      }
      case 'MST': {
        const m = /^(UTC|[A-Z]{3,5}T?|[+-]\d\d(\d\d)?)/.exec(v) ?? fail();
        zoneName = m[0];
        v = v.slice(m[0].length);
        break;
      }
      default: {
        if (ch.std.startsWith('Z') && v.startsWith('Z')) {
          v = v.slice(1);
          zoneOffset = 0;
          zoneName = 'UTC';
          break;
        }
        const body = ch.std.slice(1);
        const pattern = body.replace(/0/g, '\\d').replace(/7/g, '\\d');
        const m = new RegExp(`^[+-]${pattern}`).exec(v) ?? fail();
        const digits = m[0].slice(1).replace(/:/g, '');
        const h = Number(digits.slice(0, 2));
        const mm = Number(digits.slice(2, 4) || '0');
        const ss = Number(digits.slice(4, 6) || '0');
        zoneOffset = (m[0][0] === '-' ? -1 : 1) * (h * 3600 + mm * 60 + ss);
        v = v.slice(m[0].length);
      }
    }
  }
  if (v !== '') throw parseErr(value, layout, '', '', `: extra text: ${goQuote(v)}`);
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;
  if (yday >= 0) {
    const max = isLeap(year) ? 366 : 365;
    if (yday < 1 || yday > max) range2(value, 'day-of-year');
    const dd = daysFromCivil(year, 1, 1) + yday - 1;
    const c = civilFromDays(dd);
    if (month >= 0 && month !== c.m) range2(value, 'day-of-year');
    month = c.m;
    if (day >= 0 && day !== c.d) range2(value, 'day-of-year');
    day = c.d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  const monthDays = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  if (day < 1 || day > monthDays) range2(value, 'day');
  const wall = daysFromCivil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec;
  if (zoneOffset !== undefined) {
    const t = new GoTime(wall - zoneOffset, nsec, loc);
    // Go keeps loc when it has that offset at that instant; otherwise a fixed zone.
    if (zoneAt(loc, t.sec).offset === zoneOffset) return t;
    return new GoTime(wall - zoneOffset, nsec, zoneOffset === 0 && zoneName === 'UTC' ? UTC : { kind: 'fixed', name: '', offset: zoneOffset });
  }
  if (zoneName !== undefined) {
    if (zoneName === 'UTC') return new GoTime(wall, nsec, UTC);
    const guess = new GoTime(wall, nsec, loc);
    const z = zoneAt(loc, wall);
    if (z.abbr === zoneName) return new GoTime(wall - z.offset, nsec, loc);
    return new GoTime(guess.sec, nsec, { kind: 'fixed', name: zoneName, offset: 0 });
  }
  // Wall clock in loc: the offset valid at the resulting instant.
  let off = zoneAt(loc, wall).offset;
  off = zoneAt(loc, wall - off).offset;
  return new GoTime(wall - off, nsec, loc);
}

function range2(value: string, what: string): never {
  throw new TimeParseError(`parsing time ${goQuote(value)}: ${what} out of range`);
}
