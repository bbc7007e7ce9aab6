import { pointerSegment } from '../kube.js';
import { objectsOf, treeFinding } from './finding.js';
import type { TreeRule } from './types.js';

/** Helm hooks Argo CD maps to its own phases (pre-/post-install/-upgrade → PreSync/PostSync; post-delete → PostDelete). */
const MAPPED = new Set(['pre-install', 'pre-upgrade', 'post-install', 'post-upgrade', 'post-delete']);

export const helmHook: TreeRule = {
  id: 'argocd-helm-hook',
  severity: 'error',
  description: 'Argo CD treats any helm.sh/hook object as a hook and silently never applies the ones it cannot map (test, rollback, pre-delete).',
  check(files) {
    const out = [];
    for (const { file, object } of objectsOf(files)) {
      const annotations = object.metadata?.annotations ?? {};
      // An Argo CD hook annotation takes precedence over Helm's.
      if (annotations['argocd.argoproj.io/hook'] !== undefined || annotations['helm.sh/hook'] === undefined) continue;
      const hooks = String(annotations['helm.sh/hook']).split(',').map((h) => h.trim());
      if (hooks.some((h) => MAPPED.has(h))) continue;
      out.push(
        treeFinding(this, file, `helm.sh/hook "${hooks.join(',')}" has no Argo CD equivalent, so Argo CD would never apply this object`, object, `/metadata/annotations/${pointerSegment('helm.sh/hook')}`),
      );
    }
    return out;
  },
};
