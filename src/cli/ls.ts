// `bundle ls [<env>]`: the envs of the repository, or the releases of one env (chart and version, namespace, wave,
// labels), optionally narrowed by -r/-l as the other env commands select them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { formatOption, out, run, selectionOf, withSelectOptions } from './io.js';

export function registerLs(program: Command): void {
  withSelectOptions(
    program
      .command('ls')
      .description('list the envs (overlays/*/env.yaml), or the releases of one env: chart, version, namespace, wave, labels')
      .argument('[env]', 'env/<name>, <name>, or an overlay path (default: list every env)')
      .addOption(formatOption()),
  ).action((envArg: string | undefined, opts) =>
    run(async () => {
      const { loadEnvironment } = await import('../env/load.js');
      const { selectReleases, isSelecting } = await import('../env/select.js');
      const { parseMetadata } = await import('../helm/loader.js');
      if (envArg === undefined) {
        if (isSelecting(selectionOf(opts))) throw new Error('-r/--release and -l/--selector need an env: bundle ls <env> -l key=value');
        const overlays = join(process.cwd(), 'overlays');
        const files = existsSync(overlays)
          ? readdirSync(overlays, { withFileTypes: true })
              .filter((e) => e.isDirectory() && existsSync(join(overlays, e.name, 'env.yaml')))
              .map((e) => join(overlays, e.name, 'env.yaml'))
              .sort()
          : [];
        if (files.length === 0) throw new Error(`no envs: expected overlays/<name>/env.yaml under ${process.cwd()}`);
        const envs = [];
        for (const file of files) {
          const { env } = await loadEnvironment(file);
          envs.push({
            name: env.name,
            cluster: env.cluster.name,
            kubernetesVersion: env.cluster.kubernetesVersion,
            releases: env.releases.filter((r) => r.enabled).length,
            disabled: env.releases.filter((r) => !r.enabled).length,
            branch: env.argocd.targetRevision,
            file: relative(process.cwd(), env.file),
          });
        }
        if (opts.output === 'json') return out(JSON.stringify({ envs }, null, 2));
        out(table(['ENV', 'CLUSTER', 'KUBERNETES', 'RELEASES', 'BRANCH', 'FILE'], envs.map((e) => [
          e.name, e.cluster, e.kubernetesVersion, `${e.releases}${e.disabled ? ` (+${e.disabled} disabled)` : ''}`, e.branch, e.file,
        ])));
        return;
      }
      const { env } = await loadEnvironment(envArg);
      const shown = isSelecting(selectionOf(opts)) ? selectReleases(env, selectionOf(opts)) : env.releases;
      const version = (dir: string) => {
        try {
          return parseMetadata(readFileSync(join(dir, 'Chart.yaml'), 'utf8'), join(dir, 'Chart.yaml')).version;
        } catch {
          return '';
        }
      };
      const releases = shown.map((r) => ({
        name: r.name,
        chart: r.chart,
        version: version(r.chartDir),
        chartDir: relative(process.cwd(), r.chartDir),
        namespace: r.namespace,
        wave: r.wave,
        enabled: r.enabled,
        labels: r.labels,
      }));
      if (opts.output === 'json') return out(JSON.stringify({ env: env.name, releases }, null, 2));
      const labels = (r: (typeof releases)[number]) => Object.entries(r.labels).map(([k, v]) => `${k}=${v}`).join(',');
      out(table(['NAME', 'CHART', 'VERSION', 'NAMESPACE', 'WAVE', 'ENABLED', 'LABELS'], releases.map((r) => [
        r.name, r.chart, r.version, r.namespace, String(r.wave), String(r.enabled), labels(r),
      ])));
    }),
  );
}

/** Columns padded to their widest cell, two spaces apart (the last one unpadded). */
function table(head: string[], rows: string[][]): string {
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}
