// The `bundle` command line: one module per command, registered here.
import { Command } from 'commander';
import { registerAffected } from './affected.js';
import { registerBootstrap } from './bootstrap.js';
import { registerCache } from './cache.js';
import { registerDiff } from './diff.js';
import { registerDocs } from './docs.js';
import { registerExplain } from './explain.js';
import { registerHosts } from './hosts.js';
import { registerLint } from './lint.js';
import { registerPublish } from './publish.js';
import { registerRender } from './render.js';
import { registerTemplate } from './template.js';
import { registerValidate } from './validate.js';
import { sweepStaleTempDirs } from '../process-cleanup.js';
import { version } from '../version.js';

export { useImporter } from '../import-package.js';

/** Parse argv and run the command (the launcher, bin/bundle.js, calls this from the bundle or from dist/). */
export function main(argv: string[]): Promise<Command> {
  // Temp dirs of runs that were killed (SIGKILL runs no cleanup) go now.
  sweepStaleTempDirs();
  const program = new Command('bundle')
    .description('Declarative GitOps bundle renderer: overlays + charts → checked, one-file-per-object Kubernetes YAML')
    .version(version)
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerValidate(program);
  registerRender(program);
  registerLint(program);
  registerTemplate(program);
  registerBootstrap(program);
  registerHosts(program);
  registerExplain(program);
  registerPublish(program);
  registerDiff(program);
  registerDocs(program);
  registerCache(program);
  registerAffected(program);
  return program.parseAsync(argv);
}
