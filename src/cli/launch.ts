// Start-up is a large share of a short run: Node resolving, reading and compiling ~150 modules takes longer than
// the render of a small env. `npm run build` bundles the CLI into one file (dist/cli.cjs, scripts/bundle-cli.mjs) and
// stores the code V8 compiled while rendering an env beside it; this runs that file from its code cache. Without the
// bundle (after `tsc` alone) the CLI runs from dist/ as modules, as it did before.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadGeneratedModule } from '../schema/generated-module.js';

export const CLI_BUNDLE = fileURLToPath(new URL('../cli.cjs', import.meta.url));

type Main = typeof import('./main.js');

export async function launch(argv: string[]): Promise<void> {
  if (!existsSync(CLI_BUNDLE)) return void (await (await import('./main.js')).main(argv));
  const cli = loadGeneratedModule(CLI_BUNDLE) as Main;
  cli.useImporter((specifier) => import(specifier));
  await cli.main(argv);
}
