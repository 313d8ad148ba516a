import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcProvider, type TestOidcProvider } from '../../test/support/oidc-provider.ts';
import { createTestApp, type TestApp } from '../../test/support/test-db.ts';
import { createUser, grantRole, getUser, setDisabled } from '../services/auth/accounts.service.ts';
import { safeReturnTo, signInWithClaims, startOidcFlow, takeOidcFlow } from '../services/auth/oidc.service.ts';
import type { OidcOptions } from './oidc.ts';

/**
 * Single sign-on end to end: the real app listening on loopback, a real OpenID provider (oidc-provider)
 * on another port, and a "browser" made of fetch and a cookie jar that follows redirects by hand.
 */

let t: TestApp;
let idp: TestOidcProvider;
let base: string;
let unitId: string;
let otherUnitId: string;
const oidc: OidcOptions = { issuer: '', clientId: '', clientSecret: '', redirectUri: '', label: 'Logga in med kommunens konto', roleClaim: 'samspel_roles', allowInsecureHttp: true };
const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');

/** fetch with a cookie jar per host, never following redirects by itself. */
class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  async request(url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const u = new URL(url);
    const cookies = [...(this.jar.get(u.host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers: Record<string, string> = { ...(cookies ? { cookie: cookies } : {}), ...init.headers };
    if (init.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(u, { method: init.method ?? 'GET', redirect: 'manual', headers, ...(init.body !== undefined ? { body: init.body } : {}) });
    const mine = this.jar.get(u.host) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const gone = value === '' || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]!).getTime() < Date.now()));
      if (gone) mine.delete(name);
      else mine.set(name, value);
    }
    this.jar.set(u.host, mine);
    return res;
  }

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).host)?.get(name);
  }
}

/**
 * Starts a sign-in at the app and goes through the provider (its sign-in form as `subject`, consent) up to
 * the redirect back to the app's callback, which is returned unvisited so that a test can tamper with it.
 */
async function toCallback(browser: Browser, subject: string, returnTo = '/m/0138'): Promise<{ callback: string; authorizeUrl: URL }> {
  const start = await browser.request(`${base}/api/v1/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`);
  expect(start.status).toBe(302);
  const authorizeUrl = new URL(start.headers.get('location')!);
  let url = authorizeUrl.href;
  for (let hop = 0; hop < 12; hop++) {
    const res = await browser.request(url);
    if (res.status === 200 && new URL(url).pathname.startsWith('/interaction/')) {
      // The provider's sign-in form.
      const posted = await browser.request(url, { method: 'POST', body: new URLSearchParams({ login: subject }).toString() });
      expect(posted.status).toBeGreaterThanOrEqual(300);
      url = new URL(posted.headers.get('location')!, url).href;
      continue;
    }
    expect(res.status, `${url} answered ${res.status}: ${await res.clone().text()}`).toBeGreaterThanOrEqual(300);
    const next = new URL(res.headers.get('location')!, url).href;
    if (next.startsWith(oidc.redirectUri)) return { callback: next, authorizeUrl };
    url = next;
  }
  throw new Error('the provider never sent the browser back to the app');
}

async function sessionOf(browser: Browser) {
  const r = await browser.request(`${base}/api/v1/auth/session`);
  expect(r.status).toBe(200);
  return (await r.json()) as { user: null | { id: string; email: string; displayName: string; singleSignOn: boolean; hasPassword: boolean; grants: Array<{ municipalityCode: string; role: string; unitId: string | null }> }; via: string | null };
}

const sessionCount = async () => Number((await t.db.db.selectFrom('user_session').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  idp = await startOidcProvider();
  Object.assign(oidc, { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret });
  t = await createTestApp({ oidc });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  // The app's port is known only now; its options object is read per request.
  oidc.redirectUri = `${base}/api/v1/auth/oidc/callback`;
  idp.setRedirectUri(oidc.redirectUri);

  for (const [code, name] of [['0138', 'Tyresö'], ['0360', 'Tierp']]) expect((await t.app.inject({ method: 'POST', url: '/api/v1/municipalities', payload: { code, name } })).statusCode).toBe(201);
  unitId = (await t.app.inject({ method: 'POST', url: '/api/v1/municipalities/0138/units', payload: { name: 'Arbetsmarknadsenheten', type: 'unit' } })).json().id;
  otherUnitId = (await t.app.inject({ method: 'POST', url: '/api/v1/municipalities/0360/units', payload: { name: 'Socialtjänsten', type: 'unit' } })).json().id;

  idp.accounts.set('alice-sub', {
    email: 'Alice.Andersson@Tyreso.example',
    email_verified: true,
    name: 'Alice Andersson',
    samspel_roles: ['0138:strategist', `0138:reporter:${unitId}`, '0138:instance_admin', '9999:reader', `0138:reader:${otherUnitId}`, 'nonsense', 42],
  });
  idp.accounts.set('bob-sub', { email: 'bob@tyreso.example', email_verified: true, given_name: 'Bob', family_name: 'Berg' });
});

