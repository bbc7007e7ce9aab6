// Certificates: ours and real helm's are generated with random keys, serials and times, so they are compared
// structurally (openssl's decoding with the random parts masked), and ours are verified cryptographically.
import { execFileSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { c, evaluate, helmOutputs, type Case } from './harness.js';

const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }) as string;
const edKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

const certCases: Case[] = [
  { id: 'ca', expr: c('toJson', c('genCA', 'my-ca', 365n)) },
  { id: 'self', expr: c('toJson', c('genSelfSignedCert', 'svc.local', ['10.0.0.1', '::ffff:1.2.3.4', 'fe80::1'], ['a.example', '*.b.example'], 30n)) },
  { id: 'signed', expr: c('toJson', c('genSignedCert', 'leaf', ['127.0.0.1'], ['leaf.example'], 10n, c('genCA', 'ca2', 5n))) },
  { id: 'ca-ec', expr: c('toJson', c('genCAWithKey', 'ec-ca', 1n, ecKey)) },
  { id: 'self-ed', expr: c('toJson', c('genSelfSignedCertWithKey', 'ed', null, ['x.example'], 2n, edKey)) },
  { id: 'nocn', expr: c('toJson', c('genSelfSignedCert', '', null, ['only-san.example'], 1n)) },
];

function opensslText(pem: string): string {
  return execFileSync('openssl', ['x509', '-noout', '-text', '-certopt', 'no_sigdump,no_pubkey'], { input: pem, encoding: 'utf8' });
}

/** Mask what is random per generation: serial, validity instants, key identifiers. */
function mask(text: string): string {
  return text
    .replace(/Serial Number:\s*\n?\s*[0-9a-f:]+/, 'Serial Number: S')
    .replace(/(Not (Before|After) *): .*/g, '$1: T')
    .replace(/([0-9A-F]{2}:){19}[0-9A-F]{2}/g, 'KEYID');
}

function parse(json: string): { Cert: string; Key: string } {
  return JSON.parse(json) as { Cert: string; Key: string };
}

describe('certificates vs helm v3.17.3', () => {
  let helm: Map<string, string>;
  beforeAll(async () => {
    helm = await helmOutputs(certCases, {});
  }, 120_000);

  it.each(certCases.map((k) => [k.id, k] as const))('%s has the same structure', (id, k) => {
    const ours = parse(evaluate(k.expr, {}) as string);
    const theirs = parse(helm.get(id)!);
    expect(mask(opensslText(ours.Cert))).toBe(mask(opensslText(theirs.Cert)));
    expect(ours.Key.split('\n')[0]).toBe(theirs.Key.split('\n')[0]);
  });
});

describe('generated certificates verify', () => {
  it('a signed certificate chains to its CA and matches its key', () => {
    const ca = evaluate(c('genCA', 'root', 3n), {}) as { cert: string; key: string };
    const leaf = evaluate(c('genSignedCert', 'leaf', ['10.1.2.3'], ['leaf.example'], 3n, c('genCA', 'unused', 1n)), {});
    expect(leaf).toBeTruthy();
    const signed = evaluate(c('genSignedCertWithKey', 'leaf', ['10.1.2.3'], ['leaf.example'], 3n, c('buildCustomCert', Buffer.from(ca.cert).toString('base64'), Buffer.from(ca.key).toString('base64')), ecKey), {}) as { cert: string; key: string };
    const caCert = new X509Certificate(ca.cert);
    const leafCert = new X509Certificate(signed.cert);
    expect(caCert.ca).toBe(true);
    expect(leafCert.ca).toBe(false);
    expect(leafCert.verify(caCert.publicKey)).toBe(true);
    expect(leafCert.checkIssued(caCert)).toBe(true);
    expect(leafCert.subjectAltName).toBe('DNS:leaf.example, IP Address:10.1.2.3');
    expect(createPublicKey(signed.key).export({ format: 'pem', type: 'spki' })).toBe(leafCert.publicKey.export({ format: 'pem', type: 'spki' }));
    const days = (Date.parse(leafCert.validTo) - Date.parse(leafCert.validFrom)) / 86_400_000;
    expect(days).toBe(3);
  });

  it('reports Sprig errors for bad inputs', () => {
    expect(() => evaluate(c('genSelfSignedCert', 'x', ['300.1.1.1'], null, 1n), {})).toThrow('error parsing ip: 300.1.1.1');
    expect(() => evaluate(c('genCAWithKey', 'x', 1n, 'nope'), {})).toThrow('parsing private key: no PEM data in input');
    expect(() => evaluate(c('buildCustomCert', 'bad!', 'x'), {})).toThrow('unable to decode base64 certificate');
  });
});
