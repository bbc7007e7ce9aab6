// A connection to a Kubernetes API server through `kubectl proxy` on a private unix socket. kubectl does what a
// kubeconfig may ask for (contexts, client certificates, tokens, exec and auth-provider plugins, proxies); we speak
// the REST API over the socket, so every object gets its own request and the server's structured answer (reason,
// field causes, warnings) instead of kubectl's per-invocation text. The socket lives in a fresh 0700 directory, so
// no other user can borrow the credentials while it is open.
import { execa, type ResultPromise } from 'execa';
import { request, Agent } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ConnectOptions {
  kubeconfig?: string;
  context?: string;
  /** The kubectl binary (default: $BUNDLE_KUBECTL, else `kubectl` on PATH). */
  kubectl?: string;
}

export interface ApiResponse {
  status: number;
  body: any;
  /** `Warning:` headers (deprecations, unknown fields under fieldValidation=Warn, …). */
  warnings: string[];
}

/** A failed request, with the server's Status fields when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly causes: { field?: string; message?: string; reason?: string }[] = [],
  ) {
    super(message);
  }
}

export class ClusterConnectError extends Error {}

const START_TIMEOUT_MS = 30_000;

export class Connection {
  private constructor(
    private readonly proxy: ResultPromise,
    private readonly dir: string,
    private readonly socketPath: string,
    private readonly agent: Agent,
  ) {}

  static async open(opts: ConnectOptions = {}): Promise<Connection> {
    const kubectl = opts.kubectl ?? process.env['BUNDLE_KUBECTL'] ?? 'kubectl';
    const dir = await mkdtemp(join(tmpdir(), 'bundle-kube-'));
    const socketPath = join(dir, 'api.sock');
    const args = [
      ...(opts.kubeconfig ? ['--kubeconfig', opts.kubeconfig] : []),
      ...(opts.context ? ['--context', opts.context] : []),
      'proxy',
      `--unix-socket=${socketPath}`,
    ];
    const proxy = execa(kubectl, args, { reject: false, stdin: 'ignore', buffer: false });
    try {
      await waitForStart(proxy, kubectl);
    } catch (e) {
      proxy.kill();
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
    return new Connection(proxy, dir, socketPath, new Agent({ keepAlive: true, maxSockets: 8 }));
  }

  async request(
    method: string,
    path: string,
    opts: { body?: string; contentType?: string; query?: Record<string, string | undefined> } = {},
  ): Promise<ApiResponse> {
    const query = Object.entries(opts.query ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v!)}`)
      .join('&');
    const headers: Record<string, string> = { Accept: 'application/json', Host: 'localhost' };
    if (opts.body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
    return new Promise((resolvePromise, rejectPromise) => {
      const req = request({ socketPath: this.socketPath, agent: this.agent, method, path: query ? `${path}?${query}` : path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', rejectPromise);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: any = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // kubectl proxy's own errors (e.g. a refused host) are plain text.
          }
          const warnings = ([] as string[]).concat(res.headers.warning ?? []).map(parseWarning);
          resolvePromise({ status: res.statusCode ?? 0, body, warnings });
        });
      });
      req.on('error', rejectPromise);
      if (opts.body !== undefined) req.write(opts.body);
      req.end();
    });
  }

  /** Like request(), but a non-2xx answer throws an ApiError. */
  async call(method: string, path: string, opts: Parameters<Connection['request']>[2] = {}): Promise<ApiResponse> {
    const res = await this.request(method, path, opts);
    if (res.status >= 200 && res.status < 300) return res;
    throw toApiError(res);
  }

  async close(): Promise<void> {
    this.agent.destroy();
    this.proxy.kill('SIGTERM');
    await this.proxy;
    await rm(this.dir, { recursive: true, force: true });
  }
}

export function toApiError(res: ApiResponse): ApiError {
  const b = res.body;
  if (b && typeof b === 'object' && b.kind === 'Status') {
    return new ApiError(res.status, b.reason ?? '', b.message ?? `HTTP ${res.status}`, b.details?.causes ?? []);
  }
  return new ApiError(res.status, '', typeof b === 'string' && b.trim() ? b.trim() : `HTTP ${res.status}`);
}

/** `299 - "text"` → text. */
function parseWarning(h: string): string {
  const m = /^\d{3} \S+ "(.*)"$/.exec(h);
  return m ? m[1]!.replace(/\\"/g, '"') : h;
}

/** Resolves once kubectl says it serves; rejects with kubectl's own message when it exits first. */
function waitForStart(proxy: ResultPromise, kubectl: string): Promise<void> {
  return new Promise((resolvePromise, rejectPromise) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => rejectPromise(new ClusterConnectError(`kubectl proxy did not start within ${START_TIMEOUT_MS / 1000} s${err ? `: ${err.trim()}` : ''}`)), START_TIMEOUT_MS);
    proxy.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('Starting to serve on')) {
        clearTimeout(timer);
        resolvePromise();
      }
    });
    proxy.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    proxy.then(
      (r) => {
        clearTimeout(timer);
        if ((r as { failed?: boolean; code?: string }).code === 'ENOENT') {
          rejectPromise(new ClusterConnectError(`kubectl not found (${kubectl}): --live connects through \`kubectl proxy\`; install kubectl or set BUNDLE_KUBECTL`));
        } else {
          rejectPromise(new ClusterConnectError(`kubectl proxy exited: ${(err || out).trim() || `exit code ${r.exitCode}`}`));
        }
      },
      (e: Error) => {
        clearTimeout(timer);
        rejectPromise(new ClusterConnectError(`kubectl proxy failed: ${e.message}`));
      },
    );
  });
}
