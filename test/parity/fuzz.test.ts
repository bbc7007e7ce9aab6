// Differential fuzzing against helm v3.17.3, all seeded:
// - templates: random expressions over random values.yaml, many cases per chart (one helm run per batch); a
//   difference is shrunk and written to test/parity/corpus/fuzz-<hash>/ so that it becomes a parity case;
// - --set strings and values layerings (chart, subchart, user file, conditions/tags/import-values): one helm run each;
// - `helm template` flag combinations (values sources, hooks, CRDs, names, namespaces, output layout, pflag syntax):
//   `bundle template` against `helm template`, exit code, stdout, stderr and written files;
// - random input to the template parser: it must return or throw TemplateError, quickly.
// FUZZ_SEED, FUZZ_N (templates), FUZZ_SET_N, FUZZ_LAYER_N and FUZZ_FLAGS_N choose the run; the defaults take well
// under a minute.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TemplateError, TemplateSet } from '../../src/gotemplate/index.js';
import { helmFuncs, newIncludeCounts } from '../../src/helm/funcs.js';
import { compareOutcomes, compareRuns, corpusDir, errorClass, runHelm, runNative, type Outcome } from './harness.js';
import { helmEngine } from '../../src/engines/helm.js';
import { findHelmBinary } from '../../src/engines/index.js';
import { nativeEngine } from '../../src/engines/native.js';
import { EngineError, type TemplateRequest } from '../../src/engines/types.js';
import {
  Rng,
  STATEMENTS,
  genDependency,
  genExpr,
  genLayer,
  genValues,
  renderExpr,
  shrinkCandidates,
  valuePaths,
  valuesYaml,
  type Expr,
  type ValueNode,
} from './fuzzgen.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 1126);
const N = Number(process.env['FUZZ_N'] ?? 360);
const SET_N = Number(process.env['FUZZ_SET_N'] ?? 40);
const LAYER_N = Number(process.env['FUZZ_LAYER_N'] ?? 30);
const FLAGS_N = Number(process.env['FUZZ_FLAGS_N'] ?? 40);
const BATCH = 60;
const MAX_SHRINK_RUNS = 40;
const MAX_REPORTED = 5;

const knownGaps: Record<string, string> = JSON.parse(readFileSync(join(corpusDir, '..', 'known-gaps.json'), 'utf8'));

const REQ: TemplateRequest = { releaseName: 'release-name', namespace: 'default', kubeVersion: '1.30.0' };
const HELPER = '{{ define "fuzz.helper" }}<{{ . }}>{{ end }}';

interface FuzzCase {
  id: number;
  expr: Expr;
  statement: string;
}

const work = mkdtempSync(join(tmpdir(), 'helm-fuzz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function caseFile(c: FuzzCase): string {
  const expr = renderExpr(c.expr);
  const body = c.statement.replaceAll('E', () => expr);
  // The output goes into a block scalar with an explicit indentation indicator, so any text stays valid YAML.
  return `{{- define "fuzz.c${c.id}" }}${body}{{ end -}}\nv: |2-\n{{- include "fuzz.c${c.id}" . | nindent 2 }}\n`;
}

function writeChart(dir: string, values: string, cases: FuzzCase[]): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'values.yaml'), values);
  writeFileSync(join(dir, 'templates/_helper.tpl'), HELPER);
  for (const c of cases) writeFileSync(join(dir, `templates/f${c.id}.yaml`), caseFile(c));
}

let helm: ReturnType<typeof helmEngine> | undefined;

async function runWith(engine: 'helm' | 'native', dir: string, req: TemplateRequest): Promise<Outcome> {
  helm ??= helmEngine(findHelmBinary(3));
  try {
    return { ok: true, stdout: await (engine === 'helm' ? helm : nativeEngine).template(dir, req) };
  } catch (e) {
    if (e instanceof EngineError) return { ok: false, error: e.message };
    return { ok: false, error: `CRASH: ${(e as Error).message}` };
  }
}

const run = (engine: 'helm' | 'native', dir: string) => runWith(engine, dir, REQ);

/** Source path → document text of a successful render. */
function docsBySource(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of stdout.split(/^---\n/m)) {
    const m = /^# Source: (\S+)\n/.exec(part);
    if (m) out.set(m[1]!, part);
  }
  return out;
}

