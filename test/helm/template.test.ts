import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HelmError } from '../../src/helm/errors.js';
import { helmTemplate, renderChart } from '../../src/helm/template.js';

const corpus = resolve(import.meta.dirname, '../parity/corpus');
const req = { releaseName: 'release-name', namespace: 'default', kubeVersion: '1.30.0' };

describe('renderChart', () => {
  it('returns the documents helm template prints, in the same order', () => {
    const dir = resolve(corpus, 'helm-hooks');
    const text = helmTemplate(dir, req);
    const docs = renderChart(dir, req);
    expect(docs.map((d) => `---\n# Source: ${d.source}\n${d.content}\n`).join('')).toBe(text);
    expect(docs.filter((d) => d.hook).map((d) => d.source)).toEqual([
      'c/templates/hooks.yaml',
      'c/templates/tests/test.yaml',
      'c/templates/hooks.yaml',
      'c/templates/hooks.yaml',
    ]);
  });

  it('splits CRD files into one entry per document with --include-crds', () => {
    const docs = renderChart(resolve(corpus, 'helm-include-crds'), { ...req, includeCrds: true });
    expect(docs.filter((d) => d.source.includes('/crds/')).map((d) => d.source)).toEqual([
      'parent/crds/a-crd.yaml',
      'parent/crds/b.json',
      'parent/crds/multi.yml',
      'parent/crds/multi.yml',
      'parent/charts/child/crds/c.yaml',
    ]);
  });

  it('applies --show-only to the structured result', () => {
    const docs = renderChart(resolve(corpus, 'helm-show-only'), { ...req, showOnly: ['templates/b.yaml', 'templates/a.yaml'] });
    expect(docs.map((d) => d.content.split('\n').pop())).toEqual(['  name: b', '  name: a2', '  name: a']);
  });

  it('does not modify the values layers it is given', () => {
    const layer = { m: { a: 1 }, l: [{ x: 1 }] };
    helmTemplate(resolve(corpus, 'helm-values-files'), { ...req, values: [layer], set: ['m.b=2', 'l[0].y=3'] });
    expect(layer).toEqual({ m: { a: 1 }, l: [{ x: 1 }] });
  });

  it('throws HelmError with helm\'s message', () => {
    expect(() => helmTemplate(resolve(corpus, 'helm-required'), req)).toThrow(HelmError);
    expect(() => helmTemplate(resolve(corpus, 'helm-required'), req)).toThrow(
      'execution error at (c/templates/cm.yaml:1:6): a is required\n\nUse --debug flag to render out invalid YAML',
    );
  });
});
