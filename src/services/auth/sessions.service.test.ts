import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/errors.ts';
import { createTestDb } from '../../../test/support/test-db.ts';
import type { Db } from '../../db/open-db.ts';
import { createUser, grantRole, principalOf, setDisabled, setPassword } from './accounts.service.ts';
import { hashSecret } from './secrets.ts';
import { createSession, endSession, loginWithPassword, purgeAuthState, resolveSession, type LoginThrottle } from './sessions.service.ts';

/**
 * Signing in with a password, the session it starts, its idle and absolute expiry, throttling of
 * failed sign-ins, and the events that end sessions (docs/methodology/access.md#signing-in).
 * Expiry is tested by moving the session's times into the past in the database, not by waiting.
 */
let t: Db;
let db: Db['db'];
const PASSWORD = 'ett långt och bra lösenord';
const users: Record<'anna' | 'bo' | 'cecilia' | 'david', string> = { anna: '', bo: '', cecilia: '', david: '' };

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  for (const name of Object.keys(users) as Array<keyof typeof users>) {
    users[name] = (await createUser(db, { email: `${name}@tyreso.se`, displayName: name, password: PASSWORD })).id;
  }
  await db.insertInto('municipality').values({ code: '0138', name: 'Tyresö' }).execute();
  await grantRole(db, users.anna, { municipalityCode: '0138', role: 'strategist', unitId: null });
});
afterAll(() => t.close());

