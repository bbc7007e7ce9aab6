import { treeFinding } from './finding.js';
import type { TreeRule } from './types.js';

export const jsonFile: TreeRule = {
  id: 'argocd-json-file',
  severity: 'error',
  description: 'Argo CD reads every .json file of a synced folder as exactly one Kubernetes object; anything else fails the sync.',
  check(files) {
    return files.flatMap((file) => {
      if (!file.path.endsWith('.json')) return [];
      const doc = file.documents[0];
      if (!doc || doc.error !== undefined) return [treeFinding(this, file, `not valid JSON: ${doc?.error ?? 'empty file'}`)];
      const o = doc.object;
      if (!o || typeof o !== 'object' || Array.isArray(o)) {
        return [treeFinding(this, file, `a .json file must hold one object, this one holds ${Array.isArray(o) ? 'an array' : JSON.stringify(o)}`)];
      }
      const { apiVersion, kind } = o as Record<string, unknown>;
      if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
        return [treeFinding(this, file, 'the object has no apiVersion and kind, so Argo CD cannot apply it', o)];
      }
      return [];
    });
  },
};