const caseIdIn = (text: string) => Number(/c\/templates\/f(\d+)\.yaml/.exec(text)?.[1] ?? NaN);

const counts = { rendered: 0, failedInBoth: 0, sameErrorText: 0 };
/** Errors of the same class whose text differs: not failures, but printed to help the lower layers. */
const errorSamples: string[] = [];

/** Run one batch; returns the ids of the cases on which the engines disagree. */
async function differingCases(dir: string, values: string, cases: FuzzCase[]): Promise<number[]> {
  const differing: number[] = [];
  let live = cases;
  for (let round = 0; round < cases.length + 1 && live.length > 0; round++) {
    writeChart(dir, values, live);
    const [h, n] = [await run('helm', dir), await run('native', dir)];
    if (h.ok && n.ok) {
      const hd = docsBySource(h.stdout);
      const nd = docsBySource(n.stdout);
      for (const c of live) {
        const src = `c/templates/f${c.id}.yaml`;
        if (hd.get(src) !== nd.get(src)) differing.push(c.id);
        else counts.rendered++;
      }
      return differing;
    }
    // One failing template aborts the whole render: find it, compare, drop it and render the rest again.
    const failed = !h.ok ? caseIdIn(h.error) : caseIdIn((n as { error: string }).error);
    if (Number.isNaN(failed)) return [...differing, ...live.map((c) => c.id)];
    if (h.ok || n.ok || errorClass(h.error) !== errorClass(n.error)) differing.push(failed);
    else {
      counts.failedInBoth++;
      if (h.error === n.error) counts.sameErrorText++;
      else errorSamples.push(`H: ${h.error.slice(0, 300)}\nN: ${n.error.slice(0, 300)}`);
    }
    live = live.filter((c) => c.id !== failed);
  }
  return differing;
}

/** Whether the one-case chart still shows a difference. */
async function stillDiffers(dir: string, values: string, c: FuzzCase): Promise<boolean> {
  writeChart(dir, values, [c]);
  return !compareOutcomes(await run('helm', dir), await run('native', dir)).equal;
}

/** Greedy shrinking of the statement, the expression and the values; bounded number of helm runs. */
async function shrink(dir: string, valuesTree: ValueNode, c: FuzzCase): Promise<{ values: string; c: FuzzCase }> {
  let best = c;
  let values = valuesYaml(valuesTree);
  let runs = 0;
  if (best.statement !== '{{ E }}') {
    const plain = { ...best, statement: '{{ E }}' };
    runs++;
    if (await stillDiffers(dir, values, plain)) best = plain;
  }
  let progress = true;
  while (progress && runs < MAX_SHRINK_RUNS) {
    progress = false;
    for (const smaller of shrinkCandidates(best.expr)) {
      if (runs++ >= MAX_SHRINK_RUNS) break;
      const next = { ...best, expr: smaller };
      if (await stillDiffers(dir, values, next)) {
        best = next;
        progress = true;
        break;
      }
    }
  }
  if (valuesTree.kind === 'map') {
    const text = renderExpr(best.expr) + best.statement;
    const kept = { ...valuesTree, entries: valuesTree.entries.filter(([k]) => text.includes(k)) };
    const reduced = valuesYaml(kept);
    if (reduced !== values && (await stillDiffers(dir, reduced, best))) values = reduced;
  }
  return { values, c: best };
}

/** Write a shrunk case as a corpus chart; returns its directory name. */
function saveCase(values: string, c: FuzzCase): string {
  const file = caseFile({ ...c, id: 0 });
  const name = `fuzz-${createHash('sha256').update(values + '\0' + file).digest('hex').slice(0, 10)}`;
  const dir = join(corpusDir, name);
  if (!existsSync(dir)) {
    mkdirSync(join(dir, 'templates'), { recursive: true });
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    writeFileSync(join(dir, 'values.yaml'), values);
    writeFileSync(join(dir, 'templates/_helper.tpl'), HELPER);
    writeFileSync(join(dir, 'templates/f0.yaml'), file);
  }
  return name;
}

