// Sprig functions compared byte-for-byte with real helm v3.17.3 (one chart, one helm run for all non-error cases).
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cases, VALUES } from './cases.js';
import { evaluate, helmBinary, helmErrors, helmOutputs, printed } from './harness.js';

const ok = cases.filter((k) => !k.error);
const failing = cases.filter((k) => k.error);

describe.skipIf(!existsSync(helmBinary()))('sprig functions vs helm v3.17.3', () => {
  let expected: Map<string, string>;
  let expectedErrors: Map<string, string>;
  beforeAll(async () => {
    [expected, expectedErrors] = await Promise.all([helmOutputs(ok, VALUES), helmErrors(failing, VALUES)]);
  });

  it.each(ok.map((k) => [k.id, k] as const))('%s', (_id, k) => {
    expect(expected.has(k.id), `helm rendered ${k.id}`).toBe(true);
    expect(printed(evaluate(k.expr, VALUES))).toBe(expected.get(k.id));
  });

  it.each(failing.map((k) => [k.id, k] as const))('%s fails like helm', (_id, k) => {
    expect(() => evaluate(k.expr, VALUES)).toThrowError(expectedErrors.get(k.id)!);
  });
});
