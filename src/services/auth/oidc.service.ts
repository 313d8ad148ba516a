import { sql } from 'kysely';
import { currentAuditContext, withAuditContext } from '../../db/audit-context.ts';
import { ROLES, type Grant, type Role } from '../../domain/access/policy.ts';
import { DomainError } from '../../domain/errors.ts';
import { inTransaction } from '../db-errors.ts';
import type { Db } from '../strategy/document.repo.ts';
import { createUser, grantRole, normaliseEmail } from './accounts.service.ts';
import { hashSecret } from './secrets.ts';

/**
 * Single sign-on through OpenID Connect, the parts without HTTP: the flows in progress (state, nonce
 * and PKCE verifier, kept on the server and used once) and turning a provider's claims into one of
 * our users. Decisions: docs/decisions/007-single-sign-on.md.
 */

/** A flow lives this long between the redirect to the provider and the callback; purgeAuthState deletes older ones. */
export const OIDC_FLOW_MINUTES = 15;

export interface OidcFlow {
  codeVerifier: string;
  nonce: string;
  returnTo: string;
}

/** Remembers a sign-in in progress under the SHA-256 of its state: a copy of the table cannot finish anyone's sign-in. */
export async function startOidcFlow(db: Db, state: string, flow: OidcFlow): Promise<void> {
  await db.insertInto('oidc_flow').values({ state_hash: hashSecret(state), code_verifier: flow.codeVerifier, nonce: flow.nonce, return_to: flow.returnTo }).execute();
}

/** The flow a state names, deleted in the same statement so it can be used once only; null when unknown, used or older than 15 minutes. */
export async function takeOidcFlow(db: Db, state: string): Promise<OidcFlow | null> {
  const row = await db.deleteFrom('oidc_flow').where('state_hash', '=', hashSecret(state)).returning(['code_verifier', 'nonce', 'return_to', 'created_at']).executeTakeFirst();
  if (!row || new Date(row.created_at).getTime() <= Date.now() - OIDC_FLOW_MINUTES * 60_000) return null;
  return { codeVerifier: row.code_verifier, nonce: row.nonce, returnTo: row.return_to };
}

/** Where a sign-in may send the browser back to: a path on this site ("/m/0138"), never another site ("//evil.example", "https://…", "/\\evil.example"). */
export function safeReturnTo(value: string | undefined | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.length > 2000) return '/';
  // Browsers read a backslash as a slash, and drop tabs and newlines from URLs: "/\evil.example" and "/\t/evil.example" lead away.
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return '/';
  return value;
}

/** The claims of a verified ID token, with the UserInfo response's claims added. */
export type OidcClaims = { sub: string } & Record<string, unknown>;

export interface OidcSignIn {
  userId: string;
  /** found: by issuer and subject; linked: an existing account with the same verified e-mail address; created: a new account. */
  how: 'found' | 'linked' | 'created';
  /** The roles the role claim names that the user has now (granted now or before). */
  roles: Grant[];
  /** Entries of the role claim that were not used, and why (for the log). */
  ignored: Array<{ value: string; reason: string }>;
  /** Roles the provider had named before and no longer does: removed (roles given locally are never). */
  removed: Grant[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The user a provider's claims stand for, made or linked when needed, with the roles the role claim
 * names added. Refused when the account is disabled. Only e-mail, name and subject are kept of the
 * claims; the provider's tokens are not kept at all.
 */
export async function signInWithClaims(db: Db, issuer: string, claims: OidcClaims, roleClaim?: string): Promise<OidcSignIn> {
  if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 255) throw new DomainError('unauthenticated', 'The identity provider sent no subject (sub) for the user');
  // The changes are written to the audit log as made by single sign-on from this issuer (the user is not
  // signed in yet), and may touch any municipality the role claim names.
  const ctx = currentAuditContext();
  const result = await withAuditContext({ ...ctx, actor: `oidc:${issuer}`, tenant: '*' }, () =>
    inTransaction(db, async (trx): Promise<OidcSignIn> => {
      const { userId, how } = await findOrMakeUser(trx, issuer, claims);
      const { roles, ignored } = roleClaim ? await grantClaimedRoles(trx, userId, claims[roleClaim]) : { roles: [], ignored: [] };
      // The provider's roles follow the provider: one it no longer names goes (only with a role claim configured).
      const removed = roleClaim ? await removeUnclaimedRoles(trx, userId, roles) : [];
      return { userId, how, roles, ignored, removed };
    }),
  );
  // From here on the request acts as the person who signed in (the audit log's "who" of the session's start).
  if (ctx) ctx.actor = `user:${result.userId}`;
  return result;
}

async function findOrMakeUser(db: Db, issuer: string, claims: OidcClaims): Promise<{ userId: string; how: OidcSignIn['how'] }> {
  const refuseDisabled = (u: { disabled: boolean }) => {
    if (u.disabled) throw new DomainError('forbidden', 'This account is disabled; ask an administrator', { details: { reason: 'disabled' } });
  };
  const linked = await db.selectFrom('app_user').select(['id', 'disabled']).where('oidc_issuer', '=', issuer).where('oidc_subject', '=', claims.sub).executeTakeFirst();
  if (linked) {
    refuseDisabled(linked);
    return { userId: linked.id, how: 'found' };
  }
  const email = typeof claims.email === 'string' ? normaliseEmail(claims.email) : '';
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) {
    throw new DomainError('unauthenticated', 'The identity provider sent no usable e-mail address for the user, so no account can be made', { details: { reason: 'email' } });
  }
  const sameEmail = await db.selectFrom('app_user').select(['id', 'disabled', 'oidc_issuer']).where('email', '=', email).executeTakeFirst();
  if (sameEmail) {
    // The address is only proof of being the same person when the provider says it has verified it, and
    // an account already linked to another identity keeps that link (no silent takeover).
    if (sameEmail.oidc_issuer !== null || claims.email_verified !== true) {
      throw new DomainError('conflict', `An account for ${email} already exists and cannot be linked to this sign-in (the address is not verified by the identity provider, or the account is linked to another identity); ask an administrator`, {
        details: { reason: 'email_taken' },
      });
    }
    refuseDisabled(sameEmail);
    await db.updateTable('app_user').set({ oidc_issuer: issuer, oidc_subject: claims.sub, updated_at: sql`now()`, lock_version: sql`lock_version + 1` }).where('id', '=', sameEmail.id).execute();
    return { userId: sameEmail.id, how: 'linked' };
  }
  const user = await createUser(db, { email, displayName: displayNameOf(claims, email), oidc: { issuer, subject: claims.sub } });
  return { userId: user.id, how: 'created' };
}

