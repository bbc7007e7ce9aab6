// The file system as Go's os and path/filepath packages see it, for error texts that match helm's: *PathError
// (`lstat /x: no such file or directory`), filepath.EvalSymlinks and http.DetectContentType (which LoadFile uses to
// tell a chart archive from anything else). Lexical paths (Base, Clean) are src/sprig/paths.ts.
import { lstatSync, readlinkSync, type Stats } from 'node:fs';
import { clean } from '../sprig/paths.js';

/** syscall.Errno.Error() on Linux for the errors file access meets. */
const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in system',
  EIO: 'input/output error',
  EEXIST: 'file exists',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  EBUSY: 'device or resource busy',
  EINVAL: 'invalid argument',
  ENXIO: 'no such device or address',
};

/** A Go error raised by a file operation; `message` is err.Error(). */
export class GoFsError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return (code && ERRNO_TEXT[code]) ?? (e as Error).message;
}

/** os.PathError: `<op> <path>: <errno text>`. */
export function pathError(op: string, path: string, e: unknown): GoFsError {
  return new GoFsError(`${op} ${path}: ${errnoText(e)}`, (e as NodeJS.ErrnoException).code);
}

/** os.Lstat with Go's error. */
export function goLstat(path: string): Stats {
  try {
    return lstatSync(path);
  } catch (e) {
    throw pathError('lstat', path, e);
  }
}

const MAX_LINKS = 255;

/** filepath.EvalSymlinks (Unix walkSymlinks): each component resolved in turn, so a dangling link fails with the
 *  lstat error of the missing target, as in helm's `error evaluating symlink …: lstat /target: no such file …`. */
export function evalSymlinks(path: string): string {
  let rest = path;
  let volLen = rest.startsWith('/') ? 1 : 0;
  let dest = rest.slice(0, volLen);
  let links = 0;
  for (let start = volLen, end = volLen; start < rest.length; start = end) {
    while (start < rest.length && rest[start] === '/') start++;
    end = start;
    while (end < rest.length && rest[end] !== '/') end++;
    if (end === start) break;
    const part = rest.slice(start, end);
    if (part === '.') continue;
    if (part === '..') {
      let r = dest.length - 1;
      while (r >= volLen && dest[r] !== '/') r--;
      if (r < volLen || dest.slice(r + 1) === '..') {
        if (dest.length > volLen) dest += '/';
        dest += '..';
      } else dest = dest.slice(0, r);
      continue;
    }
    if (dest.length > 0 && !dest.endsWith('/')) dest += '/';
    dest += part;
    const st = goLstat(dest);
    if (!st.isSymbolicLink()) {
      if (!st.isDirectory() && end < rest.length) throw new GoFsError('not a directory', 'ENOTDIR');
      continue;
    }
    if (++links > MAX_LINKS) throw new GoFsError('EvalSymlinks: too many links');
    let link: string;
    try {
      link = readlinkSync(dest);
    } catch (e) {
      throw pathError('readlink', dest, e);
    }
    rest = link + rest.slice(end);
    if (link.startsWith('/')) {
      dest = '/';
      end = 1;
      volLen = 1;
    } else {
      let r = dest.length - 1;
      while (r >= volLen && dest[r] !== '/') r--;
      dest = r < volLen ? dest.slice(0, volLen) : dest.slice(0, r);
      end = 0;
    }
  }
  return clean(dest);
}

/** Leading bytes and the MIME type http.DetectContentType gives them (the signatures a mistaken chart argument
 *  plausibly has; anything else binary is application/octet-stream). */
const SIGNATURES: [string, string][] = [
  ['%PDF-', 'application/pdf'],
  ['%!PS-Adobe-', 'application/postscript'],
  ['GIF87a', 'image/gif'],
  ['GIF89a', 'image/gif'],
  ['\x89PNG\x0d\x0a\x1a\x0a', 'image/png'],
  ['\xff\xd8\xff', 'image/jpeg'],
  ['BM', 'image/bmp'],
  ['\x1f\x8b\x08', 'application/x-gzip'],
  ['PK\x03\x04', 'application/zip'],
  ['Rar!\x1a\x07\x00', 'application/x-rar-compressed'],
  ['Rar!\x1a\x07\x01\x00', 'application/x-rar-compressed'],
  ['\x00asm', 'application/wasm'],
];

/** http.DetectContentType of a 512-byte sniff buffer (LoadFile reads into a zeroed 512-byte buffer, so a short text
 *  file sniffs as binary). */
export function detectContentType(head: Uint8Array): string {
  const buf = new Uint8Array(512);
  buf.set(head.subarray(0, 512));
  let ws = 0;
  while (ws < buf.length && [0x09, 0x0a, 0x0c, 0x0d, 0x20].includes(buf[ws]!)) ws++;
  const rest = buf.subarray(ws);
  const text = String.fromCharCode(...rest.subarray(0, 16));
  if (/^<\?xml/.test(text)) return 'text/xml; charset=utf-8';
  if (/^(<!DOCTYPE HTML|<HTML|<HEAD|<SCRIPT|<IFRAME|<H1|<DIV|<FONT|<TABLE|<A|<STYLE|<TITLE|<B|<BODY|<BR|<P|<!--)[ >]/i.test(text)) {
    return 'text/html; charset=utf-8';
  }
  const bytes = String.fromCharCode(...buf.subarray(0, 16));
  if (bytes.startsWith('\xfe\xff')) return 'text/plain; charset=utf-16be';
  if (bytes.startsWith('\xff\xfe')) return 'text/plain; charset=utf-16le';
  if (bytes.startsWith('\xef\xbb\xbf')) return 'text/plain; charset=utf-8';
  for (const [sig, type] of SIGNATURES) if (bytes.startsWith(sig)) return type;
  // Binary data: a byte no text file holds.
  for (const b of buf) {
    if (b <= 0x08 || b === 0x0b || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f)) return 'application/octet-stream';
  }
  return 'text/plain; charset=utf-8';
}
