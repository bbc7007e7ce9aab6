// Certificates as Sprig makes them: the x509.Certificate template of getBaseCertTemplate, encoded the way Go's
// x509.CreateCertificate encodes it (extension order, SKI for CAs, AKI from the parent), signed with node:crypto.
import { createHash, randomBytes, sign, X509Certificate } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { formatV, GoStruct, isNil, typeName } from '../gotemplate/values.js';
import * as der from './der.js';
import { keyPem, spki, type PrivateKey } from './keys.js';

/** Sprig's `certificate` struct: templates read .Cert and .Key. */
export class Certificate extends GoStruct {
  readonly goType = 'sprig.certificate';
  constructor(
    readonly cert: string,
    readonly key: string,
  ) {
    super();
  }
  field(name: string): { value: unknown } | undefined {
    if (name === 'Cert') return { value: this.cert };
    if (name === 'Key') return { value: this.key };
    return undefined;
  }
  toJSONValue(): unknown {
    return { Cert: this.cert, Key: this.key };
  }
  formatV(): string {
    return `{${this.cert} ${this.key}}`;
  }
}

/** A declared `certificate` parameter: the executor's type check, which our param types cannot express. */
export function certificateArg(v: unknown): Certificate {
  if (v instanceof Certificate) return v;
  throw new Error(`wrong type for value; expected sprig.certificate; got ${isNil(v) ? 'interface {}' : typeName(v)}`);
}

/** net.ParseIP then To4() when possible, as marshalSANs writes iPAddress names. */
function ipBytes(s: string): Uint8Array | undefined {
  if (isIPv4(s)) return Uint8Array.from(s.split('.').map(Number));
  if (!isIPv6(s) || s.includes('%')) return undefined;
  let [head, tail] = s.split('::') as [string, string | undefined];
  const words = (part: string) => {
    if (part === '') return [] as number[];
    return part.split(':').flatMap((w) => (w.includes('.') ? [...ipBytes(w)!].reduce<number[]>((a, b, i) => (i % 2 ? [...a.slice(0, -1), a.at(-1)! * 256 + b] : [...a, b]), []) : [parseInt(w, 16)]));
  };
  const h = words(head);
  const t = tail === undefined ? [] : words(tail);
  const all = tail === undefined ? h : [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  const bytes = Uint8Array.from(all.flatMap((w) => [w >> 8, w & 0xff]));
  const mapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.subarray(12) : bytes;
}

export interface CertTemplate {
  cn: string;
  ips: unknown[] | null;
  dns: unknown[] | null;
  days: number;
  isCA: boolean;
}

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? der.sequence(der.oid(id), der.boolean(true), der.octetString(value)) : der.sequence(der.oid(id), der.octetString(value));
}

function name(cn: string): Uint8Array {
  if (cn === '') return der.sequence();
  const value = /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(cn) ? der.printableString(cn) : der.utf8String(cn);
  return der.sequence(der.set(der.sequence(der.oid('2.5.4.3'), value)));
}

function signatureAlgorithm(k: PrivateKey): Uint8Array {
  if (k.kind === 'rsa') return der.sequence(der.oid('1.2.840.113549.1.1.11'), der.nullValue());
  if (k.kind === 'ed25519') return der.sequence(der.oid('1.3.101.112'));
  const curve = k.key.asymmetricKeyDetails?.namedCurve;
  const oidByCurve: Record<string, string> = { prime256v1: '1.2.840.10045.4.3.2', secp384r1: '1.2.840.10045.4.3.3', secp521r1: '1.2.840.10045.4.3.4' };
  return der.sequence(der.oid(oidByCurve[curve ?? ''] ?? '1.2.840.10045.4.3.2'));
}

function signBytes(k: PrivateKey, data: Uint8Array): Uint8Array {
  if (k.kind === 'ed25519') return sign(null, data, k.key);
  const curve = k.key.asymmetricKeyDetails?.namedCurve;
  const hash = k.kind === 'ec' && curve === 'secp384r1' ? 'sha384' : k.kind === 'ec' && curve === 'secp521r1' ? 'sha512' : 'sha256';
  return sign(hash, data, k.key);
}

/** The BIT STRING payload of a SubjectPublicKeyInfo (what Go hashes for the subject key id). */
function publicKeyBits(spkiDer: Uint8Array): Uint8Array {
  const [, bits] = der.children(der.read(spkiDer));
  return bits!.content.subarray(1);
}

