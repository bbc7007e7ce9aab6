// Seeded generator of differential test inputs: a values.yaml (YAML source written directly, so that YAML 1.1
// typing is exercised too) and template expressions over a subset of the grammar and of Helm's functions.
// Expressions are trees so that a failing case can be shrunk by replacing a node with one of its children.

/** mulberry32: small, fast, reproducible. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// ---------------------------------------------------------------- values

/** A values leaf as YAML source (one line), or a nested structure. */
export type ValueNode = { kind: 'leaf'; src: string } | { kind: 'block'; src: string } | { kind: 'map'; entries: [string, ValueNode][] } | { kind: 'list'; items: ValueNode[] };

const NUMBERS = ['0', '1', '42', '-7', '3.0', '1.5', '100000', '1e5', '1000000', '1e6', '1.5e6', '1234567', '123456789.0', '1e20', '1e21', '1.5e21', '1e22', '0.00001', '1e-7', '12345678901234567890', '9007199254740993', '-0.5', '0777', '0x1F', '1_000', '+1', '.5', '1:20'];
const WORDS = ['yes', 'no', 'on', 'off', 'y', 'n', 'Yes', 'NO', 'On', 'true', 'False', 'TRUE', '~', 'null', 'Null', ''];
const STRINGS = ['hello', 'hello world', '"quoted"', "'single'", 'héllo', '日本語', '"🎉 party"', '"tab\\there"', '"a: b"', "'#not comment'", '2020-01-01', '"2020-01-01"', '"yes"', '"0777"', '"1e3"', '"<b>&amp;</b>"', '"<no value>"', '"  padded  "', '"line1\\nline2"', 'a-b_c.d', '"%d %s"', '"{{ .Values.k0 }}"'];
const BLOCKS = ['|\n  first line\n  second line\n', '|-\n  no trailing newline\n', '|\n  trailing spaces   \n  next\n', '|2-\n    indented first\n  second\n', '>\n  folded\n  text\n', '|+\n  keep\n\n'];

export const KEY_WORDS = ['k0', 'k1', 'k2', 'name', 'list', 'map', 'Num', 'yes', 'a9', 'a10', '_z', 'B'];

export function genValues(rng: Rng, depth = 0): ValueNode {
  const entries: [string, ValueNode][] = [];
  const n = depth === 0 ? 8 : 1 + rng.int(4);
  const used = new Set<string>();
  for (let i = 0; i < n; i++) {
    const key = depth === 0 ? `k${i}` : rng.pick(KEY_WORDS);
    if (used.has(key)) continue;
    used.add(key);
    entries.push([key, genValue(rng, depth + 1)]);
  }
  return { kind: 'map', entries };
}

function genValue(rng: Rng, depth: number): ValueNode {
  const r = rng.next();
  if (depth < 3 && r < 0.15) return genValues(rng, depth);
  if (depth < 3 && r < 0.25) return { kind: 'list', items: Array.from({ length: rng.int(4) }, () => genValue(rng, depth + 1)) };
  if (r < 0.3) return { kind: 'block', src: rng.pick(BLOCKS) };
  if (r < 0.6) return { kind: 'leaf', src: rng.pick(NUMBERS) };
  if (r < 0.75) return { kind: 'leaf', src: rng.pick(WORDS) };
  return { kind: 'leaf', src: rng.pick(STRINGS) };
}

/** YAML text of a values tree (block style, 2-space indent). */
export function valuesYaml(node: ValueNode): string {
  return emit(node, 0).join('');
}

function emit(node: ValueNode, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (node.kind === 'map') {
    if (node.entries.length === 0) return [`${pad}{}\n`];
    return node.entries.flatMap(([k, v]) => entryLines(`${pad}${k}:`, v, indent));
  }
  if (node.kind === 'list') {
    if (node.items.length === 0) return [`${pad}[]\n`];
    return node.items.flatMap((v) => entryLines(`${pad}-`, v, indent));
  }
  return [`${pad}${node.src}\n`];
}

function entryLines(head: string, v: ValueNode, indent: number): string[] {
  if (v.kind === 'leaf') return [`${head} ${v.src}\n`.replace(/ \n$/, '\n')];
  if (v.kind === 'block') {
    const [indicator, ...rest] = v.src.split('\n');
    const body = rest.map((l) => (l === '' ? '' : ' '.repeat(indent) + l)).join('\n');
    return [`${head} ${indicator}\n${body}`];
  }
  if ((v.kind === 'map' && v.entries.length === 0) || (v.kind === 'list' && v.items.length === 0)) {
    return [`${head} ${v.kind === 'map' ? '{}' : '[]'}\n`];
  }
  return [`${head}\n`, ...emit(v, indent + 2)];
}

