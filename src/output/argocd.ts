// Argo CD objects for an env: one Application per release (its folder, its sync wave) and the app-of-apps wiring.
import type { Environment, Release } from '../env/types.js';

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
      destination: { server: env.argocd.destinationServer, namespace: release.namespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions,
        retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
      },
    },
  };
}

/** The env's AppProject: only our rendered repo as a source, only the env's namespaces as destinations. */
export function envProject(env: Environment): Record<string, unknown> {
  const namespaces = [...new Set([env.argocd.namespace, ...env.releases.filter((r) => r.enabled).map((r) => r.namespace)])].sort();
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: env.argocd.project, namespace: env.argocd.namespace, labels: { 'bundle.dev/env': env.name } },
    spec: {
      description: `Releases of the ${env.name} environment, rendered by bundle`,
      sourceRepos: [env.argocd.repoURL],
      destinations: namespaces.map((namespace) => ({ server: env.argocd.destinationServer, namespace })),
      // Cluster add-ons (CNI, ingress classes, storage classes, RBAC) are cluster-scoped by nature.
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
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
      destination: { server: env.argocd.destinationServer, namespace: env.argocd.namespace },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
}
