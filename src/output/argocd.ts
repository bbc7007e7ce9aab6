// Argo CD objects for an env: one Application per release (its folder, its sync wave), the app-of-apps, the env's
// AppProject computed from what the env renders, and the argocd-cm setting that makes sync waves between
// Applications wait for health.
import type { Environment, Release } from '../env/types.js';
import type { RenderedObject } from '../render/types.js';
import { ScopeIndex } from '../render/scope.js';

/** Releases whose CRDs are too large for client-side apply's last-applied annotation. */
function needsServerSideApply(files: string[]): boolean {
  return files.some((f) => f.includes('/customresourcedefinition-'));
}

export function releaseApplication(env: Environment, release: Release, files: string[]): Record<string, unknown> {
  const syncOptions = ['CreateNamespace=true', 'PruneLast=true'];
  if (needsServerSideApply(files)) syncOptions.push('ServerSideApply=true');
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: `${env.name}-${release.name}`,
      namespace: env.argocd.namespace,
      annotations: { 'argocd.argoproj.io/sync-wave': String(release.wave) },
      labels: { 'app.kubernetes.io/part-of': 'bundle', 'bundle.dev/env': env.name, 'bundle.dev/release': release.name },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: env.argocd.project,
      source: { repoURL: env.argocd.repoURL, targetRevision: env.argocd.targetRevision, path: `${env.name}/${release.name}` },
      destination: { ...env.argocd.destination, namespace: release.namespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions,
        retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
      },
    },
  };
}

/**
 * The env's AppProject: only our rendered repo as a source; as destinations every namespace the env's objects are
 * in, each release's namespace and Argo CD's own (where the app-of-apps puts the Applications); as cluster
 * resources exactly the group/kinds the env creates, plus Namespace for CreateNamespace=true.
 */
export function envProject(env: Environment, objects: RenderedObject[]): Record<string, unknown> {
  const scopes = new ScopeIndex();
  scopes.addCrds([...(env.crds ?? []).map((c) => c.object), ...objects.map((o) => o.object)]);
  const namespaces = new Set([env.argocd.namespace, ...env.releases.filter((r) => r.enabled).map((r) => r.namespace)]);
  const clusterKinds = new Map([['/Namespace', { group: '', kind: 'Namespace' }]]);
  for (const { object } of objects) {
    if (scopes.isNamespaced(object.kind)) {
      if (object.metadata?.namespace) namespaces.add(object.metadata.namespace);
      continue;
    }
    const apiVersion = String(object.apiVersion);
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    clusterKinds.set(`${group}/${object.kind}`, { group, kind: object.kind });
  }
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: env.argocd.project, namespace: env.argocd.namespace, labels: { 'bundle.dev/env': env.name } },
    spec: {
      description: `Releases of the ${env.name} environment, rendered by bundle`,
      sourceRepos: [env.argocd.repoURL],
      destinations: [...namespaces].sort(byName).map((namespace) => ({ ...env.argocd.destination, namespace })),
      clusterResourceWhitelist: [...clusterKinds].sort(([a], [b]) => byName(a, b)).map(([, gk]) => gk),
    },
  };
}

/** The app-of-apps: syncs <env>/apps, which holds one Application per release. */
export function rootApplication(env: Environment): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: `${env.name}-root`, namespace: env.argocd.namespace, labels: { 'bundle.dev/env': env.name } },
    spec: {
      project: env.argocd.project,
      source: { repoURL: env.argocd.repoURL, targetRevision: env.argocd.targetRevision, path: `${env.name}/apps` },
      destination: { ...env.argocd.destination, namespace: env.argocd.namespace },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
}

/**
 * Argo CD has no health check for Application since 1.8: an Application is "healthy" as soon as it exists, so the
 * app-of-apps starts wave 5 before wave 0's CNI is up. This restores the check (Argo CD's documented
 * resource customization, operator-manual/health.md "Argocd App"): an Application is as healthy as it reports.
 */
export function argocdCmPatch(): Record<string, unknown> {
  const lua = [
    'hs = {}',
    'hs.status = "Progressing"',
    'hs.message = ""',
    'if obj.status ~= nil then',
    '  if obj.status.health ~= nil then',
    '    hs.status = obj.status.health.status',
    '    if obj.status.health.message ~= nil then',
    '      hs.message = obj.status.health.message',
    '    end',
    '  end',
    'end',
    'return hs',
    '',
  ].join('\n');
  return { data: { 'resource.customizations.health.argoproj.io_Application': lua } };
}
