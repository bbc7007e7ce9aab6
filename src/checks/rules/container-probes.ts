import { containersOf, findingFor, isLongRunning, podTemplateOf } from '../kube.js';
import type { Finding, Rule } from '../types.js';

export const containerProbes: Rule = {
  id: 'container-probes',
  severity: 'warning',
  description: 'Containers of long-running workloads declare readiness and liveness probes (the seed charts all do).',
  check(ctx) {
    const out: Finding[] = [];
    for (const ro of ctx.objects) {
      if (!isLongRunning(ro.object)) continue;
      const tpl = podTemplateOf(ro.object);
      if (!tpl) continue;
      for (const { container, path, init } of containersOf(tpl)) {
        if (init) continue;
        const missing = (['readinessProbe', 'livenessProbe'] as const).filter((k) => !container[k]);
        if (missing.length) out.push(findingFor(this, ro, `container ${container.name} has no ${missing.join(' or ')}`, path));
      }
    }
    return out;
  },
};
