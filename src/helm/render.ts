// Helm v3.17's engine.Render: every template of the chart tree in one template set (missingkey=zero), parsed
// deepest path first so the shallowest `define` wins, then every non-partial file executed with its chart's scope.
import { AbortError, TemplateError, stackExhausted } from '../gotemplate/errors.js';
import { TemplateSet, namedMap } from '../gotemplate/index.js';
import type { Chart, Values } from './chart.js';
import { chartScope } from './builtins.js';
import { HelmError } from './errors.js';
import { goString } from './gostrings.js';
import { WARN_END, WARN_START, helmFuncs, newIncludeCounts, type EngineOptions } from './funcs.js';

interface Renderable {
  text: string;
  scope: Values;
  /** The scope as the chartutil.Values the template executes with (one per chart). */
  named: Values;
  basePath: string;
}

/** Render the chart tree; `top` holds Values (coalesced), Release and Capabilities. Returns path → output. */
export function renderTemplates(
  chart: Chart,
  top: Values,
  opts: EngineOptions = { enableDns: false, remote: false },
  deadline?: number,
): Map<string, string> {
  const tpls = new Map<string, Renderable>();
  chartScope(chart, top, (c, scope) => {
    const prefix = c.chartFullPath();
    const named = namedMap('chartutil.Values', scope);
    for (const t of c.templates) {
      // Library charts only contribute their partials.
      if (c.isLibrary() && !baseName(t.name).startsWith('_')) continue;
      tpls.set(`${prefix}/${t.name}`, {
        text: goString(t.data),
        scope,
        named,
        basePath: `${prefix}/templates`,
      });
    }
  });

  const set = new TemplateSet({ missingKey: 'zero', deadline });
  const counts = newIncludeCounts();
  set.setOptions({ funcs: helmFuncs(set, counts, opts) });

  const keys = sortTemplates([...tpls.keys()]);
  for (const name of keys) {
    try {
      set.parse(name, tpls.get(name)!.text);
    } catch (e) {
      throw new HelmError(parseErrorText(name, e));
    }
  }

  const rendered = new Map<string, string>();
  for (const name of keys) {
    if (baseName(name).startsWith('_')) continue;
    const r = tpls.get(name)!;
    // chartutil.Values, both the template's data and its .Template (the data is shared by a chart's templates and
    // its parent's .Subcharts, which see the last one set).
    r.scope['Template'] = namedMap('chartutil.Values', { Name: name, BasePath: r.basePath });
    let out: string;
    try {
      out = set.execute(name, r.named);
    } catch (e) {
      throw new HelmError(execErrorText(e), stackExhausted(e));
    }
    rendered.set(name, out.replaceAll('<no value>', ''));
  }
  return rendered;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** sortTemplates: most `/` first; equal depth in reverse lexical order. */
export function sortTemplates(names: string[]): string[] {
  const depth = (s: string) => s.split('/').length;
  return [...names].sort((a, b) => depth(b) - depth(a) || (a < b ? 1 : a > b ? -1 : 0));
}

/** cleanupParseError: `parse error at (<file:line>): <last part of the message>`. */
function parseErrorText(name: string, e: unknown): string {
  if (!(e instanceof TemplateError)) return renderFailed(e);
  const tokens = e.message.split(': ');
  if (tokens.length === 1) return `parse error in (${name}): ${e.message}`;
  return `parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`;
}

/** cleanupExecError: required/fail become `execution error at (<location>): <msg>`, others pass unchanged. */
function execErrorText(e: unknown): string {
  if (e instanceof AbortError) return e.message;
  if (!(e instanceof TemplateError)) return renderFailed(e);
  const msg = e.message;
  const first = msg.indexOf(': ');
  const second = first < 0 ? -1 : msg.indexOf(': ', first + 2);
  if (second < 0) return msg;
  const location = msg.slice(first + 2, second);
  const rest = msg.slice(second + 2);
  const start = rest.indexOf(WARN_START);
  const end = rest.lastIndexOf(WARN_END);
  if (start >= 0 && end > start) return `execution error at (${location}): ${rest.slice(start + WARN_START.length, end)}`;
  return msg;
}

/** A Go panic inside rendering is reported as `rendering template failed: …`; a JS failure is our analogue. */
function renderFailed(e: unknown): string {
  return `rendering template failed: ${e instanceof Error ? e.message : String(e)}`;
}
