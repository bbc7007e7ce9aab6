// Cases for the encoding oracle: hand-picked pitfalls plus generated families (float boundaries, YAML 1.1 words as
// values and keys, quoting-sensitive strings, multi-line and long strings, nesting).
import { yamlQuote as yamlString, type StringCase, type ValueCase } from './oracle.js';

/** YAML 1.1 words and look-alikes that goyaml resolves (or nearly resolves) to non-strings. */
export const TRICKY_WORDS = [
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF', 'yEs', 'oN', 'null', 'Null', 'NULL', 'nULL', '~', '.inf', '.Inf', '-.inf',
  '+.inf', '.NaN', '.nan', '.NAN', 'nan', 'inf', '0777', '0x1F', '0X1f', '0o17', '0b101', '-0b101', '+1', '-1', '.5',
  '1.', '1_0', '1__000', '_1', '1e3', '1E3', '1e+3', '1.5e-3', '1e999', '08', '09.5', '0', '-0', '00', '1:20',
  '-1:20:30.5', '190:20:30', '2020-01-01', '2020-1-1', '2020-13-01', '2020-02-30', '2001-12-14t21:59:43.10-05:00',
  '2001-12-14 21:59:43.10', '2001-12-14T21:59:43Z', '12:30', '1.2.3', 'v1', '1a', '0xZZ', '9223372036854775807',
  '9223372036854775808', '18446744073709551615', '18446744073709551616', '-9223372036854775808',
  '-9223372036854775809', '123456789012345678901234567890', '<<', '=', '= ', '-', '--', '---', '...', '?', ':',
];

/** Strings whose quoting depends on indicators, spaces and special characters. */
export const SPECIAL_STRINGS = [
  '', ' ', ': ', 'a: b', 'a:b', 'a :b', '#x', 'a #x', 'a#x', '- a', '-a', '@x', '`x', '%x', '!x', '&x', '*x', '|', '>',
  "'", '"', "it's", 'say "hi"', '[a]', '{a}', 'a,b', 'a]', ',a', '?x', '? x', ':x', 'x:', 'x: ', ' lead', 'trail ',
  '  two', 'a  b', 'tab\there', 'é', 'naïve café', '日本語', '😀 emoji', 'nbsp\u00a0x', 'bell\u0007', 'esc\u001b',
  'del\u007f', 'nel\u0085x', 'ls\u2028x', 'bom\ufeffx', '\\back', 'a\\nb', 'http://x.io/a?b=c#d', 'key=value',
  '${VAR}', '{{ .Values }}', '<a&b>', 'x\u2029y', 'zero\u0000', '--- a', '... a',
];

/** Multi-line strings: literal blocks, chomping, indentation indicators, and the cases that fall back to quotes. */
export const MULTILINE_STRINGS = [
  'a\nb', 'a\nb\n', 'a\nb\n\n', 'a\n\nb', '\na', '\n', '\n\n', ' a\nb', '  a\n  b\n', 'a \nb', 'a\n b', 'a\t\nb',
  'a\nb ', 'line1\r\nline2', 'a\n\n\n', 'x\n  indented\n    more\n', '# not comment\n- not list\n', 'é\nü\n',
  'trailing\n ', 'a\n\tb',
];

function words(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(String.fromCharCode(97 + (i % 26)).repeat(4));
  return out.join(' ');
}

/** Long strings around the 80-column fold, in plain, single- and double-quoted flavours. */
export const LONG_STRINGS = [
  words(18),
  words(30),
  'x'.repeat(120),
  words(25) + ' #tail',
  "'" + words(22),
  words(22) + '\t',
  words(10) + '  ' + words(12),
  'a'.repeat(78) + ' ' + 'b'.repeat(10) + ' c',
  words(40).replaceAll(' ', '  '),
  'k'.repeat(130),
];

const FLOATS = [
  0, 1, -1, 0.5, 1.5, 3.0, 100000, 999999, 1000000, 1234567, 12345678, 1e7, 1e8, 1e15, 1e16, 1e17, 1e20, 1e21, 1e22,
  1.5e21, 12345678901234567890, 9007199254740993, 0.1, 0.0001, 0.00001, 0.000001, 0.0000001, 1e-7, 1.5e-7, 1e-10,
  123.456, -0.00001, -1e21, 2.5e-5, 1234567.5, 0.30000000000000004, 1e100, 1.7976931348623157e308, 5e-324, -1234567,
];


