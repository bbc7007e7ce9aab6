// Runs the keepalived release exactly as `bundle render env/prod` renders it - prod's values layers, with only the
// cluster's addresses and NIC moved onto a test network (198.18.0.0/24) - with the real keepalived and an nginx built
// like the image's (stream compiled in), each ingress node a network namespace on one bridge. Every container runs
// as the DaemonSet says (command, args, env, mounts, user, capabilities; test/failover/pod.ts), the init container
// first. Checks the VIP's behaviour: one holder at start, failover on stop and on a failing health check,
// preemption, VIP:30080 answered through the nginx stream proxy before and after failover, and (a chart option prod
// does not set, rendered with --set) nopreempt.
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVrrpInstance } from './configs.js';
import { NetLab, netnsUnavailableReason, type Daemon } from './netlab.js';
import { containerRun } from './pod.js';
import { nginxImagePath, renderProdKeepalived } from './prod.js';

const backendScript = fileURLToPath(new URL('backend.mjs', import.meta.url));
const network = { nodeSubnet: '198.18.0.0/24', interface: 'bfo0' };
const client = '198.18.0.200';
// The Secret an operator creates as overlays/base/values/keepalived.yaml says (kubectl create secret generic
// keepalived-vrrp --from-literal=password=...).
const secrets = { 'keepalived-vrrp': { password: 't3st' } };
// The images' binaries: Debian's keepalived, and nginx built with the stream module compiled in.
const imagePath = (image: string) => (/\/nginx:/.test(image) ? nginxImagePath() : []);
// advert_int is 1 s: a BACKUP takes over after ~3 missed adverts; a stopped MASTER hands over at once (priority 0);
// a failing /healthz needs prod's fall (2) checks at prod's interval (2 s).
const failoverMs = 8_000;
const startMs = 10_000;

