// Checks on real `helm template` output (helm v3 from BUNDLE_TOOLS_DIR), and their speed on a prod-sized bundle.
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { runChecks, SCHEMA_PACKAGES, type RenderedObject } from '../../src/checks/index.js';
import { isBuiltinClusterScoped } from '../../src/checks/kube.js';
import { FIXTURES, loadFixture } from './fixture.js';

const CHART = fileURLToPath(new URL('./charts/demo', import.meta.url));
const helm = join(process.env.BUNDLE_TOOLS_DIR ?? join(homedir(), '.cache', 'bundle-tools'), 'helm-v3', 'helm');
const home = await mkdtemp(join(tmpdir(), 'checks-helm-'));
afterAll(() => rm(home, { recursive: true, force: true }));

/** `helm template` output split into objects, each with its `# Source:` path. */
async function render(release: string, namespace: string, set: string[] = []): Promise<RenderedObject[]> {
  const args = ['template', release, CHART, '--namespace', namespace, '--include-crds', '--kube-version', '1.25.0', ...set.flatMap((s) => ['--set', s])];
  const { stdout } = await execa(helm, args, { env: { HOME: home, PATH: '/usr/bin:/bin', TZ: 'UTC', LC_ALL: 'C' }, extendEnv: false });
  return stdout
    .split(/^---$/m)
    .map((doc) => ({ source: /^# Source: (.+)$/m.exec(doc)?.[1], object: parse(doc) as Record<string, any> | null }))
    .filter((d): d is { source: string; object: Record<string, any> } => !!d.source && !!d.object)
    .map(({ source, object }) => {
      // helm template leaves namespaces out; the bundle's render step injects them.
      if (!isBuiltinClusterScoped(object.kind)) object.metadata.namespace ??= namespace;
      return { release, chart: 'demo', source, object };
    });
}

const { env } = await loadFixture(join(FIXTURES, 'clean'));

describe('checks on real helm output', () => {
  it.each(SCHEMA_PACKAGES.map((p) => p.kubernetes))('a correct chart renders clean on Kubernetes %s', async (kubernetesVersion) => {
    const objects = await render('demo', 'demo');
    expect(objects.map((o) => `${o.object.kind} ${o.source}`)).toEqual([
      'CustomResourceDefinition demo/crds/ippools.yaml',
      'Service demo/templates/service.yaml',
      'Deployment demo/templates/deployment.yaml',
      'IPPool demo/templates/ippool.yaml',
    ]);
    expect(await runChecks(objects, env, { kubernetesVersion })).toEqual([]);
  });

  it('catches replicas: two, naming release, template and object', async () => {
    const findings = await runChecks(await render('shop', 'shop', ['replicas=two']), env);
    expect(findings).toEqual([
      {
        rule: 'schema',
        severity: 'error',
        message: 'must be integer, got string "two"',
        release: 'shop',
        source: 'demo/templates/deployment.yaml',
        object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop', namespace: 'shop' },
        path: '/spec/replicas',
      },
    ]);
  });
});

describe('speed', () => {
  it('checks a 150-object bundle in well under a second once warm', async () => {
    const { objects: clean } = await loadFixture(join(FIXTURES, 'clean'));
    const bundle: RenderedObject[] = [];
    for (let i = 0; bundle.length < 150; i++) {
      for (const ro of clean) {
        const o = structuredClone(ro.object);
        if (o.metadata.namespace) o.metadata.namespace = `${o.metadata.namespace}-${i}`;
        else if (i > 0) continue;
        bundle.push({ ...ro, object: o });
      }
    }
    await runChecks(bundle, env);
    const start = performance.now();
    await runChecks(bundle, env);
    const ms = performance.now() - start;
    expect(ms).toBeLessThan(500);
  });
});
