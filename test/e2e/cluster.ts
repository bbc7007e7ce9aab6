// A throwaway control plane for the e2e tests: etcd + kube-apiserver (built by scripts/kube/build.sh) on free loopback
// ports, data and certificates in a temp dir, token auth, RBAC and the apiserver's own admission plugins
// (LimitRanger, ResourceQuota, ServiceAccount, …). No controller-manager, scheduler or kubelet: objects are validated,
// defaulted, admitted and stored, nothing runs. Webhook admission is off because no webhook backend can run.
// Every process is recorded in its dir; stop() ends exactly those, as do SIGINT/SIGTERM/exit of this process, and
// sweepLeftovers() ends those of a run that was killed outright (owner process gone).
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { get } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCluster {
  name: string;
  dir: string;
  kubeconfig: string;
  server: string;
  /** The admin's bearer token (group system:masters) and the CA file of the serving certificate. */
  token: string;
  ca: string;
  stop(): Promise<void>;
  /** The last lines of the apiserver's log. */
  logTail(lines?: number): string;
}

export interface StartOptions {
  /** Folder with kube-apiserver and etcd. */
  bin: string;
  name: string;
  /** The env's service CIDR, so Services with a fixed clusterIP are checked against the env's own range. */
  serviceCIDR?: string;
  readyTimeoutMs?: number;
  /** kube-apiserver flags (`--name=value`) that replace the helper's own of the same name, or add to them. */
  apiserverArgs?: string[];
}

const PREFIX = 'bundle-e2e-cluster-';
const live = new Map<string, ChildProcess[]>();

export async function startCluster(opts: StartOptions): Promise<TestCluster> {
  // A port picked free may be taken before the server binds it; a fresh set of ports fixes that.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (e) {
      if (!(e instanceof PortTakenError) || attempt === 3) throw e;
    }
  }
}

class PortTakenError extends Error {}