/** The DomainError a promise rejects with. */
async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(e)}`);
  return e;
}

const sessionRow = (token: string) => db.selectFrom('user_session').selectAll().where('token_hash', '=', hashSecret(token)).executeTakeFirst();
const login = (email: string, password: string, address = '192.0.2.1', throttle?: LoginThrottle) => loginWithPassword(db, { email, password, address }, throttle ? { throttle } : {});

describe('loginWithPassword', () => {
  it('signs in with the right password, whatever the case and spaces of the address, and stores only the hash of the session token', async () => {
    const s = await login('  Anna@Tyreso.SE ', PASSWORD);
    expect(s.userId).toBe(users.anna);
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.csrfToken).not.toBe(s.token);
    const row = await sessionRow(s.token);
    expect(row).toMatchObject({ user_id: users.anna, via: 'password', csrf_token: s.csrfToken });
    expect(row!.token_hash).not.toBe(s.token);
    // 12 hours from now, by default (a minute's slack for a slow machine).
    expect(Math.abs(new Date(row!.expires_at).getTime() - (Date.now() + 12 * 3600_000))).toBeLessThan(60_000);
    const user = await db.selectFrom('app_user').select('last_login_at').where('id', '=', users.anna).executeTakeFirstOrThrow();
    expect(user.last_login_at).not.toBeNull();
    expect(await resolveSession(db, s.token)).toEqual({ userId: users.anna, csrfToken: s.csrfToken, tokenHash: hashSecret(s.token) });
  });

  it('gives the same error for a wrong password and for an address that has no account', async () => {
    const wrong = await refusal(login('bo@tyreso.se', 'inte rätt lösenord alls'));
    const unknown = await refusal(login('ingen@tyreso.se', PASSWORD));
    expect(wrong.code).toBe('unauthenticated');
    expect(unknown.code).toBe('unauthenticated');
    expect(unknown.message).toBe(wrong.message);
    expect(unknown.details).toEqual(wrong.details);
    expect(wrong.message).not.toMatch(/bo@|ingen@|no account|unknown/i);
  });

  it('refuses a disabled account with the same error, even with the right password', async () => {
    const d = await db.selectFrom('app_user').select('lock_version').where('id', '=', users.david).executeTakeFirstOrThrow();
    await setDisabled(db, users.david, true, d.lock_version);
    const disabled = await refusal(login('david@tyreso.se', PASSWORD, '192.0.2.99'));
    const wrong = await refusal(login('bo@tyreso.se', 'inte rätt lösenord alls', '192.0.2.99'));
    expect(disabled.code).toBe('unauthenticated');
    expect(disabled.message).toBe(wrong.message);
  });
});

describe('throttling failed sign-ins', () => {
  const throttle: LoginThrottle = { perAccount: 3, perAddress: 50, windowMinutes: 15 };

  it('after the allowed failures for one account, refuses it with too_many_requests even with the right password, while another account still signs in', async () => {
    for (let i = 0; i < 3; i++) expect((await refusal(login('cecilia@tyreso.se', `fel lösenord nummer ${i}`, '198.51.100.7', throttle))).code).toBe('unauthenticated');
    const refused = await refusal(login('cecilia@tyreso.se', PASSWORD, '198.51.100.7', throttle));
    expect(refused.code).toBe('too_many_requests');
    expect(refused.details).toEqual({ retryAfterSeconds: 15 * 60 });
    // From another address too: the count is per account.
    expect((await refusal(login('Cecilia@tyreso.se', PASSWORD, '203.0.113.5', throttle))).code).toBe('too_many_requests');
    // Another account, from the same address, is not affected.
    expect((await login('bo@tyreso.se', PASSWORD, '198.51.100.7', throttle)).userId).toBe(users.bo);
    // The refused attempts were not counted as more failures: the window still holds three.
    const n = await db.selectFrom('login_attempt').select((eb) => eb.fn.countAll<string>().as('n')).where('key', '=', 'account:cecilia@tyreso.se').executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(3);
  });

  it('counts only the failures within the window: once they are older, the account signs in again', async () => {
    await sql`update login_attempt set at = now() - interval '16 minutes' where key = 'account:cecilia@tyreso.se'`.execute(db);
    expect((await login('cecilia@tyreso.se', PASSWORD, '198.51.100.7', throttle)).userId).toBe(users.cecilia);
  });

  it('a successful sign-in clears the account’s failures', async () => {
    await refusal(login('bo@tyreso.se', 'fel ett', '198.51.100.8', throttle));
    await refusal(login('bo@tyreso.se', 'fel två', '198.51.100.8', throttle));
    await login('bo@tyreso.se', PASSWORD, '198.51.100.8', throttle);
    // Two more failures would have made four without the reset; with it, the account is still open.
    await refusal(login('bo@tyreso.se', 'fel tre', '198.51.100.8', throttle));
    await refusal(login('bo@tyreso.se', 'fel fyra', '198.51.100.8', throttle));
    expect((await login('bo@tyreso.se', PASSWORD, '198.51.100.8', throttle)).userId).toBe(users.bo);
  });

  it('after the allowed failures from one address, refuses every account from it, and not from elsewhere', async () => {
    const perAddress: LoginThrottle = { perAccount: 100, perAddress: 4, windowMinutes: 15 };
    for (const guess of ['a@tyreso.se', 'b@tyreso.se', 'c@tyreso.se', 'd@tyreso.se']) await refusal(login(guess, 'gissning gissning', '192.0.2.200', perAddress));
    expect((await refusal(login('anna@tyreso.se', PASSWORD, '192.0.2.200', perAddress))).code).toBe('too_many_requests');
    expect((await login('anna@tyreso.se', PASSWORD, '192.0.2.201', perAddress)).userId).toBe(users.anna);
  });
});

describe('resolveSession: idle and absolute expiry', () => {
  it('keeps a session used within the idle time, and moves its last use forward only once a minute has passed', async () => {
    const s = await createSession(db, users.bo, 'password');
    await sql`update user_session set last_seen_at = now() - interval '29 minutes' where token_hash = ${hashSecret(s.token)}`.execute(db);
    expect((await resolveSession(db, s.token))?.userId).toBe(users.bo);
    const seen = new Date((await sessionRow(s.token))!.last_seen_at).getTime();
    expect(Date.now() - seen).toBeLessThan(60_000);
  });

  it('ends a session idle for longer than the idle time, and deletes it', async () => {
    const s = await createSession(db, users.bo, 'password');
    await sql`update user_session set last_seen_at = now() - interval '31 minutes' where token_hash = ${hashSecret(s.token)}`.execute(db);
    expect(await resolveSession(db, s.token)).toBeNull();
    expect(await sessionRow(s.token)).toBeUndefined();
  });

  it('honours the idle time it is given', async () => {
    const s = await createSession(db, users.bo, 'password');
    const idleFor = (minutes: number) => sql`update user_session set last_seen_at = now() - make_interval(mins => ${minutes}) where token_hash = ${hashSecret(s.token)}`.execute(db);
    await idleFor(6);
    expect(await resolveSession(db, s.token, { idleMinutes: 60, absoluteHours: 12 })).not.toBeNull();
    await idleFor(6);
    expect(await resolveSession(db, s.token, { idleMinutes: 5, absoluteHours: 12 })).toBeNull();
    expect(await sessionRow(s.token)).toBeUndefined();
  });

  it('ends a session past its absolute expiry even when it was just used, and deletes it', async () => {
    const s = await createSession(db, users.bo, 'password', { idleMinutes: 30, absoluteHours: 1 });
    expect(Math.abs(s.expiresAt.getTime() - (Date.now() + 3600_000))).toBeLessThan(60_000);
    await sql`update user_session set expires_at = now() - interval '1 second', last_seen_at = now() where token_hash = ${hashSecret(s.token)}`.execute(db);
    expect(await resolveSession(db, s.token)).toBeNull();
    expect(await sessionRow(s.token)).toBeUndefined();
  });

  it('knows no token it did not give out, and no session after it was ended', async () => {
    expect(await resolveSession(db, 'a-token-nobody-was-given-aaaaaaaaaaaaaaaaaa')).toBeNull();
    const s = await createSession(db, users.bo, 'password');
    await endSession(db, s.token);
    expect(await resolveSession(db, s.token)).toBeNull();
  });

  it('purgeAuthState deletes expired and idle sessions and old failures, and keeps the live ones', async () => {
    const live = await createSession(db, users.cecilia, 'password');
    const idle = await createSession(db, users.cecilia, 'password');
    const expired = await createSession(db, users.cecilia, 'password');
    await sql`update user_session set last_seen_at = now() - interval '2 hours' where token_hash = ${hashSecret(idle.token)}`.execute(db);
    await sql`update user_session set expires_at = now() - interval '1 minute' where token_hash = ${hashSecret(expired.token)}`.execute(db);
    await db.insertInto('login_attempt').values([{ key: 'account:old@tyreso.se', at: new Date(Date.now() - 3600_000) }, { key: 'account:new@tyreso.se' }]).execute();
    await purgeAuthState(db);
    expect(await sessionRow(live.token)).toBeDefined();
    expect(await sessionRow(idle.token)).toBeUndefined();
    expect(await sessionRow(expired.token)).toBeUndefined();
    const keys = (await db.selectFrom('login_attempt').select('key').where('key', 'in', ['account:old@tyreso.se', 'account:new@tyreso.se']).execute()).map((r) => r.key);
    expect(keys).toEqual(['account:new@tyreso.se']);
  });
});

describe('what ends sessions and principals', () => {
  it('a new password ends every session of the account, and only of that account', async () => {
    const first = await createSession(db, users.anna, 'password');
    const second = await createSession(db, users.anna, 'oidc');
    const other = await createSession(db, users.bo, 'password');
    await setPassword(db, users.anna, 'ett helt nytt långt lösenord');
    expect(await resolveSession(db, first.token)).toBeNull();
    expect(await resolveSession(db, second.token)).toBeNull();
    expect((await resolveSession(db, other.token))?.userId).toBe(users.bo);
    const n = await db.selectFrom('user_session').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', users.anna).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
    // The old password no longer signs in; the new one does.
    expect((await refusal(login('anna@tyreso.se', PASSWORD, '192.0.2.50'))).code).toBe('unauthenticated');
    expect((await login('anna@tyreso.se', 'ett helt nytt långt lösenord', '192.0.2.50')).userId).toBe(users.anna);
  });

  it('a user has a principal with their roles; a disabled user has none, and their sessions end', async () => {
    expect(await principalOf(db, users.anna, 'write')).toEqual({ kind: 'user', userId: users.anna, instanceAdmin: false, scope: 'write', grants: [{ municipalityCode: '0138', role: 'strategist', unitId: null }] });
    const s = await createSession(db, users.anna, 'password');
    const v = await db.selectFrom('app_user').select('lock_version').where('id', '=', users.anna).executeTakeFirstOrThrow();
    await setDisabled(db, users.anna, true, v.lock_version);
    expect(await principalOf(db, users.anna, 'write')).toBeNull();
    expect(await resolveSession(db, s.token)).toBeNull();
    expect(await principalOf(db, '00000000-0000-4000-8000-000000000000', 'read')).toBeNull();
  });
});
