// The few steps of kube-controller-manager that the e2e tests need, played in the request path. The test clusters run
// no controller-manager (nothing could run what its controllers create), but the apiserver counts on some of them:
// its ServiceAccount admission refuses a pod whose namespace has no `default` ServiceAccount, its ResourceQuota
// admission refuses what a quota counts until the quota has a status, and a deleted Namespace, a PVC or PV with its
// protection finalizer, or a pod bound to a node stays Terminating until a controller (or kubelet) finishes it.
// Every client of a test cluster (helm, kubectl, `bundle diff --live`, the tests' own requests) goes through this
// loopback proxy (TLS with the apiserver's own serving certificate, so clients send their token as to the apiserver,
// which authenticates it); it forwards each request unchanged to the apiserver and, after a write the server accepted
// (never a dry run), does what the controller would do before answering, so the next request sees what it would see
// on a real cluster, where these controllers act within milliseconds:
//  - a Namespace written: its `default` ServiceAccount (serviceaccounts-controller);
//  - a ResourceQuota written whose status.hard is not its spec.hard: status.hard = spec.hard and, for each resource
//    without a usage yet, the usage counted in the namespace (resourcequota-controller's first sync). Counts
//    (`pods`, `count/…`, `services`, …) are listed; sums (`requests.cpu`, `requests.storage`, …) are only known to be 0
//    in a namespace holding none of the objects they sum, and otherwise fail the request rather than guess. From then
//    on the apiserver's admission counts every admitted object itself;
//  - a Namespace deleted: every object left in it deleted, then the `kubernetes` finalizer removed (namespace
//    controller);
//  - a PersistentVolumeClaim deleted that no pod mounts, or a PersistentVolume deleted that is not Bound: its
//    protection finalizer removed (pvc-protection / pv-protection controllers);
//  - a Pod deleted that is bound to a node (`nodeName`: only its kubelet would confirm the graceful deletion) that
//    does not exist: deleted at once (pod garbage collector).
// A step that fails answers the client with HTTP 500 and the reason, so a test fails naming it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Agent, createServer, request as httpsRequest, type Server } from 'node:https';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { TestCluster } from './cluster.js';

