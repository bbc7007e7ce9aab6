// Shared by the e2e tests: a cluster with a connection, Argo CD's bootstrap (namespace, CRDs, the env's AppProject
// and root Application as `bundle bootstrap` writes them), and rendering an env the way `bundle render` does.
import { rmSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, inject } from 'vitest';
import { Connection } from '../../src/cluster/connection.js';
import { applyObjects, formatRejection, syncTree, type SyncReport } from '../../src/cluster/sync.js';
import { parseManifests } from '../../src/render/manifest-yaml.js';
import { getEngine } from '../../src/engines/index.js';
import { renderFiles } from '../../src/pipeline.js';
import { repoRoot } from '../helpers/cli.js';
import { startCluster, type TestCluster } from './cluster.js';
import type { KubeTools } from './setup.js';

const scratchDirs: string[] = [];
// Registered while the importing test file is collected: runs after its last test.
afterAll(() => scratchDirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A temp dir removed after the test file. */
export async function scratch(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `bundle-e2e-${prefix}-`));
  scratchDirs.push(dir);
  return dir;
}

const provided = inject('kube');
/** Why the e2e tests are skipped (no Go outside CI), or undefined when they run. */
export const skipReason = 'skip' in provided ? provided.skip : undefined;
export const tools = provided as KubeTools;

export interface LiveCluster {
  cluster: TestCluster;
  conn: Connection;
  kubectl: string;
  close(): Promise<void>;
}

export async function liveCluster(name: string, serviceCIDR?: string): Promise<LiveCluster> {
  const cluster = await startCluster({ bin: tools.bin, name, serviceCIDR });
  const kubectl = join(tools.bin, 'kubectl');
  try {
    const conn = await Connection.open({ kubeconfig: cluster.kubeconfig, kubectl });
    return {
      cluster,
      conn,
      kubectl,
      close: async () => {
        await conn.close();
        await cluster.stop();
      },
    };
  } catch (e) {
    await cluster.stop();
    throw e;
  }
}

/** Throws with every rejection, one per line. */
export function assertAccepted(report: SyncReport, what: string): void {
  const rejected = report.results.filter((r) => r.outcome === 'rejected');
  if (rejected.length > 0) throw new Error(`${what}: ${rejected.length} object(s) rejected by the API server:\n${rejected.map(formatRejection).join('\n')}`);
}

/** The apply test's check: the rendered tree synced for real, every object accepted, no warning from the server. */
export async function applyEnv(lc: LiveCluster, files: Map<string, string>, what: string): Promise<SyncReport> {
  const report = await syncTree(lc.conn, files, { fieldManager: 'bundle', dryRun: false });
  assertAccepted(report, what);
  const warnings = report.results.flatMap((r) => r.warnings.map((w) => `${r.path}: ${w}`));
  if (warnings.length > 0) throw new Error(`${what}: the API server warned:\n${warnings.join('\n')}`);
  return report;
}

/** The CRDs a cluster has before the bundle syncs: Argo CD's (installed with Argo CD) and sealed-secrets'. */
export async function installCrds(conn: Connection): Promise<void> {
  const objects = await Promise.all(tools.crds.map(async (path) => ({ path, text: await readFile(path, 'utf8') })));
  assertAccepted(await applyObjects(conn, objects.map((o) => ({ ...o, object: parseManifests(o.text)[0] })), { fieldManager: 'bundle', dryRun: false }), 'CRDs');
}

/** What Argo CD's install and `kubectl apply -k .` (the files `bundle bootstrap` writes) put on a cluster before any
 *  env syncs: the argocd namespace, the CRDs, the env's AppProject and root Application. */
export async function bootstrapArgoCd(conn: Connection, env: string): Promise<void> {
  await installCrds(conn);
  const objects: { path: string; object: any; text?: string }[] = [{ path: 'argocd namespace', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'argocd' } } }];
  for (const file of ['appproject.yaml', 'root-application.yaml'].map((f) => join(repoRoot, 'argocd', env, f))) {
    const text = await readFile(file, 'utf8');
    objects.push({ path: relative(repoRoot, file), object: parseManifests(text)[0], text });
  }
  assertAccepted(await applyObjects(conn, objects, { fieldManager: 'bundle', dryRun: false }), 'Argo CD bootstrap');
}

/** The files `bundle render <env>` writes, rendered in-process with the native engine (output checks not run). */
export async function renderEnv(env: string, cwd = repoRoot): Promise<Map<string, string>> {
  const { files } = await renderFiles(env, { engine: getEngine('native'), concurrency: 2, cwd });
  return files;
}
