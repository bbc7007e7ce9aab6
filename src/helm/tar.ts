// Gzip'd tar archives read as Go's compress/gzip and archive/tar read them for helm's loader: the entries in order
// (directories and extension headers resolved as Go's tar.Reader does) and Go's error texts. Like Go, which reads
// the gzip stream only as far as the tar reader asks, data after the archive's end is never looked at: a bad gzip
// checksum or trailing garbage after the end-of-archive blocks goes unnoticed, a truncated or corrupt stream fails
// only if the archive runs into it.
import { constants, inflateRawSync, type ZlibOptions } from 'node:zlib';

export interface TarEntry {
  name: string;
  /** tar.Header.Typeflag ('0' regular, '5' directory, '2' symlink, 'g' global extended header …). */
  type: string;
  /** The mode's directory bit (c_ISDIR): Go's FileInfo().IsDir() also looks at it. */
  dirMode: boolean;
  /** The size the header declares (Go checks it against limits before reading). */
  size: number;
  data: Uint8Array;
}

/** An error of Go's gzip or tar reader; `message` is err.Error(). `header` marks gzip.ErrHeader. */
export class ArchiveError extends Error {
  constructor(
    message: string,
    readonly header = false,
  ) {
    super(message);
  }
}

const BLOCK = 512;
const EOF = 'EOF';
const UNEXPECTED_EOF = 'unexpected EOF';
const INVALID_HEADER = 'archive/tar: invalid tar header';

/** The decompressed bytes a reader can get, and what reading past them yields (undefined: a clean io.EOF). */
interface Stream {
  data: Uint8Array;
  end?: string;
}

export function readTgz(archive: Uint8Array): TarEntry[] {
  return readTar(gunzip(archive));
}

// ---------------------------------------------------------------- gzip

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/** gzip.NewReader + reads to the end: members one after another, the first error at the point Go would meet it. */
function gunzip(input: Uint8Array): Stream {
  const parts: Uint8Array[] = [];
  let pos = 0;
  let first = true;
  for (;;) {
    const header = gzipHeader(input, pos, first);
    if (header === 'eof') return { data: concat(parts) };
    if (typeof header === 'string') {
      if (first) throw new ArchiveError(header, header === 'gzip: invalid header');
      return { data: concat(parts), end: header };
    }
    first = false;
    const member = inflateMember(input.subarray(header));
    parts.push(member.data);
    if (member.end !== undefined) return { data: concat(parts), end: member.end };
    pos = header + member.consumed;
    // The trailer: CRC-32 and size of the member's data.
    if (input.length - pos < 8) return { data: concat(parts), end: UNEXPECTED_EOF };
    const view = new DataView(input.buffer, input.byteOffset + pos, 8);
    if (view.getUint32(0, true) !== crc32(member.data) || view.getUint32(4, true) !== member.data.length >>> 0) {
      return { data: concat(parts), end: 'gzip: invalid checksum' };
    }
    pos += 8;
  }
}

/** The offset of a member's deflate data, 'eof' at a clean end, or Go's error text. */
function gzipHeader(input: Uint8Array, pos: number, first: boolean): number | 'eof' | string {
  const left = input.length - pos;
  if (left === 0) return first ? EOF : 'eof';
  if (left < 10) return UNEXPECTED_EOF;
  if (input[pos] !== 0x1f || input[pos + 1] !== 0x8b || input[pos + 2] !== 8) return 'gzip: invalid header';
  const flags = input[pos + 3]!;
  let at = pos + 10;
  if (flags & FEXTRA) {
    if (at + 2 > input.length) return UNEXPECTED_EOF;
    at += 2 + (input[at]! | (input[at + 1]! << 8));
    if (at > input.length) return UNEXPECTED_EOF;
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    const nul = input.indexOf(0, at);
    if (nul < 0) return UNEXPECTED_EOF;
    if (nul - at > 511) return 'gzip: invalid header';
    at = nul + 1;
  }
  if (flags & FHCRC) {
    if (at + 2 > input.length) return UNEXPECTED_EOF;
    if ((input[at]! | (input[at + 1]! << 8)) !== (crc32(input.subarray(pos, at)) & 0xffff)) return 'gzip: invalid header';
    at += 2;
  }
  return at;
}

interface Member {
  data: Uint8Array;
  consumed: number;
  /** Set when the deflate stream is cut short or corrupt: what reading past `data` gives. */
  end?: string;
}

