// Where a pod can land among the env's declared nodes: nodeName, nodeSelector, required node affinity, and
// NoSchedule/NoExecute taints the pod must tolerate.
import type { Node, Taint } from '../env/types.js';

type Obj = Record<string, any>;

export function eligibleNodes(podSpec: Obj, nodes: Node[]): Node[] {
  return nodes.filter((n) => placementProblem(podSpec, n) === undefined);
}

/** Why the pod cannot land on the node, or undefined when it can. */
export function placementProblem(spec: Obj, node: Node): string | undefined {
  if (typeof spec.nodeName === 'string' && spec.nodeName !== node.name) return `nodeName is ${spec.nodeName}`;
  const labels = node.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) {
    if (labels[k] !== String(v)) return `nodeSelector ${k}=${String(v)} does not match`;
  }
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  // Terms are ORed; an empty list matches nothing, like the scheduler.
  if (Array.isArray(terms) && !terms.some((t: Obj) => termMatches(t, node))) return 'required node affinity does not match';
  const taint = (node.taints ?? []).find((t) => t.effect !== 'PreferNoSchedule' && !tolerated(t, spec.tolerations ?? []));
  return taint ? `taint ${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect} is not tolerated` : undefined;
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
      const a = Number(value);
      const b = Number(values[0]);
      if (!has || !Number.isInteger(a) || !Number.isInteger(b)) return false;
      return e.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

function tolerated(taint: Taint, tolerations: Obj[]): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && String(t.value ?? '') === (taint.value ?? '');
  });
}
