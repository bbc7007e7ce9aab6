// The `bundle` command line: one module per command, registered here.
import { Command } from 'commander';
import { registerAffected } from './affected.js';
import { registerBootstrap } from './bootstrap.js';
import { registerCache } from './cache.js';
import { registerCompletion } from './completion.js';
import { registerDeps } from './deps.js';
import { registerDiff } from './diff.js';
import { registerDocs } from './docs.js';
import { registerEnv } from './env.js';
import { registerExplain } from './explain.js';
import { registerHosts } from './hosts.js';
import { registerLint } from './lint.js';
import { registerLs } from './ls.js';
import { registerPublish } from './publish.js';
import { registerRender } from './render.js';
import { registerTemplate, runTemplate } from './template.js';
import { registerValidate } from './validate.js';
import { exitAfterCleanup, sweepStaleTempDirs } from '../process-cleanup.js';
import { version } from '../version.js';

export { useImporter } from '../import-package.js';

/** Parse argv and run the command (the launcher, bin/bundle.js, calls this from the bundle or from dist/). */
export async function main(argv: string[]): Promise<Command> {
  // Temp dirs of runs that were killed (SIGKILL runs no cleanup) go now.
  sweepStaleTempDirs();
  // A reader that stops early (`| head`, `| grep -q`) closes the pipe: what is left to print has nobody to read it,
  // and that is not a failure (no EPIPE stack trace, status 0).
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      exitAfterCleanup(0);
    });
  }
  const program = new Command('bundle')
    .description('Declarative GitOps bundle renderer: overlays + charts → checked, one-file-per-object Kubernetes YAML')
    .version(version)
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerLs(program);
  registerEnv(program);
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
  registerDeps(program);
  registerCache(program);
  registerAffected(program);
  registerCompletion(program);
  // `template` takes helm's flag syntax, which needs its own pass before commander (src/cli/template.ts).
  if (argv[2] === 'template') {
    process.exitCode = await runTemplate(argv.slice(3));
    return program;
  }
  return program.parseAsync(argv);
}