export function valueCases(): ValueCase[] {
  const cases: ValueCase[] = [];
  const add = (yaml: string) => cases.push({ id: `v${String(cases.length).padStart(4, '0')}`, yaml });
  // Numbers as written in YAML (float64 after loading), including float spellings.
  for (const f of FLOATS) add(String(f));
  for (const f of ['1e6', '1.0e6', '1E+06', '3.0', '2.50', '-0.0', '0.1e1', '100_000', '1_000.5', '0x10', '0o10', '010']) add(f);
  // Plain words as values (YAML 1.1 typing on the way in).
  for (const w of TRICKY_WORDS) if (!/^[-?:]|^\.\.\.$|^= $|^[-+]?\.(inf|nan)$/i.test(w)) add(w);
  // The same words as strings, and as keys.
  for (const w of TRICKY_WORDS) add(yamlString(w));
  for (const w of TRICKY_WORDS) if (!/^[-?:~]|^\.\.\.$|^= $|^<<$|^null$|^9223372036854775808$|^184467440737095516/i.test(w)) add(`${w}: v`);
  for (const w of TRICKY_WORDS) add(`${yamlString(w)}: v`);
  for (const s of SPECIAL_STRINGS) add(yamlString(s));
  for (const s of SPECIAL_STRINGS) add(`${yamlString(s)}: ${yamlString(s)}`);
  for (const s of MULTILINE_STRINGS) add(yamlString(s));
  for (const s of MULTILINE_STRINGS) add(`k: ${yamlString(s)}\nl: [${yamlString(s)}]`);
  for (const s of LONG_STRINGS) add(yamlString(s));
  for (const s of LONG_STRINGS) add(`desc: ${yamlString(s)}\nlist:\n- ${yamlString(s)}\nnested:\n  deeper:\n    d: ${yamlString(s)}`);
  // Key order (keyList.Less), nesting, empties and nulls.
  add('{a10: 1, a9: 2, B: 3, b: 4, _z: 5, "1": 6, "10": 7, "9": 8, a01: 9, a1: 10, a001: 11, Z: 12, é: 13, "-": 14}');
  add('{x2y: 1, x10y: 2, "x": 4, "x0": 5, "x00": 6, "x1": 8, "k8s": 9, "k3s": 10, "k10s": 11}');
  add('{"": 1, " ": 2, "a b": 3, "a.b": 4, "a-b": 5, "a_b": 6, "a/b": 7, A: 8, "ä": 9, "z": 10}');
  add('a:\n  b:\n    c:\n      d: [1, [2, [3, {e: f}]], {}, []]\n  g: {}\n  h: []\n  i: null\n  j: ~\n  k:');
  add('- - - a\n    - b\n  - c\n- {x: [y, z]}\n- []\n- {}\n- null\n-');
  add('- a: 1\n  b: [x, y]\n  c:\n  - d: e\n    f: g\n- h');
  add('null');
  add('[]');
  add('{}');
  add('{a: [], b: {}, c: [{}], d: [[]]}');
  // Anchors, aliases and merge keys.
  add('base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\nlist: [*b, *b]');
  add('a: &a {p: 1}\nb: &b {p: 2, q: 2}\nc:\n  <<: [*a, *b]\n  r: 3');
  add('s: &s hello\nt: *s\nu: [*s]');
  // Explicit tags.
  add('a: !!str 123\nb: !!float 1\nc: !!int "7"\nd: !!str yes\ne: !!null ""\nf: !custom x\ng: !!binary aGVsbG8=');
  // Flow scalars of every style and block scalars as written in values files.
  add("a: 'single ''quoted'''\nb: \"double \\\"q\\\" \\t \\u00e9\"\nc: |\n  lit\n   more\nd: >\n  folded\n  text\n\n  para\ne: |-\n  x\nf: >-\n  y\n  z");
  add('a: |2\n    two leading\n  b\nb: |+\n  keep\n\nc: 1');
  // Unicode keys and values.
  add('ключ: значение\n日本: 語\nemoji😀: x\n"tab\\tkey": v\n"new\\nline": v');
  // Long keys (>128 bytes become complex keys).
  add(`${'k'.repeat(129)}: v\n${'j'.repeat(128)}: w`);
  // Key forms that collapse to the same JSON key type.
  add('1: int\n1.5: float\n0x1F: hex\ntrue: bool\nyes: bool2\n2020-01-01: date\n1e3: exp\n0.1: f2\n3.14159265358979: pi');
  return cases;
}

