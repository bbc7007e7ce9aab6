// Masterminds/semver v3: NewVersion (lenient "1.2" / "v1" forms), precedence, and NewConstraint/Check with its
// operators (=, !=, >, <, >=, <=, ~, ~>, ^, x-ranges, hyphen ranges, || and AND lists).
import { GoNumber, GoStruct, type FuncMap, type GoFunc } from '../gotemplate/values.js';
import { goFunc } from './define.js';

const VERSION_RE = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

export class SemverVersion extends GoStruct {
  readonly goType = '*semver.Version';
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly pre: string,
    readonly metadata: string,
    readonly original: string,
  ) {
    super();
  }

  static parse(v: string): SemverVersion {
    const m = VERSION_RE.exec(v);
    if (!m) throw new Error('Invalid Semantic Version');
    const num = (s: string | undefined) => {
      const n = BigInt((s ?? '0').replace('.', '') || '0');
      if (n >= 2n ** 64n) throw new Error('Invalid Semantic Version');
      return n;
    };
    const pre = m[5] ?? '';
    if (pre !== '') {
      for (const id of pre.split('.')) if (/^\d+$/.test(id) && id.length > 1 && id[0] === '0') throw new Error('Version segment starts with 0');
    }
    return new SemverVersion(num(m[1]), num(m[2]), num(m[3]), pre, m[8] ?? '', v);
  }

  compare(o: SemverVersion): number {
    for (const [a, b] of [[this.major, o.major], [this.minor, o.minor], [this.patch, o.patch]] as const) if (a !== b) return a < b ? -1 : 1;
    return comparePrerelease(this.pre, o.pre);
  }

  override stringer(): string {
    return `${this.major}.${this.minor}.${this.patch}${this.pre ? '-' + this.pre : ''}${this.metadata ? '+' + this.metadata : ''}`;
  }

  formatV(): string {
    return this.stringer();
  }

  field(): undefined {
    return undefined;
  }

  override method(name: string): GoFunc | undefined {
    const u64 = (n: bigint) => new GoNumber('uint64', n);
    const nullary: Record<string, () => unknown> = {
      Major: () => u64(this.major), Minor: () => u64(this.minor), Patch: () => u64(this.patch),
      Prerelease: () => this.pre, Metadata: () => this.metadata, Original: () => this.original, String: () => this.stringer(),
    };
    if (nullary[name]) return { params: [], fn: nullary[name] };
    const cmp: Record<string, (c: number) => unknown> = {
      Compare: (c) => BigInt(c), LessThan: (c) => c < 0, GreaterThan: (c) => c > 0, Equal: (c) => c === 0,
    };
    const f = cmp[name];
    if (!f) return undefined;
    return {
      params: ['interface{}'],
      fn: (o: unknown) => {
        if (!(o instanceof SemverVersion)) throw new Error(`wrong type for value; expected *semver.Version; got ${typeof o}`);
        return f(this.compare(o));
      },
    };
  }

  toJSONValue(): string {
    return this.stringer();
  }
}

function comparePrerelease(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) return BigInt(x) < BigInt(y) ? -1 : 1;
    if (xn) return -1;
    if (yn) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

// ---- constraints ----

const CV = 'v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
const OPS = '=|!=|>|<|>=|=>|<=|=<|~|~>|\\^';
const constraintRe = new RegExp(`^\\s*(${OPS.split('|').sort((a, b) => b.length - a.length).join('|')})?\\s*(${CV})\\s*$`);
const findRe = new RegExp(`(${OPS.split('|').sort((a, b) => b.length - a.length).join('|')})?\\s*(${CV})`, 'g');
const validRe = new RegExp(`^(\\s*(${OPS})?\\s*(${CV})\\s*\\,?)+$`);
const rangeRe = new RegExp(`\\s*(${CV})\\s+-\\s+(${CV})\\s*`, 'g');

interface Constraint {
  op: string;
  con: SemverVersion;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

const isX = (s: string) => s === 'x' || s === 'X' || s === '*';

function parseConstraint(text: string): Constraint {
  const m = constraintRe.exec(text);
  if (!m) throw new Error(`improper constraint: ${text}`);
  const op = m[1] ?? '';
  const [major, minor = '', patch = '', preGroup = ''] = [m[3]!, m[4], m[5], m[6]];
  let ver = m[2]!;
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(major)) {
    ver = '0.0.0';
    dirty = true;
  } else if (minor === '' || isX(minor.slice(1))) {
    minorDirty = dirty = true;
    ver = `${major}.0.0${preGroup}`;
  } else if (patch === '' || isX(patch.slice(1))) {
    patchDirty = dirty = true;
    ver = `${major}${minor}.0${preGroup}`;
  }
  return { op, con: SemverVersion.parse(ver), dirty, minorDirty, patchDirty };
}

function check(c: Constraint, v: SemverVersion): boolean {
  const { con } = c;
  if (v.pre !== '' && con.pre === '') return false;
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde(c, v) : v.compare(con) === 0;
    case '!=':
      if (c.dirty) {
        if (con.major !== v.major) return true;
        if (c.minorDirty) return false;
        if (con.minor !== v.minor) return true;
        return false;
      }
      return v.compare(con) !== 0;
    case '>':
      if (!c.dirty) return v.compare(con) > 0;
      if (v.major > con.major) return true;
      if (v.major < con.major || c.minorDirty) return false;
      return v.minor > con.minor;
    case '<':
      return v.compare(con) < 0;
    case '>=':
    case '=>':
      return v.compare(con) >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) return v.compare(con) <= 0;
      if (v.major > con.major) return false;
      if (v.major === con.major && v.minor > con.minor && !c.minorDirty) return false;
      return true;
    case '~':
    case '~>':
      return tilde(c, v);
    case '^':
      if (v.compare(con) < 0) return false;
      if (con.major > 0n || c.minorDirty) return v.major === con.major;
      if (v.major > 0n) return false;
      if (con.minor > 0n || c.patchDirty) return v.minor === con.minor;
      return v.minor === con.minor && v.patch === con.patch;
  }
  return false;
}

function tilde(c: Constraint, v: SemverVersion): boolean {
  const { con } = c;
  if (v.compare(con) < 0) return false;
  if (con.major === 0n && con.minor === 0n && con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== con.major) return false;
  if (v.minor !== con.minor && !c.minorDirty) return false;
  return true;
}

/** semver.NewConstraint: OR of AND-lists. */
export function parseConstraints(text: string): Constraint[][] {
  const rewritten = text.replace(rangeRe, (_all, a: string, ...rest: unknown[]) => ` >= ${a}, <= ${rest[9] as string} `);
  return rewritten.split('||').map((part) => {
    if (!validRe.test(part)) throw new Error(`improper constraint: ${text}`);
    return [...part.matchAll(findRe)].map((m) => parseConstraint(m[0]));
  });
}

export function satisfies(constraints: Constraint[][], v: SemverVersion): boolean {
  return constraints.some((and) => and.every((c) => check(c, v)));
}


export const semverFuncs: FuncMap = {
  semver: goFunc(['string'], (v: string) => SemverVersion.parse(v), { returnsError: true, result: '*semver.Version' }),
  semverCompare: goFunc(['string', 'string'], (c: string, v: string) => satisfies(parseConstraints(c), SemverVersion.parse(v)), { returnsError: true, result: 'bool' }),
};
