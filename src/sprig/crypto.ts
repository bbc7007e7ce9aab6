// Sprig's crypto.go: hashes, bcrypt/htpasswd, derivePassword (Master Password), AES-CBC, private keys and
// certificates.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, scryptSync } from 'node:crypto';
import type { FuncMap } from '../gotemplate/values.js';
import { bcryptGenerate } from './bcrypt.js';
import { intArg } from './cast.js';
import * as der from './der.js';
import { goFunc } from './define.js';
import { base64Decode } from './encoding.js';
import { fromBytes, toBytes } from './gobytes.js';
import { generateKey, generateRsa2048, keyPem, parsePrivateKeyPem, type PrivateKey } from './keys.js';
import { Certificate, certificateArg, createCertificate, parseParent, type CertTemplate } from './x509.js';

const hash = (alg: string) => (s: string) => createHash(alg).update(toBytes(s)).digest('hex');

function adler32(s: string): string {
  let a = 1;
  let b = 0;
  for (const byte of toBytes(s)) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return String(((b << 16) | a) >>> 0);
}

function bcrypt(s: string): string {
  try {
    return bcryptGenerate(toBytes(s));
  } catch (e) {
    return `failed to encrypt string with bcrypt: ${(e as Error).message}`;
  }
}

const PASSWORD_TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: ['CvcvnoCvcvCvcv', 'CvcvCvcvnoCvcv', 'CvcvCvcvCvcvno', 'CvccnoCvcvCvcv', 'CvccCvcvnoCvcv', 'CvccCvcvCvcvno', 'CvcvnoCvccCvcv', 'CvcvCvccnoCvcv', 'CvcvCvccCvcvno', 'CvcvnoCvcvCvcc', 'CvcvCvcvnoCvcc', 'CvcvCvcvCvccno', 'CvccnoCvccCvcv', 'CvccCvccnoCvcv', 'CvccCvccCvcvno', 'CvcvnoCvccCvcc', 'CvcvCvccnoCvcc', 'CvcvCvccCvccno', 'CvccnoCvcvCvcc', 'CvccCvcvnoCvcc', 'CvccCvcvCvccno'],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};
const TEMPLATE_CHARS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};
const SEED = 'com.lyndir.masterpassword';

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** The Master Password algorithm: scrypt(N=32768, r=8, p=2) key, HMAC-SHA256 seed, template characters. */
function derivePassword(counter: unknown, passwordType: string, password: string, user: string, site: string): string {
  const templates = PASSWORD_TEMPLATES[passwordType];
  if (!templates) return `cannot find password template ${passwordType}`;
  const userBytes = toBytes(user);
  const siteBytes = toBytes(site);
  const salt = Buffer.concat([Buffer.from(SEED), u32(userBytes.length), userBytes]);
  const key = scryptSync(toBytes(password), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 64 * 1024 * 1024 });
  const seed = createHmac('sha256', key).update(Buffer.concat([Buffer.from(SEED), u32(siteBytes.length), siteBytes, u32(intArg(counter))])).digest();
  const template = templates[seed[0]! % templates.length]!;
  return [...template].map((el, i) => {
    const chars = TEMPLATE_CHARS[el]!;
    return chars[seed[i + 1]! % chars.length];
  }).join('');
}

function aesKey(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(toBytes(password)).copy(key, 0, 0, 32);
  return key;
}

function encryptAES(password: string, plaintext: string): string {
  if (plaintext === '') return '';
  const content = toBytes(plaintext);
  const pad = 16 - (content.length % 16);
  const padded = Buffer.concat([content, Buffer.alloc(pad, pad)]);
  const iv = randomBytes(16);
  const c = createCipheriv('aes-256-cbc', aesKey(password), iv).setAutoPadding(false);
  return Buffer.concat([iv, c.update(padded), c.final()]).toString('base64');
}

/** Go's decryptAES: no padding validation; short or ragged input panics like crypto/cipher does. */
function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  const crypt = Buffer.from(base64Decode(toBytes(crypt64)));
  if (crypt.length < 16) throw new Error(`runtime error: slice bounds out of range [:16] with capacity ${crypt.length}`);
  const body = crypt.subarray(16);
  if (body.length % 16 !== 0) throw new Error('crypto/cipher: input not full blocks');
  const d = createDecipheriv('aes-256-cbc', aesKey(password), crypt.subarray(0, 16)).setAutoPadding(false);
  const plain = Buffer.concat([d.update(body), d.final()]);
  if (plain.length === 0) throw new Error('runtime error: index out of range [-1]');
  const cut = plain.length - plain[plain.length - 1]!;
  if (cut < 0) throw new Error(`runtime error: slice bounds out of range [:${cut}]`);
  return fromBytes(plain.subarray(0, cut));
}

