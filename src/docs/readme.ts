// Chart READMEs: the values section between the markers is generated; everything else is written by hand.
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { renderValuesTable, type JsonSchema } from './values-table.js';

export const VALUES_START = '<!-- values:start -->';
export const VALUES_END = '<!-- values:end -->';

interface ChartMeta {
  name?: string;
  description?: string;
  dependencies?: Array<{ name: string; alias?: string }>;
}

/** The README of a chart with its values section regenerated from values.schema.json and values.yaml. */
export async function renderChartReadme(chartDir: string): Promise<string> {
  // Helm reads YAML 1.1 (`yes`/`on` are booleans), so the documented defaults do too.
  const chart = (parse(await readFile(join(chartDir, 'Chart.yaml'), 'utf8'), { version: '1.1' }) ?? {}) as ChartMeta;
  const schema = JSON.parse(await readFile(join(chartDir, 'values.schema.json'), 'utf8')) as JsonSchema;
  const values = parse((await readOptional(join(chartDir, 'values.yaml'))) ?? '', { version: '1.1' }) ?? {};
  // Subcharts' values are documented in the subcharts' own READMEs.
  const skip = (chart.dependencies ?? []).map((d) => d.alias ?? d.name);
  const section = `${VALUES_START}\n${renderValuesTable(schema, values, { skip })}${VALUES_END}`;

  const current = await readOptional(join(chartDir, 'README.md'));
  if (current === undefined) {
    const name = chart.name ?? basename(chartDir);
    return `# ${name}\n\n${chart.description ?? ''}\n\n## Values\n\n${section}\n`;
  }
  const start = current.indexOf(VALUES_START);
  const end = current.indexOf(VALUES_END);
  // A hand-written README without the markers gets the generated section appended.
  if (start < 0 || end < start) return `${current.trimEnd()}\n\n## Values\n\n${section}\n`;
  return current.slice(0, start) + section + current.slice(end + VALUES_END.length);
}

/** Chart directories under chartsDir that document values (those with a values.schema.json), sorted. */
export async function documentedCharts(chartsDir: string): Promise<string[]> {
  const entries = await readdir(chartsDir, { withFileTypes: true });
  const charts: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const dir = join(chartsDir, entry.name);
    if (await exists(join(dir, 'values.schema.json'))) charts.push(dir);
  }
  return charts.sort();
}

/** README files under chartsDir that differ from what renderChartReadme produces (missing ones included). */
export async function checkChartReadmes(chartsDir: string): Promise<string[]> {
  return staleReadmes(await documentedCharts(chartsDir));
}

/** The README files of these chart directories that are missing, lack the markers, or hold an outdated table. */
export async function staleReadmes(chartDirs: string[]): Promise<string[]> {
  const stale: string[] = [];
  for (const dir of chartDirs) {
    const readmeFile = join(dir, 'README.md');
    if ((await readOptional(readmeFile)) !== (await renderChartReadme(dir))) stale.push(readmeFile);
  }
  return stale;
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
