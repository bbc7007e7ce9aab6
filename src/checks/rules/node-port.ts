import { describeRef, findingFor, refOf } from '../kube.js';
import type { Finding, RenderedObject, Rule } from '../types.js';

// The API server's default --service-node-port-range.
const MIN = 30000;
const MAX = 32767;

export const nodePort: Rule = {
  id: 'node-port',
  severity: 'error',
  description:
    `Explicit nodePorts must lie in ${MIN}-${MAX} and be unique across the bundle's Services, and once one is fixed, ` +
    'none may be left for Kubernetes to pick (a picked port can take a fixed one before its Service is created).',
  check(ctx) {
    const out: Finding[] = [];
    const taken = new Map<number, RenderedObject>();
    const picked: Array<{ ro: RenderedObject; path: string }> = [];
    for (const ro of ctx.index.ofKind('Service')) {
      const own = new Set<number>();
      (ro.object.spec?.ports ?? []).forEach((p: Record<string, any>, i: number) => {
        const n = p?.nodePort;
        if (typeof n !== 'number') {
          if (allocatesNodePorts(ro.object.spec)) picked.push({ ro, path: `/spec/ports/${i}` });
          return;
        }
        const path = `/spec/ports/${i}/nodePort`;
        if (n < MIN || n > MAX) out.push(findingFor(this, ro, `nodePort ${n} is outside the NodePort range ${MIN}-${MAX}`, path));
        const other = taken.get(n);
        // One Service may use the same nodePort for TCP and UDP; two Services may not share it.
        if (other && other !== ro) {
          out.push(findingFor(this, ro, `nodePort ${n} is already used by ${describeRef(refOf(other.object))} (release ${other.release})`, path));
        } else if (!own.has(n)) {
          taken.set(n, ro);
        }
        own.add(n);
      });
    }
    // The allocator picks at random from the whole range (1.27's static subrange covers only its lowest ports), and
    // Argo CD creates Services wave by wave: a picked port can be one that a later Service asks for, whose sync then
    // fails with "provided port is already allocated".
    const fixed = [...taken].sort(([a], [b]) => a - b);
    if (fixed.length > 0) {
      const [port, owner] = fixed[0]!;
      const list = fixed.length > 1 ? `${fixed.length} fixed nodePorts (${port} of ${describeRef(refOf(owner.object))}, …)` : `nodePort ${port} of ${describeRef(refOf(owner.object))}`;
      for (const { ro, path } of picked) {
        out.push(findingFor(this, ro, `no nodePort given, so Kubernetes picks one, which can be one of the bundle's ${list} before that Service exists: give it a fixed nodePort`, path));
      }
    }
    return out;
  },
};

/** Whether the API server gives this Service's ports a node port when none is set. */
function allocatesNodePorts(spec: Record<string, any> | undefined): boolean {
  if (spec?.type === 'NodePort') return true;
  return spec?.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false;
}
