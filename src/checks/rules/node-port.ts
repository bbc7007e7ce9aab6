import { describeRef, findingFor, refOf } from '../kube.js';
import type { Finding, RenderedObject, Rule } from '../types.js';

// The API server's default --service-node-port-range.
const MIN = 30000;
const MAX = 32767;

export const nodePort: Rule = {
  id: 'node-port',
  severity: 'error',
  description: `Explicit nodePorts must lie in ${MIN}-${MAX} and be unique across the bundle's Services.`,
  check(ctx) {
    const out: Finding[] = [];
    const taken = new Map<number, RenderedObject>();
    for (const ro of ctx.index.ofKind('Service')) {
      const own = new Set<number>();
      (ro.object.spec?.ports ?? []).forEach((p: Record<string, any>, i: number) => {
        const n = p?.nodePort;
        if (typeof n !== 'number') return;
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
    return out;
  },
};
