// What cache keys hash: the files a chart is loaded from, and the code that turns inputs into output.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * sha256 of a folder as the chart loader sees it: every file below it with its path and bytes, symlinks followed (a
 * chart's `charts/common` link to the library chart, vendored `.tgz` dependencies, .helmignore'd files too: hashing
 * more than the loader reads can only cost a miss). Subtrees are hashed once per `memo` (one run: files may change
 * between runs of a long-lived process) by their real path, so a library chart that twenty charts link is read once.
 */
export function treeHash(dir: string, memo: Map<string, string> = new Map()): string {
  return subtreeHash(realpathSync(dir), new Set(), memo).digest;
}

function subtreeHash(real: string, ancestors: Set<string>, treeHashes: Map<string, string>): { digest: string; cyclic: boolean } {
  const known = treeHashes.get(real);
  if (known) return { digest: known, cyclic: false };
  const h = createHash('sha256');
  const inner = new Set(ancestors).add(real);
  // A link back up the tree makes the hash depend on the path it was reached by: such a subtree is not remembered.
  let cyclic = false;
  for (const name of readdirSync(real).sort()) {
    let target: string;
    try {
      target = realpathSync(join(real, name));
    } catch {
      h.update(`dangling ${JSON.stringify(name)}\n`);
      continue;
    }
    const st = statSync(target);
    if (st.isDirectory()) {
      let sub = 'cycle';
      if (inner.has(target)) cyclic = true;
      else {
        const r = subtreeHash(target, inner, treeHashes);
        sub = r.digest;
        cyclic ||= r.cyclic;
      }
      h.update(`dir ${JSON.stringify(name)} ${sub}\n`);
    } else if (st.isFile()) {
      const data = readFileSync(target);
      h.update(`file ${JSON.stringify(name)} ${data.length}\n`);
      h.update(data);
    }
  }
  const digest = h.digest('hex');
  if (!cyclic) treeHashes.set(real, digest);
  return { digest, cyclic };
}

let code: string | undefined;

/**
 * sha256 of the code that is running: the bundled CLI (dist/cli.cjs, which holds its npm dependencies too) or,
 * unbundled, every module beside this one plus package-lock.json. Any change to the engine, the checks or a
 * dependency is a different version of the tool, so nothing cached by another build is ever served.
 */
export function codeVersion(): string {
  if (code) return code;
  const codeRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const bundle = join(codeRoot, 'cli.cjs');
  const h = createHash('sha256');
  if (existsSync(bundle)) {
    h.update(readFileSync(bundle));
  } else {
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (/\.(js|ts)$/.test(e.name)) h.update(`${path.slice(codeRoot.length)}\n`).update(readFileSync(path));
      }
    };
    walk(codeRoot);
    const lock = join(codeRoot, '..', 'package-lock.json');
    if (existsSync(lock)) h.update(readFileSync(lock));
  }
  code = h.digest('hex');
  return code;
}
