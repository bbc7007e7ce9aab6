import { findingFor } from '../kube.js';
import type { Finding, Rule } from '../types.js';

type Obj = Record<string, any>;

/** The subject when it stands for pods (a ServiceAccount, or the groups of all ServiceAccounts), else undefined. */
function podIdentity(s: Obj, bindingNamespace: string | undefined): string | undefined {
  if (s?.kind === 'ServiceAccount') return `ServiceAccount ${s.namespace ?? bindingNamespace}/${s.name}`;
  if (s?.kind === 'Group' && /^system:serviceaccounts(:|$)/.test(String(s.name))) return `Group ${s.name}`;
  return undefined;
}

export const rbacClusterAdmin: Rule = {
  id: 'rbac-cluster-admin',
  severity: 'error',
  description:
    'No ServiceAccount (or group of ServiceAccounts) is bound to cluster-admin: every pod running as it could take over the cluster, so one compromised pod becomes a compromised cluster.',
  check(ctx) {
    const out: Finding[] = [];
    for (const ro of [...ctx.index.ofKind('RoleBinding'), ...ctx.index.ofKind('ClusterRoleBinding')]) {
      const ref = ro.object.roleRef ?? {};
      if (ref.kind !== 'ClusterRole' || ref.name !== 'cluster-admin') continue;
      const scope = ro.object.kind === 'ClusterRoleBinding' ? 'in every namespace' : `in namespace ${ro.object.metadata?.namespace}`;
      (ro.object.subjects ?? []).forEach((s: Obj, i: number) => {
        const who = podIdentity(s, ro.object.metadata?.namespace);
        if (who) out.push(findingFor(this, ro, `${who} is bound to cluster-admin ${scope}; grant a role with only the verbs its pods need`, `/subjects/${i}`));
      });
    }
    return out;
  },
};
