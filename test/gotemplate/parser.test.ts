// Lexer and parser: token streams, parse → toString round trips (Go's Node.String() forms) and Go's parse errors.
import { describe, expect, it } from 'vitest';
import { ItemType, Lexer } from '../../src/gotemplate/lexer.js';
import { parseTemplates } from '../../src/gotemplate/parser.js';

const funcs = new Set(['printf', 'len', 'eq', 'and', 'index', 'print']);
const hasFunction = (n: string) => funcs.has(n);

function lexAll(input: string): [string, string][] {
  const l = new Lexer('t', input);
  const out: [string, string][] = [];
  for (;;) {
    const i = l.nextItem();
    out.push([ItemType[i.type]!, i.val]);
    if (i.type === ItemType.EOF || i.type === ItemType.Error) return out;
  }
}

function reprint(text: string, name = 't'): string {
  return parseTemplates('t', text, hasFunction).get(name)!.root.toString();
}

function parseError(text: string): string {
  try {
    parseTemplates('t', text, hasFunction);
  } catch (e) {
    return (e as Error).message;
  }
  return '(no error)';
}

describe('lexer', () => {
  it('splits text, delimiters, fields, pipes and literals', () => {
    expect(lexAll('a{{.X.Y | printf "%d" 1.5e3 $v}}b')).toEqual([
      ['Text', 'a'],
      ['LeftDelim', '{{'],
      ['Field', '.X'],
      ['Field', '.Y'],
      ['Space', ' '],
      ['Pipe', '|'],
      ['Space', ' '],
      ['Identifier', 'printf'],
      ['Space', ' '],
      ['String', '"%d"'],
      ['Space', ' '],
      ['Number', '1.5e3'],
      ['Space', ' '],
      ['Variable', '$v'],
      ['RightDelim', '}}'],
      ['Text', 'b'],
      ['EOF', ''],
    ]);
  });

  it('trims around trim markers but reads {{-3}} as a number', () => {
    expect(lexAll('a \n{{- 1 -}}\n b{{-3}}').filter(([t]) => t === 'Text' || t === 'Number')).toEqual([
      ['Text', 'a'],
      ['Number', '1'],
      ['Text', 'b'],
      ['Number', '-3'],
    ]);
  });

  it('lexes number forms, chars, raw strings, keywords and declarations', () => {
    const kinds = lexAll("{{0x1F 0o17 0b1 1_000 0x1p-2 1i 1+2i 'a' `r\nx` nil true else $x := $y = (.)}}")
      .filter(([t]) => t !== 'Space')
      .map(([t, v]) => `${t}:${v}`);
    expect(kinds).toEqual([
      'LeftDelim:{{',
      'Number:0x1F',
      'Number:0o17',
      'Number:0b1',
      'Number:1_000',
      'Number:0x1p-2',
      'Number:1i',
      'Complex:1+2i',
      "CharConstant:'a'",
      'RawString:`r\nx`',
      'Nil:nil',
      'Bool:true',
      'Else:else',
      'Variable:$x',
      'Declare::=',
      'Variable:$y',
      'Assign:=',
      'LeftParen:(',
      'Dot:.',
      'RightParen:)',
      'RightDelim:}}',
      'EOF:',
    ]);
  });

  it('drops comments, honouring trim markers', () => {
    expect(lexAll('a {{- /* c */ -}} b{{/* d */}}')).toEqual([
      ['Text', 'a'],
      ['Text', 'b'],
      ['EOF', ''],
    ]);
  });

  it('reports lexical errors', () => {
    expect(lexAll('{{"abc}}').pop()).toEqual(['Error', 'unterminated quoted string']);
    expect(lexAll('{{3k}}').pop()).toEqual(['Error', 'bad number syntax: "3k"']);
    expect(lexAll('{{.X').pop()).toEqual(['Error', 'unclosed action']);
    expect(lexAll('{{/* x }}').pop()).toEqual(['Error', 'unclosed comment']);
    expect(lexAll('{{ (1 }}').pop()).toEqual(['Error', 'unclosed left paren']);
    expect(lexAll('{{ $x=1 }}').pop()).toEqual(['Error', "bad character U+003D '='"]);
  });
});

