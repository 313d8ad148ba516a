import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-db.ts';
import { createMunicipality } from '../../services/municipalities/municipalities.service.ts';
import { createUnit } from '../../services/organisation/organisation.service.ts';
import { createUser, grantRole } from '../../services/auth/accounts.service.ts';
import { hashSecret } from '../../services/auth/secrets.ts';

/**
 * Signing in and out through the API: the session cookie and its attributes, CSRF and Origin checks
 * on changes made with the cookie, bearer tokens and their scope, throttling, password changes, and
 * the routes for a municipality's users (docs/methodology/access.md). Requests here carry no bearer
 * token unless they say so (createTestApp would otherwise send an instance administrator's).
 */
let t: TestApp;
const PASSWORD = 'ett långt och bra lösenord';
const THROTTLE = { perAccount: 3, perAddress: 1000, windowMinutes: 15 };
const A = '0138';
const B = '0360';
let unitA: string;
let unitB: string;
const ids: Record<string, string> = {};

/** Every request made with a user's session, to check the audit log's "who" at the end. */
const sessionRequests: Array<{ requestId: string; userId: string }> = [];

interface Session {
  token: string;
  csrf: string;
  userId: string;
  setCookie: string;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const json = (r: { body: string }) => JSON.parse(r.body);

async function signIn(email: string, password = PASSWORD, app = t.app) {
  const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { authorization: '' }, payload: { email, password } });
  return r;
}

async function session(email: string, password = PASSWORD): Promise<Session> {
  const r = await signIn(email, password);
  expect(r.statusCode, r.body).toBe(200);
  const setCookie = String(r.headers['set-cookie']);
  const token = /samspel_session=([^;]+)/.exec(setCookie)![1]!;
  const body = json(r);
  return { token, csrf: body.csrfToken, userId: body.user.id, setCookie };
}

