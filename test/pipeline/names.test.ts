// Names the API server would refuse are refused at render time, and a chart's symlinks are reported as helm reports
// them (helm follows them, into content outside the chart too).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addObjectsChart, bundle, copyFixture, writeEnv, writeLinkedChartEnv } from '../helpers/cli.js';

let project: string;

beforeAll(async () => {
  project = await copyFixture('project');
  await addObjectsChart(project);
});

describe('object names', () => {
  it('are checked per kind as the API server checks them: exit 1, each named, nothing written', async () => {
    const objects = [
      { name: 'Foo Bar' },
      { name: 'a/b' },
      { name: 'nul\u0000byte' },
      {},
      { kind: 'Service', name: '1st-service' },
      { kind: 'CronJob', apiVersion: 'batch/v1', name: 'c'.repeat(53) },
      { name: 'ok', namespace: 'Bad_NS' },
      { kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', name: 'system:Mixed-Case_ok' },
    ];
    await writeEnv(project, 'names', '  - name: names\n    chart: objects\n    namespace: names\n', { names: { objects } });
    const r = await bundle(['render', 'env/names'], { cwd: project });
    expect(r.exitCode).toBe(1);
    const found = r.stderr.split('\n').filter((l) => l.includes('object-names'));
    expect(found.join('\n')).toContain('ConfigMap name "Foo Bar" must be a DNS-1123 subdomain');
    expect(found.join('\n')).toContain('ConfigMap name "a/b" must be a DNS-1123 subdomain');
    expect(found.join('\n')).toContain('ConfigMap name "nul\\u0000byte" must be a DNS-1123 subdomain');
    expect(found.join('\n')).toContain('ConfigMap has no metadata.name');
    expect(found.join('\n')).toContain('Service name "1st-service" must be a DNS-1035 label');
    expect(found.join('\n')).toContain('must be at most 52 characters (it has 53)');
    expect(found.join('\n')).toContain('namespace "Bad_NS" must be a DNS-1123 label');
    expect(found).toHaveLength(7);
    expect(r.stderr).toContain('nothing was written');
  });
});

describe('chart symlinks', () => {
  it('are followed like helm follows them, with its warning, and a word more when they leave the chart', async () => {
    const { chart, outside } = await writeLinkedChartEnv(project);
    for (const engine of ['native', 'helm']) {
      const r = await bundle(['render', 'env/linked', '--engine', engine], { cwd: project });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).toContain(`[linked] `);
      expect(r.stderr).toContain(`found symbolic link in path: ${join(chart, 'data.txt')} resolves to ${join(outside, 'data.txt')}. Contents of linked file included and used`);
    }
    const native = await bundle(['render', 'env/linked'], { cwd: project });
    expect(native.stderr).toContain('(it points outside the chart)');
  });
});
