// Chart standards, checked on every rendered scenario of the demo charts: every ci/*.yaml file and both
// environments' overlay values (with that environment's `global`).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envValues, overlayValuesFiles, renderChart } from './render.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Release → namespace, as fixed in overlays/prod/env.yaml.
const releases: Record<string, string> = {
  tomcat: 'demo',
  canary: 'canary',
  web: 'web',
  'blue-green': 'blue-green',
  'rolling-update': 'demo',
  'config-demo': 'demo',
  tenancy: 'tenancy',
  services: 'services',
  storage: 'storage',
  'tenancy-demo': 'tenancy-demo',
};
// Charts that place objects in namespaces other than their release's: tenancy and tenancy-demo in the tenant
// namespaces, services its ExternalName server side in nginx-ns.
const multiNamespace = new Set(['tenancy', 'tenancy-demo', 'services']);
const envGlobal = envValues;

interface Scenario {
  release: string;
  label: string;
  valuesFiles: string[];
  values: object[];
  kubeVersion: string;
}
const scenarios: Scenario[] = Object.keys(releases).flatMap((release) => {
  const ciDir = join(root, 'charts', release, 'ci');
  const ci = readdirSync(ciDir).map((file) => ({
    release,
    label: `ci/${file}`,
    valuesFiles: [join(ciDir, file)],
    values: [],
    kubeVersion: '1.25.0',
  }));
  const envs = ['prod', 'dev'].map((env) => ({
    release,
    label: `overlays/${env}`,
    valuesFiles: overlayValuesFiles(env, release),
    values: [envGlobal(env)],
    kubeVersion: envGlobal(env).global.cluster.kubernetesVersion,
  }));
  return [...ci, ...envs];
});
// Each scenario is rendered once and shared by its checks.
const renders = new Map<Scenario, ReturnType<typeof renderChart>>();
const render = (s: Scenario) => {
  if (!renders.has(s)) {
    renders.set(
      s,
      renderChart(join(root, 'charts', s.release), {
        release: s.release,
        namespace: releases[s.release],
        valuesFiles: s.valuesFiles,
        values: s.values,
        kubeVersion: s.kubeVersion,
      }),
    );
  }
  return renders.get(s)!;
};
// Bare Pods are checked like the pod templates of workloads.
const podSpecOf = (o: any) => (o.kind === 'Pod' ? o.spec : o.spec?.template?.spec);
const podLabelsOf = (o: any) => (o.kind === 'Pod' ? o.metadata.labels : o.spec.template.metadata.labels);
const longRunning = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);
const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume']);
/** Pods a scenario declares as LimitRange demos (tenancy-demo `limitRangePods`): their resources are the LimitRange's. */
const limitRangePods = (s: Scenario) =>
  new Set(s.valuesFiles.flatMap((f) => Object.keys(parse(readFileSync(f, 'utf8'))?.limitRangePods ?? {})));

describe.each(scenarios)('$release with $label', (scenario) => {
  it('renders no plaintext Secret data', async () => {
    const { objects } = await render(scenario);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const o of objects.filter((o) => o.kind === 'SealedSecret')) {
      expect(Object.keys(o.spec).sort()).toEqual(['encryptedData', 'template']);
      expect(o.spec.template.data ?? o.spec.template.stringData).toBeUndefined();
    }
  });

  it('labels every object and keeps namespaced objects in their namespace', async () => {
    const { objects } = await render(scenario);
    for (const o of objects) {
      expect(o.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': scenario.release,
        'app.kubernetes.io/instance': scenario.release,
        'app.kubernetes.io/managed-by': 'Helm',
      });
      expect(o.metadata.labels['helm.sh/chart']).toBe(`${scenario.release}-0.1.0`);
      if (clusterScoped.has(o.kind)) expect(o.metadata.namespace).toBeUndefined();
      else if (!multiNamespace.has(scenario.release)) expect(o.metadata.namespace).toBe(releases[scenario.release]);
      else expect(typeof o.metadata.namespace).toBe('string');
    }
  });

  it('gives every container a pinned image, resources, probes and a hardened securityContext', async () => {
    const { objects } = await render(scenario);
    const registry = (scenario.values[0] as any)?.global?.imageRegistry;
    const fromLimitRange = limitRangePods(scenario);
    const containers = objects.flatMap((o) => (podSpecOf(o)?.containers ?? []).map((c: any) => ({ o, c })));
    for (const { o, c: container } of containers) {
      expect(container.image).toMatch(/^[^:]+\/[^:]+:[\w][\w.-]*$/);
      expect(container.image).not.toMatch(/:latest$/);
      if (registry) expect(container.image.startsWith(`${registry}/`)).toBe(true);
      if (!(o.kind === 'Pod' && fromLimitRange.has(o.metadata.name))) {
        for (const kind of ['requests', 'limits']) expect(Object.keys(container.resources[kind]).sort()).toEqual(['cpu', 'memory']);
      }
      // Jobs run to completion; bare Pods carry probes where the course's pod has something to probe.
      if (longRunning.has(o.kind)) {
        expect(container.readinessProbe).toBeDefined();
        expect(container.livenessProbe).toBeDefined();
      }
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
    }
  });

  it('selects pods with name/instance(/component) labels only and backs every Service with pods', async () => {
    const { objects } = await render(scenario);
    const pods = objects.filter((o) => podSpecOf(o)).map(podLabelsOf);
    for (const o of objects.filter((o) => longRunning.has(o.kind))) {
      expect(Object.keys(o.spec.selector.matchLabels).every((k) => /^app\.kubernetes\.io\/(name|instance|component)$/.test(k))).toBe(true);
    }
    // Services without a selector (ExternalName, hand-written Endpoints) have no pods to back them.
    for (const service of objects.filter((o) => o.kind === 'Service' && o.spec.selector)) {
      const selector = service.spec.selector as Record<string, string>;
      const backed = pods.filter((labels) => Object.entries(selector).every(([k, v]) => labels[k] === v));
      expect(backed.length, `Service ${service.metadata.name}`).toBeGreaterThan(0);
    }
  });
});

describe('prod environment', () => {
  it('uses each NodePort and each Ingress host/path once across the demo releases', async () => {
    const nodePorts: number[] = [];
    const routes: string[] = [];
    for (const s of scenarios.filter((s) => s.label === 'overlays/prod')) {
      const { objects } = await render(s);
      for (const o of objects.filter((o) => o.kind === 'Service')) {
        nodePorts.push(...o.spec.ports.map((p: any) => p.nodePort).filter((p: any) => p !== undefined));
      }
      const primaries = objects.filter((o) => o.kind === 'Ingress' && o.metadata.annotations?.['nginx.ingress.kubernetes.io/canary'] !== 'true');
      for (const ingress of primaries) {
        const cls = ingress.spec.ingressClassName;
        for (const rule of ingress.spec.rules) routes.push(...rule.http.paths.map((p: any) => `${cls} ${rule.host}${p.path}`));
      }
    }
    expect(nodePorts.sort()).toEqual([30062, 30380, 31180, 31181]);
    // Each class is its own controller, so one host may be routed by both (the seed's ngx-ds demo).
    expect(routes.sort()).toEqual(['nginx canary.example.com/', 'nginx tomcat.lucky.com/', 'nginx tomcat8.lucky.com/', 'ngx-ds tomcat.lucky.com/']);
  });
});
