// Where a pod can land among the env's declared nodes, and stay: nodeName, nodeSelector, required node affinity, and
// the taints the pod must tolerate. The rules follow the scheduler and the kubelet:
// - a pod with spec.nodeName skips the scheduler: the kubelet still checks the node name, nodeSelector and required
//   node affinity, but of the taints only NoExecute ones (pkg/kubelet/lifecycle/predicate.go), so NoSchedule does
//   not keep it away;
// - NoSchedule and NoExecute taints keep other pods away unless tolerated (Toleration.ToleratesTaint);
// - a NoExecute taint tolerated only for tolerationSeconds evicts the pod once they run out (the taint manager
//   uses the first toleration that matches each taint), so the pod cannot stay there.
import type { Node, Taint } from '../env/types.js';

type Obj = Record<string, any>;

export function eligibleNodes(podSpec: Obj, nodes: Node[]): Node[] {
  return nodes.filter((n) => placementProblem(podSpec, n) === undefined);
}

/** Why the pod cannot land (or stay) on the node, or undefined when it can. */
export function placementProblem(spec: Obj, node: Node): string | undefined {
  const bound = typeof spec.nodeName === 'string' && spec.nodeName !== '';
  if (bound && spec.nodeName !== node.name) return `nodeName is ${spec.nodeName}`;
  const labels = node.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) {
    if (labels[k] !== String(v)) return `nodeSelector ${k}=${String(v)} does not match`;
  }
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  // Terms are ORed; an empty list matches nothing, like the scheduler.
  if (Array.isArray(terms) && !terms.some((t: Obj) => termMatches(t, node))) return 'required node affinity does not match';
  const tolerations: Obj[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  for (const taint of node.taints ?? []) {
    if (taint.effect === 'PreferNoSchedule' || (bound && taint.effect !== 'NoExecute')) continue;
    const toleration = tolerations.find((t) => tolerates(t, taint));
    if (!toleration) return `taint ${showTaint(taint)} is not tolerated`;
    if (taint.effect === 'NoExecute' && typeof toleration.tolerationSeconds === 'number') {
      return `taint ${showTaint(taint)} is tolerated for only ${toleration.tolerationSeconds}s, then the pod is evicted`;
    }
  }
  return undefined;
}

function showTaint(taint: Taint): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
}

function termMatches(term: Obj, node: Node): boolean {
  const exprs: Obj[] = term.matchExpressions ?? [];
  const fields: Obj[] = term.matchFields ?? [];
  if (!exprs.length && !fields.length) return false;
  return (
    exprs.every((e) => requirementMatches(e, node.labels ?? {})) &&
    fields.every((e) => e.key === 'metadata.name' && requirementMatches({ ...e, key: 'name' }, { name: node.name }))
  );
}

function requirementMatches(e: Obj, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, e.key);
  const value = labels[e.key];
  const values: string[] = (e.values ?? []).map(String);
  switch (e.operator) {
    case 'In':
      return has && values.includes(value!);
    case 'NotIn':
      return !has || !values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      // The scheduler parses both sides as int64; a label that is no integer never matches.
      if (!has || !/^-?\d+$/.test(value!) || values.length !== 1 || !/^-?\d+$/.test(values[0]!)) return false;
      const a = BigInt(value!);
      const b = BigInt(values[0]!);
      return e.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** Toleration.ToleratesTaint: an empty effect matches every effect, an empty key (with Exists) every key. */
function tolerates(t: Obj, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? 'Equal') {
    case '':
    case 'Equal':
      return String(t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}
