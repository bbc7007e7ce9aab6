// The probes chart against the course's §8 manifests (every probe with its timings), and the course's timings in the
// tomcat and rolling-update charts as prod renders them (audit rows G3, G6, G8, G9).
import { describe, expect, it } from 'vitest';
import { chartDir, find, renderEnv } from './course.js';
import { envValues, overlayValuesFiles, renderChart, renderChartError } from './render.js';

const actuator = { httpGet: { scheme: 'HTTP', port: 8081, path: '/actuator/health' } };
const course = { initialDelaySeconds: 20, periodSeconds: 5, timeoutSeconds: 10 };

describe('probes chart (prod)', () => {
  it('§8.1.1 check: no probe, exits after 10 s', async () => {
    const c = find(await renderEnv('probes'), 'Pod', 'check').spec.containers[0];
    expect(c).toMatchObject({ name: 'check', image: 'docker.io/library/busybox:1.28', command: ['/bin/sh', '-c', 'sleep 10;exit'] });
    expect(Object.keys(c).filter((k) => k.endsWith('Probe'))).toEqual([]);
  });

  it('§8.2 startup probes on tomcat: exec (always failing), tcpSocket, httpGet; 20/20/10, success 1, failure 3', async () => {
    const objects = await renderEnv('probes');
    const timings = { initialDelaySeconds: 20, periodSeconds: 20, timeoutSeconds: 10, successThreshold: 1, failureThreshold: 3 };
    const actions = {
      'startupprobe-exec': { exec: { command: ['/bin/sh', '-c', 'aa ps aux | grep tomcat'] } },
      'startupprobe-tcpsocket': { tcpSocket: { port: 8080 } },
      'startupprobe-httpget': { httpGet: { path: '/', port: 8080 } },
    };
    for (const [name, action] of Object.entries(actions)) {
      const c = find(objects, 'Pod', name).spec.containers[0];
      expect(c).toMatchObject({ name: 'startup', image: 'docker.io/library/tomcat:8.5-jre8-alpine', ports: [{ containerPort: 8080 }] });
      expect(c.startupProbe).toEqual({ ...action, ...timings });
    }
  });

  it('§8.3 liveness probes: exec cat /tmp/healthy (10/5), httpGet actuator (20/5/10), tcpSocket nginx :80 (15/20)', async () => {
    const objects = await renderEnv('probes');
    const exec = find(objects, 'Pod', 'liveness-exec');
    expect(exec.metadata.labels.app).toBe('liveness');
    expect(exec.spec.containers[0].args).toEqual(['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -rf /tmp/healthy; sleep 600']);
    expect(exec.spec.containers[0].livenessProbe).toEqual({ exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 10, periodSeconds: 5 });
    const http = find(objects, 'Pod', 'liveness-http');
    expect(http.metadata.labels.test).toBe('liveness');
    expect(http.spec.containers[0].image).toBe('docker.io/mydlqclub/springboot-helloworld:0.0.1');
    expect(http.spec.containers[0].livenessProbe).toEqual({ ...actuator, ...course });
    const tcp = find(objects, 'Pod', 'liveness-tcp').spec.containers[0];
    expect(tcp.image).toBe('docker.io/library/nginx:latest');
    expect(tcp.livenessProbe).toEqual({ tcpSocket: { port: 80 }, initialDelaySeconds: 15, periodSeconds: 20 });
  });

  it('§8.4 readiness and §8.5 startup+readiness+liveness on springboot, each behind its own NodePort Service', async () => {
    const objects = await renderEnv('probes');
    const ready = find(objects, 'Pod', 'springboot').spec.containers[0];
    expect(ready.ports).toEqual([{ name: 'server', containerPort: 8080 }, { name: 'management', containerPort: 8081 }]);
    expect(ready.readinessProbe).toEqual({ ...actuator, ...course });
    expect(ready.livenessProbe).toBeUndefined();
    const live = find(objects, 'Pod', 'springboot-live').spec.containers[0];
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) expect(live[probe]).toEqual({ ...actuator, ...course });
    // The course's 31180/31181 are rolling-update's in prod; these take the next free ones (none left to Kubernetes).
    for (const [name, server, management] of [['springboot', 31182, 31183], ['springboot-live', 31184, 31185]] as const) {
      const svc = find(objects, 'Service', name);
      expect(svc.spec.type).toBe('NodePort');
      expect(svc.spec.selector).toMatchObject({ app: 'springboot', 'app.kubernetes.io/component': name });
      expect(Object.fromEntries(svc.spec.ports.map((p: any) => [p.name, [p.port, p.targetPort, p.nodePort]]))).toEqual({
        server: [8080, 8080, server],
        management: [8081, 8081, management],
      });
    }
  });

  it('rejects a probe period of 0 and a liveness successThreshold other than 1', async () => {
    expect(await renderChartError(chartDir('probes'), { values: [{ startupExec: { probe: { periodSeconds: 0 } } }] })).toMatch(/periodSeconds/);
    expect(await renderChartError(chartDir('probes'), { values: [{ livenessExec: { probe: { periodSeconds: 5, successThreshold: 2 } } }] })).toMatch(
      /successThreshold/,
    );
  });
});

describe("the course's probe timings in the tomcat and rolling-update charts (prod)", () => {
  const prod = async (chart: string) =>
    (await renderChart(chartDir(chart), { release: chart, namespace: 'demo', valuesFiles: overlayValuesFiles('prod', chart), values: [envValues('prod')] }))
      .objects.find((o) => o.kind === 'Deployment').spec.template.spec.containers[0];

  it('tomcat: startupProbe tcpSocket 8080 with 20/20/10, success 1, failure 3 (G3)', async () => {
    expect((await prod('tomcat')).startupProbe).toEqual({
      tcpSocket: { port: 'http' },
      initialDelaySeconds: 20,
      periodSeconds: 20,
      timeoutSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
  });

  it('rolling-update: startup, readiness and liveness on the actuator with 20/5/10 (G6, G8, G9)', async () => {
    const c = await prod('rolling-update');
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(c[probe]).toEqual({ httpGet: { scheme: 'HTTP', path: '/actuator/health', port: 'management' }, ...course, failureThreshold: 3 });
    }
  });
});
