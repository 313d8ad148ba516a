import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real OpenID provider (oidc-provider) on 127.0.0.1 with a random port, for testing single sign-on
 * end to end. One confidential client (client_secret_basic, authorization code with PKCE); accounts
 * are set by the test. Its sign-in page is a form at /interaction/:uid that takes `login=<account id>`
 * (no password: the provider's own checks are not under test); consent is given at once, as for an
 * organisation's own application. Claims: sub; samspel_roles with scope openid, email + email_verified
 * with scope email, the names with scope profile, all released through UserInfo (the ID token carries
 * sub and nonce: oidc-provider's default for the code flow). Storage is oidc-provider's own, in memory.
 */
export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  given_name?: string;
  family_name?: string;
  samspel_roles?: unknown;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The accounts by subject; change them between sign-ins. */
  accounts: Map<string, TestAccount>;
  /** Registers the app's callback as the client's only redirect URI: the app's port is known only once it listens. */
  setRedirectUri(uri: string): void;
  close(): Promise<void>;
}

/** oidc-provider ships no type declarations: the little of it used here. */
interface Provider {
  callback(): (req: http.IncomingMessage, res: http.ServerResponse) => void;
  interactionDetails(req: http.IncomingMessage, res: http.ServerResponse): Promise<{
    uid: string;
    prompt: { name: string; details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[] } };
    params: Record<string, unknown> & { client_id: string };
    session?: { accountId: string };
    grantId?: string;
  }>;
  interactionFinished(req: http.IncomingMessage, res: http.ServerResponse, result: Record<string, unknown>, opts: { mergeWithLastSubmission: boolean }): Promise<void>;
  Grant: (new (o: { accountId: string; clientId: string }) => Grant) & { find(id: string): Promise<Grant | undefined> };
}
interface Grant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  save(): Promise<string>;
}

/** oidc-provider's notices ("you SHOULD change…", "Unsupported runtime…") are for people running it for real; tests hide them. */
function quietly(): () => void {
  const { info, warn } = console;
  const hide =
    (original: (...args: unknown[]) => void) =>
    (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].startsWith('oidc-provider ')) return;
      original(...args);
    };
  console.info = hide(info);
  console.warn = hide(warn);
  return () => {
    console.info = info;
    console.warn = warn;
  };
}

export async function startOidcProvider(opts: { clientId?: string; clientSecret?: string } = {}): Promise<TestOidcProvider> {
  const restore = quietly();
  // A variable specifier: the package has no types, and the few calls made are typed above.
  const specifier = 'oidc-provider';
  const { default: ProviderClass } = (await import(specifier)) as { default: new (issuer: string, config: Record<string, unknown>) => Provider };
  const clientId = opts.clientId ?? 'samspel-test';
  const clientSecret = opts.clientSecret ?? randomBytes(24).toString('base64url');
  const accounts = new Map<string, TestAccount>();
  let provider: Provider | null = null;
  let handle: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;

  // The server listens first, so the issuer URL (with its port) is known before the provider is made.
  const server = http.createServer((req, res) => {
    if (!provider || !handle) {
      res.writeHead(503).end('the provider is not configured yet');
      return;
    }
    if (req.url?.startsWith('/interaction/')) {
      interaction(provider, req, res).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(e));
      });
      return;
    }
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signingKey = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    setRedirectUri(uri: string) {
      provider = new ProviderClass(issuer, {
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: [uri],
            grant_types: ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        jwks: { keys: [signingKey] },
        cookies: { keys: [randomBytes(32).toString('base64url')] },
        claims: { openid: ['sub', 'samspel_roles'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name'] },
        features: { devInteractions: { enabled: false } },
        interactions: { url: (_ctx: unknown, i: { uid: string }) => `/interaction/${i.uid}` },
        pkce: { required: () => true },
        findAccount: async (_ctx: unknown, sub: string) => {
          const account = accounts.get(sub);
          return account ? { accountId: sub, claims: async () => ({ sub, ...account }) } : undefined;
        },
      });
      handle = provider.callback();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      restore();
    },
  };
}

/**
 * The sign-in page: GET shows a form, POST login=<account id> signs that account in; consent is given
 * without asking (all scopes and claims the client asked for).
 */
async function interaction(provider: Provider, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'login') {
    if (req.method !== 'POST') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<form method="post" action="/interaction/${details.uid}"><input name="login"><button>Sign in</button></form>`);
      return;
    }
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const login = new URLSearchParams(body).get('login');
    if (!login) {
      res.writeHead(400).end('login is required');
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    return;
  }
  if (details.prompt.name === 'consent') {
    const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id });
    if (!grant) throw new Error(`no grant ${details.grantId}`);
    if (details.prompt.details.missingOIDCScope) grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(' '));
    if (details.prompt.details.missingOIDCClaims) grant.addOIDCClaims(details.prompt.details.missingOIDCClaims);
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    return;
  }
  res.writeHead(501).end(`prompt ${details.prompt.name} is not handled`);
}
