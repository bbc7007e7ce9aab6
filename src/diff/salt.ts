// The salt of the Secret masks in diffs: 32 random bytes in `.bundle-salt` at the repository root, made on first use
// and meant to be committed. A mask is an HMAC of the value under this salt, so it still shows that a value changed,
// but a mask seen in a PR comment or a CI log cannot be looked up in a table of hashed common passwords, nor compared
// with another repository's masks. Whoever can read the repository can test guesses, but they can read the rendered
// Secrets anyway.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SALT_FILE = '.bundle-salt';

/** The repository's salt; `notify` hears about a salt file being made (or, where none can be written, a salt that
 *  lasts one run). */
export function repositorySalt(root: string, notify: (message: string) => void): string {
  const file = join(root, SALT_FILE);
  if (existsSync(file)) {
    const salt = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(salt)) return salt;
    throw new Error(`${file}: expected 64 hex digits (the salt of Secret masks in diffs); delete it to get a new one`);
  }
  const salt = randomBytes(32).toString('hex');
  try {
    writeFileSync(file, `${salt}\n`, { flag: 'wx' });
    notify(`created ${file}, the salt of Secret masks in diffs: commit it, so that masks stay comparable between runs`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return repositorySalt(root, notify);
    notify(`cannot write ${file} (${(e as Error).message}): Secret masks of this diff use a salt of this run only`);
  }
  return salt;
}
