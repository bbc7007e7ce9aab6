// `bundle deps`: vendor every chart's `file://` dependencies the way Helm does (`helm dependency update`: an archive
// under charts/ plus Chart.lock), or with --check name every vendored copy that is stale (exit 1), without helm.
import { existsSync, lstatSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { log, run } from './io.js';

export function registerDeps(program: Command): void {
  program
    .command('deps')
    .description('vendor the charts\' file:// dependencies as helm does (charts/<dep>-<version>.tgz + Chart.lock); --check only reports stale copies')
    .argument('[chart...]', 'chart names under --charts-dir, or chart directories (default: every chart with a file:// dependency)')
    .option('--charts-dir <dir>', 'folder holding the charts', 'charts')
    .option('--check', 'write nothing; exit 1 and name every vendored copy that is missing or out of date (needs no helm)')
    .action((charts: string[], opts: { chartsDir: string; check?: boolean }) =>
      run(async () => {
        const { chartsWithLocalDependencies, localDependencies, vendorProblems } = await import('../charts/vendor.js');
        const chartsDir = resolve(opts.chartsDir);
        const dirs = charts.length > 0 ? charts.map((c) => chartDir(chartsDir, c)) : chartsWithLocalDependencies(chartsDir);
        const show = (file: string) => relative(process.cwd(), file) || file;
        const stale = dirs.filter((dir) => vendorProblems(dir).length > 0);
        if (opts.check) {
          for (const dir of stale) for (const p of vendorProblems(dir)) log.error(`${show(p.file)}: ${p.message}`);
          if (stale.length > 0) return 1;
          log.info(`${dirs.length} chart${dirs.length === 1 ? '' : 's'}: vendored dependencies up to date`);
          return 0;
        }
        if (stale.length === 0) {
          log.info(`${dirs.length} chart${dirs.length === 1 ? '' : 's'}: vendored dependencies up to date`);
          return 0;
        }
        const { findHelmBinary } = await import('../engines/index.js');
        const { execa } = await import('execa');
        const helm = findHelmBinary(3);
        const home = join(process.env.TMPDIR ?? '/tmp', `bundle-deps-${process.pid}`);
        try {
          for (const dir of stale) {
            // What helm would keep beside the new archive: the symlink or copy this replaces, older archives.
            const sub = join(dir, 'charts');
            for (const { dep } of localDependencies(dir)) {
              for (const name of existsSync(sub) ? readdirSync(sub) : []) {
                const full = join(sub, name);
                if (name === dep.name || (name.startsWith(`${dep.name}-`) && name.endsWith('.tgz'))) {
                  rmSync(full, { recursive: !lstatSync(full).isSymbolicLink(), force: true });
                }
              }
            }
            const r = await execa(helm, ['dependency', 'update', '--skip-refresh', dir], {
              reject: false,
              extendEnv: false,
              env: { HOME: home, PATH: '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC' },
            });
            if (r.exitCode !== 0) throw new Error(`helm dependency update ${show(dir)} failed: ${String(r.stderr).trim()}`);
            const left = vendorProblems(dir);
            if (left.length > 0) throw new Error(`${show(left[0]!.file)}: still ${left[0]!.message} after helm dependency update`);
            log.info(`vendored ${localDependencies(dir).map((d) => d.dep.name).join(', ')} into ${show(sub)}`);
          }
        } finally {
          rmSync(home, { recursive: true, force: true });
        }
        return 0;
      }),
    );
}

/** A chart argument is a directory when one exists at that path, else a chart name under chartsDir. */
function chartDir(chartsDir: string, arg: string): string {
  for (const dir of [resolve(arg), join(chartsDir, arg)]) if (existsSync(join(dir, 'Chart.yaml'))) return dir;
  throw new Error(`chart "${arg}" not found (looked for ${resolve(arg, 'Chart.yaml')} and ${join(chartsDir, arg, 'Chart.yaml')})`);
}
