import { describe, expect, it } from 'vitest';
import { sortByKind, sortManifests, splitManifests } from '../../src/helm/manifests.js';
import { sortTemplates } from '../../src/helm/render.js';

describe('splitManifests (v3)', () => {
  it('splits on --- lines, trims documents and drops empty ones', () => {
    expect(splitManifests('---\na: 1\n---\nb: 2\n--- # c\nd: 3\n  \n')).toEqual(['a: 1', 'b: 2', '# c\nd: 3']);
  });
  it('lets a separator swallow the newline before the next ---, as Go\'s regexp does', () => {
    expect(splitManifests('a: 1\n---   \n\n---\nb: 2')).toEqual(['a: 1', '---\nb: 2']);
  });
  it('does not split on --- inside a line', () => {
    expect(splitManifests('a: x---y\nb: 1')).toEqual(['a: x---y\nb: 1']);
  });
});

describe('install order', () => {
  it('sorts known kinds by InstallOrder, unknown kinds last by name, stable within a kind', () => {
    const docs = ['Zebra', 'Deployment', 'Alpha', 'Namespace', 'Deployment', 'APIService'].map((kind, i) => ({ kind, i }));
    expect(sortByKind(docs).map((d) => `${d.kind}${d.i}`)).toEqual([
      'Namespace3',
      'Deployment1',
      'Deployment4',
      'APIService5',
      'Alpha2',
      'Zebra0',
    ]);
  });

  it('separates hooks, drops unknown hooks, skips partials and blank files', () => {
    const files = new Map([
      ['c/templates/b.yaml', 'kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: pre-install\n'],
      ['c/templates/a.yaml', 'kind: ConfigMap\n---\nkind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: nope\n'],
      ['c/templates/_p.yaml', 'kind: Secret\n'],
      ['c/templates/blank.yaml', ' \n\n'],
    ]);
    const { manifests, hooks } = sortManifests(files);
    expect(manifests.map((m) => [m.source, m.kind])).toEqual([['c/templates/a.yaml', 'ConfigMap']]);
    expect(hooks.map((m) => [m.source, m.kind])).toEqual([['c/templates/b.yaml', 'Job']]);
  });

  it('reports YAML errors with the file name', () => {
    expect(() => sortManifests(new Map([['c/templates/x.yaml', 'a: [1']]))).toThrow(/^YAML parse error on c\/templates\/x.yaml: /);
  });
});

describe('sortTemplates', () => {
  it('parses deepest paths first and equal depths in reverse lexical order', () => {
    expect(
      sortTemplates(['c/templates/_a.tpl', 'c/templates/_b.tpl', 'c/charts/d/templates/x.yaml', 'c/templates/sub/y.yaml']),
    ).toEqual(['c/charts/d/templates/x.yaml', 'c/templates/sub/y.yaml', 'c/templates/_b.tpl', 'c/templates/_a.tpl']);
  });
});
