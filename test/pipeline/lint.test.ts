// bundle lint and the checks inside bundle render, end to end on real envs.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundle, copyFixture, readTree } from '../helpers/cli.js';

let project: string;
beforeAll(async () => {
  project = await copyFixture('project');
});

async function withEnvPatch(patch: string, run: () => Promise<void>) {
  const env = join(project, 'overlays/staging/env.yaml');
  const original = await readFile(env, 'utf8');
  await writeFile(env, original.replace('    wave: 1\n', `    wave: 1\n${patch}`));
  try {
    await run();
  } finally {
    await writeFile(env, original);
  }
}

describe('bundle lint', () => {
  it.each(['prod', 'dev'])('env/%s is clean: every finding is one the env waives, with its reason', async (env) => {
    const r = await bundle(['lint', `env/${env}`, '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const findings = JSON.parse(r.stdout) as Array<{ rule: string; waived?: string }>;
    expect(findings.filter((f) => f.waived === undefined)).toEqual([]);
    // The waivers are the course's own choices (its :latest images, its probe-less DaemonSet, its cluster-admin
    // grants, its LimitRange pod without resources), nothing else.
    expect([...new Set(findings.map((f) => f.rule))].every((r) => ['container-probes', 'image-tag', 'rbac-cluster-admin', 'container-resources'].includes(r))).toBe(true);
  });

  it('catches an invalid field in a rendered Deployment, names release and object, and blocks render', async () => {
    const patch = '    patches:\n      - target: { kind: Deployment, name: frontend }\n        json: [{ op: replace, path: /spec/replicas, value: "two" }]\n';
    await withEnvPatch(patch, async () => {
      const lint = await bundle(['lint', 'env/staging', '-o', 'json'], { cwd: project });
      expect(lint.exitCode).toBe(1);
      expect(JSON.parse(lint.stdout)).toEqual([
        expect.objectContaining({
          rule: 'schema',
          severity: 'error',
          release: 'frontend',
          source: 'web/templates/deployment.yaml',
          object: expect.objectContaining({ kind: 'Deployment', name: 'frontend', namespace: 'shop' }),
          path: '/spec/replicas',
        }),
      ]);
      const before = await readTree(join(project, 'rendered')).catch(() => new Map());
      const render = await bundle(['render', 'env/staging'], { cwd: project });
      expect(render.exitCode).toBe(1);
      expect(render.stderr).toMatch(/error\s+schema\s+release frontend Deployment shop\/frontend/);
      expect(render.stderr).toContain('nothing was written');
      expect(await readTree(join(project, 'rendered')).catch(() => new Map())).toEqual(before);
    });
  });

  it('gates plaintext Secrets and prints GitHub annotations on GitHub Actions', async () => {
    const patch = [
      '    patches:',
      '      - target: { kind: Service, name: frontend }',
      '        merge: { apiVersion: v1, kind: Secret, metadata: { name: frontend }, spec: null, data: { password: aHVudGVyMg== } }',
      '',
    ].join('\n');
    await withEnvPatch(patch, async () => {
      const r = await bundle(['lint', 'env/staging'], { cwd: project, env: { GITHUB_ACTIONS: 'true' } });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/error\s+secret-data\s+release frontend Secret shop\/frontend/);
      expect(r.stdout).toMatch(/^::error file=charts\/web\/templates\/service\.yaml,line=1,title=secret-data::release frontend Secret shop\/frontend/m);
    });
  });
});

describe('bundle lint with waivers in env.yaml', () => {
  const latestTag = '    patches:\n      - target: { kind: Deployment, name: frontend }\n        json: [{ op: replace, path: /spec/template/spec/containers/0/image, value: "nginx:latest" }]\n';
  const waiver = (name: string) =>
    `waivers:\n  - { rule: image-tag, kind: Deployment, name: ${name}, namespace: shop, reason: "the demo follows latest on purpose" }\n`;

  async function withWaiver(name: string, run: () => Promise<void>) {
    const env = join(project, 'overlays/staging/env.yaml');
    const original = await readFile(env, 'utf8');
    await writeFile(env, original.replace('    wave: 1\n', `    wave: 1\n${latestTag}`) + waiver(name));
    try {
      await run();
    } finally {
      await writeFile(env, original);
    }
  }

  it('reports a waived finding as waived and exits 0; render writes', async () => {
    await withWaiver('frontend', async () => {
      const r = await bundle(['lint', 'env/staging'], { cwd: project });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/waived\s+image-tag\s+release frontend Deployment shop\/frontend .*— waived: the demo follows latest on purpose/);
      const json = await bundle(['lint', 'env/staging', '-o', 'json'], { cwd: project });
      expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ rule: 'image-tag', waived: 'the demo follows latest on purpose' })]);
      expect((await bundle(['render', 'env/staging', '--out', join(project, 'rendered-w')], { cwd: project })).exitCode).toBe(0);
    });
  });

  it('fails on a waiver that matches nothing, naming its line in env.yaml', async () => {
    await withWaiver('frontnd', async () => {
      const r = await bundle(['lint', 'env/staging'], { cwd: project });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/error\s+image-tag\s+release frontend Deployment shop\/frontend/);
      expect(r.stderr).toMatch(/error\s+unused-waiver\s+overlays\/staging\/env\.yaml:\d+:\d+: waiver for image-tag on Deployment shop\/frontnd matches no finding/);
    });
  });
});
