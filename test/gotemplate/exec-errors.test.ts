/// <reference types="node" />
// Execution error texts, checked byte for byte. The expectations were captured from helm v3.17.3 (Go 1.23) rendering
// each template as c/templates/t.yaml with oracle/values.yaml; the per-run oracle (oracle.test.ts) keeps its own
// error table small because it spawns helm once per error case.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { expect, it } from 'vitest';
import { TemplateSet } from '../../src/gotemplate/index.js';
import { helmParseError } from './helm-oracle.js';

const values = parseYaml(readFileSync(join(import.meta.dirname, 'oracle/values.yaml'), 'utf8')) as Record<string, unknown>;

const at = (col: number, ctx: string, msg: string) => `template: c/templates/t.yaml:1:${col}: executing "c/templates/t.yaml" at <${ctx}>: ${msg}`;

const cases: [string, string][] = [
  ['{{ .Values.str 1 }}', at(10, '.Values.str', 'str is not a method but has arguments')],
  ['{{ nil }}', at(3, 'nil', 'nil is not a command')],
  ['{{ 1 2 }}', at(3, '1', "can't give argument to non-function 1")],
  ['{{ 18446744073709551615 }}', at(3, '18446744073709551615', '18446744073709551615 overflows int')],
  ['{{ index .Values.list 3 }}', at(3, 'index .Values.list 3', 'error calling index: reflect: slice index out of range')],
  ['{{ len .Values.nul }}', at(3, 'len .Values.nul', 'error calling len: len of nil pointer')],
  ['{{ index .Values.nul 1 }}', at(3, 'index .Values.nul 1', 'error calling index: index of untyped nil')],
  ['{{ index .Values.map 1 }}', at(3, 'index .Values.map 1', 'error calling index: value has type int; should be string')],
  ['{{ $x := .Values.missing }}{{ printf $x }}', at(37, '$x', 'invalid value; expected string')],
  ['{{ eq .Values.list .Values.list }}', at(3, 'eq .Values.list .Values.list', 'error calling eq: non-comparable type [a b c]: []interface {}')],
  ['{{ eq .Values.map 1 }}', at(3, 'eq .Values.map 1', 'error calling eq: incompatible types for comparison')],
  [
    '{{ eq .Values.map .Values.list }}',
    at(
      3,
      'eq .Values.map .Values.list',
      'error calling eq: non-comparable types map[B:%!s(float64=3) _z:%!s(float64=5) a:%!s(float64=1) a10:%!s(float64=6) a9:%!s(float64=7) b:%!s(float64=2)]: map[string]interface {}, []interface {}: [a b c]',
    ),
  ],
  ['{{ call .Values.str }}', at(3, 'call .Values.str', 'error calling call: non-function .Values.str of type string')],
  ['{{ index .Values.map .Values.missing }}', at(3, 'index .Values.map .Values.missing', 'error calling index: value is nil; should be of type string')],
  ['{{ .Values.list.x }}', at(10, '.Values.list.x', "can't evaluate field x in type interface {}")],
  ['{{ with .Values.str }}{{ .x }}{{ end }}', at(25, '.x', "can't evaluate field x in type string")],
  ['{{ range .Values.list }}{{ .x }}{{ end }}', at(27, '.x', "can't evaluate field x in type interface {}")],
  ['{{ range .Values.mixed }}{{ .x }}{{ end }}', at(28, '.x', "can't evaluate field x in type interface {}")],
  ['{{ template "nope" }}', at(12, '{{template "nope"}}', 'template "nope" not defined')],
  ['{{ (1).x }}', at(4, '1', "can't evaluate field x in type int")],
  ["{{ ('a').x }}", at(4, "'a'", "can't evaluate field x in type int")],
  ['{{ not }}', at(3, 'not', 'wrong number of args for not: want 1 got 0')],
  ['{{ and }}', at(3, 'and', 'wrong number of args for and: want at least 1 got 0')],
];

it.each(cases)('%s', (tpl, want) => {
  const set = new TemplateSet({ missingKey: 'zero' });
  set.parse('c/templates/t.yaml', tpl);
  let got = '(no error)';
  try {
    set.execute('c/templates/t.yaml', { Values: values });
  } catch (e) {
    got = (e as Error).message;
  }
  expect(got).toBe(want);
});

// Parse errors as helm prints them (helm keeps only the location and the last ": "-separated part of Go's text).
const parseCases: [string, string][] = [
  ['{{ ) }}', 'unexpected right paren'],
  ['{{ 1) }}', 'unexpected right paren'],
  ['{{ # }}', 'unexpected "#" in command'],
  ['{{ ä% }}', "bad character U+0025 '%'"],
  ["{{ 'ab' }}", "'ab'"],
  ['{{ "\\q" }}', 'invalid syntax'],
  ['{{ 0x }}', '"0x"'],
  ['{{ 1.2.3 }}', 'unexpected ".3" in operand'],
  ['{{ 08 }}', '"08"'],
  ['{{ 1e }}', '"1e"'],
  ['{{ .X. }}', 'unexpected <.> in operand'],
  ['{{ - }}', '"-"'],
  ['{{ := }}', 'unexpected ":=" in command'],
  ['{{ $x := }}', 'missing value for command'],
  ['{{ if 1 }}{{ else }}{{ else }}{{ end }}', 'expected end; found {{else}}'],
  ['{{ define "a" }}{{ end }}{{ define }}', 'unexpected "}}" in define clause'],
  ['{{ template }}', 'unexpected "}}" in template clause'],
  ['{{ with }}{{ end }}', 'missing value for with'],
  ['{{ range $i, 1 := . }}{{ end }}', 'range can only initialize variables'],
  ['{{ (1 | 2) }}', 'non executable command in pipeline stage 2'],
  ['{{ else }}', 'unexpected {{else}}'],
  ['{{ 1+ }}', '"1+"'],
  ['{{ "a" | "b" }}', 'non executable command in pipeline stage 2'],
];

it.each(parseCases)('parse error %s', (tpl, want) => {
  let got = '(no error)';
  try {
    new TemplateSet().parse('c/templates/t.yaml', tpl);
  } catch (e) {
    got = helmParseError((e as Error).message);
  }
  expect(got).toBe(`parse error at (c/templates/t.yaml:1): ${want}`);
});

it.each([
  ['{{ .X | $ }}', at(8, '$', "can't give argument to non-function $")],
  ['{{ $x := 1 }}{{ $x := 2 }}{{ $y = 3 }}', at(34, '3', 'undefined variable: $y')],
])('exec error %s', (tpl, want) => {
  const set = new TemplateSet({ missingKey: 'zero' });
  set.parse('c/templates/t.yaml', tpl);
  expect(() => set.execute('c/templates/t.yaml', { Values: values })).toThrow(want);
});