/** A request with a session cookie only; `csrf` true sends the session's own CSRF token. */
async function withCookie(s: Session, method: Method, url: string, opts: { payload?: object; csrf?: boolean | string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { authorization: '', cookie: `samspel_session=${s.token}`, ...(opts.headers ?? {}) };
  if (opts.csrf === true) headers['x-csrf-token'] = s.csrf;
  else if (typeof opts.csrf === 'string') headers['x-csrf-token'] = opts.csrf;
  const r = await t.app.inject({ method, url, headers, ...(opts.payload ? { payload: opts.payload } : {}) });
  sessionRequests.push({ requestId: String(r.headers['x-request-id']), userId: s.userId });
  return r;
}

const withBearer = (token: string, method: Method, url: string, payload?: object) => t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
const anonymous = (method: Method, url: string, payload?: object) => t.app.inject({ method, url, headers: { authorization: '' }, ...(payload ? { payload } : {}) });
const municipalityName = async (code: string) => (await t.db.db.selectFrom('municipality').select('name').where('code', '=', code).executeTakeFirstOrThrow()).name;
const municipalityVersion = async (code: string) => (await t.db.db.selectFrom('municipality').select('lock_version').where('code', '=', code).executeTakeFirstOrThrow()).lock_version;
const sessionCount = async (userId: string) => Number((await t.db.db.selectFrom('user_session').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow()).n);

function expectProblem(r: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, code: string) {
  expect(r.statusCode, r.body).toBe(status);
  expect(String(r.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(json(r)).toMatchObject({ status, type: `urn:samspel:problem:${code}` });
}

beforeAll(async () => {
  t = await createTestApp({ auth: { throttle: THROTTLE } });
  const db = t.db.db;
  await createMunicipality(db, { code: A, name: 'Tyresö' });
  await createMunicipality(db, { code: B, name: 'Tierp' });
  unitA = (await createUnit(db, A, { name: 'Arbetsmarknadsförvaltningen', type: 'administration', parentId: null })).id;
  unitB = (await createUnit(db, B, { name: 'Arbetsmarknadsenheten', type: 'unit', parentId: null })).id;
  const people: Array<[key: string, email: string, grants: Array<[string, 'administrator' | 'strategist' | 'reporter' | 'reader', string | null]>]> = [
    ['adminA', 'anna@tyreso.se', [[A, 'administrator', null]]],
    ['strategistA', 'stefan@tyreso.se', [[A, 'strategist', null]]],
    ['adminB', 'olof@tierp.se', [[B, 'administrator', null]]],
    ['readerB', 'tove@tierp.se', [[B, 'reader', null]]],
    ['changer', 'bo@tyreso.se', [[A, 'reader', null]]],
    ['throttled', 'cecilia@tyreso.se', [[A, 'reader', null]]],
  ];
  for (const [key, email, grants] of people) {
    ids[key] = (await createUser(db, { email, displayName: key, password: PASSWORD })).id;
    for (const [code, role, unit] of grants) await grantRole(db, ids[key]!, { municipalityCode: code, role, unitId: unit });
  }
});
afterAll(() => t.close());

describe('signing in: the session cookie', () => {
  it('sets an HttpOnly, SameSite=Lax cookie for the whole site, without Secure over plain HTTP, and answers with the CSRF token', async () => {
    const r = await signIn('Anna@Tyreso.se');
    expect(r.statusCode).toBe(200);
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(/^samspel_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Expires=/);
    expect(cookie).not.toMatch(/Secure/);
    const body = json(r);
    expect(body).toMatchObject({ user: { id: ids.adminA, email: 'anna@tyreso.se', grants: [{ municipalityCode: A, role: 'administrator', unitId: null }] }, via: 'session' });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The cookie names a session the server knows, by its hash.
    const token = /samspel_session=([^;]+)/.exec(cookie)![1]!;
    expect(await t.db.db.selectFrom('user_session').select('user_id').where('token_hash', '=', hashSecret(token)).executeTakeFirst()).toEqual({ user_id: ids.adminA });
  });

  it('marks the cookie Secure when COOKIE_SECURE is always', async () => {
    const secure = await createTestApp({ auth: { cookieSecure: 'always' } });
    try {
      await createUser(secure.db.db, { email: 'anna@tyreso.se', displayName: 'Anna', password: PASSWORD });
      const r = await signIn('anna@tyreso.se', PASSWORD, secure.app);
      expect(r.statusCode).toBe(200);
      const cookie = String(r.headers['set-cookie']);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
    } finally {
      await secure.close();
    }
  });

  it('refuses a wrong password and an unknown address alike, with 401 and no cookie', async () => {
    const wrong = await signIn('stefan@tyreso.se', 'inte rätt lösenord');
    const unknown = await signIn('ingen@tyreso.se', PASSWORD);
    expectProblem(wrong, 401, 'unauthenticated');
    expectProblem(unknown, 401, 'unauthenticated');
    expect(json(unknown).detail).toBe(json(wrong).detail);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('answers /auth/session for a visitor with nobody, and with the person for their cookie', async () => {
    const visitor = await anonymous('GET', '/api/v1/auth/session');
    expect(visitor.statusCode).toBe(200);
    expect(json(visitor)).toEqual({ user: null, csrfToken: null, via: null, singleSignOn: { enabled: false, label: null }, demo: null });
    const s = await session('stefan@tyreso.se');
    const known = json(await withCookie(s, 'GET', '/api/v1/auth/session'));
    expect(known).toMatchObject({ user: { id: ids.strategistA, email: 'stefan@tyreso.se' }, csrfToken: s.csrf, via: 'session' });
  });

  it('treats an unknown cookie as a visitor and tells the browser to forget it', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { authorization: '', cookie: 'samspel_session=not-a-session-anybody-was-given' } });
    expect(r.statusCode).toBe(200);
    expect(json(r).user).toBeNull();
    expect(String(r.headers['set-cookie'])).toMatch(/^samspel_session=;/);
  });

  it('a second sign-in in the same browser ends the first session (a new id after sign-in)', async () => {
    const first = await session('stefan@tyreso.se');
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { authorization: '', cookie: `samspel_session=${first.token}`, 'x-csrf-token': first.csrf }, payload: { email: 'stefan@tyreso.se', password: PASSWORD } });
    expect(r.statusCode).toBe(200);
    const second = /samspel_session=([^;]+)/.exec(String(r.headers['set-cookie']))![1]!;
    expect(second).not.toBe(first.token);
    expect(json(await withCookie(first, 'GET', '/api/v1/auth/session')).user).toBeNull();
  });
});