describe('differential fuzzing against helm v3.17.3', () => {
  it(`seed ${SEED}, ${N} templates`, async () => {
    const rng = new Rng(SEED);
    const found: string[] = [];
    let differing = 0;
    for (let start = 0; start < N; start += BATCH) {
      const valuesTree = genValues(rng);
      const values = valuesYaml(valuesTree);
      const paths = valuePaths(valuesTree);
      const cases: FuzzCase[] = [];
      for (let id = start; id < Math.min(N, start + BATCH); id++) {
        cases.push({ id, expr: genExpr(rng, paths), statement: rng.pick(STATEMENTS) });
      }
      const dir = join(work, `batch-${start}`);
      const bad = await differingCases(dir, values, cases);
      differing += bad.length;
      for (const id of bad) {
        if (found.length >= MAX_REPORTED) break;
        const shrunk = await shrink(join(work, 'shrink'), valuesTree, cases.find((c) => c.id === id)!);
        found.push(saveCase(shrunk.values, shrunk.c));
      }
    }
    console.log(
      `fuzz: seed ${SEED}, ${N} templates: ${counts.rendered} identical, ${counts.failedInBoth} failed alike ` +
        `(${counts.sameErrorText} with identical text), ` +
        `${differing} differing; shrunk: ${found.join(', ') || 'none'}`,
    );
    if (errorSamples.length > 0) console.log(`same error class, different text:\n${errorSamples.slice(0, 10).join('\n')}`);
    // A shrunk case already triaged into known-gaps.json is a known difference; anything else is new.
    const fresh = found.filter((name) => !Object.hasOwn(knownGaps, name));
    expect(fresh, `new differences saved under test/parity/corpus/: ${fresh.join(', ')}`).toEqual([]);
  }, 600_000);
});

describe('--set parsing against helm v3.17.3', () => {
  const PIECES = ['a', 'b', 'list', 'x.y', '.', ',', '=', '[0]', '[1]', '[2]', '[x]', '{', '}', '\\', '\\,', '1', '01', '-3', 'true', 'NULL', 'text', 'é', ' '];
  // Keys are arbitrary text: everything printed goes through quote so the output stays valid YAML.
  const TEMPLATE =
    '{{- define "types" }}{{ range $k, $v := .Values }}{{ $k }}={{ typeOf $v }};{{ end }}{{ end -}}\n' +
    'json: {{ toJson .Values | quote }}\ntypes: {{ include "types" . | quote }}\n';

  it(`seed ${SEED}: random --set strings give the same values or the same error`, async () => {
    const rng = new Rng(SEED);
    const dir = join(work, 'set-chart');
    mkdirSync(join(dir, 'templates'), { recursive: true });
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    writeFileSync(join(dir, 'values.yaml'), 'a: 1\nlist: [x]\nx:\n  z: 1\n');
    writeFileSync(join(dir, 'templates/v.yaml'), TEMPLATE);
    const differences: string[] = [];
    for (let i = 0; i < SET_N; i++) {
      let text = '';
      const len = 1 + rng.int(8);
      for (let j = 0; j < len; j++) text += rng.pick(PIECES);
      const req: TemplateRequest = { ...REQ, [rng.chance(0.2) ? 'setString' : 'set']: [text] };
      const [h, n] = [await runWith('helm', dir, req), await runWith('native', dir, req)];
      const same = h.ok && n.ok ? h.stdout === n.stdout : !h.ok && !n.ok && h.error === n.error;
      if (!same) differences.push(`${JSON.stringify(req.set ?? req.setString)}\n${compareOutcomes(h, n).diff}`);
    }
    expect(differences, differences.join('\n\n')).toEqual([]);
  });
});

