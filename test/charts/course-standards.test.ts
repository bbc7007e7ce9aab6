// Standards of the course-chapter charts, on every rendered scenario (each ci/*.yaml, each env's overlay) and per
// scenario switch: labels, namespaces, images and the hardening each image can run with; and switching a scenario
// off removes exactly its objects.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartDir, courseReleases, keys, podSpec, renderDefaults, renderEnv } from './course.js';
import { envValues } from './render.js';
import { renderChart } from './render.js';

/** The objects of each scenario block, by `Kind/name`: what `<block>.enabled: false` must remove. */
const scenarios: Record<string, Record<string, string[]>> = {
  pods: {
    demoPod: ['Pod/demo-pod'],
    tomcatTest: ['Pod/tomcat-test'],
    kubectlRun: ['Pod/tomcat'],
    nginxTest: ['Deployment/nginx-test'],
    quota: ['ResourceQuota/mem-cpu-quota'],
    podTest: ['Pod/pod-test'],
  },
  scheduling: {
    nodeName: ['Pod/demo-pod'],
    nodeSelector: ['Pod/demo-pod-1'],
    requiredNodeAffinity: ['Pod/pod-node-affinity-demo'],
    preferredNodeAffinity: ['Pod/pod-node-affinity-demo-2'],
    podAffinity: ['Pod/pod-first', 'Pod/pod-second'],
    podAntiAffinity: ['Pod/pod-first-anti-affinity', 'Pod/pod-second-anti-affinity'],
    zoneAntiAffinity: ['Pod/pod-first-zone', 'Pod/pod-second-zone'],
    taintPod: ['Pod/taint-pod'],
    tolerations: ['Pod/myapp-deploy-equal-noexecute', 'Pod/myapp-deploy-equal-noschedule', 'Pod/myapp-deploy-exists', 'Pod/myapp-deploy-exists-noschedule'],
    restartPolicy: ['Pod/demo-pod-always', 'Pod/demo-pod-never', 'Pod/demo-pod-onfailure'],
  },
  lifecycle: {
    initContainers: ['Pod/myapp-pod', 'Service/mydb', 'Service/myservice'],
    initNginx: ['Pod/initnginx'],
    lifeDemo: ['Pod/life-demo'],
  },
  probes: {
    check: ['Pod/check'],
    startupExec: ['Pod/startupprobe-exec'],
    startupTcpSocket: ['Pod/startupprobe-tcpsocket'],
    startupHttpGet: ['Pod/startupprobe-httpget'],
    livenessExec: ['Pod/liveness-exec'],
    livenessHttpGet: ['Pod/liveness-http'],
    livenessTcpSocket: ['Pod/liveness-tcp'],
    readinessHttpGet: ['Pod/springboot', 'Service/springboot'],
    combined: ['Pod/springboot-live', 'Service/springboot-live'],
  },
  controllers: {
    replicaSet: ['ReplicaSet/frontend'],
    deployDemo: ['Deployment/myapp-v1'],
    recreate: ['Deployment/myapp-recreate'],
  },
  daemonset: { fluentd: ['DaemonSet/fluentd-elasticsearch'] },
};

/** Where the course itself runs an image untagged or as :latest (each waived in the envs). */
const courseLatest = new Set([
  'pods/Deployment/nginx-test',
  'scheduling/Pod/pod-second',
  'scheduling/Pod/pod-second-anti-affinity',
  'scheduling/Pod/pod-second-zone',
  'lifecycle/Pod/initnginx',
  'lifecycle/Pod/life-demo',
  'probes/Pod/liveness-tcp',
  'controllers/ReplicaSet/frontend',
  'daemonset/DaemonSet/fluentd-elasticsearch',
]);

interface Render {
  chart: string;
  label: string;
  registry: string;
  objects: () => Promise<any[]>;
}
const renders: Render[] = Object.keys(courseReleases).flatMap((chart) => {
  const ci = readdirSync(join(chartDir(chart), 'ci')).map((file) => ({
    chart,
    label: `ci/${file}`,
    registry: '',
    objects: async () =>
      (await renderChart(chartDir(chart), { release: chart, namespace: courseReleases[chart], valuesFiles: [join(chartDir(chart), 'ci', file)] })).objects,
  }));
  const envs = (['prod', 'dev'] as const).map((env) => ({
    chart,
    label: `overlays/${env}`,
    registry: envValues(env).global.imageRegistry,
    objects: () => renderEnv(chart, env),
  }));
  return [...ci, ...envs];
});

const containersOf = (o: any): any[] => {
  const spec = o.kind === 'Pod' || o.spec?.template ? podSpec(o) : undefined;
  return spec ? [...(spec.initContainers ?? []), ...spec.containers] : [];
};

