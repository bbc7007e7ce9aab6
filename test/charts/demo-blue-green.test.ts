// The blue-green chart: two Deployments, one Service whose selector alone follows activeVersion.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderChart, renderChartError } from './render.js';

const chart = fileURLToPath(new URL('../../charts/blue-green', import.meta.url));
const prodValues = fileURLToPath(new URL('../../overlays/prod/values/blue-green.yaml', import.meta.url));

const render = async (values: object = {}, valuesFiles: string[] = []) =>
  (await renderChart(chart, { release: 'blue-green', namespace: 'blue-green', values: [values], valuesFiles }))
    .objects;
const services = (objects: any[]) => objects.filter((o) => o.kind === 'Service');
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

describe('blue-green chart', () => {
  it('changing activeVersion changes only the Service selector', async () => {
    const blue = await render({ activeVersion: 'v1' });
    const green = await render({ activeVersion: 'v2' });
    expect(green.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(blue.map((o) => `${o.kind}/${o.metadata.name}`));

    const withoutServiceSelector = (objects: any[]) =>
      objects.map((o) => (o.kind === 'Service' ? { ...o, spec: { ...o.spec, selector: undefined } } : o));
    expect(withoutServiceSelector(green)).toEqual(withoutServiceSelector(blue));
    expect(services(green)[0].spec.selector).not.toEqual(services(blue)[0].spec.selector);
  });

  it('keeps one Service with a fixed name and node port, selecting exactly the active version', async () => {
    for (const active of ['v1', 'v2']) {
      const objects = await render({ activeVersion: active }, [prodValues]);
      const [service, ...others] = services(objects);
      expect(others).toEqual([]);
      expect(service.metadata.name).toBe('myapp');
      expect(service.spec.type).toBe('NodePort');
      expect(service.spec.ports[0].nodePort).toBe(30062);
      const selected = objects
        .filter((o) => o.kind === 'Deployment' && selects(service.spec.selector, o.spec.template.metadata.labels))
        .map((o) => o.metadata.name);
      expect(selected).toEqual([`myapp-${active}`]);
    }
  });

  it('runs each version from its own pinned image tag and labels it with that version', async () => {
    const objects = await render({}, [prodValues]);
    const deployments = objects.filter((o) => o.kind === 'Deployment');
    expect(deployments.map((d) => [d.metadata.name, d.spec.replicas, d.spec.template.spec.containers[0].image])).toEqual([
      ['myapp-v1', 3, 'docker.io/janakiramm/myapp:v1'],
      ['myapp-v2', 3, 'docker.io/janakiramm/myapp:v2'],
    ]);
    for (const d of deployments) {
      expect(d.spec.template.metadata.labels['app.kubernetes.io/version']).toBe(d.metadata.name.slice('myapp-'.length));
    }
  });

  it('spreads 3 replicas over 2 workers softly, so none stays Pending', async () => {
    const objects = await render({}, [prodValues]);
    const affinity = objects.find((o) => o.kind === 'Deployment').spec.template.spec.affinity;
    expect(affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toBeUndefined();
    expect(affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
  });

  it('rejects an activeVersion that is not deployed, or deployed with 0 replicas', async () => {
    expect(await renderChartError(chart, { values: [{ activeVersion: 'v3' }] })).toContain(
      'activeVersion "v3" is not one of the deployed versions (v1, v2)',
    );
    expect(
      await renderChartError(chart, { values: [{ activeVersion: 'v2', versions: { v2: { replicas: 0 } } }] }),
    ).toContain('activeVersion "v2" has 0 replicas');
  });

  it('rejects a node port outside 30000-32767 and a latest tag', async () => {
    expect(await renderChartError(chart, { values: [{ service: { nodePort: 8080 } }] })).toMatch(/nodePort/);
    expect(await renderChartError(chart, { values: [{ versions: { v2: { tag: 'latest' } } }] })).toMatch(/tag/);
  });
});
