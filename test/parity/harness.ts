// Differential harness: render a chart with the real helm binary and with the native engine, compare the bytes.
//
// A case is a chart directory plus a TemplateRequest. Corpus directories (test/parity/corpus/<name>/) may hold an
// `args.json`: either a list of `helm template` flags (["--set", "a=1", "--include-crds"]), or an object with
// TemplateRequest fields, or {"cases": [<flags or object>, …]} to run the chart several ways. Relative values
// files are resolved against the corpus directory.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { helmEngine } from '../../src/engines/helm.js';
import { findHelmBinary } from '../../src/engines/index.js';
import { nativeEngine } from '../../src/engines/native.js';
import { EngineError, type TemplateRequest } from '../../src/engines/types.js';

export const DEFAULT_KUBE_VERSION = '1.30.0';

export interface ParityCase {
  name: string;
  chartDir: string;
  req: TemplateRequest;
  /** Why the case could not be built (unreadable args.json). */
  setupError?: string;
}

export type Outcome = { ok: true; stdout: string } | { ok: false; error: string };

export interface Comparison {
  helm: Outcome;
  native: Outcome;
  /** Same stdout, or both failed with the same error class and location. */
  equal: boolean;
  /** Both failed with byte-identical messages (stricter than `equal`). */
  sameErrorText: boolean;
  diff: string;
}

const repoRoot = resolve(import.meta.dirname, '../..');
export const corpusDir = join(repoRoot, 'test/parity/corpus');

/** Parse `helm template` flags into a request. */
export function requestFromFlags(flags: string[], baseDir: string, base: TemplateRequest): TemplateRequest {
  const req: TemplateRequest = { ...base };
  const push = (key: 'set' | 'setString' | 'valuesFiles' | 'apiVersions' | 'showOnly', v: string) => {
    req[key] = [...(req[key] ?? []), v];
  };
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i]!;
    const [flag, inline] = f.includes('=') && f.startsWith('--') ? [f.slice(0, f.indexOf('=')), f.slice(f.indexOf('=') + 1)] : [f, undefined];
    const value = () => inline ?? flags[++i]!;
    switch (flag) {
      case '--set':
        push('set', value());
        break;
      case '--set-string':
        push('setString', value());
        break;
      case '-f':
      case '--values':
        push('valuesFiles', resolve(baseDir, value()));
        break;
      case '-a':
      case '--api-versions':
        push('apiVersions', value());
        break;
      case '-s':
      case '--show-only':
        push('showOnly', value());
        break;
      case '--kube-version':
        req.kubeVersion = value();
        break;
      case '-n':
      case '--namespace':
        req.namespace = value();
        break;
      case '--include-crds':
        req.includeCrds = true;
        break;
      case '--is-upgrade':
        req.isUpgrade = true;
        break;
      case '--name':
        req.releaseName = value();
        break;
      default:
        throw new Error(`args.json: unsupported flag ${f}`);
    }
  }
  return req;
}

function requestFromSpec(spec: unknown, baseDir: string, base: TemplateRequest): TemplateRequest {
  if (Array.isArray(spec)) return requestFromFlags(spec.map(String), baseDir, base);
  const obj = spec as TemplateRequest;
  return {
    ...base,
    ...obj,
    valuesFiles: obj.valuesFiles?.map((f) => resolve(baseDir, f)),
  };
}

const baseRequest = (): TemplateRequest => ({
  releaseName: 'release-name',
  namespace: 'default',
  kubeVersion: DEFAULT_KUBE_VERSION,
});

