import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/errors.ts';
import { createUser, findUserIdByEmail, getUser, grantRole, listUsers, revokeGrant, setPassword, type UserDto } from '../../services/auth/accounts.service.ts';
import { demoAccounts } from '../../services/auth/demo-accounts.ts';
import { verifyPassword } from '../../services/auth/passwords.ts';
import { endSession, loginWithPassword } from '../../services/auth/sessions.service.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../../services/auth/tokens.service.ts';
import { municipalityCode, uuid } from '../../shared/api/common.ts';
import { apiTokenDto, grantBody, grantDto, loginBody, passwordChangeBody, sessionDto, tokenCreateBody, userCreateBody, userDto } from '../../shared/api/auth.ts';
import type { App } from '../app.ts';
import { clearSessionCookie, setSessionCookie } from '../auth.ts';

/** Actions that need no input: no body, or an empty JSON object. A POST without a body reaches the schema as null (a browser's fetch with no body, curl -X POST). */
const noBody = z.strictObject({}).nullish();

export function registerAuthRoutes(app: App): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['accounts'];
  const cookieMode = app.deps.auth?.cookieSecure;

  /** What GET /auth/session answers, for the user signed in (or null), their CSRF token and how they came. */
  const sessionView = async (userId: string | null, csrfToken: string | null, via: 'session' | 'token' | null) => ({
    user: userId ? await getUser(db, userId) : null,
    csrfToken,
    via,
    singleSignOn: { enabled: app.deps.oidc !== undefined, label: app.deps.oidc?.label ?? null },
    demo: await demoAccounts(db),
  });

  api.get('/api/v1/auth/session', { schema: { tags, summary: 'Who is signed in, the CSRF token to send with changes, and how one may sign in', response: { 200: sessionDto } } }, async (req) => sessionView(req.principal.kind === 'user' ? req.principal.userId : null, req.csrfToken, req.authVia));

  api.post(
    '/api/v1/auth/login',
    { schema: { tags, summary: 'Sign in with an e-mail address and a password; sets the session cookie', body: loginBody, response: { 200: sessionDto } } },
    async (req, reply) => {
      const session = await loginWithPassword(db, { email: req.body.email, password: req.body.password, address: req.ip }, { ...(app.deps.auth?.session ? { policy: app.deps.auth.session } : {}), ...(app.deps.auth?.throttle ? { throttle: app.deps.auth.throttle } : {}) });
      // Any session the browser had before is ended: a new sign-in always gets a new session id (ASVS 3.2.1).
      if (req.sessionToken) await endSession(db, req.sessionToken);
      setSessionCookie(reply, req, session.token, session.expiresAt, cookieMode);
      return sessionView(session.userId, session.csrfToken, 'session');
    },
  );

  api.post('/api/v1/auth/logout', { schema: { tags, summary: 'Sign out: ends the session on the server and clears the cookie', body: noBody } }, async (req, reply) => {
    if (req.sessionToken) await endSession(db, req.sessionToken);
    clearSessionCookie(reply, req, cookieMode);
    return reply.code(204).send();
  });

  api.post('/api/v1/auth/password', { schema: { tags, summary: 'Change your own password; every session of yours ends', body: passwordChangeBody } }, async (req, reply) => {
    const userId = signedIn(req.principal);
    const row = await db.selectFrom('app_user').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
    if (!(await verifyPassword(row.password_hash, req.body.currentPassword))) {
      throw new DomainError('validation', 'The current password is wrong', { issues: [{ path: '/currentPassword', message: 'is wrong' }] });
    }
    await setPassword(db, userId, req.body.newPassword);
    clearSessionCookie(reply, req, cookieMode);
    return reply.code(204).send();
  });

  api.get('/api/v1/auth/tokens', { schema: { tags, summary: 'Your API tokens', response: { 200: z.array(apiTokenDto) } } }, async (req) => listApiTokens(db, signedIn(req.principal)));
  api.post(
    '/api/v1/auth/tokens',
    { schema: { tags, summary: 'Make an API token for a machine client; the token itself is shown only in this answer', body: tokenCreateBody, response: { 201: z.object({ token: z.string(), apiToken: apiTokenDto }) } } },
    async (req, reply) => reply.code(201).send(await createApiToken(db, signedIn(req.principal), req.body)),
  );
  api.post('/api/v1/auth/tokens/:id/revoke', { schema: { tags, summary: 'Revoke one of your API tokens', params: z.strictObject({ id: uuid }), body: noBody, response: { 200: apiTokenDto } } }, async (req) =>
    revokeApiToken(db, signedIn(req.principal), req.params.id),
  );

  const codeParams = z.strictObject({ code: municipalityCode });
  api.get('/api/v1/municipalities/:code/users', { schema: { tags, summary: "The municipality's users and their roles there", params: codeParams, response: { 200: z.array(userDto) } } }, async (req) =>
    listUsers(db, req.params.code),
  );
  api.post(
    '/api/v1/municipalities/:code/users',
    { schema: { tags, summary: 'Add a user with a role here (a user who already has an account elsewhere gets the role)', params: codeParams, body: userCreateBody, response: { 201: userDto } } },
    async (req, reply) => {
      const code = req.params.code;
      const existing = await findUserIdByEmail(db, req.body.email);
      const id = existing ?? (await createUser(db, { email: req.body.email, displayName: req.body.displayName, password: req.body.password })).id;
      await grantRole(db, id, { municipalityCode: code, role: req.body.role, unitId: req.body.unitId });
      return reply.code(201).send(onlyHere(await getUser(db, id), code));
    },
  );
  api.post(
    '/api/v1/municipalities/:code/users/:userId/grants',
    { schema: { tags, summary: 'Give a user a role here, for the whole municipality or a unit and those below', params: z.strictObject({ code: municipalityCode, userId: uuid }), body: grantBody, response: { 201: grantDto } } },
    async (req, reply) => reply.code(201).send(await grantRole(db, req.params.userId, { municipalityCode: req.params.code, role: req.body.role, unitId: req.body.unitId })),
  );
  api.post('/api/v1/municipalities/:code/grants/:grantId/revoke', { schema: { tags, summary: 'Take a role away', params: z.strictObject({ code: municipalityCode, grantId: uuid }), body: noBody } }, async (req, reply) => {
    await revokeGrant(db, req.params.code, req.params.grantId);
    return reply.code(204).send();
  });
}

function signedIn(principal: { kind: string; userId?: string }): string {
  if (principal.kind !== 'user' || !principal.userId) throw new DomainError('unauthenticated', 'Sign in to do this');
  return principal.userId;
}

/** A user as one municipality's administrator sees them: their roles there, not elsewhere. */
function onlyHere(user: UserDto, code: string): UserDto {
  return { ...user, grants: user.grants.filter((g) => g.municipalityCode === code) };
}
