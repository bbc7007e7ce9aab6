// The scheduling chart against the course's §5-§6 manifests, and the env's node facts reaching `bundle lint`: the
// prod facts (node2 disk=ceph, zone=foo on both workers) and a copy of prod carrying the course's §6.3 taints.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { bundle } from '../helpers/cli.js';
import { chartDir, find, renderEnv, tempProject } from './course.js';
import { renderChartError } from './render.js';

const required = (spec: any, kind: string) => spec.affinity[kind].requiredDuringSchedulingIgnoredDuringExecution;

describe('scheduling chart (prod)', () => {
  let objects: any[];
  beforeAll(async () => {
    objects = await renderEnv('scheduling');
  });

  it('§5.1 nodeName node1 on demo-pod, with its tomcat and busybox sleep containers', () => {
    const pod = find(objects, 'Pod', 'demo-pod');
    expect(pod.spec.nodeName).toBe('node1');
    expect(pod.metadata.labels).toMatchObject({ app: 'myapp', env: 'dev' });
    expect(pod.spec.containers.map((c: any) => [c.name, c.image])).toEqual([
      ['tomcat-pod-java', 'docker.io/library/tomcat:8.5-jre8-alpine'],
      ['busybox', 'docker.io/library/busybox:1.28'],
    ]);
    expect(pod.spec.containers[1].command).toEqual(['sh', '-c', 'sleep 3600']);
  });

  it('§5.2 nodeSelector disk=ceph on demo-pod-1', () => {
    expect(find(objects, 'Pod', 'demo-pod-1').spec.nodeSelector).toEqual({ disk: 'ceph' });
  });

  it('§6.1 required zone In [foo, bar]; preferred zone1 weight 10, zone2 weight 20', () => {
    const req = find(objects, 'Pod', 'pod-node-affinity-demo');
    expect(req.metadata.labels).toMatchObject({ app: 'myapp', tier: 'frontend' });
    expect(req.spec.containers[0].image).toBe('docker.io/ikubernetes/myapp:v1');
    expect(req.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'zone', operator: 'In', values: ['foo', 'bar'] }] },
    ]);
    const pref = find(objects, 'Pod', 'pod-node-affinity-demo-2').spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution;
    expect(pref).toEqual([
      { weight: 10, preference: { matchExpressions: [{ key: 'zone1', operator: 'In', values: ['foo1', 'bar1'] }] } },
      { weight: 20, preference: { matchExpressions: [{ key: 'zone2', operator: 'In', values: ['foo2', 'bar2'] }] } },
    ]);
  });

  it('§6.2 pod affinity and anti-affinity: the second pod selects the first by label, on hostname or zone', () => {
    const cases = [
      ['', 'podAffinity', 'app2', 'myapp2', 'kubernetes.io/hostname'],
      ['-anti-affinity', 'podAntiAffinity', 'app1', 'myapp1', 'kubernetes.io/hostname'],
      ['-zone', 'podAntiAffinity', 'app3', 'myapp3', 'zone'],
    ] as const;
    for (const [suffix, kind, label, value, topologyKey] of cases) {
      const first = find(objects, 'Pod', `pod-first${suffix}`);
      const second = find(objects, 'Pod', `pod-second${suffix}`);
      expect(first.metadata.labels).toMatchObject({ [label]: value, tier: 'frontend' });
      expect(second.metadata.labels).toMatchObject({ app: 'backend', tier: 'db' });
      expect(second.spec.containers[0]).toMatchObject({ image: 'docker.io/library/busybox:latest', command: ['sh', '-c', 'sleep 3600'] });
      expect(required(second.spec, kind)).toEqual([{ labelSelector: { matchExpressions: [{ key: label, operator: 'In', values: [value] }] }, topologyKey }]);
    }
  });

  it('§6.3 taint-pod without tolerations and the course tolerations, one Pod per step', () => {
    expect(find(objects, 'Pod', 'taint-pod').spec.tolerations).toBeUndefined();
    const tolerations = (name: string) => find(objects, 'Pod', name).spec.tolerations;
    expect(tolerations('myapp-deploy-equal-noexecute')).toEqual([
      { key: 'node-type', operator: 'Equal', value: 'production', effect: 'NoExecute', tolerationSeconds: 3600 },
    ]);
    expect(tolerations('myapp-deploy-equal-noschedule')).toEqual([{ key: 'node-type', operator: 'Equal', value: 'production', effect: 'NoSchedule' }]);
    // The course's `value: ""` / `effect: ""` mean "absent", which is how the API server stores them.
    expect(tolerations('myapp-deploy-exists-noschedule')).toEqual([{ key: 'node-type', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(tolerations('myapp-deploy-exists')).toEqual([{ key: 'node-type', operator: 'Exists' }]);
    expect(find(objects, 'Pod', 'myapp-deploy-exists').metadata.labels).toMatchObject({ app: 'myapp', release: 'canary' });
  });

  it('§6.4 restart policies Always, Never, OnFailure', () => {
    for (const policy of ['Always', 'Never', 'OnFailure']) {
      expect(find(objects, 'Pod', `demo-pod-${policy.toLowerCase()}`).spec.restartPolicy).toBe(policy);
    }
  });

  it('rejects an Equal toleration without key and an In requirement without values', async () => {
    const tolerationError = await renderChartError(chartDir('scheduling'), { values: [{ tolerations: { pods: { bad: [{ operator: 'Equal', value: 'x' }] } } }] });
    expect(tolerationError).toMatch(/tolerations[./]pods[./]bad[./]0/);
    const affinityError = await renderChartError(chartDir('scheduling'), {
      values: [{ requiredNodeAffinity: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' }] }] } }],
    });
    expect(affinityError).toMatch(/values/);
  });
});

/** `bundle lint env/prod -o json` on a copy of the repository whose prod env.yaml `edit` changed. */
async function lintProd(edit: (env: any) => void): Promise<any[]> {
  const project = await tempProject();
  const file = join(project, 'overlays/prod/env.yaml');
  const doc = parseDocument(await readFile(file, 'utf8'));
  const env = doc.toJS();
  edit(env);
  doc.set('cluster', doc.createNode(env.cluster));
  await writeFile(file, doc.toString());
  const r = await bundle(['lint', 'env/prod', '-o', 'json'], { cwd: project });
  return JSON.parse(r.stdout);
}
const node = (env: any, name: string) => env.cluster.nodes.find((n: any) => n.name === name);
const placement = (findings: any[]) => new Map(findings.filter((f) => f.rule === 'node-placement').map((f) => [`${f.release}/${f.object.kind}/${f.object.name}`, f.message]));

describe('node facts reach the node-placement rule', () => {
  // Prod itself (node2 disk=ceph, zone=foo on both workers) has no node-placement finding: test/pipeline/lint.test.ts.
  it('a nodeSelector no node satisfies is a finding (node2 without disk=ceph)', async () => {
    const findings = placement(await lintProd((env) => delete node(env, 'node2').labels.disk));
    expect([...findings.keys()]).toEqual(['scheduling/Pod/demo-pod-1']);
    expect(findings.get('scheduling/Pod/demo-pod-1')).toContain('node2: nodeSelector disk=ceph does not match');
  });

  it("with the course's §6.3 taints: untolerating workloads are findings, the tolerating demos pass", async () => {
    const findings = placement(
      await lintProd((env) => {
        node(env, 'node1').taints = [{ key: 'node-type', value: 'dev', effect: 'NoExecute' }];
        node(env, 'node2').taints = [{ key: 'node-type', value: 'production', effect: 'NoSchedule' }];
      }),
    );
    // The course's outcomes: taint-pod evicted/Pending, Equal+NoExecute Pending (the effect must match too) ...
    expect(findings.get('scheduling/Pod/taint-pod')).toBe(
      "pods fit none of the env's nodes (master1: taint node-role.kubernetes.io/control-plane:NoSchedule is not tolerated; node1: taint node-type=dev:NoExecute is not tolerated; node2: taint node-type=production:NoSchedule is not tolerated)",
    );
    expect(findings.has('scheduling/Pod/myapp-deploy-equal-noexecute')).toBe(true);
    // ... demo-pod is bound to node1, whose NoExecute taint it does not tolerate ...
    expect(findings.get('scheduling/Pod/demo-pod')).toContain('node1: taint node-type=dev:NoExecute is not tolerated');
    // ... and the steps that tolerate the taints land.
    for (const name of ['myapp-deploy-equal-noschedule', 'myapp-deploy-exists-noschedule', 'myapp-deploy-exists']) {
      expect(findings.has(`scheduling/Pod/${name}`), name).toBe(false);
    }
    // Why prod cannot carry these taints: the ingress controllers and keepalived (the VIP) would fit no node either.
    for (const k of ['ingress-nginx/Deployment/ingress-nginx-controller', 'ingress-ngx-ds/DaemonSet/ingress-ngx-ds-ingress-nginx-controller', 'keepalived/DaemonSet/keepalived']) {
      expect(findings.has(k), k).toBe(true);
    }
    // Workloads that tolerate the control plane still have master1: fluentd-elasticsearch (the course's toleration).
    expect(findings.has('daemonset/DaemonSet/fluentd-elasticsearch')).toBe(false);
  });
});
