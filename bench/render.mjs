#!/usr/bin/env node
// Benchmark (not a test). Compares `bundle` with what users would otherwise run: plain `helm template` (helm v3.17.3)
// of the same releases with the same values files, two processes at a time as helmfile runs them. Every sample is a
// whole process (or, for helm, the whole group of processes) timed by /usr/bin/time: wall time, CPU time (user+sys of
// the process and every child it waited for) and peak RSS. Variants are run interleaved (A B C A B C …) so that a
// change in the machine's load hits all of them alike; medians and min–max are printed, ratios are of medians.
//
//   env/prod            cold (--no-cache), warm with one values file changed since the last render, warm unchanged
//   100 releases        a generated 100-release / 5,000-object bundle, cold and warm (one values file changed)
//   real-world chart    `bundle template` vs `helm template` of bench/charts/shop (deep include chains through a
//                       bitnami-common-like library chart, tpl of values, a large values file), cold
//
// Usage: npm run bench [-- --runs 7]
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const helm = process.env.BUNDLE_HELM ?? join(process.env.BUNDLE_TOOLS_DIR || join(homedir(), '.cache/bundle-tools'), 'helm-v3/helm');
const bin = join(root, 'bin/bundle.js');
// Output goes to tmpfs when there is one: on this class of VM creating a file on disk costs ~0.5 ms, which would
// measure the disk rather than the renderer (helm's output is written there too).
const scratch = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

