// README generation from values.schema.json, the `bundle docs` command, and the repository's own charts.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerDocs } from '../../src/cli/docs.js';
import {
  checkChartReadmes,
  documentedCharts,
  renderChartReadme,
  renderValuesTable,
  staleReadmes,
  valuesRows,
} from '../../src/docs/index.js';

const fixtures = fileURLToPath(new URL('./fixtures/charts', import.meta.url));
const repoChartDirs = await documentedCharts(fileURLToPath(new URL('../../charts', import.meta.url)));

const EXPECTED_TABLE = [
  '| Key | Type | Default | Description |',
  '|-----|------|---------|-------------|',
  '| `replicas` | integer | `2` | Pod replicas. |',
  '| `image.repository` | string | `"shop/web"` | Image repository. |',
  '| `image.tag` | string | `"1.0"` | Image tag. |',
  '| `image.digest` | string |  | Optional digest. |',
  '| `service.type` | string | `"ClusterIP"` | Service type. One of: `"ClusterIP"`, `"NodePort"`. |',
  '| `nodeSelector` | object | `{"disk":"ssd"}` | Node labels \\| pipes escaped. |',
  '| `port` | integer or string |  | Port number or name. |',
  '',
].join('\n');

describe('values table', () => {
  it('flattens nested objects into dotted keys with defaults, enums and escaped cells', async () => {
    const schema = JSON.parse(await readFile(join(fixtures, 'shop/values.schema.json'), 'utf8'));
    const values = { replicas: 2, image: { repository: 'shop/web', tag: '1.0' }, service: { type: 'ClusterIP' }, nodeSelector: { disk: 'ssd' } };
    expect(renderValuesTable(schema, values, { skip: ['common'] })).toBe(EXPECTED_TABLE);
    expect(valuesRows(schema).map((r) => r.key)).toContain('common');
  });
});

describe('chart READMEs', () => {
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'docs-test-'));
    await cp(fixtures, work, { recursive: true });
  });
  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
    process.exitCode = 0;
  });

  it('regenerates only the section between the markers, leaving subchart values out', async () => {
    const readme = await renderChartReadme(join(work, 'shop'));
    expect(readme).toBe(
      '# shop\n\nHand-written introduction that generation keeps.\n\n## Values\n\n' +
        `<!-- values:start -->\n${EXPECTED_TABLE}<!-- values:end -->\n\nHand-written footer.\n`,
    );
  });

  it('starts a README for a chart that has none, and appends the section to one without markers', async () => {
    await rm(join(work, 'shop/README.md'));
    expect(await checkChartReadmes(work)).toEqual([join(work, 'shop/README.md')]);
    expect(await renderChartReadme(join(work, 'shop'))).toBe(
      `# shop\n\nFixture chart for README generation.\n\n## Values\n\n<!-- values:start -->\n${EXPECTED_TABLE}<!-- values:end -->\n`,
    );
    await writeFile(join(work, 'shop/README.md'), '# shop\n\nIntro.\n');
    expect(await renderChartReadme(join(work, 'shop'))).toBe(
      `# shop\n\nIntro.\n\n## Values\n\n<!-- values:start -->\n${EXPECTED_TABLE}<!-- values:end -->\n`,
    );
  });

  it('bundle docs --check fails naming the stale file; bundle docs fixes it', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const docs = () => {
        const program = new Command('bundle').exitOverride();
        registerDocs(program);
        return program;
      };
      await docs().parseAsync(['docs', '--charts-dir', work, '--check'], { from: 'user' });
      expect(process.exitCode).toBe(1);
      expect(stderr.mock.calls.join('')).toMatch(/shop\/README\.md is out of date/);

      await docs().parseAsync(['docs', '--charts-dir', work, 'shop'], { from: 'user' });
      expect(process.exitCode).toBe(0);
      expect(await readFile(join(work, 'shop/README.md'), 'utf8')).toContain(EXPECTED_TABLE);

      await docs().parseAsync(['docs', '--charts-dir', work, '--check'], { from: 'user' });
      expect(process.exitCode).toBe(0);
      expect(await checkChartReadmes(work)).toEqual([]);
    } finally {
      stderr.mockRestore();
    }
  });

});

// The CI gate: a schema or values.yaml change without `bundle docs` fails here, naming the chart.
describe('README of every chart in charts/', () => {
  it.each(repoChartDirs.map((dir) => [basename(dir), dir]))('%s', async (_name, chartDir) => {
    expect(await staleReadmes([chartDir])).toEqual([]);
  });
});
