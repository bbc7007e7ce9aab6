// Public API of the Go text/template engine: a set of named templates sharing one function table, with Go's rules
// for how parsing adds templates to the set.

import { builtins, type GoVersion } from './builtins.js';
import { TemplateError } from './errors.js';
import { executeTree, type MissingKey } from './exec.js';
import { isEmptyTree, parseTemplates, type Tree } from './parser.js';
import { quote } from './strconv.js';
import type { FuncMap } from './values.js';

export { AbortError, TemplateError, isStackOverflow, stackExhausted } from './errors.js';
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
  /** Time (Date.now() milliseconds) after which execution stops with an AbortError, checked as loops iterate and
   *  templates are called. */
  deadline?: number;
}

/** Successful parses by Go version, function names, template name and text; see TemplateSet.parseTrees. */
const parsedTrees = new Map<string, Map<string, Map<string, Tree>>>();
const PARSED_TREES_MAX = 4096;
let parsedCount = 0;

/** A template as parsed by `TemplateSet.parse`, to execute with `executeParsed`. */
export interface ParsedTemplate {
  readonly name: string;
  readonly tree: Tree;
}

export class TemplateSet {
  private templates = new Map<string, Tree>();
  private funcs: FuncMap;
  /** The FuncMap's names, sorted and joined: part of the parse cache key (undefined until needed). */
  private funcNames: string | undefined;
  private missingKey: MissingKey;
  private goVersion: GoVersion;
  private deadline: number | undefined;
  private readonly name: string;

  constructor(opts: TemplateOptions = {}) {
    this.name = opts.name ?? '';
    this.funcs = { ...(opts.funcs ?? {}) };
    this.missingKey = opts.missingKey ?? 'default';
    this.goVersion = opts.goVersion ?? '1.23';
    this.deadline = opts.deadline;
  }

  /**
   * Parse `text` as template `name`, adding it and every {{define}}/{{block}} in it. A later parse replaces earlier
   * definitions, except that an empty body never replaces a non-empty one (Go's `associate`).
   *
   * Returns the template `New(name).Parse(text)` gives in Go: its own tree is the parsed text even when the set kept
   * an earlier non-empty template of that name (helm's `tpl "" $` inside a tpl renders "", not the outer text).
   */
  parse(name: string, text: string): ParsedTemplate {
    let own: Tree | undefined;
    for (const [n, tree] of this.parseTrees(name, text)) {
      if (n === name) own = tree;
      const old = this.templates.get(n);
      if (old && isEmptyTree(tree.root)) continue;
      this.templates.set(n, tree);
    }
    return { name, tree: own! };
  }

  /** Trees are immutable and depend only on name, text, Go version and which function names exist, so parses are
   *  shared across sets: Helm parses the same chart and library templates again for every release. */
  private parseTrees(name: string, text: string): Map<string, Tree> {
    this.funcNames ??= Object.keys(this.funcs).sort().join('\0');
    // Keyed in two steps so that the (long) text is hashed as it is instead of being concatenated into the key.
    const head = `${this.goVersion}\n${this.funcNames}\n${name}`;
    let byText = parsedTrees.get(head);
    let trees = byText?.get(text);
    if (trees === undefined) {
      const table = builtins(this.goVersion);
      trees = parseTemplates(name, text, (fn) => Object.hasOwn(this.funcs, fn) || Object.hasOwn(table, fn));
      if (++parsedCount > PARSED_TREES_MAX) {
        parsedTrees.clear();
        parsedCount = 1;
        byText = undefined;
      }
      if (byText === undefined) parsedTrees.set(head, (byText = new Map()));
      byText.set(text, trees);
    }
    return trees;
  }

  has(name: string): boolean {
    return this.templates.has(name);
  }

  /** Execute template `name` with `data` as dot. Re-entrant: functions may call back into execute/clone/parse. */
  execute(name: string, data: unknown): string {
    const tree = this.templates.get(name);
    if (!tree) throw new TemplateError(`template: no template ${quote(name)} associated with template ${quote(this.name)}`);
    return this.run(name, tree, data);
  }

  /** Execute a template returned by `parse` of this set (Go's `t.Execute` on that template). */
  executeParsed(t: ParsedTemplate, data: unknown): string {
    return this.run(t.name, t.tree, data);
  }

  private run(name: string, tree: Tree, data: unknown): string {
    const ctx = {
      lookup: (n: string) => this.templates.get(n),
      funcs: this.funcs,
      builtins: builtins(this.goVersion),
      missingKey: this.missingKey,
      goVersion: this.goVersion,
      deadline: this.deadline,
    };
    return executeTree(ctx, name, tree, data);
  }

  /** Same templates and options; further parses on either set do not affect the other. `rebind` gives functions the
   *  set already has, bound to the clone; they replace the parent's in the clone's copy of the map, which keeps the
   *  names and so the parse cache key. */
  clone(rebind?: (clone: TemplateSet) => FuncMap): TemplateSet {
    const c = new TemplateSet({ missingKey: this.missingKey, goVersion: this.goVersion, name: this.name, deadline: this.deadline });
    c.funcs = rebind ? { ...this.funcs } : this.funcs;
    c.funcNames = this.funcNames;
    c.templates = new Map(this.templates);
    if (rebind) Object.assign(c.funcs, rebind(c));
    return c;
  }

  setOptions(opts: Partial<TemplateOptions>): void {
    if (opts.funcs) {
      this.funcs = { ...this.funcs, ...opts.funcs };
      this.funcNames = undefined;
    }
    if (opts.missingKey) this.missingKey = opts.missingKey;
    if (opts.goVersion) this.goVersion = opts.goVersion;
    if (opts.deadline !== undefined) this.deadline = opts.deadline;
  }
}
