// charts/ingress-nginx: both workload kinds from one pod spec, bare-metal networking, and two releases side by side.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { envValues, overlayValuesFiles, renderChart, renderChartError } from './render.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const chart = `${root}charts/ingress-nginx`;
const CLUSTER_SCOPED = ['ClusterRole', 'ClusterRoleBinding', 'IngressClass', 'ValidatingWebhookConfiguration'];

const ofKind = (objects: any[], kind: string) => objects.filter((o) => o.kind === kind);
const workload = (objects: any[]) => {
  const found = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'DaemonSet');
  expect(found).toHaveLength(1);
  return found[0];
};
const controller = (objects: any[]) => workload(objects).spec.template.spec.containers[0];
const flag = (container: any, name: string) =>
  container.args.find((a: string) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const envGlobal = envValues;
const renderRelease = (env: string, release: string) =>
  renderChart(chart, {
    release,
    namespace: release,
    valuesFiles: overlayValuesFiles(env, release),
    values: [envGlobal(env)],
  });
/** Node ports a hostNetwork controller binds (containerPorts plus the localhost-only ones passed as flags). */
const hostPorts = (objects: any[]) => {
  const c = controller(objects);
  const declared = c.ports.map((p: any) => p.containerPort);
  const local = ['profiler-port', 'status-port', 'stream-port'].map((f) => Number(flag(c, f)));
  return [...declared, ...local];
};

describe('ingress-nginx chart', () => {
  it('switches between Deployment and DaemonSet with the same pod spec', async () => {
    const deployment = await renderChart(chart, { values: [{ controller: { kind: 'Deployment', replicas: 1 } }] });
    const daemonset = await renderChart(chart, { values: [{ controller: { kind: 'DaemonSet' } }] });
    const d = workload(deployment.objects);
    const ds = workload(daemonset.objects);
    expect(d.kind).toBe('Deployment');
    expect(d.spec.strategy.rollingUpdate).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    expect(ds.kind).toBe('DaemonSet');
    expect(ds.spec.replicas).toBeUndefined();
    expect(ds.spec.updateStrategy.rollingUpdate).toEqual({ maxUnavailable: 1 });
    expect(ds.spec.template.spec).toEqual(d.spec.template.spec);
    expect(ofKind(daemonset.objects, 'PodDisruptionBudget')).toHaveLength(0);
  });

  it('rejects the Daemonset typo in the schema with a clear message', async () => {
    const error = await renderChartError(chart, { values: [{ controller: { kind: 'Daemonset' } }] });
    expect(error).toMatch(/controller\.kind must be one of the following: "Deployment", "DaemonSet"/);
  });

  it('forbids a LoadBalancer Service unless explicitly allowed', async () => {
    const error = await renderChartError(chart, { values: [{ controller: { service: { type: 'LoadBalancer' } } }] });
    expect(error).toMatch(/controller\.service\.type must be one of the following: "ClusterIP", "NodePort"/);
    const allowed = await renderChart(chart, {
      values: [{ controller: { service: { type: 'LoadBalancer', allowLoadBalancer: true } } }],
    });
    expect(ofKind(allowed.objects, 'Service').map((s) => s.spec.type)).toContain('LoadBalancer');
  });

  it('sets dnsPolicy ClusterFirstWithHostNet automatically with hostNetwork', async () => {
    const host = await renderChart(chart, { values: [{ controller: { hostNetwork: true } }] });
    const pod = workload(host.objects).spec.template.spec;
    expect(pod.hostNetwork).toBe(true);
    expect(pod.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(flag(controller(host.objects), 'report-node-internal-ip-address')).toBe('true');
    const plain = await renderChart(chart);
    expect(workload(plain.objects).spec.template.spec.dnsPolicy).toBeUndefined();
    expect(flag(controller(plain.objects), 'publish-service')).toBe('$(POD_NAMESPACE)/test-ingress-nginx-controller');
  });

  it('adds required anti-affinity and a PDB only when replicas > 1', async () => {
    const single = await renderChart(chart, { values: [{ controller: { replicas: 1 } }] });
    expect(workload(single.objects).spec.template.spec.affinity).toBeUndefined();
    expect(ofKind(single.objects, 'PodDisruptionBudget')).toHaveLength(0);
    const ha = await renderChart(chart, { release: 'edge', values: [{ controller: { replicas: 2 } }] });
    const anti = workload(ha.objects).spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution;
    expect(anti[0].topologyKey).toBe('kubernetes.io/hostname');
    expect(anti[0].labelSelector.matchLabels['app.kubernetes.io/instance']).toBe('edge');
    const [pdb] = ofKind(ha.objects, 'PodDisruptionBudget');
    expect(pdb.metadata.name).toBe('edge-ingress-nginx-controller');
    expect(pdb.spec.selector.matchLabels).toEqual(workload(ha.objects).spec.selector.matchLabels);
  });

  it('keeps NET_BIND_SERVICE for privileged ports and for the image\'s file capability, and records that fact', async () => {
    const low = controller((await renderChart(chart)).objects).securityContext;
    expect(low).toMatchObject({ runAsUser: 101, runAsNonRoot: true, allowPrivilegeEscalation: true });
    expect(low.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
    // The ngx-ds case: high ports, but v1.1.0's binaries carry cap_net_bind_service=+ep, so exec needs it in the
    // bounding set; no_new_privs stays on (the capability need not take effect).
    const highPorts = { controller: { ports: { http: 8080, https: 8444 } } };
    const { objects } = await renderChart(chart, { values: [highPorts] });
    expect(controller(objects).securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
    });
    expect(workload(objects).spec.template.metadata.annotations['file-capabilities.bundle.dev/controller']).toBe('NET_BIND_SERVICE');
    // An image without file capabilities on high ports needs nothing.
    const plain = await renderChart(chart, { values: [highPorts, { controller: { image: { fileCapabilities: [] } } }] });
    expect(controller(plain.objects).securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(controller(plain.objects).securityContext.capabilities.add).toBeUndefined();
    expect(workload(plain.objects).spec.template.metadata.annotations['file-capabilities.bundle.dev/controller']).toBeUndefined();
  });

  it('fails when two controller ports of one release coincide', async () => {
    const error = await renderChartError(chart, { values: [{ controller: { ports: { https: 8443 } } }] });
    expect(error).toMatch(/controller\.ports\.\w+ and controller\.ports\.\w+ both use port 8443/);
  });

  it('wires the admission webhook: values, cert Jobs as hooks, names from the release', async () => {
    const { objects } = await renderChart(chart, {
      release: 'edge',
      namespace: 'ingress',
      values: [{ controller: { admissionWebhooks: { failurePolicy: 'Ignore', timeoutSeconds: 5 } } }],
    });
    const [vwc] = ofKind(objects, 'ValidatingWebhookConfiguration');
    expect(vwc.metadata.name).toBe('edge-ingress-nginx-admission');
    expect(vwc.webhooks[0]).toMatchObject({
      failurePolicy: 'Ignore',
      timeoutSeconds: 5,
      clientConfig: { service: { namespace: 'ingress', name: 'edge-ingress-nginx-controller-admission' } },
    });
    const jobs = ofKind(objects, 'Job');
    expect(jobs.map((j) => j.metadata.annotations['helm.sh/hook'])).toEqual(['pre-install,pre-upgrade', 'post-install,post-upgrade']);
    expect(jobs[0].spec.template.spec.containers[0].image).toBe(
      'registry.cn-hangzhou.aliyuncs.com/google_containers/kube-webhook-certgen:v1.1.1',
    );
    expect(jobs[1].spec.template.spec.containers[0].args).toContain('--patch-failure-policy=Ignore');
    expect(jobs[1].spec.template.spec.containers[0].args).toContain('--webhook-name=edge-ingress-nginx-admission');
    const c = controller(objects);
    expect(flag(c, 'validating-webhook')).toBe(':8443');
    const off = await renderChart(chart, { values: [{ controller: { admissionWebhooks: { enabled: false } } }] });
    expect(ofKind(off.objects, 'ValidatingWebhookConfiguration')).toHaveLength(0);
    expect(ofKind(off.objects, 'Job')).toHaveLength(0);
    expect(flag(controller(off.objects), 'validating-webhook')).toBeUndefined();
    expect(workload(off.objects).spec.template.spec.volumes).toBeUndefined();
  });

  it('renders the IngressClass from the class value with an optional default annotation', async () => {
    const { objects } = await renderChart(chart, { values: [{ controller: { ingressClass: 'public', defaultClass: true } }] });
    const [ic] = ofKind(objects, 'IngressClass');
    expect(ic.metadata.name).toBe('public');
    expect(ic.spec.controller).toBe('k8s.io/public');
    expect(ic.metadata.annotations).toEqual({ 'ingressclass.kubernetes.io/is-default-class': 'true' });
    expect(flag(controller(objects), 'controller-class')).toBe('k8s.io/public');
    expect(flag(controller(objects), 'ingress-class')).toBe('public');
  });

  describe('prod: ingress-nginx and ingress-ngx-ds side by side', () => {
    let main: any[];
    let ds: any[];
    beforeAll(async () => {
      main = (await renderRelease('prod', 'ingress-nginx')).objects;
      ds = (await renderRelease('prod', 'ingress-ngx-ds')).objects;
    });

    it('renders the seed shapes', () => {
      const m = workload(main);
      expect(m.kind).toBe('Deployment');
      expect(m.spec.replicas).toBe(2);
      expect(m.spec.template.spec.nodeSelector).toMatchObject({ 'kubernetes.io/ingress': 'nginx' });
      expect(m.spec.template.spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
      expect(ofKind(main, 'PodDisruptionBudget')).toHaveLength(1);
      expect(flag(controller(main), 'publish-status-address')).toBe('192.168.40.199');
      expect(flag(controller(main), 'http-port')).toBe('80');
      const d = workload(ds);
      expect(d.kind).toBe('DaemonSet');
      expect(d.spec.template.spec.nodeSelector).toMatchObject({ 'kubernetes.io/ingress': 'nginx' });
      expect(ofKind(ds, 'IngressClass')[0].metadata.name).toBe('ngx-ds');
    });

    it('never share a cluster-scoped name', () => {
      const names = (objects: any[]) => objects.filter((o) => CLUSTER_SCOPED.includes(o.kind)).map((o) => `${o.kind}/${o.metadata.name}`);
      const a = names(main);
      const b = names(ds);
      expect(a.length).toBeGreaterThanOrEqual(4);
      expect(a.filter((n) => b.includes(n))).toEqual([]);
    });

    it('use their own election id and controller class', () => {
      for (const f of ['election-id', 'controller-class', 'ingress-class']) {
        expect(flag(controller(main), f), f).not.toBe(flag(controller(ds), f));
      }
      expect(ofKind(main, 'IngressClass')[0].spec.controller).not.toBe(ofKind(ds, 'IngressClass')[0].spec.controller);
    });

    it('bind disjoint host ports on the shared ingress nodes', () => {
      const a = hostPorts(main);
      const b = hostPorts(ds);
      expect(new Set(a).size).toBe(a.length);
      expect(a.filter((p) => b.includes(p))).toEqual([]);
      expect(workload(ds).spec.template.spec.hostNetwork).toBe(true);
    });
  });

  it('renders every ci scenario and the dev overlays', async () => {
    for (const file of readdirSync(`${chart}/ci`)) {
      const { objects } = await renderChart(chart, { valuesFiles: [`${chart}/ci/${file}`] });
      expect(controller(objects).image, file).toMatch(/nginx-ingress-controller:v1\.1\.0$/);
    }
    for (const release of ['ingress-nginx', 'ingress-ngx-ds']) {
      const { objects } = await renderRelease('dev', release);
      expect(controller(objects).image, release).toBe('registry.dev.example.com/google_containers/nginx-ingress-controller:v1.1.0');
    }
  });
});
