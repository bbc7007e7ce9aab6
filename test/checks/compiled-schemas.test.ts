// The build-time Kubernetes 1.25 validators (scripts/compile-k8s-schemas.mjs) against the kubernetes-models 4.1.0
// classes they are compiled from: on every object the prod and dev envs render, and on broken copies of them, both
// must find the same issues - except that the compiled ones also reject unknown fields, as the API server's strict
// field validation does (the package's schemas leave objects open).
import { describe, expect, it } from 'vitest';
import { SchemaCatalog } from '../../src/checks/schemas/catalog.js';
import { issuesFrom, type AjvLikeError, type SchemaIssue } from '../../src/checks/schemas/issues.js';
import type { RenderedObject } from '../../src/checks/types.js';
import { getEngine } from '../../src/engines/index.js';
import { prepare, render } from '../../src/pipeline.js';

const ROOT = new URL('../..', import.meta.url).pathname;

async function rendered(env: string): Promise<RenderedObject[]> {
  const prepared = await prepare(env, { cwd: ROOT });
  const outputs = await render(prepared, { engine: getEngine('native'), concurrency: 1 });
  return outputs.flatMap((o) => o.objects);
}

/** What the kubernetes-models 4.1.0 class says, or undefined when it has no such kind. */
async function modelIssues(obj: Record<string, any>): Promise<SchemaIssue[] | undefined> {
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] + '/' : '';
  const version = obj.apiVersion.split('/').at(-1);
  let mod: Record<string, any>;
  try {
    mod = await import(/* @vite-ignore */ `kubernetes-models-1.25/${group}${version}/${obj.kind}`);
  } catch {
    return undefined;
  }
  try {
    new mod[obj.kind](obj).validate();
    return [];
  } catch (err) {
    return issuesFrom((err as { errors: AjvLikeError[] }).errors, obj);
  }
}

/** Copies of an object with one field broken in the ways charts break them. */
function broken(obj: Record<string, any>): Array<Record<string, any>> {
  const out: Array<Record<string, any>> = [];
  const copy = () => structuredClone(obj);
  const a = copy();
  a.metadata.labels = { ...a.metadata.labels, n: 1 };
  out.push(a);
  const b = copy();
  b.spec = { ...(b.spec ?? {}), notAField: true };
  out.push(b);
  if (obj.spec?.template?.spec?.containers) {
    const c = copy();
    c.spec.template.spec.containers[0].ports = [{ containerPort: '80' }];
    c.spec.template.spec.containers[0].resources = { limits: { cpu: 'lots' } };
    delete c.spec.selector;
    out.push(c);
    const d = copy();
    d.spec.template.spec.containers[0].name = undefined;
    d.spec.replicas = 2.5;
    d.spec.template.spec.securityContext = { runAsUser: 1e12, seccompProfile: { type: 7 } };
    out.push(JSON.parse(JSON.stringify(d)));
  }
  if (obj.data) {
    const e = copy();
    e.data = { ...e.data, num: 3 };
    out.push(e);
  }
  return out;
}

describe('compiled Kubernetes 1.25 schemas', () => {
  it('find what kubernetes-models 4.1.0 finds, on real and broken objects', async () => {
    const objects = [...(await rendered('prod')), ...(await rendered('dev'))].map((o) => o.object);
    const samples = objects.flatMap((o) => [o, ...broken(o)]);
    const catalog = await SchemaCatalog.load(
      samples.map((object) => ({ release: 'x', chart: 'x', source: 'x', object })),
      '1.25.0',
    );
    let compared = 0;
    let invalid = 0;
    let unknownFields = 0;
    const mismatches: unknown[] = [];
    for (const obj of samples) {
      const want = await modelIssues(obj);
      if (want === undefined) continue;
      const got = catalog.validate(obj);
      compared++;
      if (want.length > 0) invalid++;
      if (!got.known) {
        mismatches.push({ kind: obj.kind, name: obj.metadata?.name, got, want });
        continue;
      }
      const unknown = got.issues.filter((i) => i.message.startsWith('unknown field '));
      if (unknown.length > 0) unknownFields++;
      // The broken copies add spec.notAField, and spec (replicas) on kinds that have none.
      if (unknown.some((i) => !['/spec/notAField', '/spec', '/spec/replicas'].includes(i.path))) mismatches.push({ kind: obj.kind, name: obj.metadata?.name, unknown });
      const rest = got.issues.filter((i) => !unknown.includes(i));
      if (JSON.stringify(rest) !== JSON.stringify(want)) mismatches.push({ kind: obj.kind, name: obj.metadata?.name, got, want });
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
    expect(unknownFields).toBeGreaterThan(100);
    expect(compared).toBeGreaterThan(300);
    expect(invalid).toBeGreaterThan(150);
  });

  it('reject unknown fields but keep what the API declares and the package lost (description, x-kubernetes-*)', async () => {
    const objects = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' }, spec: { replicaz: 3, selector: {}, template: { spec: { containers: [{ name: 'c', image: 'i', imagePolicy: 'x' }] } } } },
      { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'p' }, value: 10, description: 'real field' },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labelz: {} }, data: {} },
    ];
    const catalog = await SchemaCatalog.load(objects.map((object) => ({ release: 'x', chart: 'x', source: 'x', object })), '1.25.0');
    const issues = objects.map((o) => catalog.validate(o));
    expect(issues).toEqual([
      {
        known: true,
        issues: [
          { path: '/spec/replicaz', message: 'unknown field "replicaz"' },
          { path: '/spec/template/spec/containers/0/imagePolicy', message: 'unknown field "imagePolicy"' },
        ],
      },
      { known: true, issues: [] },
      { known: true, issues: [{ path: '/metadata/labelz', message: 'unknown field "labelz"' }] },
    ]);
  });
});
