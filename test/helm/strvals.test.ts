import { describe, expect, it } from 'vitest';
import { GoNumber } from '../../src/gotemplate/values.js';
import { parseSetInto, parseSetStringInto } from '../../src/helm/strvals.js';

const i64 = (n: number) => new GoNumber('int64', BigInt(n));

function set(...args: string[]): Record<string, unknown> {
  const dest: Record<string, unknown> = {};
  for (const a of args) parseSetInto(a, dest);
  return dest;
}

describe('--set parsing (pkg/strvals)', () => {
  it('types scalars like typedVal', () => {
    expect(set('a=1,b=true,c=FALSE,d=0,e=01,f=+5,g=-3,h=1.5,i=null,j=9223372036854775808,k=,l=x')).toEqual({
      a: i64(1),
      b: true,
      c: false,
      d: i64(0),
      e: '01',
      f: i64(5),
      g: i64(-3),
      h: '1.5',
      i: null,
      j: '9223372036854775808',
      k: '',
      l: 'x',
    });
  });

  it('builds nested maps and lists', () => {
    expect(set('a.b.c=1', 'l[1]=x', 'm[0].n=v', 'g[0][1]=z', 'braces={a,1,true}', 'empty={}')).toEqual({
      a: { b: { c: i64(1) } },
      l: [null, 'x'],
      m: [{ n: 'v' }],
      g: [[null, 'z']],
      braces: ['a', i64(1), true],
      empty: [''],
    });
  });

  it('honours backslash escapes', () => {
    expect(set('a=x\\,y,b\\.c=d')).toEqual({ a: 'x,y', 'b.c': 'd' });
  });

  it('merges into existing values and replaces list items', () => {
    const dest: Record<string, unknown> = { l: ['a', 'b'], m: { keep: 1 } };
    parseSetInto('l[1]=B,m.add=2', dest);
    expect(dest).toEqual({ l: ['a', 'B'], m: { keep: 1, add: i64(2) } });
  });

  it('--set-string keeps strings', () => {
    const dest: Record<string, unknown> = {};
    parseSetStringInto('a=1,b=true,c=null,l={1,2}', dest);
    expect(dest).toEqual({ a: '1', b: 'true', c: 'null', l: ['1', '2'] });
  });

  it.each([
    ['a.b', 'key "b" has no value'],
    ['a', 'key "a" has no value'],
    ['a=1,b', 'key "b" has no value'],
    ['a,', 'key "a" has no value (cannot end with ,)'],
    ['l={a,b', "list must terminate with '}'"],
    ['a[x]=1', 'error parsing index: strconv.Atoi: parsing "x": invalid syntax'],
    ['a[0=1', 'error parsing index: EOF'],
    ['a[-1]=1', 'negative -1 index not allowed'],
    ['a[70000]=1', 'index of 70000 is greater than maximum supported index of 65536'],
    ['a[0]xé=1', "unexpected data at end of array index: ['x' 'é']"],
  ])('%s fails with %s', (input, message) => {
    expect(() => set(input)).toThrow(message);
  });

  it('reports Go type assertion panics on existing values', () => {
    expect(() => set('x=1', 'x.y=2')).toThrow('unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}');
    expect(() => set('x=null', 'x[0]=1')).toThrow('unable to parse key: interface conversion: interface {} is nil, not []interface {}');
  });
});
