// The environment-facing functions Helm removes or replaces (env, expandenv, getHostByName), exercised directly.
import { describe, expect, it } from 'vitest';
import { sprigFuncs } from '../../src/sprig/index.js';
import { expandEnv } from '../../src/sprig/misc.js';

describe('expandenv (os.ExpandEnv)', () => {
  const env: Record<string, string> = { A: 'x', B: 'y', '1': 'one', '-': 'dash' };
  const get = (k: string) => env[k] ?? '';
  it.each([
    ['$A/${B}', 'x/y'],
    ['plain', 'plain'],
    ['end$', 'end$'],
    ['${}', ''],
    ['${A', 'A'],
    ['$1$-x', 'onedashx'],
    ['a$%b', 'a$%b'],
    ['$A_B ${A}_B', ' x_B'],
  ])('%s', (input, want) => {
    expect(expandEnv(input, get)).toBe(want);
  });

  it('reads the process environment', () => {
    process.env.SPRIG_TEST_VAR = 'v';
    expect(sprigFuncs.expandenv!.fn('[$SPRIG_TEST_VAR]')).toBe('[v]');
    expect(sprigFuncs.env!.fn('SPRIG_TEST_VAR')).toBe('v');
    expect(sprigFuncs.env!.fn('SPRIG_TEST_UNSET_VAR')).toBe('');
  });
});

describe('getHostByName', () => {
  it('resolves through the system resolver', () => {
    expect(['127.0.0.1', '::1']).toContain(sprigFuncs.getHostByName!.fn('localhost'));
  });

  it('panics like Sprig when nothing resolves', () => {
    expect(() => sprigFuncs.getHostByName!.fn('no-such-host.invalid')).toThrow('index out of range');
  });
});