/** Dotted paths to every node of the tree (for `.Values.a.b` references). */
export function valuePaths(node: ValueNode, prefix = ''): string[] {
  if (node.kind !== 'map') return [];
  return node.entries.flatMap(([k, v]) => {
    const p = `${prefix}.${k}`;
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? [p, ...valuePaths(v, p)] : [];
  });
}

// ---------------------------------------------------------------- expressions

/** An expression tree; shrinking replaces a node by one of its children. */
export type Expr =
  | { op: 'lit'; text: string }
  | { op: 'call'; name: string; args: Expr[]; opaque?: boolean }
  | { op: 'pipe'; name: string; input: Expr; args: Expr[] };

const lit = (text: string): Expr => ({ op: 'lit', text });
const call = (name: string, args: Expr[]): Expr => ({ op: 'call', name, args });
const pipe = (input: Expr, name: string, args: Expr[]): Expr => ({ op: 'pipe', name, input, args });

export function renderExpr(e: Expr): string {
  const args = (a: Expr[]) => a.map((x) => ' ' + renderExpr(x)).join('');
  if (e.op === 'lit') return e.text;
  if (e.op === 'call') return `(${e.name}${args(e.args)})`;
  return `(${renderExpr(e.input)} | ${e.name}${args(e.args)})`;
}

function kids(e: Expr): Expr[] {
  if (e.op === 'lit') return [];
  return e.op === 'call' ? e.args : [e.input, ...e.args];
}

function withKids(e: Expr, k: Expr[]): Expr {
  if (e.op === 'lit') return e;
  if (e.op === 'call') return { ...e, args: k };
  return { ...e, input: k[0]!, args: k.slice(1) };
}

/** Smaller variants of `e`: each child in its place, then each child shrunk in place. */
export function shrinkCandidates(e: Expr): Expr[] {
  const ks = kids(e);
  // An opaque node's result depends on its wrapping (e.g. map key order before sortAlpha): keep the node.
  const out: Expr[] = e.op === 'call' && e.opaque ? [] : [...ks];
  ks.forEach((k, i) => {
    for (const smaller of shrinkCandidates(k)) {
      const next = ks.slice();
      next[i] = smaller;
      out.push(withKids(e, next));
    }
  });
  return out;
}

const STRING_LITERALS = ['"abc"', '"héllo wörld"', '""', '"a,b,c"', '"  x  "', '"%v-%v"', '"line\\nbreak"', '`raw\\n`', '"<no value>"', '"yes"', '"1e6"'];
const NUMBER_LITERALS = ['0', '1', '3', '-2', '1.5', '1e6', '0x10', '1000000', '2.50'];