describe('changes made with the cookie need the CSRF token and our own origin', () => {
  let s: Session;
  beforeAll(async () => {
    s = await session('anna@tyreso.se');
  });

  it('refuses a change without the CSRF token with 403, and changes nothing', async () => {
    const version = await municipalityVersion(A);
    const r = await withCookie(s, 'PATCH', `/api/v1/municipalities/${A}`, { payload: { name: 'Utan token', lockVersion: version } });
    expectProblem(r, 403, 'forbidden');
    expect(json(r).reason).toBe('csrf');
    expect(await municipalityName(A)).toBe('Tyresö');
    expect(await municipalityVersion(A)).toBe(version);
  });

  it('refuses a change with a wrong CSRF token, another session’s included, with 403, and changes nothing', async () => {
    const other = await session('stefan@tyreso.se');
    const version = await municipalityVersion(A);
    for (const wrong of ['fel', other.csrf, s.csrf.slice(0, -1) + (s.csrf.endsWith('A') ? 'B' : 'A')]) {
      const r = await withCookie(s, 'PATCH', `/api/v1/municipalities/${A}`, { payload: { name: 'Fel token', lockVersion: version }, csrf: wrong });
      expectProblem(r, 403, 'forbidden');
    }
    expect(await municipalityName(A)).toBe('Tyresö');
  });

  it('makes the change with the right CSRF token', async () => {
    const version = await municipalityVersion(A);
    const r = await withCookie(s, 'PATCH', `/api/v1/municipalities/${A}`, { payload: { name: 'Tyresö kommun', lockVersion: version }, csrf: true });
    expect(r.statusCode, r.body).toBe(200);
    expect(await municipalityName(A)).toBe('Tyresö kommun');
  });

  it('refuses a change from another site’s page even with the right token, and accepts one from our own origin', async () => {
    const version = await municipalityVersion(A);
    const headers = { host: 'samspel.tyreso.se' };
    const foreign = await withCookie(s, 'PATCH', `/api/v1/municipalities/${A}`, { payload: { name: 'Från en annan sajt', lockVersion: version }, csrf: true, headers: { ...headers, origin: 'https://evil.example' } });
    expectProblem(foreign, 403, 'forbidden');
    expect(json(foreign).reason).toBe('origin');
    expect(await municipalityName(A)).toBe('Tyresö kommun');
    const own = await withCookie(s, 'PATCH', `/api/v1/municipalities/${A}`, { payload: { name: 'Tyresö', lockVersion: version }, csrf: true, headers: { ...headers, origin: 'http://samspel.tyreso.se' } });
    expect(own.statusCode, own.body).toBe(200);
    expect(await municipalityName(A)).toBe('Tyresö');
  });

  it('needs no CSRF token to read', async () => {
    const r = await withCookie(s, 'GET', `/api/v1/municipalities/${A}/users`);
    expect(r.statusCode).toBe(200);
  });
});

describe('signing out', () => {
  it('ends the session on the server: the old cookie no longer works, even if kept', async () => {
    const s = await session('stefan@tyreso.se');
    const before = await sessionCount(ids.strategistA!);
    expectProblem(await withCookie(s, 'POST', '/api/v1/auth/logout'), 403, 'forbidden'); // a sign-out is a change too
    const r = await withCookie(s, 'POST', '/api/v1/auth/logout', { csrf: true });
    expect(r.statusCode).toBe(204);
    expect(String(r.headers['set-cookie'])).toMatch(/^samspel_session=;/);
    expect(await sessionCount(ids.strategistA!)).toBe(before - 1);
    expect(await t.db.db.selectFrom('user_session').select('user_id').where('token_hash', '=', hashSecret(s.token)).executeTakeFirst()).toBeUndefined();
    expect(json(await withCookie(s, 'GET', '/api/v1/auth/session')).user).toBeNull();
    // The kept cookie and CSRF token are a visitor's now: a change is asked to sign in.
    const version = await municipalityVersion(A);
    expectProblem(await withCookie(s, 'PATCH', `/api/v1/municipalities/${A}`, { payload: { name: 'Efter utloggning', lockVersion: version }, csrf: true }), 401, 'unauthenticated');
    expect(await municipalityVersion(A)).toBe(version);
  });
});

