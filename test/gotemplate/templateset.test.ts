// TemplateSet API: Go's association rules, clone, options, function typing (reflect.Call rules), re-entrancy and
// the execution depth limit.
import { describe, expect, it } from 'vitest';
import { GoNumber, GoStruct, TemplateError, TemplateSet, type GoFunc } from '../../src/gotemplate/index.js';

function run(text: string, data: unknown = {}, set = new TemplateSet()): string {
  set.parse('t', text);
  return set.execute('t', data);
}

function runError(text: string, data: unknown = {}, set = new TemplateSet()): string {
  try {
    run(text, data, set);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return (e as Error).message;
  }
  return '(no error)';
}

describe('template set', () => {
  it('lets a later parse replace a define, but never with an empty body', () => {
    const s = new TemplateSet();
    s.parse('a', '{{define "x"}}1{{end}}');
    s.parse('b', '{{define "x"}}2{{end}}');
    s.parse('c', '{{define "x"}}  {{end}}');
    s.parse('t', '{{template "x"}}');
    expect(s.execute('t', null)).toBe('2');
    expect(s.has('x') && s.has('a') && !s.has('nope')).toBe(true);
  });

  it('reports an unknown template', () => {
    expect(() => new TemplateSet().execute('nope', {})).toThrow('template: no template "nope" associated with template ""');
    expect(() => new TemplateSet({ name: 'root' }).clone().execute('nope', {})).toThrow(
      'template: no template "nope" associated with template "root"',
    );
  });

  it('clones independently', () => {
    const s = new TemplateSet();
    s.parse('t', '{{template "x"}}');
    s.parse('d', '{{define "x"}}orig{{end}}');
    const c = s.clone();
    c.parse('d2', '{{define "x"}}clone{{end}}');
    expect(c.execute('t', null)).toBe('clone');
    expect(s.execute('t', null)).toBe('orig');
  });

  it('applies missingkey default, zero and error', () => {
    const text = '{{.a.b}}';
    expect(run(text, {}, new TemplateSet())).toBe('<no value>');
    expect(runError(text, {}, new TemplateSet({ missingKey: 'zero' }))).toBe(
      'template: t:1:4: executing "t" at <.a.b>: nil pointer evaluating interface {}.b',
    );
    const s = new TemplateSet();
    s.setOptions({ missingKey: 'error' });
    expect(runError(text, {}, s)).toBe('template: t:1:4: executing "t" at <.a.b>: map has no entry for key "a"');
  });

  it('reports byte columns on later lines', () => {
    expect(runError('é\n  ü {{ .a.b }}', {}, new TemplateSet({ missingKey: 'zero' }))).toBe(
      'template: t:2:10: executing "t" at <.a.b>: nil pointer evaluating interface {}.b',
    );
  });
});

describe('function calls', () => {
  const twice: GoFunc = { params: ['int'], result: 'int', fn: (n: bigint) => n * 2n };
  const half: GoFunc = { params: ['float64'], result: 'float64', fn: (n: number) => n / 2 };
  const boom: GoFunc = { params: [], returnsError: true, fn: () => { throw new Error('bad'); } };
  const len: GoFunc = { params: ['interface{}'], fn: () => 'shadow' };
  const join: GoFunc = { params: ['string'], variadic: 'interface{}', fn: (sep: string, ...a: unknown[]) => a.join(sep) };
  const funcs = { twice, half, boom, len, join };
  const set = () => new TemplateSet({ funcs });

  it('converts untyped constants to the parameter type', () => {
    expect(run('{{twice 4}} {{twice 4.0}} {{half 3}} {{join "-" 1 "a"}}', {}, set())).toBe('8 8 1.5 1-a');
  });

  it('rejects values of another type like reflect.Call', () => {
    expect(runError('{{twice .f}}', { f: 1.5 }, set())).toBe(
      'template: t:1:8: executing "t" at <.f>: wrong type for value; expected int; got float64',
    );
    expect(runError('{{twice 1.5}}', {}, set())).toBe('template: t:1:8: executing "t" at <1.5>: expected integer; found 1.5');
    expect(runError('{{.f | twice}}', { f: 'x' }, set())).toBe(
      'template: t:1:7: executing "t" at <twice>: wrong type for value; expected int; got string',
    );
    expect(runError('{{twice}}', {}, set())).toBe('template: t:1:2: executing "t" at <twice>: wrong number of args for twice: want 1 got 0');
  });

  it('turns a thrown error into "error calling"', () => {
    expect(runError('{{boom}}', {}, set())).toBe('template: t:1:2: executing "t" at <boom>: error calling boom: bad');
  });

  it('lets FuncMap entries shadow builtins', () => {
    expect(run('{{len "abc"}}', {}, set())).toBe('shadow');
    expect(() => new TemplateSet().parse('t', '{{nofunc}}')).toThrow('template: t:1: function "nofunc" not defined');
  });

  it('is re-entrant: a function may execute templates of the same set', () => {
    const s = new TemplateSet();
    const incl: GoFunc = { params: ['string', 'interface{}'], returnsError: true, fn: (n: string, d: unknown) => s.execute(n, d) };
    s.setOptions({ funcs: { incl } });
    s.parse('t', '{{define "x"}}[{{.}}]{{end}}{{incl "x" 5}}{{incl "y" 1}}');
    expect(() => s.execute('t', null)).toThrow(
      'template: t:1:44: executing "t" at <incl "y" 1>: error calling incl: template: no template "y" associated with template ""',
    );
    s.parse('y', 'Y{{.}}');
    expect(s.execute('t', null)).toBe('[5]Y1');
  });

  it('stops runaway recursion with Go’s depth error', () => {
    const msg = runError('{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}');
    expect(msg).toMatch(/^template: t:1:\d+: executing "r" at <\{\{template "r" \.\}\}>: exceeded maximum template depth \(100000\)$/);
  });

  it('calls function values with the call builtin', () => {
    expect(run('{{call .f 2}}', { f: twice })).toBe('4');
    expect(runError('{{call .f 2}}', { f: 1 })).toBe('template: t:1:2: executing "t" at <call .f 2>: error calling call: non-function .f of type float64');
  });
});

