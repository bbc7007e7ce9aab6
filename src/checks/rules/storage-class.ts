import { annotation, findingFor, pointerSegment } from '../kube.js';
import type { Finding, Rule } from '../types.js';

type Obj = Record<string, any>;

// Still honoured by the PV controller when spec.storageClassName is absent.
const LEGACY_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** The class a claim asks for ("" explicitly asks for none), with its pointer. */
function requestedClass(claim: Obj, at: string): { name: string; path: string } | undefined {
  const name = claim.spec?.storageClassName ?? annotation(claim, LEGACY_ANNOTATION);
  if (typeof name !== 'string' || name === '') return undefined;
  return { name, path: claim.spec?.storageClassName !== undefined ? `${at}/spec/storageClassName` : `${at}/metadata/annotations/${pointerSegment(LEGACY_ANNOTATION)}` };
}

export const storageClass: Rule = {
  id: 'storage-class',
  severity: 'error',
  description: 'PersistentVolumeClaims and volumeClaimTemplates must name a StorageClass that exists (bundle or env.external.storageClasses).',
  check(ctx) {
    const out: Finding[] = [];
    for (const ro of ctx.objects) {
      const claims: Array<{ name: string; path: string }> = [];
      if (ro.object.kind === 'PersistentVolumeClaim') {
        const c = requestedClass(ro.object, '');
        if (c) claims.push(c);
      }
      if (ro.object.kind === 'StatefulSet') {
        (ro.object.spec?.volumeClaimTemplates ?? []).forEach((t: Obj, i: number) => {
          const c = requestedClass(t, `/spec/volumeClaimTemplates/${i}`);
          if (c) claims.push(c);
        });
      }
      for (const c of claims) {
        if (!ctx.index.exists('StorageClass', undefined, c.name)) {
          out.push(findingFor(this, ro, `StorageClass ${c.name} is neither rendered by the bundle nor declared in env.external.storageClasses`, c.path));
        }
      }
    }
    return out;
  },
};
