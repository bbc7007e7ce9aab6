import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../src/helm/glob.js';
import { IgnoreRules } from '../../src/helm/ignore.js';
import { BadPatternError, pathMatch } from '../../src/helm/pathmatch.js';

describe('filepath.Match', () => {
  it.each([
    ['templates/*.yaml', 'templates/a.yaml', true],
    ['templates/*.yaml', 'templates/sub/a.yaml', false],
    ['templates/?.yaml', 'templates/a.yaml', true],
    ['templates/[ab].yaml', 'templates/b.yaml', true],
    ['templates/[^ab].yaml', 'templates/b.yaml', false],
    ['templates/[a-c].yaml', 'templates/c.yaml', true],
    ['a\\*b', 'a*b', true],
    ['*', 'a/b', false],
    ['crds/a-crd.yaml', 'crds/a-crd.yaml', true],
    ['a.b', 'axb', false],
  ])('%s ~ %s = %s', (pattern, name, expected) => {
    expect(pathMatch(pattern, name)).toBe(expected);
  });

  it('rejects malformed patterns', () => {
    expect(() => pathMatch('[', 'a')).toThrow(BadPatternError);
    expect(() => pathMatch('a\\', 'a')).toThrow(BadPatternError);
  });
});

describe('gobwas glob with / separator', () => {
  it.each([
    ['files/*', 'files/a.txt', true],
    ['files/*', 'files/sub/a.txt', false],
    ['files/**', 'files/sub/a.txt', true],
    ['{a,b}.txt', 'b.txt', true],
    ['[!a]*.txt', 'a.txt', false],
    ['files/?.txt', 'files/x.txt', true],
    ['my-file.(1).txt', 'my-file.(1).txt', true],
  ])('%s ~ %s = %s', (pattern, name, expected) => {
    expect(compileGlob(pattern).test(name)).toBe(expected);
  });
});

describe('.helmignore', () => {
  const rules = IgnoreRules.parse('# comment\n*.bak\nsecret/\n/top.txt\ndocs/*.md\n');
  rules.addDefaults();
  it.each([
    ['x.bak', false, true],
    ['deep/x.bak', false, true],
    ['secret', true, true],
    ['secret', false, false],
    ['top.txt', false, true],
    ['nested/top.txt', false, false],
    ['docs/a.md', false, true],
    ['templates/.hidden.yaml', false, true],
    ['templates/ok.yaml', false, false],
  ])('%s (dir %s) ignored = %s', (path, isDir, expected) => {
    expect(rules.ignores(path, isDir)).toBe(expected);
  });

  it('a negated rule ignores everything it does not match, like helm', () => {
    const neg = IgnoreRules.parse('!keep.txt\n');
    expect(neg.ignores('keep.txt', false)).toBe(false);
    expect(neg.ignores('other.txt', false)).toBe(true);
  });

  it('rejects **', () => {
    expect(() => IgnoreRules.parse('a/**/b\n')).toThrow('double-star (**) syntax is not supported');
  });
});
