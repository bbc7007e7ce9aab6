// The services chart: the course's Service types (§11, §13) and the DNS checks, as prod renders them.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { envValues, overlayValuesFiles, renderChart, renderChartError } from './render.js';

const chart = fileURLToPath(new URL('../../charts/services', import.meta.url));

const render = async (values: object[] = [], valuesFiles: string[] = []) =>
  (await renderChart(chart, { release: 'services', namespace: 'services', values, valuesFiles })).objects;
const prod = () => render([envValues('prod')], overlayValuesFiles('prod', 'services'));
const one = (objects: any[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

describe('services chart', () => {
  it('runs my-nginx (2 pods labelled run=my-nginx) behind the ClusterIP Service my-nginx on port 80', async () => {
    const objects = await prod();
    const deployment = one(objects, 'Deployment', 'my-nginx');
    const service = one(objects, 'Service', 'my-nginx');
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.metadata.labels.run).toBe('my-nginx');
    expect(service.metadata.labels.run).toBe('my-nginx');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    expect(selects(service.spec.selector, deployment.spec.template.metadata.labels)).toBe(true);
    expect(deployment.spec.template.spec.containers[0].ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
  });

  it('exposes my-nginx-nodeport on node port 30380', async () => {
    const objects = await prod();
    const service = one(objects, 'Service', 'my-nginx-nodeport');
    expect(service.spec.type).toBe('NodePort');
    expect(service.spec.ports[0]).toMatchObject({ port: 80, nodePort: 30380 });
    expect(one(objects, 'Deployment', 'my-nginx-nodeport').spec.replicas).toBe(2);
    expect(selects(service.spec.selector, one(objects, 'Deployment', 'my-nginx-nodeport').spec.template.metadata.labels)).toBe(true);
    // The two Services select their own pods only.
    expect(selects(service.spec.selector, one(objects, 'Deployment', 'my-nginx').spec.template.metadata.labels)).toBe(false);
  });

  it('points client-svc (ExternalName) at nginx-svc in namespace nginx-ns, which it creates with its server', async () => {
    const objects = await prod();
    const alias = one(objects, 'Service', 'client-svc');
    expect(alias.metadata.namespace).toBe('services');
    expect(alias.spec.type).toBe('ExternalName');
    expect(alias.spec.externalName).toBe('nginx-svc.nginx-ns.svc.cluster.local');
    expect(alias.spec.selector).toBeUndefined();
    expect(one(objects, 'Namespace', 'nginx-ns')).toBeDefined();
    const server = one(objects, 'Deployment', 'nginx');
    const target = one(objects, 'Service', 'nginx-svc');
    expect([server.metadata.namespace, target.metadata.namespace]).toEqual(['nginx-ns', 'nginx-ns']);
    expect(server.spec.template.metadata.labels.app).toBe('nginx');
    expect(selects(target.spec.selector, server.spec.template.metadata.labels)).toBe(true);
    const client = one(objects, 'Deployment', 'client');
    expect(client.metadata.namespace).toBe('services');
    expect(client.spec.template.spec.containers[0]).toMatchObject({ image: 'docker.io/library/busybox:1.28', command: ['sleep', '36000'] });
    // Ready once the server answers through the alias: what the client is for.
    expect(client.spec.template.spec.containers[0].readinessProbe.exec.command).toEqual(['wget', '-q', '-O', '/dev/null', '-T', '3', 'http://client-svc:80']);
  });

  it('follows the cluster domain of the env', async () => {
    const objects = await render([{ global: { cluster: { dnsDomain: 'lab.internal' } } }]);
    expect(one(objects, 'Service', 'client-svc').spec.externalName).toBe('nginx-svc.nginx-ns.svc.lab.internal');
  });

  it('routes mysql to the external address the env declares, through a Service without selector', async () => {
    const objects = await prod();
    const service = one(objects, 'Service', 'mysql');
    const endpoints = one(objects, 'Endpoints', 'mysql');
    expect(service.spec.selector).toBeUndefined();
    expect(service.spec.ports).toEqual([{ port: 3306, targetPort: 3306, protocol: 'TCP' }]);
    expect(endpoints.metadata.namespace).toBe(service.metadata.namespace);
    expect(endpoints.subsets).toEqual([{ addresses: [{ ip: '192.168.40.182' }], ports: [{ port: 3306, protocol: 'TCP' }] }]);
    // The address is the env's fact: change the fact and the Endpoints follow.
    const env = envValues('prod');
    env.global.cluster.externalServices = [{ name: 'mysql', ip: '192.168.40.181', port: 3307 }];
    const moved = one(await render([env], overlayValuesFiles('prod', 'services')), 'Endpoints', 'mysql');
    expect(moved.subsets).toEqual([{ addresses: [{ ip: '192.168.40.181' }], ports: [{ port: 3307, protocol: 'TCP' }] }]);
  });

  it('carries no address literal: the chart fails without the env fact', async () => {
    for (const file of readdirSync(join(chart, 'templates'))) {
      expect(readFileSync(join(chart, 'templates', file), 'utf8')).not.toMatch(/\b\d{1,3}(\.\d{1,3}){3}\b/);
    }
    expect(await renderChartError(chart, { values: [{ externalService: { enabled: true } }] })).toContain(
      'externalService: no entry named "mysql" in global.cluster.externalServices',
    );
  });

  it('keeps a dig Pod to exec lookups from and checks every Service name after sync', async () => {
    const objects = await prod();
    const dig = one(objects, 'Pod', 'dig');
    expect(dig.spec.containers[0]).toMatchObject({ image: 'docker.io/library/busybox:1.28', command: ['sleep', '3600'] });
    expect(dig.spec.restartPolicy).toBe('Always');
    const job = one(objects, 'Job', 'services-dns-check');
    expect(job.metadata.annotations).toMatchObject({ 'helm.sh/hook': 'test', 'argocd.argoproj.io/hook': 'PostSync' });
    expect(job.spec.template.spec.containers[0].command.slice(4)).toEqual([
      'kubernetes.default.svc.cluster.local',
      'my-nginx.services.svc.cluster.local',
      'my-nginx-nodeport.services.svc.cluster.local',
      'mysql.services.svc.cluster.local',
      'nginx-svc.nginx-ns.svc.cluster.local',
      'client-svc.services.svc.cluster.local',
    ]);
  });

  it('switches each scenario off on its own', async () => {
    const names = (objects: any[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    const all = names(await prod());
    const without = async (values: object) => names(await render([envValues('prod'), values], overlayValuesFiles('prod', 'services')));
    const removed = async (values: object) => {
      const rest = await without({ ...values, dnsCheck: { enabled: false } });
      return all.filter((n) => !rest.includes(n));
    };
    expect(await removed({ clusterIP: { enabled: false } })).toEqual(['Deployment/my-nginx', 'Job/services-dns-check', 'PodDisruptionBudget/my-nginx', 'Service/my-nginx']);
    expect(await removed({ externalService: { enabled: false } })).toEqual(['Endpoints/mysql', 'Job/services-dns-check', 'Service/mysql']);
    expect(await removed({ externalName: { enabled: false } })).toEqual([
      'Deployment/client',
      'Deployment/nginx',
      'Job/services-dns-check',
      'Namespace/nginx-ns',
      'Service/client-svc',
      'Service/nginx-svc',
    ]);
  });
});
