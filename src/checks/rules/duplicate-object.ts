import { apiGroup, describeRef, findingFor, namespaceOf, refOf } from '../kube.js';
import type { Finding, RenderedObject, Rule } from '../types.js';

export const duplicateObject: Rule = {
  id: 'duplicate-object',
  severity: 'error',
  description: 'No two rendered objects (in one release or across releases) may have the same group, kind, namespace and name.',
  check(ctx) {
    const out: Finding[] = [];
    const first = new Map<string, RenderedObject>();
    for (const ro of ctx.objects) {
      const o = ro.object;
      const ns = ctx.index.isClusterScoped(o.apiVersion, String(o.kind)) ? '' : namespaceOf(o) ?? '';
      const key = [apiGroup(o.apiVersion), o.kind, ns, o.metadata?.name].join('\u0000');
      const prior = first.get(key);
      if (prior) {
        out.push(findingFor(this, ro, `${describeRef(refOf(o))} is also rendered by release ${prior.release} (${prior.source}); Argo CD would fight over it`));
      } else {
        first.set(key, ro);
      }
    }
    return out;
  },
};
