// Private keys as Sprig handles them: generation per type and PEM encoding in Go's formats (PKCS#1 RSA, SEC1 EC,
// PKCS#8 otherwise, and Sprig's own ASN.1 layout for DSA), plus parsing PEM back (parsePrivateKeyPEM).
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as der from './der.js';

export interface PrivateKey {
  kind: 'rsa' | 'ec' | 'ed25519' | 'dsa';
  key: KeyObject;
}

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
  }
  return r;
}

/** Sprig's DSAKeyFormat {Version, P, Q, G, Y, X} from a PKCS#8 DSA key. */
function dsaSprigFormat(key: KeyObject): Uint8Array {
  const pkcs8 = der.read(key.export({ type: 'pkcs8', format: 'der' }));
  const [, alg, priv] = der.children(pkcs8);
  const [, params] = der.children(alg!);
  const [p, q, g] = der.children(params!).map((n) => der.toBigInt(n.content)) as [bigint, bigint, bigint];
  const x = der.toBigInt(der.read(priv!.content).content);
  return der.sequence(der.integer(0n), der.integer(p), der.integer(q), der.integer(g), der.integer(modPow(g, x, p)), der.integer(x));
}

/** pemBlockForKey. */
export function keyPem(k: PrivateKey): string {
  switch (k.kind) {
    case 'rsa':
      return k.key.export({ type: 'pkcs1', format: 'pem' }) as string;
    case 'ec':
      return k.key.export({ type: 'sec1', format: 'pem' }) as string;
    case 'dsa':
      return der.pem('DSA PRIVATE KEY', dsaSprigFormat(k.key));
    default:
      return k.key.export({ type: 'pkcs8', format: 'pem' }) as string;
  }
}

export function generateKey(typ: string): PrivateKey | undefined {
  switch (typ) {
    case '':
    case 'rsa':
      return { kind: 'rsa', key: generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey };
    case 'dsa':
      return { kind: 'dsa', key: generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey };
    case 'ecdsa':
      return { kind: 'ec', key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey };
    case 'ed25519':
      return { kind: 'ed25519', key: generateKeyPairSync('ed25519').privateKey };
  }
  return undefined;
}

export const generateRsa2048 = (): PrivateKey => ({ kind: 'rsa', key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey });

function kindOfKey(key: KeyObject): PrivateKey['kind'] {
  const t = key.asymmetricKeyType;
  if (t === 'rsa' || t === 'ec' || t === 'ed25519' || t === 'dsa') return t;
  throw new Error(`unsupported key type ${t}`);
}

/** Sprig's parsePrivateKeyPEM, with its error texts. */
export function parsePrivateKeyPem(text: string): PrivateKey {
  const block = der.decodePem(text);
  if (!block) throw new Error('no PEM data in input');
  const input = (type: 'pkcs8' | 'pkcs1' | 'sec1') => ({ key: Buffer.from(block.bytes), format: 'der' as const, type });
  if (block.type === 'PRIVATE KEY') {
    try {
      const key = createPrivateKey(input('pkcs8'));
      return { kind: kindOfKey(key), key };
    } catch (e) {
      throw new Error(`decoding PEM as PKCS#8: ${(e as Error).message}`);
    }
  }
  if (!block.type.endsWith(' PRIVATE KEY')) throw new Error(`no private key data in PEM block of type ${block.type}`);
  const kind = block.type.slice(0, -12);
  try {
    if (kind === 'RSA') return { kind: 'rsa', key: createPrivateKey(input('pkcs1')) };
    if (kind === 'EC') return { kind: 'ec', key: createPrivateKey(input('sec1')) };
    if (kind === 'DSA') return { kind: 'dsa', key: createPrivateKey({ key: text, format: 'pem' }) };
  } catch (e) {
    throw new Error(`parsing ${kind} private key from PEM: ${(e as Error).message}`);
  }
  throw new Error(`invalid private key type ${block.type}`);
}

/** SubjectPublicKeyInfo DER of a private key's public half. */
export function spki(k: PrivateKey): Uint8Array {
  return createPublicKey(k.key).export({ type: 'spki', format: 'der' });
}