export interface Parent {
  subject: Uint8Array;
  subjectKeyId?: Uint8Array;
}

/** getCertAndKey: create, sign and PEM-encode the certificate, and PEM-encode the signee key. */
export function createCertificate(t: CertTemplate, signee: PrivateKey, parent: Parent | 'self', signer: PrivateKey): Certificate {
  const ips = (t.ips ?? []).map((ip) => {
    if (typeof ip !== 'string') throw new Error(`error parsing ip: ${formatV(ip)} is not a string`);
    const b = ipBytes(ip);
    if (!b) throw new Error(`error parsing ip: ${ip}`);
    return b;
  });
  const dns = (t.dns ?? []).map((d) => {
    if (typeof d !== 'string') throw new Error(`error processing alternate dns name: ${formatV(d)} is not a string`);
    return d;
  });
  if (signer.kind === 'dsa') throw new Error('error creating certificate: x509: certificate private key does not implement crypto.Signer');
  if (signee.kind === 'dsa') throw new Error('error creating certificate: x509: unsupported public key type: *dsa.PublicKey');
  const serial = BigInt('0x' + randomBytes(16).toString('hex'));
  const now = Math.floor(Date.now() / 1000);
  const subject = name(t.cn);
  const pub = spki(signee);
  const issuer = parent === 'self' ? subject : parent.subject;
  const exts: Uint8Array[] = [];
  const ku = t.isCA ? Uint8Array.of(0x02, 0xa4) : Uint8Array.of(0x05, 0xa0);
  exts.push(extension('2.5.29.15', true, der.tlv(0x03, ku)));
  exts.push(extension('2.5.29.37', false, der.sequence(der.oid('1.3.6.1.5.5.7.3.1'), der.oid('1.3.6.1.5.5.7.3.2'))));
  exts.push(extension('2.5.29.19', true, t.isCA ? der.sequence(der.boolean(true)) : der.sequence()));
  if (t.isCA) exts.push(extension('2.5.29.14', false, der.octetString(createHash('sha1').update(publicKeyBits(pub)).digest())));
  const sameName = Buffer.compare(Buffer.from(issuer), Buffer.from(subject)) === 0;
  if (parent !== 'self' && !sameName && parent.subjectKeyId) exts.push(extension('2.5.29.35', false, der.sequence(der.implicit(0, parent.subjectKeyId))));
  if (dns.length || ips.length) {
    const names = [...dns.map((d) => der.implicit(2, Buffer.from(d, 'latin1'))), ...ips.map((b) => der.implicit(7, b))];
    exts.push(extension('2.5.29.17', t.cn === '', der.sequence(...names)));
  }
  const alg = signatureAlgorithm(signer);
  const tbs = der.sequence(
    der.explicit(0, der.integer(2n)),
    der.integer(serial),
    alg,
    issuer,
    der.sequence(der.time(now), der.time(now + t.days * 86400)),
    subject,
    pub,
    der.explicit(3, der.sequence(...exts)),
  );
  const certDer = der.sequence(tbs, alg, der.bitString(signBytes(signer, tbs)));
  return new Certificate(der.pem('CERTIFICATE', certDer), keyPem(signee));
}

/** Subject and subject key id of a PEM certificate (x509.ParseCertificate as far as signing needs it). */
export function parseParent(certPem: string): Parent {
  const block = der.decodePem(certPem);
  if (!block) throw new Error('unable to decode certificate');
  try {
    new X509Certificate(Buffer.from(block.bytes));
  } catch (e) {
    throw new Error(`error parsing certificate: decodedSignerCert.Bytes: ${(e as Error).message}`);
  }
  const [tbs] = der.children(der.read(block.bytes));
  const fields = der.children(tbs!);
  const offset = fields[0]!.tag === 0xa0 ? 1 : 0;
  const subject = fields[offset + 4]!.raw;
  let subjectKeyId: Uint8Array | undefined;
  const extWrapper = fields.find((f) => f.tag === 0xa3);
  if (extWrapper) {
    for (const ext of der.children(der.read(extWrapper.content))) {
      const parts = der.children(ext);
      if (Buffer.from(parts[0]!.content).toString('hex') === '551d0e') subjectKeyId = der.read(parts.at(-1)!.content).content;
    }
  }
  return { subject, subjectKeyId };
}
