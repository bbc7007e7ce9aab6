import { containersOf, findingFor, podTemplateOf } from '../kube.js';
import type { Finding, Rule } from '../types.js';

function isEmpty(v: unknown): boolean {
  return !v || typeof v !== 'object' || Object.keys(v).length === 0;
}

export const containerResources: Rule = {
  id: 'container-resources',
  severity: 'error',
  description: 'Every container declares resource requests and limits (the seed charts all do; the scheduler and OOM killer depend on them).',
  check(ctx) {
    const out: Finding[] = [];
    for (const ro of ctx.objects) {
      const tpl = podTemplateOf(ro.object);
      if (!tpl) continue;
      for (const { container, path, init } of containersOf(tpl)) {
        if (init) continue;
        const missing = (['requests', 'limits'] as const).filter((k) => isEmpty(container.resources?.[k]));
        if (missing.length) {
          out.push(findingFor(this, ro, `container ${container.name} has no resource ${missing.join(' or ')}`, `${path}/resources`));
        }
      }
    }
    return out;
  },
};
