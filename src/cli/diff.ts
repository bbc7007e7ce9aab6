// `bundle diff <env>`: the fresh render against the published branch, a directory, or another env — no cluster needed;
// with --live, against a cluster: a server-side dry-run apply of every object (src/diff/live.ts).
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { armTimeout, cacheOption, log, out, progress, run, selectionOf, setsOf, withRenderOptions, withSelectOptions } from './io.js';

/** `--color`: auto colours a terminal unless NO_COLOR is set or TERM is dumb; always and never decide alone. */
export function colorWanted(choice: 'auto' | 'always' | 'never', stream: NodeJS.WriteStream = process.stdout): boolean {
  if (choice !== 'auto') return choice === 'always';
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '') && process.env.TERM !== 'dumb';
}

export function registerDiff(program: Command): void {
  withRenderOptions(
    withSelectOptions(
      program
        .command('diff')
        .description('compare a fresh render with the published branch, a directory, or another env')
        .argument('<env>', 'env/<name>, <name>, or an overlay path')
        .option('--against <ref-or-dir>', 'git ref (in --repo) or directory to compare with (default: the env\'s published branch)')
        .option('--repo <path|url>', 'repository holding the published branches (default: the env\'s argocd.repoURL)')
        .option('--env <other>', 'compare with a fresh render of another env instead')
        .addOption(new Option('--live', 'compare with a cluster: server-side dry-run apply of the fresh render (needs kubectl)').conflicts(['against', 'repo', 'env']))
        .option('--kubeconfig <file>', 'kubeconfig for --live (default: kubectl\'s: $KUBECONFIG or ~/.kube/config)')
        .option('--context <name>', 'kubeconfig context for --live (default: its current context)')
        .option('--field-manager <name>', 'field manager of the --live dry-run apply (Argo CD syncs as argocd-controller)', 'bundle')
        .option('--exit-code', 'exit 2 when there are changes', false)
        .option('--stat', 'per object, the lines added and removed instead of the diffs (as git diff --stat)', false)
        .addOption(new Option('--color <when>', 'colour the text diff').choices(['auto', 'always', 'never']).default('auto'))
        .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json', 'markdown']).default('text')),
    ),
  ).action((envArg: string, opts) =>
    run(async () => {
      const { compareTrees, formatDiff } = await import('../diff/compare.js');
      const { getEngine } = await import('../engines/index.js');
      const { readTreeAtRef, refExists } = await import('../git/read.js');
      const { repoLocation } = await import('../git/git.js');
      const { renderFiles, unselectedPath } = await import('../pipeline.js');
      const { readTree } = await import('../output/tree.js');
      if (!opts.live && (opts.kubeconfig || opts.context)) throw new Error('--kubeconfig and --context apply to --live only');
      const engine = getEngine(opts.engine);
      const deadline = armTimeout(opts.timeout);
      const onWarning = (release: string, message: string) => log.warn(`[${release}] ${message}`);
      const selection = selectionOf(opts);
      const renderOpts = { engine, concurrency: opts.concurrency, skipTests: opts.skipTests, ...setsOf(opts), selection, deadline, cache: cacheOption(opts) };
      const { prepared, files } = await renderFiles(envArg, { ...renderOpts, onWarning });
      const name = prepared.env.name;
      const { repositorySalt } = await import('../diff/salt.js');
      const { projectRoot } = await import('../env/load.js');
      const salt = repositorySalt(projectRoot(prepared.env.dir), log.warn);
      const format = { stat: opts.stat, color: opts.output === 'text' && colorWanted(opts.color) };
      if (opts.live) return diffAgainstCluster(name, files, salt, { ...opts, format });
      let before: Map<string, string>;
      let title: string;
      if (opts.env) {
        before = (await renderFiles(opts.env, renderOpts)).files;
        title = `bundle diff ${opts.env} → ${name}`;
      } else if (opts.against && existsSync(opts.against) && statSync(opts.against).isDirectory()) {
        const dir = existsSync(join(opts.against, name)) ? join(opts.against, name) : resolve(opts.against);
        before = await readTree(dir);
        title = `bundle diff ${name} (against ${opts.against})`;
      } else {
        const repo = opts.repo ? repoLocation(opts.repo) : prepared.env.argocd.repoURL;
        const ref = opts.against ?? prepared.env.argocd.targetRevision;
        if (opts.against === undefined && !(await refExists(repo, ref))) {
          // Nothing published yet: the first publish adds everything.
          log.info(`${ref} does not exist in ${repo} yet: everything is added`);
          before = new Map();
        } else {
          before = await readTreeAtRef(repo, ref, name);
        }
        title = `bundle diff ${name} (against ${ref})`;
      }
      // A selection compares its releases' files only.
      const outside = unselectedPath(prepared);
      if (prepared.selected) before = new Map([...before].filter(([path]) => !outside(path) || path === '.bundle-owned'));
      const result = compareTrees(before, files, salt);
      out(formatDiff(result, opts.output, prepared.selected ? `${title} [${[...prepared.selected].join(', ')}]` : title, format));
      return opts.exitCode && result.changes.length > 0 ? 2 : 0;
    }),
  );
}

async function diffAgainstCluster(
  name: string,
  files: Map<string, string>,
  salt: string,
  opts: { kubeconfig?: string; context?: string; fieldManager: string; output: 'text' | 'json' | 'markdown'; exitCode: boolean; format: { stat: boolean; color: boolean } },
): Promise<number> {
  const { Connection } = await import('../cluster/connection.js');
  const { diffLive } = await import('../diff/live.js');
  const { formatDiff } = await import('../diff/compare.js');
  const conn = await Connection.open({ kubeconfig: opts.kubeconfig, context: opts.context });
  try {
    const bar = progress('dry-run');
    const result = await diffLive(conn, files, { fieldManager: opts.fieldManager, salt, onProgress: (done, total, path) => bar.update(done, total, path) });
    bar.end();
    out(formatDiff(result, opts.output, `bundle diff ${name} (live${opts.context ? `: ${opts.context}` : ''})`, opts.format));
    if (result.rejected.length > 0) {
      for (const r of result.rejected) log.error(`${r.path}: ${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name} rejected by the API server${r.reason ? ` (${r.reason})` : ''}: ${r.message}`);
      log.error(`${result.rejected.length} object${result.rejected.length === 1 ? '' : 's'} would not sync`);
      return 1;
    }
    return opts.exitCode && result.changes.length > 0 ? 2 : 0;
  } finally {
    await conn.close();
  }
}
