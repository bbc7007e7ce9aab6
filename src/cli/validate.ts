// `bundle validate <env>`: the env file against schemas/, every release's merged values against its chart schema.
import type { Command } from 'commander';
import { DiagnosticError } from '../schema/diagnostic.js';
import { diagnosticsJson, formatOption, log, out, run, selectionOf, withSelectOptions, withSetOptions, setsOf } from './io.js';

export function registerValidate(program: Command): void {
  withSetOptions(
    withSelectOptions(
      program
        .command('validate')
        .description('validate an env file and every release\'s values; reports every problem with file:line:col')
        .argument('<env>', 'env/<name>, <name>, or the path of an overlay folder or env file')
        .addOption(formatOption()),
    ),
  ).action((envArg: string, opts) =>
    run(async () => {
      const { prepare } = await import('../pipeline.js');
      try {
        const prepared = await prepare(envArg, { ...setsOf(opts), selection: selectionOf(opts) });
        const count = prepared.releases.length;
        if (opts.output === 'json') out(JSON.stringify({ env: prepared.env.name, valid: true, releases: count, problems: [] }, null, 2));
        else log.info(`${prepared.env.name}: env file and ${count} ${prepared.selected ? 'selected ' : ''}releases valid`);
      } catch (e) {
        if (opts.output === 'json' && e instanceof DiagnosticError) {
          out(JSON.stringify({ valid: false, problems: diagnosticsJson(e.diagnostics) }, null, 2));
        }
        throw e;
      }
    }),
  );
}
