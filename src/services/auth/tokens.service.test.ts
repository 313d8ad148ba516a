import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../domain/access/policy.ts';
import { DomainError } from '../../domain/errors.ts';
import { createTestDb } from '../../../test/support/test-db.ts';
import type { Db } from '../../db/open-db.ts';
import { createUser, grantRole, principalOf, setDisabled } from './accounts.service.ts';
import { hashSecret } from './secrets.ts';
import { loginWithPassword } from './sessions.service.ts';
import { createApiToken, listApiTokens, resolveApiToken, revokeApiToken } from './tokens.service.ts';

/**
 * API tokens (docs/methodology/access.md#api-tokens): only a hash is kept, a revoked or expired token
 * is nobody, and a read-only token reads but never changes.
 */
let t: Db;
let db: Db['db'];
let stefan: string;
let lena: string;

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  await db.insertInto('municipality').values({ code: '0138', name: 'Tyresö' }).execute();
  stefan = (await createUser(db, { email: 'stefan@tyreso.se', displayName: 'Stefan', password: 'ett långt och bra lösenord' })).id;
  lena = (await createUser(db, { email: 'lena@tyreso.se', displayName: 'Lena' })).id;
  await grantRole(db, stefan, { municipalityCode: '0138', role: 'strategist', unitId: null });
});
afterAll(() => t.close());

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(e)}`);
  return e;
}

/** The tables of the database (every one, not a list that could miss a new table) whose rows contain the text anywhere. */
async function tablesContaining(text: string): Promise<string[]> {
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db);
  expect(tables.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['api_token', 'audit_log', 'user_session', 'app_user']));
  const found: string[] = [];
  for (const { name } of tables.rows) {
    const r = await sql<{ n: string }>`select count(*) as n from ${sql.table(name)} as x where x::text like ${'%' + text + '%'}`.execute(db);
    if (Number(r.rows[0]!.n) > 0) found.push(name);
  }
  return found;
}

describe('createApiToken', () => {
  it('gives out sps_ and 256 random bits once, and keeps only their SHA-256 and the first ten characters', async () => {
    const { token, apiToken } = await createApiToken(db, stefan, { name: '  Statistikexport  ', scope: 'read' });
    expect(token).toMatch(/^sps_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({ name: 'Statistikexport', prefix: token.slice(0, 10), scope: 'read', expiresAt: null, revokedAt: null, lastUsedAt: null });
    const row = await db.selectFrom('api_token').selectAll().where('id', '=', apiToken.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashSecret(token));
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(apiToken)).not.toContain(token.slice(10));
  });

  it('leaves neither the token nor a session token anywhere in the database, and the hashes nowhere but their own tables', async () => {
    const { token, apiToken } = await createApiToken(db, stefan, { name: 'Intranät', scope: 'write' });
    await resolveApiToken(db, token);
    await revokeApiToken(db, stefan, apiToken.id);
    const session = await loginWithPassword(db, { email: 'stefan@tyreso.se', password: 'ett långt och bra lösenord', address: '192.0.2.1' });
    // The audit log did record the token's life (so the scan below looks where a copy could be).
    const audited = await db.selectFrom('audit_log').select('action').where('entity', '=', 'api_token').where('entity_id', '=', apiToken.id).execute();
    expect(audited.map((a) => a.action).sort()).toEqual(['insert', 'update']);
    expect(await tablesContaining(token.slice(4))).toEqual([]);
    expect(await tablesContaining(session.token)).toEqual([]);
    expect(await tablesContaining(hashSecret(token))).toEqual(['api_token']);
    expect(await tablesContaining(hashSecret(session.token))).toEqual(['user_session']);
  });

  it('refuses an expiry that has already passed', async () => {
    const e = await refusal(createApiToken(db, stefan, { name: 'För sent', scope: 'read', expiresAt: new Date(Date.now() - 1000).toISOString() }));
    expect(e.code).toBe('validation');
    expect(e.issues).toEqual([{ path: '/expiresAt', message: 'must be in the future' }]);
  });
});

describe('resolveApiToken', () => {
  it('names the user and the scope of a valid token, and notes when it was used', async () => {
    const { token, apiToken } = await createApiToken(db, stefan, { name: 'Rapportrobot', scope: 'write', expiresAt: new Date(Date.now() + 86400_000).toISOString() });
    expect(await resolveApiToken(db, token)).toEqual({ userId: stefan, scope: 'write', tokenId: apiToken.id });
    const used = (await listApiTokens(db, stefan)).find((x) => x.id === apiToken.id)!;
    expect(used.lastUsedAt).not.toBeNull();
  });

  it('knows no token it did not make: a changed character, a missing prefix or a session-like secret', async () => {
    const { token } = await createApiToken(db, stefan, { name: 'Original', scope: 'write' });
    const changed = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(await resolveApiToken(db, changed)).toBeNull();
    expect(await resolveApiToken(db, token.slice(4))).toBeNull();
    expect(await resolveApiToken(db, '')).toBeNull();
  });

  it('a revoked token is nobody, and revoking again keeps the first revocation time', async () => {
    const { token, apiToken } = await createApiToken(db, stefan, { name: 'Att återkalla', scope: 'write' });
    const revoked = await revokeApiToken(db, stefan, apiToken.id);
    expect(revoked.revokedAt).not.toBeNull();
    expect(await resolveApiToken(db, token)).toBeNull();
    expect((await revokeApiToken(db, stefan, apiToken.id)).revokedAt).toBe(revoked.revokedAt);
  });

  it('an expired token is nobody', async () => {
    const { token, apiToken } = await createApiToken(db, stefan, { name: 'Går ut', scope: 'write', expiresAt: new Date(Date.now() + 3600_000).toISOString() });
    expect(await resolveApiToken(db, token)).not.toBeNull();
    await db.updateTable('api_token').set({ expires_at: sql`now() - interval '1 second'` }).where('id', '=', apiToken.id).execute();
    expect(await resolveApiToken(db, token)).toBeNull();
  });

  it('a token of a disabled user is revoked with the account', async () => {
    const { token } = await createApiToken(db, lena, { name: 'Lenas', scope: 'read' });
    const v = await db.selectFrom('app_user').select('lock_version').where('id', '=', lena).executeTakeFirstOrThrow();
    await setDisabled(db, lena, true, v.lock_version);
    expect(await resolveApiToken(db, token)).toBeNull();
    expect((await listApiTokens(db, lena)).every((x) => x.revokedAt !== null)).toBe(true);
  });

  it('a read-only token acts as its owner for reading and is refused every change', async () => {
    const { token } = await createApiToken(db, stefan, { name: 'Bara läsa', scope: 'read' });
    const resolved = (await resolveApiToken(db, token))!;
    expect(resolved.scope).toBe('read');
    const principal = (await principalOf(db, resolved.userId, resolved.scope))!;
    const draft = { municipalityCode: '0138', published: false };
    expect(decide(principal, 'document.read', draft)).toBe('allow');
    expect(decide(principal, 'document.edit', draft)).toBe('forbidden');
    expect(decide(principal, 'account.write')).toBe('forbidden');
    // The same owner through a write token may edit.
    expect(decide((await principalOf(db, stefan, 'write'))!, 'document.edit', draft)).toBe('allow');
  });
});

describe('revokeApiToken and listApiTokens', () => {
  it('a user cannot revoke, or see, another user’s token', async () => {
    const { token, apiToken } = await createApiToken(db, stefan, { name: 'Stefans egen', scope: 'write' });
    const e = await refusal(revokeApiToken(db, lena, apiToken.id));
    expect(e.code).toBe('not_found');
    expect(await resolveApiToken(db, token)).not.toBeNull();
    expect((await listApiTokens(db, lena)).map((x) => x.id)).not.toContain(apiToken.id);
    expect((await listApiTokens(db, stefan)).map((x) => x.id)).toContain(apiToken.id);
  });
});
