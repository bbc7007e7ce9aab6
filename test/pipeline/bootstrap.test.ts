// The root kustomization.yaml bootstraps Argo CD: it is current, kubectl's kustomize builds it, objects are well-formed.
import { execa } from 'execa';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { bundle, repoRoot } from '../helpers/cli.js';

const kubectl = join(process.env.BUNDLE_TOOLS_DIR ?? join(homedir(), '.cache/bundle-tools'), 'helm-v3/kubectl');

describe('Argo CD bootstrap', () => {
  it('is up to date with the overlays (bundle bootstrap --check)', async () => {
    const r = await bundle(['bootstrap', '--check']);
    expect(r.stderr).not.toContain('stale');
    expect(r.exitCode).toBe(0);
  });

  it('builds with the kustomize built into kubectl into one AppProject and one root Application per env', async () => {
    const { stdout } = await execa(kubectl, ['kustomize', '.'], { cwd: repoRoot });
    const objects = parseAllDocuments(stdout).map((d) => d.toJS());
    const names = objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(names).toEqual(['AppProject/dev', 'AppProject/prod', 'Application/dev-root', 'Application/prod-root']);
    const root = objects.find((o) => o.metadata.name === 'prod-root');
    expect(root.spec.source).toMatchObject({ targetRevision: 'env/prod', path: 'prod/apps' });
    const project = objects.find((o) => o.kind === 'AppProject' && o.metadata.name === 'prod');
    expect(project.spec.sourceRepos).toEqual([root.spec.source.repoURL]);
    expect(project.spec.destinations.map((d: any) => d.namespace)).toContain('kube-system');
  });
});