function inflate(input: Uint8Array, opts: ZlibOptions): { data: Uint8Array; consumed: number } {
  const r = inflateRawSync(input, { ...opts, info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
  return { data: r.buffer, consumed: r.engine.bytesWritten };
}

function inflateMember(input: Uint8Array): Member {
  try {
    return inflate(input, {});
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const partial = { finishFlush: constants.Z_SYNC_FLUSH };
    if (code !== 'Z_DATA_ERROR') return { data: inflate(input, partial).data, consumed: input.length, end: UNEXPECTED_EOF };
    // Corrupt data: Go's flate reader hands out what it decoded before the bad byte, then fails with its offset. The
    // shortest prefix zlib rejects ends at that byte.
    let good = 0;
    let bad = input.length;
    while (bad - good > 1) {
      const mid = (good + bad) >>> 1;
      try {
        inflate(input.subarray(0, mid), partial);
        good = mid;
      } catch {
        bad = mid;
      }
    }
    return { data: inflate(input.subarray(0, good), partial).data, consumed: bad, end: `flate: corrupt input before offset ${bad}` };
  }
}

let crcTable: Uint32Array | undefined;

function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of data) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------- tar

/** A cursor over the decompressed stream with io.ReadFull's EOF rules. */
class Reader {
  pos = 0;
  constructor(private readonly s: Stream) {}

  /** Exactly n bytes; at the end: io.EOF when none were left (and the stream ended cleanly), else the error. */
  readFull(n: number): Uint8Array {
    const { data } = this.s;
    if (this.pos + n <= data.length) {
      const out = data.subarray(this.pos, this.pos + n);
      this.pos += n;
      return out;
    }
    const none = this.pos >= data.length;
    this.pos = data.length;
    throw new ArchiveError(this.s.end ?? (none && n > 0 ? EOF : UNEXPECTED_EOF));
  }

  skip(n: number): void {
    if (this.pos + n <= this.s.data.length) {
      this.pos += n;
      return;
    }
    this.pos = this.s.data.length;
    throw new ArchiveError(this.s.end ?? UNEXPECTED_EOF);
  }
}

/** tar.Reader.Next until io.EOF, with each entry's data (the content of regular files; empty for links). */
export function readTar(input: Uint8Array | Stream): TarEntry[] {
  const stream = input instanceof Uint8Array ? { data: input } : input;
  const r = new Reader(stream);
  const entries: TarEntry[] = [];
  for (;;) {
    let entry: TarEntry | undefined;
    try {
      entry = next(r);
    } catch (e) {
      if (e instanceof ArchiveError && e.message === EOF) break;
      throw e;
    }
    if (entry === undefined) break;
    entries.push(entry);
  }
  return entries;
}

/** One header (with GNU long names and PAX records applied) and its data; undefined at the end-of-archive blocks. */
function next(r: Reader): TarEntry | undefined {
  let longName: string | undefined;
  let pax: Record<string, string> = {};
  for (;;) {
    const blk = r.readFull(BLOCK);
    if (isZero(blk)) {
      const second = r.readFull(BLOCK);
      if (isZero(second)) return undefined;
      throw new ArchiveError(INVALID_HEADER);
    }
    const format = headerFormat(blk);
    let type = String.fromCharCode(blk[156]!);
    let size = parseNumeric(blk.subarray(124, 136));
    if (pax['size'] !== undefined) size = Number(pax['size']);
    const mode = parseNumeric(blk.subarray(100, 108));
    let name = cString(blk.subarray(0, 100));
    if (format === 'ustar') {
      const prefix = cString(blk.subarray(345, 500));
      if (prefix !== '') name = `${prefix}/${name}`;
    }
    if (type === 'x' || type === 'L' || type === 'K') {
      const body = r.readFull(size);
      r.skip(padding(size));
      if (type === 'x') pax = { ...pax, ...paxRecords(body) };
      else if (type === 'L') longName = cString(body);
      continue;
    }
    if (longName !== undefined) name = longName;
    if (pax['path'] !== undefined) name = pax['path'];
    if (type === '\0') type = name.endsWith('/') ? '5' : '0';
    // Only regular files (and GNU sparse/contiguous ones, read as their stored bytes) carry data.
    const hasData = type === '0' || type === '7' || type === 'S' || type === 'g';
    const data = hasData ? r.readFull(size).slice() : new Uint8Array();
    if (hasData) r.skip(padding(size));
    else if (type !== '1' && type !== '2' && type !== '3' && type !== '4' && type !== '5' && type !== '6') {
      // Unknown types keep their data too (Go hands it to the reader of the entry).
      r.skip(size + padding(size));
    }
    return { name, type, dirMode: (mode & 0o170000) === 0o040000, size, data };
  }
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

function isZero(b: Uint8Array): boolean {
  for (const x of b) if (x !== 0) return false;
  return true;
}

/** block.getFormat: the checksum must match (unsigned or signed sum); USTAR/PAX read the name prefix, GNU does not. */
function headerFormat(blk: Uint8Array): 'ustar' | 'gnu' | 'v7' {
  const stored = cString(blk.subarray(148, 156)).trim();
  if (!/^[0-7]+$/.test(stored)) throw new ArchiveError(INVALID_HEADER);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : blk[i]!;
    unsigned += b;
    signed += b < 128 ? b : b - 256;
  }
  const sum = parseInt(stored, 8);
  if (sum !== unsigned && sum !== signed) throw new ArchiveError(INVALID_HEADER);
  const magic = String.fromCharCode(...blk.subarray(257, 265));
  if (magic === 'ustar\x0000') return 'ustar';
  if (magic === 'ustar  \x00') return 'gnu';
  return 'v7';
}

function cString(b: Uint8Array): string {
  const end = b.indexOf(0);
  return Buffer.from(end < 0 ? b : b.subarray(0, end)).toString('utf8');
}

/** parseNumeric: octal text, or GNU base-256 when the first byte has its high bit set. */
function parseNumeric(b: Uint8Array): number {
  if (b.length > 0 && b[0]! & 0x80) {
    let n = b[0]! & 0x7f;
    for (const x of b.subarray(1)) n = n * 256 + x;
    return n;
  }
  const s = cString(b).replace(/^[ \0]+|[ \0]+$/g, '');
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new ArchiveError(INVALID_HEADER);
  return parseInt(s, 8);
}

/** PAX extended header records `<len> <key>=<value>\n`. */
function paxRecords(body: Uint8Array): Record<string, string> {
  const text = Buffer.from(body).toString('utf8');
  const out: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const sp = text.indexOf(' ', i);
    if (sp < 0) throw new ArchiveError(INVALID_HEADER);
    const len = Number(text.slice(i, sp));
    if (!Number.isInteger(len) || len <= 0) throw new ArchiveError(INVALID_HEADER);
    const record = text.slice(sp + 1, i + len - 1);
    const eq = record.indexOf('=');
    if (eq < 0) throw new ArchiveError(INVALID_HEADER);
    out[record.slice(0, eq)] = record.slice(eq + 1);
    i += len;
  }
  return out;
}
