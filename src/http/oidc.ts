import type { App } from './app.ts';

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

/** Registered when OIDC is configured (helper work in progress). */
export function registerOidcRoutes(app: App): void {
  if (!app.deps.oidc) return;
}
