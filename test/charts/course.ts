// Shared by the tests of the course-chapter charts (pods, scheduling, lifecycle, probes, controllers, daemonset):
// render a chart as an env renders it (its overlay values, the env's `global`, the release namespace), find objects,
// and copy the repository into a temp project whose overlays a test may change.
import { cp, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { envValues, overlayValuesFiles, renderChart } from './render.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const chartDir = (chart: string) => join(repoRoot, 'charts', chart);

/** Release namespaces of the course charts, as in overlays/prod/env.yaml. */
export const courseReleases: Record<string, string> = {
  pods: 'pods',
  scheduling: 'scheduling',
  lifecycle: 'lifecycle',
  probes: 'probes',
  controllers: 'controllers',
  daemonset: 'kube-system',
};

/** The chart rendered with an env's overlay values and globals (what `bundle render env/<env>` renders). */
export async function renderEnv(chart: string, env: 'prod' | 'dev' = 'prod', values: object[] = []): Promise<any[]> {
  const global = envValues(env);
  const { objects } = await renderChart(chartDir(chart), {
    release: chart,
    namespace: courseReleases[chart],
    valuesFiles: overlayValuesFiles(env, chart),
    values: [global, ...values],
    kubeVersion: global.global.cluster.kubernetesVersion,
  });
  return objects;
}

/** The chart with its own defaults only (what `helm install` alone renders), plus optional values. */
export async function renderDefaults(chart: string, values: object[] = []): Promise<any[]> {
  return (await renderChart(chartDir(chart), { release: chart, namespace: courseReleases[chart], values })).objects;
}

export const key = (o: any) => `${o.kind}/${o.metadata.name}`;
export const keys = (objects: any[]) => objects.map(key).sort();

export function find(objects: any[], kind: string, name: string): any {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`${kind}/${name} not rendered; have ${keys(objects).join(', ')}`);
  return o;
}

/** The pod spec of a Pod or of a workload's template. */
export const podSpec = (o: any) => (o.kind === 'Pod' ? o.spec : o.spec.template.spec);
export const podLabels = (o: any) => (o.kind === 'Pod' ? o.metadata.labels : o.spec.template.metadata.labels);

/**
 * A private project (charts/ linked, overlays/ copied) whose overlays a test may edit, for running the CLI on the
 * real charts and envs without touching the repository.
 */
export async function tempProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bundle-course-'));
  await symlink(join(repoRoot, 'charts'), join(dir, 'charts'));
  await cp(join(repoRoot, 'overlays'), join(dir, 'overlays'), { recursive: true });
  return dir;
}