export function genExpr(rng: Rng, paths: string[], depth = 0): Expr {
  const r = rng.next();
  if (depth >= 3 || r < 0.3) return genTerm(rng, paths);
  const e = () => genExpr(rng, paths, depth + 1);
  const s = () => (rng.chance(0.5) ? genTerm(rng, paths) : lit(rng.pick(STRING_LITERALS)));
  const choices: (() => Expr)[] = [
    () => pipe(e(), rng.pick(['quote', 'squote', 'toString', 'toJson', 'toYaml', 'toYamlPretty', 'toRawJson', 'typeOf', 'kindOf', 'empty', 'not']), []),
    () => pipe(call('toString', [e()]), rng.pick(['upper', 'lower', 'title', 'trim', 'b64enc', 'len', 'trimSuffix "\\n"', 'nindent 2', 'indent 1', 'sha256sum', 'snakecase', 'trunc 3']), []),
    () => call('default', [e(), e()]),
    () => call('printf', [lit(rng.pick(['"%v"', '"%d"', '"%s"', '"%q"', '"%.2f"', '"%T"', '"%v|%v"', '"%5v"', '"%x"'])), e(), ...(rng.chance(0.3) ? [e()] : [])]),
    () => call('print', [e(), e()]),
    () => call('list', [e(), e(), e()]),
    () => call('dict', [lit('"a"'), e(), lit('"b"'), e()]),
    () => call(rng.pick(['int', 'int64', 'float64', 'atoi']), [e()]),
    () => call(rng.pick(['add', 'sub', 'mul', 'max', 'min', 'addf', 'mulf']), [e(), e()]),
    () => call(rng.pick(['eq', 'ne', 'lt', 'ge']), [e(), e()]),
    () => call(rng.pick(['and', 'or']), [e(), e()]),
    () => call('ternary', [e(), e(), e()]),
    () => call('coalesce', [e(), e()]),
    () => call('join', [lit('","'), call('list', [e(), e()])]),
    () => call('join', [lit('"+"'), call('splitList', [lit('","'), s()])]),
    () => call('replace', [lit('"a"'), lit('"X"'), call('toString', [e()])]),
    () => call('hasKey', [call('dict', [lit('"a"'), e()]), lit('"a"')]),
    () => ({ op: 'call', name: 'join', args: [lit('"+"'), { op: 'call', name: 'sortAlpha', args: [call('keys', [call('dict', [lit('"b"'), e(), lit('"a"'), e()])])], opaque: true }], opaque: true }),
    () => call('fromYaml', [call('toYaml', [e()])]),
    () => call('fromJson', [call('toJson', [e()])]),
    () => call('tpl', [lit('"{{ .Values.k0 }}-{{ .Values.k1 }}"'), lit('$')]),
    () => call('index', [lit('.Values'), lit(`"k${rng.int(8)}"`)]),
    () => call('include', [lit('"fuzz.helper"'), e()]),
  ];
  return rng.pick(choices)();
}

function genTerm(rng: Rng, paths: string[]): Expr {
  const r = rng.next();
  if (r < 0.55 && paths.length > 0) return lit(`.Values${rng.pick(paths)}`);
  if (r < 0.6) return lit('.Values.missing.none'.slice(0, rng.chance(0.5) ? 15 : 20));
  if (r < 0.75) return lit(rng.pick(NUMBER_LITERALS));
  if (r < 0.9) return lit(rng.pick(STRING_LITERALS));
  return lit(rng.pick(['true', 'false', '.Values', '.Release.Name', '.Chart.Name', '.Capabilities.KubeVersion.Minor', '.Template.Name']));
}

/** The statements a case wraps its expression in (`E` stands for the expression). */
export const STATEMENTS: readonly string[] = [
  '{{ E }}',
  '{{- E -}}',
  '{{ if E }}T{{ else }}F{{ end }}',
  '{{ with E }}[{{ . }}]{{ else }}none{{ end }}',
  '{{ range $i, $v := list E E }}{{ $i }}:{{ $v }};{{ end }}',
  '{{ $x := E }}{{ $x }}|{{ typeOf $x }}',
  '{{ range $k, $v := E }}{{ $k }}={{ $v }};{{ else }}empty{{ end }}',
  '{{ E | toYaml }}',
];

// ---------------------------------------------------------------- values layering

const LAYER_KEYS = ['a', 'b', 'c', 'list', 'global', 'child'];
const LAYER_LEAVES = ['1', 'x', 'null', '~', 'true', 'false', '[1, 2]', '[]', '{}', '"s"'];

/** A values tree over a tiny key set, so that chart defaults, subchart defaults and user files collide. */
export function genLayer(rng: Rng, depth = 0): ValueNode {
  const entries: [string, ValueNode][] = [];
  for (const key of LAYER_KEYS) {
    if (!rng.chance(depth === 0 ? 0.6 : 0.35)) continue;
    entries.push([key, depth < 3 && rng.chance(0.45) ? genLayer(rng, depth + 1) : { kind: 'leaf', src: rng.pick(LAYER_LEAVES) }]);
  }
  return { kind: 'map', entries };
}

/** A Chart.yaml dependency entry on `child`, sometimes with a condition, tags or an import. */
export function genDependency(rng: Rng): string {
  let dep = '  - name: child\n    version: 0.1.0\n';
  if (rng.chance(0.4)) dep += `    condition: ${rng.pick(['child.a', 'child.b,child.a', 'global.a', 'a', 'missing.x'])}\n`;
  if (rng.chance(0.3)) dep += `    tags: [${rng.pick(['a', 'b', 'a, b'])}]\n`;
  if (rng.chance(0.3)) dep += `    import-values:\n      - child: ${rng.pick(['c', 'global', 'child'])}\n        parent: ${rng.pick(['imported', 'c', 'a.b'])}\n`;
  return dep;
}
