import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as client from 'openid-client';
import { z } from 'zod';
import { DomainError } from '../domain/errors.ts';
import { OIDC_FLOW_MINUTES, safeReturnTo, signInWithClaims, startOidcFlow, takeOidcFlow, type OidcClaims } from '../services/auth/oidc.service.ts';
import { sameSecret } from '../services/auth/secrets.ts';
import { createSession, endSession } from '../services/auth/sessions.service.ts';
import type { App } from './app.ts';
import { secureCookie, setSessionCookie, type AuthOptions } from './auth.ts';

/** Single sign-on through OpenID Connect (authorization code with PKCE). */
export interface OidcOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The callback URL registered with the provider: https://<host>/api/v1/auth/oidc/callback. */
  redirectUri: string;
  /** The button's words on the sign-in page, such as "Logga in med kommunens konto". */
  label: string;
  /** A claim that lists roles, such as "0138:strategist" or "0138:reporter:<unit id>". */
  roleClaim?: string;
  /** Only for tests against a provider on loopback. */
  allowInsecureHttp?: boolean;
}

/** Binds a sign-in in progress to the browser that started it: a callback URL carried to another browser is refused (login CSRF). */
export const OIDC_STATE_COOKIE = 'samspel_oidc_state';
const COOKIE_PATH = '/api/v1/auth/oidc';
/** What the app asks the provider for: the subject, the e-mail address and the name (the role claim comes with these scopes). */
const SCOPE = 'openid email profile';

const UNKNOWN_STATE = 'The sign-in could not be completed: unknown or used state';

/**
 * GET /api/v1/auth/oidc/login → the provider's sign-in page; GET /api/v1/auth/oidc/callback → a session,
 * and back to where the person was. The state, nonce and PKCE verifier are kept on the server under the
 * state's hash (any instance can finish the flow, each flow once); the browser only holds the state in a
 * short-lived cookie that ties the flow to it. Decisions: docs/decisions/007-single-sign-on.md.
 */
