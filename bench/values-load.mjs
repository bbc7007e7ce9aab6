#!/usr/bin/env node
// Benchmark (not a test): how long one large values file takes, `bundle render` (native engine, end to end) beside
// `helm template` with the same file. Generated files of 1 MB and 2 MB (50 MB with --large) in three styles: plain
// block mappings, flow collections and quoted scalars, and anchors with aliases.
// Usage: npm run bench:load [-- --runs 3] [-- --large]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 1;
const sizes = process.argv.includes('--large') ? [1e6, 2e6, 50e6] : [1e6, 2e6];
const helm = join(process.env.BUNDLE_TOOLS_DIR ?? join(homedir(), '.cache/bundle-tools'), 'helm-v3/helm');

const styles = {
  block: (i) => `key${i}:\n  name: item-${i}\n  list:\n    - a\n    - b\n  enabled: true\n`,
  'flow+quoted': (i) => `key${i}: {name: "item-${i}", list: [a, 'b'], enabled: true}\n`,
  anchors: (i) => `key${i}: &a${i}\n  name: item-${i}\nref${i}: *a${i}\n`,
};

function generate(style, size) {
  const parts = [];
  for (let i = 0, n = 0; n < size; i++) {
    parts.push(styles[style](i));
    n += parts.at(-1).length;
  }
  return parts.join('');
}

/** [wall seconds, peak RSS MiB, refused] of a command under /usr/bin/time. A refusal (a document past the alias limit
 *  is refused by both) is timed like an answer; anything else that fails stops the benchmark. */
function measure(cwd, argv) {
  const res = spawnSync('/usr/bin/time', ['-f', '%e %M', ...argv], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const stderr = res.stderr.toString();
  const refused = /excessive aliasing/.test(stderr);
  if (res.status !== 0 && !refused) throw new Error(`${argv.join(' ')} failed:\n${stderr.slice(-2000)}`);
  const [secs, kib] = stderr.trim().split('\n').pop().split(' ').map(Number);
  return [secs, kib / 1024, refused];
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'bundle-bench-load-'));
try {
  // One chart that reads nothing but the size of its values, and one env releasing it.
  mkdirSync(join(dir, 'charts/open/templates'), { recursive: true });
  writeFileSync(join(dir, 'charts/open/Chart.yaml'), 'apiVersion: v2\nname: open\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'charts/open/templates/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: size\ndata:\n  keys: {{ len .Values | quote }}\n');
  cpSync(join(root, 'test/fixtures/project/overlays/staging'), join(dir, 'overlays/load'), { recursive: true });
  const env = readFileSync(join(dir, 'overlays/load/env.yaml'), 'utf8').replace(/^name: staging$/m, 'name: load').replace(/^releases:[\s\S]*$/m, '');
  writeFileSync(join(dir, 'overlays/load/env.yaml'), `${env}releases:\n  - name: open\n    chart: open\n    namespace: open\n`);
  rmSync(join(dir, 'overlays/load/values'), { recursive: true, force: true });
  mkdirSync(join(dir, 'overlays/load/values'));
  const values = join(dir, 'overlays/load/values/open.yaml');
  console.log(`median of ${runs} run(s); bundle render = load, validate, render, check, write; helm template = load and render`);
  console.log('| file | `bundle render` | `helm template` |');
  console.log('|---|---|---|');
  for (const size of sizes) {
    for (const style of Object.keys(styles)) {
      writeFileSync(values, generate(style, size));
      const ours = Array.from({ length: runs }, () => measure(dir, ['node', join(root, 'bin/bundle.js'), 'render', 'env/load', '--out', join(dir, 'out'), '--no-cache']));
      const theirs = Array.from({ length: runs }, () => measure(dir, [helm, 'template', 'open', 'charts/open', '-f', values]));
      const cell = (m) => `${median(m.map((x) => x[0])).toFixed(2)} s, ${Math.round(median(m.map((x) => x[1])))} MiB${m[0][2] ? ' (refused: excessive aliasing)' : ''}`;
      console.log(`| ${size / 1e6} MB ${style} | ${cell(ours)} | ${cell(theirs)} |`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