class Person extends GoStruct {
  readonly goType = 'main.Person';
  field(name: string) {
    return name === 'Name' ? { value: 'Ann' } : undefined;
  }
  override method(name: string): GoFunc | undefined {
    return name === 'Greet' ? { params: ['string'], result: 'string', fn: (s: string) => `hi ${s}` } : undefined;
  }
  toJSONValue() {
    return { Name: 'Ann' };
  }
  formatV() {
    return '{Ann}';
  }
}

describe('structs and builtins not reachable through helm', () => {
  it('looks up methods, then fields, on GoStruct values', () => {
    expect(run('{{.Name}} {{.Greet "Bo"}} {{.}}', new Person())).toBe('Ann hi Bo {Ann}');
    expect(runError('{{.Age}}', new Person())).toBe('template: t:1:2: executing "t" at <.Age>: can\'t evaluate field Age in type main.Person');
  });

  it('slices strings (by bytes) and lists', () => {
    expect(run('{{slice "hello" 1 3}} {{slice .l 1}} {{slice .l}} {{slice "héllo" 1 3 | len}}', { l: ['a', 'b', 'c'] })).toBe('el [b c] [a b c] 2');
    expect(runError('{{slice .l 2 1}}', { l: ['a', 'b', 'c'] })).toBe(
      'template: t:1:2: executing "t" at <slice .l 2 1>: error calling slice: invalid slice index: 2 > 1',
    );
    expect(runError('{{slice "abc" 1 2 3}}')).toBe(
      'template: t:1:2: executing "t" at <slice "abc" 1 2 3>: error calling slice: cannot 3-index slice a string',
    );
  });

  it('compares int and uint kinds by value', () => {
    expect(run('{{eq (index "a" 0) 97}} {{lt 96 (index "a" 0)}}')).toBe('true true');
    expect(run('{{eq .u 3}}', { u: new GoNumber('uint64', 3n) })).toBe('true');
  });
});

// Behaviour of Go 1.25 (helm v4.1.4), captured from that binary; Go 1.23 is covered by the oracle.
describe('goVersion 1.25', () => {
  const go125 = () => new TemplateSet({ missingKey: 'zero', goVersion: '1.25' });

  it('ranges over integers', () => {
    expect(run('{{ range 3 }}x{{ end }} {{ range $i := 3 }}{{ $i }}{{ end }} {{ range 0 }}x{{ else }}none{{ end }}', {}, go125())).toBe(
      'xxx 012 none',
    );
    expect(runError('{{ range $i, $v := 2 }}{{ end }}', {}, go125())).toBe(
      'template: t:1:19: executing "t" at <2>: can\'t use 2 to iterate over more than one variable',
    );
    expect(runError('{{ range .n }}{{ end }}', { n: 3 }, go125())).toBe('template: t:1:9: executing "t" at <.n>: range can\'t iterate over 3');
  });

  it('names the types in comparison errors', () => {
    expect(runError('{{ eq .n 1 }}', { n: 1 }, go125())).toBe(
      'template: t:1:3: executing "t" at <eq .n 1>: error calling eq: incompatible types for comparison: float64 and int',
    );
    expect(runError('{{ lt 1 "a" }}', {}, go125())).toBe(
      'template: t:1:3: executing "t" at <lt 1 "a">: error calling lt: incompatible types for comparison: int and string',
    );
  });
});
