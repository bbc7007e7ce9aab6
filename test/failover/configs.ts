// Renders the keepalived chart and pulls out the daemon configs it generates, so tests can feed them to the real
// keepalived and nginx binaries. Used by the keepalived chart test and the failover test.
import { fileURLToPath } from 'node:url';
import { envValues, renderChart, type RenderOptions } from '../charts/render.js';

export const keepalivedChartDir = fileURLToPath(new URL('../../charts/keepalived', import.meta.url));

export interface DaemonConfigs {
  /** keepalived.conf text per node name, in ConfigMap key order. */
  keepalived: Map<string, string>;
  /** nginx.conf text, undefined when the stream proxy is disabled. */
  nginx: string | undefined;
  /** Every rendered object, for assertions beyond the configs. */
  objects: any[];
}

export async function renderDaemonConfigs(opts: RenderOptions): Promise<DaemonConfigs> {
  const { objects } = await renderChart(keepalivedChartDir, { release: 'keepalived', namespace: 'keepalived', ...opts });
  const configMap = objects.find((o) => o.kind === 'ConfigMap');
  if (!configMap) throw new Error('the keepalived chart rendered no ConfigMap');
  const keepalived = new Map<string, string>();
  for (const [key, text] of Object.entries<string>(configMap.data)) {
    const match = /^keepalived-(.+)\.conf$/.exec(key);
    if (match) keepalived.set(match[1]!, text);
  }
  return { keepalived, nginx: configMap.data['nginx.conf'], objects };
}

/** The VRRP settings of one keepalived.conf that the tests reason about. */
export interface VrrpInstance {
  state: string;
  priority: number;
  virtualRouterId: number;
  nopreempt: boolean;
  unicastSrc: string | undefined;
  unicastPeers: string[];
}

export function parseVrrpInstance(conf: string): VrrpInstance {
  const value = (keyword: string) => new RegExp(`^\\s*${keyword}\\s+(\\S+)`, 'm').exec(conf)?.[1];
  const peersBlock = /unicast_peer\s*\{([^}]*)\}/.exec(conf)?.[1] ?? '';
  return {
    state: value('state') ?? '',
    priority: Number(value('priority')),
    virtualRouterId: Number(value('virtual_router_id')),
    nopreempt: /^\s*nopreempt\s*$/m.test(conf),
    unicastSrc: value('unicast_src_ip'),
    unicastPeers: peersBlock.split(/\s+/).filter(Boolean),
  };
}

/** Upstream `server host:port` entries of nginx.conf, per upstream name. */
export function parseUpstreams(conf: string): Map<string, string[]> {
  const upstreams = new Map<string, string[]>();
  for (const match of conf.matchAll(/upstream\s+(\S+)\s*\{([^}]*)\}/g)) {
    upstreams.set(match[1]!, [...match[2]!.matchAll(/server\s+([^\s;]+)/g)].map((m) => m[1]!));
  }
  return upstreams;
}

export { overlayValuesFiles as overlayValues } from '../charts/render.js';

/** The `global` an env passes to every release: its registry override and cluster facts. */
export const envGlobal = (env: string) => envValues(env).global;
