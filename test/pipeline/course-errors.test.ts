// Bad input in the course releases of the real prod env: `bundle validate` exits 1 naming file:line:col, the values
// pointer and what was expected, and `bundle render` writes nothing.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempProject } from '../charts/course.js';
import { bundle, editFile, readTree } from '../helpers/cli.js';

let project: string;
let before: Map<string, string>;

beforeAll(async () => {
  project = await tempProject();
  const first = await bundle(['render', 'env/prod'], { cwd: project });
  expect(first.exitCode, first.stderr).toBe(0);
  before = await readTree(join(project, 'rendered'));
});

/** Apply a mistake to an overlay file, check validate and render both refuse it, and undo it afterwards. */
async function withMistake(file: string, edit: (text: string) => string) {
  const restore = await editFile(join(project, file), edit);
  try {
    const validate = await bundle(['validate', 'env/prod', '-o', 'json'], { cwd: project });
    expect(validate.exitCode).toBe(1);
    const render = await bundle(['render', 'env/prod'], { cwd: project });
    expect(render.exitCode).toBe(1);
    expect(render.stderr).toContain('nothing was written');
    expect(await readTree(join(project, 'rendered'))).toEqual(before);
    return { problems: JSON.parse(validate.stdout).problems as any[], stderr: render.stderr };
  } finally {
    await restore();
  }
}

const scheduling = 'overlays/prod/values/scheduling.yaml';

describe('course releases reject bad input with file:line:col and the values pointer', () => {
  it('a typo in a scenario block', async () => {
    const { problems, stderr } = await withMistake(scheduling, (t) => t.replace('  nodeName: node1', '  nodeNme: node1'));
    expect(problems).toEqual([
      { file: scheduling, line: 3, col: 3, pointer: '/nodeName/nodeNme', release: 'scheduling', layer: 'env', message: 'unknown key "nodeNme"', hint: 'did you mean "nodeName"?' },
    ]);
    expect(stderr).toContain(`${scheduling}:3:3: [scheduling] /nodeName/nodeNme: unknown key "nodeNme" (set by env); did you mean "nodeName"?`);
  });

  it('an unknown node name in nodeName', async () => {
    const { problems } = await withMistake(scheduling, (t) => t.replace('  nodeName: node1', '  nodeName: node3'));
    expect(problems).toEqual([
      expect.objectContaining({
        file: scheduling,
        line: 3,
        col: 13,
        pointer: '/nodeName/nodeName',
        release: 'scheduling',
        message: '"node3" is not a node of the env (its nodes: master1, node1, node2)',
      }),
    ]);
  });

  it('an unknown node name in a nodeSelector', async () => {
    const { problems } = await withMistake(scheduling, (t) => t.replace('    disk: ceph', '    disk: ceph\n    kubernetes.io/hostname: nod2'));
    expect(problems).toEqual([
      expect.objectContaining({
        file: scheduling,
        line: 7,
        col: 29,
        pointer: '/nodeSelector/nodeSelector/kubernetes.io~1hostname',
        message: '"nod2" is not a node of the env (its nodes: master1, node1, node2)',
        hint: 'did you mean "node2"?',
      }),
    ]);
  });

  it('an Equal toleration without key', async () => {
    const { problems } = await withMistake(scheduling, (t) => `${t}tolerations:\n  pods:\n    no-key:\n      - { operator: Equal, value: production, effect: NoSchedule }\n`);
    expect(problems.map((p) => [p.file, p.line, p.col, p.pointer, p.message])).toEqual([
      [scheduling, 10, 9, '/tolerations/pods/no-key/0/key', 'missing required value "key"'],
      [scheduling, 10, 9, '/tolerations/pods/no-key/0', 'operator Equal needs a key'],
    ]);
  });

  it('a probe period of 0', async () => {
    const probes = 'overlays/prod/values/probes.yaml';
    const { problems } = await withMistake(probes, (t) => `${t}startupTcpSocket:\n  probe: { initialDelaySeconds: 20, periodSeconds: 0 }\n`);
    expect(problems).toEqual([
      expect.objectContaining({ file: probes, pointer: '/startupTcpSocket/probe/periodSeconds', release: 'probes', message: 'must be >= 1, got number 0' }),
    ]);
    expect(problems[0].line).toBeGreaterThan(0);
  });
});
