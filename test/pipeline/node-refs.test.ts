// Values a chart schema marks with `x-bundle-nodes` are checked against the env's node names.
import { describe, expect, it } from 'vitest';
import { nodeReferenceIssues } from '../../src/env/node-refs.js';

const nodes = ['master1', 'node1', 'node2'];
const schema = {
  type: 'object',
  definitions: {
    terms: { type: 'array', 'x-bundle-nodes': 'nodeSelectorTerms' },
    pod: {
      type: 'object',
      properties: {
        enabled: { type: 'boolean' },
        nodeName: { type: 'string', 'x-bundle-nodes': 'nodeName' },
        nodeSelector: { type: 'object', 'x-bundle-nodes': 'nodeSelector' },
        terms: { $ref: '#/definitions/terms' },
      },
    },
  },
  properties: {
    single: { $ref: '#/definitions/pod' },
    many: { type: 'object', additionalProperties: { $ref: '#/definitions/pod' } },
    list: { type: 'array', items: { $ref: '#/definitions/pod' } },
    other: { type: 'object', properties: { nodeName: { type: 'string' } } },
  },
};

describe('node references in values', () => {
  it('accepts declared nodes and unmarked values', () => {
    const values = {
      single: { nodeName: 'node1', nodeSelector: { 'kubernetes.io/hostname': 'node2', disk: 'ceph' } },
      other: { nodeName: 'anything' },
    };
    expect(nodeReferenceIssues(schema, values, nodes)).toEqual([]);
  });

  it('reports an unknown nodeName with the env nodes and the closest name', () => {
    expect(nodeReferenceIssues(schema, { single: { nodeName: 'node3' } }, nodes)).toEqual([
      { pointer: '/single/nodeName', message: '"node3" is not a node of the env (its nodes: master1, node1, node2)', hint: 'did you mean "node1"?' },
    ]);
  });

  it('follows $ref, additionalProperties and items; checks hostname selectors and affinity terms', () => {
    const values = {
      many: { a: { nodeSelector: { 'kubernetes.io/hostname': 'nodeX', disk: 'ceph' } } },
      list: [
        {
          terms: [
            { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node1', 'worker9'] }] },
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['master2'] }] },
            { matchExpressions: [{ key: 'zone', operator: 'In', values: ['node-unknown-but-a-zone'] }] },
          ],
        },
      ],
    };
    expect(nodeReferenceIssues(schema, values, nodes).map((i) => i.pointer)).toEqual([
      '/many/a/nodeSelector/kubernetes.io~1hostname',
      '/list/0/terms/0/matchExpressions/0/values/1',
      '/list/0/terms/1/matchFields/0/values/0',
    ]);
  });

  it('skips a block switched off with enabled: false', () => {
    expect(nodeReferenceIssues(schema, { single: { enabled: false, nodeName: 'node3' } }, nodes)).toEqual([]);
    expect(nodeReferenceIssues(schema, { single: { enabled: true, nodeName: 'node3' } }, nodes)).toHaveLength(1);
  });
});
