// keepalived chart: per-node VRRP configs, the stream proxy generated from the env's ingress nodes, the values
// that must be given, and the real keepalived and nginx binaries accepting what the chart renders.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  envGlobal,
  keepalivedChartDir,
  overlayValues,
  parseUpstreams,
  parseVrrpInstance,
  renderDaemonConfigs,
  type DaemonConfigs,
} from '../failover/configs.js';
import { containerRun } from '../failover/pod.js';
import { nginxImagePath, renderProdKeepalived } from '../failover/prod.js';
import { renderChart, renderChartError } from './render.js';

const prodGlobal = envGlobal('prod');
const prod = { values: [{ global: prodGlobal }], valuesFiles: overlayValues('prod', 'keepalived') };
const threePeers = {
  global: { cluster: { interface: 'eth1', ingressVIP: '10.0.0.100' } },
  vrrp: {
    virtualRouterId: 9,
    auth: { password: 'pw' },
    peers: [
      { name: 'a', ip: '10.0.0.1' },
      { name: 'b', ip: '10.0.0.2' },
      { name: 'c', ip: '10.0.0.3' },
    ],
  },
};

describe('keepalived chart with the prod env', () => {
  let configs: DaemonConfigs;
  beforeAll(async () => {
    configs = await renderDaemonConfigs(prod);
  });

  it('renders one config per ingress node, and only for ingress nodes', () => {
    expect([...configs.keepalived.keys()]).toEqual(['node1', 'node2']);
  });

  it('starts exactly one MASTER - the first ingress node - with strictly decreasing priorities', () => {
    const instances = [...configs.keepalived.values()].map(parseVrrpInstance);
    expect(instances.map((i) => i.state)).toEqual(['MASTER', 'BACKUP']);
    // The course's priorities (seed-C §3): MASTER 100, BACKUP 90.
    expect(instances.map((i) => i.priority)).toEqual([100, 90]);
    expect(new Set(instances.map((i) => i.virtualRouterId))).toEqual(new Set([51]));
  });

  it('sends unicast adverts from the node to the other peers only', () => {
    const node1 = parseVrrpInstance(configs.keepalived.get('node1')!);
    const node2 = parseVrrpInstance(configs.keepalived.get('node2')!);
    expect(node1).toMatchObject({ unicastSrc: '192.168.40.181', unicastPeers: ['192.168.40.182'] });
    expect(node2).toMatchObject({ unicastSrc: '192.168.40.182', unicastPeers: ['192.168.40.181'] });
  });

  it('holds the env VIP on the env NIC and tracks the ingress controller and nginx', () => {
    const conf = configs.keepalived.get('node1')!;
    expect(conf).toMatch(/virtual_ipaddress \{\s+192\.168\.40\.199\/32 dev eth0\s+\}/);
    expect(conf).toContain('http://127.0.0.1:10254/healthz');
    expect(conf).toMatch(/track_script \{\s+chk_ingress\s+chk_nginx\s+\}/);
    expect(conf).not.toMatch(/auth_pass/);
  });

  it('proxies VIP:30080 to port 80 of every ingress node (not the control plane)', () => {
    expect(parseUpstreams(configs.nginx!)).toEqual(
      new Map([['ingress_http', ['192.168.40.181:80', '192.168.40.182:80']]]),
    );
    expect(configs.nginx).toMatch(/listen 30080;/);
  });

  it('runs a hostNetwork DaemonSet on the ingress nodes with only the capabilities VRRP needs', () => {
    const ds = configs.objects.find((o) => o.kind === 'DaemonSet');
    const pod = ds.spec.template.spec;
    expect(pod).toMatchObject({
      hostNetwork: true,
      dnsPolicy: 'ClusterFirstWithHostNet',
      nodeSelector: { 'kubernetes.io/ingress': 'nginx' },
      priorityClassName: 'system-node-critical',
    });
    const byName = Object.fromEntries(pod.containers.map((c: any) => [c.name, c]));
    expect(byName.keepalived.securityContext.capabilities).toEqual({
      drop: ['ALL'],
      add: ['NET_ADMIN', 'NET_BROADCAST', 'NET_RAW', 'SETGID'],
    });
    expect(byName.keepalived.args).toContain('--use-file=/etc/vip/keepalived-$(NODE_NAME).conf');
    expect(byName.nginx.securityContext).toMatchObject({ runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(byName.nginx.securityContext.capabilities.add).toBeUndefined();
    const prepare = pod.initContainers[0];
    expect(prepare.env).toContainEqual({
      name: 'VRRP_AUTH_PASS',
      valueFrom: { secretKeyRef: { name: 'keepalived-vrrp', key: 'password' } },
    });
    expect(configs.objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });
});

describe('keepalived chart VRRP roles', () => {
  it('gives every peer its own priority and only the first one MASTER', async () => {
    const { keepalived } = await renderDaemonConfigs({ values: [threePeers] });
    const instances = [...keepalived.values()].map(parseVrrpInstance);
    expect(instances.map((i) => i.state)).toEqual(['MASTER', 'BACKUP', 'BACKUP']);
    expect(instances.map((i) => i.priority)).toEqual([150, 140, 130]);
    expect(instances[2]!.unicastPeers).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('starts every node as BACKUP with nopreempt, the first peer still winning on priority', async () => {
    const { keepalived } = await renderDaemonConfigs({ values: [threePeers, { vrrp: { nopreempt: true } }] });
    const instances = [...keepalived.values()].map(parseVrrpInstance);
    expect(instances.every((i) => i.state === 'BACKUP' && i.nopreempt)).toBe(true);
    expect(instances.map((i) => i.priority)).toEqual([150, 140, 130]);
  });

  it('renders the password Secret only when no existing Secret is referenced', async () => {
    const { objects } = await renderDaemonConfigs({ values: [threePeers] });
    const secret = objects.find((o) => o.kind === 'Secret');
    expect(secret.stringData).toEqual({ password: 'pw' });
  });
});

describe('keepalived chart rejects incomplete or unsafe values', () => {
  const base = { vrrp: { virtualRouterId: 51, auth: { password: 'pw' }, peers: threePeers.vrrp.peers } };
  const cases: Array<[string, object[], RegExp]> = [
    ['no VIP', [base, { global: { cluster: { interface: 'eth0' } } }], /the VIP is required - set vrrp\.vip or global\.cluster\.ingressVIP/],
    ['no interface', [base, { global: { cluster: { ingressVIP: '10.0.0.9' } } }], /the VRRP interface is required/],
    [
      'no virtual router id',
      [{ ...threePeers, vrrp: { ...threePeers.vrrp, virtualRouterId: null } }],
      /vrrp\.virtualRouterId is required \(1-255/,
    ],
    ['a router id above 255', [threePeers, { vrrp: { virtualRouterId: 256 } }], /virtualRouterId/],
    ['a password longer than keepalived accepts', [threePeers, { vrrp: { auth: { password: '123456789' } } }], /password/],
    ['auth without any password source', [threePeers, { vrrp: { auth: { password: '' } } }], /needs existingSecret \(preferred\) or password/],
    ['no ingress node in the env', [{ global: { cluster: { interface: 'eth0', ingressVIP: '10.0.0.9', nodes: [] } } }, { vrrp: { virtualRouterId: 5, auth: { password: 'x' } } }], /no VRRP peers/],
    ['a health-check weight that cannot move the VIP', [threePeers, { healthCheck: { weight: -10 } }], /must exceed vrrp\.priorityStep/],
    ['a VIP that is a node address', [threePeers, { vrrp: { vip: '10.0.0.2' } }], /the VIP 10\.0\.0\.2 is node b's own address/],
    ['the same node twice', [threePeers, { vrrp: { peers: [{ name: 'a', ip: '10.0.0.1' }, { name: 'a', ip: '10.0.0.5' }] } }], /listed twice/],
    ['a typo in a value', [threePeers, { vrrp: { virtualRouterID: 5 } }], /virtualRouterID/],
  ];
  it.each(cases)('rejects %s', async (_name, values, message) => {
    expect(await renderChartError(keepalivedChartDir, { values })).toMatch(message);
  });
});

describe('the real daemons accept the rendered configs', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'keepalived-conf-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  // keepalived reports problems on stderr; v2.2.7's exit status alone is not reliable (acassen/keepalived#2587).
  async function keepalivedConfigTest(conf: string, name: string) {
    const file = join(work, name);
    await writeFile(file, conf);
    return execa('/usr/sbin/keepalived', ['--config-test', `--use-file=${file}`], { reject: false, all: true });
  }

  async function renderForHost(extra: object[]) {
    const includeFile = join(work, 'auth.conf');
    // What the init container writes from the Secret.
    await writeFile(includeFile, 'auth_pass s3cret\n');
    return renderDaemonConfigs({
      values: [...prod.values, ...extra, { vrrp: { auth: { includeFile } } }],
      valuesFiles: prod.valuesFiles,
    });
  }

  it('keepalived --config-test accepts every node config of the prod env', async () => {
    const { keepalived } = await renderForHost([]);
    for (const [node, conf] of keepalived) {
      const result = await keepalivedConfigTest(conf, `${node}.conf`);
      expect(result.all, node).toBe('');
      expect(result.exitCode, node).toBe(0);
    }
  });

  it('keepalived --config-test accepts the nopreempt multicast variant', async () => {
    const { keepalived } = await renderForHost([{ vrrp: { nopreempt: true, unicast: false } }, { healthCheck: { weight: -20 } }]);
    for (const [node, conf] of keepalived) {
      const result = await keepalivedConfigTest(conf, `np-${node}.conf`);
      expect(result.all, node).toBe('');
    }
  });

  it('the config test does catch a broken config (so the checks above can fail)', async () => {
    const { keepalived } = await renderForHost([]);
    const broken = keepalived.get('node1')!.replace('virtual_router_id 51', 'virtual_router_id 300');
    const result = await keepalivedConfigTest(broken, 'broken.conf');
    expect(result.all).toMatch(/VRID '300' not valid/);
  });

  /** `nginx -t` of the release's nginx container as rendered (its command, args, mounts, user and capabilities),
   *  on nginx built like the nginx.org image: stream compiled in, no module files. */
  async function nginxTest(objects: any[], name: string) {
    const pod = objects.find((o) => o.kind === 'DaemonSet').spec.template.spec;
    const container = pod.containers.find((c: any) => c.name === 'nginx');
    const run = await containerRun({ pod, container, objects, nodeName: 'node1', path: nginxImagePath(), workDir: join(work, name), extraArgs: ['-t', '-q'] });
    // stdout must not be a socket (Node's default pipes are): nginx opens /dev/stdout for the access log, which
    // is a pipe or file in a container.
    return execa(run.argv[0]!, run.argv.slice(1), { env: run.env, extendEnv: false, reject: false, stdout: 'ignore' });
  }

  it('nginx -t (stream built in, as in the image) accepts the nginx.conf prod renders', async () => {
    const { objects } = await renderProdKeepalived();
    const result = await nginxTest(objects, 'prod');
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('nginx -t accepts a second stream listener', async () => {
    const { objects } = await renderChart(keepalivedChartDir, {
      release: 'keepalived',
      namespace: 'keepalived',
      values: [...prod.values, { nginx: { proxies: [{ name: 'http', listenPort: 30080, targetPort: 80 }, { name: 'https', listenPort: 30443, targetPort: 443 }] } }],
      valuesFiles: prod.valuesFiles,
    });
    const result = await nginxTest(objects, 'two-listeners');
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('nginx -t refuses a load_module of a file the image does not have (so the checks above can fail)', async () => {
    const { objects } = await renderChart(keepalivedChartDir, {
      release: 'keepalived',
      namespace: 'keepalived',
      values: [...prod.values, { image: { nginx: { streamModulePath: '/usr/lib/nginx/modules/ngx_stream_module.so' } } }],
      valuesFiles: prod.valuesFiles,
    });
    const result = await nginxTest(objects, 'debian-module');
    // "No such file" where the module is absent, as in the image; a host with Debian's module file fails on its symbols.
    expect(result.stderr).toMatch(/\[emerg\].*ngx_stream_module\.so.* in \/etc\/vip\/nginx\.conf:2/);
    expect(result.exitCode).toBe(1);
  });
});
