// `bundle publish <env> --repo R`: render, commit exactly the change to the env branch, push.
import type { Command } from 'commander';
import { version } from '../version.js';
import { armTimeout, cacheOption, formatOption, log, out, run, withRenderOptions } from './io.js';

export function registerPublish(program: Command): void {
  withRenderOptions(
    program
      .command('publish')
      .description('render an env and commit the owned files to its git branch (only when something changed)')
      .argument('<env>', 'env/<name>, <name>, or an overlay path')
      .requiredOption('--repo <path|url>', 'repository of the rendered branches')
      .option('--branch <name>', 'branch to publish to (default: env/<name>)')
      .option('--push', 'push the commit to --repo (retrying on top of concurrent pushes); without it --repo must be local', false)
      .option('--dry-run', 'print the plan; change nothing', false)
      .option('-m, --message <msg>', 'commit message')
      .addOption(formatOption())
  ).action((envArg: string, opts) =>
    run(async () => {
      const { getEngine } = await import('../engines/index.js');
      const { repoLocation, sourceCommit } = await import('../git/git.js');
      const { publish } = await import('../git/publish.js');
      const { renderFiles } = await import('../pipeline.js');
      const { reportFindings } = await import('./findings.js');
      const deadline = armTimeout(opts.timeout);
      const { prepared, files } = await renderFiles(envArg, {
        deadline,
        onWarning: (release, message) => log.warn(`[${release}] ${message}`),
        engine: getEngine(opts.engine),
        concurrency: opts.concurrency,
        set: opts.set,
        setString: opts.setString,
        cache: cacheOption(opts),
        onFindings: reportFindings,
      });
      const env = prepared.env;
      const branch = opts.branch ?? env.argocd.targetRevision;
      const source = await sourceCommit(env.dir);
      const result = await publish({
        env: env.name,
        repo: repoLocation(opts.repo),
        branch,
        files,
        message: opts.message ?? `bundle: render ${env.name}`,
        trailers: { 'Bundle-Env': env.name, 'Bundle-Source': source, 'Bundle-Version': version },
        push: opts.push,
        dryRun: opts.dryRun,
      });
      for (const link of result.replacedSymlinks) log.warn(`replaced symlink ${link} on ${branch} by a regular file or folder`);
      if (opts.output === 'json') {
        out(JSON.stringify({ env: env.name, dryRun: opts.dryRun, ...result }, null, 2));
        return;
      }
      for (const c of result.changed) out(`${c.status}\t${c.path}`);
      if (result.changed.length === 0) log.info(`${branch}: up to date, nothing to commit`);
      else if (opts.dryRun) log.info(`${branch}: would commit ${result.changed.length} file change(s)${result.createdBranch ? ' (new branch)' : ''}`);
      else log.info(`${branch}: committed ${result.commit?.slice(0, 12)} (${result.changed.length} file change(s))${result.pushed ? `, pushed after ${result.attempts} attempt(s)` : ''}`);
    }),
  );
}
