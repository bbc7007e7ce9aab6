// Sprig functions compared byte-for-byte with real helm v3.17.3 (one chart, one helm run for all non-error cases).
import { beforeAll, describe, expect, it } from 'vitest';
import { cases, VALUES } from './cases.js';
import { TemplateSet } from '../../src/gotemplate/index.js';
import { sprigFuncs } from '../../src/sprig/index.js';
import { evaluate, helmErrors, helmOutputs, printed, toTemplate, type Case } from './harness.js';

/** The case run through the real template engine (Sprig table only, builtins as text/template has them). */
function render(k: Case): string {
  const set = new TemplateSet({ funcs: sprigFuncs, missingKey: 'zero' });
  set.parse('case', `{{ ${toTemplate(k.expr).slice(1, -1)} }}`);
  return set.execute('case', { Values: VALUES });
}

const ok = cases.filter((k) => !k.error);
const failing = cases.filter((k) => k.error);
const direct = failing.filter((k) => !k.engineOnly);

describe('sprig functions vs helm v3.17.3', () => {
  let expected: Map<string, string>;
  let expectedErrors: Map<string, string>;
  beforeAll(async () => {
    [expected, expectedErrors] = await Promise.all([helmOutputs(ok, VALUES), helmErrors(failing, VALUES)]);
  });

  it.each(ok.filter((k) => !k.knownGap).map((k) => [k.id, k] as const))('%s', (_id, k) => {
    expect(expected.has(k.id), `helm rendered ${k.id}`).toBe(true);
    expect(printed(evaluate(k.expr, VALUES))).toBe(expected.get(k.id));
  });

  it.fails.each(ok.filter((k) => k.knownGap).map((k) => [k.id, k] as const))('%s (known gap)', (_id, k) => {
    expect(render(k)).toBe(expected.get(k.id));
  });

  it.each(direct.map((k) => [k.id, k] as const))('%s fails like helm', (_id, k) => {
    const message = expectedErrors.get(k.id)!.replace(/^error calling \w+: /, '');
    expect(() => evaluate(k.expr, VALUES)).toThrowError(message);
  });

  it.each(ok.filter((k) => !k.knownGap).map((k) => [k.id, k] as const))('%s through the template engine', (_id, k) => {
    expect(render(k)).toBe(expected.get(k.id));
  });

  it.each(failing.filter((k) => !k.knownGap).map((k) => [k.id, k] as const))('%s fails like helm through the template engine', (_id, k) => {
    expect(() => render(k)).toThrowError(`: ${expectedErrors.get(k.id)!}`);
  });

  it.fails.each(failing.filter((k) => k.knownGap).map((k) => [k.id, k] as const))('%s (known gap) fails like helm through the template engine', (_id, k) => {
    expect(() => render(k)).toThrowError(`: ${expectedErrors.get(k.id)!}`);
  });
});
