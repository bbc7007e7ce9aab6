// `bundle cache clear`: remove the project's render cache (.bundle-cache/).
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { log, run } from './io.js';

export function registerCache(program: Command): void {
  const cache = program.command('cache').description('the render cache: releases and values of earlier runs, in .bundle-cache/');
  cache
    .command('clear')
    .description('remove .bundle-cache/ (the next render renders and validates every release)')
    .option('--root <dir>', 'repository root', '.')
    .action((opts) =>
      run(async () => {
        const { CacheStore } = await import('../cache/store.js');
        const store = CacheStore.forProject(resolve(opts.root), log.warn);
        store.clear();
        log.info(`removed ${store.dir}`);
      }),
    );
}
