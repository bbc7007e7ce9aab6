// Broken node facts: exit 1, env.yaml:line:col with the pointer and what was expected, and the previous host tree
// left exactly as it was.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, readTree } from '../helpers/cli.js';
import { editEnv, position, projectCopy, PROD_ENV, replaceOnce } from './project.js';

let project: string;
let original: string;
let before: Map<string, string>;

beforeAll(async () => {
  project = await projectCopy();
  original = await editEnv(project, (t) => t);
  const r = await bundle(['hosts', 'env/prod'], { cwd: project });
  expect(r.exitCode, r.stderr).toBe(0);
  before = await readTree(join(project, 'rendered-hosts'));
});

afterAll(() => rm(project, { recursive: true, force: true }));

/** Break the env, run `bundle hosts`, restore it; returns stderr and the edited text (for positions). */
async function withMistake(edit: (text: string) => string): Promise<{ stderr: string; text: string }> {
  const text = await editEnv(project, edit);
  try {
    const r = await bundle(['hosts', 'env/prod'], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/problems? found; nothing was written\n?$/);
    expect(await readTree(join(project, 'rendered-hosts'))).toEqual(before);
    return { stderr: r.stderr, text };
  } finally {
    await editEnv(project, () => original);
  }
}

const at = (text: string, needle: string, nth = 1) => {
  const { line, col } = position(text, needle, nth);
  return `${PROD_ENV}:${line}:${col}`;
};

describe('bundle hosts refuses broken node facts', () => {
  it('a node without an IP', async () => {
    const { stderr, text } = await withMistake((t) => replaceOnce(t, '      ip: 192.168.40.182\n', ''));
    expect(stderr).toContain(`error: ${at(text, 'name: node2')}: /cluster/nodes/2/ip: missing required value "ip"`);
  });

  it('two nodes with one IP', async () => {
    const { stderr, text } = await withMistake((t) => replaceOnce(t, 'ip: 192.168.40.182', 'ip: 192.168.40.181'));
    expect(stderr).toContain(
      `error: ${at(text, '192.168.40.181', 2)}: /cluster/nodes/2/ip: 192.168.40.181 is also node node1's address: node IPs must be unique`,
    );
  });

  it('no control-plane node', async () => {
    const { stderr, text } = await withMistake((t) => replaceOnce(t, 'roles: [control-plane]', 'roles: [worker]'));
    expect(stderr).toContain(`error: ${at(text, '- name: master1')}: /cluster/nodes: no node has the control-plane role: kubeadm init needs exactly one`);
  });

  it('a second control-plane node', async () => {
    const { stderr, text } = await withMistake((t) => replaceOnce(t, 'roles: [worker]', 'roles: [control-plane]'));
    expect(stderr).toContain(`error: ${at(text, '[control-plane]', 2)}: /cluster/nodes/1/roles: node "node1" is a second control-plane node`);
  });

  it('a registry mirror that is not https', async () => {
    const { stderr, text } = await withMistake((t) => replaceOnce(t, '- https://registry.docker-cn.com', '- http://registry.docker-cn.com'));
    expect(stderr).toContain(`error: ${at(text, 'http://registry.docker-cn.com')}: /cluster/containerd/registryMirrors/docker.io/endpoints/1: must match pattern "^https://`);
  });

  it('a taint effect kubeadm does not know', async () => {
    const { stderr, text } = await withMistake((t) => replaceOnce(t, 'effect: NoSchedule', 'effect: NoScheduled'));
    expect(stderr).toContain(
      `error: ${at(text, 'NoScheduled')}: /cluster/nodes/0/taints/0/effect: expected one of "NoSchedule", "PreferNoSchedule", "NoExecute", got string "NoScheduled"; did you mean "NoSchedule"?`,
    );
  });

  it('a label value Kubernetes refuses (it would also break the runbook\'s kubectl line)', async () => {
    const { stderr, text } = await withMistake((t) => replaceOnce(t, 'kubernetes.io/ingress: nginx', 'kubernetes.io/ingress: nginx; reboot'));
    expect(stderr).toContain(`error: ${at(text, 'nginx; reboot')}: /cluster/nodes/1/labels/kubernetes.io~1ingress: must match pattern`);
  });

  it('a hostname label the kubelet would overwrite', async () => {
    const { stderr, text } = await withMistake((t) => replaceOnce(t, 'kubernetes.io/hostname: node1', 'kubernetes.io/hostname: worker1'));
    expect(stderr).toContain(
      `error: ${at(text, 'worker1')}: /cluster/nodes/1/labels/kubernetes.io~1hostname: label kubernetes.io/hostname is "worker1", but the kubelet sets it to the node name "node1"`,
    );
  });

  it("a cluster DNS address other than the one kubeadm gives CoreDNS", async () => {
    const { stderr, text } = await withMistake((t) => replaceOnce(t, 'clusterDNS: 10.96.0.10', 'clusterDNS: 10.96.0.53'));
    expect(stderr).toContain(
      `error: ${at(text, '10.96.0.53')}: /cluster/clusterDNS: kubeadm gives CoreDNS's Service the 10th address of serviceCIDR 10.96.0.0/12, 10.96.0.10`,
    );
  });

  it('an env without the containerd facts, reporting every problem at once', async () => {
    const { stderr, text } = await withMistake((t) => {
      const start = t.indexOf('  containerd:\n');
      const end = t.indexOf('  kubeadm:\n');
      return replaceOnce(t.slice(0, start) + t.slice(end), 'clusterDNS: 10.96.0.10', 'clusterDNS: 10.96.0.53');
    });
    expect(stderr).toContain(`error: ${at(text, 'name: prod', 2)}: /cluster: missing "containerd": \`bundle hosts\` needs the containerd version and sandbox image`);
    expect(stderr).toContain("/cluster/clusterDNS: kubeadm gives CoreDNS's Service the 10th address");
    expect(stderr).toContain('2 problems found; nothing was written');
  });
});