function genPrivateKey(typ: string): string {
  const k = generateKey(typ);
  return k ? keyPem(k) : 'Unknown type ' + typ;
}

function withPemKey(privPem: string): PrivateKey {
  try {
    return parsePrivateKeyPem(privPem);
  } catch (e) {
    throw new Error(`parsing private key: ${(e as Error).message}`);
  }
}

const tmpl = (cn: string, ips: unknown[] | null, dns: unknown[] | null, days: unknown, isCA = false): CertTemplate => ({ cn, ips, dns, days: intArg(days), isCA });

function genCA(cn: string, days: unknown, key: PrivateKey): Certificate {
  return createCertificate(tmpl(cn, null, null, days, true), key, 'self', key);
}

function genSelfSigned(cn: string, ips: unknown[] | null, dns: unknown[] | null, days: unknown, key: PrivateKey): Certificate {
  return createCertificate(tmpl(cn, ips, dns, days), key, 'self', key);
}

function genSigned(cn: string, ips: unknown[] | null, dns: unknown[] | null, days: unknown, ca: unknown, key: PrivateKey): Certificate {
  const c = certificateArg(ca);
  const parent = parseParent(c.cert);
  let signer: PrivateKey;
  try {
    signer = parsePrivateKeyPem(c.key);
  } catch (e) {
    throw new Error(`error parsing private key: ${(e as Error).message}`);
  }
  return createCertificate(tmpl(cn, ips, dns, days), key, parent, signer);
}

function buildCustomCert(b64cert: string, b64key: string): Certificate {
  let cert: Uint8Array;
  let key: Uint8Array;
  try {
    cert = base64Decode(toBytes(b64cert));
  } catch {
    throw new Error('unable to decode base64 certificate');
  }
  try {
    key = base64Decode(toBytes(b64key));
  } catch {
    throw new Error('unable to decode base64 private key');
  }
  const certText = fromBytes(cert);
  const keyText = fromBytes(key);
  if (!der.decodePem(certText)) throw new Error('unable to decode certificate');
  try {
    parseParent(certText);
  } catch (e) {
    throw new Error((e as Error).message.replace('decodedSignerCert', 'decodedCert'));
  }
  try {
    parsePrivateKeyPem(keyText);
  } catch (e) {
    throw new Error(`error parsing private key: ${(e as Error).message}`);
  }
  return new Certificate(certText, keyText);
}

const S = 'string' as const;
const L = '[]interface{}' as const;
const CERT = { returnsError: true, result: 'sprig.certificate' };

export const cryptoFuncs: FuncMap = {
  sha1sum: goFunc([S], hash('sha1'), { result: 'string' }),
  sha256sum: goFunc([S], hash('sha256'), { result: 'string' }),
  sha512sum: goFunc([S], hash('sha512'), { result: 'string' }),
  adler32sum: goFunc([S], adler32, { result: 'string' }),
  bcrypt: goFunc([S], bcrypt, { result: 'string' }),
  htpasswd: goFunc([S, S], (user: string, pass: string) => (user.includes(':') ? `invalid username: ${user}` : `${user}:${bcrypt(pass)}`), { result: 'string' }),
  // Go declares `counter uint32`; an untyped constant converts to it, so 'int' is the closest declared type we have.
  derivePassword: goFunc(['int', S, S, S, S], derivePassword, { result: 'string' }),
  encryptAES: goFunc([S, S], encryptAES, { result: 'string', returnsError: true }),
  decryptAES: goFunc([S, S], decryptAES, { result: 'string', returnsError: true }),
  genPrivateKey: goFunc([S], genPrivateKey, { result: 'string' }),
  buildCustomCert: goFunc([S, S], buildCustomCert, CERT),
  genCA: goFunc([S, 'int'], (cn: string, days) => genCA(cn, days, generateRsa2048()), CERT),
  genCAWithKey: goFunc([S, 'int', S], (cn: string, days, pem: string) => genCA(cn, days, withPemKey(pem)), CERT),
  genSelfSignedCert: goFunc([S, L, L, 'int'], (cn: string, ips, dns, days) => genSelfSigned(cn, ips, dns, days, generateRsa2048()), CERT),
  genSelfSignedCertWithKey: goFunc([S, L, L, 'int', S], (cn: string, ips, dns, days, pem: string) => genSelfSigned(cn, ips, dns, days, withPemKey(pem)), CERT),
  genSignedCert: goFunc([S, L, L, 'int', 'interface{}'], (cn: string, ips, dns, days, ca) => genSigned(cn, ips, dns, days, ca, generateRsa2048()), CERT),
  genSignedCertWithKey: goFunc([S, L, L, 'int', 'interface{}', S], (cn: string, ips, dns, days, ca, pem: string) => genSigned(cn, ips, dns, days, ca, withPemKey(pem)), CERT),
};
