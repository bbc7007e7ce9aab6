// Differential harness: run `helm template` (the real v3.17.3 binary) and `bundle template` (the native engine,
// in-process) with the same arguments in the same directory, and compare what each prints and writes.
//
// A case is a chart directory plus the arguments of `helm template`. Corpus directories (test/parity/corpus/<name>/)
// may hold an `args.json`: a list of flags (["--set", "a=1", "--include-crds"]), or {"cases": [<list>, …]} to run the
// chart several ways. By default the arguments are `release-name . --kube-version 1.30.0 <flags>`; `--name X` in
// the flags sets the release name, and a list holding "$CHART" (the directory itself) or "$CHART:<path>" (a chart
// or archive below it) is the whole argument list, without a release name unless the list has one. "$OUT" stands for an empty directory of each run (for
// --output-dir). Both engines run with the chart directory as working directory and the same small environment.
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { runTemplate } from '../../src/cli/template.js';
import { findHelmBinary } from '../../src/engines/index.js';
import { goBytes } from '../../src/helm/gostrings.js';

export const DEFAULT_KUBE_VERSION = '1.30.0';

export interface ParityCase {
  name: string;
  chartDir: string;
  /** The arguments after `helm template`. */
  argv: string[];
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

/** `helm template` arguments of a case: the defaults plus the flags of its args.json. */
export function caseArgv(flags: string[]): string[] {
  if (flags.some((f) => f === '$CHART' || f.startsWith('$CHART:'))) {
    return ['--kube-version', DEFAULT_KUBE_VERSION, ...flags.map((f) => (f === '$CHART' ? '.' : f.startsWith('$CHART:') ? f.slice(7) : f))];
  }
  let name = 'release-name';
  const rest: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    if (flags[i] === '--name') name = flags[++i]!;
    else rest.push(flags[i]!);
  }
  return [name, '.', '--kube-version', DEFAULT_KUBE_VERSION, ...rest];
}

/** Every corpus chart (each args.json case) and every chart of charts/ with each of its ci/*.yaml files. */
export function listCases(): ParityCase[] {
  const cases: ParityCase[] = [];
  if (existsSync(corpusDir)) {
    for (const name of readdirSync(corpusDir).sort()) {
      const dir = join(corpusDir, name);
      if (!statSync(dir).isDirectory() || !existsSync(join(dir, 'Chart.yaml')) && !existsSync(join(dir, 'args.json'))) continue;
      const argsFile = join(dir, 'args.json');
      if (!existsSync(argsFile)) {
        cases.push({ name, chartDir: dir, argv: caseArgv([]) });
        continue;
      }
      try {
        const spec: unknown = JSON.parse(readFileSync(argsFile, 'utf8'));
        const specs = spec !== null && typeof spec === 'object' && 'cases' in spec ? (spec as { cases: unknown[] }).cases : [spec];
        specs.forEach((s, i) => {
          if (!Array.isArray(s)) throw new Error('a case is a list of arguments');
          cases.push({ name: specs.length > 1 ? `${name}#${i}` : name, chartDir: dir, argv: caseArgv(s.map(String)) });
        });
      } catch (e) {
        // A broken args.json fails its own case, not the whole listing.
        cases.push({ name, chartDir: dir, argv: [], setupError: `${argsFile}: ${(e as Error).message}` });
      }
    }
  }
  const chartsDir = join(repoRoot, 'charts');
  for (const name of existsSync(chartsDir) ? readdirSync(chartsDir).sort() : []) {
    const dir = join(chartsDir, name);
    if (!existsSync(join(dir, 'Chart.yaml'))) continue;
    const ciDir = join(dir, 'ci');
    const ciFiles = existsSync(ciDir) ? readdirSync(ciDir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
    cases.push({ name: `charts/${name}`, chartDir: dir, argv: caseArgv([]) });
    for (const f of ciFiles) cases.push({ name: `charts/${name}:${f}`, chartDir: dir, argv: caseArgv(['-f', join(ciDir, f)]) });
  }
  return cases;
}

/** What one `template` run left: exit code, stdout, stderr and the files under "$OUT". */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  files: Map<string, string>;
}

/** The environment both engines run in: no kubeconfig, HELM_* or locale from the caller. */
function cleanEnv(home: string): Record<string, string> {
  return { HOME: home, PATH: '/usr/bin:/bin', TZ: 'UTC', LC_ALL: 'C' };
}

