import { findingFor } from '../kube.js';
import type { Rule } from '../types.js';

function hasEntries(v: unknown): boolean {
  return !!v && typeof v === 'object' && Object.keys(v).length > 0;
}

export const secretData: Rule = {
  id: 'secret-data',
  severity: 'error',
  description: 'Rendered output is committed to git, so a Secret carrying data fails the render unless the env sets allowSecrets: true.',
  check(ctx) {
    if (ctx.env.allowSecrets) return [];
    return ctx.index.ofKind('Secret').flatMap((ro) => {
      const field = hasEntries(ro.object.stringData) ? 'stringData' : hasEntries(ro.object.data) ? 'data' : undefined;
      if (!field) return [];
      return [
        findingFor(
          this,
          ro,
          `Secret carries ${field} that would be committed to git in clear text; create it out of band and list it under external.secrets in the env, ` +
            'render a SealedSecret or ExternalSecret instead, or set allowSecrets: true for this env',
          `/${field}`,
        ),
      ];
    });
  },
};
