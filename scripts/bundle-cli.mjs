#!/usr/bin/env node
// Build step (after tsc): the CLI as one CommonJS file, dist/cli.cjs, with a V8 code cache (src/cli/launch.ts).
// Every module keeps its own import.meta.url (that of its dist/ file), so paths relative to it (schemas/,
// generated/, the deep-stack worker) resolve as they do unbundled. The kubernetes-models packages stay outside: they
// are imported per kind at run time, through the import() the launcher lends (src/import-package.ts). The cache is made by rendering the repository's prod env once, into a temp dir.
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCodeCache } from '../dist/schema/generated-module.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const outfile = join(dist, 'cli.cjs');

const ownMetaUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(dist + '/')) return undefined;
      const rel = relative(dist, args.path);
      const text = readFileSync(args.path, 'utf8').replace(/\bimport\.meta\.url\b/g, `__distUrl(${JSON.stringify(rel)})`);
      return { contents: text, loader: 'js' };
    });
  },
};

await build({
  entryPoints: [join(dist, 'cli/main.js')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['kubernetes-models', 'kubernetes-models/*', '@kubernetes-models/*'],
  banner: { js: "const __distUrl = (rel) => require('node:url').pathToFileURL(require('node:path').join(__dirname, rel)).href;" },
  plugins: [ownMetaUrl],
  logLevel: 'warning',
});

// Warm-up: a render runs nearly every function a command needs; its output is thrown away.
const out = mkdtempSync(join(tmpdir(), 'bundle-warmup-'));
const silent = { stdout: process.stdout.write, stderr: process.stderr.write };
try {
  await writeCodeCache(outfile, async (cli) => {
    if (!existsSync(join(root, 'overlays/prod/env.yaml'))) return;
    cli.useImporter((specifier) => import(specifier));
    process.stdout.write = process.stderr.write = () => true;
    try {
      await cli.main(['node', 'bundle', 'render', 'env/prod', '--out', out, '--no-cache']);
    } finally {
      Object.assign(process.stdout, { write: silent.stdout });
      Object.assign(process.stderr, { write: silent.stderr });
    }
  });
} finally {
  process.exitCode = undefined;
  rmSync(out, { recursive: true, force: true });
}
console.error(`bundled the CLI into ${relative(root, outfile)} (${(readFileSync(outfile).length / 1e6).toFixed(1)} MB, with a V8 code cache)`);
