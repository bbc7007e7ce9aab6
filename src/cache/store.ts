// A content-addressed cache on disk (`.bundle-cache/` of the project, git-ignored): entries are found by a key that
// hashes everything their content was computed from, so an entry is either right or never looked up. What is read is
// never trusted: an entry whose header does not name its own kind and key, or whose payload does not hash to the
// sha256 the header records (a torn write, a disk error, a file copied from elsewhere), is ignored and rewritten.
// A cache that cannot be written (read-only, full, not a folder) costs speed only: one warning, then no more writes.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CACHE_DIR = '.bundle-cache';

/** Bumped when the layout of entries changes, so older entries are never read as newer ones. */
const FORMAT = 'bundle-cache/1';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** sha256 (hex) of a JSON-able description of everything an entry depends on. */
export function cacheKey(parts: unknown): string {
  return sha256(JSON.stringify(parts));
}

interface Header {
  format: string;
  kind: string;
  key: string;
  sha256: string;
}

export class CacheStore {
  private writable = true;
  private tmpSeq = 0;

  constructor(
    readonly dir: string,
    private readonly warn: (message: string) => void,
  ) {}

  /** The project's cache, `<root>/.bundle-cache`. */
  static forProject(root: string, warn: (message: string) => void): CacheStore {
    return new CacheStore(join(root, CACHE_DIR), warn);
  }

  private file(kind: string, key: string): string {
    return join(this.dir, kind, `${key}.json`);
  }

  /** The payload stored under kind/key, or undefined when there is none that verifies. */
  get<T>(kind: string, key: string): T | undefined {
    let text: string;
    try {
      text = readFileSync(this.file(kind, key), 'utf8');
    } catch {
      return undefined;
    }
    const nl = text.indexOf('\n');
    if (nl < 0) return undefined;
    try {
      const header = JSON.parse(text.slice(0, nl)) as Header;
      const payload = text.slice(nl + 1);
      if (header.format !== FORMAT || header.kind !== kind || header.key !== key || header.sha256 !== sha256(payload)) return undefined;
      return JSON.parse(payload) as T;
    } catch {
      return undefined;
    }
  }

  /** Stores a payload (atomically: a reader sees the old entry, the new one or none, never a torn one). */
  put(kind: string, key: string, payload: unknown): void {
    if (!this.writable) return;
    const text = JSON.stringify(payload);
    const header: Header = { format: FORMAT, kind, key, sha256: sha256(text) };
    const file = this.file(kind, key);
    const tmp = `${file}.${process.pid}.${this.tmpSeq++}.tmp`;
    try {
      mkdirSync(join(this.dir, kind), { recursive: true });
      writeFileSync(tmp, `${JSON.stringify(header)}\n${text}`);
      renameSync(tmp, file);
    } catch (e) {
      this.writable = false;
      try {
        unlinkSync(tmp);
      } catch {
        // Never written, or the folder is gone.
      }
      const code = (e as NodeJS.ErrnoException).code;
      this.warn(`cache ${this.dir} cannot be written (${code ?? (e as Error).message}): rendering without it (--no-cache skips it)`);
    }
  }

  /** Removes every entry (`bundle cache clear`). */
  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
