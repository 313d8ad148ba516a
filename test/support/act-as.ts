import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { App } from '../../src/http/app.ts';
import { createUser, findUserIdByEmail } from '../../src/services/auth/accounts.service.ts';
import { createApiToken } from '../../src/services/auth/tokens.service.ts';

// No Vitest import here: the benchmarks use these too.

/** An instance administrator with a write token, made directly in the database. */
export async function makeAdminToken(db: Kysely<Database>, email = 'test-admin@samspel.test'): Promise<string> {
  const existing = await findUserIdByEmail(db, email);
  const id = existing ?? (await createUser(db, { email, displayName: 'Test administrator', instanceAdmin: true })).id;
  return (await createApiToken(db, id, { name: 'tests', scope: 'write' })).token;
}

/**
 * Makes `app.inject` send this bearer token by default. A request that sets its own `authorization`
 * header keeps it; `headers: { authorization: '' }` sends none (an anonymous visitor).
 */
export function actAs(app: App, token: string): void {
  const original = app.inject.bind(app) as (o?: unknown) => unknown;
  (app as { inject: unknown }).inject = (o?: unknown) => {
    if (o === undefined) return original();
    const opts: Record<string, unknown> = typeof o === 'string' ? { url: o } : { ...(o as Record<string, unknown>) };
    const headers = { ...((opts.headers as Record<string, string> | undefined) ?? {}) };
    if (!('authorization' in headers)) headers.authorization = `Bearer ${token}`;
    else if (headers.authorization === '') delete headers.authorization;
    return original({ ...opts, headers });
  };
}