describe('API tokens over HTTP', () => {
  let s: Session;
  let write: { token: string; id: string };
  let read: { token: string; id: string };
  beforeAll(async () => {
    s = await session('anna@tyreso.se');
    const w = await withCookie(s, 'POST', '/api/v1/auth/tokens', { payload: { name: 'Intranät', scope: 'write' }, csrf: true });
    expect(w.statusCode, w.body).toBe(201);
    write = { token: json(w).token, id: json(w).apiToken.id };
    const r = await withCookie(s, 'POST', '/api/v1/auth/tokens', { payload: { name: 'Statistik' }, csrf: true });
    expect(r.statusCode, r.body).toBe(201);
    read = { token: json(r).token, id: json(r).apiToken.id };
  });

  it('makes a read-only token unless asked otherwise, and shows the token only once', async () => {
    expect(write.token).toMatch(/^sps_/);
    const list = json(await withCookie(s, 'GET', '/api/v1/auth/tokens'));
    expect(list.map((x: { id: string; scope: string }) => [x.id, x.scope]).sort()).toEqual([[write.id, 'write'], [read.id, 'read']].sort());
    expect(JSON.stringify(list)).not.toContain(write.token.slice(10));
  });

  it('a bearer token acts as its owner, and needs no CSRF token for a change', async () => {
    const who = json(await withBearer(write.token, 'GET', '/api/v1/auth/session'));
    expect(who).toMatchObject({ user: { id: ids.adminA }, via: 'token', csrfToken: null });
    const version = await municipalityVersion(A);
    const r = await withBearer(write.token, 'PATCH', `/api/v1/municipalities/${A}`, { name: 'Tyresö', lockVersion: version });
    expect(r.statusCode, r.body).toBe(200);
    expect(await municipalityVersion(A)).toBe(version + 1);
    // Its owner's roles, not more: nothing in Tierp.
    expectProblem(await withBearer(write.token, 'GET', `/api/v1/municipalities/${B}/users`), 404, 'not_found');
  });

  it('a read-only token reads, and gets 403 for a change, which is not made', async () => {
    expect((await withBearer(read.token, 'GET', `/api/v1/municipalities/${A}/audit`)).statusCode).toBe(200);
    const version = await municipalityVersion(A);
    const r = await withBearer(read.token, 'PATCH', `/api/v1/municipalities/${A}`, { name: 'Med läs-token', lockVersion: version });
    expectProblem(r, 403, 'forbidden');
    expect(await municipalityVersion(A)).toBe(version);
    expectProblem(await withBearer(read.token, 'POST', '/api/v1/auth/tokens', { name: 'Ny token' }), 403, 'forbidden');
  });

  it('a revoked token gets 401 everywhere, public routes included', async () => {
    const r = await withCookie(s, 'POST', `/api/v1/auth/tokens/${write.id}/revoke`, { csrf: true });
    expect(r.statusCode, r.body).toBe(200);
    expect(json(r).revokedAt).not.toBeNull();
    expectProblem(await withBearer(write.token, 'GET', '/api/v1/auth/session'), 401, 'unauthenticated');
    expectProblem(await withBearer(write.token, 'GET', '/api/v1/municipalities'), 401, 'unauthenticated');
    expectProblem(await withBearer('sps_not-a-token-we-made', 'GET', '/api/v1/municipalities'), 401, 'unauthenticated');
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/municipalities', headers: { authorization: 'Basic YWxhZGRpbjpvcGVuc2VzYW1l' } }), 401, 'unauthenticated');
  });

  it('nobody revokes another person’s token', async () => {
    const other = await session('stefan@tyreso.se');
    expectProblem(await withCookie(other, 'POST', `/api/v1/auth/tokens/${read.id}/revoke`, { csrf: true }), 404, 'not_found');
    expect((await withBearer(read.token, 'GET', '/api/v1/auth/session')).statusCode).toBe(200);
  });
});

describe('throttling', () => {
  it('answers 429 with problem+json after too many failures, even for the right password; another account still signs in', async () => {
    for (let i = 0; i < THROTTLE.perAccount; i++) expectProblem(await signIn('cecilia@tyreso.se', `fel lösenord ${i}`), 401, 'unauthenticated');
    const r = await signIn('cecilia@tyreso.se', PASSWORD);
    expectProblem(r, 429, 'too_many_requests');
    expect(r.headers['retry-after'], 'Retry-After says when to try again').toBe(String(15 * 60));
    expect(json(r)).toMatchObject({ title: 'Too many attempts', retryAfterSeconds: 900 });
    expect(r.headers['set-cookie']).toBeUndefined();
    expect((await signIn('olof@tierp.se')).statusCode).toBe(200);
  });
});

