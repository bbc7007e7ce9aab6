// Each rule has a fixture bundle that breaks it exactly once; the clean fixture breaks nothing.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasErrors, rules, runChecks, SCHEMA_PACKAGES } from '../../src/checks/index.js';
import { FIXTURES, loadFixture } from './fixture.js';

const ruleFixtures = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'clean' && d.name !== 'tree')
  .map((d) => d.name)
  .sort();

// Every fixture runs against each shipped Kubernetes API (1.25 and the newest).
const versions = SCHEMA_PACKAGES.map((p) => p.kubernetes);

describe('rule catalogue', () => {
  it('has one fixture per rule and unique ids', () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ruleFixtures);
    for (const r of rules) expect(r.description).toMatch(/\S/);
  });

  it.each(versions)('the clean fixture yields no finding on Kubernetes %s', async (kubernetesVersion) => {
    const { objects, env, appProject } = await loadFixture(join(FIXTURES, 'clean'));
    expect(appProject).toBeDefined();
    expect(await runChecks(objects, env, { kubernetesVersion, appProject })).toEqual([]);
  });

  const cases = ruleFixtures.flatMap((id) => versions.map((v) => [id, v] as const));
  it.each(cases)('fixture %s yields exactly that rule once on Kubernetes %s', async (id, kubernetesVersion) => {
    const { objects, env, appProject } = await loadFixture(join(FIXTURES, id));
    const findings = await runChecks(objects, env, { kubernetesVersion, appProject });
    expect(findings.map((f) => f.rule)).toEqual([id]);
    const [f] = findings;
    const rule = rules.find((r) => r.id === id)!;
    expect(f!.severity).toBe(rule.severity);
    expect(hasErrors(findings)).toBe(rule.severity === 'error');
    expect(f!.release).toBeTruthy();
    expect(f!.source).toMatch(/\/templates\//);
    expect(f!.object?.name).toBeTruthy();
    expect(f!.message).toMatch(/\S/);
  });
});

