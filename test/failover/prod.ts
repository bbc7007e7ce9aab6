// The keepalived release exactly as `bundle render env/prod` renders it - prod's env file, its release entry and its
// values layers (chart values < env globals < overlays/base/values < overlays/prod/values), through the pipeline's
// own code - with only the cluster's addresses and NIC moved onto a test network.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getEngine } from '../../src/engines/index.js';
import { loadEnvironment } from '../../src/env/load.js';
import type { ClusterFacts } from '../../src/env/types.js';
import { envGlobals, releaseLayers } from '../../src/env/values.js';
import { parseSetInto } from '../../src/helm/strvals.js';
import { renderRelease } from '../../src/render/release.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const tools = process.env.BUNDLE_TOOLS_DIR ?? join(homedir(), '.cache/bundle-tools');

/** nginx built by scripts/fetch-tools.sh with the stream module compiled in, as in the nginx.org image. */
const nginxStreamDir = join(tools, 'nginx-stream-1.22.1');

/** The PATH entry standing in for the nginx image; fails rather than let `nginx` resolve to a distribution build. */
export function nginxImagePath(): string[] {
  if (!existsSync(join(nginxStreamDir, 'nginx'))) throw new Error(`${nginxStreamDir}/nginx is missing: run scripts/fetch-tools.sh`);
  return [nginxStreamDir];
}

export interface TestNetwork {
  /** The test network in CIDR form; every address in prod's node subnet keeps its host part. */
  nodeSubnet: string;
  interface: string;
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** Moves every address of prod's node subnet into `to` (same prefix length), keeping host parts. */
export function moveFacts(facts: ClusterFacts, to: TestNetwork): ClusterFacts {
  const [fromNet, fromBits] = facts.nodeSubnet.split('/');
  const [toNet, toBits] = to.nodeSubnet.split('/');
  if (fromBits !== toBits) throw new Error(`test network ${to.nodeSubnet} must have prod's prefix length /${fromBits}`);
  const size = 2 ** (32 - Number(fromBits));
  const move = (ip: string) => {
    const offset = ipToInt(ip) - ipToInt(fromNet!);
    if (offset < 0 || offset >= size) throw new Error(`${ip} is outside prod's node subnet ${facts.nodeSubnet}`);
    return intToIp(ipToInt(toNet!) + offset);
  };
  return {
    ...facts,
    nodeSubnet: to.nodeSubnet,
    interface: to.interface,
    ingressVIP: move(facts.ingressVIP),
    nfs: { ...facts.nfs, server: move(facts.nfs.server) },
    nodes: facts.nodes.map((n) => ({ ...n, ip: move(n.ip) })),
  };
}

function parseSets(set: string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const s of set) parseSetInto(s, values);
  return values;
}

/** Renders prod's keepalived release, with its cluster facts moved onto `network` when one is given (`set`: as
 *  `bundle render --set`, for a variant that is not prod's). */
export async function renderProdKeepalived(network?: TestNetwork, set: string[] = []): Promise<{ objects: any[]; facts: ClusterFacts }> {
  const { env, source } = await loadEnvironment(join(repoRoot, 'overlays/prod'), repoRoot);
  if (network) env.cluster = moveFacts(env.cluster, network);
  const release = env.releases.find((r) => r.name === 'keepalived');
  if (!release) throw new Error('prod has no keepalived release');
  const tmp = await mkdtemp(join(tmpdir(), 'bfo-render-'));
  try {
    const globalsFile = join(tmp, 'env-globals.yaml');
    await writeFile(globalsFile, JSON.stringify(envGlobals(env)));
    const rendered = await renderRelease({
      env,
      envSource: source,
      release,
      layers: await releaseLayers(env, source, release, { set: parseSets(set) }),
      globalsFile,
      set,
      setString: [],
      engine: getEngine('native'),
    });
    return { objects: rendered.objects.map((r) => r.object), facts: env.cluster };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
