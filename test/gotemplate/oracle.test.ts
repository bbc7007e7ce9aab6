/// <reference types="node" />
// Differential test: every case of oracle/cases.txt is rendered by real helm (v3.17 = Go 1.23 and v4.1 = Go 1.25)
// and by our engine set to the same Go version.
// All cases live in one chart as `templates/_cNNN.tpl` files (parsed, never rendered by helm); one rendered file
// includes each of them and prints it base64-encoded, so helm's YAML parsing and `<no value>` stripping never see
// the raw output. Error cases run one chart each.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { TemplateSet } from '../../src/gotemplate/index.js';
import { helmParseError, helmTemplate, parseCases, writeChart } from './helm-oracle.js';

const here = join(import.meta.dirname, 'oracle');
const valuesText = readFileSync(join(here, 'values.yaml'), 'utf8');
const values = parseYaml(valuesText) as Record<string, unknown>;
const cases = parseCases(readFileSync(join(here, 'cases.txt'), 'utf8'));
const errorCases = parseCases(readFileSync(join(here, 'errors.txt'), 'utf8'));

const fileOf = (i: number) => `_c${String(i).padStart(3, '0')}.tpl`;
const nameOf = (i: number) => `c/templates/${fileOf(i)}`;

describe.each([
  { major: 3 as const, goVersion: '1.23' as const },
  { major: 4 as const, goVersion: '1.25' as const },
])('oracle: rendered output, helm v$major', ({ major, goVersion }) => {
  const expected = new Map<string, string>();
  const ours = new TemplateSet({ missingKey: 'zero', goVersion });

  beforeAll(() => {
    const templates: Record<string, string> = {};
    cases.forEach((c, i) => (templates[fileOf(i)] = c.tpl));
    const names = cases.map((_, i) => `"${nameOf(i)}"`).join(' ');
    templates['out.yaml'] = `{{- range $n := list ${names} }}\n{{ $n }}: {{ include $n $ | b64enc }}\n{{- end }}\n`;
    const r = helmTemplate(writeChart(templates, valuesText), major);
    expect(r.stderr).toBe('');
    for (const line of r.stdout.split('\n')) {
      const m = /^(c\/templates\/_c\d+\.tpl): ?(.*)$/.exec(line);
      if (m) expected.set(m[1]!, Buffer.from(m[2]!, 'base64').toString('utf8'));
    }
    cases.forEach((c, i) => ours.parse(nameOf(i), c.tpl));
  });

  it('covers at least 150 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(expected.size).toBe(cases.length);
  });

  cases.forEach((c, i) => {
    it(c.name, () => {
      expect(ours.execute(nameOf(i), { Values: values })).toBe(expected.get(nameOf(i)));
    });
  });
});

describe('oracle: errors, helm v3', () => {
  errorCases.forEach((c) => {
    it(c.name, () => {
      const r = helmTemplate(writeChart({ 't.yaml': c.tpl }, valuesText));
      expect(r.status).not.toBe(0);
      const helmError = r.stderr.split('\n')[0]!.replace(/^Error: /, '');
      const set = new TemplateSet({ missingKey: 'zero' });
      let ourError: string;
      try {
        set.parse('c/templates/t.yaml', c.tpl);
        try {
          set.execute('c/templates/t.yaml', { Values: values });
          ourError = '(no error)';
        } catch (e) {
          ourError = (e as Error).message;
        }
      } catch (e) {
        ourError = helmParseError((e as Error).message);
      }
      expect(ourError).toBe(helmError);
    });
  });
});
