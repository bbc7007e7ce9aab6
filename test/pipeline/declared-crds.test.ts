// Kinds served by controllers installed outside the bundle: the env declares their CRDs (env.yaml `crds:`), so objects
// of those kinds are schema-checked (and placed by scope) instead of being an `unknown-kind` error with no way out.
// On a copy of this repository, the secret gate's own advice is followed to the end: a Secret with data fails, the
// SealedSecret that replaces it lints clean against the CRD prod declares and against the CRD sealed-secrets v0.27.1
// really ships (read from its module in the Go module cache, never committed), and both CRDs judge mistakes alike.
import { execa } from 'execa';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, repoRoot } from '../helpers/cli.js';

const ci = Boolean(process.env.CI) && process.env.CI !== 'false';
let project: string;
let realCrd: string | undefined;
let envText: string;
let configDemoValues: string;

/** The CRD file sealed-secrets v0.27.1 ships, from its module (what the e2e cluster installs too). */
async function sealedSecretsCrd(): Promise<string | undefined> {
  const dl = await execa('go', ['mod', 'download', '-json', 'github.com/bitnami-labs/sealed-secrets@v0.27.1'], { reject: false });
  if (dl.failed) {
    if (ci) throw new Error(`go mod download of sealed-secrets failed: ${dl.stderr || dl.message}`);
    process.stderr.write('declared-crds: go unavailable, the comparison with sealed-secrets\' own CRD is SKIPPED\n');
    return undefined;
  }
  return join(JSON.parse(dl.stdout).Dir, 'helm/sealed-secrets/crds/bitnami.com_sealedsecrets.yaml');
}

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'bundle-crds-'));
  for (const dir of ['charts', 'overlays', 'argocd']) await cp(join(repoRoot, dir), join(project, dir), { recursive: true });
  envText = await readFile(join(project, 'overlays/prod/env.yaml'), 'utf8');
  configDemoValues = await readFile(join(project, 'overlays/prod/values/config-demo.yaml'), 'utf8');
  realCrd = await sealedSecretsCrd();
  if (realCrd) {
    await mkdir(join(project, 'vendor-crds'));
    await cp(realCrd, join(project, 'vendor-crds/bitnami.com_sealedsecrets.yaml'));
  }
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

async function setEnv(edit: (text: string) => string) {
  await writeFile(join(project, 'overlays/prod/env.yaml'), edit(envText));
}

/** config-demo's Secret `mysql-password` from kubeseal ciphertexts instead of out of band (the chart's sealed mode). */
async function sealConfigDemo(extra = '') {
  await writeFile(
    join(project, 'overlays/prod/values/config-demo.yaml'),
    configDemoValues.replace('secret:\n  name: mysql-password\n', `secret:\n  name: mysql-password\n  sealed:\n    encryptedData:\n      password: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq\n${extra}`),
  );
}

async function lintJson(): Promise<{ exitCode: number; findings: Array<Record<string, any>>; stderr: string }> {
  const r = await bundle(['lint', 'env/prod', '-o', 'json'], { cwd: project });
  return { exitCode: r.exitCode, findings: r.stdout ? JSON.parse(r.stdout) : [], stderr: r.stderr };
}

const errors = (findings: Array<Record<string, any>>) => findings.filter((f) => f.severity === 'error' && f.waived === undefined);

describe('the secret gate, followed to the end', () => {
  it('a Secret with data in git fails, advising a SealedSecret', async () => {
    await mkdir(join(project, 'charts/legacy-secret/templates'), { recursive: true });
    await writeFile(join(project, 'charts/legacy-secret/Chart.yaml'), 'apiVersion: v2\nname: legacy-secret\nversion: 0.1.0\n');
    await writeFile(
      join(project, 'charts/legacy-secret/templates/secret.yaml'),
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n',
    );
    await setEnv((t) => t.replace('releases:\n', 'releases:\n  - { name: legacy-secret, chart: legacy-secret, namespace: demo, wave: 5 }\n'));
    const { exitCode, findings } = await lintJson();
    expect(exitCode).toBe(1);
    expect(errors(findings).map((f) => `${f.rule} ${f.object?.kind}/${f.object?.name}`)).toEqual(['secret-data Secret/db']);
    expect(errors(findings)[0]!.message).toMatch(/render a SealedSecret or ExternalSecret instead/);
    await rm(join(project, 'charts/legacy-secret'), { recursive: true });
  });

  it('the SealedSecret that replaces it lints clean once its CRD is declared (the repository\'s own, as prod does)', async () => {
    await sealConfigDemo();
    await setEnv((t) => t);
    const { exitCode, findings } = await lintJson();
    expect(errors(findings)).toEqual([]);
    expect(exitCode).toBe(0);
    const render = await bundle(['render', 'env/prod'], { cwd: project });
    expect(render.exitCode, render.stderr).toBe(0);
    const sealed = parse(await readFile(join(project, 'rendered/prod/config-demo/sealedsecret-mysql-password.yaml'), 'utf8'));
    expect(sealed).toMatchObject({ kind: 'SealedSecret', metadata: { namespace: 'demo' }, spec: { encryptedData: { password: expect.any(String) } } });
  });

  it('without the declaration the kind is unknown, and the error says where to declare it', async () => {
    await sealConfigDemo();
    await setEnv((t) => t.replace('crds: [../base/crds]\n', ''));
    const { exitCode, findings } = await lintJson();
    expect(exitCode).toBe(1);
    const [f] = errors(findings);
    expect(f).toMatchObject({ rule: 'unknown-kind', object: { kind: 'SealedSecret', name: 'mysql-password' } });
    expect(f!.message).toMatch(/nor defined by a CustomResourceDefinition in the bundle or in the env's crds:/);
  });

  it('lints clean against the CRD sealed-secrets v0.27.1 ships', async (ctx) => {
    if (!realCrd) ctx.skip();
    await sealConfigDemo();
    await setEnv((t) => t.replace('crds: [../base/crds]', 'crds: [../../vendor-crds/bitnami.com_sealedsecrets.yaml]'));
    const { exitCode, findings } = await lintJson();
    expect(errors(findings)).toEqual([]);
    expect(exitCode).toBe(0);
  });
});

describe('a declared CRD is a real schema check', () => {
  // Mistakes in a SealedSecret, made by a patch on the rendered object: each must be a schema finding, the same with
  // the repository's CRD as with sealed-secrets' own.
  const mistakes: Array<[string, string]> = [
    ['a misspelt field', '{ spec: { encrytedData: { password: AgB } } }'],
    ['a ciphertext that is no string', '{ spec: { encryptedData: { port: 5432 } } }'],
    ['a template field that does not exist', '{ spec: { template: { typ: Opaque } } }'],
    ['immutable given as a string', '{ spec: { template: { immutable: "yes" } } }'],
  ];
  const patched = (merge: string) => (t: string) => {
    const line = /^ {2}- \{ name: config-demo, chart: config-demo, namespace: demo, wave: 5(, labels: \{[^}]*\})? \}$/m;
    expect(t).toMatch(line);
    return t.replace(line, `  - name: config-demo\n    chart: config-demo\n    namespace: demo\n    wave: 5\n    patches:\n      - { target: { kind: SealedSecret, name: mysql-password }, merge: ${merge} }`);
  };

  it.each(mistakes)('%s', async (_what, merge) => {
    await sealConfigDemo();
    const verdicts: string[][] = [];
    for (const crds of ['../base/crds', ...(realCrd ? ['../../vendor-crds/bitnami.com_sealedsecrets.yaml'] : [])]) {
      await setEnv((t) => patched(merge)(t).replace('crds: [../base/crds]', `crds: [${crds}]`));
      const { exitCode, findings, stderr } = await lintJson();
      expect(exitCode, stderr).toBe(1);
      const schema = errors(findings).filter((f) => f.object?.kind === 'SealedSecret');
      expect(schema.length, JSON.stringify(findings)).toBeGreaterThan(0);
      verdicts.push(schema.map((f) => `${f.rule} ${f.path} ${f.message}`));
    }
    if (verdicts.length === 2) expect(verdicts[0]).toEqual(verdicts[1]);
  });
});

