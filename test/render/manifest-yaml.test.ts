// Rendered manifests are read with YAML 1.1 typing (as the API server reads them) and written so they read back
// identically: every string goyaml would take for something else is quoted.
import { describe, expect, it } from 'vitest';
import { dumpManifest, parseManifests } from '../../src/render/manifest-yaml.js';

describe('manifest YAML', () => {
  it('reads plain scalars with goyaml v2 (YAML 1.1) typing, keys included', () => {
    const [doc] = parseManifests('a: on\nb: "on"\nc: 0777\nd: 1_000\ne: 0x1F\nf: 1:20\ng: ~\nh:\ni: 2020-01-01\nn: x\nj: .inf\n');
    expect(doc).toEqual({ a: true, b: 'on', c: 511, d: 1000, e: 31, f: '1:20', g: null, h: null, i: '2020-01-01', false: 'x', j: Infinity });
  });

  it('returns empty documents as null and reports syntax errors', () => {
    expect(parseManifests('---\n---\nx: 1\n')).toEqual([null, { x: 1 }]);
    expect(() => parseManifests('a: [unclosed\n')).toThrow(/unexpected end of the stream/);
  });

  it('writes every ambiguous string quoted, so it reads back as a string', () => {
    const words = ['yes', 'no', 'on', 'off', 'y', 'n', 'true', 'null', '~', '', '0777', '1_000', '1:20', '0x1F', '+1', '.5', '1e3', '.inf', '.NaN'];
    const tricky = ['- a', '#x', 'a: b', ' lead', 'trail ', 'multi\nline\n', '  indented\nblock', 'é ünïcode', '*ref', '&anchor', '!tag', '%x', '@x', '`x'];
    const object = { apiVersion: 'v1', kind: 'ConfigMap', data: Object.fromEntries([...words, ...tricky].map((w, i) => [`k${i}`, w])) };
    const text = dumpManifest(object);
    expect(parseManifests(text)).toEqual([object]);
    expect(text).toContain("k0: 'yes'");
  });

  it('writes numbers, booleans and nulls as goyaml reads them', () => {
    const object = { a: 1, b: 1.5, c: 1e21, d: -0.000001, e: true, f: null, g: [1, 'x', false], h: {} };
    expect(parseManifests(dumpManifest(object))).toEqual([object]);
  });
});
