// The rolling-update chart: surge/unavailability as values (never both 0) and the seed's three probes.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderChart, renderChartError } from './render.js';

const chart = fileURLToPath(new URL('../../charts/rolling-update', import.meta.url));
const prodValues = fileURLToPath(new URL('../../overlays/prod/values/rolling-update.yaml', import.meta.url));

const render = async (values: object = {}, valuesFiles: string[] = []) =>
  (await renderChart(chart, { release: 'rolling-update', namespace: 'demo', values: [values], valuesFiles })).objects;
const deployment = (objects: any[]) => objects.find((o) => o.kind === 'Deployment');

describe('rolling-update chart', () => {
  it('rejects maxSurge 0 with maxUnavailable 0 in the schema, with a readable message', async () => {
    for (const strategy of [
      { maxSurge: 0, maxUnavailable: 0 },
      { maxSurge: '0%', maxUnavailable: 0 },
      { maxSurge: 0, maxUnavailable: '0%' },
    ]) {
      const error = await renderChartError(chart, { values: [{ strategy }] });
      expect(error).toContain('a non-zero maxSurge or maxUnavailable (both 0 would stall every rollout)');
    }
  });

  it('accepts either one being 0, and percentages', async () => {
    for (const strategy of [
      { maxSurge: 0, maxUnavailable: 1 },
      { maxSurge: 1, maxUnavailable: 0 },
      { maxSurge: '25%', maxUnavailable: '25%' },
    ]) {
      const rolling = deployment(await render({ strategy })).spec.strategy;
      expect(rolling).toEqual({ type: 'RollingUpdate', rollingUpdate: strategy });
    }
  });

  it('rejects malformed values', async () => {
    expect(await renderChartError(chart, { values: [{ strategy: { maxSurge: -1 } }] })).toMatch(/maxSurge/);
    expect(await renderChartError(chart, { values: [{ strategy: { maxUnavailable: '150%' } }] })).toMatch(
      /maxUnavailable/,
    );
  });

  it('probes startup, readiness and liveness on the actuator health endpoint', async () => {
    const container = deployment(await render({}, [prodValues])).spec.template.spec.containers[0];
    const management = container.ports.find((p: any) => p.name === 'management');
    expect(management.containerPort).toBe(8081);
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(container[probe].httpGet).toEqual({ scheme: 'HTTP', path: '/actuator/health', port: 'management' });
      // The seed's §8.5 timings on all three (a timeout above the period is fine: the kubelet probes one at a time).
      expect(container[probe]).toMatchObject({ initialDelaySeconds: 20, periodSeconds: 5, timeoutSeconds: 10, failureThreshold: 3 });
    }
  });

  it('prod values: "one up, then one down" and the seed NodePorts', async () => {
    const objects = await render({}, [prodValues]);
    expect(deployment(objects).spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    const service = objects.find((o) => o.kind === 'Service');
    expect(service.spec.type).toBe('NodePort');
    expect(Object.fromEntries(service.spec.ports.map((p: any) => [p.name, p.nodePort]))).toEqual({
      server: 31180,
      management: 31181,
    });
  });
});