describe('rule details', () => {
  it('argocd-project: Argo CD\'s matching - globs, deny patterns, the cluster whitelist, sources', async () => {
    const { objects, env, appProject } = await loadFixture(join(FIXTURES, 'argocd-project'));
    const rule = rules.filter((r) => r.id === 'argocd-project');
    const run = async (project: Record<string, any>) => (await runChecks(objects, env, { rules: rule, appProject: project })).map((f) => f.message);
    const project = structuredClone(appProject!);
    project.spec.destinations.push({ server: 'https://kubernetes.default.svc', namespace: 'r*' });
    expect(await run(project)).toEqual([]);
    project.spec.destinations.push({ server: 'https://kubernetes.default.svc', namespace: '!rbac' });
    expect(await run(project)).toEqual(['namespace rbac is not permitted in project fixture']);
    project.spec.destinations.pop();
    project.spec.destinations.at(-1).server = 'https://other:6443';
    expect(await run(project)).toEqual(['namespace rbac is not permitted in project fixture']);
    project.spec.destinations.at(-1).server = '*';
    project.spec.clusterResourceWhitelist = [];
    expect(await run(project)).toEqual(['resource :Namespace is not permitted in project fixture']);
    project.spec.clusterResourceWhitelist = [{ group: '*', kind: '*' }];
    project.spec.namespaceResourceBlacklist = [{ group: 'rbac.authorization.k8s.io', kind: 'Role' }];
    expect(await run(project)).toEqual(['resource rbac.authorization.k8s.io:Role is not permitted in project fixture']);
    delete project.spec.namespaceResourceBlacklist;
    project.spec.sourceRepos = ['https://git.example.com/other.git'];
    const withRelease = { ...env, releases: [{ name: 'tenancy', namespace: 'tenancy' } as any] };
    const found = (await runChecks(objects, withRelease, { rules: rule, appProject: project })).map((f) => f.message);
    expect(found).toEqual(['Application fixture-tenancy: repository https://git.example.com/bundle-rendered.git is not permitted in project fixture\'s sourceRepos']);
  });

  it('net-bind-service: a port below 1024 without NET_BIND_SERVICE is a finding; adding it, privileged or the sysctl clear it', async () => {
    const { objects, env } = await loadFixture(join(FIXTURES, 'net-bind-service'));
    const tpl = objects[0]!.object.spec.template;
    delete tpl.metadata.annotations;
    const run = async () => (await runChecks(objects, env, { rules: rules.filter((r) => r.id === 'net-bind-service') })).map((f) => f.message);
    expect(await run()).toEqual([]);
    tpl.spec.containers[0].ports[0].containerPort = 80;
    expect(await run()).toEqual([expect.stringMatching(/binds port 80 \(below 1024\) but drops NET_BIND_SERVICE/)]);
    tpl.spec.containers[0].securityContext.capabilities.add = ['CAP_NET_BIND_SERVICE'];
    expect(await run()).toEqual([]);
    tpl.spec.containers[0].securityContext.capabilities = { drop: ['NET_BIND_SERVICE'] };
    expect(await run()).toHaveLength(1);
    tpl.spec.containers[0].securityContext.privileged = true;
    expect(await run()).toEqual([]);
    delete tpl.spec.containers[0].securityContext.privileged;
    delete tpl.spec.hostNetwork;
    tpl.spec.securityContext = { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] };
    expect(await run()).toEqual([]);
  });

  it('names the other workload and the shared nodes of a host port clash', async () => {
    const { objects, env } = await loadFixture(join(FIXTURES, 'host-port-clash'));
    const [f] = await runChecks(objects, env);
    expect(f!.object?.name).toBe('agent-b');
    expect(f!.message).toContain('8080/TCP');
    expect(f!.message).toContain('DaemonSet monitoring/agent-a');
    expect(f!.message).toContain('node1, node2');
  });

  it('flags a node port left to Kubernetes beside a fixed one, not alone and not when none is allocated', async () => {
    const { objects, env } = await loadFixture(join(FIXTURES, 'node-port'));
    const svc = objects[0]!;
    svc.object.spec.ports[0].nodePort = 31180;
    const picked = (spec: Record<string, unknown>) => ({
      ...svc,
      object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'picked', namespace: 'demo' }, spec: { ports: [{ port: 81 }], ...spec } },
    });
    const [f, ...more] = await runChecks([svc, picked({ type: 'NodePort' })], env, { rules: rules.filter((r) => r.id === 'node-port') });
    expect(more).toEqual([]);
    expect(f).toMatchObject({ rule: 'node-port', object: { name: 'picked' }, path: '/spec/ports/0' });
    expect(f!.message).toContain('nodePort 31180 of Service demo/api');
    expect(await runChecks([svc, picked({ type: 'LoadBalancer' })], env, { rules: rules.filter((r) => r.id === 'node-port') })).toHaveLength(1);
    expect(await runChecks([svc, picked({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: false })], env, { rules: rules.filter((r) => r.id === 'node-port') })).toEqual([]);
    expect(await runChecks([svc, picked({ type: 'ClusterIP' })], env, { rules: rules.filter((r) => r.id === 'node-port') })).toEqual([]);
    expect(await runChecks([picked({ type: 'NodePort' })], env, { rules: rules.filter((r) => r.id === 'node-port') })).toEqual([]);
  });

  it('sees no host port clash when the workloads cannot share a node', async () => {
    const { objects, env } = await loadFixture(join(FIXTURES, 'host-port-clash'));
    objects[1]!.object.spec.template.spec.nodeSelector = { 'kubernetes.io/hostname': 'node2' };
    objects[0]!.object.spec.template.spec.nodeSelector = { 'kubernetes.io/hostname': 'node1' };
    expect(await runChecks(objects, env)).toEqual([]);
  });

  it('lets a pod tolerate a taint to land on a tainted node', async () => {
    const { objects, env } = await loadFixture(join(FIXTURES, 'node-placement'));
    const spec = objects[0]!.object.spec.template.spec;
    spec.nodeSelector = { 'kubernetes.io/hostname': 'master1' };
    const [before] = await runChecks(objects, env);
    expect(before!.message).toContain('master1: taint node-role.kubernetes.io/control-plane:NoSchedule is not tolerated');
    spec.tolerations = [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }];
    expect(await runChecks(objects, env)).toEqual([]);
  });

  it('accepts a Secret with data when the env allows secrets', async () => {
    const { objects, env } = await loadFixture(join(FIXTURES, 'secret-data'));
    const [f] = await runChecks(objects, env);
    expect(f!.message).toMatch(/external\.secrets.*SealedSecret.*allowSecrets/);
    expect(await runChecks(objects, { ...env, allowSecrets: true })).toEqual([]);
  });

  it('accepts a reference the env declares external', async () => {
    const { objects, env } = await loadFixture(join(FIXTURES, 'missing-reference'));
    const external = { configMaps: [{ namespace: 'demo', name: 'api-config' }] };
    expect(await runChecks(objects, { ...env, external })).toEqual([]);
  });

  it('flags an IngressClass whose controller no release runs', async () => {
    const { objects, env } = await loadFixture(join(FIXTURES, 'clean'));
    const controller = objects.find((o) => o.object.kind === 'DaemonSet')!;
    controller.object.spec.template.spec.containers[0].args = ['/nginx-ingress-controller', '--controller-class=k8s.io/other'];
    const findings = await runChecks(objects, env);
    expect(findings.map((f) => f.rule)).toEqual(['ingress-class', 'ingress-class']);
    expect(findings[0]!.message).toContain('names controller k8s.io/ingress-nginx, which no workload in the bundle implements');
  });

  it('reports a duplicate NodePort against the Service that took it first', async () => {
    const { objects, env } = await loadFixture(join(FIXTURES, 'clean'));
    const svc = structuredClone(objects.find((o) => o.object.kind === 'Service' && o.object.spec.type === 'NodePort')!);
    svc.object.metadata.name = 'second';
    svc.release = 'other';
    const findings = await runChecks([...objects, svc], env);
    expect(findings.map((f) => [f.rule, f.release, f.path])).toEqual([
      ['node-port', 'other', '/spec/ports/0/nodePort'],
      ['node-port', 'other', '/spec/ports/1/nodePort'],
    ]);
    expect(findings[0]!.message).toContain('already used by Service ingress-nginx/ingress-nginx-controller (release ingress)');
  });
});
