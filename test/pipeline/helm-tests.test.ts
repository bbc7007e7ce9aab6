// Helm test hooks in an env: rendered as `helm template` renders them, left out with --skip-tests as
// `helm template --skip-tests` leaves them out, and never a finding (Argo CD never applies them, as `helm install`
// never runs them). Hooks Argo CD cannot map stay an error.
import { execa } from 'execa';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { findHelmBinary } from '../../src/engines/index.js';
import { bundle, copyFixture, readTree } from '../helpers/cli.js';

let project: string;
const testPod = `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-test-connection
  annotations:
    helm.sh/hook: test
spec:
  restartPolicy: Never
  containers:
    - name: wget
      image: busybox:1.36.1
      command: [wget, "{{ .Release.Name }}:{{ .Values.port }}"]
      resources:
        requests: { cpu: 10m, memory: 16Mi }
        limits: { cpu: 100m, memory: 32Mi }
`;

beforeAll(async () => {
  project = await copyFixture('project');
  await mkdir(join(project, 'charts/web/templates/tests'), { recursive: true });
  await writeFile(join(project, 'charts/web/templates/tests/test-connection.yaml'), testPod);
});

/** The kinds/names helm itself prints for the chart. */
async function helmTemplate(extra: string[]): Promise<string[]> {
  const r = await execa(findHelmBinary(3), ['template', 'frontend', join(project, 'charts/web'), '-n', 'shop', '--set', 'global.imageRegistry=,global.cluster.dnsDomain=cluster.local', ...extra]);
  return parseAllDocuments(r.stdout)
    .map((d) => d.toJS())
    .filter(Boolean)
    .map((o) => `${o.kind}/${o.metadata.name}`)
    .sort();
}

describe('Helm test hooks', () => {
  it('are rendered as helm renders them, and lint and render accept them', async () => {
    expect(await helmTemplate([])).toContain('Pod/frontend-test-connection');
    const lint = await bundle(['lint', 'env/staging'], { cwd: project });
    expect(lint.exitCode, lint.stderr).toBe(0);
    expect(lint.stderr).not.toMatch(/argocd-helm-hook/);
    const r = await bundle(['render', 'env/staging'], { cwd: project });
    expect(r.exitCode, r.stderr).toBe(0);
    const tree = await readTree(join(project, 'rendered/staging'));
    expect(tree.get('frontend/pod-frontend-test-connection.yaml')).toMatch(/helm\.sh\/hook: test/);
    expect(tree.get('.bundle-owned')).toContain('frontend/pod-frontend-test-connection.yaml');
  });

  it.each(['render', 'lint', 'diff'])('%s --skip-tests leaves them out, as helm template --skip-tests does', async (command) => {
    expect(await helmTemplate(['--skip-tests'])).not.toContain('Pod/frontend-test-connection');
    if (command === 'render') {
      const r = await bundle(['render', 'env/staging', '--skip-tests'], { cwd: project });
      expect(r.exitCode, r.stderr).toBe(0);
      const tree = await readTree(join(project, 'rendered/staging'));
      expect([...tree.keys()].filter((p) => p.includes('test-connection'))).toEqual([]);
      expect(tree.get('.bundle-owned')).not.toContain('test-connection');
      // Back to the full render for the next case.
      expect((await bundle(['render', 'env/staging'], { cwd: project })).exitCode).toBe(0);
    } else if (command === 'diff') {
      const r = await bundle(['diff', 'env/staging', '--against', 'rendered', '--skip-tests', '-o', 'json'], { cwd: project });
      expect(r.exitCode, r.stderr).toBe(0);
      const objects = JSON.parse(r.stdout).releases.flatMap((x: any) => x.objects);
      expect(objects.map((o: any) => `${o.change} ${o.path}`)).toEqual(['removed frontend/pod-frontend-test-connection.yaml', 'removed backend/pod-backend-test-connection.yaml'].sort());
    } else {
      const r = await bundle(['lint', 'env/staging', '--skip-tests'], { cwd: project });
      expect(r.exitCode, r.stderr).toBe(0);
    }
  });

  it('a hook Argo CD cannot map (pre-rollback) is still an error, at its file', async () => {
    await writeFile(join(project, 'charts/web/templates/tests/test-connection.yaml'), testPod.replace('helm.sh/hook: test', 'helm.sh/hook: pre-rollback'));
    try {
      const r = await bundle(['lint', 'env/staging'], { cwd: project });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/argocd-helm-hook.*frontend-test-connection.*helm\.sh\/hook "pre-rollback" has no Argo CD equivalent/);
    } finally {
      await writeFile(join(project, 'charts/web/templates/tests/test-connection.yaml'), testPod);
    }
    expect(await readFile(join(project, 'charts/web/templates/tests/test-connection.yaml'), 'utf8')).toBe(testPod);
  });
});
