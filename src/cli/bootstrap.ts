// `bundle bootstrap`: write (or with --check, verify) the root kustomization.yaml and argocd/ objects.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { log, run } from './io.js';

export function registerBootstrap(program: Command): void {
  program
    .command('bootstrap')
    .description('write the Argo CD bootstrap (kustomization.yaml + argocd/<env>/) from every overlays/<env>/env.yaml')
    .option('--root <dir>', 'repository root', '.')
    .option('--check', 'write nothing; exit 1 when the committed bootstrap is stale', false)
    .action((opts) =>
      run(async () => {
        const { bootstrapFiles } = await import('../output/bootstrap.js');
        const root = resolve(opts.root);
        const files = await bootstrapFiles(root);
        const stale: string[] = [];
        for (const [path, content] of files) {
          const full = join(root, path);
          const current = existsSync(full) ? await readFile(full, 'utf8') : undefined;
          if (current === content) continue;
          stale.push(path);
          if (!opts.check) {
            await mkdir(dirname(full), { recursive: true });
            await writeFile(full, content);
          }
        }
        if (opts.check && stale.length > 0) {
          for (const path of stale) log.error(`${path}: stale Argo CD bootstrap; run \`bundle bootstrap\` and commit the result`);
          return 1;
        }
        log.info(opts.check ? 'bootstrap is up to date' : `bootstrap: ${stale.length} file(s) updated`);
      }),
    );
}
