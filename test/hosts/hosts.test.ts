// `bundle hosts env/prod`: the node files of the course's cluster (§1.1–§1.3, §17.9), written like `bundle render`
// writes (atomic, owned, byte-identical), outside the Argo CD tree, and `--check` on a stale tree.
import yaml from 'js-yaml';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, readTree } from '../helpers/cli.js';
import { editEnv, projectCopy, replaceOnce } from './project.js';

const NODES = ['master1', 'node1', 'node2'];
const NODE_FILES = [
  'README.md',
  'etc/containerd/certs.d/docker.io/hosts.toml',
  'etc/containerd/config.toml',
  'etc/crictl.yaml',
  'etc/modules-load.d/k8s.conf',
  'etc/sysctl.d/k8s.conf',
  'kubeadm.yaml',
];

let project: string;
let tree: Map<string, string>;

function docs(text: string): Array<Record<string, any>> {
  return yaml.loadAll(text) as Array<Record<string, any>>;
}

function kind(text: string, k: string): Record<string, any> {
  const doc = docs(text).find((d) => d.kind === k);
  if (!doc) throw new Error(`no ${k} document`);
  return doc;
}

beforeAll(async () => {
  project = await projectCopy();
  const r = await bundle(['hosts', 'env/prod'], { cwd: project });
  expect(r.exitCode, r.stderr).toBe(0);
  tree = await readTree(join(project, 'rendered-hosts/prod'));
});

afterAll(() => rm(project, { recursive: true, force: true }));

