// Flow collections spread over lines, against real helm: libyaml lets their lines sit at any indentation and reports
// unclosed ones in its own words. Seeded generated documents (FLOW_SEED, FLOW_N to widen the search by hand), one helm
// run; fromYaml must give helm's value, or helm's error word for word.
import { describe, expect, it } from 'vitest';
import { parseYamlObject } from '../../src/goencoding/yaml.js';
import { buildValuesYaml, runOracle, type StringCase } from './oracle.js';

function generator(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s % n;
  };
}

function flowDocuments(seed: number, count: number): StringCase[] {
  const rnd = generator(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;
  // Inside flow collections and quoted scalars libyaml also takes a tab for white space.
  const breakLine = () => `\n${' '.repeat(rnd(6))}${rnd(5) === 0 ? '\t' : ''}`;
  const gap = () => pick([' ', '', breakLine(), ` # note${breakLine()}`, `${breakLine()}${breakLine()}`]);
  // Quoted scalars may continue on any line in both contexts; plain ones only inside a flow collection.
  const scalar = (inFlow: boolean) =>
    pick(['a', 'b c', '1', '2.5', 'yes', '"q, r"', "'s'", 'x-y', '~', `"multi${breakLine()}line"`, `'it''s${breakLine()}here'`, inFlow ? `plain${breakLine()}words` : 'w']);
  const node = (depth: number): string => {
    const kind = depth >= 3 ? 0 : rnd(3);
    if (kind === 0) return scalar(depth > 0);
    const map = kind === 2;
    const items = Array.from({ length: rnd(4) }, (_, i) => (map ? `k${i}: ${node(depth + 1)}` : node(depth + 1)));
    const close = rnd(12) === 0 ? '' : map ? '}' : ']';
    const trailing = items.length > 0 && rnd(5) === 0 ? ',' : '';
    return `${map ? '{' : '['}${gap()}${items.join(`,${gap()}`)}${trailing}${gap()}${close}`;
  };
  const docs: StringCase[] = [];
  for (let i = 0; i < count; i++) {
    const indent = ' '.repeat(pick([0, 2, 4]));
    const head = indent === '' ? '' : pick(['top:\n', 'top:\n  mid:\n'].filter((h) => h.split('\n').length - 1 === indent.length / 2));
    const entry = pick([`${indent}key: `, `${indent}- `]);
    const tail = pick(['', '\n', `\n${indent}next: 1\n`, '\n---\nb: 2\n']);
    docs.push({ id: `s${String(i).padStart(4, '0')}`, text: `${head}${entry}${node(0)}${tail}` });
  }
  return docs;
}

describe('multi-line flow collections vs helm v3.17.3', () => {
  const seed = Number(process.env.FLOW_SEED ?? 20261127);
  const cases = flowDocuments(seed, Number(process.env.FLOW_N ?? 400));
  const oracle = runOracle(buildValuesYaml([], cases));

  it(`reads every generated document as helm does (seed ${seed})`, () => {
    const diffs: string[] = [];
    let errors = 0;
    for (const c of cases) {
      let got: unknown;
      try {
        got = parseYamlObject(c.text);
      } catch (e) {
        got = { Error: (e as Error).message };
        errors++;
      }
      const want = oracle.get(c.id)?.get('fromYaml');
      if (JSON.stringify(got) !== want) diffs.push(`${JSON.stringify(c.text)}\n  helm: ${want}\n  ours: ${JSON.stringify(got)}`);
    }
    expect(diffs.slice(0, 10).join('\n')).toBe('');
    // Both outcomes must be well represented for the comparison to mean anything.
    expect(errors).toBeGreaterThan(cases.length / 10);
    expect(errors).toBeLessThan(cases.length * 0.9);
  });
});
