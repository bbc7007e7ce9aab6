import { ingressClassOf, isCanary, routesOf } from '../ingress.js';
import { findingFor } from '../kube.js';
import type { Finding, Rule } from '../types.js';

export const canaryPrimary: Rule = {
  id: 'canary-primary',
  severity: 'error',
  description: 'A canary Ingress only takes effect beside a primary Ingress with the same host, path and class.',
  check(ctx) {
    const out: Finding[] = [];
    const ingresses = ctx.index.ofKind('Ingress');
    const primaries = new Set<string>();
    for (const ro of ingresses) {
      if (isCanary(ro.object)) continue;
      for (const r of routesOf(ro.object)) primaries.add(`${ingressClassOf(ro.object) ?? ''} ${r.host} ${r.path}`);
    }
    for (const ro of ingresses) {
      if (!isCanary(ro.object)) continue;
      const cls = ingressClassOf(ro.object) ?? '';
      for (const r of routesOf(ro.object)) {
        if (!primaries.has(`${cls} ${r.host} ${r.path}`)) {
          out.push(findingFor(this, ro, `canary route ${r.host || '*'}${r.path} (class ${cls || 'default'}) has no primary Ingress with the same host, path and class`, r.at));
        }
      }
    }
    return out;
  },
};
