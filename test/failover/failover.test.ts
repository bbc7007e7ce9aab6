// Runs the keepalived.conf and nginx.conf the keepalived chart renders for a three-host test env with the real
// Debian keepalived and nginx, each host a network namespace on one bridge (198.18.0.0/15 only), and checks the
// VIP's behaviour: one holder at start, failover on stop and on a failing health check, preemption (or not), and
// VIP:30080 answered through the nginx stream proxy before and after failover.
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVrrpInstance, renderDaemonConfigs, type DaemonConfigs } from './configs.js';
import { NetLab, netnsUnavailableReason, type Daemon } from './netlab.js';

const valuesFile = fileURLToPath(new URL('values.yaml', import.meta.url));
const backendScript = fileURLToPath(new URL('backend.mjs', import.meta.url));
const hosts = ['h1', 'h2', 'h3'] as const;
type Host = (typeof hosts)[number];
const dev = 'bfo0';
const vip = '198.18.0.100';
const address: Record<Host | 'client', string> = { h1: '198.18.0.1', h2: '198.18.0.2', h3: '198.18.0.3', client: '198.18.0.200' };
// advert_int is 1 s: a BACKUP takes over after ~3 missed adverts; a stopped MASTER hands over at once (priority 0).
const failoverMs = 6_000;
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

describe.skipIf(unavailable !== undefined)('keepalived failover between network namespaces', () => {
  let work: string;
  let lab: NetLab;
  let preempt: DaemonConfigs;
  let nopreempt: DaemonConfigs;
  const keepalived = new Map<Host, Daemon>();
  const onSignal = (signal: NodeJS.Signals) => {
    lab?.destroy();
    process.kill(process.pid, signal);
  };

  async function render(extra: object): Promise<DaemonConfigs> {
    return renderDaemonConfigs({
      valuesFiles: [valuesFile],
      values: [{ vrrp: { auth: { includeFile: join(work, 'auth.conf') } } }, extra],
    });
  }

  async function startKeepalived(host: Host, configs: DaemonConfigs): Promise<void> {
    const conf = join(work, `keepalived-${host}.conf`);
    await writeFile(conf, configs.keepalived.get(host)!);
    keepalived.set(
      host,
      lab.start(host, `keepalived-${host}`, [
        '/usr/sbin/keepalived', '--dont-fork', '--log-console', '--vrrp', `--use-file=${conf}`,
        `--pid=${join(work, `${host}-keepalived.pid`)}`, `--vrrp_pid=${join(work, `${host}-vrrp.pid`)}`,
      ]),
    );
  }

  async function stopKeepalived(host: Host): Promise<void> {
    const daemon = keepalived.get(host);
    if (daemon) await lab.stop(daemon);
    keepalived.delete(host);
  }

  async function holders(): Promise<Host[]> {
    const held = await Promise.all(hosts.map(async (h) => ((await lab.addresses(h, dev)).includes(vip) ? h : undefined)));
    return held.filter((h): h is Host => h !== undefined);
  }

  /** Waits until `host` is the only VIP holder, with the keepalived logs in the error when it never is. */
  async function expectSoleHolder(host: Host, timeoutMs: number): Promise<void> {
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
  async function expectStableHolder(host: Host, ms: number): Promise<void> {
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

  async function restartAllKeepalived(configs: DaemonConfigs): Promise<void> {
    await Promise.all(hosts.map(stopKeepalived));
    for (const host of hosts) await startKeepalived(host, configs);
  }

  beforeAll(async () => {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    work = await mkdtemp(join(tmpdir(), 'bfo-'));
    // What the chart's init container writes from the Secret.
    await writeFile(join(work, 'auth.conf'), 'auth_pass t3st\n');
    preempt = await render({});
    nopreempt = await render({ vrrp: { nopreempt: true } });

    lab = new NetLab(work);
    await lab.createSwitch();
    for (const host of hosts) await lab.addHost(host, dev, `${address[host]}/24`);
    await lab.addHost('client', dev, `${address.client}/24`);

    const nginxConf = join(work, 'nginx.conf');
    await writeFile(nginxConf, preempt.nginx!);
    for (const host of hosts) {
      lab.start(host, `backend-${host}`, [process.execPath, backendScript, host, '80', '10254', work]);
      lab.start(host, `nginx-${host}`, [
        '/usr/sbin/nginx', '-e', 'stderr', '-c', nginxConf, '-g', `daemon off; pid ${join(work, `${host}-nginx.pid`)};`,
      ]);
    }
    for (const host of hosts) {
      await waitFor(`the backend and nginx health endpoints on ${host}`, 5_000, async () => {
        const ingress = await lab.exec(host, ['curl', '-sf', 'http://127.0.0.1:10254/healthz']);
        const nginx = await lab.exec(host, ['curl', '-sf', 'http://127.0.0.1:18080/healthz']);
        return ingress.exitCode === 0 && nginx.exitCode === 0 ? true : undefined;
      });
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

  it('renders distinct priorities and one shared virtual_router_id for the test hosts', () => {
    expect([...preempt.keepalived.keys()]).toEqual([...hosts]);
    const instances = hosts.map((h) => parseVrrpInstance(preempt.keepalived.get(h)!));
    expect(new Set(instances.map((i) => i.priority)).size).toBe(hosts.length);
    expect(new Set(instances.map((i) => i.virtualRouterId))).toEqual(new Set([42]));
  });

  it('gives the VIP to exactly one host - the configured MASTER - and serves VIP:30080 through nginx', async () => {
    await restartAllKeepalived(preempt);
    await expectSoleHolder('h1', startMs);
    await expectStableHolder('h1', 3_000);
    expect(await requestThroughVip()).toMatch(/^backend h[123]$/);
  });

  it('moves the VIP to the next BACKUP when the MASTER stops, and back when it restarts (preemption)', async () => {
    await expectSoleHolder('h1', startMs);
    await stopKeepalived('h1');
    await expectSoleHolder('h2', failoverMs);
    expect(await requestThroughVip()).toMatch(/^backend h[123]$/);
    await startKeepalived('h1', preempt);
    await expectSoleHolder('h1', failoverMs);
    expect(await requestThroughVip()).toMatch(/^backend h[123]$/);
  });

  it('moves the VIP when the tracked ingress /healthz fails, and back when it recovers', async () => {
    await expectSoleHolder('h1', startMs);
    const marker = join(work, 'h1.unhealthy');
    await writeFile(marker, '');
    try {
      await expectSoleHolder('h2', failoverMs);
      expect(await requestThroughVip()).toMatch(/^backend h[123]$/);
    } finally {
      await unlink(marker);
    }
    await expectSoleHolder('h1', failoverMs);
  });

  it('keeps the VIP on the BACKUP when the old MASTER returns with nopreempt', async () => {
    // With nopreempt every instance starts as BACKUP and the first whose timer runs out keeps the VIP, so which host
    // wins a simultaneous start is a race: h1 comes up alone first, the others join as BACKUPs.
    await Promise.all(hosts.map(stopKeepalived));
    await startKeepalived('h1', nopreempt);
    await expectSoleHolder('h1', startMs);
    for (const host of hosts.filter((h) => h !== 'h1')) await startKeepalived(host, nopreempt);
    await expectStableHolder('h1', 3_000);
    await stopKeepalived('h1');
    await expectSoleHolder('h2', failoverMs);
    await startKeepalived('h1', nopreempt);
    await expectStableHolder('h2', 5_000);
    expect(await requestThroughVip()).toMatch(/^backend h[123]$/);
  });
});
