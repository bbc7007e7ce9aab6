// The canary chart: two openresty tracks, the primary Ingress and one canary Ingress whose mode is a value.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderChart, renderChartError } from './render.js';

const chart = fileURLToPath(new URL('../../charts/canary', import.meta.url));
const prodValues = fileURLToPath(new URL('../../overlays/prod/values/canary.yaml', import.meta.url));
const CANARY = 'nginx.ingress.kubernetes.io/canary';

const render = async (values: object = {}, valuesFiles: string[] = []) =>
  (await renderChart(chart, { release: 'canary', namespace: 'canary', values: [values], valuesFiles })).objects;
const find = (objects: any[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);
const canaryAnnotations = (objects: any[]) => {
  const annotations = find(objects, 'Ingress', 'canary-canary').metadata.annotations as Record<string, string>;
  return Object.fromEntries(Object.entries(annotations).filter(([key]) => key.startsWith(CANARY)));
};

describe('canary chart', () => {
  it('header mode routes Region ~ cd|sz to v2 and sets no cookie or weight annotation', async () => {
    expect(canaryAnnotations(await render({ canaryIngress: { mode: 'header' } }))).toEqual({
      [CANARY]: 'true',
      [`${CANARY}-by-header`]: 'Region',
      [`${CANARY}-by-header-pattern`]: 'cd|sz',
    });
  });

  it('cookie mode sets only the cookie annotation', async () => {
    expect(canaryAnnotations(await render({ canaryIngress: { mode: 'cookie', cookie: 'user_from_cd' } }))).toEqual({
      [CANARY]: 'true',
      [`${CANARY}-by-cookie`]: 'user_from_cd',
    });
  });

  it('weight mode sets only the weight annotation, as a string', async () => {
    expect(canaryAnnotations(await render({ canaryIngress: { mode: 'weight', weight: 10 } }))).toEqual({
      [CANARY]: 'true',
      [`${CANARY}-weight`]: '10',
    });
  });

  it('off mode renders no canary Ingress and leaves the primary on the stable track', async () => {
    const objects = await render({ canaryIngress: { mode: 'off' } });
    expect(objects.filter((o) => o.kind === 'Ingress').map((o) => o.metadata.name)).toEqual(['canary']);
  });

  it('rejects an unknown mode and a weight outside 0-100', async () => {
    expect(await renderChartError(chart, { values: [{ canaryIngress: { mode: 'random' } }] })).toMatch(/mode/);
    expect(await renderChartError(chart, { values: [{ canaryIngress: { mode: 'weight', weight: 101 } }] })).toMatch(/weight/);
  });

  it('sends the primary host to v1 and the canary Ingress, on the same host and class, to v2', async () => {
    const objects = await render();
    const primary = find(objects, 'Ingress', 'canary');
    const canary = find(objects, 'Ingress', 'canary-canary');
    expect(primary.metadata.annotations?.[CANARY]).toBeUndefined();
    expect(primary.spec.rules[0].host).toBe('canary.example.com');
    expect(canary.spec.rules[0].host).toBe(primary.spec.rules[0].host);
    expect(canary.spec.ingressClassName).toBe(primary.spec.ingressClassName);
    expect(primary.spec.rules[0].http.paths[0].backend.service.name).toBe('canary-v1');
    expect(canary.spec.rules[0].http.paths[0].backend.service.name).toBe('canary-v2');
  });

  it('gives each track a Service that selects only its own pods', async () => {
    const objects = await render();
    for (const [mine, other] of [['v1', 'v2'], ['v2', 'v1']]) {
      const selector = find(objects, 'Service', `canary-${mine}`).spec.selector as Record<string, string>;
      const matches = (name: string) => {
        const labels = find(objects, 'Deployment', name).spec.template.metadata.labels;
        return Object.entries(selector).every(([key, value]) => labels[key] === value);
      };
      expect(matches(`canary-${mine}`)).toBe(true);
      expect(matches(`canary-${other}`)).toBe(false);
    }
  });

  it('mounts each track its own ConfigMap as a directory (no subPath) and rolls pods when the config changes', async () => {
    const objects = await render();
    const v2 = find(objects, 'Deployment', 'canary-v2').spec.template;
    const container = v2.spec.containers[0];
    const configMount = container.volumeMounts.find((m: any) => m.name === 'config');
    expect(configMount.subPath).toBeUndefined();
    expect(container.command).toContain(`${configMount.mountPath}/nginx.conf`);
    expect(v2.spec.volumes.find((v: any) => v.name === 'config').configMap.name).toBe('canary-v2');
    expect(find(objects, 'ConfigMap', 'canary-v2').data['nginx.conf']).toContain('ngx.say("nginx-v2")');

    const changed = await render({ canary: { response: 'nginx-v2-hotfix' } });
    const checksum = (objs: any[], name: string) =>
      find(objs, 'Deployment', name).spec.template.metadata.annotations['checksum/config'];
    expect(checksum(changed, 'canary-v2')).not.toBe(checksum(objects, 'canary-v2'));
    expect(checksum(changed, 'canary-v1')).toBe(checksum(objects, 'canary-v1'));
  });

  it('rejects two tracks with the same version', async () => {
    const error = await renderChartError(chart, { values: [{ canary: { version: 'v1' } }] });
    expect(error).toContain('stable.version and canary.version must differ');
  });

  it('prod values keep the seed names and the header canary', async () => {
    const objects = await render({}, [prodValues]);
    const names = (kind: string) => objects.filter((o) => o.kind === kind).map((o) => o.metadata.name).sort();
    expect(names('Deployment')).toEqual(['nginx-v1', 'nginx-v2']);
    expect(names('Service')).toEqual(['nginx-v1', 'nginx-v2']);
    expect(names('Ingress')).toEqual(['nginx', 'nginx-canary']);
    expect(find(objects, 'Ingress', 'nginx-canary').metadata.annotations[`${CANARY}-by-header`]).toBe('Region');
  });
});
