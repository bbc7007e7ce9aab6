import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { readTgz } from '../../src/helm/tar.js';

const tmp = mkdtempSync(join(tmpdir(), 'helm-tar-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// A path longer than the 100 bytes of a classic tar header, so each format has to use its long-name mechanism.
const longDir = `chart/${'d'.repeat(60)}/${'e'.repeat(60)}`;

describe('tar reader', () => {
  it.each(['gnu', 'pax', 'ustar'])('reads long names and contents from GNU tar --format=%s', async (format) => {
    const src = join(tmp, format);
    mkdirSync(join(src, longDir), { recursive: true });
    writeFileSync(join(src, longDir, 'file.txt'), 'long\n');
    writeFileSync(join(src, 'chart/Chart.yaml'), 'name: chart\n');
    const archive = join(tmp, `${format}.tgz`);
    await execa('tar', ['-czf', archive, `--format=${format}`, '-C', src, 'chart']);
    const entries = readTgz(readFileSync(archive)).filter((e) => e.type !== '5');
    const byName = new Map(entries.map((e) => [e.name, Buffer.from(e.data).toString()]));
    expect(byName.get(`${longDir}/file.txt`)).toBe('long\n');
    expect(byName.get('chart/Chart.yaml')).toBe('name: chart\n');
    expect(entries.every((e) => !e.name.endsWith('/'))).toBe(true);
  });
});
