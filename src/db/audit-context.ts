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
}

const storage = new AsyncLocalStorage<AuditContext>();
const lastSet = new WeakMap<DatabaseConnection, string>();
const NONE: AuditContext = { actor: '' };

/** Runs fn with this audit context for every write it makes. */
export function withAuditContext<T>(ctx: AuditContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** Kysely's onReserveConnection: brings the connection's audit settings up to date with the context. */
export async function applyAuditContext(connection: DatabaseConnection): Promise<void> {
  const ctx = storage.getStore() ?? NONE;
  const wanted = JSON.stringify([ctx.actor, ctx.requestId ?? '', ctx.reason ?? '']);
  if (lastSet.get(connection) === wanted) return;
  await connection.executeQuery(
    CompiledQuery.raw("select set_config('samspel.actor', $1, false), set_config('samspel.request_id', $2, false), set_config('samspel.reason', $3, false)", [
      ctx.actor.slice(0, 200),
      (ctx.requestId ?? '').slice(0, 100),
      (ctx.reason ?? '').slice(0, 2000),
    ]),
  );
  lastSet.set(connection, wanted);
}
