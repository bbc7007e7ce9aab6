// Sprig's urlParse/urlJoin over a port of the parts of Go's net/url they use (Parse, URL.String, escaping).
import { isNil, type FuncMap } from '../gotemplate/values.js';
import { goFunc } from './define.js';
import { fromBytes, toBytes } from './gobytes.js';
import { strval } from './gofmt.js';
import { quote as goQuote } from '../gotemplate/strconv.js';

type Mode = 'path' | 'host' | 'userPassword' | 'fragment';

function shouldEscape(c: number, mode: Mode): boolean {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9]/.test(ch)) return false;
  if (mode === 'host' && `!$&'()*+,;=:[]<>"`.includes(ch)) return false;
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    if (mode === 'path') return ch === '?';
    if (mode === 'userPassword') return '@/?:'.includes(ch);
    if (mode === 'fragment') return false;
  }
  if (mode === 'fragment' && '!()*'.includes(ch)) return false;
  return true;
}

function escape(s: string, mode: Mode): string {
  let out = '';
  for (const b of toBytes(s)) {
    out += shouldEscape(b, mode) ? '%' + b.toString(16).toUpperCase().padStart(2, '0') : String.fromCharCode(b);
  }
  return out;
}

function unescape(s: string, mode: Mode): string {
  const bytes: number[] = [];
  const src = toBytes(s);
  for (let i = 0; i < src.length; i++) {
    if (src[i] === 0x25) {
      const hex = String.fromCharCode(src[i + 1] ?? 0, src[i + 2] ?? 0);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
        const bad = fromBytes(src.subarray(i, Math.min(i + 3, src.length)));
        throw new Error(`invalid URL escape ${goQuote(bad)}`);
      }
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      if (mode === 'host' && src[i]! < 0x80 && shouldEscape(src[i]!, 'host')) throw new Error(`invalid character ${goQuote(String.fromCharCode(src[i]!))} in host name`);
      bytes.push(src[i]!);
    }
  }
  return fromBytes(Uint8Array.from(bytes));
}

interface Url {
  scheme: string;
  opaque: string;
  user?: { username: string; password?: string };
  host: string;
  path: string;
  rawPath: string;
  forceQuery: boolean;
  rawQuery: string;
  fragment: string;
  rawFragment: string;
}

function urlError(op: string, url: string, msg: string): Error {
  return new Error(`${op} ${goQuote(url)}: ${msg}`);
}

/** net/url.Parse. */
export function parseUrl(raw: string): Url {
  const hash = raw.indexOf('#');
  const [base, frag] = hash < 0 ? [raw, undefined] : [raw.slice(0, hash), raw.slice(hash + 1)];
  const u: Url = { scheme: '', opaque: '', host: '', path: '', rawPath: '', forceQuery: false, rawQuery: '', fragment: '', rawFragment: '' };
  try {
    if (/[\x00-\x1f\x7f]/.test(base)) throw new Error('net/url: invalid control character in URL');
    let rest = base;
    const sm = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
    if (rest.startsWith(':')) throw new Error('missing protocol scheme');
    if (sm) {
      u.scheme = sm[1]!.toLowerCase();
      rest = rest.slice(sm[0].length);
    }
    if (rest.endsWith('?') && rest.split('?').length === 2) {
      u.forceQuery = true;
      rest = rest.slice(0, -1);
    } else {
      const q = rest.indexOf('?');
      if (q >= 0) [rest, u.rawQuery] = [rest.slice(0, q), rest.slice(q + 1)];
    }
    if (!rest.startsWith('/')) {
      if (u.scheme !== '') {
        u.opaque = rest;
        return finish(u, frag);
      }
      const seg = rest.split('/')[0]!;
      if (seg.includes(':')) throw new Error('first path segment in URL cannot contain colon');
    }
    if ((u.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
      let authority = rest.slice(2);
      const slash = authority.indexOf('/');
      rest = slash < 0 ? '' : authority.slice(slash);
      if (slash >= 0) authority = authority.slice(0, slash);
      const at = authority.lastIndexOf('@');
      let host = authority;
      if (at >= 0) {
        const info = authority.slice(0, at);
        host = authority.slice(at + 1);
        if (/[^A-Za-z0-9\-._:~!$&'()*+,;=%@]/.test(info)) throw new Error('net/url: invalid userinfo');
        const colon = info.indexOf(':');
        u.user = colon < 0 ? { username: unescape(info, 'userPassword') } : { username: unescape(info.slice(0, colon), 'userPassword'), password: unescape(info.slice(colon + 1), 'userPassword') };
      }
      u.host = parseHost(host);
    }
    u.path = unescape(rest, 'path');
    u.rawPath = escape(u.path, 'path') === rest ? '' : rest;
    return finish(u, frag);
  } catch (e) {
    throw urlError('parse', raw, (e as Error).message);
  }
}

function finish(u: Url, frag: string | undefined): Url {
  if (frag !== undefined) {
    u.fragment = unescape(frag, 'fragment');
    u.rawFragment = escape(u.fragment, 'fragment') === frag ? '' : frag;
  }
  return u;
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const end = host.lastIndexOf(']');
    if (end < 0) throw new Error('missing \']\' in host');
    const port = host.slice(end + 1);
    if (port !== '' && !/^:\d*$/.test(port)) throw new Error(`invalid port ${goQuote(port)} after host`);
    return host;
  }
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && !/^:\d*$/.test(host.slice(colon))) throw new Error(`invalid port ${goQuote(host.slice(colon))} after host`);
  return unescape(host, 'host');
}

function hostname(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end < 0 ? host : host.slice(1, end);
  }
  const colon = host.lastIndexOf(':');
  return colon >= 0 && /^:\d*$/.test(host.slice(colon)) ? host.slice(0, colon) : host;
}

