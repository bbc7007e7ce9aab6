import { findingFor, namespaceOf } from '../kube.js';
import type { Finding, Rule } from '../types.js';

type Obj = Record<string, any>;

export const rbacRoleRef: Rule = {
  id: 'rbac-role-ref',
  severity: 'error',
  description: 'RoleBindings and ClusterRoleBindings must reference an existing Role/ClusterRole and existing ServiceAccount subjects.',
  check(ctx) {
    const out: Finding[] = [];
    for (const ro of [...ctx.index.ofKind('RoleBinding'), ...ctx.index.ofKind('ClusterRoleBinding')]) {
      const ns = namespaceOf(ro.object);
      const isCluster = ro.object.kind === 'ClusterRoleBinding';
      const ref = ro.object.roleRef ?? {};
      if (typeof ref.name === 'string') {
        if (isCluster && ref.kind !== 'ClusterRole') {
          out.push(findingFor(this, ro, `a ClusterRoleBinding can only reference a ClusterRole, not a ${String(ref.kind)}`, '/roleRef/kind'));
        } else if (!ctx.index.exists(ref.kind, ref.kind === 'Role' ? ns : undefined, ref.name)) {
          out.push(findingFor(this, ro, `${String(ref.kind)} ${ref.name} does not exist${ref.kind === 'Role' ? ` in namespace ${ns}` : ''}`, '/roleRef/name'));
        }
      }
      (ro.object.subjects ?? []).forEach((s: Obj, i: number) => {
        if (s?.kind !== 'ServiceAccount' || typeof s.name !== 'string') return;
        const sns = s.namespace ?? ns;
        if (!ctx.index.exists('ServiceAccount', sns, s.name)) {
          out.push(findingFor(this, ro, `subject ServiceAccount ${sns}/${s.name} does not exist`, `/subjects/${i}`));
        }
      });
    }
    return out;
  },
};