export function registerOidcRoutes(app: App): void {
  if (!app.deps.oidc) return;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['accounts'];
  const auth: AuthOptions = app.deps.auth ?? {};
  // Read per request: the options object is the app's, and a test on loopback learns its callback's port after listening.
  const options = () => app.deps.oidc!;

  // The provider's metadata is fetched on first use and kept (the provider may start after the app);
  // a failure is not kept, so the next sign-in tries again.
  let discovered: Promise<client.Configuration> | null = null;
  const configuration = (): Promise<client.Configuration> => {
    const o = options();
    discovered ??= client
      .discovery(new URL(o.issuer), o.clientId, { client_secret: o.clientSecret }, client.ClientSecretBasic(o.clientSecret), {
        timeout: 10,
        ...(o.allowInsecureHttp ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .catch((e: unknown) => {
        discovered = null;
        app.log.error({ err: e, issuer: o.issuer }, 'single sign-on: the identity provider could not be discovered');
        throw new DomainError('internal', 'The identity provider cannot be reached just now; try again in a while, or sign in with a password');
      });
    return discovered;
  };

  api.get(
    '/api/v1/auth/oidc/login',
    {
      schema: {
        tags,
        summary: "Sign in through the organisation's identity provider: redirects there, and back to returnTo afterwards",
        querystring: z.object({ returnTo: z.string().optional().describe('A path on this site to come back to, such as /m/0138; anything else means /') }),
      },
    },
    async (req, reply) => {
      const config = await configuration();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const codeVerifier = client.randomPKCECodeVerifier();
      await startOidcFlow(db, state, { codeVerifier, nonce, returnTo: safeReturnTo(req.query.returnTo) });
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: options().redirectUri,
        scope: SCOPE,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      reply.setCookie(OIDC_STATE_COOKIE, state, { httpOnly: true, sameSite: 'lax', path: COOKIE_PATH, secure: secureCookie(req, auth.cookieSecure), maxAge: OIDC_FLOW_MINUTES * 60 });
      return reply.header('cache-control', 'no-store').redirect(url.href, 302);
    },
  );

  api.get(
    '/api/v1/auth/oidc/callback',
    {
      schema: {
        tags,
        summary: 'Where the identity provider sends the browser back: checks the answer, signs in and redirects to where the sign-in started',
        querystring: z.looseObject({ state: z.string().optional(), code: z.string().optional(), error: z.string().optional(), iss: z.string().optional() }),
      },
    },
    async (req, reply) => {
      try {
        return await callback(req as typeof req & { query: { state?: string } }, reply);
      } catch (e) {
        // A person's browser is sent to the sign-in page, which says what went wrong in their language;
        // an API client gets the problem.
        if (e instanceof DomainError && String(req.headers.accept ?? '').includes('text/html')) {
          const reason = String(e.details.reason ?? (e.code === 'internal' ? 'unreachable' : e.code === 'forbidden' ? 'disabled' : 'answer'));
          return reply.redirect(`/login?error=sso&reason=${encodeURIComponent(reason)}`, 302);
        }
        throw e;
      }
    },
  );

  async function callback(req: FastifyRequest & { query: { state?: string } }, reply: FastifyReply) {
    reply.header('cache-control', 'no-store');
    const state = req.query.state;
    const bound = req.cookies[OIDC_STATE_COOKIE];
    reply.clearCookie(OIDC_STATE_COOKIE, { httpOnly: true, sameSite: 'lax', path: COOKIE_PATH, secure: secureCookie(req, auth.cookieSecure) });
    // Taken (and deleted) first, so a callback URL works once whatever happens next.
    const flow = state ? await takeOidcFlow(db, state) : null;
    if (!state || !flow) throw new DomainError('validation', UNKNOWN_STATE, { details: { reason: 'state' } });
    if (!bound || !sameSecret(bound, state)) {
      req.log.warn('single sign-on: a callback without the browser binding of its flow was refused');
      throw new DomainError('validation', 'The sign-in could not be completed: it was started in another browser or window; start it again', { details: { reason: 'browser' } });
    }

    const o = options();
    const config = await configuration();
    // The URL the provider redirected to, with its answer: the registered callback plus this request's query.
    const currentUrl = new URL(o.redirectUri);
    currentUrl.search = new URL(req.url, 'http://x').search;
    let claims: OidcClaims;
    try {
      // Checks the answer's state and issuer, sends the PKCE verifier, and checks the ID token's
      // signature, issuer, audience, lifetime and nonce (idTokenExpected: no ID token, no sign-in).
      const tokens = await client.authorizationCodeGrant(config, currentUrl, { pkceCodeVerifier: flow.codeVerifier, expectedState: state, expectedNonce: flow.nonce, idTokenExpected: true });
      const idClaims = tokens.claims()!;
      // The ID token's claims win; UserInfo adds what the provider releases only there (often e-mail, name and roles).
      const userInfo = config.serverMetadata().userinfo_endpoint ? await client.fetchUserInfo(config, tokens.access_token, idClaims.sub) : {};
      claims = { ...userInfo, ...idClaims } as OidcClaims;
    } catch (e) {
      throw providerError(req, e);
    }
    // Nothing of the provider's tokens is kept: they were needed only to learn who signed in.
    // The issuer as the provider names itself in the checked ID token (discovery made sure it is the configured one).
    const result = await signInWithClaims(db, String(claims.iss), claims, o.roleClaim);
    if (result.ignored.length > 0) req.log.warn({ userId: result.userId, ignored: result.ignored }, 'single sign-on: entries of the role claim were ignored');
    req.log.info({ userId: result.userId, how: result.how }, 'single sign-on');

    const session = await createSession(db, result.userId, 'oidc', auth.session);
    // Any session the browser had before is ended: a new sign-in always gets a new session id (ASVS 3.2.1).
    if (req.sessionToken) await endSession(db, req.sessionToken);
    setSessionCookie(reply, req, session.token, session.expiresAt, auth.cookieSecure);
    return reply.redirect(flow.returnTo, 302);
  }
}


/** Codes of openid-client's checks of the provider's answer (state, nonce, issuer, audience, signature…): the answer is refused, 400. */
const REFUSED_ANSWER = new Set(['OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED', 'OAUTH_INVALID_RESPONSE', 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED', 'OAUTH_KEY_SELECTION_FAILED']);

/** What went wrong with the provider's answer, as a problem: refused (400) when it does not check out or the provider said no, 500 when the provider could not be asked. */
function providerError(req: FastifyRequest, e: unknown): DomainError {
  const code = (e as { code?: unknown }).code;
  if (e instanceof client.AuthorizationResponseError || e instanceof client.ResponseBodyError) {
    req.log.warn({ error: e.error, description: e.error_description }, 'single sign-on: the identity provider refused');
    return new DomainError('validation', `The sign-in could not be completed: the identity provider answered ${e.error}`, { details: { reason: 'provider', error: e.error } });
  }
  if (e instanceof client.ClientError && typeof code === 'string' && REFUSED_ANSWER.has(code)) {
    req.log.warn({ code, message: e.message }, "single sign-on: the identity provider's answer was refused");
    return new DomainError('validation', "The sign-in could not be completed: the identity provider's answer does not belong to this sign-in (state, nonce or token check failed)", { details: { reason: 'answer', code } });
  }
  req.log.error({ err: e }, 'single sign-on: the identity provider could not be asked');
  return new DomainError('internal', 'The identity provider could not be reached or answered unexpectedly; try again in a while');
}
