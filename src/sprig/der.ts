// A focused ASN.1 DER encoder/decoder: just the types X.509 certificates and Sprig's key formats need.

export type Der = Uint8Array;

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

export function tlv(tag: number, content: Uint8Array): Der {
  return Uint8Array.from([tag, ...lengthBytes(content.length), ...content]);
}

const concat = (parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

export const sequence = (...items: Der[]) => tlv(0x30, concat(items));
export const set = (...items: Der[]) => tlv(0x31, concat(items));
export const explicit = (n: number, item: Der) => tlv(0xa0 + n, item);
export const implicit = (n: number, content: Uint8Array, constructed = false) => tlv((constructed ? 0xa0 : 0x80) + n, content);
export const nullValue = () => tlv(0x05, new Uint8Array());
export const boolean = (b: boolean) => tlv(0x01, Uint8Array.of(b ? 0xff : 0));
export const octetString = (b: Uint8Array) => tlv(0x04, b);
export const bitString = (b: Uint8Array, unused = 0) => tlv(0x03, Uint8Array.from([unused, ...b]));
export const utf8String = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
export const printableString = (s: string) => tlv(0x13, Buffer.from(s, 'latin1'));
export const ia5String = (s: string) => tlv(0x16, Buffer.from(s, 'latin1'));

/** INTEGER of a non-negative bigint (all Sprig encodes: serials, key parameters). */
export function integer(n: bigint): Der {
  if (n < 0n) throw new Error('der: negative INTEGER');
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const bytes = [...Buffer.from(hex, 'hex')];
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(0x02, Uint8Array.from(bytes));
}

export function oid(dotted: string): Der {
  const parts = dotted.split('.').map(Number);
  const out = [parts[0]! * 40 + parts[1]!];
  for (const p of parts.slice(2)) {
    const enc: number[] = [];
    let v = p;
    do {
      enc.unshift((v & 0x7f) | (enc.length ? 0x80 : 0));
      v = Math.floor(v / 128);
    } while (v > 0);
    out.push(...enc);
  }
  return tlv(0x06, Uint8Array.from(out));
}

/** UTCTime for 1950..2049, GeneralizedTime otherwise (RFC 5280, as Go's x509 does). */
export function time(sec: number): Der {
  const d = new Date(sec * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const body = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  const y = d.getUTCFullYear();
  if (y >= 1950 && y < 2050) return tlv(0x17, Buffer.from(p(y % 100) + body, 'latin1'));
  return tlv(0x18, Buffer.from(p(y, 4) + body, 'latin1'));
}

export interface Node {
  tag: number;
  /** Whole encoding (header + content). */
  raw: Uint8Array;
  content: Uint8Array;
}

/** Read one TLV at offset; throws on truncated input. */
export function read(b: Uint8Array, offset = 0): Node & { end: number } {
  const tag = b[offset];
  let len = b[offset + 1];
  if (tag === undefined || len === undefined) throw new Error('asn1: syntax error: data truncated');
  let pos = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[pos++]!;
  }
  if (pos + len > b.length) throw new Error('asn1: syntax error: data truncated');
  return { tag, raw: b.subarray(offset, pos + len), content: b.subarray(pos, pos + len), end: pos + len };
}

/** The children of a constructed node. */
export function children(n: Node): Node[] {
  const out: Node[] = [];
  for (let pos = 0; pos < n.content.length; ) {
    const c = read(n.content, pos);
    out.push(c);
    pos = c.end;
  }
  return out;
}

export function toBigInt(content: Uint8Array): bigint {
  let v = 0n;
  for (const b of content) v = (v << 8n) | BigInt(b);
  if (content.length && content[0]! & 0x80) v -= 1n << BigInt(content.length * 8);
  return v;
}

/** PEM armor with 64-column lines, as encoding/pem writes it. */
export function pem(type: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.map((l) => l + '\n').join('')}-----END ${type}-----\n`;
}

/** encoding/pem.Decode of the first block: its type and bytes. */
export function decodePem(text: string): { type: string; bytes: Uint8Array } | undefined {
  const m = /-----BEGIN ([^\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return undefined;
  const body = m[2]!.split(/\r?\n/).filter((l) => !l.includes(':')).join('');
  if (!/^[A-Za-z0-9+/=\s]*$/.test(body)) return undefined;
  return { type: m[1]!, bytes: Buffer.from(body, 'base64') };
}
