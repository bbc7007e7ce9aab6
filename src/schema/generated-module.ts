// The build's generated CommonJS modules (ajv standalone validators: ~1.7 MB for the env and chart schemas, one module
// per Kubernetes kind; the CLI bundled into one file, dist/cli.cjs), loaded with V8's code cache. Compiling that much
// code costs more than running it on a bundle, so `npm run build` runs each module once on an example and stores the
// compiled code beside it as <file>.v8cache. V8 refuses a cache made by another V8 version or flag set; the module is
// then compiled from its source as before.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

export const CODE_CACHE = '.v8cache';

/** The CommonJS wrapper around a module's source: the code cached at build time must be the code compiled at run time. */
function wrapped(file: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${readFileSync(file, 'utf8')}\n})`;
}

function run(script: Script, file: string): unknown {
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

// V8 checks a cache against the length of the source only; the file starts with the source's sha256 so that a cache
// never stands in for other code of the same length.
const digest = (source: string) => createHash('sha256').update(source).digest();

/** The script of a generated module, from its code cache when there is one for exactly this source. */
function compile(file: string): Script {
  const source = wrapped(file);
  const cacheFile = file + CODE_CACHE;
  const cache = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const cachedData = cache && cache.subarray(0, 32).equals(digest(source)) ? cache.subarray(32) : undefined;
  return new Script(source, { filename: file, cachedData });
}

const loaded = new Map<string, unknown>();

/** module.exports of a generated module, from its code cache when V8 accepts it; like require(), once per process. */
export function loadGeneratedModule(file: string): unknown {
  if (!loaded.has(file)) loaded.set(file, run(compile(file), file));
  return loaded.get(file);
}

/** Whether the module has a code cache for its source that this process's V8 accepts. */
export function codeCacheAccepted(file: string): boolean {
  const script = compile(file);
  return script.cachedDataRejected === false;
}

/** Build step: load the module, let `warmUp` run it the way a render does, and store the code V8 compiled meanwhile
 *  (functions that never ran are compiled lazily at run time, as without a cache). */
export async function writeCodeCache(file: string, warmUp: (exports: unknown) => unknown): Promise<void> {
  const source = wrapped(file);
  const script = new Script(source, { filename: file });
  await warmUp(run(script, file));
  writeFileSync(file + CODE_CACHE, Buffer.concat([digest(source), script.createCachedData()]));
}
