// Facts about services outside Kubernetes: each must sit on an address the env knows (a node or an extra host),
// so a chart's Endpoints can only point where the env says something runs.
import { Diagnostic } from '../schema/diagnostic.js';
import type { SourceFile } from '../schema/source.js';
import type { ClusterFacts } from './types.js';

/** Every known host address → the name it is declared under. */
export function knownHosts(cluster: Pick<ClusterFacts, 'nodes' | 'extraHosts'>): Map<string, string> {
  const hosts = new Map<string, string>();
  for (const h of cluster.extraHosts ?? []) hosts.set(h.ip, `extra host ${h.name}`);
  for (const n of cluster.nodes ?? []) hosts.set(n.ip, `node ${n.name}`);
  return hosts;
}

/** Problems with `cluster.externalServices` of a schema-valid env file, located in that file. */
export function checkExternalServices(cluster: ClusterFacts, file: string, source: SourceFile): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const at = (pointer: string) => ({ file, ...source.locate(pointer), pointer });
  const hosts = knownHosts(cluster);
  const seen = new Set<string>();
  (cluster.externalServices ?? []).forEach((svc, i) => {
    const base = `/cluster/externalServices/${i}`;
    if (seen.has(svc.name)) problems.push(new Diagnostic({ ...at(`${base}/name`), message: `duplicate external service name "${svc.name}"` }));
    seen.add(svc.name);
    if (!hosts.has(svc.ip)) {
      const known = [...hosts].map(([ip, name]) => `${ip} (${name})`).join(', ');
      problems.push(
        new Diagnostic({
          ...at(`${base}/ip`),
          message: `external service "${svc.name}" is at ${svc.ip}, which is neither a node (cluster.nodes) nor an extra host (cluster.extraHosts): expected one of ${known}`,
          hint: 'declare the host under cluster.extraHosts if the service runs outside the cluster',
        }),
      );
    }
  });
  return problems;
}
