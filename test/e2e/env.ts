// Shared by the e2e tests: a cluster with a connection, Argo CD's bootstrap (its install's namespace, CRDs and
// argocd-cm, then the `argocd/<cluster>/` files `bundle bootstrap` writes, applied as README says), and rendering an
// env the way `bundle render` does.
import { execa } from 'execa';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, inject } from 'vitest';
import { Connection } from '../../src/cluster/connection.js';
import { applyObjects, formatRejection, syncTree, type SyncReport } from '../../src/cluster/sync.js';
import { parseManifests } from '../../src/render/manifest-yaml.js';
import { getEngine } from '../../src/engines/index.js';
import { renderFiles } from '../../src/pipeline.js';
import { repoRoot } from '../helpers/cli.js';
import { startCluster, type TestCluster } from './cluster.js';
import { startControllers, type ControllerStandIn } from './controllers.js';
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
  /** The kubeconfig every client of the tests uses: through the controller stand-in (./controllers.ts). */
  kubeconfig: string;
  conn: Connection;
  kubectl: string;
  close(): Promise<void>;
}

export async function liveCluster(name: string, serviceCIDR?: string): Promise<LiveCluster> {
  const cluster = await startCluster({ bin: tools.bin, name, serviceCIDR });
  const kubectl = join(tools.bin, 'kubectl');
  let controllers: ControllerStandIn | undefined;
  try {
    controllers = await startControllers(cluster);
    const conn = await Connection.open({ kubeconfig: controllers.kubeconfig, kubectl });
    return {
      cluster,
      kubeconfig: controllers.kubeconfig,
      conn,
      kubectl,
      close: async () => {
        await conn.close();
        await controllers!.close();
        await cluster.stop();
      },
    };
  } catch (e) {
    await controllers?.close();
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

/** What a cluster holds before any env syncs, done the way README's "Argo CD bootstrap" says: Argo CD's install (the
 *  argocd namespace, its CRDs, its argocd-cm), then with real kubectl `kubectl -n argocd patch configmap argocd-cm
 *  --type merge --patch-file argocd/<cluster>/argocd-cm-patch.yaml` and `kubectl apply -k argocd/<cluster>` (kubectl's
 *  own kustomize, strict field validation) for the env's cluster. */
export async function bootstrapArgoCd(lc: LiveCluster, env: string): Promise<void> {
  await installCrds(lc.conn);
  const install = [{ path: 'argocd namespace', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'argocd' } } }];
  for (const path of tools.argocdCm) {
    const object = parseManifests(await readFile(path, 'utf8'))[0] as any;
    install.push({ path, object: { ...object, metadata: { ...object.metadata, namespace: 'argocd' } } });
  }
  assertAccepted(await applyObjects(lc.conn, install, { fieldManager: 'argocd-install', dryRun: false }), 'Argo CD install');
  const cluster = parse(await readFile(join(repoRoot, 'overlays', env, 'env.yaml'), 'utf8')).cluster.name as string;
  const dir = join(repoRoot, 'argocd', cluster);
  await kubectl(lc, ['-n', 'argocd', 'patch', 'configmap', 'argocd-cm', '--type', 'merge', '--patch-file', join(dir, 'argocd-cm-patch.yaml')]);
  await kubectl(lc, ['apply', '-k', dir, '--validate=strict']);
}

let kubectlHome: Promise<string> | undefined;

/** Real kubectl against the cluster (its discovery cache in a temp HOME); throws with its stderr. */
export async function kubectl(lc: LiveCluster, args: string[]): Promise<string> {
  kubectlHome ??= scratch('kubectl');
  const env = { PATH: '/usr/bin:/bin', HOME: await kubectlHome };
  const r = await execa(lc.kubectl, ['--kubeconfig', lc.kubeconfig, ...args], { reject: false, extendEnv: false, env });
  if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')} failed (exit ${r.exitCode}):\n${r.stderr}`);
  // As everywhere in these tests, a warning of the server fails.
  if (/^Warning: /m.test(r.stderr)) throw new Error(`kubectl ${args.join(' ')}: the API server warned:\n${r.stderr}`);
  return r.stdout;
}

/** The files `bundle render <env>` writes, rendered in-process with the native engine (output checks not run). */
export async function renderEnv(env: string, cwd = repoRoot): Promise<Map<string, string>> {
  const { files } = await renderFiles(env, { engine: getEngine('native'), concurrency: 2, cwd });
  return files;
}