describe('values layering against helm v3.17.3', () => {
  const SHOW = 'values: {{ toJson .Values | quote }}\n';

  it(`seed ${SEED}: chart, subchart and user values coalesce the same way`, async () => {
    const rng = new Rng(SEED);
    const dir = join(work, 'layers');
    const differences: string[] = [];
    for (let i = 0; i < LAYER_N; i++) {
      rmSync(dir, { recursive: true, force: true });
      const files: Record<string, string> = {
        'Chart.yaml': `apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n${genDependency(rng)}`,
        // `tags` sits at the top level only; genLayer's keys never produce it.
        'values.yaml': valuesYaml(genLayer(rng)) + (rng.chance(0.3) ? `tags:\n  a: ${rng.pick(['true', 'false'])}\n` : ''),
        'user.yaml': valuesYaml(genLayer(rng)),
        'templates/cm.yaml': SHOW,
        'charts/child/Chart.yaml': 'apiVersion: v2\nname: child\nversion: 0.1.0\n',
        'charts/child/values.yaml': valuesYaml(genLayer(rng)),
        'charts/child/templates/cm.yaml': SHOW,
      };
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      const req: TemplateRequest = { ...REQ, valuesFiles: [join(dir, 'user.yaml')] };
      const [h, n] = [await runWith('helm', dir, req), await runWith('native', dir, req)];
      const same = h.ok && n.ok ? h.stdout === n.stdout : !h.ok && !n.ok && h.error === n.error;
      if (!same) {
        const inputs = ['Chart.yaml', 'values.yaml', 'user.yaml', 'charts/child/values.yaml'].map((f) => `# ${f}\n${files[f]}`).join('');
        differences.push(`${inputs}${compareOutcomes(h, n).diff}`);
      }
    }
    expect(differences, differences.slice(0, 3).join('\n\n')).toEqual([]);
  });
});

describe('template parser on random input', () => {
  const PIECES = ['{{', '}}', '{{-', '-}}', ' ', '(', ')', '|', '$x', ':=', '=', '.a', '.', 'if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue', '"s"', '`r`', "'c'", '1', '1.5e3', '0x1F', 'nil', 'true', 'and', 'include', 'tpl', '/*', '*/', '\n', 'é', '\u{1F389}', '\\', '"', ','];

  it('either parses or throws TemplateError, quickly', () => {
    const rng = new Rng(SEED);
    const set = new TemplateSet({ missingKey: 'zero' });
    set.setOptions({ funcs: helmFuncs(set, newIncludeCounts()) });
    let parsed = 0;
    for (let i = 0; i < 3000; i++) {
      const len = 1 + rng.int(30);
      let text = '';
      for (let j = 0; j < len; j++) {
        text += rng.chance(0.8) ? rng.pick(PIECES) : String.fromCharCode(rng.int(256));
      }
      const started = performance.now();
      try {
        set.clone().parse(`t${i}`, text);
        parsed++;
      } catch (e) {
        if (!(e instanceof TemplateError)) throw new Error(`non-TemplateError for ${JSON.stringify(text)}: ${String(e)}`);
      }
      expect(performance.now() - started, `slow parse of ${JSON.stringify(text)}`).toBeLessThan(1000);
    }
    expect(parsed).toBeGreaterThan(0);
  });
});

