// One fact, both sides of the cluster: the pod CIDR written once in env.yaml is kubeadm's podSubnet (`bundle hosts`)
// and Calico's IP pool (`bundle render`, chart cni); changing it changes both, and a pod CIDR that overlaps the
// service CIDR or the node subnet is refused by both commands.
import { existsSync, readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundle, repoRoot } from '../helpers/cli.js';
import { editEnv, projectCopy, replaceOnce } from './project.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function bothSides(podCIDR?: string): Promise<{ podSubnet: string; calicoPool: string }> {
  const dir = await projectCopy();
  dirs.push(dir);
  if (podCIDR) await editEnv(dir, (t) => replaceOnce(t, 'podCIDR: 10.244.0.0/16', `podCIDR: ${podCIDR}`));
  const hosts = await bundle(['hosts', 'env/prod'], { cwd: dir });
  expect(hosts.exitCode, hosts.stderr).toBe(0);
  const render = await bundle(['render', 'env/prod'], { cwd: dir });
  expect(render.exitCode, render.stderr).toBe(0);
  const kubeadm = yaml.loadAll(await readFile(join(dir, 'rendered-hosts/prod/master1/kubeadm.yaml'), 'utf8')) as Array<Record<string, any>>;
  const calico = yaml.load(await readFile(join(dir, 'rendered/prod/cni/daemonset-cni-calico-node.yaml'), 'utf8')) as Record<string, any>;
  const env = (calico.spec.template.spec.containers as Array<{ name: string; env: Array<{ name: string; value?: string }> }>)
    .flatMap((c) => c.env ?? [])
    .find((e) => e.name === 'CALICO_IPV4POOL_CIDR');
  return { podSubnet: kubeadm.find((d) => d.kind === 'ClusterConfiguration')!.networking.podSubnet, calicoPool: env!.value! };
}

describe('the pod CIDR is one fact', () => {
  it("prod: kubeadm's podSubnet and Calico's pool are the course's 10.244.0.0/16", async () => {
    expect(await bothSides()).toEqual({ podSubnet: '10.244.0.0/16', calicoPool: '10.244.0.0/16' });
  });

  it('changing it in env.yaml changes both', async () => {
    expect(await bothSides('10.245.0.0/16')).toEqual({ podSubnet: '10.245.0.0/16', calicoPool: '10.245.0.0/16' });
  });

  // The overlap checks of cluster facts belong to the env loader (issue 16 adds them with the node subnet fact);
  // until that is merged this branch has nothing to run them against.
  const overlapChecks = 'nodeSubnet' in JSON.parse(readFileSync(join(repoRoot, 'schemas/cluster.schema.json'), 'utf8')).properties;
  if (!overlapChecks) console.warn('SKIPPED: pod CIDR overlap refusals wait for the env loader\'s CIDR checks (issue 16, cluster.nodeSubnet)');

  it.skipIf(!overlapChecks).each([
    ['the service CIDR', '10.96.0.0/16'],
    ['the node subnet', '192.168.0.0/16'],
  ])('a pod CIDR overlapping %s is refused by hosts and render, nothing written', async (_what, podCIDR) => {
    const dir = await projectCopy();
    dirs.push(dir);
    await editEnv(dir, (t) => replaceOnce(t, 'podCIDR: 10.244.0.0/16', `podCIDR: ${podCIDR}`));
    for (const command of ['hosts', 'render']) {
      const r = await bundle([command, 'env/prod'], { cwd: dir });
      expect(r.exitCode, `${command}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toMatch(/overlays\/prod\/env\.yaml:\d+:\d+: \/cluster\/\w+: .*overlap/i);
    }
    expect(existsSync(join(dir, 'rendered-hosts'))).toBe(false);
    expect(existsSync(join(dir, 'rendered'))).toBe(false);
  });
});
