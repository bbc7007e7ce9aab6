// `bundle hosts <env>`: the node side of the cluster (kubeadm, containerd, crictl, kernel files, runbooks, user
// certificates) from the env's cluster facts, written atomically to <out>/<env>/<node>/ — outside Argo CD's tree.
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { formatOption, log, out, run, withWriteOptions } from './io.js';

export function registerHosts(program: Command): void {
  withWriteOptions(
    program
      .command('hosts')
      .description("write each node's kubeadm, containerd, crictl and kernel files and runbook to <out>/<env>/<node>/ (not synced by Argo CD)")
      .argument('<env>', 'env/<name>, <name>, or the path of an overlay folder or env file')
      .option('--out <dir>', 'output folder', 'rendered-hosts')
      .option('--check', 'write nothing; exit 1 when <out>/<env> differs from a fresh render', false),
  )
    .addOption(formatOption())
    .action((envArg: string, opts) =>
      run(async () => {
        const { loadEnvironment } = await import('../env/load.js');
        const { hostFiles } = await import('../hosts/index.js');
        const { env, source } = await loadEnvironment(envArg);
        const { plan, files } = hostFiles(env, source);
        const outDir = resolve(opts.out);
        const where = `${opts.out}/${env.name}`;
        const nodes = plan.nodes.map((n) => ({
          name: n.name,
          ip: n.ip,
          roles: n.roles,
          files: [...files.keys()].filter((p) => p.startsWith(`${n.name}/`)).length,
        }));
        if (opts.check) {
          const { staleFiles } = await import('../output/stale.js');
          const stale = await staleFiles(join(outDir, env.name), files);
          if (opts.output === 'json') out(JSON.stringify({ env: env.name, out: where, upToDate: stale.length === 0, stale }, null, 2));
          for (const s of stale) log.error(`${where}/${s.path}: ${s.reason}; run \`bundle hosts ${envArg} --out ${opts.out}\``);
          if (stale.length > 0) return 1;
          log.info(`${where} is up to date`);
          return;
        }
        const { writeEnvTree } = await import('../output/write.js');
        const summary = await writeEnvTree(outDir, env.name, files, {
          adopt: opts.adopt,
          force: opts.force,
          lockTimeoutMs: opts.lockTimeout * 1000,
          notify: log.warn,
        });
        if (opts.output === 'json') {
          out(JSON.stringify({ env: env.name, out: where, nodes, files: files.size, ...summary }, null, 2));
        } else {
          for (const n of nodes) out(`${n.name}\t${n.roles.join(',') || 'worker'}\t${n.ip}\t${n.files} files`);
          log.info(
            `wrote ${where}: ${files.size} files (${summary.added.length} added, ${summary.changed.length} changed, ` +
              `${summary.removed.length} removed, ${summary.unchanged.length} unchanged${summary.foreign.length ? `, ${summary.foreign.length} foreign kept` : ''})`,
          );
        }
      }),
    );
}
