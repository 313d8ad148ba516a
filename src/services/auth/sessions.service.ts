import { sql } from 'kysely';
import { currentAuditContext, withAllTenants } from '../../db/audit-context.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Db } from '../strategy/document.repo.ts';
import { normaliseEmail } from './accounts.service.ts';
import { verifyPassword } from './passwords.ts';
import { hashSecret, newSecret } from './secrets.ts';

/** How long a session lives: ended after `idleMinutes` without a request, and after `absoluteHours` whatever happens (ASVS 3.3). */
export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 30, absoluteHours: 12 };

/**
 * Failed sign-ins allowed within the window before further attempts are refused (ASVS 2.2.1): per
 * account, so one account cannot be guessed at, and per address, so many accounts cannot be tried
 * from one place. Counted in the database, so every app instance counts the same attempts.
 */
export interface LoginThrottle {
  perAccount: number;
  perAddress: number;
  windowMinutes: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottle = { perAccount: 5, perAddress: 50, windowMinutes: 15 };

export interface NewSession {
  /** The cookie's value; only its hash is stored. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
  userId: string;
}

export async function createSession(db: Db, userId: string, via: 'password' | 'oidc' | 'demo', policy: SessionPolicy = DEFAULT_SESSION_POLICY): Promise<NewSession> {
  const token = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(Date.now() + policy.absoluteHours * 3600_000);
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('user_session').values({ token_hash: hashSecret(token), user_id: userId, csrf_token: csrfToken, via, expires_at: expiresAt }).execute();
    await trx.updateTable('app_user').set({ last_login_at: sql`now()` }).where('id', '=', userId).execute();
  });
  return { token, csrfToken, expiresAt, userId };
}

/** Signs in with an address and a password, or says why not: the same words whether the address or the password was wrong. */
export async function loginWithPassword(
  db: Db,
  input: { email: string; password: string; address: string },
  opts: { policy?: SessionPolicy; throttle?: LoginThrottle } = {},
): Promise<NewSession> {
  const throttle = opts.throttle ?? DEFAULT_LOGIN_THROTTLE;
  const email = normaliseEmail(input.email);
  const accountKey = `account:${email}`;
  const addressKey = `address:${input.address}`;
  const since = new Date(Date.now() - throttle.windowMinutes * 60_000);
  const counts = await db
    .selectFrom('login_attempt')
    .select(['key', (eb) => eb.fn.countAll<string>().as('n')])
    .where('key', 'in', [accountKey, addressKey])
    .where('at', '>', since)
    .groupBy('key')
    .execute();
  const count = (k: string) => Number(counts.find((c) => c.key === k)?.n ?? 0);
  if (count(accountKey) >= throttle.perAccount || count(addressKey) >= throttle.perAddress) {
    throw new DomainError('too_many_requests', `Too many failed sign-ins; try again in ${throttle.windowMinutes} minutes`, { details: { retryAfterSeconds: throttle.windowMinutes * 60 } });
  }
  const user = await db.selectFrom('app_user').select(['id', 'password_hash', 'disabled']).where('email', '=', email).executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!ok || !user || user.disabled) {
    await db.insertInto('login_attempt').values([{ key: accountKey }, { key: addressKey }]).execute();
    throw new DomainError('unauthenticated', 'The e-mail address or the password is wrong');
  }
  await db.deleteFrom('login_attempt').where('key', '=', accountKey).execute();
  // From here on the request acts as the person who signed in (the audit log's "who" of the session's start).
  const ctx = currentAuditContext();
  if (ctx) ctx.actor = `user:${user.id}`;
  return createSession(db, user.id, 'password', opts.policy);
}

export interface ActiveSession {
  userId: string;
  csrfToken: string;
  tokenHash: string;
}

/** The session a cookie names, when it has not expired (idle or absolute); an expired one is deleted. */
export async function resolveSession(db: Db, token: string, policy: SessionPolicy = DEFAULT_SESSION_POLICY): Promise<ActiveSession | null> {
  return withAllTenants(async () => {
    const tokenHash = hashSecret(token);
    const row = await db.selectFrom('user_session').select(['user_id', 'csrf_token', 'last_seen_at', 'expires_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
    if (!row) return null;
    const now = Date.now();
    const lastSeen = new Date(row.last_seen_at).getTime();
    if (new Date(row.expires_at).getTime() <= now || lastSeen + policy.idleMinutes * 60_000 <= now) {
      await db.deleteFrom('user_session').where('token_hash', '=', tokenHash).execute();
      return null;
    }
    // Written at most once a minute: a page that asks ten things at once costs one write, not ten.
    if (now - lastSeen > 60_000) await db.updateTable('user_session').set({ last_seen_at: sql`now()` }).where('token_hash', '=', tokenHash).execute();
    return { userId: row.user_id, csrfToken: row.csrf_token, tokenHash };
  });
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('user_session').where('token_hash', '=', hashSecret(token)).execute();
}

/** Deletes expired sessions, old failed sign-ins and abandoned single sign-on flows. */
export async function purgeAuthState(db: Db, policy: SessionPolicy = DEFAULT_SESSION_POLICY, throttle: LoginThrottle = DEFAULT_LOGIN_THROTTLE): Promise<void> {
  const idleCutoff = new Date(Date.now() - policy.idleMinutes * 60_000);
  await db.deleteFrom('user_session').where((eb) => eb.or([eb('expires_at', '<=', new Date()), eb('last_seen_at', '<=', idleCutoff)])).execute();
  await db.deleteFrom('login_attempt').where('at', '<', new Date(Date.now() - throttle.windowMinutes * 60_000)).execute();
  await db.deleteFrom('oidc_flow').where('created_at', '<', new Date(Date.now() - 15 * 60_000)).execute();
}