describe('scope and bad input', () => {
  const issuerCrd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: clusterissuers.cert-manager.io }
spec:
  group: cert-manager.io
  names: { kind: ClusterIssuer, plural: clusterissuers }
  scope: Cluster
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: { type: object, properties: { selfSigned: { type: object } } }
`;

  it('a declared cluster-scoped kind gets no namespace, and the bootstrap whitelists it for the AppProject', async () => {
    await writeFile(join(project, 'overlays/prod/values/config-demo.yaml'), configDemoValues);
    await mkdir(join(project, 'overlays/prod/crds'), { recursive: true });
    await writeFile(join(project, 'overlays/prod/crds/cert-manager.yaml'), issuerCrd);
    await mkdir(join(project, 'charts/issuer/templates'), { recursive: true });
    await writeFile(join(project, 'charts/issuer/Chart.yaml'), 'apiVersion: v2\nname: issuer\nversion: 0.1.0\n');
    await writeFile(
      join(project, 'charts/issuer/templates/issuer.yaml'),
      'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: selfsigned\nspec:\n  selfSigned: {}\n',
    );
    await setEnv((t) =>
      t.replace('crds: [../base/crds]', 'crds: [../base/crds, crds]').replace('releases:\n', 'releases:\n  - { name: issuer, chart: issuer, namespace: cert-manager, wave: 1 }\n'),
    );
    const boot = await bundle(['bootstrap'], { cwd: project });
    expect(boot.exitCode, boot.stderr).toBe(0);
    const appProject = parse(await readFile(join(project, 'argocd/prod/appproject-prod.yaml'), 'utf8'));
    expect(appProject.spec.clusterResourceWhitelist).toContainEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer' });
    const render = await bundle(['render', 'env/prod'], { cwd: project });
    expect(render.exitCode, render.stderr).toBe(0);
    const issuer = parse(await readFile(join(project, 'rendered/prod/issuer/clusterissuer-selfsigned.yaml'), 'utf8'));
    expect(issuer.metadata).toEqual({ name: 'selfsigned' });
    await rm(join(project, 'charts/issuer'), { recursive: true });
    await rm(join(project, 'overlays/prod/crds'), { recursive: true });
    await cp(join(repoRoot, 'argocd'), join(project, 'argocd'), { recursive: true, force: true });
  });

  it.each([
    ['a missing path', (t: string) => t.replace('crds: [../base/crds]', 'crds: [../base/crds, crd-files]'), /overlays\/prod\/env\.yaml:\d+:\d+: \/crds\/1: CRD file or folder "crd-files" not found/],
    ['a file that is no CRD', (t: string) => t.replace('crds: [../base/crds]', 'crds: [values/tomcat.yaml]'), /overlays\/prod\/values\/tomcat\.yaml:\d+:1: expected an apiextensions\.k8s\.io\/v1 CustomResourceDefinition, got \? \?/],
    ['a CRD declared twice', (t: string) => t.replace('crds: [../base/crds]', 'crds: [../base/crds, ../base/crds/sealedsecrets.bitnami.com.yaml]'), /bitnami\.com\/SealedSecret is declared twice/],
  ])('%s: validate exits 1 naming the file and line', async (_what, edit, message) => {
    await setEnv(edit);
    const r = await bundle(['validate', 'env/prod'], { cwd: project });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(message);
  });
});
