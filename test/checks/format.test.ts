import { describe, expect, it } from 'vitest';
import { formatFindings, type Finding } from '../../src/checks/index.js';

const findings: Finding[] = [
  {
    rule: 'schema',
    severity: 'error',
    message: 'must be integer, got string "two"\nsecond line 100%',
    release: 'web',
    source: 'web/templates/deployment.yaml',
    object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'web' },
    path: '/spec/replicas',
  },
  { rule: 'container-probes', severity: 'warning', message: 'container web has no livenessProbe', release: 'a,b:c', source: 'a,b:c/templates/x.yaml' },
];

describe('formatFindings', () => {
  it('github: one workflow command per finding, escaped, line 1, file under the source prefix', () => {
    expect(formatFindings(findings, 'github', { sourcePrefix: 'charts/' }).split('\n')).toEqual([
      '::error file=charts/web/templates/deployment.yaml,line=1,title=schema::release web Deployment web/web at /spec/replicas: must be integer, got string "two"%0Asecond line 100%25',
      '::warning file=charts/a%2Cb%3Ac/templates/x.yaml,line=1,title=container-probes::release a,b:c: container web has no livenessProbe',
      '',
    ]);
  });

  it('text: one line per finding and a count', () => {
    const lines = formatFindings(findings, 'text').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^error\s+schema\s+release web Deployment web\/web \(web\/templates\/deployment\.yaml \/spec\/replicas\): must be integer/);
    expect(lines.at(-1)).toBe('1 error, 1 warning');
    expect(formatFindings([], 'text')).toBe('0 errors, 0 warnings\n');
  });

  it('json: the findings themselves', () => {
    expect(JSON.parse(formatFindings(findings, 'json'))).toEqual(findings);
  });
});