function userString(user: NonNullable<Url['user']>): string {
  return escape(user.username, 'userPassword') + (user.password !== undefined ? ':' + escape(user.password, 'userPassword') : '');
}

/** URL.String. */
export function formatUrl(u: Url): string {
  let out = '';
  if (u.scheme !== '') out += u.scheme + ':';
  if (u.opaque !== '') out += u.opaque;
  else {
    if (u.scheme !== '' || u.host !== '' || u.user) {
      if (u.host !== '' || u.path !== '' || u.user) out += '//';
      if (u.user) out += userString(u.user) + '@';
      if (u.host !== '') out += escape(u.host, 'host');
    }
    const path = u.rawPath !== '' ? u.rawPath : u.path === '*' ? '*' : escape(u.path, 'path');
    if (path !== '' && path[0] !== '/' && u.host !== '') out += '/';
    if (out === '' && (path.split('/')[0] ?? '').includes(':')) out += './';
    out += path;
  }
  if (u.forceQuery || u.rawQuery !== '') out += '?' + u.rawQuery;
  if (u.fragment !== '') out += '#' + (u.rawFragment !== '' ? u.rawFragment : escape(u.fragment, 'fragment'));
  return out;
}

function urlParse(v: string): Record<string, unknown> {
  let u: Url;
  try {
    u = parseUrl(v);
  } catch (e) {
    throw new Error(`unable to parse url: ${(e as Error).message}`);
  }
  return {
    scheme: u.scheme, host: u.host, hostname: hostname(u.host), path: u.path, query: u.rawQuery, opaque: u.opaque, fragment: u.fragment,
    userinfo: u.user ? userString(u.user) : '',
  };
}

function urlJoin(d: Record<string, unknown> | null): string {
  const get = (k: string) => (isNil(d) || !Object.hasOwn(d, k) ? '' : strval(d[k]));
  const u: Url = { scheme: get('scheme'), host: get('host'), path: get('path'), rawPath: '', rawQuery: get('query'), opaque: get('opaque'), fragment: get('fragment'), rawFragment: '', forceQuery: false };
  const info = get('userinfo');
  if (info !== '') {
    try {
      u.user = parseUrl(`proto://${info}@host`).user;
    } catch (e) {
      throw new Error(`unable to parse userinfo in dict: ${(e as Error).message}`);
    }
  }
  return formatUrl(u);
}

export const urlFuncs: FuncMap = {
  urlParse: goFunc(['string'], urlParse, { result: 'map[string]interface {}' }),
  urlJoin: goFunc(['map[string]interface{}'], urlJoin, { result: 'string' }),
};
