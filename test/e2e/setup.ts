// globalSetup of the e2e project: the Kubernetes binaries (scripts/kube/build.sh, cached by version), the CRDs of
// Argo CD and sealed-secrets and Argo CD's argocd-cm (their module zips from the Go module proxy, read in the module
// cache, never committed); first it ends servers a killed run left.
// Under CI=true a missing Go or a failed build fails the run; elsewhere a missing Go skips the e2e tests, loudly.
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { sweepLeftovers } from './cluster.js';

/** CRDs of what the cluster runs besides the bundle, from their modules' zips: Argo CD (its Applications and
 *  AppProject are in every env tree) and sealed-secrets (charts emit SealedSecrets); and Argo CD's own argocd-cm,
 *  which the bootstrap patches. */
const MODULES = [
  {
    module: 'github.com/argoproj/argo-cd/v2@v2.8.0',
    files: { crds: ['manifests/crds/application-crd.yaml', 'manifests/crds/appproject-crd.yaml'], argocdCm: ['manifests/base/config/argocd-cm.yaml'] },
  },
  { module: 'github.com/bitnami-labs/sealed-secrets@v0.27.1', files: { crds: ['helm/sealed-secrets/crds/bitnami.com_sealedsecrets.yaml'] } },
];

export interface KubeTools {
  /** Folder with kube-apiserver, etcd, kubectl, kubeadm. */
  bin: string;
  /** CRD files of Argo CD and sealed-secrets, in the Go module cache. */
  crds: string[];
  /** Argo CD's argocd-cm ConfigMap as its install creates it (no namespace), in the Go module cache. */
  argocdCm: string[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    kube: KubeTools | { skip: string };
  }
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export default async function setup(project: TestProject): Promise<void> {
  const ci = Boolean(process.env.CI) && process.env.CI !== 'false';
  const swept = sweepLeftovers();
  if (swept.length > 0) process.stderr.write(`e2e: ended ${swept.length} server process(es) left by a killed run\n`);
  const go = await execa('go', ['version'], { reject: false });
  if (go.failed) {
    const msg = "'go' is not on PATH: the e2e tests build kube-apiserver, etcd and kubectl from the Go module proxy (scripts/kube/build.sh)";
    if (ci) throw new Error(`e2e: ${msg}`);
    process.stderr.write(`\n${'!'.repeat(100)}\n!! e2e tests SKIPPED: ${msg}\n${'!'.repeat(100)}\n\n`);
    project.provide('kube', { skip: msg });
    return;
  }
  const build = await execa('bash', [join(repoRoot, 'scripts/kube/build.sh')], { reject: false, stderr: ['pipe', 'inherit'] });
  if (build.failed) throw new Error(`e2e: building the Kubernetes binaries failed (scripts/kube/build.sh):\n${build.stderr}`);
  const bin = build.stdout.trim();
  const found: Pick<KubeTools, 'crds' | 'argocdCm'> = { crds: [], argocdCm: [] };
  for (const { module, files } of MODULES) {
    const dl = await execa('go', ['mod', 'download', '-json', module], { reject: false });
    if (dl.failed) throw new Error(`e2e: go mod download ${module} failed:\n${dl.stdout}\n${dl.stderr}`);
    const dir = JSON.parse(dl.stdout).Dir as string;
    for (const [what, paths] of Object.entries(files) as [keyof typeof found, string[]][]) {
      for (const f of paths.map((p) => join(dir, p))) {
        if (!existsSync(f)) throw new Error(`e2e: ${f} missing from ${module}`);
        found[what].push(f);
      }
    }
  }
  project.provide('kube', { bin, ...found });
}
