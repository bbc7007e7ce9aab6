// Schema validation against the shipped Kubernetes APIs, the bundle's own CRDs and Argo CD's CRDs.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks, type Finding, type RenderedObject } from '../../src/checks/index.js';
import { schema } from '../../src/checks/rules/schema.js';
import { unknownKind } from '../../src/checks/rules/unknown-kind.js';
import { FIXTURES, loadFixture } from './fixture.js';

const clean = await loadFixture(join(FIXTURES, 'clean'));
const { env } = clean;
const schemaRules = [unknownKind, schema];

function rendered(object: Record<string, any>, release = 'app'): RenderedObject {
  return { release, chart: release, source: `${release}/templates/object.yaml`, object };
}

async function check(objects: Array<Record<string, any>>, kubernetesVersion: string): Promise<Array<Pick<Finding, 'rule' | 'message' | 'path'>>> {
  const findings = await runChecks(objects.map((o) => rendered(o)), env, { kubernetesVersion, rules: schemaRules });
  return findings.map(({ rule, message, path }) => ({ rule, message, path }));
}

const cronJob = (apiVersion: string) => ({
  apiVersion,
  kind: 'CronJob',
  metadata: { name: 'backup', namespace: 'demo' },
  spec: {
    schedule: '0 1 * * *',
    jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'b', image: 'busybox:1.36' }] } } } },
  },
});

describe('Kubernetes API schemas', () => {
  it.each(['1.25.0', '1.36.0'])('catches spec.replicas: "two" in a Deployment on %s', async (version) => {
    const { objects } = await loadFixture(join(FIXTURES, 'schema'));
    expect(await check(objects.map((o) => o.object), version)).toEqual([
      { rule: 'schema', message: 'must be integer, got string "two"', path: '/spec/replicas' },
    ]);
  });

  it('reports missing required fields and wrong enum values with their pointers', async () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'demo' }, spec: { ports: [{ port: 80, protocol: 'TCPX' }] } };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'demo' }, spec: { containers: [{ image: 'busybox:1.36' }] } };
    const found = await check([svc, pod], '1.25.0');
    expect(found).toContainEqual({ rule: 'schema', path: '/spec/containers/0/name', message: 'missing required field "name"' });
    expect(found.find((f) => f.path === '/spec/ports/0/protocol')?.message).toMatch(/^must be one of .*"TCP".*got string "TCPX"$/);
  });

  it('knows which API versions a Kubernetes release no longer serves', async () => {
    expect(await check([cronJob('batch/v1beta1')], '1.24.0')).toEqual([]);
    expect(await check([cronJob('batch/v1beta1')], '1.25.0')).toEqual([
      { rule: 'unknown-kind', message: 'batch/v1beta1 CronJob is not served by Kubernetes 1.25.0 (removed in 1.25)', path: undefined },
    ]);
    expect(await check([cronJob('batch/v1')], '1.25.0')).toEqual([]);
  });

  it('does not know APIs newer than the env version', async () => {
    const cidr = { apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name: 'extra' }, spec: { cidrs: ['10.100.0.0/16'] } };
    expect(await check([cidr], '1.36.0')).toEqual([]);
    expect((await check([cidr], '1.25.0')).map((f) => f.rule)).toEqual(['unknown-kind']);
  });

  it('treats nested type names and kind-less documents as unknown, not valid', async () => {
    const found = await check([{ apiVersion: 'v1', kind: 'PodSpec', metadata: { name: 'x' } }, { metadata: { name: 'y' } }], '1.25.0');
    expect(found.map((f) => f.rule)).toEqual(['unknown-kind', 'unknown-kind']);
    expect(found[1]!.message).toBe('object has no apiVersion and kind');
  });
});

describe('custom resources', () => {
  const crd = clean.objects.find((o) => o.object.kind === 'CustomResourceDefinition')!.object;
  const pool = (spec: Record<string, unknown>, apiVersion = 'crd.projectcalico.org/v1') => ({ apiVersion, kind: 'IPPool', metadata: { name: 'p' }, spec });

  it("validates against the openAPIV3Schema of the bundle's own CRD, reporting unknown fields", async () => {
    const found = await check([crd, pool({ cidr: '10.0.0.0/16', blockSize: 'big', ipipmode: 'Always' })], '1.25.0');
    expect(found).toEqual([
      { rule: 'schema', path: '/spec/ipipmode', message: 'unknown field "ipipmode"' },
      { rule: 'schema', path: '/spec/blockSize', message: 'must be integer, got string "big"' },
    ]);
  });

  it('reports a version the CRD does not serve', async () => {
    const found = await check([crd, pool({ cidr: '10.0.0.0/16' }, 'crd.projectcalico.org/v2')], '1.25.0');
    expect(found.map((f) => f.message)).toEqual(['IPPool crd.projectcalico.org/v2 is not served by its CustomResourceDefinition (served versions: v1)']);
  });

  it('without the CRD in the bundle, the custom resource is an unknown kind', async () => {
    expect((await check([pool({ cidr: '10.0.0.0/16' })], '1.25.0')).map((f) => f.rule)).toEqual(['unknown-kind']);
  });

  it('understands int-or-string and untyped nullable fields of structural schemas', async () => {
    const felix = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'felixconfigurations.crd.projectcalico.org' },
      spec: {
        group: 'crd.projectcalico.org',
        scope: 'Cluster',
        names: { kind: 'FelixConfiguration', plural: 'felixconfigurations' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  apiVersion: { type: 'string' },
                  kind: { type: 'string' },
                  metadata: { type: 'object' },
                  spec: {
                    type: 'object',
                    properties: {
                      healthPort: { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true },
                      extra: { nullable: true, 'x-kubernetes-preserve-unknown-fields': true },
                      // An embedded object: apiVersion, kind and metadata are implied; spec keeps unknown fields.
                      template: {
                        type: 'object',
                        'x-kubernetes-embedded-resource': true,
                        properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { replicas: { type: 'integer' } } } },
                      },
                    },
                  },
                },
              },
            },
          },
        ],
      },
    };
    const config = (spec: Record<string, unknown>) => ({ apiVersion: 'crd.projectcalico.org/v1', kind: 'FelixConfiguration', metadata: { name: 'default' }, spec });
    expect(await check([felix, config({ healthPort: 9099, extra: null }), config({ healthPort: 'http', extra: { any: 1 } })], '1.25.0')).toEqual([]);
    expect(await check([felix, config({ healthPort: true })], '1.25.0')).toEqual([
      { rule: 'schema', path: '/spec/healthPort', message: 'must be integer or string, got boolean true' },
    ]);
    const template = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { replicas: 2, anything: { at: 'all' } } };
    expect(await check([felix, config({ template })], '1.25.0')).toEqual([]);
    expect(await check([felix, config({ template: { ...template, bogus: 1, spec: { replicas: 'two' } } })], '1.25.0')).toEqual([
      { rule: 'schema', path: '/spec/template/bogus', message: 'unknown field "bogus"' },
      { rule: 'schema', path: '/spec/template/spec/replicas', message: 'must be integer, got string "two"' },
    ]);
  });

  it("validates Argo CD Applications against Argo CD's CRD schema", async () => {
    const app = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'web', namespace: 'argocd' }, spec: { project: 7 } };
    const found = await check([app], '1.25.0');
    expect(found).toContainEqual({ rule: 'schema', path: '/spec/destination', message: 'missing required field "destination"' });
    expect(found).toContainEqual({ rule: 'schema', path: '/spec/project', message: 'must be string, got number 7' });
  });
});
