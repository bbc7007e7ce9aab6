import { findingFor } from '../kube.js';
import type { Finding, Rule } from '../types.js';

export const schema: Rule = {
  id: 'schema',
  severity: 'error',
  description: "Every object must validate against its kind's schema (Kubernetes API of the env's version, or the bundle's CRDs).",
  check(ctx) {
    const out: Finding[] = [];
    for (const ro of ctx.objects) {
      const verdict = ctx.schemas.validate(ro.object);
      if (!verdict.known) continue;
      for (const issue of verdict.issues) {
        out.push(findingFor(this, ro, issue.message, issue.path));
      }
    }
    return out;
  },
};
