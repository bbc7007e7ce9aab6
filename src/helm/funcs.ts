// Helm v3.17's template function map (pkg/engine/funcs.go + initFunMap): Sprig without env/expandenv, Helm's
// encoders, and the functions bound to a template set (include, tpl) or to helm template's offline mode
// (required, fail, lookup → empty map, getHostByName → "").
import { marshalJson, parseJsonArray, parseJsonObject } from '../goencoding/json.js';
import { marshalToml, parseToml } from '../goencoding/toml.js';
import { marshalYaml, marshalYamlPretty, parseYamlArray, parseYamlObject } from '../goencoding/yaml.js';
import { AbortError, TemplateError, TemplateSet, isStackOverflow, quote, stackExhausted, type ParsedTemplate } from '../gotemplate/index.js';
import type { FuncMap, GoFunc } from '../gotemplate/values.js';
import { sprigFuncs } from '../sprig/index.js';

/** required/fail messages travel inside these markers so the engine can report `execution error at (…)`. */
export const WARN_START = 'HELM_ERR_START';
export const WARN_END = 'HELM_ERR_END';
const RECURSION_MAX = 1000;
/** Name of helm's root template: tpl strings are parsed under it and lookup errors mention it. */
const TPL_NAME = 'gotpl';

/** Nested tpl calls allowed. Helm has no limit for tpl: a value that passes itself to tpl recurses until Go's 1 GB
 *  stack overflows (helm crashes after minutes), each level wrapping the error text of the next. Here the same depth as
 *  include's limit ends it at once with one clear message. */
export const TPL_DEPTH_MAX = 1000;

/** Per-render state shared by include and tpl: how deep each template name is nested (include), how deep tpl is. */
export interface IncludeCounts {
  include: Map<string, number>;
  tpl: number;
}

export function newIncludeCounts(): IncludeCounts {
  return { include: new Map(), tpl: 0 };
}

function swallow<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Functions that do not depend on a template set. */
const staticFuncs: FuncMap = (() => {
  const f: FuncMap = { ...sprigFuncs };
  delete f['env'];
  delete f['expandenv'];
  const extra: FuncMap = {
    toYaml: { params: ['interface{}'], result: 'string', fn: (v) => swallow(() => marshalYaml(v).replace(/\n$/, ''), '') },
    toYamlPretty: {
      params: ['interface{}'],
      result: 'string',
      fn: (v) => swallow(() => marshalYamlPretty(v).replace(/\n$/, ''), ''),
    },
    fromYaml: {
      params: ['string'],
      result: 'map[string]interface {}',
      fn: (s: string) => {
        try {
          return parseYamlObject(s);
        } catch (e) {
          return { Error: errorMessage(e) };
        }
      },
    },
    fromYamlArray: {
      params: ['string'],
      result: '[]interface {}',
      fn: (s: string) => {
        try {
          return parseYamlArray(s);
        } catch (e) {
          return [errorMessage(e)];
        }
      },
    },
    toJson: { params: ['interface{}'], result: 'string', fn: (v) => swallow(() => marshalJson(v), '') },
    fromJson: {
      params: ['string'],
      result: 'map[string]interface {}',
      fn: (s: string) => {
        try {
          return parseJsonObject(s);
        } catch (e) {
          return { Error: errorMessage(e) };
        }
      },
    },
    fromJsonArray: {
      params: ['string'],
      result: '[]interface {}',
      fn: (s: string) => {
        try {
          return parseJsonArray(s);
        } catch (e) {
          return [errorMessage(e)];
        }
      },
    },
    toToml: {
      params: ['interface{}'],
      result: 'string',
      fn: (v) => {
        try {
          return marshalToml(v);
        } catch (e) {
          return errorMessage(e);
        }
      },
    },
    fromToml: {
      params: ['string'],
      result: 'map[string]interface {}',
      fn: (s: string) => {
        try {
          return parseToml(s);
        } catch (e) {
          return { Error: errorMessage(e) };
        }
      },
    },
    // helm template never talks to a cluster.
    lookup: {
      params: ['string', 'string', 'string', 'string'],
      returnsError: true,
      result: 'map[string]interface {}',
      fn: () => ({}),
    },
    getHostByName: { params: ['string'], result: 'string', fn: () => '' },
    required: {
      params: ['string', 'interface{}'],
      returnsError: true,
      fn: (warn: string, val: unknown) => {
        if (val === null || val === undefined || val === '') throw new Error(WARN_START + warn + WARN_END);
        return val;
      },
    },
    fail: {
      params: ['string'],
      returnsError: true,
      result: 'string',
      fn: (msg: string) => {
        throw new Error(WARN_START + msg + WARN_END);
      },
    },
  };
  return { ...f, ...extra };
})();

