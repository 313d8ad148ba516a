import { sql } from 'kysely';
import { withAllTenants } from '../../db/audit-context.ts';
import { ROLES, type Grant, type Principal } from '../../domain/access/policy.ts';
import { DomainError, assertNoIssues } from '../../domain/errors.ts';
import { conflictOnUniqueViolation } from '../db-errors.ts';
import type { Db } from '../strategy/document.repo.ts';
import { hashPassword, passwordIssues } from './passwords.ts';

export interface GrantDto extends Grant {
  id: string;
  unitName: string | null;
}

/** A member of staff who signs in. Never a newcomer: Samspel keeps no one's name but its own users'. */
export interface UserDto {
  id: string;
  email: string;
  displayName: string;
  instanceAdmin: boolean;
  demo: boolean;
  disabled: boolean;
  /** Signs in through the organisation's identity provider rather than with a password. */
  singleSignOn: boolean;
  hasPassword: boolean;
  lastLoginAt: string | null;
  lockVersion: number;
  grants: GrantDto[];
}

export interface NewUser {
  email: string;
  displayName: string;
  password?: string | undefined;
  instanceAdmin?: boolean;
  demo?: boolean;
  oidc?: { issuer: string; subject: string };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUser(db: Db, input: NewUser): Promise<UserDto> {
  const email = normaliseEmail(input.email);
  if (input.password !== undefined) assertNoIssues(passwordIssues(input.password, email), 'The password is not acceptable');
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const row = await conflictOnUniqueViolation(
    () =>
      db
        .insertInto('app_user')
        .values({
          email,
          display_name: input.displayName.trim(),
          password_hash: passwordHash,
          instance_admin: input.instanceAdmin ?? false,
          demo: input.demo ?? false,
          oidc_issuer: input.oidc?.issuer ?? null,
          oidc_subject: input.oidc?.subject ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    `There is already an account for ${email}`,
  );
  return getUser(db, row.id);
}

export async function findUserIdByEmail(db: Db, email: string): Promise<string | null> {
  const row = await db.selectFrom('app_user').select('id').where('email', '=', normaliseEmail(email)).executeTakeFirst();
  return row?.id ?? null;
}

export async function getUser(db: Db, id: string): Promise<UserDto> {
  const row = await db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not_found', `There is no user with the id ${id}`, { details: { id } });
  const grants = await grantsOf(db, [id]);
  return present(row, grants.get(id) ?? []);
}

/** The users with a role in a municipality, with their roles there only. */
export async function listUsers(db: Db, municipalityCode: string): Promise<UserDto[]> {
  const rows = await db
    .selectFrom('app_user')
    .selectAll()
    .where('id', 'in', db.selectFrom('role_grant').select('user_id').where('municipality_code', '=', municipalityCode))
    .orderBy('display_name')
    .orderBy('email')
    .execute();
  const grants = await grantsOf(db, rows.map((r) => r.id));
  return rows.map((r) => present(r, (grants.get(r.id) ?? []).filter((g) => g.municipalityCode === municipalityCode)));
}

/** Every account of the instance with all its roles (`samspel user list`): instance administrators without a role too. */
/** Whether the installation has any account at all (a fresh server needs its first administrator). */
export async function hasAnyAccount(db: Db): Promise<boolean> {
  return (await db.selectFrom('app_user').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function listAllUsers(db: Db): Promise<UserDto[]> {
  const rows = await db.selectFrom('app_user').selectAll().orderBy('email').execute();
  const grants = await grantsOf(db, rows.map((r) => r.id));
  return rows.map((r) => present(r, grants.get(r.id) ?? []));
}

export async function setPassword(db: Db, userId: string, password: string): Promise<void> {
  const user = await getUser(db, userId);
  assertNoIssues(passwordIssues(password, user.email), 'The password is not acceptable');
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('app_user').set({ password_hash: passwordHash, updated_at: sql`now()`, lock_version: sql`lock_version + 1` }).where('id', '=', userId).execute();
    // A new password ends every session: whoever knew the old one is signed out (ASVS 3.3.3).
    await trx.deleteFrom('user_session').where('user_id', '=', userId).execute();
  });
}

export async function setDisabled(db: Db, userId: string, disabled: boolean, expectedVersion: number): Promise<UserDto> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('app_user').select('lock_version').where('id', '=', userId).forUpdate().executeTakeFirst();
    if (!row) throw new DomainError('not_found', `There is no user with the id ${userId}`);
    if (row.lock_version !== expectedVersion) throw new DomainError('version_conflict', 'The account was changed by someone else; reload it', { details: { currentVersion: row.lock_version } });
    await trx.updateTable('app_user').set({ disabled, updated_at: sql`now()`, lock_version: sql`lock_version + 1` }).where('id', '=', userId).execute();
    if (disabled) {
      await trx.deleteFrom('user_session').where('user_id', '=', userId).execute();
      await trx.updateTable('api_token').set({ revoked_at: sql`now()` }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
    }
  });
  return getUser(db, userId);
}

/** Gives a user a role in a municipality, for the whole of it or for a unit and the units below. Idempotent. */
/**
 * Gives a role (nothing changes when the user has it). `source`: `local` for an administrator or the CLI,
 * `oidc` for the identity provider's role claim; a role given locally stays local, so a sign-in never
 * removes it, and a local grant of a role the provider also names makes it local.
 */
export async function grantRole(db: Db, userId: string, grant: Grant, source: 'local' | 'oidc' = 'local'): Promise<GrantDto> {
  if (!ROLES.includes(grant.role)) throw new DomainError('validation', `Unknown role ${grant.role}`, { issues: [{ path: '/role', message: `must be one of ${ROLES.join(', ')}` }] });
  await getUser(db, userId);
  const municipality = await db.selectFrom('municipality').select('code').where('code', '=', grant.municipalityCode).executeTakeFirst();
  if (!municipality) throw new DomainError('validation', `There is no municipality ${grant.municipalityCode}`, { issues: [{ path: '/municipalityCode', message: 'names no municipality' }] });
  if (grant.unitId) {
    const unit = await db.selectFrom('org_unit').select('id').where('id', '=', grant.unitId).where('municipality_code', '=', grant.municipalityCode).executeTakeFirst();
    if (!unit) throw new DomainError('validation', `The unit ${grant.unitId} is not in ${grant.municipalityCode}`, { issues: [{ path: '/unitId', message: 'names no unit of this municipality' }] });
  }
  const existing = await findGrant(db, userId, grant);
  if (existing) {
    if (source === 'local') await db.updateTable('role_grant').set({ source: 'local' }).where('id', '=', existing.id).where('source', '<>', 'local').execute();
    return existing;
  }
  await db.insertInto('role_grant').values({ user_id: userId, municipality_code: grant.municipalityCode, role: grant.role, unit_id: grant.unitId, source }).execute();
  return (await findGrant(db, userId, grant))!;
}

export async function revokeGrant(db: Db, municipalityCode: string, grantId: string): Promise<void> {
  const gone = await db.deleteFrom('role_grant').where('id', '=', grantId).where('municipality_code', '=', municipalityCode).executeTakeFirst();
  if (Number(gone.numDeletedRows) === 0) throw new DomainError('not_found', `There is no role ${grantId} in ${municipalityCode}`);
}

async function findGrant(db: Db, userId: string, grant: Grant): Promise<GrantDto | undefined> {
  const all = (await grantsOf(db, [userId])).get(userId) ?? [];
  return all.find((g) => g.municipalityCode === grant.municipalityCode && g.role === grant.role && g.unitId === grant.unitId);
}

async function grantsOf(db: Db, userIds: string[]): Promise<Map<string, GrantDto[]>> {
  const out = new Map<string, GrantDto[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom('role_grant as g')
    .leftJoin('org_unit as u', 'u.id', 'g.unit_id')
    .select(['g.id', 'g.user_id', 'g.municipality_code', 'g.role', 'g.unit_id', 'u.name as unit_name'])
    .where('g.user_id', 'in', userIds)
    .orderBy('g.municipality_code')
    .orderBy('g.created_at')
    .execute();
  for (const r of rows) {
    const list = out.get(r.user_id) ?? [];
    list.push({ id: r.id, municipalityCode: r.municipality_code, role: r.role, unitId: r.unit_id, unitName: r.unit_name ?? null });
    out.set(r.user_id, list);
  }
  return out;
}

type UserRow = { id: string; email: string; display_name: string; password_hash: string | null; oidc_issuer: string | null; instance_admin: boolean; demo: boolean; disabled: boolean; last_login_at: Date | null; lock_version: number };

function present(r: UserRow, grants: GrantDto[]): UserDto {
  return {
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    instanceAdmin: r.instance_admin,
    demo: r.demo,
    disabled: r.disabled,
    singleSignOn: r.oidc_issuer !== null,
    hasPassword: r.password_hash !== null,
    lastLoginAt: r.last_login_at ? new Date(r.last_login_at).toISOString() : null,
    lockVersion: r.lock_version,
    grants,
  };
}

/** Who a user is for the access policy, or null when the account is gone or disabled. */
export async function principalOf(db: Db, userId: string, scope: 'read' | 'write'): Promise<(Principal & { kind: 'user' }) | null> {
  // Asked before the request is confined to a tenant: the roles in every municipality count.
  return withAllTenants(() => loadPrincipal(db, userId, scope));
}

async function loadPrincipal(db: Db, userId: string, scope: 'read' | 'write'): Promise<(Principal & { kind: 'user' }) | null> {
  const row = await db.selectFrom('app_user').select(['id', 'instance_admin', 'disabled']).where('id', '=', userId).executeTakeFirst();
  if (!row || row.disabled) return null;
  const grants = await db.selectFrom('role_grant').select(['municipality_code', 'role', 'unit_id']).where('user_id', '=', userId).execute();
  return {
    kind: 'user',
    userId,
    instanceAdmin: row.instance_admin,
    scope,
    grants: grants.map((g) => ({ municipalityCode: g.municipality_code, role: g.role, unitId: g.unit_id })),
  };
}

/** Whether any instance administrator exists: the first one is made with `samspel user create --instance-admin`. */
export async function hasInstanceAdmin(db: Db): Promise<boolean> {
  return (await db.selectFrom('app_user').select('id').where('instance_admin', '=', true).where('disabled', '=', false).executeTakeFirst()) !== undefined;
}
