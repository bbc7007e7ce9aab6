import { knownHosts } from '../../env/external-services.js';
import { findingFor } from '../kube.js';
import type { Finding, Rule } from '../types.js';

type Obj = Record<string, any>;

/** Addresses written into Endpoints and EndpointSlices by hand, with their pointers. */
function addresses(obj: Obj): Array<{ ip: string; path: string }> {
  const out: Array<{ ip: string; path: string }> = [];
  if (obj.kind === 'Endpoints') {
    (obj.subsets ?? []).forEach((s: Obj, i: number) => {
      for (const field of ['addresses', 'notReadyAddresses']) {
        (s?.[field] ?? []).forEach((a: Obj, j: number) => {
          if (typeof a?.ip === 'string') out.push({ ip: a.ip, path: `/subsets/${i}/${field}/${j}/ip` });
        });
      }
    });
  }
  if (obj.kind === 'EndpointSlice') {
    (obj.endpoints ?? []).forEach((e: Obj, i: number) =>
      (e?.addresses ?? []).forEach((ip: unknown, j: number) => {
        if (typeof ip === 'string') out.push({ ip, path: `/endpoints/${i}/addresses/${j}` });
      }),
    );
  }
  return out;
}

export const endpointsAddress: Rule = {
  id: 'endpoints-address',
  severity: 'error',
  description:
    "Hand-written Endpoints and EndpointSlices point only at addresses the env declares (a node or cluster.extraHosts), so an external service's address is an env fact, not a literal that drifts.",
  check(ctx) {
    const hosts = knownHosts(ctx.env.cluster);
    const out: Finding[] = [];
    for (const ro of [...ctx.index.ofKind('Endpoints'), ...ctx.index.ofKind('EndpointSlice')]) {
      for (const { ip, path } of addresses(ro.object)) {
        if (!hosts.has(ip)) out.push(findingFor(this, ro, `address ${ip} is neither a node nor an extra host of the env (cluster.nodes, cluster.extraHosts)`, path));
      }
    }
    return out;
  },
};
