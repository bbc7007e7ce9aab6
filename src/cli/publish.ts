// `bundle publish <env> --repo R`: render, commit exactly the change to the env branch, push.
import { relative } from 'node:path';
import type { Command } from 'commander';
import { version } from '../version.js';
import { armTimeout, cacheOption, formatOption, log, out, run, setsOf, withRenderOptions } from './io.js';

export function registerPublish(program: Command): void {
  withRenderOptions(
    program
      .command('publish')
      .description('render an env and commit the owned files to its git branch (only when something changed)')
      .argument('<env>', 'env/<name>, <name>, or an overlay path')
      .option('--repo <path|url>', 'repository of the rendered branches (default: the env\'s argocd.repoURL); a path is relative to the current folder')
      .option('--branch <name>', 'the env\'s branch, argocd.targetRevision (default env/<name>): the Applications sync from it, so no other is accepted')
      .option('--author <name-email>', 'commit author, "Name <email>" (default: git\'s user.name/user.email; signing as git is configured)')
      .option('--push', 'push the commit to --repo (retrying on top of concurrent pushes); without it --repo must be local', false)
      .option('--dry-run', 'print the plan; change nothing', false)
      .option('-m, --message <msg>', 'commit message')
      .addOption(formatOption())
  ).action((envArg: string, opts) =>
    run(async () => {
      const { getEngine } = await import('../engines/index.js');
      const { checkAuthor, commitConfig, repoLocation, sourceCommit } = await import('../git/git.js');
      const author = opts.author === undefined ? undefined : checkAuthor(opts.author);
      const { publish } = await import('../git/publish.js');
      const { renderFiles } = await import('../pipeline.js');
      const { reportFindings } = await import('./findings.js');
      const deadline = armTimeout(opts.timeout);
      const { prepared, files } = await renderFiles(envArg, {
        deadline,
        onWarning: (release, message) => log.warn(`[${release}] ${message}`),
        engine: getEngine(opts.engine),
        concurrency: opts.concurrency,
        skipTests: opts.skipTests,
        ...setsOf(opts),
        cache: cacheOption(opts),
        onFindings: reportFindings,
      });
      const env = prepared.env;
      // One source of truth: the env's Applications sync argocd.targetRevision, so that is the branch to publish to.
      const branch = env.argocd.targetRevision;
      if (opts.branch !== undefined && opts.branch !== branch) {
        throw new Error(
          `--branch ${opts.branch}: env ${env.name} publishes to ${branch} (argocd.targetRevision${env.argocd.targetRevision === `env/${env.name}` ? ', by default' : ''}), ` +
            `which its Argo CD Applications sync; set argocd.targetRevision in ${relative(process.cwd(), env.file)} to move the env to another branch`,
        );
      }
      // A path is relative to where the command runs, as in `bundle diff`; a URL is passed on as it is.
      const repo = repoLocation(opts.repo ?? env.argocd.repoURL);
      const source = await sourceCommit(env.dir);
      const identity = await commitConfig(env.dir);
      if (identity.missingIdentity && !opts.dryRun) {
        log.warn('git has no user.name/user.email here: committing as bundle <bundle@localhost> (set them with git config, or pass --author)');
      }
      const result = await publish({
        env: env.name,
        repo,
        branch,
        commitConfig: identity.args,
        author,
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
