// Waivers: findings an env accepts on purpose (env.yaml `waivers:`), one rule and object each, with a reason.
// A waived finding stays in the report, marked, and no longer fails; a waiver that matches nothing is an error, so
// waivers cannot outlive what they excuse.
import type { Waiver } from '../env/types.js';
import type { Finding } from './types.js';

function matches(w: Waiver, f: Finding): boolean {
  const o = f.object;
  return (
    w.rule === f.rule &&
    o !== undefined &&
    w.kind === o.kind &&
    w.name === o.name &&
    (w.namespace === undefined || w.namespace === (o.namespace ?? '')) &&
    (w.release === undefined || w.release === f.release)
  );
}

/** The findings with waived ones marked, plus one `unused-waiver` error per waiver that matched nothing. */
export function applyWaivers(findings: Finding[], waivers: Waiver[], ruleIds: Set<string>): Finding[] {
  const used = new Set<Waiver>();
  const out = findings.map((f) => {
    const w = waivers.find((x) => matches(x, f));
    if (!w) return f;
    used.add(w);
    return { ...f, waived: w.reason };
  });
  for (const w of waivers) {
    if (used.has(w)) continue;
    const target = `${w.kind} ${w.namespace ? `${w.namespace}/` : ''}${w.name}${w.release ? ` of release ${w.release}` : ''}`;
    const why = ruleIds.has(w.rule) ? 'the rule reports nothing there' : `there is no rule "${w.rule}"`;
    out.push({
      rule: 'unused-waiver',
      severity: 'error',
      message: `waiver for ${w.rule} on ${target} matches no finding (${why}): remove it or correct it`,
      at: w.at,
    });
  }
  return out;
}
