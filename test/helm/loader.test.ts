import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { findHelmBinary } from '../../src/engines/index.js';
import { loadChartArchive, loadChartDir } from '../../src/helm/loader.js';

const corpus = resolve(import.meta.dirname, '../parity/corpus');
const tmp = mkdtempSync(join(tmpdir(), 'helm-loader-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('chart loading', () => {
  it('loads subcharts from directories and .tgz archives', () => {
    const c = loadChartDir(join(corpus, 'helm-tgz-subchart'));
    expect(c.dependencies.map((d) => d.name())).toEqual(['packed']);
    const packed = c.dependencies[0]!;
    expect(packed.chartFullPath()).toBe('parent/charts/packed');
    expect(packed.templates.map((t) => t.name).sort()).toEqual(['templates/_h.tpl', 'templates/cm.yaml']);
    expect(packed.files.map((f) => f.name)).toEqual(['files/f.txt']);
    expect(packed.values).toEqual({ own: 1 });
  });

  it('keeps Chart.yaml, values and schema out of .Files and skips _/. subchart directories', () => {
    const c = loadChartDir(join(corpus, 'helm-subchart-undeclared'));
    expect(c.files.map((f) => f.name)).toEqual([]);
    expect(c.dependencies.map((d) => d.name())).toEqual(['child']);
  });

  it('stringifies numeric Chart.yaml fields like sigs.k8s.io/yaml (32-bit float formatting)', () => {
    const c = loadChartDir(join(corpus, 'helm-chart-float-version'));
    expect(c.metadata.version).toBe('1');
    expect(c.metadata.appVersion).toBe('2.5');
  });

  it('strips a UTF-8 BOM from every file', () => {
    const c = loadChartDir(join(corpus, 'helm-bom'));
    expect(c.values).toEqual({ key: 'value' });
    expect(Buffer.from(c.files.find((f) => f.name === 'data.txt')!.data).toString()).toBe('bom file\n');
  });

  it('reads an archive written by `helm package` like the directory it came from', async () => {
    const src = join(corpus, 'helm-basic');
    await execa(findHelmBinary(3), ['package', src, '--destination', tmp], {
      env: { HOME: tmp, PATH: '/usr/bin:/bin' },
      extendEnv: false,
    });
    const archive = readdirSync(tmp).find((f) => f.endsWith('.tgz'))!;
    const fromTgz = loadChartArchive(readFileSync(join(tmp, archive)));
    const fromDir = loadChartDir(src);
    expect(fromTgz.metadata).toEqual(fromDir.metadata);
    expect(fromTgz.values).toEqual(fromDir.values);
    const texts = (c: typeof fromDir) => c.templates.map((t) => [t.name, Buffer.from(t.data).toString()]).sort();
    expect(texts(fromTgz)).toEqual(texts(fromDir));
  });
});