async function startOnce(opts: StartOptions): Promise<TestCluster> {
  installExitHandlers();
  const dir = await mkdtemp(join(tmpdir(), `${PREFIX}${opts.name}-`));
  await writeFile(join(dir, 'owner'), String(process.pid));
  const [etcdPort, peerPort, apiPort] = await freePorts(3);
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  await writeFile(join(dir, 'sa.pub'), publicKey);
  await writeFile(join(dir, 'sa.key'), privateKey, { mode: 0o600 });
  const token = randomBytes(24).toString('hex');
  await writeFile(join(dir, 'tokens.csv'), `${token},bundle-e2e,bundle-e2e,system:masters\n`, { mode: 0o600 });
  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const procs: ChildProcess[] = [];
  live.set(dir, procs);
  const started = (name: string, args: string[]) => {
    const log = openSync(join(dir, `${name}.log`), 'a');
    const p = spawn(join(opts.bin, name), args, { stdio: ['ignore', log, log], cwd: dir });
    closeSync(log);
    procs.push(p);
    recordPids(dir, procs);
    return p;
  };
  started('etcd', [
    '--name=e2e', `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=${etcdUrl}`, `--advertise-client-urls=${etcdUrl}`,
    `--listen-peer-urls=${peerUrl}`, `--initial-advertise-peer-urls=${peerUrl}`, `--initial-cluster=e2e=${peerUrl}`,
    '--unsafe-no-fsync', '--log-level=warn',
  ]);
  started('kube-apiserver', withFlags([
    `--etcd-servers=${etcdUrl}`,
    '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${apiPort}`,
    `--cert-dir=${join(dir, 'certs')}`,
    `--token-auth-file=${join(dir, 'tokens.csv')}`,
    '--authorization-mode=RBAC',
    `--service-cluster-ip-range=${opts.serviceCIDR ?? '10.96.0.0/12'}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${join(dir, 'sa.pub')}`, `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
    // On by default in 1.25 already; named because the tests rely on them.
    '--enable-admission-plugins=LimitRanger,ResourceQuota,ServiceAccount',
    '--disable-admission-plugins=MutatingAdmissionWebhook,ValidatingAdmissionWebhook',
    '--allow-privileged=true', '--profiling=false',
  ], opts.apiserverArgs ?? []));
  const server = `https://127.0.0.1:${apiPort}`;
  const ca = join(dir, 'certs', 'apiserver.crt');
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(
    kubeconfig,
    [
      'apiVersion: v1', 'kind: Config',
      `clusters: [{name: ${opts.name}, cluster: {server: "${server}", certificate-authority: "${ca}"}}]`,
      `users: [{name: ${opts.name}-admin, user: {token: "${token}"}}]`,
      `contexts: [{name: ${opts.name}, context: {cluster: ${opts.name}, user: ${opts.name}-admin}}]`,
      `current-context: ${opts.name}`, '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const cluster: TestCluster = {
    name: opts.name,
    dir,
    kubeconfig,
    server,
    token,
    ca,
    stop: () => stopCluster(dir),
    logTail: (n = 30) => tail(join(dir, 'kube-apiserver.log'), n),
  };
  const timeout = opts.readyTimeoutMs ?? 90_000;
  try {
    await waitReady(server, ca, token, procs, timeout);
  } catch (e) {
    const apiLog = tail(join(dir, 'kube-apiserver.log'), 40);
    const etcdLog = tail(join(dir, 'etcd.log'), 10);
    await stopCluster(dir, false);
    if (/address already in use/.test(apiLog + etcdLog)) throw new PortTakenError(apiLog);
    throw new Error(`kube-apiserver (${opts.name}) ${(e as Error).message}\n--- last lines of kube-apiserver.log:\n${apiLog}\n--- last lines of etcd.log:\n${etcdLog}`);
  }
  return cluster;
}

function withFlags(args: string[], overrides: string[]): string[] {
  const name = (a: string) => a.split('=')[0];
  return [...args.filter((a) => !overrides.some((o) => name(o) === name(a))), ...overrides];
}

async function waitReady(server: string, ca: string, token: string, procs: ChildProcess[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = procs.find((p) => p.exitCode !== null || p.signalCode !== null);
    if (dead) throw new Error(`exited before /readyz (${dead.spawnfile} exit ${dead.exitCode ?? dead.signalCode})`);
    if (existsSync(ca) && (await readyz(server, await readFile(ca), token))) return;
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs / 1000} s (/readyz)`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function readyz(server: string, ca: Buffer, token: string): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const req = get(`${server}/readyz`, { ca, headers: { Authorization: `Bearer ${token}` }, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolvePromise(res.statusCode === 200));
    });
    req.on('error', () => resolvePromise(false));
    req.on('timeout', () => req.destroy());
  });
}

async function stopCluster(dir: string, graceful = true): Promise<void> {
  const procs = live.get(dir) ?? [];
  // The apiserver first: it drains its etcd connections on the way out.
  for (const p of [...procs].reverse()) await stopProcess(p, graceful ? 10_000 : 0);
  live.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

async function stopProcess(p: ChildProcess, graceMs: number): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise<void>((r) => p.once('exit', () => r()));
  p.kill(graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
  const timer = setTimeout(() => p.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function recordPids(dir: string, procs: ChildProcess[]): void {
  // Written synchronously: a kill between spawn and the record would leave an unrecorded server.
  writeFileSync(join(dir, 'pids'), procs.map((p) => p.pid).join('\n'));
}

let handlersInstalled = false;
function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const killAll = () => {
    for (const [dir, procs] of live) {
      for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
    live.clear();
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      killAll();
      process.kill(process.pid, sig);
    });
  }
}

/** Ends the servers of earlier runs whose owner process is gone (killed with SIGKILL), and removes their dirs. Only
 *  processes recorded in such a dir whose command line names that dir are signalled. */
export function sweepLeftovers(): string[] {
  const swept: string[] = [];
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), name);
    // No owner yet: a cluster is being started right now.
    const owner = Number(readOr(join(dir, 'owner'), '0'));
    if (owner === 0 || alive(owner)) continue;
    for (const pid of readOr(join(dir, 'pids'), '').split('\n').map(Number).filter((n) => n > 0)) {
      if (readOr(`/proc/${pid}/cmdline`, '').includes(dir)) {
        process.kill(pid, 'SIGKILL');
        swept.push(`${pid}`);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return swept;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOr(file: string, fallback: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

function tail(file: string, n: number): string {
  return readOr(file, '').replace(/\0/g, '').split('\n').slice(-n - 1).join('\n').trimEnd();
}

async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<import('node:net').Server>((r, j) => {
      const s = createServer();
      s.on('error', j);
      s.listen(0, '127.0.0.1', () => r(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}
