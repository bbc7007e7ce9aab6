import { backendsOf } from '../ingress.js';
import { findingFor, namespaceOf } from '../kube.js';
import type { Finding, Rule } from '../types.js';

export const ingressBackend: Rule = {
  id: 'ingress-backend',
  severity: 'error',
  description: 'Every Ingress backend must name a Service of the same namespace and one of its ports.',
  check(ctx) {
    const out: Finding[] = [];
    for (const ro of ctx.index.ofKind('Ingress')) {
      const ns = namespaceOf(ro.object);
      for (const b of backendsOf(ro.object)) {
        const svc = ctx.index.find('Service', ns, b.service);
        if (!svc) {
          if (!ctx.index.exists('Service', ns, b.service)) {
            out.push(findingFor(this, ro, `backend Service ${b.service} does not exist in namespace ${ns}`, `${b.path}/service/name`));
          }
          continue;
        }
        const ports: Array<Record<string, any>> = svc.object.spec?.ports ?? [];
        const want = b.port.number ?? b.port.name;
        const found = ports.some((p) => (b.port.number !== undefined ? p.port === b.port.number : p.name === b.port.name));
        if (want !== undefined && !found) {
          const have = ports.map((p) => (p.name ? `${p.name}(${p.port})` : String(p.port))).join(', ') || 'none';
          out.push(findingFor(this, ro, `backend port ${String(want)} is not a port of Service ${b.service} (ports: ${have})`, `${b.path}/service/port`));
        }
      }
    }
    return out;
  },
};