describe.each(renders)('$chart with $label', ({ chart, label, registry, objects: render }) => {
  it('labels every object and keeps it in the release namespace (pods: test for the quota demo)', async () => {
    const objects = await render();
    expect(objects.length).toBeGreaterThan(0);
    for (const o of objects) {
      expect(o.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': chart,
        'app.kubernetes.io/instance': chart,
        'app.kubernetes.io/managed-by': 'Helm',
        'helm.sh/chart': `${chart}-0.1.0`,
      });
      if (o.kind === 'Namespace') expect(o.metadata.namespace).toBeUndefined();
      else if (['ResourceQuota/mem-cpu-quota', 'Pod/pod-test'].includes(`${o.kind}/${o.metadata.name}`)) expect(o.metadata.namespace).toBe('test');
      else expect(o.metadata.namespace).toBe(courseReleases[chart]);
    }
  });

  it('pins images (latest only where the course runs it), sets resources and the hardening each image runs with', async () => {
    for (const o of await render()) {
      for (const c of containersOf(o)) {
        expect(c.image).toMatch(/^[^/:]+(:\d+)?\/[^:]+:[\w][\w.-]*$/);
        if (registry) expect(c.image.startsWith(`${registry}/`), c.image).toBe(true);
        if (c.image.endsWith(':latest') && !label.startsWith('ci/')) expect(courseLatest.has(`${chart}/${o.kind}/${o.metadata.name}`), c.image).toBe(true);
        expect(Object.keys(c.resources.requests).length, c.name).toBeGreaterThan(0);
        expect(Object.keys(c.resources.limits).length, c.name).toBeGreaterThan(0);
        const sc = c.securityContext;
        expect(sc).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
        for (const cap of sc.capabilities.add ?? []) expect(['CHOWN', 'SETUID', 'SETGID', 'NET_BIND_SERVICE']).toContain(cap);
        const mounts = (c.volumeMounts ?? []).map((m: any) => m.mountPath);
        if (c.image.includes('/library/tomcat:')) {
          // The image makes its tree world-readable: uid 1000, read-only root, Tomcat's writable dirs as emptyDirs.
          expect(sc).toMatchObject({ runAsUser: 1000, runAsNonRoot: true, readOnlyRootFilesystem: true });
          expect(mounts).toEqual(expect.arrayContaining(['/usr/local/tomcat/logs', '/usr/local/tomcat/temp', '/usr/local/tomcat/work', '/usr/local/tomcat/conf/Catalina', '/tmp']));
        } else if (c.image.includes('/library/busybox:')) {
          expect(sc).toMatchObject({ runAsUser: 65534, runAsNonRoot: true, readOnlyRootFilesystem: true });
        } else if (c.image.includes('/library/nginx:')) {
          // The master starts as root and drops to `nginx`; logs go to stdout, cache and pid dirs are emptyDirs.
          expect(sc).toMatchObject({ runAsNonRoot: false, capabilities: { add: ['CHOWN', 'SETUID', 'SETGID', 'NET_BIND_SERVICE'] } });
          expect(mounts).toEqual(expect.arrayContaining(['/var/cache/nginx', '/var/run']));
          expect(sc.readOnlyRootFilesystem).toBe(o.metadata.name !== 'life-demo');
        }
      }
    }
  });

  it('backs every Service with a pod of the same render and namespace', async () => {
    const objects = await render();
    for (const svc of objects.filter((o) => o.kind === 'Service' && o.spec.selector)) {
      const backed = objects.filter(
        (o) => containersOf(o).length && o.metadata.namespace === svc.metadata.namespace && Object.entries(svc.spec.selector).every(([k, v]) => (o.kind === 'Pod' ? o.metadata.labels : o.spec.template.metadata.labels)[k] === v),
      );
      expect(backed.map((o) => o.metadata.name), svc.metadata.name).toHaveLength(1);
    }
  });
});

describe.each(Object.keys(scenarios))('%s: scenario switches', (chart) => {
  it('prod renders every scenario, and nothing else', async () => {
    const all = keys(await renderEnv(chart, 'prod'));
    expect(all).toEqual(Object.values(scenarios[chart]!).flat().sort());
  });

  it.each(Object.keys(scenarios[chart]!))('%s: enabled false removes exactly its objects', async (scenario) => {
    const all = keys(await renderEnv(chart, 'prod'));
    const without = keys(await renderEnv(chart, 'prod', [{ [scenario]: { enabled: false } }]));
    expect(all.filter((k) => !without.includes(k))).toEqual([...scenarios[chart]![scenario]!].sort());
    expect(without.every((k) => all.includes(k))).toBe(true);
  });
});

describe('pods: namespace test', () => {
  it('is rendered alone (testNamespace.create) only while something lives in it', async () => {
    expect(keys(await renderDefaults('pods'))).toContain('Namespace/test');
    expect(keys(await renderDefaults('pods', [{ quota: { enabled: false } }]))).toContain('Namespace/test');
    expect(keys(await renderDefaults('pods', [{ quota: { enabled: false }, podTest: { enabled: false } }]))).not.toContain('Namespace/test');
    // In the envs the tenancy release owns it: a second Namespace object would be a duplicate.
    expect(keys(await renderEnv('pods', 'prod'))).not.toContain('Namespace/test');
  });
});
