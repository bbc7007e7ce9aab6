import { findingFor, podTemplateOf } from '../kube.js';
import { placementProblem } from '../scheduling.js';
import type { Finding, Rule } from '../types.js';

export const nodePlacement: Rule = {
  id: 'node-placement',
  severity: 'error',
  description:
    "Every pod must fit, and be able to stay on, at least one of the env's declared nodes (nodeName, nodeSelector, required node affinity, NoSchedule/NoExecute taints).",
  check(ctx) {
    const nodes = ctx.env.cluster?.nodes ?? [];
    if (!nodes.length) return [];
    const out: Finding[] = [];
    for (const ro of ctx.objects) {
      const tpl = podTemplateOf(ro.object);
      if (!tpl) continue;
      const nodeName = tpl.spec.nodeName;
      if (typeof nodeName === 'string' && nodeName !== '' && !nodes.some((n) => n.name === nodeName)) {
        const known = nodes.map((n) => n.name).join(', ');
        out.push(findingFor(this, ro, `nodeName ${nodeName} is not a node of the env (${known})`, `${tpl.path}/spec/nodeName`));
        continue;
      }
      const problems = nodes.map((n) => [n.name, placementProblem(tpl.spec, n)] as const);
      if (problems.every(([, p]) => p !== undefined)) {
        const why = problems.map(([name, p]) => `${name}: ${p}`).join('; ');
        out.push(findingFor(this, ro, `pods fit none of the env's nodes (${why})`, `${tpl.path}/spec`));
      }
    }
    return out;
  },
};
