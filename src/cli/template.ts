// `bundle template <release> <chart>`: exactly what `helm template` prints for the same arguments.
import type { Command } from 'commander';
import { collect, engineOption, run } from './io.js';

export function registerTemplate(program: Command): void {
  program
    .command('template')
    .description('render one chart and print what `helm template` prints')
    .argument('<release>', 'release name')
    .argument('<chart>', 'chart folder')
    .option('-f, --values <file>', 'values file; repeatable, later files win', collect, [])
    .option('--set <key=value>', 'set a value (Helm --set rules); repeatable', collect, [])
    .option('--set-string <key=value>', 'set a string value; repeatable', collect, [])
    .option('-n, --namespace <ns>', 'release namespace', 'default')
    .option('--kube-version <version>', 'Kubernetes version for .Capabilities')
    .option('-a, --api-versions <group/version>', 'extra API versions for .Capabilities; repeatable', collect, [])
    .option('--include-crds', 'include the chart\'s crds/ in the output', false)
    .option('-s, --show-only <path>', 'only print manifests rendered from this template; repeatable', collect, [])
    .addOption(engineOption())
    .action((release: string, chart: string, opts) =>
      run(async () => {
        const { getEngine } = await import('../engines/index.js');
        const stdout = await getEngine(opts.engine).template(chart, {
          releaseName: release,
          namespace: opts.namespace,
          valuesFiles: opts.values,
          set: opts.set,
          setString: opts.setString,
          kubeVersion: opts.kubeVersion,
          apiVersions: opts.apiVersions,
          includeCrds: opts.includeCrds,
          showOnly: opts.showOnly,
          onWarning: (message) => process.stderr.write(`${message}\n`),
        });
        process.stdout.write(stdout);
      }),
    );
}
