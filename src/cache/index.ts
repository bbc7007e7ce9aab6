// The render cache of one run: rendered releases and values that passed validation, found by what they were computed
// from. A release whose chart files, values layers, env facts, Kubernetes version, flags and tool code are unchanged
// is not parsed, rendered or checked object by object again; values that validated are not parsed or validated again.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RenderedObject } from '../render/types.js';
import type { ParsedSource, SourceCache } from '../schema/source.js';
import { callsVolatile, chartInputs, codeVersion, type ChartInputs } from './keys.js';
import { CacheStore, cacheKey } from './store.js';

export { CACHE_DIR, CacheStore } from './store.js';

/** What the render cache stores per release: each rendered object with its `# Source:` path, before env patches. */
export interface CachedObject {
  source: string;
  object: Record<string, any>;
}

/** A release as the engine rendered it: its objects and what the engine warned about meanwhile. */
export interface CachedRelease {
  objects: CachedObject[];
  warnings: string[];
}

export class BundleCache implements SourceCache {
  // Per run, never per process: a file may change between two runs of one process (tests, `bundle diff` of two trees).
  private readonly charts = new Map<string, ChartInputs>();
  private readonly files = new Map<string, { digest: string; volatile: boolean } | null>();

  constructor(
    readonly store: CacheStore,
    /** The tool's code version; tests pass another to play a new engine. */
    readonly code: string = codeVersion(),
  ) {}

  /** sha256 of a chart folder as the loader sees it (dependencies and library charts included), and whether one of
   *  its templates calls a function whose result changes from run to run. */
  chart(dir: string): ChartInputs {
    return chartInputs(dir, this.charts);
  }

  /** sha256 of a file's bytes, or null when it cannot be read (the reader will report it, or it names no input). */
  file(path: string): string | null {
    return this.read(path)?.digest ?? null;
  }

  /** Whether a values file holds a template action calling a volatile function (which `tpl` may render). */
  volatileFile(path: string): boolean {
    return this.read(path)?.volatile ?? false;
  }

  private read(path: string): { digest: string; volatile: boolean } | null {
    let r = this.files.get(path);
    if (r === undefined) {
      try {
        const data = readFileSync(path);
        r = { digest: createHash('sha256').update(data).digest('hex'), volatile: callsVolatile(data.toString('latin1')) };
      } catch {
        r = null;
      }
      this.files.set(path, r);
    }
    return r;
  }

  /** What a render reads from the machine: the time zone date functions format in (TZ, ZONEINFO, /etc/localtime). */
  machine(): Record<string, string | null> {
    return { tz: process.env['TZ'] ?? null, zoneinfo: process.env['ZONEINFO'] ?? null, localtime: this.file('/etc/localtime') };
  }

  /** Whether `--set` text holds such an action. */
  volatileText(texts: string[]): boolean {
    return texts.some(callsVolatile);
  }

  key(kind: string, parts: Record<string, unknown>): string {
    return cacheKey({ kind, code: this.code, ...parts });
  }

  renderedRelease(key: string): CachedRelease | undefined {
    const release = this.store.get<CachedRelease>('render', key);
    return release && Array.isArray(release.objects) && Array.isArray(release.warnings) ? release : undefined;
  }

  /** Stores a release's objects when JSON holds them exactly (YAML can also yield NaN, -0 or ±Infinity). */
  storeRenderedRelease(key: string, release: CachedRelease): void {
    if (survivesJson(release)) this.store.put('render', key, release);
  }

  /** A YAML file's data and positions, by its text (env files: their parser is the slowest part of a warm run). */
  parsedSource(text: string): ParsedSource | undefined {
    const parsed = this.store.get<ParsedSource>('source', this.key('source', { text }));
    return parsed && typeof parsed === 'object' && 'data' in parsed && parsed.tree ? parsed : undefined;
  }

  storeParsedSource(text: string, parsed: ParsedSource): void {
    if (survivesJson(parsed)) this.store.put('source', this.key('source', { text }), parsed);
  }

  private readonly digests = new WeakMap<RenderedObject[], string | null>();

  /** A key over a release's rendered objects (with their sources), or undefined when JSON cannot tell them apart from
   *  others (NaN, dates …). Their digest is computed once per run: the objects are not changed after rendering. */
  objectsKey(kind: string, objects: RenderedObject[], parts: Record<string, unknown> = {}): string | undefined {
    let digest = this.digests.get(objects);
    if (digest === undefined) {
      const pairs = objects.map((o) => [o.source, o.object]);
      digest = survivesJson(pairs) ? createHash('sha256').update(JSON.stringify(pairs)).digest('hex') : null;
      this.digests.set(objects, digest);
    }
    return digest === null ? undefined : this.key(kind, { ...parts, objects: digest });
  }

  /** Payloads stored as arrays with one item per rendered object (schema verdicts, file texts). */
  perObject<T>(kind: string, key: string, count: number): T[] | undefined {
    const items = this.store.get<T[]>(kind, key);
    return Array.isArray(items) && items.length === count ? items : undefined;
  }

  storePerObject(kind: string, key: string, items: unknown[]): void {
    if (survivesJson(items)) this.store.put(kind, key, items);
  }

  /** An env's check findings, kept for exactly the same objects, env file, AppProject and code. */
  findings<T>(key: string): T[] | undefined {
    const findings = this.store.get<T[]>('findings', key);
    return Array.isArray(findings) ? findings : undefined;
  }

  /** Properties left undefined are dropped, as every reporter of findings drops them. */
  storeFindings(key: string, findings: unknown[]): void {
    if (survivesJson(findings, true)) this.store.put('findings', key, findings);
  }

  valuesValid(key: string): boolean {
    return this.store.get<boolean>('values', key) === true;
  }

  markValuesValid(key: string): void {
    this.store.put('values', key, true);
  }
}

/** Whether JSON.parse(JSON.stringify(value)) gives back an equal value (`undefinedProps`: but for properties that are
 *  undefined, which it drops). */
function survivesJson(value: unknown, undefinedProps = false): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every((v) => survivesJson(v, undefinedProps));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value as object).every((v) => (undefinedProps && v === undefined) || survivesJson(v, undefinedProps));
  }
  return false;
}
