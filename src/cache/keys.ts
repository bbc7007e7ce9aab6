// What cache keys hash: the files a chart is loaded from, and the code that turns inputs into output; and which
// inputs make a render unrepeatable.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a chart folder contributes to a release's key. */
export interface ChartInputs {
  /** sha256 of every file below it, as the loader sees them. */
  digest: string;
  /** A template calls a function whose result changes from run to run (see VOLATILE). */
  volatile: boolean;
}

/**
 * Template functions whose results differ between two renders of the same inputs: the clock, randomness, key and
 * certificate generation, salted hashes, DNS. A release that calls one is never served from the cache: its output
 * on the next run would not be what a render gives.
 */
const VOLATILE =
  /\b(?:now|ago|rand(?:Alpha|AlphaNum|Ascii|Bytes|Int|Numeric)|uuidv4|shuffle|bcrypt|htpasswd|encryptAES|gen(?:CA|CAWithKey|PrivateKey|SelfSignedCert|SelfSignedCertWithKey|SignedCert|SignedCertWithKey)|getHostByName)\b/;

/** Whether template text (a template, or a values file or flag that `tpl` may render) calls a volatile function
 *  inside an action; comments do not count. */
export function callsVolatile(text: string): boolean {
  if (!text.includes('{{')) return false;
  for (const m of text.matchAll(/\{\{-?\s*([\s\S]*?)-?\}\}/g)) {
    if (!m[1]!.startsWith('/*') && VOLATILE.test(m[1]!)) return true;
  }
  return false;
}

/**
 * A chart folder as the loader sees it: every file below it with its path and bytes, symlinks followed (a chart's
 * `charts/common` link to the library chart, vendored `.tgz` dependencies, .helmignore'd files too: hashing more than
 * the loader reads can only cost a miss). Subtrees are read once per `memo` (one run: files may change between runs of
 * a long-lived process) by their real path, so a library chart that twenty charts link is read once.
 */
export function chartInputs(dir: string, memo: Map<string, ChartInputs> = new Map()): ChartInputs {
  const { digest, volatile } = subtree(realpathSync(dir), new Set(), memo);
  return { digest, volatile };
}

function subtree(real: string, ancestors: Set<string>, memo: Map<string, ChartInputs>): ChartInputs & { cyclic: boolean } {
  const known = memo.get(real);
  if (known) return { ...known, cyclic: false };
  const h = createHash('sha256');
  const inner = new Set(ancestors).add(real);
  // A link back up the tree makes the hash depend on the path it was reached by: such a subtree is not remembered.
  let cyclic = false;
  let volatile = false;
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
        const r = subtree(target, inner, memo);
        sub = r.digest;
        cyclic ||= r.cyclic;
        volatile ||= r.volatile;
      }
      h.update(`dir ${JSON.stringify(name)} ${sub}\n`);
    } else if (st.isFile()) {
      const data = readFileSync(target);
      h.update(`file ${JSON.stringify(name)} ${data.length}\n`);
      h.update(data);
      volatile ||= fileCallsVolatile(name, data);
    }
  }
  const result = { digest: h.digest('hex'), volatile };
  if (!cyclic) memo.set(real, result);
  return { ...result, cyclic };
}

/** A vendored dependency is a gzipped tar, whose files stand in it as they are: searched unpacked. One that does not
 *  unpack is taken for volatile (helm will refuse it anyway). */
function fileCallsVolatile(name: string, data: Buffer): boolean {
  if (!name.endsWith('.tgz')) return callsVolatile(data.toString('latin1'));
  try {
    return callsVolatile(gunzipSync(data).toString('latin1'));
  } catch {
    return true;
  }
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
