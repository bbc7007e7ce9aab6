// The pods chart against the course's §2-§4 manifests, as prod renders it.
import { describe, expect, it } from 'vitest';
import { find, podLabels, podSpec, renderDefaults, renderEnv } from './course.js';
import { renderChartError } from './render.js';
import { chartDir } from './course.js';

describe('pods chart (prod)', () => {
  it('§2.3.1 demo-pod and §2.3.4/§4.2 tomcat-test: standalone tomcat Pods on :8080', async () => {
    const objects = await renderEnv('pods');
    const demo = find(objects, 'Pod', 'demo-pod');
    expect(demo.metadata.labels).toMatchObject({ app: 'myapp', env: 'dev' });
    expect(demo.spec.containers.map((c: any) => [c.name, c.image, c.ports, c.imagePullPolicy])).toEqual([
      ['tomcat-pod-java', 'docker.io/library/tomcat:8.5-jre8-alpine', [{ containerPort: 8080 }], 'IfNotPresent'],
    ]);
    const test = find(objects, 'Pod', 'tomcat-test');
    // §4.2's `kubectl label pods tomcat-test release=v1` is a value in prod.
    expect(test.metadata.labels).toMatchObject({ app: 'tomcat', release: 'v1' });
    expect(test.spec.containers[0]).toMatchObject({ name: 'tomcat-java', ports: [{ containerPort: 8080 }] });
    const run = find(objects, 'Pod', 'tomcat');
    expect(run.metadata.labels).toMatchObject({ run: 'tomcat' });
    expect(run.spec.containers[0]).toMatchObject({ name: 'tomcat', image: 'docker.io/library/tomcat:8.5-jre8-alpine' });
  });

  it('§2.3.2 Deployment nginx-test: 2 replicas of nginx:latest selected by app=nginx', async () => {
    const d = find(await renderEnv('pods'), 'Deployment', 'nginx-test');
    expect(d.metadata.labels.app).toBe('nginx-deploy');
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'nginx' } });
    expect(podLabels(d).app).toBe('nginx');
    expect(podSpec(d).containers[0]).toMatchObject({ name: 'my-nginx', image: 'docker.io/library/nginx:latest', ports: [{ containerPort: 80 }] });
  });

  it('§3.3.2 ResourceQuota mem-cpu-quota and pod-test in namespace test, with the course quantities', async () => {
    const objects = await renderEnv('pods');
    const quota = find(objects, 'ResourceQuota', 'mem-cpu-quota');
    expect(quota.metadata.namespace).toBe('test');
    expect(quota.spec.hard).toEqual({ 'requests.cpu': '2', 'requests.memory': '2Gi', 'limits.cpu': '4', 'limits.memory': '4Gi' });
    const pod = find(objects, 'Pod', 'pod-test');
    expect(pod.metadata.namespace).toBe('test');
    expect(pod.metadata.labels.app).toBe('tomcat-pod-test');
    expect(pod.spec.containers[0]).toMatchObject({
      name: 'tomcat-test',
      image: 'docker.io/library/tomcat:8.5-jre8-alpine',
      resources: { requests: { memory: '100Mi', cpu: '500m' }, limits: { memory: '2Gi', cpu: '2' } },
    });
  });

  it('renders namespace test only when installed alone', async () => {
    expect(find(await renderDefaults('pods'), 'Namespace', 'test').metadata.name).toBe('test');
  });

  it('rejects a typo in a scenario block and a quota key Kubernetes does not know', async () => {
    expect(await renderChartError(chartDir('pods'), { values: [{ podTest: { enabeld: true } }] })).toMatch(/enabeld/);
    expect(await renderChartError(chartDir('pods'), { values: [{ quota: { hard: { 'request.cpu': '1' } } }] })).toMatch(/quota\.hard.*must be one of/);
  });
});
