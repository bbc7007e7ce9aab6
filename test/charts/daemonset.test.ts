// The daemonset chart against the course's §14 manifest, as prod renders it.
import { describe, expect, it } from 'vitest';
import { find, podSpec, renderEnv } from './course.js';

describe('daemonset chart (prod)', () => {
  it('§14.3 fluentd-elasticsearch in kube-system: control-plane toleration, resources, hostPaths, grace period', async () => {
    const ds = find(await renderEnv('daemonset'), 'DaemonSet', 'fluentd-elasticsearch');
    expect(ds.metadata.namespace).toBe('kube-system');
    expect(ds.metadata.labels['k8s-app']).toBe('fluentd-logging');
    expect(ds.spec.selector).toEqual({ matchLabels: { name: 'fluentd-elasticsearch' } });
    const spec = podSpec(ds);
    expect(spec.tolerations).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    expect(spec.terminationGracePeriodSeconds).toBe(30);
    const c = spec.containers[0];
    expect(c).toMatchObject({ name: 'fluentd-elasticsearch', image: 'docker.io/library/fluentd:latest', imagePullPolicy: 'IfNotPresent' });
    expect(c.resources).toEqual({ limits: { memory: '200Mi' }, requests: { cpu: '100m', memory: '200Mi' } });
    expect(c.volumeMounts).toEqual([
      { name: 'varlog', mountPath: '/var/log' },
      { name: 'varlibdockercontainers', mountPath: '/var/lib/docker/containers', readOnly: true },
    ]);
    expect(spec.volumes).toEqual([
      { name: 'varlog', hostPath: { path: '/var/log' } },
      { name: 'varlibdockercontainers', hostPath: { path: '/var/lib/docker/containers' } },
    ]);
  });
});
