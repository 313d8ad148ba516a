import { sql } from 'kysely';
import { withAllTenants } from '../../db/audit-context.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Db } from '../strategy/document.repo.ts';
import { hashSecret, newSecret } from './secrets.ts';

/** An API token for a machine client: acts as its user, limited to reading or not, until it expires or is revoked. */
export interface ApiTokenDto {
  id: string;
  name: string;
  /** The first characters, to tell tokens apart; the rest is shown once, when it is made. */
  prefix: string;
  scope: 'read' | 'write';
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

const TOKEN_PREFIX = 'sps_';

export async function createApiToken(db: Db, userId: string, input: { name: string; scope: 'read' | 'write'; expiresAt?: string | null | undefined }): Promise<{ token: string; apiToken: ApiTokenDto }> {
  if (input.expiresAt && new Date(input.expiresAt).getTime() <= Date.now()) {
    throw new DomainError('validation', 'The token would already have expired', { issues: [{ path: '/expiresAt', message: 'must be in the future' }] });
  }
  const token = TOKEN_PREFIX + newSecret();
  const row = await db
    .insertInto('api_token')
    .values({ user_id: userId, name: input.name.trim(), token_hash: hashSecret(token), prefix: token.slice(0, 10), scope: input.scope, expires_at: input.expiresAt ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token, apiToken: present(row) };
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiTokenDto[]> {
  const rows = await db.selectFrom('api_token').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
  return rows.map(present);
}

export async function revokeApiToken(db: Db, userId: string, id: string): Promise<ApiTokenDto> {
  const row = await db.updateTable('api_token').set({ revoked_at: sql`coalesce(revoked_at, now())` }).where('id', '=', id).where('user_id', '=', userId).returningAll().executeTakeFirst();
  if (!row) throw new DomainError('not_found', `You have no API token ${id}`);
  return present(row);
}

/** The user and scope a bearer token stands for, when it is one of ours, not revoked and not expired. */
export async function resolveApiToken(db: Db, token: string): Promise<{ userId: string; scope: 'read' | 'write'; tokenId: string } | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  return withAllTenants(async () => {
    const row = await db.selectFrom('api_token').select(['id', 'user_id', 'scope', 'expires_at', 'revoked_at', 'last_used_at']).where('token_hash', '=', hashSecret(token)).executeTakeFirst();
    if (!row || row.revoked_at || (row.expires_at && new Date(row.expires_at).getTime() <= Date.now())) return null;
    if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
      await db.updateTable('api_token').set({ last_used_at: sql`now()` }).where('id', '=', row.id).execute();
    }
    return { userId: row.user_id, scope: row.scope, tokenId: row.id };
  });
}

type Row = { id: string; name: string; prefix: string; scope: 'read' | 'write'; expires_at: Date | null; last_used_at: Date | null; revoked_at: Date | null; created_at: Date };
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
function present(r: Row): ApiTokenDto {
  return { id: r.id, name: r.name, prefix: r.prefix, scope: r.scope, expiresAt: iso(r.expires_at), lastUsedAt: iso(r.last_used_at), revokedAt: iso(r.revoked_at), createdAt: new Date(r.created_at).toISOString() };
}
