import { helmHooks, TEST_HOOKS } from '../../render/hooks.js';
import { pointerSegment } from '../kube.js';
import { objectsOf, treeFinding } from './finding.js';
import type { TreeRule } from './types.js';

/** Helm hooks Argo CD maps to its own phases (pre-/post-install/-upgrade → PreSync/PostSync; post-delete → PostDelete). */
const MAPPED = new Set(['pre-install', 'pre-upgrade', 'post-install', 'post-upgrade', 'post-delete']);

export const helmHook: TreeRule = {
  id: 'argocd-helm-hook',
  severity: 'error',
  description: 'Argo CD treats any helm.sh/hook object as a hook and silently never applies the ones it cannot map (rollback, pre-delete); Helm tests are left out as helm install leaves them out.',
  check(files) {
    const out = [];
    for (const { file, object } of objectsOf(files)) {
      // An Argo CD hook annotation takes precedence over Helm's.
      if (object.metadata?.annotations?.['argocd.argoproj.io/hook'] !== undefined) continue;
      const hooks = helmHooks(object);
      // Helm tests: `helm install` never runs them (`helm test` does), and Argo CD never applies them either.
      if (hooks.length === 0 || hooks.some((h) => MAPPED.has(h) || TEST_HOOKS.has(h))) continue;
      out.push(
        treeFinding(this, file, `helm.sh/hook "${hooks.join(',')}" has no Argo CD equivalent, so Argo CD would never apply this object`, object, `/metadata/annotations/${pointerSegment('helm.sh/hook')}`),
      );
    }
    return out;
  },
};
