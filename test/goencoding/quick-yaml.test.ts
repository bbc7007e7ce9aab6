// The js-yaml quick path against the spec-faithful goyaml reader: on every YAML document of the repository and on
// seeded mutations of them (the near-misses where parsers part), whatever quickYaml answers must equal what the exact
// reader returns, and it must not accept a text the exact reader rejects.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYamlDocuments, quickYaml } from '../../src/goencoding/yaml.js';

const ROOT = join(import.meta.dirname, '../..');

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yamlFiles(p, out);
    else if (e.isFile() && /\.ya?ml$/.test(e.name)) out.push(p); // symlinks skipped: the corpus has dangling ones
  }
  return out;
}

const documents = ['charts', 'overlays', 'argocd', 'test/parity/corpus', 'test/fixtures', 'bench/charts']
  .flatMap((d) => yamlFiles(join(ROOT, d)))
  .flatMap((f) => readFileSync(f, 'utf8').split(/^---.*$/m))
  .filter((d) => d.trim() !== '');

/** Edits that turn valid YAML into the cases readers disagree on: indicators, indentation, quotes, flow brackets. */
const PIECES = [' ', '  ', '\n', ':', ': ', '-', '- ', '#', '"', "'", '{', '}', '[', ']', ',', '|', '|-', '>', '&a', '*a',
  '!', '!!str ', '?', '%', '@', '`', '\t', 'x', '0', '0x1F', '1e3', '.inf', '~', 'on', 'no', '\n  ', '\n- ', '<<: '];

function mutations(seed: number, count: number): string[] {
  let s = seed;
  const rnd = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s % n;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let t = documents[rnd(documents.length)]!;
    for (let k = 1 + rnd(3); k > 0; k--) {
      const at = rnd(t.length + 1);
      const piece = PIECES[rnd(PIECES.length)]!;
      const op = rnd(3);
      t = op === 0 ? t.slice(0, at) + t.slice(at + 1 + rnd(3)) : t.slice(0, at) + piece + t.slice(at + (op === 1 ? 0 : 1));
    }
    out.push(t);
  }
  return out;
}

function exact(text: string): { value: unknown } | { error: string } {
  try {
    return { value: parseYamlDocuments(text)[0] ?? null };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('quickYaml', () => {
  it('finds a corpus of real documents', () => {
    expect(documents.length).toBeGreaterThan(500);
  });

  it('answers for the plain documents charts render', () => {
    const answered = documents.filter((d) => quickYaml(d) !== undefined).length;
    expect(answered / documents.length).toBeGreaterThan(0.5);
    expect(quickYaml('kind: Deployment\nmetadata:\n  name: web\n  labels: {tier: "1"}\n')).toEqual({
      value: { kind: 'Deployment', metadata: { name: 'web', labels: { tier: '1' } } },
    });
  });

  it.each([
    ['a null key', ': x\n'],
    ['a numeric key', '1e6: x\n'],
    ['a boolean key', 'on: x\n'],
    ['a flow-map key', '{a: b}: c\n'],
    ['a template left in', 'a: {{ .Values.x }}\n'],
    ['an infinite number', 'a: .inf\n'],
    ['a merge key', 'b: &b {x: 1}\nc:\n  <<: *b\n'],
    ['a tab', 'a:\tb\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
  ])('defers to the exact reader on %s', (_, text) => {
    expect(quickYaml(text)).toBeUndefined();
  });

  it.each([
    ['template braces in a double-quoted scalar', 'a: "{{ .Values.x }}"\nb:\n  - "{{ include \\"x\\" . }}-y"\n'],
    ['template braces in a single-quoted scalar', "a: 'http://{{ .Release.Name }}:80'\n"],
    ['indicators in quoted scalars', 'schedule: "13 */4 * * *"\nhost: \'*.example.com\'\nx: "&a *b !c %d @e `f ?g"\n'],
  ])('answers, as the exact reader does, for %s', (_, text) => {
    const quick = quickYaml(text);
    expect(quick).toBeDefined();
    expect(quick).toEqual(exact(text));
  });

  // QY_SEED and QY_N run a longer or different search by hand; CI runs the default.
  it('never differs from the exact reader on documents and their mutations', () => {
    const differences: Array<{ text: string; quick: unknown; exact: unknown }> = [];
    let answered = 0;
    for (const text of [...documents, ...mutations(Number(process.env.QY_SEED ?? 20261127), Number(process.env.QY_N ?? 20000))]) {
      const quick = quickYaml(text);
      if (quick === undefined) continue;
      answered++;
      const want = exact(text);
      if (JSON.stringify(quick) !== JSON.stringify(want)) differences.push({ text, quick, exact: want });
    }
    expect(differences.slice(0, 5)).toEqual([]);
    // The mutations must reach the quick path often enough to probe it, not only its refusals.
    expect(answered).toBeGreaterThan(4000);
  });
});
