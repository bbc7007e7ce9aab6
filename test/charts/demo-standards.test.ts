// Chart standards, checked on every rendered scenario of the demo charts: every ci/*.yaml file and both
// environments' overlay values (with that environment's `global`).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
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
};
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
const podSpecOf = (o: any) => o.spec?.template?.spec;
const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);

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
      // tenancy places objects in the tenant namespaces it creates; every other chart stays in its release namespace.
      else if (scenario.release !== 'tenancy') expect(o.metadata.namespace).toBe(releases[scenario.release]);
      else expect(typeof o.metadata.namespace).toBe('string');
    }
  });

  it('gives every container a pinned image, resources, probes and a hardened securityContext', async () => {
    const { objects } = await render(scenario);
    const registry = (scenario.values[0] as any)?.global?.imageRegistry;
    for (const container of objects.flatMap((o) => podSpecOf(o)?.containers ?? [])) {
      expect(container.image).toMatch(/^[^:]+\/[^:]+:[\w][\w.-]*$/);
      expect(container.image).not.toMatch(/:latest$/);
      if (registry) expect(container.image.startsWith(`${registry}/`)).toBe(true);
      for (const kind of ['requests', 'limits']) expect(Object.keys(container.resources[kind]).sort()).toEqual(['cpu', 'memory']);
      expect(container.readinessProbe).toBeDefined();
      expect(container.livenessProbe).toBeDefined();
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
    }
  });

  it('selects pods with name/instance(/component) labels only and backs every Service with pods', async () => {
    const { objects } = await render(scenario);
    const pods = objects.filter((o) => podSpecOf(o)).map((o) => o.spec.template.metadata.labels);
    for (const o of objects.filter((o) => podSpecOf(o))) {
      expect(Object.keys(o.spec.selector.matchLabels).every((k) => /^app\.kubernetes\.io\/(name|instance|component)$/.test(k))).toBe(true);
    }
    for (const service of objects.filter((o) => o.kind === 'Service')) {
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
        for (const rule of ingress.spec.rules) routes.push(...rule.http.paths.map((p: any) => `${rule.host}${p.path}`));
      }
    }
    expect(nodePorts.sort()).toEqual([30062, 31180, 31181]);
    expect(routes.sort()).toEqual(['canary.example.com/', 'tomcat.lucky.com/', 'tomcat8.lucky.com/']);
  });
});