/** Every corpus chart (each args.json case) and every chart of charts/ with each of its ci/*.yaml files. */
export function listCases(): ParityCase[] {
  const cases: ParityCase[] = [];
  if (existsSync(corpusDir)) {
    for (const name of readdirSync(corpusDir).sort()) {
      const dir = join(corpusDir, name);
      if (!statSync(dir).isDirectory() || !existsSync(join(dir, 'Chart.yaml'))) continue;
      const argsFile = join(dir, 'args.json');
      if (!existsSync(argsFile)) {
        cases.push({ name, chartDir: dir, req: baseRequest() });
        continue;
      }
      try {
        const spec: unknown = JSON.parse(readFileSync(argsFile, 'utf8'));
        const specs = spec !== null && typeof spec === 'object' && 'cases' in spec ? (spec as { cases: unknown[] }).cases : [spec];
        specs.forEach((s, i) =>
          cases.push({ name: specs.length > 1 ? `${name}#${i}` : name, chartDir: dir, req: requestFromSpec(s, dir, baseRequest()) }),
        );
      } catch (e) {
        // A broken args.json fails its own case, not the whole listing.
        cases.push({ name, chartDir: dir, req: baseRequest(), setupError: `${argsFile}: ${(e as Error).message}` });
      }
    }
  }
  const chartsDir = join(repoRoot, 'charts');
  for (const name of existsSync(chartsDir) ? readdirSync(chartsDir).sort() : []) {
    const dir = join(chartsDir, name);
    if (!existsSync(join(dir, 'Chart.yaml'))) continue;
    const ciDir = join(dir, 'ci');
    const ciFiles = existsSync(ciDir) ? readdirSync(ciDir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
    cases.push({ name: `charts/${name}`, chartDir: dir, req: baseRequest() });
    for (const f of ciFiles) {
      cases.push({ name: `charts/${name}:${f}`, chartDir: dir, req: { ...baseRequest(), valuesFiles: [join(ciDir, f)] } });
    }
  }
  return cases;
}

async function outcome(run: () => Promise<string>): Promise<Outcome> {
  try {
    return { ok: true, stdout: await run() };
  } catch (e) {
    if (e instanceof EngineError) return { ok: false, error: e.message };
    return { ok: false, error: `CRASH: ${(e as Error).stack ?? String(e)}` };
  }
}

let helm: ReturnType<typeof helmEngine> | undefined;

export async function compareCase(c: ParityCase): Promise<Comparison> {
  if (c.setupError) throw new Error(c.setupError);
  helm ??= helmEngine(findHelmBinary(3));
  const h = await outcome(() => helm!.template(c.chartDir, c.req));
  const n = await outcome(() => nativeEngine.template(c.chartDir, c.req));
  return compareOutcomes(h, n);
}

export function compareOutcomes(h: Outcome, n: Outcome): Comparison {
  if (h.ok && n.ok) {
    const equal = h.stdout === n.stdout;
    return { helm: h, native: n, equal, sameErrorText: false, diff: equal ? '' : unifiedDiff(h.stdout, n.stdout) };
  }
  if (!h.ok && !n.ok) {
    const equal = errorClass(h.error) === errorClass(n.error);
    const sameErrorText = normalizeError(h.error) === normalizeError(n.error);
    return {
      helm: h,
      native: n,
      equal,
      sameErrorText,
      diff: sameErrorText ? '' : unifiedDiff(h.error + '\n', n.error + '\n'),
    };
  }
  const show = (o: Outcome) => (o.ok ? o.stdout : `Error: ${o.error}\n`);
  return { helm: h, native: n, equal: false, sameErrorText: false, diff: unifiedDiff(show(h), show(n)) };
}

/** Schema errors list violations in Go map order, which changes between helm runs: compare them as a set. */
function normalizeError(msg: string): string {
  if (!msg.startsWith("values don't meet")) return msg;
  return msg.split('\n').sort().join('\n');
}

/** What must agree when both engines fail: the kind of error and where it points. */
export function errorClass(msg: string): string {
  const first = msg.split('\n')[0]!;
  const patterns: RegExp[] = [
    /^(parse error at \([^)]*\))/,
    /^(execution error at \([^)]*\))/,
    /^(template: [^:]+:\d+:\d+: executing "[^"]*" at <[^>]*>)/,
    /^(template: [^:]+:\d+(?::\d+)?)/,
    /^(YAML parse error on \S+)/,
    /^(values don't meet the specifications)/,
    /^(failed parsing --set(?:-string)? data)/,
    /^(failed to parse \S+?):/,
    /^(cannot load \S+?):/,
    /^(rendering template failed)/,
  ];
  for (const p of patterns) {
    const m = p.exec(first);
    if (m) return m[1]!;
  }
  return first;
}

const MAX_DIFF_LINES = 80;
const MAX_LINE = 300;

/** A line-based unified diff (helm first, native second) with 2 lines of context. */
export function unifiedDiff(a: string, b: string): string {
  const all = a.split('\n');
  const other = b.split('\n');
  // Strip the common head and tail so the quadratic LCS only sees the differing middle.
  let head = 0;
  while (head < all.length && head < other.length && all[head] === other[head]) head++;
  let tail = 0;
  while (
    tail < all.length - head &&
    tail < other.length - head &&
    all[all.length - 1 - tail] === other[other.length - 1 - tail]
  ) {
    tail++;
  }
  const from = Math.max(0, head - 2);
  const x = all.slice(from, all.length - Math.max(0, tail - 2));
  const y = other.slice(from, other.length - Math.max(0, tail - 2));
  const n = x.length;
  const m = y.length;
  // LCS table; outputs are small enough for O(n·m).
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: { t: ' ' | '-' | '+'; s: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      ops.push({ t: ' ', s: x[i]! });
      i++;
      j++;
    } else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      ops.push({ t: '+', s: y[j]! });
      j++;
    } else {
      ops.push({ t: '-', s: x[i]! });
      i++;
    }
  }
  const keep = ops.map((_, k) => ops.slice(Math.max(0, k - 2), k + 3).some((p) => p.t !== ' '));
  const out: string[] = ['--- helm', '+++ native', `@@ line ${from + 1}`];
  let gap = false;
  ops.forEach((o, k) => {
    if (!keep[k]) {
      if (!gap) out.push('@@');
      gap = true;
      return;
    }
    gap = false;
    const line = JSON.stringify(o.s).slice(1, -1);
    out.push(`${o.t}${line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line}`);
  });
  return out.length > MAX_DIFF_LINES
    ? [...out.slice(0, MAX_DIFF_LINES), `… ${out.length - MAX_DIFF_LINES} more lines`].join('\n')
    : out.join('\n');
}
