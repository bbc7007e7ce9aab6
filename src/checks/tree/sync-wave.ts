import { pointerSegment } from '../kube.js';
import { objectsOf, treeFinding } from './finding.js';
import type { TreeRule } from './types.js';

// Argo CD parses both with strconv.Atoi; anything else is an error at sync time.
const INTEGER_ANNOTATIONS = ['argocd.argoproj.io/sync-wave', 'helm.sh/hook-weight'];

export const syncWave: TreeRule = {
  id: 'argocd-sync-wave',
  severity: 'error',
  description: 'Sync waves (and Helm hook weights, which Argo CD uses as waves) must be integers.',
  check(files) {
    const out = [];
    for (const { file, object } of objectsOf(files)) {
      for (const key of INTEGER_ANNOTATIONS) {
        const v = object.metadata?.annotations?.[key];
        if (v === undefined || /^[+-]?\d+$/.test(String(v))) continue;
        out.push(treeFinding(this, file, `annotation ${key} is ${JSON.stringify(v)}, not an integer`, object, `/metadata/annotations/${pointerSegment(key)}`));
      }
    }
    return out;
  },
};