/** One whole-process sample: [wall s, CPU s, peak RSS MiB]. */
function time(cmd, args, cwd) {
  const res = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', cmd, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const stderr = res.stderr.toString();
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${stderr}`);
  const [wall, user, sys, kib] = stderr.trim().split('\n').pop().split(' ').map(Number);
  return [wall, user + sys, kib / 1024];
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Runs each variant `runs` times, interleaved; `before` (untimed) prepares a variant's next sample. */
function compare(variants) {
  const samples = variants.map(() => []);
  for (let i = 0; i < runs; i++) {
    variants.forEach((v, j) => {
      v.before?.(i);
      samples[j].push(time(...v.run(i)));
    });
  }
  return variants.map((v, j) => {
    const col = (k) => samples[j].map((s) => s[k]);
    return { label: v.label, wall: col(0), cpu: col(1), rss: col(2) };
  });
}

const fmt = (xs) => `${median(xs).toFixed(2)} s (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;

function report(title, results, baseline) {
  console.log(`\n${title}`);
  const base = results.find((r) => r.label === baseline);
  for (const r of results) {
    const ratio = r === base ? 'baseline' : `${(median(r.wall) / median(base.wall)).toFixed(2)}× wall, ${(median(r.cpu) / median(base.cpu)).toFixed(2)}× CPU`;
    console.log(`  ${r.label.padEnd(34)} wall ${fmt(r.wall)}  CPU ${fmt(r.cpu)}  peak ${median(r.rss).toFixed(0)} MiB  ${ratio}`);
  }
}

/** A copy of a project (charts, overlays, Argo CD bootstrap) to render and edit; links stay links. */
function copyProject(from, dirs = ['charts', 'overlays', 'argocd']) {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-bench-'));
  for (const d of dirs) if (existsSync(join(from, d))) cpSync(join(from, d), join(dir, d), { recursive: true, verbatimSymlinks: true });
  return dir;
}

/**
 * The helmfile-shaped baseline: one `helm template` per release with the values files the pipeline gives the engine
 * (the env's cluster facts as a file, then base and env values), two processes at a time, each writing its output.
 */
async function helmBaseline(project, env) {
  const { prepare } = await import(join(root, 'dist/pipeline.js'));
  const { envGlobals } = await import(join(root, 'dist/env/values.js'));
  const prepared = await prepare(env, { cwd: project });
  const dir = mkdtempSync(join(scratch, 'bundle-bench-helm-'));
  const globals = join(dir, 'env-globals.yaml');
  writeFileSync(globals, JSON.stringify(envGlobals(prepared.env)));
  const scripts = prepared.releases.map(({ release, layers }) => {
    const files = layers.filter((l) => l.name !== 'chart defaults' && l.name !== '--set').map((l) => (l.name === 'env globals' ? globals : l.file));
    const args = ['template', release.name, release.chartDir, '-n', release.namespace, ...files.flatMap((f) => ['-f', f])];
    args.push('--kube-version', prepared.env.cluster.kubernetesVersion, '--include-crds');
    const script = join(dir, `${release.name}.sh`);
    const quote = (s) => `'${s.replaceAll("'", `'\\''`)}'`;
    writeFileSync(script, `exec ${[helm, ...args].map(quote).join(' ')} > ${quote(join(dir, `${release.name}.yaml`))} 2>/dev/null\n`);
    return script;
  });
  writeFileSync(join(dir, 'list'), scripts.join('\n') + '\n');
  return { run: () => ['xargs', ['-P', '2', '-n', '1', '-a', join(dir, 'list'), 'sh'], project], releases: scripts.length, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function bundleRun(project, out, ...args) {
  return () => ['node', [bin, 'render', ...args, '--out', out], project];
}

/** Sets `key: <n>` in a values file, n different for every sample, so the release misses the cache each time. */
function changeValue(file, key, n) {
  const text = readFileSync(file, 'utf8');
  const re = new RegExp(`^${key}: .*$`, 'm');
  writeFileSync(file, re.test(text) ? text.replace(re, `${key}: ${n}`) : `${text}\n${key}: ${n}\n`);
}

async function envBench(title, project, env, changed) {
  const out = mkdtempSync(join(scratch, 'bundle-bench-out-'));
  const baseline = await helmBaseline(project, env);
  const render = bundleRun(project, out, env);
  try {
    execFileSync('node', [bin, 'render', env, '--out', out], { cwd: project, stdio: 'ignore' });
    const results = compare([
      { label: `helm template ×${baseline.releases}, 2 at a time`, run: baseline.run },
      { label: 'bundle render, cold (--no-cache)', run: bundleRun(project, out, env, '--no-cache') },
      {
        label: `bundle render, warm, ${changed.release} changed`,
        // The untimed render before makes every other release current in the cache; then one values file changes.
        before: (i) => {
          execFileSync('node', [bin, 'render', env, '--out', out], { cwd: project, stdio: 'ignore' });
          changeValue(join(project, changed.file), changed.key, changed.value(i));
        },
        run: render,
      },
      { label: 'bundle render, warm, nothing changed', run: render },
      { label: 'node -e 0', run: () => ['node', ['-e', '0'], project] },
    ]);
    report(title, results, results[0].label);
    return results;
  } finally {
    baseline.cleanup();
    rmSync(out, { recursive: true, force: true });
  }
}

/** A project with 100 releases of one chart, 50 objects each. */
function largeProject() {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-bench-'));
  const chart = join(dir, 'charts/many/templates');
  mkdirSync(chart, { recursive: true });
  writeFileSync(join(dir, 'charts/many/Chart.yaml'), 'apiVersion: v2\nname: many\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'charts/many/values.yaml'), 'count: 25\nimage: nginx:1.25.3\nlabels:\n  team: bench\n');
  writeFileSync(
    join(chart, 'objects.yaml'),
    `{{- range $i := until (int .Values.count) }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ $.Release.Name }}-cm-{{ $i }}
  labels:
    {{- toYaml $.Values.labels | nindent 4 }}
data:
  index: {{ $i | quote }}
  payload: {{ printf "%s-%d" $.Release.Name $i | sha256sum | quote }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $.Release.Name }}-app-{{ $i }}
spec:
  replicas: 1
  selector:
    matchLabels: { app: {{ $.Release.Name }}-{{ $i }} }
  template:
    metadata:
      labels: { app: {{ $.Release.Name }}-{{ $i }} }
    spec:
      containers:
        - name: app
          image: {{ $.Values.image }}
          resources:
            requests: { cpu: 10m, memory: 16Mi }
            limits: { cpu: 100m, memory: 32Mi }
          readinessProbe: { tcpSocket: { port: 80 } }
          livenessProbe: { tcpSocket: { port: 80 } }
{{- end }}
`,
  );
  mkdirSync(join(dir, 'overlays/large/values'), { recursive: true });
  const env = execFileSync('sed', ['-e', 's/^name: prod$/name: large/', '-e', '/^releases:/,$d', join(root, 'overlays/prod/env.yaml')]).toString();
  const releases = Array.from({ length: 100 }, (_, i) => `  - { name: r${i}, chart: many, namespace: ns${i % 10}, wave: ${i % 5} }`);
  // prod's waivers name prod's objects: here they would be unused waivers.
  writeFileSync(join(dir, 'overlays/large/env.yaml'), `${env.replace(/^waivers:\n(?:[ \t].*\n)*/m, '')}releases:\n${releases.join('\n')}\n`);
  writeFileSync(join(dir, 'overlays/large/values/r7.yaml'), 'labels:\n  team: bench\n');
  // prod's declared CRDs (crds: [../base/crds]) come along with its facts.
  cpSync(join(root, 'overlays/base/crds'), join(dir, 'overlays/base/crds'), { recursive: true });
  return dir;
}

function chartBench(title, chartDir, valuesFile) {
  const out = mkdtempSync(join(scratch, 'bundle-bench-chart-'));
  const args = ['template', 'shop', chartDir, '-n', 'shop', '-f', valuesFile, '--kube-version', '1.25.0'];
  try {
    const results = compare([
      { label: 'helm template', run: () => ['sh', ['-c', `exec "$0" "$@" > ${join(out, 'helm.yaml')}`, helm, ...args], root] },
      { label: 'bundle template', run: () => ['sh', ['-c', `exec node "$0" "$@" > ${join(out, 'bundle.yaml')}`, bin, ...args], root] },
    ]);
    const same = readFileSync(join(out, 'helm.yaml'), 'utf8') === readFileSync(join(out, 'bundle.yaml'), 'utf8');
    report(`${title} (output ${same ? 'byte-identical' : 'DIFFERS'})`, results, 'helm template');
    if (!same) process.exitCode = 1;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const cpuModel = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
console.log(`${runs} runs per variant, interleaved; node ${process.version}; ${cpuModel}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('wall and CPU (user+sys of the whole process tree): median (min–max); ratios of medians against the baseline');

const prod = copyProject(root);
try {
  await envBench('env/prod', prod, 'env/prod', { release: 'web', file: 'overlays/prod/values/web.yaml', key: 'replicas', value: (i) => 3 + i });
} finally {
  rmSync(prod, { recursive: true, force: true });
}

const large = largeProject();
try {
  await envBench('100 releases / 5,000 objects', large, 'env/large', { release: 'r7', file: 'overlays/large/values/r7.yaml', key: 'count', value: (i) => 26 + i });
} finally {
  rmSync(large, { recursive: true, force: true });
}

chartBench('real-world-shaped chart, one process each', join(root, 'bench/charts/shop'), join(root, 'bench/charts/shop/ci/large-values.yaml'));
console.log(`\nmeasured at load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
