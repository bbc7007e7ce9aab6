// Sprig's environment-facing functions: randomness (crypto-grade, like goutils' CryptoRandom*), UUIDs, fail,
// env/expandenv (Helm removes these two) and getHostByName.
import { execFileSync } from 'node:child_process';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { FuncMap } from '../gotemplate/values.js';
import { intArg } from './cast.js';
import { goFunc } from './define.js';
import { runes } from './gobytes.js';
import { fromRunes } from './unicode.js';

const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

function randomFrom(alphabet: string, count: unknown): string {
  const n = intArg(count);
  // goutils reports a negative count as an error, which Sprig discards: the result is "".
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

function shuffle(s: string): string {
  const rs = runes(s);
  for (let i = rs.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [rs[i], rs[j]] = [rs[j]!, rs[i]!];
  }
  return fromRunes(rs);
}

/** os.ExpandEnv: `${name}`, `$name`, shell specials; bad `${` syntax is eaten. */
export function expandEnv(s: string, getenv: (k: string) => string = (k) => process.env[k] ?? ''): string {
  let out = '';
  let i = 0;
  for (let j = 0; j < s.length; j++) {
    if (s[j] !== '$' || j + 1 >= s.length) continue;
    out += s.slice(i, j);
    const [name, w] = shellName(s.slice(j + 1));
    if (name === '' && w > 0) {
      // Invalid syntax: eaten.
    } else if (name === '') out += '$';
    else out += getenv(name);
    j += w;
    i = j + 1;
  }
  return i === 0 ? s : out + s.slice(i);
}

function shellName(s: string): [string, number] {
  const special = (c: string | undefined) => c !== undefined && /[*#$@!?\-0-9]/.test(c);
  if (s[0] === '{') {
    if (s.length > 2 && special(s[1]) && s[2] === '}') return [s[1]!, 3];
    for (let i = 1; i < s.length; i++) if (s[i] === '}') return i === 1 ? ['', 2] : [s.slice(1, i), i + 1];
    return ['', 1];
  }
  if (special(s[0])) return [s[0]!, 1];
  const m = /^[A-Za-z0-9_]*/.exec(s)!;
  return [m[0], m[0].length];
}

/** net.LookupHost through the system resolver (getent), then one address at random as Sprig does. */
function getHostByName(name: string): string {
  let addrs: string[] = [];
  try {
    const out = execFileSync('getent', ['ahosts', name], { encoding: 'utf8', timeout: 5000 });
    addrs = [...new Set(out.split('\n').map((l) => l.split(/\s+/)[0]!).filter(Boolean))];
  } catch {
    addrs = [];
  }
  if (addrs.length === 0) throw new Error('runtime error: index out of range [0] with length 0');
  return addrs[randomInt(addrs.length)]!;
}

export const miscFuncs: FuncMap = {
  randAlphaNum: goFunc(['int'], (n) => randomFrom(ALPHA + DIGITS, n), { result: 'string' }),
  randAlpha: goFunc(['int'], (n) => randomFrom(ALPHA, n), { result: 'string' }),
  randAscii: goFunc(['int'], (n) => randomFrom(ASCII, n), { result: 'string' }),
  randNumeric: goFunc(['int'], (n) => randomFrom(DIGITS, n), { result: 'string' }),
  randBytes: goFunc(['int'], (n) => {
    if (intArg(n) < 0) throw new Error('runtime error: makeslice: len out of range');
    return randomBytes(intArg(n)).toString('base64');
  }, { result: 'string', returnsError: true }),
  shuffle: goFunc(['string'], shuffle, { result: 'string' }),
  uuidv4: goFunc([], () => randomUUID(), { result: 'string' }),
  fail: goFunc(['string'], (msg: string) => {
    throw new Error(msg);
  }, { result: 'string', returnsError: true }),
  env: goFunc(['string'], (k: string) => process.env[k] ?? '', { result: 'string' }),
  expandenv: goFunc(['string'], (s: string) => expandEnv(s), { result: 'string' }),
  getHostByName: goFunc(['string'], getHostByName, { result: 'string' }),
};
