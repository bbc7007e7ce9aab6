// cni chart: Calico as the seed runs it (pool from the env's pod CIDR, NIC autodetection, IP-in-IP or VXLAN), its
// CRDs and RBAC, flannel as the alternative, and the values it must reject.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { envGlobal, overlayValues } from '../failover/configs.js';
import { renderChart, renderChartError } from './render.js';

const chartDir = fileURLToPath(new URL('../../charts/cni', import.meta.url));
const cluster = { global: { cluster: { podCIDR: '10.244.0.0/16', interface: 'eth0' } } };

const find = (objects: any[], kind: string, nameSuffix = '') =>
  objects.filter((o) => o.kind === kind && String(o.metadata.name).endsWith(nameSuffix));
const one = (objects: any[], kind: string, nameSuffix = '') => {
  const found = find(objects, kind, nameSuffix);
  expect(found, `${kind} *${nameSuffix}`).toHaveLength(1);
  return found[0];
};
const env = (container: any) =>
  Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
const podSpec = (workload: any) => workload.spec.template.spec;
const allContainers = (workload: any) => [...(podSpec(workload).initContainers ?? []), ...podSpec(workload).containers];

/** A structural schema (what apiextensions.k8s.io/v1 demands): every node typed or explicitly open. */
function expectStructural(schema: any, path: string): void {
  expect(schema.type !== undefined || schema['x-kubernetes-preserve-unknown-fields'] === true, path).toBe(true);
  for (const [name, child] of Object.entries<any>(schema.properties ?? {})) expectStructural(child, `${path}.${name}`);
  if (schema.items) expectStructural(schema.items, `${path}[]`);
}

