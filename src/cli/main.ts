// The `bundle` command line: one module per command, registered here.
import { Command } from 'commander';
import { registerBootstrap } from './bootstrap.js';
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
import { registerTemplate } from './template.js';
import { registerValidate } from './validate.js';
import { exitAfterCleanup, sweepStaleTempDirs } from '../process-cleanup.js';
import { version } from '../version.js';

// Temp dirs of runs that were killed (SIGKILL runs no cleanup) go now.
sweepStaleTempDirs();

// A reader that stops early (`| head`, `| grep -q`) closes the pipe: what is left to print has nobody to read it, and
// that is not a failure (no EPIPE stack trace, status 0).
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
registerCompletion(program);

// `template` takes helm's flag syntax, which needs its own pass before commander (src/cli/template.ts).
if (process.argv[2] === 'template') {
  const { runTemplate } = await import('./template.js');
  process.exitCode = await runTemplate(process.argv.slice(3));
} else {
  await program.parseAsync(process.argv);
}
