// The Argo CD output lint over written output trees: one fixture tree per rule, and a clean one.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputTree, treeRules } from '../../src/checks/index.js';
import { FIXTURES } from './fixture.js';

const TREES = join(FIXTURES, 'tree');
const ruleTrees = readdirSync(TREES).filter((d) => d !== 'clean').sort();

describe('Argo CD output lint', () => {
  it('has one fixture tree per rule', () => {
    expect(treeRules.map((r) => r.id).sort()).toEqual(ruleTrees);
  });

  it('finds nothing in a clean tree (hooks Argo CD maps, integer waves, one-object .json, non-YAML files)', async () => {
    expect(await checkOutputTree(join(TREES, 'clean'))).toEqual([]);
  });

  it.each(ruleTrees)('tree %s yields exactly that rule once, naming file and release', async (id) => {
    const findings = await checkOutputTree(join(TREES, id));
    expect(findings.map((f) => f.rule)).toEqual([id]);
    expect(findings[0]!.release).toBe('web');
    expect(findings[0]!.source).toMatch(/^(web|apps)\//);
  });

  it('names the object and annotation of a bad sync wave', async () => {
    const [f] = await checkOutputTree(join(TREES, 'argocd-sync-wave'));
    expect(f).toMatchObject({
      source: 'apps/web.yaml',
      object: { kind: 'Application', name: 'web', namespace: 'argocd' },
      path: '/metadata/annotations/argocd.argoproj.io~1sync-wave',
      message: 'annotation argocd.argoproj.io/sync-wave is "five", not an integer',
    });
  });
});
