// `bundle render <env>`: validate, render every release, check, write one file per object atomically.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { armTimeout, cacheOption, formatOption, log, out, phaseClock, progress, run, selectionOf, setsOf, withRenderOptions, withSelectOptions, withWriteOptions } from './io.js';

export function registerRender(program: Command): void {
  withRenderOptions(
    withSelectOptions(withWriteOptions(program
      .command('render')
      .description('validate an env, render all its releases and write one file per object to <out>/<env>/')
      .argument('<env>', 'env/<name>, <name>, or the path of an overlay folder or env file')
      .option('--out <dir>', 'output folder', 'rendered'))
      .addOption(formatOption())
      .option('--timings', 'print the wall time of each phase on stderr', false)),
  ).action((envArg: string, opts) =>
    run(async () => {
      const clock = phaseClock();
      clock.mark('start-up');
      const { getEngine } = await import('../engines/index.js');
      const { writeEnvTree } = await import('../output/write.js');
      const { check, layout, prepare, render, renderContext, unselectedPath } = await import('../pipeline.js');
      const { reportFindings, verifyOutputTree } = await import('./findings.js');
      const deadline = armTimeout(opts.timeout);
      const prepared = await prepare(envArg, { ...setsOf(opts), selection: selectionOf(opts), cache: cacheOption(opts) });
      clock.mark('load+validate');
      const bar = progress('rendering');
      const outputs = await render(prepared, {
        engine: getEngine(opts.engine),
        concurrency: opts.concurrency,
        skipTests: opts.skipTests,
        deadline,
        onRelease: (name, done, total) => bar.update(done, total, name),
        onWarning: (release, message) => log.warn(`[${release}] ${message}`),
      });
      bar.end();
      clock.mark('render');
      const context = await renderContext(prepared, { engine: getEngine(opts.engine), concurrency: opts.concurrency, skipTests: opts.skipTests, deadline });
      await reportFindings(await check(prepared, outputs, context));
      clock.mark('check');
      const { files, objects } = layout(prepared, outputs);
      const outDir = resolve(opts.out);
      // A selection writes its releases' files only: the other releases' files stay as they are, still owned.
      const summary = await writeEnvTree(outDir, prepared.env.name, files, {
        verify: (dir) => verifyOutputTree(dir, objects),
        adopt: opts.adopt,
        force: opts.force,
        private: (path) => (objects.get(path) as { kind?: unknown } | undefined)?.kind === 'Secret',
        lockTimeoutMs: opts.lockTimeout * 1000,
        notify: log.warn,
        keep: unselectedPath(prepared),
      });
      clock.mark('write');
      const releases = outputs.map((o) => ({
        name: o.release.name,
        chart: o.release.chart,
        namespace: o.release.namespace,
        wave: o.release.wave,
        objects: o.objects.length,
        cached: o.cached ?? false,
      }));
      if (opts.output === 'json') {
        out(JSON.stringify({ env: prepared.env.name, out: `${opts.out}/${prepared.env.name}`, releases, files: files.size, ...summary }, null, 2));
      } else {
        for (const r of releases) out(`${r.name}\t${r.namespace}\twave ${r.wave}\t${r.objects} objects`);
        const cached = releases.filter((r) => r.cached).length;
        log.info(
          `wrote ${opts.out}/${prepared.env.name}: ${files.size} files (${summary.added.length} added, ${summary.changed.length} changed, ` +
            `${summary.removed.length} removed, ${summary.unchanged.length} unchanged${summary.foreign.length ? `, ${summary.foreign.length} foreign kept` : ''}` +
            `${summary.adopted.length ? `, ${summary.adopted.length} adopted` : ''}${summary.overwritten.length ? `, ${summary.overwritten.length} hand edits overwritten` : ''}` +
            `${summary.kept.length ? `; ${summary.kept.length} files of releases not selected left as they were` : ''})` +
            (cached ? `; ${cached} of ${releases.length} releases from .bundle-cache/` : ''),
        );
      }
      if (opts.timings) clock.report();
    }),
  );
}