afterAll(async () => {
  await t?.close();
  await idp?.close();
});

describe('single sign-on with OpenID Connect, end to end', () => {
  it('signs in with code + PKCE: a session cookie, a user from the claims, and the roles the role claim names', async () => {
    const browser = new Browser();
    const { callback, authorizeUrl } = await toCallback(browser, 'alice-sub');
    const q = authorizeUrl.searchParams;
    expect(authorizeUrl.origin).toBe(idp.issuer);
    expect(Object.fromEntries([...q].filter(([k]) => ['response_type', 'client_id', 'redirect_uri', 'code_challenge_method', 'scope'].includes(k)))).toEqual({
      response_type: 'code',
      client_id: idp.clientId,
      redirect_uri: oidc.redirectUri,
      code_challenge_method: 'S256',
      scope: 'openid email profile',
    });
    // The server keeps the PKCE verifier under the SHA-256 of the state, never the state itself.
    const state = q.get('state')!;
    const flow = await t.db.db.selectFrom('oidc_flow').selectAll().where('state_hash', '=', sha256hex(state)).executeTakeFirstOrThrow();
    expect(createHash('sha256').update(flow.code_verifier).digest('base64url')).toBe(q.get('code_challenge'));
    expect(flow.nonce).toBe(q.get('nonce'));
    expect(JSON.stringify(await t.db.db.selectFrom('oidc_flow').selectAll().execute())).not.toContain(state);

    const done = await browser.request(callback);
    expect(done.status, await done.clone().text()).toBe(302);
    expect(done.headers.get('location')).toBe('/m/0138');
    const cookie = done.headers.getSetCookie().find((c) => c.startsWith('samspel_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    // The flow is gone: used once.
    expect(await t.db.db.selectFrom('oidc_flow').select('state_hash').where('state_hash', '=', sha256hex(state)).executeTakeFirst()).toBeUndefined();

    const s = await sessionOf(browser);
    expect(s.via).toBe('session');
    expect(s.user).toMatchObject({ email: 'alice.andersson@tyreso.example', displayName: 'Alice Andersson', singleSignOn: true, hasPassword: false, instanceAdmin: false });
    // Malformed entries, an unknown municipality, an unknown role and a unit of another municipality are ignored.
    expect(s.user!.grants.map((g) => [g.municipalityCode, g.role, g.unitId]).sort()).toEqual([
      ['0138', 'reporter', unitId],
      ['0138', 'strategist', null],
    ]);
    const row = await t.db.db.selectFrom('app_user').select(['oidc_issuer', 'oidc_subject']).where('email', '=', 'alice.andersson@tyreso.example').executeTakeFirstOrThrow();
    expect(row).toEqual({ oidc_issuer: idp.issuer, oidc_subject: 'alice-sub' });
    // The audit log: the account and its roles made by single sign-on from this issuer, the session started by the user.
    const audit = await t.db.db.selectFrom('audit_log').select(['entity', 'action', 'actor']).where('request_id', '=', done.headers.get('x-request-id')).orderBy('id').execute();
    expect(audit).toEqual([
      { entity: 'app_user', action: 'insert', actor: `oidc:${idp.issuer}` },
      { entity: 'role_grant', action: 'insert', actor: `oidc:${idp.issuer}` },
      { entity: 'role_grant', action: 'insert', actor: `oidc:${idp.issuer}` },
      { entity: 'user_session', action: 'insert', actor: `user:${s.user!.id}` },
    ]);
    // The session works for a change too: the CSRF token that comes with it is accepted.
    const me = await browser.request(`${base}/api/v1/auth/session`);
    const { csrfToken } = (await me.json()) as { csrfToken: string };
    const body = JSON.stringify({ name: 'laptop', scope: 'read' });
    const withoutCsrf = await browser.request(`${base}/api/v1/auth/tokens`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(withoutCsrf.status).toBe(403);
    const token = await browser.request(`${base}/api/v1/auth/tokens`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken } });
    expect(token.status).toBe(201);
  });

  it('finds the same user on a second sign-in, in another browser', async () => {
    const first = new Browser();
    await first.request((await toCallback(first, 'bob-sub', '/')).callback);
    const a = await sessionOf(first);
    const second = new Browser();
    const done = await second.request((await toCallback(second, 'bob-sub', '/')).callback);
    expect(done.status).toBe(302);
    const b = await sessionOf(second);
    expect(a.user).toMatchObject({ email: 'bob@tyreso.example', displayName: 'Bob Berg', grants: [] });
    expect(b.user!.id).toBe(a.user!.id);
    expect(await t.db.db.selectFrom('app_user').select('id').where('email', '=', 'bob@tyreso.example').execute()).toHaveLength(1);
  });

  it('refuses a tampered state: 400 problem, no session', async () => {
    const browser = new Browser();
    const { callback } = await toCallback(browser, 'alice-sub');
    const before = await sessionCount();
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
    const r = await browser.request(tampered.href);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(((await r.json()) as { detail: string }).detail).toBe('The sign-in could not be completed: unknown or used state');
    expect(r.headers.getSetCookie().some((c) => c.startsWith('samspel_session='))).toBe(false);
    expect(await sessionCount()).toBe(before);
    expect((await sessionOf(browser)).user).toBeNull();
  });

  it('sends a browser that asked for a page to the sign-in page with the reason instead of a problem document', async () => {
    const browser = new Browser();
    const { callback } = await toCallback(browser, 'alice-sub');
    const before = await sessionCount();
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
    const r = await browser.request(tampered.href, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe('/login?error=sso&reason=state');
    expect(await sessionCount()).toBe(before);
  });

  it('refuses a state the app never issued even when the browser cookie agrees with it', async () => {
    const browser = new Browser();
    const { callback } = await toCallback(browser, 'alice-sub');
    const forged = new URL(callback);
    forged.searchParams.set('state', 'forged-state');
    const before = await sessionCount();
    const r = await fetch(forged, { redirect: 'manual', headers: { cookie: 'samspel_oidc_state=forged-state' } });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { detail: string }).detail).toContain('unknown or used state');
    expect(await sessionCount()).toBe(before);
  });

  it('refuses a callback URL carried to another browser (login CSRF)', async () => {
    const attacker = new Browser();
    const { callback } = await toCallback(attacker, 'bob-sub');
    const before = await sessionCount();
    const victim = new Browser();
    const r = await victim.request(callback);
    expect(r.status).toBe(400);
    expect(((await r.json()) as { details?: unknown; reason?: string }).reason).toBe('browser');
    expect(await sessionCount()).toBe(before);
    expect((await sessionOf(victim)).user).toBeNull();
  });

  it('refuses an ID token whose nonce is not the one this sign-in sent: 400, no session', async () => {
    const browser = new Browser();
    const { callback } = await toCallback(browser, 'alice-sub');
    // The provider put the original nonce in the ID token; the flow now expects another.
    const stateHash = sha256hex(new URL(callback).searchParams.get('state')!);
    const changed = await t.db.db.updateTable('oidc_flow').set({ nonce: 'a-different-nonce' }).where('state_hash', '=', stateHash).executeTakeFirst();
    expect(Number(changed.numUpdatedRows)).toBe(1);
    const before = await sessionCount();
    const r = await browser.request(callback);
    expect(r.status).toBe(400);
    const problem = (await r.json()) as { detail: string; code: string };
    expect(problem.detail).toContain('nonce');
    expect(problem.code).toBe('OAUTH_JWT_CLAIM_COMPARISON_FAILED');
    expect(r.headers.getSetCookie().some((c) => c.startsWith('samspel_session='))).toBe(false);
    expect(await sessionCount()).toBe(before);
  });

  it('refuses a state used twice, even from the same browser', async () => {
    const browser = new Browser();
    const { callback } = await toCallback(browser, 'bob-sub');
    const state = new URL(callback).searchParams.get('state')!;
    expect((await browser.request(callback)).status).toBe(302);
    const before = await sessionCount();
    // The binding cookie was cleared by the first use; it is sent again by hand, so only the used state stands in the way.
    const again = await fetch(callback, { redirect: 'manual', headers: { cookie: `samspel_oidc_state=${state}` } });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { detail: string }).detail).toBe('The sign-in could not be completed: unknown or used state');
    expect(await sessionCount()).toBe(before);
  });

  it("refuses the provider's refusal (error=access_denied) with a 400 problem", async () => {
    const browser = new Browser();
    const { callback } = await toCallback(browser, 'bob-sub');
    const denied = new URL(callback);
    denied.searchParams.delete('code');
    denied.searchParams.set('error', 'access_denied');
    const before = await sessionCount();
    const r = await browser.request(denied.href);
    expect(r.status).toBe(400);
    expect((await r.json()) as object).toMatchObject({ reason: 'provider', error: 'access_denied' });
    expect(await sessionCount()).toBe(before);
  });

  it('sends the browser back only to a path on this site', async () => {
    const browser = new Browser();
    const done = await browser.request((await toCallback(browser, 'bob-sub', '//evil.example')).callback);
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/');
    expect(['/m/0138?tab=goals', '//evil.example', 'https://evil.example/', '/\\evil.example', '/\t/evil.example', 'm/0138', ''].map(safeReturnTo)).toEqual(['/m/0138?tab=goals', '/', '/', '/', '/', '/', '/']);
  });

  it('refuses a disabled user: 403, no session', async () => {
    idp.accounts.set('carl-sub', { email: 'carl@tyreso.example', email_verified: true, name: 'Carl' });
    const first = new Browser();
    expect((await first.request((await toCallback(first, 'carl-sub')).callback)).status).toBe(302);
    const carl = (await sessionOf(first)).user!;
    await setDisabled(t.db.db, carl.id, true, (await getUser(t.db.db, carl.id)).lockVersion);
    const browser = new Browser();
    const before = await sessionCount();
    const r = await browser.request((await toCallback(browser, 'carl-sub')).callback);
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(await sessionCount()).toBe(before);
    expect((await sessionOf(browser)).user).toBeNull();
  });

  it('tells the sign-in page that single sign-on is on, with its label', async () => {
    const r = await new Browser().request(`${base}/api/v1/auth/session`);
    expect(((await r.json()) as { singleSignOn: unknown }).singleSignOn).toEqual({ enabled: true, label: 'Logga in med kommunens konto' });
  });
});