describe('changing one’s password', () => {
  it('refuses a wrong current password and a weak new one, and changes nothing', async () => {
    const s = await session('bo@tyreso.se');
    const wrong = await withCookie(s, 'POST', '/api/v1/auth/password', { payload: { currentPassword: 'inte det gamla', newPassword: 'ett nytt långt lösenord' }, csrf: true });
    expectProblem(wrong, 400, 'validation');
    expect(json(wrong).errors).toEqual([{ path: '/currentPassword', message: 'is wrong' }]);
    const weak = await withCookie(s, 'POST', '/api/v1/auth/password', { payload: { currentPassword: PASSWORD, newPassword: 'kort' }, csrf: true });
    expectProblem(weak, 400, 'validation');
    expect(json(weak).errors.map((e: { path: string }) => e.path)).toEqual(['/password']);
    expect(json(await withCookie(s, 'GET', '/api/v1/auth/session')).user.id).toBe(ids.changer);
  });

  it('ends every session of the account; the new password signs in and the old one does not', async () => {
    const one = await session('bo@tyreso.se');
    const two = await session('bo@tyreso.se');
    const r = await withCookie(one, 'POST', '/api/v1/auth/password', { payload: { currentPassword: PASSWORD, newPassword: 'ett nytt långt lösenord' }, csrf: true });
    expect(r.statusCode, r.body).toBe(204);
    expect(String(r.headers['set-cookie'])).toMatch(/^samspel_session=;/);
    expect(await sessionCount(ids.changer!)).toBe(0);
    expect(json(await withCookie(one, 'GET', '/api/v1/auth/session')).user).toBeNull();
    expect(json(await withCookie(two, 'GET', '/api/v1/auth/session')).user).toBeNull();
    expectProblem(await signIn('bo@tyreso.se', PASSWORD), 401, 'unauthenticated');
    expect((await signIn('bo@tyreso.se', 'ett nytt långt lösenord')).statusCode).toBe(200);
  });

  it('a visitor has no password to change', async () => {
    expectProblem(await anonymous('POST', '/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'ett nytt långt lösenord' }), 401, 'unauthenticated');
  });
});

describe("a municipality's users", () => {
  let admin: Session;
  beforeAll(async () => {
    admin = await session('anna@tyreso.se');
  });

  it("an administrator adds a user with a role for a unit, and sees only the roles in her municipality", async () => {
    const r = await withCookie(admin, 'POST', `/api/v1/municipalities/${A}/users`, { payload: { email: 'Rami@Tyreso.se', displayName: 'Rami', password: PASSWORD, role: 'reporter', unitId: unitA }, csrf: true });
    expect(r.statusCode, r.body).toBe(201);
    expect(json(r)).toMatchObject({ email: 'rami@tyreso.se', grants: [{ municipalityCode: A, role: 'reporter', unitId: unitA, unitName: 'Arbetsmarknadsförvaltningen' }] });
    ids.rami = json(r).id;
    // The new person signs in with the password given.
    expect((await signIn('rami@tyreso.se')).statusCode).toBe(200);
    // Someone who already works in Tierp gets a role in Tyresö; Tierp's role is not shown.
    const tove = await withCookie(admin, 'POST', `/api/v1/municipalities/${A}/users`, { payload: { email: 'tove@tierp.se', displayName: 'Tove', role: 'reader' }, csrf: true });
    expect(tove.statusCode, tove.body).toBe(201);
    expect(json(tove).id).toBe(ids.readerB);
    expect(json(tove).grants).toEqual([{ id: expect.any(String), municipalityCode: A, role: 'reader', unitId: null, unitName: null }]);
  });

  it('refuses a role for a unit of another municipality, and grants nothing', async () => {
    const r = await withCookie(admin, 'POST', `/api/v1/municipalities/${A}/users/${ids.rami}/grants`, { payload: { role: 'strategist', unitId: unitB }, csrf: true });
    expectProblem(r, 400, 'validation');
    expect(json(r).errors).toEqual([{ path: '/unitId', message: 'names no unit of this municipality' }]);
    const grants = await t.db.db.selectFrom('role_grant').select('role').where('user_id', '=', ids.rami!).execute();
    expect(grants.map((g) => g.role)).toEqual(['reporter']);
  });

  it("lists the municipality's users only, with their roles there only", async () => {
    const r = await withCookie(admin, 'GET', `/api/v1/municipalities/${A}/users`);
    expect(r.statusCode).toBe(200);
    const users: Array<{ email: string; grants: Array<{ municipalityCode: string }> }> = json(r);
    expect(users.map((u) => u.email).sort()).toEqual(['anna@tyreso.se', 'bo@tyreso.se', 'cecilia@tyreso.se', 'rami@tyreso.se', 'stefan@tyreso.se', 'tove@tierp.se']);
    expect(users.flatMap((u) => u.grants.map((g) => g.municipalityCode))).toEqual(users.flatMap((u) => u.grants.map(() => A)));
    expect(r.body).not.toContain('olof@tierp.se');
  });

  it('revokes a grant in her municipality, and not one of another municipality', async () => {
    const tierpGrant = await t.db.db.selectFrom('role_grant').select('id').where('user_id', '=', ids.readerB!).where('municipality_code', '=', B).executeTakeFirstOrThrow();
    expectProblem(await withCookie(admin, 'POST', `/api/v1/municipalities/${A}/grants/${tierpGrant.id}/revoke`, { csrf: true }), 404, 'not_found');
    expect(await t.db.db.selectFrom('role_grant').select('id').where('id', '=', tierpGrant.id).executeTakeFirst()).toBeDefined();
    const tyresoGrant = await t.db.db.selectFrom('role_grant').select('id').where('user_id', '=', ids.readerB!).where('municipality_code', '=', A).executeTakeFirstOrThrow();
    const r = await withCookie(admin, 'POST', `/api/v1/municipalities/${A}/grants/${tyresoGrant.id}/revoke`, { csrf: true });
    expect(r.statusCode, r.body).toBe(204);
    const after: Array<{ email: string }> = json(await withCookie(admin, 'GET', `/api/v1/municipalities/${A}/users`));
    expect(after.map((u) => u.email)).not.toContain('tove@tierp.se');
  });

  it("a strategist of the municipality gets 403 for its users; another municipality's administrator gets 404", async () => {
    const strategist = await session('stefan@tyreso.se');
    expectProblem(await withCookie(strategist, 'GET', `/api/v1/municipalities/${A}/users`), 403, 'forbidden');
    expectProblem(await withCookie(strategist, 'POST', `/api/v1/municipalities/${A}/users`, { payload: { email: 'ny@tyreso.se', displayName: 'Ny', role: 'administrator' }, csrf: true }), 403, 'forbidden');
    const other = await session('olof@tierp.se');
    const hidden = await withCookie(other, 'GET', `/api/v1/municipalities/${A}/users`);
    expectProblem(hidden, 404, 'not_found');
    expect(hidden.body).not.toContain('tyreso.se');
    expectProblem(await withCookie(other, 'POST', `/api/v1/municipalities/${A}/users/${ids.rami}/grants`, { payload: { role: 'administrator', unitId: null }, csrf: true }), 404, 'not_found');
    expect(await t.db.db.selectFrom('app_user').select('id').where('email', '=', 'ny@tyreso.se').executeTakeFirst()).toBeUndefined();
    const grants = await t.db.db.selectFrom('role_grant').select('role').where('user_id', '=', ids.rami!).execute();
    expect(grants.map((g) => g.role)).toEqual(['reporter']);
  });
});

describe('the audit log', () => {
  it("records every change made by a signed-in person's request under user:<their id>", async () => {
    const byRequest = new Map(sessionRequests.map((r) => [r.requestId, r.userId]));
    const rows = await t.db.db.selectFrom('audit_log').select(['actor', 'request_id', 'entity']).where('request_id', 'in', [...byRequest.keys()]).execute();
    // Renames, tokens, sign-outs, password changes, users and grants were made this way.
    expect(rows.map((r) => r.entity)).toEqual(expect.arrayContaining(['municipality', 'api_token', 'app_user', 'role_grant']));
    for (const row of rows) expect(row.actor, `${row.entity} in request ${row.request_id}`).toBe(`user:${byRequest.get(row.request_id!)}`);
  });
});