describe('parser round trips', () => {
  const cases: [string, string][] = [
    ['{{.X}}', '{{.X}}'],
    ['{{ .X.Y  |  printf "%d" }}', '{{.X.Y | printf "%d"}}'],
    ['{{$x := .X}}{{$x}}', '{{$x := .X}}{{$x}}'],
    ['{{$x := 0}}{{$x = 1}}', '{{$x := 0}}{{$x = 1}}'],
    ['{{range $i, $v := .}}{{$i}}{{end}}', '{{range $i, $v := .}}{{$i}}{{end}}'],
    ['{{if .X}}a{{else if .Y}}b{{else}}c{{end}}', '{{if .X}}a{{else}}{{if .Y}}b{{else}}c{{end}}{{end}}'],
    ['{{with .X}}a{{else with .Y}}b{{end}}', '{{with .X}}a{{else}}{{with .Y}}b{{end}}{{end}}'],
    ['{{range .}}{{break}}{{continue}}{{else}}e{{end}}', '{{range .}}{{break}}{{continue}}{{else}}e{{end}}'],
    ['{{template "x" .}}{{template `y`}}', '{{template "x" .}}{{template "y"}}'],
    ['{{(.X).Y}} {{(index . 1).Z.W}}', '{{(.X).Y}} {{(index . 1).Z.W}}'],
    ['{{printf "%d" ( 1 ) }}', '{{printf "%d" (1)}}'],
    ['{{ 0x1_0 1e3 .5 \'a\' "q\\n" `raw` true nil }}', '{{0x1_0 1e3 .5 \'a\' "q\\n" `raw` true nil}}'],
    ['{{$.X.Y}}', '{{$.X.Y}}'],
    ['a{{/* c */}}b', 'ab'],
    ['  {{- .X -}}  ', '{{.X}}'],
    ['{{if and .A (eq .B 1)}}x{{end}}', '{{if and .A (eq .B 1)}}x{{end}}'],
    ['{{block "b" .}}in{{end}}', '{{template "b" .}}'],
  ];
  it.each(cases)('%s', (input, want) => {
    expect(reprint(input)).toBe(want);
  });

  it('collects define and block bodies as their own trees', () => {
    const trees = parseTemplates('t', '{{define "a"}}A{{.}}{{end}}x{{block "b" 1}}B{{end}}', hasFunction);
    expect([...trees.keys()].sort()).toEqual(['a', 'b', 't']);
    expect(trees.get('a')!.root.toString()).toBe('A{{.}}');
    expect(trees.get('b')!.root.toString()).toBe('B');
    expect(trees.get('t')!.root.toString()).toBe('x{{template "b" 1}}');
  });

  it('stores number constants under every type that represents them', () => {
    const n = parseTemplates('t', '{{4.0}}', hasFunction).get('t')!.root.nodes[0]!;
    expect(n.toString()).toBe('{{4.0}}');
  });
});

describe('parse errors', () => {
  const cases: [string, string][] = [
    ['{{if}}x{{end}}', 'template: t:1: missing value for if'],
    ['{{end}}', 'template: t:1: unexpected {{end}}'],
    ['{{range .}}x', 'template: t:1: unexpected EOF'],
    ['{{.X | 1}}', 'template: t:1: non executable command in pipeline stage 2'],
    ['\n{{nofunc 1}}', 'template: t:2: function "nofunc" not defined'],
    ['{{$x}}', 'template: t:1: undefined variable "$x"'],
    ['{{if true}}{{$x := 1}}{{end}}{{$x}}', 'template: t:1: undefined variable "$x"'],
    ['{{break}}', 'template: t:1: {{break}} outside {{range}}'],
    ['{{range .}}{{else}}{{else}}{{end}}', 'template: t:1: expected end; found {{else}}'],
    ['{{define "a"}}1{{end}}{{define "a"}}2{{end}}', 'template: t:1: template: multiple definition of template "a"'],
    ['{{"abc}}', 'template: t:1: unterminated quoted string'],
    ['{{ 1 | }}', '(no error)'],
    ['{{ 99999999999999999999 }}', 'template: t:1: integer overflow: "99999999999999999999"'],
    ['{{ "a".x }}', 'template: t:1: unexpected . after term "\\"a\\""'],
    ['{{ $x, $y := 1 }}', 'template: t:1: too many declarations in command'],
    ['{{ range $a, $b, $c := . }}{{end}}', 'template: t:1: too many declarations in range'],
    ['{{ template .X }}', 'template: t:1: unexpected ".X" in template clause'],
    ['{{.X\n', 'template: t:2: unclosed action started at t:1'],
    ['{{ "a" 1 }', 'template: t:1: unexpected "}" in operand'],
  ];
  it.each(cases)('%s', (input, want) => {
    expect(parseError(input)).toBe(want);
  });

  it('keeps the first body when a later define in the same parse is empty', () => {
    const trees = parseTemplates('t', '{{define "e"}}E{{end}}{{define "e"}} {{end}}', hasFunction);
    expect(trees.get('e')!.root.toString()).toBe('E');
  });
});
