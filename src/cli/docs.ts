// `bundle docs`: regenerate the values tables of chart READMEs, or with --check list the stale ones (exit 1).
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { log, run } from './io.js';

export function registerDocs(program: Command): void {
  program
    .command('docs')
    .description('regenerate the values table of chart READMEs from values.schema.json; --check only reports stale READMEs')
    .argument('[chart...]', 'chart names under --charts-dir, or chart directories (default: every chart with a schema)')
    .option('--charts-dir <dir>', 'folder holding the charts', 'charts')
    .option('--check', 'write nothing; exit 1 and name every README that is out of date')
    .action((charts: string[], opts: { chartsDir: string; check?: boolean }) =>
      run(async () => {
        const { documentedCharts, renderChartReadme, staleReadmes } = await import('../docs/index.js');
        const chartsDir = resolve(opts.chartsDir);
        const dirs = charts.length > 0 ? await Promise.all(charts.map((c) => chartDir(chartsDir, c))) : await documentedCharts(chartsDir);
        const show = (file: string) => relative(process.cwd(), file) || file;
        if (opts.check) {
          const stale = await staleReadmes(dirs);
          for (const file of stale) log.error(`${show(file)} is out of date; run \`bundle docs\` to regenerate it`);
          if (stale.length > 0) return 1;
          log.info(`${dirs.length} chart README${dirs.length === 1 ? '' : 's'} up to date`);
          return 0;
        }
        for (const dir of dirs) {
          const file = join(dir, 'README.md');
          const next = await renderChartReadme(dir);
          if ((await readOrEmpty(file)) === next) continue;
          await writeFile(file, next);
          log.info(`wrote ${show(file)}`);
        }
        return 0;
      }),
    );
}

/** A chart argument is a directory when one exists at that path, else a chart name under chartsDir. */
async function chartDir(chartsDir: string, arg: string): Promise<string> {
  const candidates = [resolve(arg), join(chartsDir, arg)];
  for (const dir of candidates) {
    if (await isFile(join(dir, 'Chart.yaml'))) return dir;
  }
  throw new Error(`chart "${arg}" not found (looked for ${candidates.map((d) => join(d, 'Chart.yaml')).join(' and ')})`);
}

async function readOrEmpty(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => '');
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then((s) => s.isFile(), () => false);
}
