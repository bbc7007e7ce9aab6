// A throwaway L2 lab for the failover test: one network namespace per host, all joined by a bridge that lives in
// its own "switch" namespace, so nothing is added to the machine's own network namespace. Every namespace and
// process is tracked and removed by `destroy()` (also from signal handlers, hence the synchronous variant).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { closeSync, fchmodSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

const daemonEnv = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C', TZ: 'UTC' };

/** Why network namespaces cannot be used here, or undefined when they can. */
export async function netnsUnavailableReason(): Promise<string | undefined> {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  const probe = `bfo-${process.pid}-probe`;
  const added = await execa('ip', ['netns', 'add', probe], { reject: false, env: daemonEnv });
  if (added.exitCode !== 0) return `\`ip netns add\` is not permitted here: ${String(added.stderr).trim()}`;
  await execa('ip', ['netns', 'del', probe], { reject: false, env: daemonEnv });
  return undefined;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // It exited between listing and killing.
  }
}

export interface Daemon {
  name: string;
  child: ChildProcess;
  log: string;
}

export class NetLab {
  readonly prefix = `bfo-${process.pid}`;
  private readonly namespaces: string[] = [];
  private readonly daemons = new Set<Daemon>();
  private readonly bridgeNs = `${this.prefix}-sw`;

  constructor(readonly workDir: string) {}

  nsName(host: string): string {
    return `${this.prefix}-${host}`;
  }

  private async ip(args: string[]): Promise<void> {
    await execa('ip', args, { env: daemonEnv });
  }

  /** Creates the switch namespace with its bridge; call once before adding hosts. */
  async createSwitch(): Promise<void> {
    await this.ip(['netns', 'add', this.bridgeNs]);
    this.namespaces.push(this.bridgeNs);
    await this.ip(['-n', this.bridgeNs, 'link', 'add', 'br0', 'type', 'bridge']);
    await this.ip(['-n', this.bridgeNs, 'link', 'set', 'br0', 'up']);
  }

  /** Adds a host namespace whose NIC `dev` (address `cidr`) is plugged into the bridge. */
  async addHost(host: string, dev: string, cidr: string): Promise<void> {
    const ns = this.nsName(host);
    const port = `p-${host}`;
    await this.ip(['netns', 'add', ns]);
    this.namespaces.push(ns);
    await this.ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    await this.ip(['-n', ns, 'link', 'add', dev, 'type', 'veth', 'peer', 'name', port, 'netns', this.bridgeNs]);
    await this.ip(['-n', ns, 'addr', 'add', cidr, 'dev', dev]);
    await this.ip(['-n', ns, 'link', 'set', dev, 'up']);
    await this.ip(['-n', this.bridgeNs, 'link', 'set', port, 'master', 'br0', 'up']);
  }

  /** Runs a command to completion inside a host namespace. */
  exec(host: string, command: string[], timeoutMs = 10_000, env: Record<string, string> = daemonEnv) {
    return execa('ip', ['netns', 'exec', this.nsName(host), ...command], {
      env,
      extendEnv: false,
      reject: false,
      timeout: timeoutMs,
    });
  }

  /** IPv4 addresses currently on `dev` in a host namespace. */
  async addresses(host: string, dev: string): Promise<string[]> {
    const { stdout } = await execa('ip', ['-n', this.nsName(host), '-4', '-o', 'addr', 'show', 'dev', dev], { env: daemonEnv });
    return [...String(stdout).matchAll(/inet (\S+)\//g)].map((m) => m[1]!);
  }

  /** Starts a long-running process inside a host namespace; its output goes to `<workDir>/<name>.log`. */
  start(host: string, name: string, command: string[], env: Record<string, string> = daemonEnv): Daemon {
    const log = join(this.workDir, `${name}.log`);
    const fd = openSync(log, 'a');
    // Writable for whatever user the daemon runs as: nginx reopens /dev/stdout (its access log) as that user, as it
    // reopens the container runtime's log pipe.
    fchmodSync(fd, 0o666);
    // `ip netns exec` execs the command, so the child's pid is the daemon's own pid.
    const child = spawn('ip', ['netns', 'exec', this.nsName(host), ...command], {
      env,
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    const daemon = { name, child, log };
    this.daemons.add(daemon);
    child.once('exit', () => this.daemons.delete(daemon));
    return daemon;
  }

  /** Stops a daemon with `signal` and waits for it to exit (SIGKILL after `timeoutMs`). */
  async stop(daemon: Daemon, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 5_000): Promise<void> {
    const { child } = daemon;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  /** Stops every running daemon gracefully (SIGTERM, then SIGKILL after the timeout). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.daemons].map((daemon) => this.stop(daemon)));
  }

  logTail(daemon: Daemon, lines = 15): string {
    return readFileSync(daemon.log, 'utf8').split('\n').slice(-lines).join('\n');
  }

  /** Kills every daemon and deletes every namespace; synchronous so signal handlers can use it. */
  destroy(): void {
    for (const { child } of this.daemons) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    this.daemons.clear();
    for (const ns of this.namespaces.splice(0).reverse()) {
      try {
        // Also whatever the daemons forked (keepalived's VRRP child, nginx workers).
        const pids = execFileSync('ip', ['netns', 'pids', ns], { env: daemonEnv, encoding: 'utf8' });
        for (const pid of pids.split(/\s+/).filter(Boolean)) killQuietly(Number(pid));
        execFileSync('ip', ['netns', 'del', ns], { env: daemonEnv, stdio: 'ignore' });
      } catch {
        // Already gone: nothing left to clean.
      }
    }
  }
}