const unavailable = await netnsUnavailableReason();
if (unavailable) console.warn(`failover test skipped: ${unavailable}`);

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(unavailable !== undefined)('keepalived failover between network namespaces, as prod renders it', () => {
  let work: string;
  let lab: NetLab;
  let prod: { objects: any[] };
  let nopreempt: { objects: any[] };
  let hosts: string[];
  let vip: string;
  const dev = network.interface;
  const keepalived = new Map<string, Daemon>();
  const onSignal = (signal: NodeJS.Signals) => {
    lab?.destroy();
    process.kill(process.pid, signal);
  };

  const podSpec = (objects: any[]) => objects.find((o) => o.kind === 'DaemonSet').spec.template.spec;

  /** A container of the rendered pod on `host`, with the pod's volumes under <work>/<release variant>/<host>. */
  async function run(objects: any[], variant: string, host: string, container: any) {
    const pod = podSpec(objects);
    return containerRun({ pod, container, objects, nodeName: host, secrets, path: imagePath(container.image), workDir: join(work, variant, host) });
  }

  async function startKeepalived(host: string, objects = prod.objects, variant = 'prod'): Promise<void> {
    const pod = podSpec(objects);
    // The init container writes auth.conf from the Secret before keepalived may start, as in the pod.
    for (const init of pod.initContainers ?? []) {
      const r = await run(objects, variant, host, init);
      const result = await lab.exec(host, r.argv, 10_000, r.env);
      if (result.exitCode !== 0) throw new Error(`init container ${init.name} on ${host} failed: ${result.stderr}`);
    }
    const container = pod.containers.find((c: any) => c.name === 'keepalived');
    const r = await run(objects, variant, host, container);
    keepalived.set(host, lab.start(host, `keepalived-${variant}-${host}`, r.argv, r.env));
  }

  async function stopKeepalived(host: string): Promise<void> {
    const daemon = keepalived.get(host);
    if (daemon) await lab.stop(daemon);
    keepalived.delete(host);
  }

  async function holders(): Promise<string[]> {
    const held = await Promise.all(hosts.map(async (h) => ((await lab.addresses(h, dev)).includes(vip) ? h : undefined)));
    return held.filter((h): h is string => h !== undefined);
  }

  /** Waits until `host` is the only VIP holder, with the keepalived logs in the error when it never is. */
  async function expectSoleHolder(host: string, timeoutMs: number): Promise<void> {
    try {
      await waitFor(`${host} to be the only VIP holder`, timeoutMs, async () => {
        const now = await holders();
        return now.length === 1 && now[0] === host ? true : undefined;
      });
    } catch (error) {
      const logs = [...keepalived.values()].map((d) => `--- ${d.name}\n${lab.logTail(d)}`).join('\n');
      throw new Error(`${(error as Error).message}; holders now: [${(await holders()).join(', ')}]\n${logs}`);
    }
  }

  /** The VIP holder must stay the same for `ms` (no flapping, no late preemption). */
  async function expectStableHolder(host: string, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      expect(await holders()).toEqual([host]);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async function requestThroughVip(): Promise<string> {
    return waitFor(`an answer on ${vip}:30080`, failoverMs, async () => {
      const result = await lab.exec('client', ['curl', '-sS', '--max-time', '2', `http://${vip}:30080/`]);
      return result.exitCode === 0 ? String(result.stdout).trim() : undefined;
    });
  }

  async function restartAllKeepalived(objects = prod.objects, variant = 'prod'): Promise<void> {
    await Promise.all(hosts.map(stopKeepalived));
    for (const host of hosts) await startKeepalived(host, objects, variant);
  }

  beforeAll(async () => {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    work = await mkdtemp(join(tmpdir(), 'bfo-'));
    const rendered = await renderProdKeepalived(network);
    prod = rendered;
    nopreempt = await renderProdKeepalived(network, ['vrrp.nopreempt=true']);
    vip = rendered.facts.ingressVIP;
    const configMap = prod.objects.find((o) => o.kind === 'ConfigMap');
    hosts = Object.keys(configMap.data).flatMap((k) => /^keepalived-(.+)\.conf$/.exec(k)?.[1] ?? []);
    const ipOf = new Map(rendered.facts.nodes.map((n) => [n.name, n.ip]));
    const prefix = network.nodeSubnet.split('/')[1];

    lab = new NetLab(work);
    await lab.createSwitch();
    for (const host of hosts) await lab.addHost(host, dev, `${ipOf.get(host)}/${prefix}`);
    await lab.addHost('client', dev, `${client}/${prefix}`);

    const nginx = podSpec(prod.objects).containers.find((c: any) => c.name === 'nginx');
    const started = new Map<string, Daemon[]>();
    for (const host of hosts) {
      const r = await run(prod.objects, 'prod', host, nginx);
      started.set(host, [
        lab.start(host, `backend-${host}`, [process.execPath, backendScript, host, '80', '10254', work]),
        lab.start(host, `nginx-${host}`, r.argv, r.env),
      ]);
    }
    for (const host of hosts) {
      try {
        await waitFor(`the backend and nginx health endpoints on ${host}`, 5_000, async () => {
          const ingress = await lab.exec(host, ['curl', '-sf', 'http://127.0.0.1:10254/healthz']);
          const nginxHealth = await lab.exec(host, ['curl', '-sf', 'http://127.0.0.1:18080/healthz']);
          return ingress.exitCode === 0 && nginxHealth.exitCode === 0 ? true : undefined;
        });
      } catch (error) {
        const logs = started.get(host)!.map((d) => `--- ${d.name}\n${lab.logTail(d)}`).join('\n');
        throw new Error(`${(error as Error).message}\n${logs}`);
      }
    }
  });

  afterAll(async () => {
    if (lab) {
      await lab.stopAll();
      lab.destroy();
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('runs prod\'s two ingress nodes, node1 MASTER with 100 and node2 BACKUP with 90, and prod\'s nginx.conf', () => {
    expect(hosts).toEqual(['node1', 'node2']);
    const data = prod.objects.find((o) => o.kind === 'ConfigMap').data;
    expect(hosts.map((h) => parseVrrpInstance(data[`keepalived-${h}.conf`])).map((i) => [i.state, i.priority, i.virtualRouterId])).toEqual([
      ['MASTER', 100, 51],
      ['BACKUP', 90, 51],
    ]);
    // The test network keeps prod's host parts: the VIP is prod's .199, the upstreams its .181/.182.
    expect(vip).toBe('198.18.0.199');
    expect(data['nginx.conf']).toContain('server 198.18.0.181:80');
  });

  it('gives the VIP to exactly one host - the configured MASTER - and serves VIP:30080 through nginx', async () => {
    await restartAllKeepalived();
    await expectSoleHolder('node1', startMs);
    await expectStableHolder('node1', 3_000);
    expect(await requestThroughVip()).toMatch(/^backend node[12]$/);
  });

  it('moves the VIP to the BACKUP when the MASTER stops, and back when it restarts (preemption)', async () => {
    await expectSoleHolder('node1', startMs);
    await stopKeepalived('node1');
    await expectSoleHolder('node2', failoverMs);
    expect(await requestThroughVip()).toMatch(/^backend node[12]$/);
    await startKeepalived('node1');
    await expectSoleHolder('node1', failoverMs);
    expect(await requestThroughVip()).toMatch(/^backend node[12]$/);
  });

  it('moves the VIP when the tracked ingress /healthz fails, and back when it recovers', async () => {
    await expectSoleHolder('node1', startMs);
    const marker = join(work, 'node1.unhealthy');
    await writeFile(marker, '');
    try {
      await expectSoleHolder('node2', failoverMs);
      expect(await requestThroughVip()).toMatch(/^backend node[12]$/);
    } finally {
      await unlink(marker);
    }
    await expectSoleHolder('node1', failoverMs);
  });

  it('keeps the VIP on the BACKUP when the old MASTER returns with nopreempt (--set vrrp.nopreempt=true)', async () => {
    // With nopreempt every instance starts as BACKUP and the first whose timer runs out keeps the VIP, so which host
    // wins a simultaneous start is a race: node1 comes up alone first, node2 joins as BACKUP.
    await Promise.all(hosts.map(stopKeepalived));
    await startKeepalived('node1', nopreempt.objects, 'nopreempt');
    await expectSoleHolder('node1', startMs);
    await startKeepalived('node2', nopreempt.objects, 'nopreempt');
    await expectStableHolder('node1', 3_000);
    await stopKeepalived('node1');
    await expectSoleHolder('node2', failoverMs);
    await startKeepalived('node1', nopreempt.objects, 'nopreempt');
    await expectStableHolder('node2', 3_000);
    expect(await requestThroughVip()).toMatch(/^backend node[12]$/);
  });
});
