import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { currentAuditContext, withAuditContext } from '../services/audit/audit.service.ts';
import { ANONYMOUS, type Principal } from '../domain/access/policy.ts';
import { DomainError } from '../domain/errors.ts';
import { principalOf } from '../services/auth/accounts.service.ts';
import { accessError, authorize, type AccessOutcome } from '../services/auth/access.service.ts';
import { DEFAULT_SESSION_POLICY, purgeAuthState, resolveSession, type LoginThrottle, type SessionPolicy } from '../services/auth/sessions.service.ts';
import { sameSecret } from '../services/auth/secrets.ts';
import { resolveApiToken } from '../services/auth/tokens.service.ts';
import { ACCESS } from './access-map.ts';
import type { App } from './app.ts';

export const SESSION_COOKIE = 'samspel_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface AuthOptions {
  session?: SessionPolicy;
  throttle?: LoginThrottle;
  /** Secure cookies: always, never, or when the request came over HTTPS (behind a proxy: with trustProxy). */
  cookieSecure?: 'auto' | 'always' | 'never';
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
    /** How the principal was recognised. */
    authVia: 'session' | 'token' | null;
    sessionToken: string | null;
    csrfToken: string | null;
    access: AccessOutcome | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who is asking, and whether they may: a session cookie (with a CSRF token on every change) or a
 * bearer API token → a principal; then every API route's rule in ACCESS is decided before its handler
 * runs, and the request is confined to the resource's municipality for row-level security.
 */
export async function registerAuth(app: App): Promise<void> {
  const { db } = app.deps;
  const opts = app.deps.auth ?? {};
  const policy = opts.session ?? DEFAULT_SESSION_POLICY;
  await app.register(cookie);
  app.decorateRequest('principal', null as never);
  app.decorateRequest('authVia', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('access', null);

  // Expired sessions, old failed sign-ins and abandoned single sign-on flows are cleared every 15 minutes
  // (each instance does it; the deletes are idempotent).
  const purge = setInterval(() => {
    withAuditContext({ actor: 'system', tenant: '*' }, () => purgeAuthState(db, policy, opts.throttle).catch((e: unknown) => app.log.error(e, 'purging sessions')));
  }, 15 * 60_000);
  purge.unref();
  app.addHook('onClose', async () => clearInterval(purge));

  app.addHook('onRequest', async (request, reply) => {
    request.principal = ANONYMOUS;
    if (!request.url.startsWith('/api/')) return;
    const header = request.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      const token = m ? await resolveApiToken(db, m[1]!) : null;
      const principal = token ? await principalOf(db, token.userId, token.scope) : null;
      if (!token || !principal) throw new DomainError('unauthenticated', 'The API token is not valid: unknown, revoked or expired');
      setPrincipal(request, principal, 'token');
      return;
    }
    const raw = request.cookies[SESSION_COOKIE];
    if (!raw) return;
    const session = await resolveSession(db, raw, policy);
    const principal = session ? await principalOf(db, session.userId, 'write') : null;
    if (!session || !principal) {
      // An expired or unknown session: the request goes on as anonymous, and the browser forgets the cookie.
      clearSessionCookie(reply, request, opts.cookieSecure);
      return;
    }
    setPrincipal(request, principal, 'session');
    request.sessionToken = raw;
    request.csrfToken = session.csrfToken;
    if (!SAFE_METHODS.has(request.method)) {
      // A change made with a cookie must carry the session's CSRF token, which a page of another site
      // cannot read (ASVS 4.2.2); and when the browser says where the request comes from, it must be here.
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) {
        throw new DomainError('forbidden', 'The CSRF token is missing or wrong: reload the page and try again', { details: { reason: 'csrf' } });
      }
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== `${request.protocol}://${request.host}`) {
        throw new DomainError('forbidden', `A change from another site (${origin}) is refused`, { details: { reason: 'origin' } });
      }
    }
  });

  app.addHook('preHandler', async (request) => {
    // Routes outside the API (the web app's pages and assets, and its catch-all, which answers unknown API paths with a 404 problem) have no rule.
    if (!request.routeOptions.url?.startsWith('/api/v1')) return;
    const routeKey = `${request.method === 'HEAD' ? 'GET' : request.method} ${request.routeOptions.url ?? ''}`;
    const rule = ACCESS[routeKey];
    if (!rule) {
      request.log.error({ route: routeKey }, 'a route without an access rule was refused (src/http/access-map.ts)');
      throw new DomainError('forbidden', 'This route has no access rule yet, so it is closed');
    }
    const outcome = await authorize(db, request.principal, rule.action, rule.resource(request));
    request.access = outcome;
    app.deps.onAccessDecision?.(request, outcome);
    const error = accessError(outcome, rule.action);
    if (error) {
      if (outcome.decision !== 'allow' && outcome.decision !== 'missing') request.log.warn({ route: routeKey, decision: outcome.decision, action: rule.action }, 'access denied');
      throw error;
    }
    const ctx = currentAuditContext();
    if (ctx) ctx.tenant = outcome.resource?.municipalityCode ?? '*';
  });
}

function setPrincipal(request: FastifyRequest, principal: Principal & { kind: 'user' }, via: 'session' | 'token'): void {
  request.principal = principal;
  request.authVia = via;
  const ctx = currentAuditContext();
  if (ctx) ctx.actor = `user:${principal.userId}`;
}

/** Whether a cookie is Secure: always, never, or when the request came over HTTPS. */
export function secureCookie(request: FastifyRequest, mode: AuthOptions['cookieSecure']): boolean {
  return mode === 'always' || (mode !== 'never' && request.protocol === 'https');
}

export function setSessionCookie(reply: FastifyReply, request: FastifyRequest, token: string, expiresAt: Date, mode: AuthOptions['cookieSecure']): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', secure: secureCookie(request, mode), expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply, request: FastifyRequest, mode: AuthOptions['cookieSecure']): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure: secureCookie(request, mode) });
}

