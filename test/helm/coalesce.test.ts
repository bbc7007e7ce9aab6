import { describe, expect, it } from 'vitest';
import { Chart, type Metadata } from '../../src/helm/chart.js';
import { coalesceValues } from '../../src/helm/coalesce.js';

function chart(name: string, values: Record<string, unknown>, deps: Chart[] = []): Chart {
  const md = { name, version: '0.1.0', apiVersion: 'v2', dependencies: [] } as unknown as Metadata;
  const c = new Chart(md);
  c.values = values;
  for (const d of deps) c.addDependency(d);
  return c;
}

describe('coalesceValues', () => {
  it('puts chart defaults under user values: maps merge, scalars and lists are replaced', () => {
    const c = chart('c', { a: 1, m: { x: 1, y: 1 }, l: [1, 2] });
    expect(coalesceValues(c, { m: { y: 2 }, l: [3] })).toEqual({ a: 1, m: { x: 1, y: 2 }, l: [3] });
  });

  it('deletes keys the user sets to null, at any depth', () => {
    const c = chart('c', { a: 1, b: 2, m: { x: 1, y: 1 } });
    expect(coalesceValues(c, { b: null, m: { y: null } })).toEqual({ a: 1, m: { x: 1 } });
  });

  it('does not modify its inputs', () => {
    const defaults = { m: { x: 1 } };
    const user = { m: { y: 2 } };
    coalesceValues(chart('c', defaults), user);
    expect(defaults).toEqual({ m: { x: 1 } });
    expect(user).toEqual({ m: { y: 2 } });
  });

  it('scopes subchart values and pushes globals down', () => {
    const child = chart('child', { own: 'c', override: 'child', global: { region: 'us', childOnly: 1 } });
    const parent = chart('parent', { global: { region: 'eu' }, child: { override: 'parent' } }, [child]);
    expect(coalesceValues(parent, {})).toEqual({
      global: { region: 'eu' },
      child: { own: 'c', override: 'parent', global: { region: 'eu', childOnly: 1 } },
    });
  });

  it('keeps parent nulls for a subchart until the subchart is coalesced (helm 3.17, issue 9027)', () => {
    const child = chart('child', { hash: { key1: 1, key2: 2 } });
    const parent = chart('parent', { child: { hash: { key1: null } } }, [child]);
    expect(coalesceValues(parent, {})).toEqual({ child: { hash: { key2: 2 }, global: {} } });
  });

  it('fails when a subchart table is not a map', () => {
    const parent = chart('parent', {}, [chart('child', {})]);
    expect(() => coalesceValues(parent, { child: 'flat' })).toThrow('type mismatch on child: %!t(string=flat)');
  });
});
