// Public API of the Go text/template engine: a set of named templates sharing one function table, with Go's rules
// for how parsing adds templates to the set.

import { builtins, type GoVersion } from './builtins.js';
import { TemplateError } from './errors.js';
import { executeTree, type MissingKey } from './exec.js';
import { isEmptyTree, parseTemplates, type Tree } from './parser.js';
import { quote } from './strconv.js';
import type { FuncMap } from './values.js';

export { TemplateError, isStackOverflow } from './errors.js';
export type { MissingKey } from './exec.js';
export * from './values.js';
export { sprint, sprintf, sprintln, formatFloatFmt } from './fmt.js';
export { quote, quoteRune } from './strconv.js';

export type { GoVersion } from './builtins.js';

export interface TemplateOptions {
  funcs?: FuncMap;
  missingKey?: MissingKey;
  /** Which Go release's text/template to mimic (default '1.23'). */
  goVersion?: GoVersion;
  /** Name of the set's root template, as Go reports it in "no template X associated with template NAME". */
  name?: string;
}

export class TemplateSet {
  private templates = new Map<string, Tree>();
  private funcs: FuncMap;
  private missingKey: MissingKey;
  private goVersion: GoVersion;
  private readonly name: string;

  constructor(opts: TemplateOptions = {}) {
    this.name = opts.name ?? '';
    this.funcs = { ...(opts.funcs ?? {}) };
    this.missingKey = opts.missingKey ?? 'default';
    this.goVersion = opts.goVersion ?? '1.23';
  }

  /**
   * Parse `text` as template `name`, adding it and every {{define}}/{{block}} in it. A later parse replaces earlier
   * definitions, except that an empty body never replaces a non-empty one (Go's `associate`).
   */
  parse(name: string, text: string): void {
    const table = builtins(this.goVersion);
    const hasFunction = (fn: string) => Object.hasOwn(this.funcs, fn) || Object.hasOwn(table, fn);
    const trees = parseTemplates(name, text, hasFunction);
    for (const [n, tree] of trees) {
      const old = this.templates.get(n);
      if (old && isEmptyTree(tree.root)) continue;
      this.templates.set(n, tree);
    }
  }

  has(name: string): boolean {
    return this.templates.has(name);
  }

  /** Execute template `name` with `data` as dot. Re-entrant: functions may call back into execute/clone/parse. */
  execute(name: string, data: unknown): string {
    const tree = this.templates.get(name);
    if (!tree) throw new TemplateError(`template: no template ${quote(name)} associated with template ${quote(this.name)}`);
    const ctx = {
      lookup: (n: string) => this.templates.get(n),
      funcs: this.funcs,
      builtins: builtins(this.goVersion),
      missingKey: this.missingKey,
      goVersion: this.goVersion,
    };
    return executeTree(ctx, name, tree, data);
  }

  /** Same templates and options; further parses on either set do not affect the other. */
  clone(): TemplateSet {
    const c = new TemplateSet({ funcs: this.funcs, missingKey: this.missingKey, goVersion: this.goVersion, name: this.name });
    c.templates = new Map(this.templates);
    return c;
  }

  setOptions(opts: Partial<TemplateOptions>): void {
    if (opts.funcs) this.funcs = { ...this.funcs, ...opts.funcs };
    if (opts.missingKey) this.missingKey = opts.missingKey;
    if (opts.goVersion) this.goVersion = opts.goVersion;
  }
}
