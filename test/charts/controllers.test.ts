// The controllers chart against the course's §9-§10 manifests, as prod renders it.
import { describe, expect, it } from 'vitest';
import { chartDir, find, podLabels, podSpec, renderEnv } from './course.js';
import { renderChartError } from './render.js';

describe('controllers chart (prod)', () => {
  it('§9 ReplicaSet frontend: 3 replicas selected by tier1=frontend1, nginx', async () => {
    const rs = find(await renderEnv('controllers'), 'ReplicaSet', 'frontend');
    expect(rs.metadata.labels).toMatchObject({ app: 'guestbook', tier: 'frontend' });
    expect(rs.spec.replicas).toBe(3);
    expect(rs.spec.selector).toEqual({ matchLabels: { tier1: 'frontend1' } });
    expect(podLabels(rs).tier1).toBe('frontend1');
    expect(podSpec(rs).containers[0]).toMatchObject({ name: 'php-redis', image: 'docker.io/library/nginx:latest', ports: [{ containerPort: 80 }] });
  });

  it('§10.4 deploy-demo myapp-v1: janakiramm/myapp:v1, 2 replicas, history 10, §10.6.4 strategy, spec.paused', async () => {
    const d = find(await renderEnv('controllers'), 'Deployment', 'myapp-v1');
    expect(d.spec).toMatchObject({
      replicas: 2,
      revisionHistoryLimit: 10,
      paused: false,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
      selector: { matchLabels: { app: 'myapp', version: 'v1' } },
    });
    expect(podLabels(d)).toMatchObject({ app: 'myapp', version: 'v1' });
    expect(podSpec(d).containers[0]).toMatchObject({ name: 'myapp', image: 'docker.io/janakiramm/myapp:v1', ports: [{ containerPort: 80 }] });
  });

  it('§10.8 canary by paused rollout: the paused step renders paused: true with the new tag', async () => {
    const d = find(
      await renderEnv('controllers', 'prod', [{ deployDemo: { paused: true, minReadySeconds: 300, image: { tag: 'v2' }, strategy: { rollingUpdate: { maxUnavailable: 0 } } } }]),
      'Deployment',
      'myapp-v1',
    );
    expect(d.spec).toMatchObject({ paused: true, minReadySeconds: 300, strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } });
    expect(podSpec(d).containers[0].image).toBe('docker.io/janakiramm/myapp:v2');
  });

  it('§10.6.4 Recreate: its own Deployment, whose selector cannot take myapp-v1 pods', async () => {
    const objects = await renderEnv('controllers');
    const d = find(objects, 'Deployment', 'myapp-recreate');
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
    expect(d.spec.selector.matchLabels).toEqual({ app: 'myapp-recreate', version: 'v1' });
    const v1 = podLabels(find(objects, 'Deployment', 'myapp-v1'));
    expect(Object.entries(d.spec.selector.matchLabels).every(([k, v]) => v1[k] === v)).toBe(false);
  });

  it('rejects maxSurge and maxUnavailable both 0, and Recreate with rollingUpdate parameters', async () => {
    expect(
      await renderChartError(chartDir('controllers'), { values: [{ deployDemo: { strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } } }] }),
    ).toMatch(/both 0 would stall every rollout/);
    expect(await renderChartError(chartDir('controllers'), { values: [{ deployDemo: { strategy: { type: 'Recreate' } } }] })).toMatch(/strategy/);
  });
});