export interface ControllerStandIn {
  /** A kubeconfig whose server is this proxy (same admin token). */
  kubeconfig: string;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: any;
}

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
/** Core resources a quota counts by their plain name. */
const CORE_COUNTS = ['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'replicationcontrollers', 'resourcequotas'];

export async function startControllers(cluster: TestCluster): Promise<ControllerStandIn> {
  const upstream = new URL(cluster.server);
  const ca = readFileSync(cluster.ca);
  const agent = new Agent({ keepAlive: true, maxSockets: 16, ca });

  /** A request of the stand-in itself, as the admin. */
  const api = (method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Answer> =>
    new Promise((resolvePromise, rejectPromise) => {
      const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      // Content-Length always: node frames a DELETE body neither by length nor chunked unless told.
      const headers = { Authorization: `Bearer ${cluster.token}`, Accept: 'application/json', ...(data ? { 'Content-Type': contentType, 'Content-Length': String(data.length) } : {}) };
      const req = httpsRequest(
        { host: upstream.hostname, port: upstream.port, method, path, agent, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', rejectPromise);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: any = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // not JSON: kept as text for the error message
            }
            resolvePromise({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('error', rejectPromise);
      req.end(data);
    });
  const must = async (method: string, path: string, body?: unknown, contentType?: string, ok: number[] = []): Promise<Answer> => {
    const a = await api(method, path, body, contentType);
    if ((a.status < 200 || a.status >= 300) && !ok.includes(a.status)) throw new Error(`${method} ${path}: HTTP ${a.status} ${a.body?.message ?? JSON.stringify(a.body)}`);
    return a;
  };

  async function defaultServiceAccount(ns: string): Promise<void> {
    await must('POST', `/api/v1/namespaces/${ns}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } }, undefined, [409]);
  }

  /** The REST paths of every namespaced kind the server serves (preferred versions), as the namespace controller
   *  walks them. */
  async function namespacedResources(ns: string): Promise<string[]> {
    const paths: string[] = [];
    const add = (base: string, resources: any[]) => {
      for (const r of resources) if (r.namespaced && !r.name.includes('/') && r.verbs.includes('list') && r.verbs.includes('delete')) paths.push(`${base}/namespaces/${ns}/${r.name}`);
    };
    add('/api/v1', (await must('GET', '/api/v1')).body.resources);
    for (const g of (await must('GET', '/apis')).body.groups) add(`/apis/${g.preferredVersion.groupVersion}`, (await must('GET', `/apis/${g.preferredVersion.groupVersion}`)).body.resources);
    return paths;
  }

  async function finishNamespace(ns: string): Promise<void> {
    const resources = await namespacedResources(ns);
    for (const collection of resources) {
      for (const item of (await must('GET', collection)).body.items) {
        const path = `${collection}/${item.metadata.name}`;
        const gone = await must('DELETE', path, { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' }, undefined, [404]);
        if (gone.status !== 404) await afterDelete(path, gone.body);
      }
    }
    const left: string[] = [];
    for (const collection of resources) for (const item of (await must('GET', collection)).body.items) left.push(`${item.kind ?? collection} ${item.metadata.name} (finalizers ${JSON.stringify(item.metadata.finalizers ?? [])})`);
    if (left.length > 0) throw new Error(`namespace ${ns} cannot be finalized, still holds: ${left.join(', ')}`);
    const live = await api('GET', `/api/v1/namespaces/${ns}`);
    if (live.status === 404) return;
    await must('PUT', `/api/v1/namespaces/${ns}/finalize`, { ...live.body, spec: { finalizers: [] } }, undefined, [404]);
  }

  /** Removes a protection finalizer from a deleted PVC no pod mounts, or a deleted PV that is not bound; ends a
   *  deleted pod bound to a node that does not exist. */
  async function afterDelete(path: string, obj: any): Promise<void> {
    if (!obj?.metadata?.deletionTimestamp) return;
    if (obj.kind === 'Pod') {
      // A pod with a nodeName is deleted gracefully: its kubelet confirms. No node exists here, and for a pod bound to
      // a missing node the pod garbage collector force-deletes it.
      if (obj.spec?.nodeName && (await api('GET', `/api/v1/nodes/${obj.spec.nodeName}`)).status === 404) {
        await must('DELETE', path, { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 }, undefined, [404]);
      }
      return;
    }
    const finalizer = obj.kind === 'PersistentVolumeClaim' ? 'kubernetes.io/pvc-protection' : obj.kind === 'PersistentVolume' ? 'kubernetes.io/pv-protection' : undefined;
    if (!finalizer || !(obj.metadata.finalizers ?? []).includes(finalizer)) return;
    if (obj.kind === 'PersistentVolumeClaim') {
      const pods = (await must('GET', `/api/v1/namespaces/${obj.metadata.namespace}/pods`)).body.items;
      if (pods.some((p: any) => (p.spec.volumes ?? []).some((v: any) => v.persistentVolumeClaim?.claimName === obj.metadata.name))) return;
    } else if (obj.status?.phase === 'Bound') return;
    const finalizers = obj.metadata.finalizers.filter((f: string) => f !== finalizer);
    await must('PATCH', path, { metadata: { finalizers, resourceVersion: obj.metadata.resourceVersion } }, 'application/merge-patch+json', [404]);
  }

  async function listCount(path: string): Promise<number> {
    return (await must('GET', path)).body.items.length;
  }

  /** What the quota controller's first sync finds in use for one resource of a quota. */
  async function usage(ns: string, key: string): Promise<string> {
    if (CORE_COUNTS.includes(key)) return String(await listCount(`/api/v1/namespaces/${ns}/${key}`));
    const count = /^count\/([a-z0-9-]+)(?:\.(.+))?$/.exec(key);
    if (count) {
      const [, resource, group] = count;
      if (!group) return String(await listCount(`/api/v1/namespaces/${ns}/${resource}`));
      const gv = (await must('GET', `/apis/${group}`)).body.preferredVersion.groupVersion;
      return String(await listCount(`/apis/${gv}/namespaces/${ns}/${resource}`));
    }
    const summed = key.startsWith('services.') ? 'services' : /storage/.test(key) && !/ephemeral-storage/.test(key) ? 'persistentvolumeclaims' : 'pods';
    const n = await listCount(`/api/v1/namespaces/${ns}/${summed}`);
    if (n > 0) throw new Error(`quota resource ${key} in namespace ${ns}: ${n} ${summed} already there; the e2e stand-in only knows such a sum to be 0 in a namespace without ${summed}`);
    return '0';
  }

  async function syncQuota(rq: any): Promise<void> {
    const hard = rq.spec?.hard ?? {};
    const status = rq.status ?? {};
    if (JSON.stringify(sortedKeys(status.hard ?? {})) === JSON.stringify(sortedKeys(hard))) return;
    const ns = rq.metadata.namespace;
    const used: Record<string, string> = {};
    for (const key of Object.keys(hard)) used[key] = status.used?.[key] ?? (await usage(ns, key));
    await must('PUT', `/api/v1/namespaces/${ns}/resourcequotas/${rq.metadata.name}/status`, { ...rq, status: { hard, used } });
  }

  /** The controller step for an accepted write, if any. */
  async function step(method: string, path: string, obj: any): Promise<void> {
    const kind = obj?.kind;
    if (method === 'DELETE') {
      if (kind === 'Namespace' && /^\/api\/v1\/namespaces\/[^/]+$/.test(path)) await finishNamespace(obj.metadata.name);
      else await afterDelete(path, obj);
      return;
    }
    if (kind === 'Namespace' && obj.status?.phase !== 'Terminating') await defaultServiceAccount(obj.metadata.name);
    if (kind === 'ResourceQuota') await syncQuota(obj);
  }

  const interesting = (method: string, url: URL) =>
    !url.searchParams.has('dryRun') &&
    (((method === 'POST' || method === 'PUT' || method === 'PATCH') && /^\/api\/v1\/namespaces(\/[^/]+(\/resourcequotas(\/[^/]+)?)?)?$/.test(url.pathname)) ||
      (method === 'DELETE' && /^\/api\/v1\/(namespaces\/[^/]+(\/(persistentvolumeclaims|pods)\/[^/]+)?|persistentvolumes\/[^/]+)$/.test(url.pathname)));

  const certs = dirname(cluster.ca);
  const tls = { cert: readFileSync(join(certs, 'apiserver.crt')), key: readFileSync(join(certs, 'apiserver.key')) };
  const server: Server = createServer(tls, (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const watch = interesting(req.method ?? 'GET', url);
    const headers: Record<string, string | string[] | undefined> = { ...req.headers, host: upstream.host };
    delete headers.connection;
    delete headers['keep-alive'];
    const up = httpsRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent }, (upRes) => {
      const resHeaders = { ...upRes.headers };
      delete resHeaders.connection;
      delete resHeaders['keep-alive'];
      const ok = (upRes.statusCode ?? 0) >= 200 && (upRes.statusCode ?? 0) < 300;
      if (!watch || !ok) {
        res.writeHead(upRes.statusCode ?? 502, resHeaders);
        upRes.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      upRes.on('data', (c: Buffer) => chunks.push(c));
      upRes.on('end', () => {
        const body = Buffer.concat(chunks);
        let obj: any;
        try {
          obj = JSON.parse(body.toString('utf8'));
        } catch {
          obj = undefined;
        }
        const done = obj === undefined ? Promise.reject(new Error(`${req.method} ${url.pathname}: the answer is not JSON (${upRes.headers['content-type']})`)) : step(req.method!, url.pathname, obj);
        done.then(
          () => {
            res.writeHead(upRes.statusCode!, resHeaders);
            res.end(body);
          },
          (e: Error) => {
            const message = `e2e controller stand-in, after ${req.method} ${url.pathname}: ${e.message}`;
            res.writeHead(500, { 'Content-Type': 'application/json' });
            res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'InternalError', code: 500, message }));
          },
        );
      });
    });
    up.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`e2e controller stand-in: ${e.message}`);
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;

  // The namespaces the apiserver makes itself (kube-public and kube-node-lease shortly after /readyz).
  for (const ns of SYSTEM_NAMESPACES) {
    for (let i = 0; (await api('GET', `/api/v1/namespaces/${ns}`)).status !== 200; i++) {
      if (i === 100) throw new Error(`namespace ${ns} did not appear within 10 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await defaultServiceAccount(ns);
  }

  const kubeconfig = join(cluster.dir, 'kubeconfig-controllers');
  await writeFile(
    kubeconfig,
    [
      'apiVersion: v1', 'kind: Config',
      `clusters: [{name: ${cluster.name}, cluster: {server: "https://127.0.0.1:${port}", certificate-authority: "${cluster.ca}"}}]`,
      `users: [{name: ${cluster.name}-admin, user: {token: "${cluster.token}"}}]`,
      `contexts: [{name: ${cluster.name}, context: {cluster: ${cluster.name}, user: ${cluster.name}-admin}}]`,
      `current-context: ${cluster.name}`, '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return {
    kubeconfig,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      agent.destroy();
    },
  };
}

function sortedKeys(m: Record<string, string>): [string, string][] {
  return Object.entries(m).sort(([a], [b]) => a.localeCompare(b));
}
