// Argo CD refuses to sync an object its Application's AppProject does not permit ("namespace … is not permitted in
// project", "resource … is not permitted in project"). The AppProject is the one the repository commits
// (argocd/<cluster>/appproject-<env>.yaml), read by the pipeline; this rule only matches objects against it with
// Argo CD's rules, so a hand-edited or stale project fails here even though `bundle bootstrap` computes it.
import { apiGroup, findingFor, namespaceOf } from '../kube.js';
import type { Finding, RenderedObject, Rule, RuleContext } from '../types.js';

type Obj = Record<string, any>;

/** Argo CD's glob matching (gobwas/glob without separators): `*` any run, `?` one character. */
function glob(pattern: unknown, value: string): boolean {
  const p = String(pattern ?? '');
  const re = new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(value);
}

/** Whether the project lets an Application with `destination` deploy into `namespace`; `!pattern` denies. */
function destinationPermitted(project: Obj, destination: Obj, namespace: string): boolean {
  const list: Obj[] = Array.isArray(project.spec?.destinations) ? project.spec.destinations : [];
  const sameCluster = (d: Obj) =>
    destination.server !== undefined ? d.server !== undefined && glob(d.server, destination.server) : d.name !== undefined && glob(d.name, destination.name);
  const denies = list.filter((d) => String(d.namespace ?? '').startsWith('!') && sameCluster(d));
  if (denies.some((d) => glob(String(d.namespace).slice(1), namespace))) return false;
  return list.some((d) => !String(d.namespace ?? '').startsWith('!') && sameCluster(d) && glob(d.namespace, namespace));
}

function matches(list: unknown, group: string, kind: string): boolean {
  return Array.isArray(list) && list.some((e: Obj) => glob(e?.group, group) && glob(e?.kind, kind));
}

/** Argo CD's IsGroupKindPermitted: cluster-scoped kinds need the whitelist; namespaced ones only a non-empty one. */
function kindPermitted(project: Obj, group: string, kind: string, clusterScoped: boolean): boolean {
  const spec = project.spec ?? {};
  if (clusterScoped) return matches(spec.clusterResourceWhitelist, group, kind) && !matches(spec.clusterResourceBlacklist, group, kind);
  const white = spec.namespaceResourceWhitelist;
  return (!Array.isArray(white) || white.length === 0 || matches(white, group, kind)) && !matches(spec.namespaceResourceBlacklist, group, kind);
}

export const argocdProject: Rule = {
  id: 'argocd-project',
  severity: 'error',
  description:
    "Every object's namespace and cluster-scoped kind, every Application's destination and source, are permitted by the env's committed AppProject; else Argo CD refuses the sync.",
  check(ctx: RuleContext) {
    const project = ctx.appProject;
    if (!project) return [];
    const out: Finding[] = [];
    const { argocd } = ctx.env;
    const name = project.metadata?.name;
    const at = (ro: RenderedObject, message: string, path?: string) => out.push(findingFor(this, ro, message, path));
    const first = ctx.objects[0];
    if (first && name !== argocd.project) at(first, `the committed AppProject is ${name}, but the env's Applications use project ${argocd.project}`);
    const byRelease = new Map(ctx.env.releases.map((r) => [r.name, r]));
    const reported = new Set<string>();
    for (const ro of ctx.objects) {
      const release = byRelease.get(ro.release);
      // Each release's Application: its destination namespace (CreateNamespace=true creates a Namespace there) and repo.
      if (release && !reported.has(`app:${release.name}`)) {
        reported.add(`app:${release.name}`);
        if (!destinationPermitted(project, argocd.destination, release.namespace)) {
          at(ro, `Application ${ctx.env.name}-${release.name}: destination namespace ${release.namespace} is not permitted in project ${name}`);
        }
        if (!kindPermitted(project, '', 'Namespace', true)) at(ro, `Application ${ctx.env.name}-${release.name}: CreateNamespace=true needs Namespace in project ${name}'s clusterResourceWhitelist`);
        if (!(project.spec?.sourceRepos ?? []).some((r: unknown) => glob(r, argocd.repoURL))) {
          at(ro, `Application ${ctx.env.name}-${release.name}: repository ${argocd.repoURL} is not permitted in project ${name}'s sourceRepos`);
        }
      }
      const { object } = ro;
      const group = apiGroup(object.apiVersion);
      const clusterScoped = ctx.index.isClusterScoped(object.apiVersion, String(object.kind));
      if (!kindPermitted(project, group, String(object.kind), clusterScoped)) {
        at(ro, `resource ${group}:${object.kind} is not permitted in project ${name}`);
        continue;
      }
      const namespace = namespaceOf(object);
      if (!clusterScoped && namespace !== undefined && !destinationPermitted(project, argocd.destination, namespace)) {
        at(ro, `namespace ${namespace} is not permitted in project ${name}`, '/metadata/namespace');
      }
    }
    if (first && !destinationPermitted(project, argocd.destination, argocd.namespace)) {
      at(first, `the app-of-apps puts the Applications into ${argocd.namespace}, which is not permitted in project ${name}`);
    }
    return out;
  },
};
