import { findingFor, mapSelectorMatches, namespaceOf, podTemplateOf, selectorMatches, type PodTemplate } from '../kube.js';
import type { Finding, RenderedObject, Rule, RuleContext } from '../types.js';

/** Pod templates rendered in a namespace. */
function templatesIn(ctx: RuleContext, namespace: string | undefined): PodTemplate[] {
  return ctx.objects
    .filter((ro) => namespaceOf(ro.object) === namespace)
    .map((ro) => podTemplateOf(ro.object))
    .filter((t): t is PodTemplate => t !== undefined);
}

function show(selector: Record<string, unknown>): string {
  return Object.entries(selector).map(([k, v]) => `${k}=${String(v)}`).join(',') || '{}';
}

export const selectorLabels: Rule = {
  id: 'selector-labels',
  severity: 'error',
  description: 'Workload selectors must match their own pod template; Service and PodDisruptionBudget selectors must match some pod.',
  check(ctx) {
    const out: Finding[] = [];
    const report = (ro: RenderedObject, message: string, path: string) => out.push(findingFor(this, ro, message, path));
    for (const ro of ctx.objects) {
      const obj = ro.object;
      const tpl = podTemplateOf(obj);
      if (tpl && obj.kind !== 'Pod' && obj.kind !== 'CronJob' && obj.spec?.selector && !selectorMatches(obj.spec.selector, tpl.labels)) {
        report(ro, `selector ${show(obj.spec.selector.matchLabels ?? {})} does not match the pod template labels ${show(tpl.labels)}`, '/spec/selector');
      }
      if (obj.kind === 'Service' && obj.spec?.type !== 'ExternalName') {
        const sel = obj.spec?.selector;
        if (sel && Object.keys(sel).length && !templatesIn(ctx, namespaceOf(obj)).some((t) => mapSelectorMatches(sel, t.labels))) {
          report(ro, `Service selector ${show(sel)} matches no pod template in namespace ${namespaceOf(obj)}`, '/spec/selector');
        }
      }
      if (obj.kind === 'PodDisruptionBudget' && obj.spec?.selector) {
        if (!templatesIn(ctx, namespaceOf(obj)).some((t) => selectorMatches(obj.spec.selector, t.labels))) {
          report(ro, `PodDisruptionBudget selector ${show(obj.spec.selector.matchLabels ?? {})} matches no pod template in namespace ${namespaceOf(obj)}`, '/spec/selector');
        }
      }
    }
    return out;
  },
};
