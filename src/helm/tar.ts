// Minimal reader for gzip'd tar archives (subcharts packed as charts/*.tgz): regular files only, with the ustar
// prefix, GNU long names and pax `path` records, which are what `helm package` and common tar tools write.
import { gunzipSync } from 'node:zlib';

export interface TarEntry {
  name: string;
  data: Uint8Array;
}

const BLOCK = 512;

export function readTgz(archive: Uint8Array): TarEntry[] {
  return readTar(gunzipSync(archive));
}

export function readTar(buf: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  let paxPath: string | undefined;
  while (offset + BLOCK <= buf.length) {
    const header = buf.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = parseOctal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] ?? 0);
    const body = buf.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = cString(body);
      continue;
    }
    if (type === 'x') {
      paxPath = paxRecord(body, 'path') ?? paxPath;
      continue;
    }
    if (type === 'g') continue;
    const prefix = cString(header.subarray(345, 500));
    const name = paxPath ?? longName ?? (prefix ? `${prefix}/` : '') + cString(header.subarray(0, 100));
    longName = undefined;
    paxPath = undefined;
    // Only regular files carry chart content; directories, links and devices are skipped.
    if (type === '0' || type === '\0' || type === '7') entries.push({ name, data: body.slice() });
  }
  return entries;
}

function cString(b: Uint8Array): string {
  const end = b.indexOf(0);
  return Buffer.from(end < 0 ? b : b.subarray(0, end)).toString('utf8');
}

function parseOctal(b: Uint8Array): number {
  // GNU base-256 encoding for sizes >= 8 GiB is not needed for charts.
  const s = cString(b).trim();
  return s === '' ? 0 : parseInt(s, 8);
}

/** A pax extended header record `<len> <key>=<value>\n`. */
function paxRecord(body: Uint8Array, key: string): string | undefined {
  const text = Buffer.from(body).toString('utf8');
  let value: string | undefined;
  let i = 0;
  while (i < text.length) {
    const sp = text.indexOf(' ', i);
    if (sp < 0) break;
    const len = parseInt(text.slice(i, sp), 10);
    if (!(len > 0)) break;
    const record = text.slice(sp + 1, i + len - 1);
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === key) value = record.slice(eq + 1);
    i += len;
  }
  return value;
}
