// `bundle env new <name> --from <env>`: scaffold an env folder from an existing one, cluster facts left as TODOs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Command } from 'commander';
import { log, out, run } from './io.js';

export function registerEnv(program: Command): void {
  const env = program.command('env').description('manage env folders (overlays/<env>/)');
  env
    .command('new')
    .description('make overlays/<name>/ from an existing env: its releases, values, waivers, external objects and CRDs; the cluster facts as TODOs')
    .argument('<name>', 'the new env\'s name (a DNS label)')
    .requiredOption('--from <env>', 'the env to copy: env/<name>, <name>, or an overlay path')
    .action((name: string, opts: { from: string }) =>
      run(async () => {
        const { loadEnvironment } = await import('../env/load.js');
        const { scaffoldEnv } = await import('../env/scaffold.js');
        const { env: from } = await loadEnvironment(opts.from);
        const { dir, files } = scaffoldEnv(name, from, opts.from);
        // Written only once everything is known; the folder did not exist.
        for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
          mkdirSync(dirname(join(dir, path)), { recursive: true });
          writeFileSync(join(dir, path), content, { flag: 'wx' });
          out(relative(process.cwd(), join(dir, path)));
        }
        log.info(`env ${name}: fill in the TODOs of ${relative(process.cwd(), join(dir, 'env.yaml'))}; \`bundle validate env/${name}\` lists those left`);
      }),
    );
}
