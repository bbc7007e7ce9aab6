import { findingFor } from '../kube.js';
import type { Rule } from '../types.js';

export const unknownKind: Rule = {
  id: 'unknown-kind',
  severity: 'error',
  description: "Every apiVersion/kind must be served by the env's Kubernetes version or by a CRD in the bundle; unknown kinds are not skipped.",
  check(ctx) {
    return ctx.objects.flatMap((ro) => {
      const reason = ctx.schemas.unknownReason(ro.object);
      return reason === undefined ? [] : [findingFor(this, ro, reason)];
    });
  },
};
