#!/usr/bin/env node
// Benchmark (not a test): `bundle render` end to end with the native engine vs the real helm binary, on env/prod and on
// a generated 100-release / 5,000-object bundle. Prints wall time, peak memory and the ratio from the same run, and
// the ratio of the render phase alone (from `--timings`).
// Usage: npm run bench [-- --runs 5]
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;

// Output goes to tmpfs when there is one: on this class of VM creating a file on disk costs ~0.5 ms, which would
// measure the disk rather than the renderer (both engines write the same files either way).
const scratch = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

/** Run the CLI under /usr/bin/time: [wall seconds, peak RSS of the bundle process in MiB, render phase in ms]. */
function measure(cwd, args) {
  const out = mkdtempSync(join(scratch, 'bundle-bench-out-'));
  try {
    const res = spawnSync('/usr/bin/time', ['-f', '%e %M', 'node', join(root, 'bin/bundle.js'), ...args, '--timings', '--out', out], {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    const stderr = res.stderr.toString();
    if (res.status !== 0) throw new Error(`bundle ${args.join(' ')} failed:\n${stderr}`);
    const [secs, kib] = stderr.trim().split('\n').pop().split(' ').map(Number);
    return [secs, kib / 1024, Number(/\brender (\d+) ms/.exec(stderr)[1])];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median wall time, median peak memory and median render phase over the runs. */
function medians(cwd, args) {
  const samples = Array.from({ length: runs }, () => measure(cwd, args));
  return [0, 1, 2].map((i) => median(samples.map((s) => s[i])));
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
  cpSync(join(root, 'overlays/prod/env.yaml'), join(dir, 'overlays/large/env.yaml'));
  const releases = Array.from({ length: 100 }, (_, i) => `  - { name: r${i}, chart: many, namespace: ns${i % 10}, wave: ${i % 5} }`);
  const env = execFileSync('sed', ['-e', 's/^name: prod$/name: large/', '-e', '/^releases:/,$d', join(dir, 'overlays/large/env.yaml')]).toString();
  writeFileSync(join(dir, 'overlays/large/env.yaml'), `${env}releases:\n${releases.join('\n')}\n`);
  return dir;
}

function report(label, cwd, env) {
  const [nt, nm, nr] = medians(cwd, ['render', env, '--engine', 'native']);
  const [ht, hm, hr] = medians(cwd, ['render', env, '--engine', 'helm']);
  console.log(`${label}: native ${nt.toFixed(2)} s / ${nm.toFixed(0)} MiB peak; helm ${ht.toFixed(2)} s / ${hm.toFixed(0)} MiB peak; native is ${(ht / nt).toFixed(1)}x faster`);
  // The engines differ only in the render phase; start-up, validation, checks and writing are shared work.
  console.log(`${label}, render phase only (--timings): native ${nr} ms; helm ${hr} ms; native is ${(hr / nr).toFixed(1)}x faster`);
}

console.log(`median of ${runs} runs per measurement, node ${process.version}`);
report('env/prod', root, 'env/prod');
const large = largeProject();
try {
  report('100 releases / 5,000 objects', large, 'env/large');
} finally {
  rmSync(large, { recursive: true, force: true });
}
