// Bounded work on hostile input: alias bombs refused as helm refuses them, large values files read in linear time
// (the same values as helm), a template that feeds itself to tpl stopped with one clear message, and --timeout.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundle, copyFixture, readTree, writeEnv } from '../helpers/cli.js';

let project: string;

/** A chart named `name` whose only template is `template` and whose values.yaml is `values`. */
async function chart(name: string, template: string, values = ''): Promise<void> {
  const dir = join(project, 'charts', name);
  await mkdir(join(dir, 'templates'), { recursive: true });
  await writeFile(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`);
  await writeFile(join(dir, 'values.yaml'), values);
  await writeFile(join(dir, 'templates/t.yaml'), template);
}

const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: t\ndata:\n${data}\n`;

const bomb = 'abcdefghi'
  .split('')
  .map((l, i, all) => `${l}: &${l} [${Array.from({ length: 9 }, () => (i === 0 ? '"lol"' : `*${all[i - 1]}`)).join(',')}]`)
  .join('\n');

beforeAll(async () => {
  project = await copyFixture('project');
});

describe('bounded work', () => {
  it("refuses an alias bomb in a chart's values.yaml with goyaml's words, naming the file", async () => {
    await chart('bomb', configMap('  n: {{ len .Values | quote }}'), `${bomb}\n`);
    await writeEnv(project, 'bomb', '  - name: bomb\n    chart: bomb\n    namespace: bomb\n');
    const r = await bundle(['render', 'env/bomb'], { cwd: project });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('charts/bomb/values.yaml:1:1: YAML error: error converting YAML to JSON: yaml: document contains excessive aliasing');
  });

  it('reads a 2 MB values file of 20,000 anchors and aliases as helm does', async () => {
    await chart('open', configMap('  count: {{ len .Values | quote }}\n  sum: {{ toJson .Values | sha256sum | quote }}'));
    const lines: string[] = [];
    for (let i = 0, size = 0; size < 2e6; i++) {
      lines.push(`key${i}: &a${i}\n  name: item-${i}\n  list: [a, b]\nref${i}: *a${i}`);
      size += lines.at(-1)!.length + 1;
    }
    await writeEnv(project, 'large', '  - name: open\n    chart: open\n    namespace: open\n');
    await writeFile(join(project, 'overlays/large/values/open.yaml'), `${lines.join('\n')}\n`);
    const trees = [];
    for (const engine of ['native', 'helm']) {
      const r = await bundle(['render', 'env/large', '--engine', engine, '--out', `large-${engine}`], { cwd: project });
      expect(r.exitCode, r.stderr).toBe(0);
      trees.push(await readTree(join(project, `large-${engine}/large`)));
    }
    expect(trees[0]).toEqual(trees[1]);
    expect(Number(parse(trees[0]!.get('open/configmap-t.yaml')!).data.count), [...trees[0]!.keys()].join()).toBeGreaterThan(20000);
  });

  it('stops a value that feeds itself to tpl with one clear error (helm recurses until its stack overflows)', async () => {
    await chart('selftpl', configMap('  x: {{ tpl .Values.a . | quote }}'), "a: '{{ tpl .Values.a . }}'\n");
    await writeEnv(project, 'selftpl', '  - name: selftpl\n    chart: selftpl\n    namespace: selftpl\n');
    const r = await bundle(['render', 'env/selftpl'], { cwd: project });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('tpl calls nested more than 1000 levels deep (the innermost renders "{{ tpl .Values.a . }}"): does a value pass itself to tpl?');
    expect(r.stderr.length).toBeLessThan(1000);
    const t = await bundle(['template', 'selftpl', join(project, 'charts/selftpl')], { cwd: project });
    expect(t.exitCode).toBe(1);
    expect(t.stderr).toContain('tpl calls nested more than 1000 levels deep');
  });

  it('--timeout ends a render that runs too long: exit 1, nothing written', async () => {
    await chart('slow', configMap('  n: "{{ range until 20000 }}{{ range until 20000 }}{{ end }}{{ end }}"'));
    await writeEnv(project, 'slow', '  - name: slow\n    chart: slow\n    namespace: slow\n');
    const started = Date.now();
    const r = await bundle(['render', 'env/slow', '--timeout', '1'], { cwd: project });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/the time allowed for the render ran out/);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.stderr).toMatch(/nothing was written/);
  });
});