function displayNameOf(claims: OidcClaims, email: string): string {
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const name = str(claims.name) || [str(claims.given_name), str(claims.family_name)].filter(Boolean).join(' ') || email;
  return name.slice(0, 200);
}

/** Entries such as "0138:strategist" or "0138:reporter:<unit id>"; never an instance administrator, whatever the claim says. */
async function grantClaimedRoles(db: Db, userId: string, claim: unknown): Promise<{ roles: Grant[]; ignored: OidcSignIn['ignored'] }> {
  const roles: Grant[] = [];
  const ignored: OidcSignIn['ignored'] = [];
  if (claim === undefined || claim === null) return { roles, ignored };
  // A provider may send a claim with one value as a plain string.
  const entries: unknown[] = Array.isArray(claim) ? claim : [claim];
  for (const entry of entries) {
    if (typeof entry !== 'string') {
      ignored.push({ value: JSON.stringify(entry) ?? String(entry), reason: 'not a string' });
      continue;
    }
    const [code, role, unitId, ...rest] = entry.trim().split(':');
    if (!code || !/^\d{4}$/.test(code) || !role || rest.length > 0 || (unitId !== undefined && !UUID.test(unitId))) {
      ignored.push({ value: entry, reason: 'not <municipality code>:<role> or <municipality code>:<role>:<unit id>' });
      continue;
    }
    if (!(ROLES as readonly string[]).includes(role)) {
      ignored.push({ value: entry, reason: `unknown role (one of ${ROLES.join(', ')})` });
      continue;
    }
    const grant: Grant = { municipalityCode: code, role: role as Role, unitId: unitId?.toLowerCase() ?? null };
    try {
      await grantRole(db, userId, grant, 'oidc');
      roles.push(grant);
    } catch (e) {
      // An unknown municipality or unit: grantRole checks with plain reads before it writes anything.
      if (e instanceof DomainError && e.code === 'validation') ignored.push({ value: entry, reason: e.message });
      else throw e;
    }
  }
  return { roles, ignored };
}

/** Removes the roles the provider named at an earlier sign-in and does not name now; local roles stay. */
async function removeUnclaimedRoles(db: Db, userId: string, claimed: Grant[]): Promise<Grant[]> {
  const key = (g: Grant) => `${g.municipalityCode}|${g.role}|${g.unitId ?? ''}`;
  const keep = new Set(claimed.map(key));
  const fromProvider = await db.selectFrom('role_grant').select(['id', 'municipality_code', 'role', 'unit_id']).where('user_id', '=', userId).where('source', '=', 'oidc').execute();
  const gone = fromProvider
    .map((r) => ({ id: r.id, grant: { municipalityCode: r.municipality_code, role: r.role, unitId: r.unit_id } as Grant }))
    .filter((r) => !keep.has(key(r.grant)));
  if (gone.length > 0) await db.deleteFrom('role_grant').where('id', 'in', gone.map((r) => r.id)).execute();
  return gone.map((r) => r.grant);
}