describe('bundle hosts env/prod', () => {
  it('writes one folder per node, laid out as on the node, beside (not inside) the Argo CD output', async () => {
    const expected = [
      '.bundle-owned',
      'README.md',
      'users.sh',
      ...NODES.flatMap((n) => NODE_FILES.map((f) => `${n}/${f}`)),
    ].sort();
    expect([...tree.keys()].sort()).toEqual(expected);
    expect(existsSync(join(project, 'rendered'))).toBe(false);
  });

  it('lists each node on stdout and lists the command in --help', async () => {
    const r = await bundle(['hosts', 'env/prod'], { cwd: project });
    expect(r.stdout.split('\n')).toEqual([
      'master1\tcontrol-plane\t192.168.40.180\t7 files',
      'node1\tworker\t192.168.40.181\t7 files',
      'node2\tworker\t192.168.40.182\t7 files',
    ]);
    expect((await bundle(['--help'])).stdout).toMatch(/^ {2}hosts \[options\] <env> /m);
    const json = await bundle(['hosts', 'env/prod', '-o', 'json'], { cwd: project });
    expect(JSON.parse(json.stdout)).toMatchObject({
      env: 'prod',
      out: 'rendered-hosts/prod',
      files: 23,
      nodes: [{ name: 'master1', ip: '192.168.40.180', roles: ['control-plane'], files: 7 }, { name: 'node1' }, { name: 'node2' }],
      unchanged: expect.arrayContaining(['master1/kubeadm.yaml', 'users.sh']),
    });
  });

  it("master1's kubeadm.yaml holds the course's init configuration (A12, A13, A14)", () => {
    const text = tree.get('master1/kubeadm.yaml')!;
    expect(docs(text).map((d) => `${d.apiVersion} ${d.kind}`)).toEqual([
      'kubeadm.k8s.io/v1beta3 InitConfiguration',
      'kubeadm.k8s.io/v1beta3 ClusterConfiguration',
      'kubeproxy.config.k8s.io/v1alpha1 KubeProxyConfiguration',
      'kubelet.config.k8s.io/v1beta1 KubeletConfiguration',
    ]);
    const init = kind(text, 'InitConfiguration');
    expect(init.localAPIEndpoint).toEqual({ advertiseAddress: '192.168.40.180', bindPort: 6443 });
    expect(init.nodeRegistration).toEqual({
      criSocket: 'unix:///run/containerd/containerd.sock',
      imagePullPolicy: 'IfNotPresent',
      name: 'master1',
      // The course's `taints: null` is kubeadm's default control-plane taint, written out from the env's facts.
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
      kubeletExtraArgs: { 'node-ip': '192.168.40.180' },
    });
    const cluster = kind(text, 'ClusterConfiguration');
    expect(cluster).toMatchObject({
      imageRepository: 'registry.aliyuncs.com/google_containers',
      kubernetesVersion: '1.25.0',
      certificatesDir: '/etc/kubernetes/pki',
      clusterName: 'kubernetes',
      etcd: { local: { dataDir: '/var/lib/etcd' } },
      networking: { dnsDomain: 'cluster.local', podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12' },
    });
    expect(kind(text, 'KubeProxyConfiguration').mode).toBe('ipvs');
    expect(kind(text, 'KubeletConfiguration').cgroupDriver).toBe('systemd');
  });

  it('workers join the control plane with placeholders for the token and CA hash, never a credential', () => {
    for (const n of ['node1', 'node2']) {
      const [join_, ...rest] = docs(tree.get(`${n}/kubeadm.yaml`)!);
      expect(rest).toEqual([]);
      expect(join_).toMatchObject({
        apiVersion: 'kubeadm.k8s.io/v1beta3',
        kind: 'JoinConfiguration',
        discovery: { bootstrapToken: { apiServerEndpoint: '192.168.40.180:6443', token: '@JOIN_TOKEN@', caCertHashes: ['@CA_CERT_HASH@'] } },
        nodeRegistration: { criSocket: 'unix:///run/containerd/containerd.sock', name: n, taints: [] },
      });
    }
    for (const [path, content] of tree) {
      expect(content, path).not.toMatch(/[a-z0-9]{6}\.[a-z0-9]{16}/); // a bootstrap token
      expect(content, path).not.toMatch(/sha256:[0-9a-f]{64}/);
      expect(content, path).not.toContain('PRIVATE KEY');
    }
  });

  it("every node gets the course's containerd, crictl, module and sysctl files (A9, A10, A11, A15)", () => {
    for (const n of NODES) {
      const config = tree.get(`${n}/etc/containerd/config.toml`)!;
      expect(config).toContain('\nversion = 2\n');
      expect(config).toContain('sandbox_image = "registry.aliyuncs.com/google_containers/pause:3.7"');
      expect(config).toContain('[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]\n  SystemdCgroup = true\n');
      expect(config).toContain('config_path = "/etc/containerd/certs.d"');
      // The course's `[host."a",host."b"]` is not TOML; one table per mirror, in the course's order.
      expect(tree.get(`${n}/etc/containerd/certs.d/docker.io/hosts.toml`)!.replace(/^#.*\n/, '')).toBe(
        '[host."https://vh3bm52y.mirror.aliyuncs.com"]\n  capabilities = ["pull"]\n\n[host."https://registry.docker-cn.com"]\n  capabilities = ["pull"]\n',
      );
      expect(yaml.load(tree.get(`${n}/etc/crictl.yaml`)!)).toEqual({
        'runtime-endpoint': 'unix:///run/containerd/containerd.sock',
        'image-endpoint': 'unix:///run/containerd/containerd.sock',
        timeout: 10,
        debug: false,
      });
      const modules = tree.get(`${n}/etc/modules-load.d/k8s.conf`)!.split('\n').filter((l) => l && !l.startsWith('#'));
      expect(modules).toEqual(['overlay', 'br_netfilter', 'ip_vs', 'ip_vs_rr', 'ip_vs_wrr', 'ip_vs_sh', 'nf_conntrack']);
      expect(tree.get(`${n}/etc/sysctl.d/k8s.conf`)!.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual([
        'net.bridge.bridge-nf-call-ip6tables = 1',
        'net.bridge.bridge-nf-call-iptables = 1',
        'net.ipv4.ip_forward = 1',
      ]);
    }
  });

  it('the runbooks give the manual steps in order, with kubectl only for labels the kubelet may not set (A8, A15)', () => {
    const master = tree.get('master1/README.md')!;
    const steps = ['## 1. Prepare the host', '## 2. Install containerd 1.6.6 and Kubernetes 1.25.0', '## 3. Put the files in place', '## 4. Create the cluster', '## 5. Labels and taints'];
    expect(steps.map((s) => master.indexOf(s))).toEqual(steps.map((s) => master.indexOf(s)).sort((a, b) => a - b));
    expect(steps.every((s) => master.includes(s))).toBe(true);
    expect(master).toContain('yum install -y containerd.io-1.6.6 kubelet-1.25.0 kubeadm-1.25.0 kubectl-1.25.0 ipset ipvsadm');
    expect(master).toContain('kubeadm init --config kubeadm.yaml --ignore-preflight-errors=SystemVerification');
    expect(master).not.toContain('kubectl label');
    const node1 = tree.get('node1/README.md')!;
    expect(node1).toContain('kubeadm join --config kubeadm-join.yaml --ignore-preflight-errors=SystemVerification');
    expect(node1).toContain('kubectl label node node1 kubernetes.io/ingress=nginx node-role.kubernetes.io/worker=worker --overwrite');
    const env = tree.get('README.md')!;
    expect(env).toContain('kubectl label node node2 kubernetes.io/ingress=nginx node-role.kubernetes.io/worker=worker --overwrite');
    expect(env).toContain('bash users.sh request lucky\nbash users.sh request kubectl\nkubectl certificate approve user-lucky user-kubectl');
  });

  it('running it again changes no byte', async () => {
    const r = await bundle(['hosts', 'env/prod'], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('(0 added, 0 changed, 0 removed, 23 unchanged)');
    expect(await readTree(join(project, 'rendered-hosts/prod'))).toEqual(tree);
  });
});

describe('node labels and taints come from the env facts', () => {
  it('labels go to --node-labels when the kubelet may set them, else to a kubectl line; taints to nodeRegistration (E8)', async () => {
    const dir = await projectCopy();
    await editEnv(dir, (t) => {
      // node1: besides prod's labels (the course's §6.1 zone=foo among them), an allowed kubernetes.io label and one in node.kubernetes.io; the §6.3 taints.
      let s = replaceOnce(t, '        zone: foo\n      taints: []', '        zone: foo\n        topology.kubernetes.io/zone: east\n        node.kubernetes.io/pool: general\n      taints: [{ key: node-type, value: dev, effect: NoExecute }]');
      s = replaceOnce(s, '      taints: []', '      taints: [{ key: node-type, value: production, effect: NoSchedule }]');
      return s;
    });
    const r = await bundle(['hosts', 'env/prod', '--out', 'out'], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    const node1 = docs(await readFile(join(dir, 'out/prod/node1/kubeadm.yaml'), 'utf8'))[0]!;
    expect(node1.nodeRegistration.kubeletExtraArgs).toEqual({
      'node-ip': '192.168.40.181',
      'node-labels': 'node.kubernetes.io/pool=general,topology.kubernetes.io/zone=east,zone=foo',
    });
    expect(node1.nodeRegistration.taints).toEqual([{ key: 'node-type', value: 'dev', effect: 'NoExecute' }]);
    const node2 = docs(await readFile(join(dir, 'out/prod/node2/kubeadm.yaml'), 'utf8'))[0]!;
    expect(node2.nodeRegistration.taints).toEqual([{ key: 'node-type', value: 'production', effect: 'NoSchedule' }]);
    const readme = await readFile(join(dir, 'out/prod/node1/README.md'), 'utf8');
    expect(readme).toContain('kubectl label node node1 kubernetes.io/ingress=nginx node-role.kubernetes.io/worker=worker --overwrite');
    expect(readme).toContain('taints (kubeadm.yaml, applied when the node registers): `node-type=dev:NoExecute`');
    await rm(dir, { recursive: true, force: true });
  });
});

describe('bundle hosts --check', () => {
  it('passes on a fresh tree and names every stale file without writing', async () => {
    const dir = await projectCopy();
    expect((await bundle(['hosts', 'env/prod'], { cwd: dir })).exitCode).toBe(0);
    const ok = await bundle(['hosts', 'env/prod', '--check'], { cwd: dir });
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('rendered-hosts/prod is up to date');

    const out = join(dir, 'rendered-hosts/prod');
    await writeFile(join(out, 'node1/etc/crictl.yaml'), 'debug: true\n');
    await rm(join(out, 'node2/etc/sysctl.d/k8s.conf'));
    await writeFile(join(out, 'notes.txt'), 'not ours\n');
    await editEnv(dir, (t) => replaceOnce(t, '    - name: node2\n      ip: 192.168.40.182', '    - name: node3\n      ip: 192.168.40.182'));
    await editEnv(dir, (t) => replaceOnce(t, 'kubernetes.io/hostname: node2', 'kubernetes.io/hostname: node3'));
    const before = await readTree(out);
    const stale = await bundle(['hosts', 'env/prod', '--check'], { cwd: dir });
    expect(stale.exitCode).toBe(1);
    const lines = stale.stderr.split('\n');
    expect(lines).toContain('error: rendered-hosts/prod/node1/etc/crictl.yaml: changed; run `bundle hosts env/prod --out rendered-hosts`');
    expect(lines).toContain('error: rendered-hosts/prod/node3/kubeadm.yaml: missing; run `bundle hosts env/prod --out rendered-hosts`');
    expect(lines).toContain('error: rendered-hosts/prod/node2/kubeadm.yaml: no longer rendered; run `bundle hosts env/prod --out rendered-hosts`');
    expect(lines).toContain('error: rendered-hosts/prod/README.md: changed; run `bundle hosts env/prod --out rendered-hosts`');
    expect(stale.stderr).not.toContain('notes.txt');
    expect(await readTree(out)).toEqual(before);

    // The hand edit of an owned file is a conflict, as in `bundle render`; --force overwrites it.
    const conflict = await bundle(['hosts', 'env/prod'], { cwd: dir });
    expect(conflict.exitCode).toBe(1);
    expect(conflict.stderr).toContain('node1/etc/crictl.yaml');
    expect(await readTree(out)).toEqual(before);
    expect((await bundle(['hosts', 'env/prod', '--force'], { cwd: dir })).exitCode).toBe(0);
    expect((await bundle(['hosts', 'env/prod', '--check'], { cwd: dir })).exitCode).toBe(0);
    const after = await readTree(out);
    expect(after.has('node2/kubeadm.yaml')).toBe(false);
    expect(after.get('notes.txt')).toBe('not ours\n');
    await rm(dir, { recursive: true, force: true });
  });
});
