// The bundled envs render for real: env/prod and env/dev, with both engines, into the documented layout.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { bundle, readTree, repoRoot } from '../helpers/cli.js';

async function renderEnv(env: string, engine: string, extra: string[] = []) {
  const out = await mkdtemp(join(tmpdir(), `bundle-${env}-`));
  const r = await bundle(['render', `env/${env}`, '--engine', engine, '--out', out, ...extra]);
  expect(r.exitCode, r.stderr).toBe(0);
  return readTree(join(out, env));
}

describe.each(['prod', 'dev'])('env/%s', (env) => {
  it('renders every enabled release with the real helm engine into one object per file plus apps/', async () => {
    const tree = await renderEnv(env, 'helm');
    const envFile = parse(await readFile(join(repoRoot, 'overlays', env, 'env.yaml'), 'utf8'));
    const releases = envFile.releases.filter((r: any) => r.enabled !== false).map((r: any) => r.name);
    for (const release of releases) {
      expect(tree.has(`apps/${release}.yaml`), release).toBe(true);
      expect([...tree.keys()].some((p) => p.startsWith(`${release}/`)), release).toBe(true);
    }
    for (const [path, content] of tree) {
      if (path === '.bundle-owned') continue;
      const docs = parseAllDocuments(content);
      expect(docs.length, path).toBe(1);
      const obj = docs[0]!.toJS();
      expect(obj.apiVersion && obj.kind && obj.metadata?.name, path).toBeTruthy();
    }
  });

  it('is identical with the native engine and across concurrency levels', async () => {
    const helm = await renderEnv(env, 'helm', ['--concurrency', '4']);
    const native1 = await renderEnv(env, 'native', ['--concurrency', '1']);
    const native4 = await renderEnv(env, 'native', ['--concurrency', '4']);
    expect(native1).toEqual(native4);
    expect([...native1.keys()]).toEqual([...helm.keys()]);
    for (const [path, content] of helm) expect(native1.get(path), path).toBe(content);
  });
});
