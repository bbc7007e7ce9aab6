// `bundle affected --since <ref>`: the envs and releases a change since a git ref touches (for CI).
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatOption, out, run } from './io.js';

export function registerAffected(program: Command): void {
  program
    .command('affected')
    .description('list the envs and releases that changes since a git ref touch (chart files, library charts, values layers, env facts)')
    .requiredOption('--since <ref>', 'git ref to compare the working tree with')
    .option('--root <dir>', 'repository root', '.')
    .addOption(formatOption())
    .action((opts) =>
      run(async () => {
        const { affected } = await import('../affected/index.js');
        const report = await affected(realpathSync(resolve(opts.root)), opts.since);
        if (opts.output === 'json') return void out(JSON.stringify(report, null, 2));
        // One line per release: env, release, why (the first few changed files it reads, or the env's reasons).
        const why = (reasons: string[]) => reasons.slice(0, 3).join(', ') + (reasons.length > 3 ? ` and ${reasons.length - 3} more` : '');
        for (const env of report.envs) {
          if (env.releases.length === 0) out(`${env.env}\t-\t${why(env.reasons)}`);
          for (const r of env.releases) out(`${env.env}\t${r.name}\t${why([...r.reasons, ...env.reasons])}`);
        }
      }),
    );
}
