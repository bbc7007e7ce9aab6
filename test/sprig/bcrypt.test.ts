// bcrypt against the system's crypt(3) (libxcrypt) through Python, for fixed salts.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bcryptHash, bcryptSalt } from '../../src/sprig/bcrypt.js';

function systemCrypt(password: string, setting: string): string | undefined {
  try {
    return execFileSync('python3', ['-W', 'ignore', '-c', 'import crypt,sys; print(crypt.crypt(sys.argv[1], sys.argv[2]))', password, setting], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

const available = systemCrypt('x', '$2a$04$CCCCCCCCCCCCCCCCCCCCC.')?.startsWith('$2a$') ?? false;

describe.skipIf(!available)('bcrypt vs crypt(3)', () => {
  it.each([
    ['U*U', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.'],
    ['', '$2a$04$abcdefghijklmnopqrstuu'],
    ['héllo wörld', '$2a$06$0123456789abcdefghijkl'],
    ['x'.repeat(72), '$2a$04$ABCDEFGHIJKLMNOPQRSTUV'],
  ])('%j with %s', (password, setting) => {
    const { cost, salt } = bcryptSalt(setting + 'x'.repeat(31));
    expect(bcryptHash(Buffer.from(password), cost, salt)).toBe(systemCrypt(password, setting));
  });
});

it('rejects passwords longer than 72 bytes like x/crypto', () => {
  expect(() => bcryptHash(Buffer.alloc(73, 97), 4, Buffer.alloc(16))).toThrow('bcrypt: password length exceeds 72 bytes');
});
