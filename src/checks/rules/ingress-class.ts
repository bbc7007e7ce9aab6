import { ingressClassOf, servedControllers } from '../ingress.js';
import { findingFor, pointerSegment } from '../kube.js';
import type { Finding, Rule } from '../types.js';

export const ingressClass: Rule = {
  id: 'ingress-class',
  severity: 'error',
  description: "An Ingress's class must exist (in the bundle or env.external.ingressClasses) and be implemented by a controller release.",
  check(ctx) {
    const out: Finding[] = [];
    const served = servedControllers(ctx.objects);
    for (const ro of ctx.index.ofKind('Ingress')) {
      const name = ingressClassOf(ro.object);
      if (name === undefined) continue;
      const path = ro.object.spec?.ingressClassName !== undefined ? '/spec/ingressClassName' : `/metadata/annotations/${pointerSegment('kubernetes.io/ingress.class')}`;
      const cls = ctx.index.find('IngressClass', undefined, name);
      if (!cls) {
        if (!ctx.index.exists('IngressClass', undefined, name)) {
          out.push(findingFor(this, ro, `IngressClass ${name} is neither rendered by the bundle nor declared in env.external.ingressClasses`, path));
        }
        continue;
      }
      const controller = cls.object.spec?.controller;
      if (typeof controller === 'string' && !served.has(controller)) {
        out.push(
          findingFor(this, ro, `IngressClass ${name} (release ${cls.release}) names controller ${controller}, which no workload in the bundle implements`, path),
        );
      }
    }
    return out;
  },
};
