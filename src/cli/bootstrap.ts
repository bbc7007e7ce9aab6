// `bundle bootstrap`: write (or with --check, verify) the Argo CD bootstrap, argocd/<cluster>/ for every cluster the
// overlays name. Each env is rendered, because its AppProject permits exactly the namespaces and cluster-scoped
// kinds its objects use, and because envs of one cluster must not render the same objects.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { cacheOption, log, run } from './io.js';

export function registerBootstrap(program: Command): void {
  program
    .command('bootstrap')
    .description('write the Argo CD bootstrap (argocd/<cluster>/: AppProjects, app-of-apps, argocd-cm patch) from every overlays/<env>/env.yaml')
    .option('--root <dir>', 'repository root', '.')
    .option('--check', 'write nothing; exit 1 when the committed bootstrap is stale', false)
    .option('--no-cache', 'render every release again instead of reusing .bundle-cache/')
    .action((opts) =>
      run(async () => {
        const { bootstrapFiles } = await import('../output/bootstrap.js');
        const { getEngine } = await import('../engines/index.js');
        const { prepare, render } = await import('../pipeline.js');
        const root = resolve(opts.root);
        const overlays = join(root, 'overlays');
        const envFiles = readdirSync(overlays, { withFileTypes: true })
          .filter((e) => e.isDirectory() && existsSync(join(overlays, e.name, 'env.yaml')))
          .map((e) => join(overlays, e.name, 'env.yaml'))
          .sort();
        const envs = [];
        for (const file of envFiles) {
          const prepared = await prepare(file, { cwd: root, cache: cacheOption(opts) });
          const outputs = await render(prepared, { engine: getEngine('native'), concurrency: 2 });
          envs.push({ env: prepared.env, source: prepared.source, objects: outputs.flatMap((o) => o.objects) });
        }
        const { files, obsolete } = bootstrapFiles(root, envs);
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
        if (!opts.check) for (const path of obsolete) await rm(join(root, path));
        if (opts.check && stale.length + obsolete.length > 0) {
          for (const path of stale) log.error(`${path}: stale Argo CD bootstrap; run \`bundle bootstrap\` and commit the result`);
          for (const path of obsolete) log.error(`${path}: no longer part of the Argo CD bootstrap; run \`bundle bootstrap\` (it removes it) and commit the result`);
          return 1;
        }
        log.info(opts.check ? 'bootstrap is up to date' : `bootstrap: ${stale.length} file(s) updated, ${obsolete.length} removed`);
      }),
    );
}