describe('when the provider cannot be reached', () => {
  it('answers the sign-in with a 500 problem that says so, and keeps no flow', async () => {
    const down = await createTestApp({ oidc: { ...oidc, issuer: 'http://127.0.0.1:9/nothing-here' } });
    try {
      const r = await down.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/login?returnTo=/', headers: { authorization: '' } });
      expect(r.statusCode).toBe(500);
      expect(r.json().detail).toContain('identity provider cannot be reached');
      expect(await down.db.db.selectFrom('oidc_flow').selectAll().execute()).toEqual([]);
    } finally {
      await down.close();
    }
  });
});

describe('flows in progress', () => {
  it('refuses and deletes a flow older than 15 minutes', async () => {
    await startOidcFlow(t.db.db, 'old-state', { codeVerifier: 'v', nonce: 'n', returnTo: '/' });
    await t.db.db.updateTable('oidc_flow').set({ created_at: new Date(Date.now() - 16 * 60_000) }).where('state_hash', '=', sha256hex('old-state')).execute();
    expect(await takeOidcFlow(t.db.db, 'old-state')).toBeNull();
    expect(await t.db.db.selectFrom('oidc_flow').select('state_hash').where('state_hash', '=', sha256hex('old-state')).executeTakeFirst()).toBeUndefined();
    await startOidcFlow(t.db.db, 'new-state', { codeVerifier: 'v2', nonce: 'n2', returnTo: '/m/0360' });
    expect(await takeOidcFlow(t.db.db, 'new-state')).toEqual({ codeVerifier: 'v2', nonce: 'n2', returnTo: '/m/0360' });
  });
});