describe('helm template flags against helm v3.17.3', () => {
  const CHART: Record<string, string> = {
    'Chart.yaml': 'apiVersion: v2\nname: flags\nversion: 0.1.0\ndependencies:\n- name: sub\n  version: 0.1.0\n',
    'values.yaml': 'a: 1\nm:\n  k: v\nlist: [x]\nport: 80\n',
    'values.schema.json': '{"type":"object","properties":{"port":{"type":"integer","maximum":100}}}',
    'templates/cm.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n  namespace: {{ .Release.Namespace }}\ndata:\n' +
      '  values: {{ toJson .Values | quote }}\n  upgrade: {{ .Release.IsUpgrade | quote }}\n  apis: {{ .Capabilities.APIVersions.Has "x/v1" | quote }}\n' +
      '  kube: {{ .Capabilities.KubeVersion | quote }}\n',
    'templates/hooks.yaml':
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: pre\n  annotations:\n    helm.sh/hook: pre-install\n---\n' +
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test\n',
    'crds/crd.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: xs.example.com\n',
    'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
    'charts/sub/templates/s.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-sub\nspec:\n  v: {{ toJson .Values | quote }}\n',
    'one.yaml': 'a: one\nm:\n  one: 1\n',
    'two.yaml': 'a: two\nlist: [y, z]\n',
    'text.txt': 'some, text\n',
  };
  const JSONS = ['{"x":[1,2]}', '"s"', 'null', '', '3.5', '[{"a":{}}]', '{bad', 'true , z=1'];
  const KEYS = ['a', 'm.k', 'm.n', 'list[0]', 'list[3]', 'sub.s', 'global.g', 'port', 'x.y.z'];
  const PATTERNS = ['templates/cm.yaml', 'templates/*', 'charts/sub/templates/s.yaml', 'crds/crd.yaml', 'templates/none.yaml', 'templates/[a-h]*'];
  const pick = <T>(rng: Rng, xs: readonly T[]) => rng.pick(xs);

  function flags(rng: Rng): string[] {
    const out: string[] = [];
    const n = 1 + rng.int(5);
    for (let i = 0; i < n; i++) {
      const r = rng.int(22);
      const key = pick(rng, KEYS);
      switch (r) {
        case 0: out.push('-f', rng.chance(0.5) ? 'one.yaml,two.yaml' : pick(rng, ['one.yaml', 'two.yaml', '"one.yaml"', 'missing.yaml'])); break;
        case 1: out.push('--set-json', `${key}=${pick(rng, JSONS)}`); break;
        case 2: out.push('--set', `${key}=${pick(rng, ['1', 'true', 'null', 'x,y', '{a,b}', '007', ''])}`); break;
        case 3: out.push('--set-string', `${key}=${pick(rng, ['1', 'true', 'x'])}`); break;
        case 4: out.push('--set-literal', `${key}=${pick(rng, ['a,b=c', '{x}', '\\n', ''])}`); break;
        case 5: out.push('--set-file', `${key}=${pick(rng, ['text.txt', 'one.yaml', 'nofile'])}`); break;
        case 6: out.push('-a', pick(rng, ['x/v1', 'x/v1,y/v1', '"x/v1,z/v1"', 'apps/v1/Deployment'])); break;
        case 7: out.push(pick(rng, ['--skip-tests', '--no-hooks', '--include-crds', '--is-upgrade', '--skip-schema-validation', '--skip-crds'])); break;
        case 8: out.push(`${pick(rng, ['--skip-tests', '--no-hooks', '--include-crds', '--is-upgrade'])}=${pick(rng, ['true', 'false', '0', 'T', 'maybe'])}`); break;
        case 9: out.push('-s', pick(rng, PATTERNS)); break;
        case 10: out.push('-n', pick(rng, ['prod', '', 'team-a'])); break;
        case 11: out.push('--kube-version', pick(rng, ['1.25', 'v1.29.3', '1.31.0-rc.1', 'bad'])); break;
        case 12: out.push(pick(rng, ['--dry-run', '--dry-run=client', '--dry-run=none', '--dry-run=bogus'])); break;
        case 13: out.push('-l', pick(rng, ['a=b', 'a=b,c=d', 'owner=x', 'bad'])); break;
        case 14: out.push('--output-dir', '$OUT'); if (rng.chance(0.5)) out.push('--release-name'); break;
        case 15: out.push('--timeout', pick(rng, ['5m', '1h30m', '90', 'x'])); break;
        case 16: out.push('--debug'); break;
        case 17: out.push(pick(rng, ['--wait', '--atomic', '--replace', '--devel', '--create-namespace', '--take-ownership'])); break;
        case 18: out.push('--description', pick(rng, ['d', ''])); break;
        case 19: out.push('--set', `port=${pick(rng, ['99', '101', 'x'])}`); break;
        case 20: out.push('-g'); break;
        default: out.push('--version', pick(rng, ['1.0.0', '>=0'])); break;
      }
    }
    // The chart, with a name, without one, or through --name-template.
    const form = rng.int(4);
    if (form === 0) return ['rel', '.', ...out];
    if (form === 1) return ['.', ...out];
    if (form === 2) return ['--name-template', pick(rng, ['n-{{ add 1 2 }}', '{{ "UP" | lower }}', 'Bad_Name']), '.', ...out];
    return [...out, 'rel', '.'];
  }

  it(`seed ${SEED}: ${FLAGS_N} random flag combinations print and write what helm does`, async () => {
    const rng = new Rng(SEED);
    const dir = join(work, 'flags-chart');
    for (const [name, text] of Object.entries(CHART)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const differences: string[] = [];
    for (let i = 0; i < FLAGS_N; i++) {
      const argv = ['--kube-version', '1.30.0', ...flags(rng)];
      const r = compareRuns(await runHelm(argv, dir), await runNative(argv, dir));
      if (!r.equal) differences.push(`${JSON.stringify(argv)}\n${r.diff}`);
    }
    expect(differences, differences.slice(0, 3).join('\n\n')).toEqual([]);
  }, 300_000);
});