describe('cni chart (Calico) with the env values', () => {
  let prod: any[];
  let dev: any[];
  beforeAll(async () => {
    const render = (name: string) =>
      renderChart(chartDir, {
        release: 'cni',
        namespace: 'kube-system',
        values: [{ global: envGlobal(name) }],
        valuesFiles: overlayValues(name, 'cni'),
      });
    [prod, dev] = (await Promise.all([render('prod'), render('dev')])).map((r) => r.objects);
  });

  it('creates the IP pool from the env pod CIDR and detects node addresses on the env NIC', () => {
    const prodNode = env(one(prod, 'DaemonSet', 'calico-node').spec.template.spec.containers[0]);
    expect(prodNode).toMatchObject({
      CALICO_IPV4POOL_CIDR: '10.244.0.0/16',
      CALICO_IPV4POOL_IPIP: 'Always',
      CALICO_IPV4POOL_VXLAN: 'Never',
      IP_AUTODETECTION_METHOD: 'interface=eth0',
      CLUSTER_TYPE: 'k8s,bgp',
    });
    const devNode = env(one(dev, 'DaemonSet', 'calico-node').spec.template.spec.containers[0]);
    expect(devNode).toMatchObject({ CALICO_IPV4POOL_CIDR: '10.42.0.0/16', IP_AUTODETECTION_METHOD: 'interface=ens3' });
  });

  it('runs calico-node on every node, critical, with only its containers privileged', () => {
    const ds = one(prod, 'DaemonSet', 'calico-node');
    expect(podSpec(ds)).toMatchObject({
      hostNetwork: true,
      dnsPolicy: 'Default',
      priorityClassName: 'system-node-critical',
      tolerations: [{ operator: 'Exists' }],
    });
    expect(allContainers(ds).map((c: any) => [c.name, c.securityContext.privileged])).toEqual([
      ['install-cni', true],
      ['calico-node', true],
    ]);
    const controllers = one(prod, 'Deployment', 'calico-kube-controllers');
    expect(controllers.spec.replicas).toBe(1);
    expect(podSpec(controllers).containers[0].securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('uses the registry override and pinned v3.26 images', () => {
    const images = [...find(dev, 'DaemonSet'), ...find(dev, 'Deployment')].flatMap((w) =>
      allContainers(w).map((c: any) => c.image),
    );
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(/^registry\.dev\.example\.com\/calico\/[a-z-]+:v3\.26\.\d+$/);
  });

  it('ships every CRD Calico needs, structurally valid and kept on uninstall', () => {
    const crds = find(prod, 'CustomResourceDefinition');
    const kinds = crds.map((c) => c.spec.names.kind);
    for (const kind of [
      'IPPool', 'FelixConfiguration', 'BGPConfiguration', 'ClusterInformation', 'IPAMBlock', 'BlockAffinity',
      'IPAMHandle', 'IPAMConfig', 'KubeControllersConfiguration', 'NetworkPolicy', 'GlobalNetworkPolicy',
    ]) {
      expect(kinds).toContain(kind);
    }
    for (const crd of crds) {
      expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
      expect(crd.metadata.name).toBe(`${crd.spec.names.plural}.crd.projectcalico.org`);
      expect(crd.metadata.annotations['helm.sh/resource-policy']).toBe('keep');
      expect(crd.spec.versions.filter((v: any) => v.storage && v.served)).toHaveLength(1);
      const schema = crd.spec.versions[0].schema.openAPIV3Schema;
      expect(schema.type).toBe('object');
      expectStructural(schema, crd.metadata.name);
    }
    const ipPool = crds.find((c) => c.spec.names.kind === 'IPPool');
    expect(ipPool.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.ipipMode.enum).toContain('CrossSubnet');
  });

  it('wires ServiceAccounts, ClusterRoles and bindings consistently', () => {
    const accounts = new Set(find(prod, 'ServiceAccount').map((sa) => sa.metadata.name));
    const roles = new Set(find(prod, 'ClusterRole').map((r) => r.metadata.name));
    for (const binding of find(prod, 'ClusterRoleBinding')) {
      expect(roles).toContain(binding.roleRef.name);
      for (const subject of binding.subjects) {
        expect(accounts).toContain(subject.name);
        expect(subject.namespace).toBe('kube-system');
      }
    }
    const ds = one(prod, 'DaemonSet', 'calico-node');
    expect(accounts).toContain(podSpec(ds).serviceAccountName);
    // calico-node may mint tokens for exactly the CNI plugin's account, which install-cni is told to use.
    const tokenRule = one(prod, 'ClusterRole', 'calico-node').rules.find((r: any) => r.resources.includes('serviceaccounts/token'));
    const cniAccount = env(podSpec(ds).initContainers[0]).CALICO_CNI_SERVICE_ACCOUNT;
    expect(tokenRule.resourceNames).toEqual([cniAccount]);
    expect(accounts).toContain(cniAccount);
  });

  it('points every ConfigMap reference at a key the chart renders', () => {
    const configMaps = new Map(find(prod, 'ConfigMap').map((cm) => [cm.metadata.name, cm.data]));
    const refs = [...find(prod, 'DaemonSet'), ...find(prod, 'Deployment')]
      .flatMap(allContainers)
      .flatMap((c: any) => c.env ?? [])
      .map((e: any) => e.valueFrom?.configMapKeyRef)
      .filter(Boolean);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(configMaps.get(ref.name), `${ref.name}/${ref.key}`).toHaveProperty([ref.key]);
  });
});

describe('cni chart variants', () => {
  it('switches Calico to VXLAN without BGP', async () => {
    const { objects } = await renderChart(chartDir, { values: [cluster, { calico: { ipipMode: 'Never', vxlanMode: 'Always' } }] });
    const node = one(objects, 'DaemonSet', 'calico-node').spec.template.spec.containers[0];
    expect(env(node)).toMatchObject({ CLUSTER_TYPE: 'k8s', CALICO_IPV4POOL_VXLAN: 'Always', CALICO_IPV4POOL_IPIP: 'Never' });
    expect(node.livenessProbe.exec.command).toEqual(['/bin/calico-node', '-felix-live']);
    expect(one(objects, 'ConfigMap', 'calico-config').data.calico_backend).toBe('vxlan');
  });

  it('renders flannel with the same pod CIDR instead of Calico', async () => {
    const { objects } = await renderChart(chartDir, {
      values: [cluster, { provider: 'flannel', flannel: { backend: 'host-gw' } }],
    });
    expect(find(objects, 'CustomResourceDefinition')).toEqual([]);
    expect(find(objects, 'DaemonSet', 'calico-node')).toEqual([]);
    const netConf = JSON.parse(one(objects, 'ConfigMap', 'flannel').data['net-conf.json']);
    expect(netConf).toEqual({ Network: '10.244.0.0/16', Backend: { Type: 'host-gw' } });
    const ds = one(objects, 'DaemonSet', 'flannel');
    const flanneld = podSpec(ds).containers[0];
    expect(flanneld.args).toContain('--iface=eth0');
    expect(flanneld.securityContext).toMatchObject({ capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'NET_RAW'] } });
    expect(flanneld.securityContext.privileged).toBeUndefined();
    expect(podSpec(ds).tolerations).toEqual([{ operator: 'Exists' }]);
  });

  it('gives two releases distinct cluster-scoped RBAC names', async () => {
    const names = async (release: string) =>
      (await renderChart(chartDir, { release, values: [cluster] })).objects
        .filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')
        .map((o) => `${o.kind}/${o.metadata.name}`);
    const [a, b] = await Promise.all([names('net-a'), names('net-b')]);
    expect(a.length).toBeGreaterThan(0);
    expect(a.filter((n) => b.includes(n))).toEqual([]);
  });
});

describe('cni chart rejects incomplete or contradictory values', () => {
  const cases: Array<[string, object[], RegExp]> = [
    ['no pod CIDR', [{ global: { cluster: { interface: 'eth0' } } }], /the pod CIDR is required - set podCIDR or global\.cluster\.podCIDR/],
    ['no interface', [{ global: { cluster: { podCIDR: '10.244.0.0/16' } } }], /the node interface is required/],
    ['IP-in-IP and VXLAN together', [cluster, { calico: { ipipMode: 'Always', vxlanMode: 'CrossSubnet' } }], /cannot both be on/],
    ['an unknown encapsulation mode', [cluster, { calico: { ipipMode: 'Sometimes' } }], /ipipMode/],
    ['a malformed pod CIDR', [cluster, { podCIDR: '10.244.0.0' }], /podCIDR/],
    ['an unknown provider', [cluster, { provider: 'weave' }], /provider/],
    ['the latest tag', [cluster, { calico: { images: { node: { tag: 'latest' } } } }], /tag/],
    ['a typo in a value', [cluster, { calico: { ipipmode: 'Always' } }], /ipipmode/],
  ];
  it.each(cases)('rejects %s', async (_name, values, message) => {
    expect(await renderChartError(chartDir, { values })).toMatch(message);
  });
});
