// The common library chart, exercised through a small consumer chart that calls every helper.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderChart, renderChartError } from './render.js';

const consumer = fileURLToPath(new URL('./fixtures/common-consumer', import.meta.url));

const byKind = (objects: any[], kind: string) => objects.filter((o) => o.kind === kind);
const podSpec = async (values: object = {}, opts: { kubeVersion?: string } = {}) => {
  const { objects } = await renderChart(consumer, { release: 'web', namespace: 'apps', values: [values], ...opts });
  return { objects, spec: byKind(objects, 'Deployment')[0].spec.template.spec };
};

describe('common library', () => {
  it('derives names and the standard labels from the release; selectors stay minimal', async () => {
    const { objects } = await renderChart(consumer, { release: 'shop', namespace: 'apps' });
    const deployment = byKind(objects, 'Deployment')[0];
    expect(deployment.metadata.name).toBe('shop-consumer');
    expect(deployment.metadata.namespace).toBe('apps');
    expect(deployment.metadata.labels).toEqual({
      'helm.sh/chart': 'consumer-0.1.0',
      'app.kubernetes.io/name': 'consumer',
      'app.kubernetes.io/instance': 'shop',
      'app.kubernetes.io/component': 'web',
      'app.kubernetes.io/version': '1.0.0',
      'app.kubernetes.io/part-of': 'consumer',
      'app.kubernetes.io/managed-by': 'Helm',
    });
    expect(deployment.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'consumer',
      'app.kubernetes.io/instance': 'shop',
      'app.kubernetes.io/component': 'web',
    });
    expect(deployment.spec.template.spec.serviceAccountName).toBe('shop-consumer');
  });

  it('keeps a release name that already contains the chart name', async () => {
    const { objects } = await renderChart(consumer, { release: 'consumer-prod' });
    expect(byKind(objects, 'Deployment')[0].metadata.name).toBe('consumer-prod');
  });

  it('builds image references and lets global.imageRegistry override the registry', async () => {
    const own = await podSpec();
    expect(own.spec.containers[0].image).toBe('docker.io/library/nginx:1.25.3');
    const mirrored = await podSpec({ global: { imageRegistry: 'mirror.local:5000' } });
    expect(mirrored.spec.containers[0].image).toBe('mirror.local:5000/library/nginx:1.25.3');
    const digest = await podSpec({ image: { digest: 'sha256:abc' } });
    expect(digest.spec.containers[0].image).toBe('docker.io/library/nginx:1.25.3@sha256:abc');
  });

  it('rejects latest and missing tags', async () => {
    expect(await renderChartError(consumer, { values: [{ image: { tag: 'latest' } }] })).toMatch(
      /image library\/nginx: tag "latest" is not allowed/,
    );
    expect(await renderChartError(consumer, { values: [{ image: { tag: null } }] })).toMatch(
      /image library\/nginx: a pinned tag is required/,
    );
  });

  it('applies the hardened securityContext defaults and lets a container replace single keys', async () => {
    const hardened = await podSpec();
    expect(hardened.spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(hardened.spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const exception = await podSpec({
      container: { securityContext: { runAsNonRoot: false, capabilities: { add: ['NET_BIND_SERVICE'] } } },
    });
    expect(exception.spec.containers[0].securityContext).toMatchObject({
      runAsNonRoot: false,
      readOnlyRootFilesystem: true,
      capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
    });
  });

  it('switches dnsPolicy to ClusterFirstWithHostNet with hostNetwork unless dnsPolicy is set', async () => {
    expect((await podSpec()).spec.dnsPolicy).toBeUndefined();
    const host = await podSpec({ pod: { hostNetwork: true } });
    expect(host.spec.hostNetwork).toBe(true);
    expect(host.spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
    const explicit = await podSpec({ pod: { hostNetwork: true, dnsPolicy: 'Default' } });
    expect(explicit.spec.dnsPolicy).toBe('Default');
  });

  it('adds anti-affinity and a PDB only when replicas > 1', async () => {
    const single = await podSpec({ pod: { nodeSelector: { disk: 'ssd' } } });
    expect(single.spec.affinity).toBeUndefined();
    expect(single.spec.nodeSelector).toEqual({ disk: 'ssd' });
    expect(byKind(single.objects, 'PodDisruptionBudget')).toHaveLength(0);

    const ha = await podSpec({ replicas: 3 });
    expect(ha.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      {
        topologyKey: 'kubernetes.io/hostname',
        labelSelector: {
          matchLabels: {
            'app.kubernetes.io/name': 'consumer',
            'app.kubernetes.io/instance': 'web',
            'app.kubernetes.io/component': 'web',
          },
        },
      },
    ]);
    const [pdb] = byKind(ha.objects, 'PodDisruptionBudget');
    expect(pdb.metadata).toMatchObject({ name: 'web-consumer', namespace: 'apps' });
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(pdb.spec.selector.matchLabels).toEqual(ha.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels);
    // unhealthyPodEvictionPolicy does not exist before Kubernetes 1.26.
    expect(pdb.spec.unhealthyPodEvictionPolicy).toBeUndefined();
    const newer = await podSpec({ replicas: 2 }, { kubeVersion: '1.31.0' });
    expect(byKind(newer.objects, 'PodDisruptionBudget')[0].spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
  });

  it('turns the anti-affinity term into a preferred rule in soft mode, at any replica count', async () => {
    for (const replicas of [1, 3]) {
      const { spec } = await podSpec({ replicas, antiAffinity: 'soft' });
      const rule = spec.affinity.podAntiAffinity;
      expect(rule.requiredDuringSchedulingIgnoredDuringExecution).toBeUndefined();
      expect(rule.preferredDuringSchedulingIgnoredDuringExecution).toEqual([
        { weight: 100, podAffinityTerm: expect.objectContaining({ topologyKey: 'kubernetes.io/hostname' }) },
      ]);
    }
    expect(await renderChartError(consumer, { values: [{ antiAffinity: 'sometimes' }] })).toMatch(/antiAffinity must be "soft" or "hard"/);
  });

  it('keeps a user-supplied podAntiAffinity', async () => {
    const preferred = { preferredDuringSchedulingIgnoredDuringExecution: [] };
    const { spec } = await podSpec({ replicas: 2, pod: { affinity: { podAntiAffinity: preferred } } });
    expect(spec.affinity).toEqual({ podAntiAffinity: preferred });
  });

  it('requires resources on every container and probes on long-running ones', async () => {
    expect(await renderChartError(consumer, { values: [{ container: { resources: null } }] })).toMatch(
      /container web: resources \(requests and limits\) are required/,
    );
    expect(await renderChartError(consumer, { values: [{ container: { probes: false } }] })).toMatch(
      /container web: livenessProbe and readinessProbe are required/,
    );
    const job = await podSpec({ container: { probes: false }, job: true });
    expect(job.spec.containers[0].livenessProbe).toBeUndefined();
  });

  it('admits latest only where the call site allows it', async () => {
    const profile = { registry: 'docker.io', repository: 'library/nginx', tag: 'latest', resources: { requests: { cpu: '1m' }, limits: { memory: '8Mi' } } };
    const container = { name: 'nginx' };
    const pod = async (allowLatest: boolean) =>
      (await renderChart(consumer, { values: [{ profilePod: { profile, container, allowLatest, probes: false } }] })).objects.find((o) => o.kind === 'Pod');
    expect((await pod(true)).spec.containers[0].image).toBe('docker.io/library/nginx:latest');
    expect(await renderChartError(consumer, { values: [{ profilePod: { profile, container, allowLatest: false, probes: false } }] })).toMatch(
      /tag "latest" is not allowed/,
    );
  });

  it('builds a container from an image profile: its securityContext keys, writable dirs as emptyDirs, the container keys win', async () => {
    const profile = {
      registry: 'docker.io',
      repository: 'library/tomcat',
      tag: '8.5-jre8-alpine',
      pullPolicy: 'IfNotPresent',
      resources: { requests: { cpu: '10m', memory: '128Mi' }, limits: { cpu: '500m', memory: '384Mi' } },
      securityContext: { runAsUser: 1000 },
      writableDirs: { logs: '/usr/local/tomcat/logs', tmp: '/tmp' },
    };
    const container = {
      name: 'tomcat-test',
      ports: [{ containerPort: 8080 }],
      resources: { requests: { cpu: '500m', memory: '100Mi' }, limits: { cpu: '2', memory: '2Gi' } },
      volumeMounts: [{ name: 'extra', mountPath: '/extra' }],
    };
    const { objects } = await renderChart(consumer, { values: [{ profilePod: { profile, container, probes: false, pod: { nodeName: 'node1' } } }] });
    const writable = await renderChart(consumer, {
      values: [{ profilePod: { profile: { ...profile, securityContext: { readOnlyRootFilesystem: true } }, container: { ...container, securityContext: { readOnlyRootFilesystem: false } }, probes: false } }],
    });
    // A container's false replaces the profile's true.
    expect(writable.objects.find((o) => o.kind === 'Pod').spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
    const spec = objects.find((o) => o.kind === 'Pod').spec;
    expect(spec.nodeName).toBe('node1');
    expect(spec.containers[0]).toEqual({
      name: 'tomcat-test',
      image: 'docker.io/library/tomcat:8.5-jre8-alpine',
      imagePullPolicy: 'IfNotPresent',
      ports: [{ containerPort: 8080 }],
      resources: container.resources,
      securityContext: {
        runAsUser: 1000,
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      },
      volumeMounts: [
        { name: 'logs', mountPath: '/usr/local/tomcat/logs' },
        { name: 'tmp', mountPath: '/tmp' },
        { name: 'extra', mountPath: '/extra' },
      ],
    });
    // Once per name, even when two containers share a profile.
    expect(spec.volumes).toEqual([
      { name: 'logs', emptyDir: {} },
      { name: 'tmp', emptyDir: {} },
    ]);
  });

  it('lifts the probe requirement only with probes: false', async () => {
    const profile = { registry: 'docker.io', repository: 'library/busybox', tag: '1.28', resources: { requests: { cpu: '1m' }, limits: { memory: '8Mi' } } };
    const values = (probes?: boolean) => [{ profilePod: { profile, container: { name: 'check' }, ...(probes === undefined ? {} : { probes }) } }];
    expect(await renderChartError(consumer, { values: values() })).toMatch(/container check: livenessProbe and readinessProbe are required/);
    expect(await renderChartError(consumer, { values: values(true) })).toMatch(/livenessProbe and readinessProbe are required/);
    expect((await renderChart(consumer, { values: values(false) })).objects.find((o) => o.kind === 'Pod').spec.containers[0].name).toBe('check');
  });
});
