import { annotation, findingFor, selectorMatches } from '../kube.js';
import { parseQuantity } from '../quantity.js';
import type { Finding, RenderedObject, Rule } from '../types.js';

type Obj = Record<string, any>;

const DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';

function labelsOf(obj: Obj): Record<string, string> {
  return Object.fromEntries(Object.entries(obj.metadata?.labels ?? {}).map(([k, v]) => [k, String(v)]));
}

/** Why the PV cannot bind the claim (as the PV controller decides), or undefined when it can. */
function mismatch(claim: Obj, claimClass: string, pv: Obj): string | undefined {
  const c = claim.spec ?? {};
  const v = pv.spec ?? {};
  if (!selectorMatches(c.selector, labelsOf(pv))) return 'labels do not match';
  if ((v.storageClassName ?? '') !== claimClass) return `class "${v.storageClassName ?? ''}" is not "${claimClass}"`;
  const missing = (c.accessModes ?? []).filter((m: string) => !(v.accessModes ?? []).includes(m));
  if (missing.length) return `no access mode ${missing.join(', ')}`;
  const want = parseQuantity(c.resources?.requests?.storage);
  const have = parseQuantity(v.capacity?.storage);
  if (want !== undefined && (have === undefined || have < want)) return `capacity ${String(v.capacity?.storage)} < ${String(c.resources?.requests?.storage)}`;
  if ((v.volumeMode ?? 'Filesystem') !== (c.volumeMode ?? 'Filesystem')) return `volumeMode ${v.volumeMode ?? 'Filesystem'}`;
  const ref = v.claimRef;
  if (ref && (ref.name !== claim.metadata?.name || ref.namespace !== claim.metadata?.namespace)) return `reserved for ${ref.namespace}/${ref.name}`;
  return undefined;
}

export const pvcSelector: Rule = {
  id: 'pvc-selector',
  severity: 'error',
  description:
    'A PersistentVolumeClaim with a selector is never provisioned dynamically: it must match exactly one PersistentVolume of the bundle (labels, class, access modes, capacity), and no other such claim may match the same one.',
  check(ctx) {
    const out: Finding[] = [];
    const volumes = ctx.index.ofKind('PersistentVolume');
    // A claim without a class gets the default class at admission, so it then only binds volumes of that class.
    const defaultClass = ctx.index.ofKind('StorageClass').find((sc) => annotation(sc.object, DEFAULT_CLASS) === 'true')?.object.metadata?.name;
    const taken = new Map<RenderedObject, RenderedObject>();
    for (const ro of ctx.index.ofKind('PersistentVolumeClaim')) {
      const selector = ro.object.spec?.selector;
      if (!selector || (!Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length)) continue;
      const claimClass = String(ro.object.spec?.storageClassName ?? defaultClass ?? '');
      const reasons = volumes.map((pv) => [pv, mismatch(ro.object, claimClass, pv.object)] as const);
      const matches = reasons.filter(([, why]) => why === undefined).map(([pv]) => pv);
      const names = (list: RenderedObject[]) => list.map((pv) => pv.object.metadata?.name).join(', ');
      if (matches.length === 0) {
        const why = reasons.map(([pv, r]) => `${pv.object.metadata?.name}: ${r}`).join('; ') || 'the bundle renders none';
        out.push(findingFor(this, ro, `selector matches no PersistentVolume, so the claim stays Pending (${why})`, '/spec/selector'));
      } else if (matches.length > 1) {
        out.push(findingFor(this, ro, `selector matches ${matches.length} PersistentVolumes (${names(matches)}); make it match exactly one`, '/spec/selector'));
      } else {
        const pv = matches[0]!;
        const other = taken.get(pv);
        if (other) {
          out.push(findingFor(this, ro, `PersistentVolume ${pv.object.metadata?.name} is also the only match of claim ${other.object.metadata?.namespace}/${other.object.metadata?.name}; one of them stays Pending`, '/spec/selector'));
        } else taken.set(pv, ro);
      }
    }
    return out;
  },
};