describe('claims → user (signInWithClaims)', () => {
  const issuer = 'https://idp.example';

  it('links an existing account with the same address only when the provider has verified it', async () => {
    const local = await createUser(t.db.db, { email: 'dora@tyreso.example', displayName: 'Dora', password: 'a long enough passphrase 7' });
    await expect(signInWithClaims(t.db.db, issuer, { sub: 'dora-1', email: 'dora@tyreso.example', email_verified: false })).rejects.toMatchObject({ code: 'conflict' });
    await expect(signInWithClaims(t.db.db, issuer, { sub: 'dora-1', email: 'dora@tyreso.example' })).rejects.toMatchObject({ code: 'conflict' });
    expect((await getUser(t.db.db, local.id)).singleSignOn).toBe(false);
    const linked = await signInWithClaims(t.db.db, issuer, { sub: 'dora-1', email: 'DORA@tyreso.example', email_verified: true });
    expect(linked).toMatchObject({ userId: local.id, how: 'linked' });
    expect(await getUser(t.db.db, local.id)).toMatchObject({ singleSignOn: true, hasPassword: true, displayName: 'Dora' });
    expect(await signInWithClaims(t.db.db, issuer, { sub: 'dora-1' })).toMatchObject({ userId: local.id, how: 'found' });
    // Another identity with the same verified address does not take the account over.
    await expect(signInWithClaims(t.db.db, 'https://other-idp.example', { sub: 'dora-2', email: 'dora@tyreso.example', email_verified: true })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('makes a user from the claims, named by name, given + family name or e-mail, without a password', async () => {
    const made = await signInWithClaims(t.db.db, issuer, { sub: 'erik-1', email: 'erik@tyreso.example', given_name: 'Erik', family_name: 'Ek' });
    expect(made.how).toBe('created');
    expect(await getUser(t.db.db, made.userId)).toMatchObject({ email: 'erik@tyreso.example', displayName: 'Erik Ek', hasPassword: false, instanceAdmin: false, grants: [] });
    const bare = await signInWithClaims(t.db.db, issuer, { sub: 'fia-1', email: 'fia@tyreso.example' });
    expect((await getUser(t.db.db, bare.userId)).displayName).toBe('fia@tyreso.example');
    await expect(signInWithClaims(t.db.db, issuer, { sub: 'nomail-1', name: 'No Mail' })).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(await t.db.db.selectFrom('app_user').select('id').where('oidc_subject', '=', 'nomail-1').executeTakeFirst()).toBeUndefined();
  });

  it('grants the roles a role claim names, ignores the rest and never makes an instance administrator', async () => {
    const r = await signInWithClaims(t.db.db, issuer, { sub: 'gun-1', email: 'gun@tyreso.example', roles: ['0360:administrator', `0360:reporter:${otherUnitId.toUpperCase()}`, '*:administrator', 'instance:administrator', '0360:reader:x'] }, 'roles');
    expect(r.roles).toEqual([
      { municipalityCode: '0360', role: 'administrator', unitId: null },
      { municipalityCode: '0360', role: 'reporter', unitId: otherUnitId },
    ]);
    expect(r.ignored.map((i) => i.value)).toEqual(['*:administrator', 'instance:administrator', '0360:reader:x']);
    const user = await getUser(t.db.db, r.userId);
    expect(user.instanceAdmin).toBe(false);
    expect(user.grants).toHaveLength(2);
    // A single role as a plain string: the same role again does not double, and the one the provider no longer names goes.
    const again = await signInWithClaims(t.db.db, issuer, { sub: 'gun-1', roles: '0360:administrator' }, 'roles');
    expect(again.roles).toEqual([{ municipalityCode: '0360', role: 'administrator', unitId: null }]);
    expect(again.removed).toEqual([{ municipalityCode: '0360', role: 'reporter', unitId: otherUnitId }]);
    expect((await getUser(t.db.db, r.userId)).grants.map((g) => g.role)).toEqual(['administrator']);
    // A role given locally is never removed by a sign-in, even one the provider also named and then dropped.
    await grantRole(t.db.db, r.userId, { municipalityCode: '0360', role: 'reader', unitId: null });
    await grantRole(t.db.db, r.userId, { municipalityCode: '0360', role: 'administrator', unitId: null }); // now given locally too
    const dropped = await signInWithClaims(t.db.db, issuer, { sub: 'gun-1', roles: [] }, 'roles');
    expect(dropped.removed).toEqual([]);
    expect((await getUser(t.db.db, r.userId)).grants.map((g) => g.role).sort()).toEqual(['administrator', 'reader']);
    // Without a role claim configured, roles in the claims are not read.
    const none = await signInWithClaims(t.db.db, issuer, { sub: 'hans-1', email: 'hans@tyreso.example', roles: ['0360:administrator'] });
    expect((await getUser(t.db.db, none.userId)).grants).toEqual([]);
  });
});
