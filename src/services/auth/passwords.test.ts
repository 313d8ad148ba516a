import { describe, expect, it } from 'vitest';
import { hashPassword, passwordIssues, verifyPassword } from './passwords.ts';

// Passwords: argon2id hashes (docs/methodology/access.md#signing-in) and the rules for a new password.

describe('hashPassword and verifyPassword', () => {
  it('stores an argon2id PHC string with the OWASP minimum parameters, salted anew each time', async () => {
    const a = await hashPassword('rätt häst batteri häftklammer');
    const b = await hashPassword('rätt häst batteri häftklammer');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(a).not.toContain('häst');
    expect(b).not.toBe(a);
  });

  it('verifies the right password and refuses a wrong one, one that differs in case or spaces, and an empty one', async () => {
    const stored = await hashPassword('rätt häst batteri häftklammer');
    expect(await verifyPassword(stored, 'rätt häst batteri häftklammer')).toBe(true);
    expect(await verifyPassword(stored, 'rätt häst batteri häftklamrar')).toBe(false);
    expect(await verifyPassword(stored, 'Rätt häst batteri häftklammer')).toBe(false);
    expect(await verifyPassword(stored, 'rätt häst batteri häftklammer ')).toBe(false);
    expect(await verifyPassword(stored, '')).toBe(false);
  });

  it('refuses every password for an account without one, and a stored value that is not a hash', async () => {
    expect(await verifyPassword(null, 'rätt häst batteri häftklammer')).toBe(false);
    expect(await verifyPassword('not a hash', 'not a hash')).toBe(false);
  });
});

describe('passwordIssues', () => {
  const email = 'anna.berg@tyreso.se';
  const tooShort = [{ path: '/password', message: 'must be at least 12 characters long' }];
  const tooLong = [{ path: '/password', message: 'must be at most 128 characters long' }];
  const tooEasy = [{ path: '/password', message: 'is too easy to guess; choose another' }];

  it('accepts 12 to 128 characters of anything, spaces and letters outside ASCII included', () => {
    expect(passwordIssues('abcdefghijkl', email)).toEqual([]);
    expect(passwordIssues('x'.repeat(128), email)).toEqual([]);
    expect(passwordIssues('  å ä ö 🙂 é ü  ', email)).toEqual([]);
  });

  it('counts characters, not UTF-16 units: eleven emoji are too short, twelve are enough', () => {
    expect(passwordIssues('🙂'.repeat(11), email)).toEqual(tooShort);
    expect(passwordIssues('🙂'.repeat(12), email)).toEqual([]);
  });

  it('refuses fewer than 12 and more than 128 characters', () => {
    expect(passwordIssues('abcdefghijk', email)).toEqual(tooShort);
    expect(passwordIssues('', email)).toEqual(tooShort);
    expect(passwordIssues('x'.repeat(129), email)).toEqual(tooLong);
  });

  it('refuses the e-mail address itself, in any case, and a common password in any case', () => {
    expect(passwordIssues('Anna.Berg@Tyreso.se', email)).toEqual(tooEasy);
    expect(passwordIssues('Password1234', email)).toEqual(tooEasy);
    expect(passwordIssues('LÖSENORD1234', email)).toEqual(tooEasy);
  });

  it('names the field it is told to', () => {
    expect(passwordIssues('kort', email, '/newPassword')).toEqual([{ path: '/newPassword', message: 'must be at least 12 characters long' }]);
  });
});
