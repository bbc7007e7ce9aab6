// The Argo CD bootstrap, one folder per cluster: current, built by kubectl's kustomize, each cluster's folder holds
// only its own envs, AppProjects permit what the env renders, and the argocd-cm patch restores Application health.
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { bundle, repoRoot } from '../helpers/cli.js';

const kubectl = join(process.env.BUNDLE_TOOLS_DIR ?? join(homedir(), '.cache/bundle-tools'), 'helm-v3/kubectl');

describe('Argo CD bootstrap', () => {
  it('is up to date with the overlays (bundle bootstrap --check)', async () => {
    const r = await bundle(['bootstrap', '--check']);
    expect(r.stderr).not.toContain('stale');
    expect(r.exitCode).toBe(0);
  });

  it('has no root kustomization that would apply every env into one cluster', () => {
    expect(existsSync(join(repoRoot, 'kustomization.yaml'))).toBe(false);
  });

  it.each(['prod', 'dev'])('builds argocd/%s with kubectl kustomize into that cluster\'s AppProject and app-of-apps only', async (cluster) => {
    const { stdout } = await execa(kubectl, ['kustomize', `argocd/${cluster}`], { cwd: repoRoot });
    const objects = parseAllDocuments(stdout).map((d) => d.toJS());
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([`AppProject/${cluster}`, `Application/${cluster}-root`]);
    const root = objects.find((o) => o.kind === 'Application');
    expect(root.spec.source).toMatchObject({ targetRevision: `env/${cluster}`, path: `${cluster}/apps` });
    const project = objects.find((o) => o.kind === 'AppProject');
    expect(project.spec.sourceRepos).toEqual([root.spec.source.repoURL]);
    expect(project.spec.clusterResourceWhitelist).not.toContainEqual({ group: '*', kind: '*' });
  });

  it("computes prod's AppProject from what prod renders: tenancy's namespaces and the cluster-scoped kinds", () => {
    const project = parse(readFileSync(join(repoRoot, 'argocd/prod/appproject-prod.yaml'), 'utf8'));
    const namespaces = project.spec.destinations.map((d: any) => d.namespace);
    for (const ns of ['argocd', 'kube-system', 'rbac', 'lucky-test', 'test', 'quota', 'limit']) expect(namespaces).toContain(ns);
    expect(project.spec.clusterResourceWhitelist).toContainEqual({ group: '', kind: 'Namespace' });
    expect(project.spec.clusterResourceWhitelist).toContainEqual({ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' });
  });

  it('ships the argocd-cm patch with the argoproj.io/Application health check for sync waves', () => {
    const patch = parse(readFileSync(join(repoRoot, 'argocd/prod/argocd-cm-patch.yaml'), 'utf8'));
    const lua = patch.data['resource.customizations.health.argoproj.io_Application'];
    expect(lua).toContain('hs.status = obj.status.health.status');
    expect(lua).toMatch(/return hs\n$/);
  });
});
