// `bundle lint <env>`: render in memory, then every output check; exit 1 on any error finding.
import { join } from 'node:path';
import type { Command } from 'commander';
import { armTimeout, cacheOption, formatOption, log, out, run, selectionOf, setsOf, withRenderOptions, withSelectOptions } from './io.js';

export function registerLint(program: Command): void {
  withRenderOptions(
    withSelectOptions(
      program
        .command('lint')
        .description('check the rendered objects: Kubernetes schemas, cross-resource rules, secret gate, Argo CD output rules')
        .argument('<env>', 'env/<name>, <name>, or an overlay path')
        .addOption(formatOption()),
    ),
  ).action((envArg: string, opts) =>
    run(async () => {
      const { getEngine } = await import('../engines/index.js');
      const { writeEnvTree } = await import('../output/write.js');
      const { check, layout, onlySelected, prepare, render, renderContext } = await import('../pipeline.js');
      const { checkOutputTree, formatFindings, hasErrors } = await import('../checks/index.js');
      const deadline = armTimeout(opts.timeout);
      const prepared = await prepare(envArg, { ...setsOf(opts), selection: selectionOf(opts), cache: cacheOption(opts) });
      const renderOpts = { engine: getEngine(opts.engine), concurrency: opts.concurrency, skipTests: opts.skipTests, deadline };
      const outputs = await render(prepared, { ...renderOpts, onWarning: (release, message) => log.warn(`[${release}] ${message}`) });
      const context = await renderContext(prepared, renderOpts);
      const findings = await check(prepared, outputs, context);
      const { tempDir } = await import('../process-cleanup.js');
      const scratch = tempDir('lint');
      try {
        const tree = layout(prepared, [...outputs, ...context]);
        await writeEnvTree(scratch.path, prepared.env.name, tree.files);
        findings.push(...onlySelected(prepared, await checkOutputTree(join(scratch.path, prepared.env.name), tree.objects)));
      } finally {
        scratch.remove();
      }
      if (opts.output === 'json') out(formatFindings(findings, 'json'));
      else if (findings.length > 0) process.stderr.write(formatFindings(findings, 'text'));
      else log.info(`${prepared.env.name}${prepared.selected ? ` (${[...prepared.selected].join(', ')})` : ''}: no findings`);
      if (process.env.GITHUB_ACTIONS === 'true') process.stdout.write(formatFindings(findings, 'github', { sourcePrefix: 'charts/' }));
      return hasErrors(findings) ? 1 : 0;
    }),
  );
}