async function inScratch(argv: string[], run: (argv: string[], env: Record<string, string>) => Promise<Omit<CliRun, 'files'>>): Promise<CliRun> {
  const home = mkdtempSync(join(tmpdir(), 'parity-home-'));
  const out = mkdtempSync(join(tmpdir(), 'parity-out-'));
  try {
    const r = await run(
      argv.map((a) => a.replaceAll('$OUT', out)),
      cleanEnv(home),
    );
    const files = new Map<string, string>();
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else files.set(relative(out, join(d, e.name)), readFileSync(join(d, e.name), 'latin1'));
      }
    };
    walk(out);
    const unOut = (s: string) => s.replaceAll(out, '$OUT').replaceAll(home, '$HOME');
    return { code: r.code, stdout: unOut(r.stdout), stderr: unOut(r.stderr), files };
  } finally {
    rmSync(home, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}

/** The real helm v3.17.3. */
export function runHelm(argv: string[], cwd: string): Promise<CliRun> {
  return inScratch(argv, async (args, env) => {
    const r = await execa(findHelmBinary(3), ['template', ...args], {
      cwd,
      env,
      extendEnv: false,
      reject: false,
      encoding: 'latin1',
      stripFinalNewline: false,
    });
    return { code: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
  });
}

/** `bundle template` in this process (its working directory moved to `cwd` for the run). */
export function runNative(argv: string[], cwd: string): Promise<CliRun> {
  return inScratch(argv, async (args, env) => {
    const stdout: Buffer[] = [];
    let stderr = '';
    const before = process.cwd();
    process.chdir(cwd);
    try {
      const code = await runTemplate(args, {
        stdout: (d) => stdout.push(Buffer.from(typeof d === 'string' ? Buffer.from(d) : d)),
        stderr: (t) => (stderr += t),
        env,
      });
      // The text as processIO writes it: a Go string's bytes.
      return { code, stdout: Buffer.concat(stdout).toString('latin1'), stderr: goBytes(stderr).toString('latin1') };
    } finally {
      process.chdir(before);
    }
  });
}

/** helm's --debug lines carry timestamps, which bundle leaves out, and end with the error and its Go stack trace,
 *  which bundle does not print. */
function comparableStderr(s: string): string[] {
  const lines = s.split('\n').map((l) => l.replace(/^(\w+\.go:\d+): \d{4}-\d\d-\d\d \S+ [+-]\d{4} \S+ m=\S+ \[debug\]/, '$1: [debug]'));
  const debugError = lines.findIndex((l) => /^helm\.go:\d+: \[debug\]/.test(l));
  // Go logs warnings in map order, which changes between helm runs.
  // The text's final line break (the debug line follows the error's own).
  const kept = debugError >= 0 ? lines.slice(0, debugError) : lines.slice(0, lines.at(-1) === '' ? -1 : undefined);
  return kept.sort();
}

export interface RunComparison {
  helm: CliRun;
  native: CliRun;
  equal: boolean;
  diff: string;
}

export function compareRuns(h: CliRun, n: CliRun): RunComparison {
  const parts: string[] = [];
  if (h.code !== n.code) parts.push(`exit code: helm ${h.code}, native ${n.code}`);
  if (h.stdout !== n.stdout) parts.push(`stdout:\n${unifiedDiff(h.stdout, n.stdout)}`);
  const [hs, ns] = [comparableStderr(h.stderr), comparableStderr(n.stderr)];
  if (hs.join('\n') !== ns.join('\n')) parts.push(`stderr:\n${unifiedDiff(h.stderr, n.stderr)}`);
  const names = new Set([...h.files.keys(), ...n.files.keys()]);
  for (const f of [...names].sort()) {
    if (h.files.get(f) !== n.files.get(f)) parts.push(`file ${f}:\n${unifiedDiff(h.files.get(f) ?? '(missing)', n.files.get(f) ?? '(missing)')}`);
  }
  return { helm: h, native: n, equal: parts.length === 0, diff: parts.join('\n') };
}

export async function compareCase(c: ParityCase): Promise<RunComparison> {
  if (c.setupError) throw new Error(c.setupError);
  return compareRuns(await runHelm(c.argv, c.chartDir), await runNative(c.argv, c.chartDir));
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
