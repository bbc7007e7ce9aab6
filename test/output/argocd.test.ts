// The Argo CD objects bundle generates validate against Argo CD's own CRD schemas.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SchemaCatalog } from '../../src/checks/schemas/catalog.js';
import { loadEnvironment } from '../../src/env/load.js';
import { envProject, releaseApplication, rootApplication } from '../../src/output/argocd.js';
import { repoRoot } from '../helpers/cli.js';

describe.each(['prod', 'dev'])('Argo CD objects of env/%s', (name) => {
  it('are valid Application/AppProject objects with waves in release order', async () => {
    const { env } = await loadEnvironment(join(repoRoot, 'overlays', name));
    const apps = env.releases.map((r) => releaseApplication(env, r, [`${r.name}/x.yaml`]));
    const objects = [envProject(env, []), rootApplication(env), ...apps].map((object) => ({ release: 'argocd', chart: '', source: '', object }));
    const catalog = await SchemaCatalog.load(objects as any, env.cluster.kubernetesVersion);
    for (const { object } of objects) {
      const verdict = catalog.validate(object as Record<string, any>);
      expect(verdict, `${(object as any).kind}/${(object as any).metadata.name}`).toEqual({ known: true, issues: [] });
    }
    const waves = Object.fromEntries(apps.map((a: any) => [a.metadata.labels['bundle.dev/release'], Number(a.metadata.annotations['argocd.argoproj.io/sync-wave'])]));
    expect(waves['cni']).toBeLessThan(waves['nfs-provisioner']!);
    expect(waves['nfs-provisioner']).toBeLessThan(waves['ingress-nginx']!);
    expect(waves['ingress-nginx']).toBeLessThan(waves['keepalived']!);
    expect(waves['keepalived']).toBeLessThan(waves['tomcat']!);
  });

  it('ask for server-side apply only where CRDs are rendered', async () => {
    const { env } = await loadEnvironment(join(repoRoot, 'overlays', name));
    const cni = env.releases.find((r) => r.name === 'cni')!;
    const withCrds = releaseApplication(env, cni, ['cni/customresourcedefinition-ippools.crd.projectcalico.org.yaml']) as any;
    const without = releaseApplication(env, cni, ['cni/daemonset-calico-node.yaml']) as any;
    expect(withCrds.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
    expect(without.spec.syncPolicy.syncOptions).not.toContain('ServerSideApply=true');
    expect(withCrds.spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
  });
});
