// Oracle harness for the Sprig table: each case is a template expression built from data. The same case renders
// as template text for real helm and evaluates here by calling sprigFuncs directly (until the template executor
// exists, constants are converted to declared parameter types the way text/template converts untyped constants).
import { execa } from 'execa';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sprigFuncs } from '../../src/sprig/index.js';
import { quote as goQuote } from '../../src/gotemplate/strconv.js';
import { fromBytes } from '../../src/sprig/gobytes.js';
import { formatFloat, formatV, GoStruct, isNil, typedResult, type GoParamType } from '../../src/gotemplate/values.js';

// helm runs with TZ=UTC (see runHelm); "Local" must mean the same zone on our side.
process.env.TZ = 'UTC';

export class Call {
  constructor(
    readonly name: string,
    readonly args: Arg[],
  ) {}
}
/** A reference to `.Values.<path>` (numbers there are float64, as Helm loads them). */
export class ValueRef {
  constructor(readonly path: string) {}
}
export type Arg = Call | ValueRef | bigint | number | string | boolean | null | Arg[] | { [k: string]: Arg };

export const c = (name: string, ...args: Arg[]) => new Call(name, args);
export const v = (path: string) => new ValueRef(path);

export interface Case {
  id: string;
  expr: Call;
  /** The call must fail; helm's message after `error calling <fn>: ` is compared. */
  error?: boolean;
  /** Only meaningful through the template engine (e.g. argument type checks done by the executor). */
  engineOnly?: boolean;
  /** A known difference from helm, kept visible as an expected failure. */
  knownGap?: string;
}

/** Template text for an argument or call. */
export function toTemplate(a: Arg): string {
  if (a instanceof Call) return a.args.length ? `(${a.name} ${a.args.map(toTemplate).join(' ')})` : `(${a.name})`;
  if (a instanceof ValueRef) return `.Values.${a.path}`;
  if (typeof a === 'bigint') return a.toString();
  if (typeof a === 'number') {
    const s = formatFloat(a);
    return /[.e]/.test(s) ? s : s + '.0';
  }
  if (typeof a === 'string') return goQuote(a);
  if (typeof a === 'boolean') return String(a);
  if (a === null) return 'nil';
  if (Array.isArray(a)) return `(list ${a.map(toTemplate).join(' ')})`;
  return `(dict ${Object.entries(a).map(([k, x]) => `${goQuote(k)} ${toTemplate(x)}`).join(' ')})`;
}

function lookup(values: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), values);
}

/** text/template converts an untyped numeric constant to the parameter's type. */
function convertConstant(a: Arg, value: unknown, type: GoParamType | undefined): unknown {
  if (type === 'float64' && typeof value === 'bigint' && typeof a === 'bigint') return Number(value);
  if (type === 'int' && typeof value === 'number' && typeof a === 'number' && Number.isInteger(value)) return BigInt(value);
  return value;
}

export function evaluate(a: Arg, values: Record<string, unknown>): unknown {
  if (a instanceof Call) {
    const f = sprigFuncs[a.name];
    if (!f) throw new Error(`no function ${a.name}`);
    const args = a.args.map((x, i) => convertConstant(x, evaluate(x, values), i < f.params.length ? f.params[i] : f.variadic));
    // As the executor does: a declared []string/map[string]string result keeps its Go type.
    return typedResult(f.fn(...args), f.result);
  }
  if (a instanceof ValueRef) return lookup(values, a.path) ?? null;
  if (Array.isArray(a)) return a.map((x) => evaluate(x, values));
  if (a !== null && typeof a === 'object') return Object.fromEntries(Object.entries(a).map(([k, x]) => [k, evaluate(x, values)]));
  return a;
}

/** What `{{ expr }}` prints for a result. */
export function printed(r: unknown): string {
  if (isNil(r)) return '<no value>';
  if (typeof r === 'string') return r;
  if (r instanceof GoStruct) return r.stringer() ?? r.formatV();
  return formatV(r);
}

export function helmBinary(): string {
  const dir = process.env.BUNDLE_TOOLS_DIR ?? join(process.env.HOME ?? '/root', '.cache/bundle-tools');
  return join(dir, 'helm-v3/helm');
}

async function writeChart(dir: string, values: Record<string, unknown>, templates: Record<string, string>): Promise<void> {
  await mkdir(join(dir, 'templates'), { recursive: true });
  await writeFile(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: sprigcase\nversion: 0.1.0\n');
  await writeFile(join(dir, 'values.yaml'), JSON.stringify(values));
  for (const [name, text] of Object.entries(templates)) await writeFile(join(dir, 'templates', name), text);
}

async function runHelm(chartDir: string, home: string) {
  return execa('env', ['-i', `HOME=${home}`, 'PATH=/usr/bin:/bin', 'TZ=UTC', 'LC_ALL=C', helmBinary(), 'template', 'sprigcase', chartDir, '--kube-version', '1.30.0'], { reject: false });
}

/** Render every successful case in one chart (one template per case, output base64-wrapped so any bytes survive). */
export async function helmOutputs(cases: Case[], values: Record<string, unknown>): Promise<Map<string, string>> {
  const root = await mkdtemp(join(tmpdir(), 'sprig-oracle-'));
  const templates: Record<string, string> = {};
  for (const k of cases) {
    templates[`${k.id}.yaml`] = `{{- define "case.${k.id}" }}{{ ${toTemplate(k.expr).slice(1, -1)} }}{{ end -}}\nout: {{ include "case.${k.id}" . | b64enc | quote }}\n`;
  }
  await writeChart(join(root, 'sprigcase'), values, templates);
  const r = await runHelm(join(root, 'sprigcase'), root);
  if (r.exitCode !== 0) throw new Error(`helm failed: ${r.stderr}`);
  const out = new Map<string, string>();
  for (const m of r.stdout.matchAll(/# Source: sprigcase\/templates\/(.+?)\.yaml\nout: "([^"]*)"/g)) {
    out.set(m[1]!, fromBytes(Buffer.from(m[2]!, 'base64')));
  }
  return out;
}

/** Render each error case alone; returns helm's message after `executing "…" at <…>: ` (or the whole stderr). */
export async function helmErrors(cases: Case[], values: Record<string, unknown>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await Promise.all(
    cases.map(async (k) => {
      const root = await mkdtemp(join(tmpdir(), 'sprig-oracle-err-'));
      await writeChart(join(root, 'sprigcase'), values, { 'x.yaml': `out: {{ ${toTemplate(k.expr).slice(1, -1)} }}\n` });
      const r = await runHelm(join(root, 'sprigcase'), root);
      const stderr = r.stderr.replace(/\s*Use --debug flag[\s\S]*$/, '').trim();
      const m = /executing "[^"]*" at <.*?>: ([\s\S]*)$/.exec(stderr);
      out.set(k.id, r.exitCode === 0 ? `(no error) ${r.stdout}` : (m?.[1] ?? stderr));
    }),
  );
  return out;
}
