// kubeadm 1.25 (built from the Go module proxy by scripts/kube/build.sh) loads every rendered kubeadm.yaml as
// `kubeadm init` / `kubeadm join --config` do: strict decoding of every document (kubeadm 1.25 reports unknown
// fields as warnings, so any stderr fails the check), defaulting and validation. kubeadm 1.25 has no
// `kubeadm config validate`; `kubeadm config migrate --old-config` runs the same loaders without touching the host.
import { execa } from 'execa';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, repoRoot } from '../helpers/cli.js';
import { missingTool, projectCopy } from './project.js';

let kubeadm: string | undefined;
let project: string;
let work: string;

beforeAll(async () => {
  // Returns at once when the binaries are cached; a cold build takes minutes.
  const build = await execa('bash', [join(repoRoot, 'scripts/kube/build.sh')], { reject: false });
  if (build.exitCode !== 0) return missingTool(`kubeadm 1.25 (scripts/kube/build.sh: ${build.stderr.trim().split('\n').at(-1)})`);
  kubeadm = join(build.stdout.trim(), 'kubeadm');
  project = await projectCopy();
  work = await mkdtemp(join(tmpdir(), 'bundle-kubeadm-'));
  const r = await bundle(['hosts', 'env/prod'], { cwd: project });
  expect(r.exitCode, r.stderr).toBe(0);
}, 30 * 60_000);

afterAll(async () => {
  for (const dir of [project, work]) if (dir) await rm(dir, { recursive: true, force: true });
});

interface Loaded {
  accepted: boolean;
  stdout: string;
  stderr: string;
}

/** kubeadm's verdict on a config file: accepted only with exit 0 and nothing on stderr. */
async function load(file: string): Promise<Loaded> {
  const r = await execa(kubeadm!, ['config', 'migrate', '--old-config', file], { reject: false });
  return { accepted: r.exitCode === 0 && r.stderr === '', stdout: r.stdout, stderr: r.stderr };
}

/** A node folder copied into the scratch space, with the runbook's join step applied: the README's own `sed` line,
 *  run by sh with the values `kubeadm token create --print-join-command` would print. */
async function joinConfig(node: string): Promise<string> {
  const dir = join(work, node);
  await cp(join(project, 'rendered-hosts/prod', node), dir, { recursive: true });
  const readme = await readFile(join(dir, 'README.md'), 'utf8');
  const sed = readme.split('\n').filter((l) => l.startsWith('sed -e "s/@JOIN_TOKEN@/'));
  expect(sed).toHaveLength(1);
  const env = { TOKEN: 'abcdef.0123456789abcdef', CA_CERT_HASH: `sha256:${'1ba1b274'.repeat(8)}` };
  await execa('sh', ['-c', sed[0]!], { cwd: dir, env });
  return join(dir, 'kubeadm-join.yaml');
}

describe('kubeadm 1.25 loads the rendered configurations', () => {
  it("master1: init + cluster + kube-proxy + kubelet, with the course's values as kubeadm reads them", async (ctx) => {
    if (!kubeadm) return ctx.skip();
    const file = join(project, 'rendered-hosts/prod/master1/kubeadm.yaml');
    const r = await load(file);
    expect(r.stderr).toBe('');
    expect(r.accepted).toBe(true);
    for (const line of [
      'advertiseAddress: 192.168.40.180',
      'bindPort: 6443',
      'criSocket: unix:///run/containerd/containerd.sock',
      'imageRepository: registry.aliyuncs.com/google_containers',
      'kubernetesVersion: v1.25.0',
      'podSubnet: 10.244.0.0/16',
      'serviceSubnet: 10.96.0.0/12',
      'dnsDomain: cluster.local',
      'name: master1',
    ]) {
      expect(r.stdout).toContain(line);
    }
    const images = await execa(kubeadm, ['config', 'images', 'list', '--config', file]);
    expect(images.stderr).toBe('');
    expect(images.stdout).toContain('registry.aliyuncs.com/google_containers/kube-apiserver:v1.25.0');
  });

  it.for(['node1', 'node2'])('%s: the join configuration once the runbook filled in token and CA hash', async (node, ctx) => {
    if (!kubeadm) return ctx.skip();
    const r = await load(await joinConfig(node));
    expect(r.stderr).toBe('');
    expect(r.accepted).toBe(true);
    expect(r.stdout).toContain('apiServerEndpoint: 192.168.40.180:6443');
    expect(r.stdout).toContain(`name: ${node}`);
    expect(r.stdout).toContain('tlsBootstrapToken: abcdef.0123456789abcdef');
  });

  it('refuses an unknown field, a bad value and a join file whose placeholders were not filled', async (ctx) => {
    if (!kubeadm) return ctx.skip();
    const master = await readFile(join(project, 'rendered-hosts/prod/master1/kubeadm.yaml'), 'utf8');
    const mutate = async (name: string, text: string) => {
      expect(text).not.toBe(master);
      await writeFile(join(work, name), text);
      return load(join(work, name));
    };
    const unknown = await mutate('unknown.yaml', master.replace('mode: ipvs', 'mode: ipvs\nmasqueradeAl: true'));
    expect(unknown.accepted).toBe(false);
    expect(unknown.stderr).toContain('strict decoding error: unknown field "masqueradeAl"');
    const kubelet = await mutate('kubelet.yaml', master.replace('cgroupDriver: systemd', 'cgroupDriver: systemd\ncgroupsDriver: systemd'));
    expect(kubelet.accepted).toBe(false);
    const bad = await mutate('bad.yaml', master.replace('podSubnet: 10.244.0.0/16', 'podSubnet: 10.244.0.0/99'));
    expect(bad.accepted).toBe(false);
    expect(bad.stderr).toContain('podSubnet: Invalid value: "10.244.0.0/99"');
    const unfilled = await load(join(project, 'rendered-hosts/prod/node1/kubeadm.yaml'));
    expect(unfilled.accepted).toBe(false);
    expect(unfilled.stderr).toContain('Invalid value: "@JOIN_TOKEN@": the bootstrap token is invalid');
  });
});