export function stringCases(): StringCase[] {
  const texts = [
    '', 'a: 1', 'a: 1\nb: [x, yes]', '- 1\n- two', 'just a string', '42', 'null', '~', 'a: b: c', 'a:\n  - b\n  c: d',
    '{a: 1', '[1, 2', 'a: *nope', 'a: &x 1\nb: *x', 'a:\tb', '\ta: b', 'key: "unterminated', "key: 'x''y'",
    'a: 1\n---\nb: 2', '---\n- x\n', 'a: .inf', 'a: .nan', 'a: [1, 2]\n  b: 3', '? complex\n: v', '- a\nb: c',
    '{"json": [1, 2.5, "x"]}', '{"a":1}', '[1,2,3]', '"str"', '{"a":}', '{"a" 1}', '[1,]', '{,}', 'tru', 'nul', '01',
    '-', '1.', '.5', '{"a":"\\x"}', '{"a":"\\u12"}', '{"a":"\t"}', '{"a":1}x', '[', '{"a":[1,{"b":null}]}', ' ',
    '1e400', '{"a":1e400}', '{"\\ud83d\\ude00":"\\ud800"}', '[true,false,null]', '{"a":1,"a":2}',
    'a = 1', 'a = "x"\n[t]\nb = 2.5\nc = [1, 2]', '[[arr]]\nx = 1\n[[arr]]\nx = 2', 'bad = ', 'd = 1979-05-27',
    's = """\nmulti\nline"""', '~: v', '18446744073709551615: x', '9223372036854775808: [1]', '[1]: x', '{a: 1}: y', 'null: 1\nx: 2', 'a:\n  ~: [1]', 'a:\x7f', 'b: "\x85"', 'i = 0x1F', 'f = 1e3', 'b = true', 'x.y.z = 1', 'inline = { a = 1, b = "c" }',
    // Unclosed flow collections and scalars, bad escapes, and flow collections whose lines libyaml lets sit anywhere.
    '[1,', '{a:', '{a: 1', 'a: "x\\q"', "a: 'b", 'a: "b\nc', '[,]', 'x: 1\ny: [1,\n  2,\n', 'x: 1\ny: {a: 1,\n  b: \n',
    'x:\n  y: "a\\xZZ"\n', 'x: [a, # c\n', 'x: 1\nkey: "unterminated\n\n', 'a: [1,\n2]', 'a: {b: 1,\nc: 2}', 'a:\n  - [1,\n  2]',
    'a: [1\n---\nb: 2',
    // Keys without `?` must sit on one line with their `:` (libyaml); explicit keys may span lines.
    'apiVersion: v2\nnam\n  : chil d\n', '{"set"\n: "value"}', '{ a: 1, kuberne\n  tes.io/x: y }', '{\n  "\n": 1\n}', '[a\n b: c]',
    '? a\n  b\n: c\n', '{? a\n b: c}',
    // goyaml decodes the first node and stops, once the token after it scans.
    '{}\n?', ' a: 1\nb: first', '# c\n  x: 1\n- y', '{}-', '{}*a|-', '{}\n|"', 'a: 1\n b', '  {a: 1}\n]',
    // In a flow collection `?` is a key indicator even without a space after it.
    'c: [?1, 2]', 'c: {?a: 1}', 'c: [? x]', 'c: {a: b?c}', 'args: [--url=http://x?y]', 'c: [a?]', 'c: ["a?", b]',
    'c: {a?: 1}', 'c: [a\n  ?b]', 'c: [a:?]', 'u: http://x?y',
    'a: "x\n\ty"\n', 'a: [1,\n\t2]\n', 'x:\n  a: \'p\n\tq\'\n',
    // Tabs: white space inside flow collections and quoted scalars and after a key's `:`; not where a key may start,
    // nor left of a plain scalar's indentation on the lines after it.
    'b:\n   \t1\n', '{}\n\t', 'key: value\n\t', '- \tx\n', 'a: 1\n\t\nb: 2\n', 'a: 1 \t\nb: 2\n', 'a:\n  b: 1\n  \t\n  c: 2\n',
    'a:\n  b: 1\n   \t\n  c: 2\n', 'a: 1\t# c\n', 'key: [a\n\tb]\n', 'top:\n  key: [a,\n  \tb]\n', '\t\napiVersion: v1\n',
    'a: "q"\n\t\n', 'a:\n- b\n\t\n',
  ];
  return texts.map((text, i) => ({ id: `s${String(i).padStart(4, '0')}`, text }));
}
