// The registry client helm template builds before anything else: with --cert-file and --key-file, or --ca-file, or
// --insecure-skip-tls-verify it loads a TLS configuration, so unreadable or unusable files fail the command even
// offline (internal/tlsutil, crypto/tls.X509KeyPair), with helm's messages.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { HelmError } from './errors.js';
import { pathError } from './gofs.js';

export interface TlsOptions {
  certFile?: string;
  keyFile?: string;
  caFile?: string;
  insecureSkipTlsVerify?: boolean;
}

interface PemBlock {
  type: string;
  der: Buffer;
}

/** pem.Decode over a whole input: every well-formed block in order. */
function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  const re = /-----BEGIN ([^\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2]!.replace(/^[A-Za-z-]+:.*\r?\n/gm, '');
    out.push({ type: m[1]!, der: Buffer.from(body.replace(/\s+/g, ''), 'base64') });
  }
  return out;
}

const PREFIX = "missing registry client: can't create TLS config for client: ";

export function checkTlsFiles(o: TlsOptions): void {
  const pair = Boolean(o.certFile && o.keyFile);
  if (!pair && !o.caFile && !o.insecureSkipTlsVerify) return;
  if (pair) {
    try {
      checkKeyPair(o.certFile!, o.keyFile!);
    } catch (e) {
      throw new HelmError(`${PREFIX}can't load key pair from cert ${o.certFile} and key ${o.keyFile}: ${(e as Error).message}`);
    }
  }
  if (o.caFile) {
    let text: string;
    try {
      text = readFileSync(o.caFile, 'latin1');
    } catch {
      throw new HelmError(`${PREFIX}can't read CA file: ${o.caFile}`);
    }
    const parsed = pemBlocks(text).some((b) => b.type === 'CERTIFICATE' && parses(b.der));
    if (!parsed) throw new HelmError(`${PREFIX}failed to append certificates from file: ${o.caFile}`);
  }
}

function parses(der: Buffer): boolean {
  try {
    new X509Certificate(der);
    return true;
  } catch {
    return false;
  }
}

function read(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch (e) {
    throw pathError('open', path, e);
  }
}

/** tls.LoadX509KeyPair's checks and messages. */
function checkKeyPair(certFile: string, keyFile: string): void {
  const certBlocks = pemBlocks(read(certFile));
  const keyText = read(keyFile);
  const certs = certBlocks.filter((b) => b.type === 'CERTIFICATE');
  if (certs.length === 0) {
    const skipped = certBlocks.map((b) => b.type);
    if (skipped.length === 0) throw new Error('tls: failed to find any PEM data in certificate input');
    if (skipped.length === 1 && skipped[0]!.endsWith('PRIVATE KEY')) {
      throw new Error('tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched');
    }
    throw new Error(`tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${skipped.join(' ')}]`);
  }
  const keyBlocks = pemBlocks(keyText);
  const key = keyBlocks.find((b) => b.type === 'PRIVATE KEY' || b.type.endsWith(' PRIVATE KEY'));
  if (!key) {
    const skipped = keyBlocks.map((b) => b.type);
    if (skipped.length === 0) throw new Error('tls: failed to find any PEM data in key input');
    if (skipped.length === 1 && skipped[0] === 'CERTIFICATE') throw new Error('tls: found a certificate rather than a key in the PEM for the private key');
    throw new Error(`tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${skipped.join(' ')}]`);
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certs[0]!.der);
  } catch {
    throw new Error('x509: malformed certificate');
  }
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    const type = key.type === 'RSA PRIVATE KEY' ? 'pkcs1' : key.type === 'EC PRIVATE KEY' ? 'sec1' : 'pkcs8';
    privateKey = createPrivateKey({ key: key.der, format: 'der', type });
  } catch {
    throw new Error('tls: failed to parse private key');
  }
  if (cert.publicKey.asymmetricKeyType !== privateKey.asymmetricKeyType) throw new Error('tls: private key type does not match public key type');
  if (!cert.checkPrivateKey(privateKey)) throw new Error('tls: private key does not match public key');
}
