// Which releases a command works on: `--release/-r NAME` (repeatable) and helmfile-style `-l/--selector` label
// selectors (`key=value,key2!=value2`: conditions of one selector must all hold; several selectors, or a selector and
// -r, add up). Besides its env.yaml `labels`, every release has the labels name, chart, namespace and wave.
import { Diagnostic, DiagnosticError } from '../schema/diagnostic.js';
import { didYouMean } from '../schema/validate.js';
import type { Environment, Release } from './types.js';

export interface Selection {
  releases?: string[];
  selectors?: string[];
}

interface Condition {
  key: string;
  value: string;
  equal: boolean;
}

export function isSelecting(sel: Selection | undefined): boolean {
  return (sel?.releases?.length ?? 0) + (sel?.selectors?.length ?? 0) > 0;
}

/** The labels a selector sees: the release's own, plus name, chart, namespace and wave. */
export function releaseLabels(r: Release): Record<string, string> {
  return { ...r.labels, name: r.name, chart: r.chart, namespace: r.namespace, wave: String(r.wave) };
}

function parseSelector(s: string): Condition[] {
  const conditions = s.split(',').map((part) => {
    const m = /^\s*([A-Za-z0-9][-A-Za-z0-9_./]*)\s*(==|=|!=)\s*([-A-Za-z0-9_.]*)\s*$/.exec(part);
    if (!m) {
      throw new DiagnosticError([
        new Diagnostic({ message: `-l ${s}: "${part}" is not a label condition: expected key=value or key!=value (several joined by commas)` }),
      ]);
    }
    return { key: m[1]!, value: m[3]!, equal: m[2] !== '!=' };
  });
  return conditions;
}

function matches(r: Release, conditions: Condition[]): boolean {
  const labels = releaseLabels(r);
  return conditions.every((c) => (labels[c.key] === c.value) === c.equal);
}

/**
 * The enabled releases a selection names, in env order (all enabled releases when nothing is selected). A name that
 * is no release, a disabled release, and a selector that matches no enabled release are errors, with a did-you-mean.
 */
export function selectReleases(env: Environment, sel: Selection | undefined): Release[] {
  const enabled = env.releases.filter((r) => r.enabled);
  if (!isSelecting(sel)) return enabled;
  const problems: Diagnostic[] = [];
  const chosen = new Set<Release>();
  for (const name of sel!.releases ?? []) {
    const r = env.releases.find((x) => x.name === name);
    if (!r) {
      const hint = didYouMean(name, env.releases.map((x) => x.name));
      problems.push(
        new Diagnostic({
          message: `env ${env.name} has no release "${name}"${hint ? `; did you mean "${hint}"?` : `: expected one of ${enabled.map((x) => x.name).join(', ')}`}`,
        }),
      );
    } else if (!r.enabled) {
      problems.push(new Diagnostic({ message: `release ${name} of env ${env.name} is disabled (enabled: false in its env file)` }));
    } else {
      chosen.add(r);
    }
  }
  for (const s of sel!.selectors ?? []) {
    const conditions = parseSelector(s);
    const hits = enabled.filter((r) => matches(r, conditions));
    if (hits.length === 0) {
      const keys = [...new Set(enabled.flatMap((r) => Object.keys(releaseLabels(r))))].sort();
      const unknown = conditions.find((c) => !keys.includes(c.key));
      const values = unknown ? [] : [...new Set(enabled.map((r) => releaseLabels(r)[conditions[0]!.key]).filter((v): v is string => v !== undefined))].sort();
      const one = (c: Condition) => `${c.key}${c.equal ? '=' : '!='}${c.value}`;
      const hint = conditions.length > 1 && !unknown
        ? `; alone, ${conditions.map((c) => `${one(c)} matches ${enabled.filter((r) => matches(r, [c])).length}`).join(', ')}`
        : unknown
        ? (() => {
            const k = didYouMean(unknown.key, keys);
            return k ? `; no release has a label "${unknown.key}": did you mean "${k}"?` : `; no release has a label "${unknown.key}" (labels: ${keys.join(', ')})`;
          })()
        : (() => {
            // For short values (a wave number) an edit distance says nothing: list them instead.
            const v = conditions[0]!.value.length >= 3 ? didYouMean(conditions[0]!.value, values) : undefined;
            return v ? `; did you mean ${conditions[0]!.key}=${v}?` : `; ${conditions[0]!.key} is one of: ${values.join(', ')}`;
          })();
      problems.push(new Diagnostic({ message: `-l ${s} matches no enabled release of env ${env.name}${hint}` }));
    }
    for (const r of hits) chosen.add(r);
  }
  if (problems.length > 0) throw new DiagnosticError(problems);
  return enabled.filter((r) => chosen.has(r));
}
