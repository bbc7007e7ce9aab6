// Waivers accept one rule's finding on one object, with a reason; an unused waiver is itself an error.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFindings, hasErrors, runChecks } from '../../src/checks/index.js';
import type { Waiver } from '../../src/env/types.js';
import { FIXTURES, loadFixture } from './fixture.js';

const at = { file: '/env/env.yaml', line: 7, col: 5 };

async function imageTagFindings(waivers: Waiver[]) {
  const { objects, env } = await loadFixture(join(FIXTURES, 'image-tag'));
  const [finding] = await runChecks(objects, env);
  const findings = await runChecks(objects, { ...env, waivers });
  return { finding: finding!, findings };
}

describe('waivers', () => {
  it('mark the matching finding waived, keep it in the report, and stop it failing', async () => {
    const { finding } = await imageTagFindings([]);
    const o = finding.object!;
    const waiver = { rule: 'image-tag', kind: o.kind, name: o.name, namespace: o.namespace, reason: 'the course pins latest', at };
    const { findings } = await imageTagFindings([waiver]);
    expect(findings).toEqual([{ ...finding, waived: 'the course pins latest' }]);
    expect(hasErrors(findings)).toBe(false);
    const text = formatFindings(findings, 'text');
    expect(text).toMatch(/^waived\s+image-tag\s+.*— waived: the course pins latest$/m);
    expect(text).toMatch(/0 errors, 0 warnings, 1 waived/);
  });

  it.each([
    ['another rule', { rule: 'container-probes' }, 'the rule reports nothing there'],
    ['an unknown rule', { rule: 'image-tags' }, 'there is no rule "image-tags"'],
    ['another object', { name: 'other' }, 'the rule reports nothing there'],
    ['another namespace', { namespace: 'elsewhere' }, 'the rule reports nothing there'],
    ['another release', { release: 'other' }, 'the rule reports nothing there'],
  ])('that name %s match nothing: the finding stands and the waiver is an error at its place', async (_, change, why) => {
    const { finding } = await imageTagFindings([]);
    const o = finding.object!;
    const waiver = { rule: 'image-tag', kind: o.kind, name: o.name, reason: 'the course pins latest', at, ...change };
    const { findings } = await imageTagFindings([waiver]);
    expect(findings[0]).toEqual(finding);
    expect(findings[1]).toMatchObject({ rule: 'unused-waiver', severity: 'error', at });
    expect(findings[1]!.message).toContain(why);
    expect(hasErrors(findings)).toBe(true);
    expect(formatFindings(findings, 'text')).toMatch(/^error\s+unused-waiver\s+\S*env\.yaml:7:5: waiver for /m);
  });
});
