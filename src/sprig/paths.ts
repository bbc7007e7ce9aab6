// Go's path package (and path/filepath, identical on Linux) for base/dir/clean/ext/isAbs.
import type { FuncMap } from '../gotemplate/values.js';
import { goFunc } from './define.js';

export function clean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const parts: string[] = [];
  for (const el of p.split('/')) {
    if (el === '' || el === '.') continue;
    if (el === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
      continue;
    }
    parts.push(el);
  }
  const out = (rooted ? '/' : '') + parts.join('/');
  return out === '' ? (rooted ? '/' : '.') : out;
}

export function base(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

export function dir(p: string): string {
  return clean(p.slice(0, p.lastIndexOf('/') + 1));
}

export function ext(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

const S = ['string'] as const;
const str = (f: (s: string) => unknown, result = 'string') => goFunc([...S], f, { result });

export const pathFuncs: FuncMap = {
  base: str(base),
  dir: str(dir),
  clean: str(clean),
  ext: str(ext),
  isAbs: str((p) => p.startsWith('/'), 'bool'),
  osBase: str(base),
  osDir: str(dir),
  osClean: str(clean),
  osExt: str(ext),
  osIsAbs: str((p) => p.startsWith('/'), 'bool'),
};
