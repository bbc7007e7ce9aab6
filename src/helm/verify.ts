// --verify (downloader.VerifyChart): a packaged chart's provenance file, a clear-signed YAML document whose OpenPGP
// signature must come from a key of the keyring and whose checksum must be the archive's. Helm uses
// golang.org/x/crypto/openpgp, which reads binary keyrings with RSA, DSA and ECDSA keys (EdDSA keys are skipped);
// this verifies RSA and ECDSA signatures with node:crypto and gives helm's messages.
import { createHash, createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseYaml } from '../goencoding/yaml.js';
import { isMap } from '../gotemplate/values.js';
import { HelmError } from './errors.js';
import { base as goBase } from '../sprig/paths.js';
import { pathError } from './gofs.js';

/** cmd/helm's defaultKeyring: $GNUPGHOME/pubring.gpg, else ~/.gnupg/pubring.gpg. */
export function defaultKeyring(env: Record<string, string | undefined> = process.env): string {
  const gnupg = env['GNUPGHOME'];
  return gnupg ? join(gnupg, 'pubring.gpg') : join(env['HOME'] ?? homedir(), '.gnupg', 'pubring.gpg');
}

export function verifyChart(path: string, keyring: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw new HelmError(pathError('stat', path, e).message);
  }
  if (isDir) throw new HelmError('unpacked charts cannot be verified');
  if (!/\.tgz$/i.test(path)) throw new HelmError('chart must be a tgz file');
  const prov = `${path}.prov`;
  try {
    statSync(prov);
  } catch (e) {
    throw new HelmError(`could not load provenance file ${prov}: ${pathError('stat', prov, e).message}`);
  }
  let keys: PublicKey[];
  try {
    keys = readKeyRing(readFileSync(keyring));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    // os.Open succeeds on a directory; reading it fails.
    const msg = err.code ? pathError(err.syscall === 'read' ? 'read' : 'open', keyring, e).message : err.message;
    throw new HelmError(`failed to load keyring: ${msg}`);
  }
  if (statSync(prov).isDirectory()) throw new HelmError(`${prov} cannot be a directory`);
  const block = decodeClearsign(readFileSync(prov));
  if (!block) throw new HelmError('failed to decode signature: signature block not found');
  checkSignature(keys, block);
  const sum = `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
  const parts = block.plaintext.toString('latin1').split('\n...\n');
  if (parts.length < 2) throw new HelmError('message block must have at least two parts');
  let sums: unknown;
  try {
    sums = parseYaml(Buffer.from(parts[1]!, 'latin1').toString('utf8'));
  } catch (e) {
    throw new HelmError((e as Error).message);
  }
  const files = isMap(sums) && isMap(sums['files']) ? sums['files'] : {};
  const base = goBase(path);
  if (!Object.hasOwn(files, base)) throw new HelmError(`provenance does not contain a SHA for a file named ${JSON.stringify(base)}`);
  const sha = String(files[base]);
  if (sha !== sum) throw new HelmError(`sha256 sum does not match for ${base}: ${JSON.stringify(sha)} != ${JSON.stringify(sum)}`);
}

// ---------------------------------------------------------------- clear-signed message

interface Clearsigned {
  /** The signed bytes: lines without dash escapes and trailing blanks, joined with CRLF. */
  bytes: Buffer;
  plaintext: Buffer;
  signature: Buffer;
}

/** clearsign.Decode (enough of it for helm's provenance files). */
function decodeClearsign(data: Buffer): Clearsigned | undefined {
  const text = data.toString('latin1');
  const start = text.indexOf('-----BEGIN PGP SIGNED MESSAGE-----');
  if (start < 0) return undefined;
  const lines = text.slice(start).split('\n').map((l) => l.replace(/\r$/, ''));
  let i = 1;
  while (i < lines.length && lines[i] !== '') i++; // armor headers (Hash: …)
  i++;
  const body: string[] = [];
  for (; i < lines.length && lines[i] !== '-----BEGIN PGP SIGNATURE-----'; i++) {
    body.push(lines[i]!.replace(/^- /, '').replace(/[ \t]+$/, ''));
  }
  if (i >= lines.length) return undefined;
  i++;
  while (i < lines.length && lines[i] !== '') i++;
  i++;
  let b64 = '';
  for (; i < lines.length && !lines[i]!.startsWith('-----END PGP SIGNATURE-----'); i++) {
    if (!lines[i]!.startsWith('=')) b64 += lines[i];
  }
  if (i >= lines.length) return undefined;
  return {
    bytes: Buffer.from(body.join('\r\n'), 'latin1'),
    plaintext: Buffer.from(body.map((l) => `${l}\n`).join(''), 'latin1'),
    signature: Buffer.from(b64, 'base64'),
  };
}

// ---------------------------------------------------------------- packets

interface Packet {
  tag: number;
  body: Buffer;
}

function packets(data: Buffer): Packet[] {
  const out: Packet[] = [];
  let i = 0;
  while (i < data.length) {
    const h = data[i++]!;
    if (!(h & 0x80)) throw new Error('openpgp: invalid data: tag byte does not have MSB set');
    let tag: number;
    let len: number;
    if (h & 0x40) {
      tag = h & 0x3f;
      const o = data[i++]!;
      if (o < 192) len = o;
      else if (o < 224) len = ((o - 192) << 8) + data[i++]! + 192;
      else if (o === 255) {
        len = data.readUInt32BE(i);
        i += 4;
      } else throw new Error('openpgp: unsupported feature: partial body length');
    } else {
      tag = (h >> 2) & 0xf;
      const lt = h & 3;
      if (lt === 0) len = data[i++]!;
      else if (lt === 1) {
        len = data.readUInt16BE(i);
        i += 2;
      } else if (lt === 2) {
        len = data.readUInt32BE(i);
        i += 4;
      } else len = data.length - i;
    }
    if (i + len > data.length) throw new Error('unexpected EOF');
    out.push({ tag, body: data.subarray(i, i + len) });
    i += len;
  }
  return out;
}

/** An MPI at `at`: its bytes and the offset after it. */
function mpi(b: Buffer, at: number): [Buffer, number] {
  const bits = b.readUInt16BE(at);
  const len = (bits + 7) >> 3;
  return [b.subarray(at + 2, at + 2 + len), at + 2 + len];
}

const b64u = (b: Buffer) => b.toString('base64url');

/** Named curves x/crypto/openpgp knows, by OID. */
const CURVES: Record<string, { crv: string; size: number }> = {
  '2a8648ce3d030107': { crv: 'P-256', size: 32 },
  '2b81040022': { crv: 'P-384', size: 48 },
  '2b81040023': { crv: 'P-521', size: 66 },
};

interface PublicKey {
  keyId: string;
  key: KeyObject | undefined;
  algo: number;
  /** From the self-signature: whether it may sign (undefined: flags not given). */
  canSign?: boolean;
  revoked: boolean;
}

function parsePublicKey(body: Buffer): PublicKey | undefined {
  if (body[0] !== 4) return undefined;
  const algo = body[5]!;
  const fingerprint = createHash('sha1')
    .update(Buffer.from([0x99, body.length >> 8, body.length & 0xff]))
    .update(body)
    .digest('hex');
  const keyId = fingerprint.slice(-16);
  let key: KeyObject | undefined;
  if (algo === 1 || algo === 3) {
    const [n, at] = mpi(body, 6);
    const [e] = mpi(body, at);
    key = createPublicKey({ key: { kty: 'RSA', n: b64u(n), e: b64u(e) }, format: 'jwk' });
  } else if (algo === 19) {
    const oidLen = body[6]!;
    const curve = CURVES[body.subarray(7, 7 + oidLen).toString('hex')];
    if (!curve) return undefined;
    const [point] = mpi(body, 7 + oidLen);
    key = createPublicKey({
      key: { kty: 'EC', crv: curve.crv, x: b64u(point.subarray(1, 1 + curve.size)), y: b64u(point.subarray(1 + curve.size)) },
      format: 'jwk',
    });
  } else if (algo !== 17 && algo !== 16 && algo !== 18 && algo !== 2) {
    // Algorithms x/crypto/openpgp does not read (EdDSA): the whole key is skipped.
    return undefined;
  }
  return { keyId, key, algo, revoked: false };
}

interface Signature {
  version: number;
  type: number;
  algo: number;
  hash: string;
  hashed: Buffer;
  issuer?: string;
  hashTag: Buffer;
  mpis: Buffer[];
  keyFlags?: number;
  revocation: boolean;
}

const HASHES: Record<number, string> = { 1: 'md5', 2: 'sha1', 3: 'ripemd160', 8: 'sha256', 9: 'sha384', 10: 'sha512', 11: 'sha224' };

function parseSignature(body: Buffer): Signature | undefined {
  if (body[0] !== 4) return undefined;
  const hashedLen = body.readUInt16BE(4);
  const hashed = body.subarray(0, 6 + hashedLen);
  const unhashedLen = body.readUInt16BE(6 + hashedLen);
  const sig: Signature = {
    version: 4,
    type: body[1]!,
    algo: body[2]!,
    hash: HASHES[body[3]!] ?? '',
    hashed,
    hashTag: body.subarray(8 + hashedLen + unhashedLen, 10 + hashedLen + unhashedLen),
    mpis: [],
    revocation: false,
  };
  const sub = (from: number, to: number) => {
    let i = from;
    while (i < to) {
      let len = body[i++]!;
      if (len >= 192 && len < 255) len = ((len - 192) << 8) + body[i++]! + 192;
      else if (len === 255) {
        len = body.readUInt32BE(i);
        i += 4;
      }
      const type = body[i]! & 0x7f;
      const data = body.subarray(i + 1, i + len);
      if (type === 16) sig.issuer = data.toString('hex');
      if (type === 27) sig.keyFlags = data[0] ?? 0;
      if (type === 29) sig.revocation = true;
      i += len;
    }
  };
  sub(6, 6 + hashedLen);
  sub(8 + hashedLen, 8 + hashedLen + unhashedLen);
  let at = 10 + hashedLen + unhashedLen;
  while (at < body.length) {
    const [m, next] = mpi(body, at);
    sig.mpis.push(m);
    at = next;
  }
  return sig;
}

/** openpgp.ReadKeyRing: entities (primary key, user ids, subkeys) with what their self-signatures say. */
function readKeyRing(data: Buffer): PublicKey[] {
  const keys: PublicKey[] = [];
  let current: PublicKey | undefined;
  let primary: PublicKey | undefined;
  for (const p of packets(data)) {
    if (p.tag === 6 || p.tag === 14) {
      current = parsePublicKey(p.body);
      if (p.tag === 6) primary = current;
      else if (!primary) current = undefined;
      if (current) keys.push(current);
    } else if (p.tag === 2 && current) {
      const s = parseSignature(p.body);
      if (!s) continue;
      // 0x20 key revocation, 0x28 subkey revocation; certifications and bindings carry the key flags.
      if (s.type === 0x20 && primary) primary.revoked = true;
      else if (s.type === 0x28) current.revoked = true;
      else if (s.keyFlags !== undefined && current.canSign === undefined) current.canSign = (s.keyFlags & 2) !== 0;
      if (s.revocation && s.type !== 0x20 && s.type !== 0x28) current.revoked = true;
    }
  }
  return keys;
}

/** openpgp.CheckDetachedSignature with the clear-signed text. */
function checkSignature(keys: PublicKey[], block: Clearsigned): void {
  let sig: Signature | undefined;
  let candidates: PublicKey[] = [];
  let parsed: Packet[];
  try {
    parsed = packets(block.signature);
  } catch (e) {
    throw new HelmError((e as Error).message);
  }
  for (const p of parsed) {
    if (p.tag !== 2) throw new HelmError('openpgp: invalid data: non signature packet found');
    sig = parseSignature(p.body);
    if (!sig) continue;
    if (sig.issuer === undefined) throw new HelmError("openpgp: invalid data: signature doesn't have an issuer");
    candidates = keys.filter((k) => k.keyId === sig!.issuer && !k.revoked && k.canSign !== false);
    if (candidates.length > 0) break;
  }
  if (!sig || candidates.length === 0) throw new HelmError('openpgp: signature made by unknown entity');
  if (sig.hash === '') throw new HelmError('openpgp: unsupported feature: hash function');
  const trailer = Buffer.alloc(6);
  trailer[0] = 4;
  trailer[1] = 0xff;
  trailer.writeUInt32BE(sig.hashed.length, 2);
  const signed = Buffer.concat([block.bytes, sig.hashed, trailer]);
  const digest = createHash(sig.hash).update(signed).digest();
  let error = 'openpgp: invalid signature: hash tag doesn\'t match';
  for (const k of candidates) {
    if (digest[0] !== sig.hashTag[0] || digest[1] !== sig.hashTag[1]) break;
    if (!k.key) {
      error = 'openpgp: unsupported feature: public key algorithm';
      continue;
    }
    if (k.algo === 1 || k.algo === 3) {
      const size = Math.ceil((k.key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
      const s = Buffer.concat([Buffer.alloc(Math.max(0, size - sig.mpis[0]!.length)), sig.mpis[0]!]);
      if (cryptoVerify(sig.hash, signed, k.key, s)) return;
      error = 'openpgp: invalid signature: RSA verification failure';
    } else if (k.algo === 19) {
      const size = k.key.asymmetricKeyDetails?.namedCurve === 'secp521r1' ? 66 : k.key.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 48 : 32;
      const pad = (m: Buffer) => Buffer.concat([Buffer.alloc(Math.max(0, size - m.length)), m]);
      const rs = Buffer.concat([pad(sig.mpis[0]!), pad(sig.mpis[1]!)]);
      if (cryptoVerify(sig.hash, signed, { key: k.key, dsaEncoding: 'ieee-p1363' }, rs)) return;
      error = 'openpgp: invalid signature: ECDSA verification failure';
    } else error = 'openpgp: unsupported feature: public key algorithm';
  }
  throw new HelmError(error);
}
