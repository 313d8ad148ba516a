import { AsyncLocalStorage } from 'node:async_hooks';
import { CompiledQuery, type DatabaseConnection } from 'kysely';

/**
 * Who is changing data, and why, for the audit log (migration 007). The HTTP layer and the CLI run
 * their work inside a context; every time a database connection is taken for a query or a
 * transaction, the context is written into the connection's settings, where the audit trigger reads
 * it. A connection keeps the values it was given last, so they are only written when they change.
 */
export interface AuditContext {
  /** A user, a machine client, or a process such as "cli" or "demo". */
  actor: string;
  requestId?: string | null;
  /** Why the change is made (a decision, a correction), when the caller says. */
  reason?: string | null;
  /**
   * The municipality whose rows this work may see through row-level security (migration 008): a code,
   * '*' for the server's own work, '' for nothing yet. The HTTP layer starts every request at '' and
   * sets it once access is decided. Without a context at all (migrations, the worker, the CLI) it is '*'.
   */
  tenant?: string;
}

const storage = new AsyncLocalStorage<AuditContext>();
const lastSet = new WeakMap<DatabaseConnection, string>();
const NONE: AuditContext = { actor: '', tenant: '*' };

/** Runs fn with this audit context for every write it makes. */
export function withAuditContext<T>(ctx: AuditContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** Kysely's onReserveConnection: brings the connection's audit settings up to date with the context. */
export async function applyAuditContext(connection: DatabaseConnection): Promise<void> {
  const ctx = storage.getStore() ?? NONE;
  const wanted = JSON.stringify([ctx.actor, ctx.requestId ?? '', ctx.reason ?? '', ctx.tenant ?? '*']);
  if (lastSet.get(connection) === wanted) return;
  await connection.executeQuery(
    CompiledQuery.raw("select set_config('samspel.actor', $1, false), set_config('samspel.request_id', $2, false), set_config('samspel.reason', $3, false), set_config('samspel.tenant', $4, false)", [
      ctx.actor.slice(0, 200),
      (ctx.requestId ?? '').slice(0, 100),
      (ctx.reason ?? '').slice(0, 2000),
      ctx.tenant ?? '*',
    ]),
  );
  lastSet.set(connection, wanted);
}

/** The context of the work in progress, to be changed as a request learns more (who, which tenant). */
export function currentAuditContext(): AuditContext | undefined {
  return storage.getStore();
}

/**
 * Runs fn able to see every tenant's rows: for the look-ups that decide access (who is signed in, which
 * municipality a resource belongs to) before the request is confined to one tenant. Who and why stay.
 */
export function withAllTenants<T>(fn: () => T): T {
  const ctx = storage.getStore();
  return ctx ? storage.run({ ...ctx, tenant: '*' }, fn) : fn();
}
