// `bundle diff <env>`: the fresh render against the published branch, a directory, or another env — no cluster needed.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { armTimeout, log, out, run, withRenderOptions } from './io.js';

export function registerDiff(program: Command): void {
  withRenderOptions(
    program
      .command('diff')
      .description('compare a fresh render with the published branch, a directory, or another env')
      .argument('<env>', 'env/<name>, <name>, or an overlay path')
      .option('--against <ref-or-dir>', 'git ref (in --repo) or directory to compare with (default: the env\'s published branch)')
      .option('--repo <path|url>', 'repository holding the published branches (default: the env\'s argocd.repoURL)')
      .option('--env <other>', 'compare with a fresh render of another env instead')
      .option('--exit-code', 'exit 2 when there are changes', false)
      .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
  ).action((envArg: string, opts) =>
    run(async () => {
      const { compareTrees, formatDiff } = await import('../diff/compare.js');
      const { getEngine } = await import('../engines/index.js');
      const { readTreeAtRef } = await import('../git/read.js');
      const { repoLocation } = await import('../git/git.js');
      const { renderFiles } = await import('../pipeline.js');
      const { readTree } = await import('../output/tree.js');
      const engine = getEngine(opts.engine);
      const deadline = armTimeout(opts.timeout);
      const onWarning = (release: string, message: string) => log.warn(`[${release}] ${message}`);
      const { prepared, files } = await renderFiles(envArg, { engine, concurrency: opts.concurrency, set: opts.set, setString: opts.setString, deadline, onWarning });
      const name = prepared.env.name;
      let before: Map<string, string>;
      let title: string;
      if (opts.env) {
        before = (await renderFiles(opts.env, { engine, concurrency: opts.concurrency, set: opts.set, setString: opts.setString, deadline })).files;
        title = `bundle diff ${opts.env} → ${name}`;
      } else if (opts.against && existsSync(opts.against) && statSync(opts.against).isDirectory()) {
        const dir = existsSync(join(opts.against, name)) ? join(opts.against, name) : resolve(opts.against);
        before = await readTree(dir);
        title = `bundle diff ${name} (against ${opts.against})`;
      } else {
        const repo = opts.repo ? repoLocation(opts.repo) : prepared.env.argocd.repoURL;
        const ref = opts.against ?? prepared.env.argocd.targetRevision;
        before = await readTreeAtRef(repo, ref, name);
        title = `bundle diff ${name} (against ${ref})`;
      }
      const { repositorySalt } = await import('../diff/salt.js');
      const { projectRoot } = await import('../env/load.js');
      const result = compareTrees(before, files, repositorySalt(projectRoot(prepared.env.dir), log.warn));
      out(formatDiff(result, opts.output, title));
      return opts.exitCode && result.changes.length > 0 ? 2 : 0;
    }),
  );
}