/** How helm's engine is set up: --enable-dns lets getHostByName resolve names; `remote` (--dry-run=server) lets
 *  lookup ask the cluster. Neither works offline: a template that calls them fails with an error saying so. */
export interface EngineOptions {
  enableDns: boolean;
  remote: boolean;
}

const offlineFuncs: FuncMap = {
  getHostByName: {
    params: ['string'],
    returnsError: true,
    result: 'string',
    fn: () => {
      throw new Error('resolving names (--enable-dns) is not supported offline (bundle\'s native engine); use --engine helm');
    },
  },
  lookup: {
    params: ['string', 'string', 'string', 'string'],
    returnsError: true,
    result: 'map[string]interface {}',
    fn: () => {
      throw new Error('lookup against a cluster (--dry-run=server) is not supported offline (bundle\'s native engine); use --engine helm');
    },
  },
};

/** The complete function map for `set`; include and tpl close over it like Helm's closures over `t`. */
export function helmFuncs(set: TemplateSet, counts: IncludeCounts, opts: EngineOptions = { enableDns: false, remote: false }): FuncMap {
  const f: FuncMap = { ...staticFuncs, include: includeFunc(set, counts), tpl: tplFunc(set, counts) };
  if (opts.enableDns) f['getHostByName'] = offlineFuncs['getHostByName']!;
  if (opts.remote) f['lookup'] = offlineFuncs['lookup']!;
  return f;
}

function nestedReference(name: string): string {
  return `rendering template has a nested reference name: ${name}: unable to execute template`;
}

function includeFunc(set: TemplateSet, counts: IncludeCounts): GoFunc {
  return {
    params: ['string', 'interface{}'],
    returnsError: true,
    result: 'string',
    fn: (name: string, data: unknown) => {
      const n = counts.include.get(name);
      if (n !== undefined && n > RECURSION_MAX) throw new Error(nestedReference(name));
      // ExecuteTemplate on helm's root template "gotpl" names it in the error.
      if (!set.has(name)) throw new Error(`template: no template ${quote(name)} associated with template "${TPL_NAME}"`);
      counts.include.set(name, (n ?? 0) + 1);
      try {
        return set.execute(name, data);
      } catch (e) {
        // The JS stack can run out before helm's limit of 1000: report it as helm does, at the level where it ran
        // out, and mark it so that the render can be retried on a deeper stack.
        if (isStackOverflow(e)) throw new TemplateError(nestedReference(name), true);
        throw e;
      } finally {
        counts.include.set(name, counts.include.get(name)! - 1);
      }
    },
  };
}

function tplFunc(parent: TemplateSet, counts: IncludeCounts): GoFunc {
  return {
    params: ['string', 'interface{}'],
    returnsError: true,
    result: 'string',
    fn: (text: string, vals: unknown) => {
      if (counts.tpl >= TPL_DEPTH_MAX) {
        const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text;
        throw new AbortError(
          `tpl calls nested more than ${TPL_DEPTH_MAX} levels deep (the innermost renders ${quote(shown)}): does a value pass itself to tpl?`,
        );
      }
      // Re-bind include/tpl to the clone so `define`s inside the string can be included; the render's other functions
      // (lookup, getHostByName as the flags chose them) stay. One copy of the map per call, its names kept.
      const t = parent.clone((c) => ({ include: includeFunc(c, counts), tpl: tplFunc(c, counts) }));
      t.setOptions({ missingKey: 'zero' });
      let parsed: ParsedTemplate;
      try {
        parsed = t.parse(TPL_NAME, text);
      } catch (e) {
        throw new Error(`cannot parse template ${quote(text)}: ${errorMessage(e)}`);
      }
      let out: string;
      counts.tpl++;
      try {
        // The tree just parsed, even when the clone kept a non-empty "gotpl" of an enclosing tpl (`tpl "" $`).
        out = t.executeParsed(parsed, vals);
      } catch (e) {
        if (e instanceof AbortError) throw e;
        throw new TemplateError(
          `error during tpl function execution for ${quote(text)}: ${errorMessage(e)}`,
          stackExhausted(e),
        );
      } finally {
        counts.tpl--;
      }
      return out.replaceAll('<no value>', '');
    },
  };
}
