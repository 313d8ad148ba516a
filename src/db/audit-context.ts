import { AsyncLocalStorage } from 'node:async_hooks';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryCompiler, type QueryResult, type TransactionSettings } from 'kysely';

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

/**
 * The settings a piece of work runs with: who, why, which tenant, and the database role (src/db/app-role.ts)
 * that row-level security applies to; 'none' is the connecting user, only for the work before the app
 * role is prepared (migrations). The same list is written for a whole session (`isLocal` false) or for
 * one transaction (true).
 */
function settingsOf(role: string | null): Array<[name: string, value: string]> {
  const ctx = storage.getStore() ?? NONE;
  return [
    ['samspel.actor', ctx.actor.slice(0, 200)],
    ['samspel.request_id', (ctx.requestId ?? '').slice(0, 100)],
    ['samspel.reason', (ctx.reason ?? '').slice(0, 2000)],
    ['samspel.tenant', ctx.tenant ?? '*'],
    ['role', role ?? 'none'],
  ];
}

function setConfig(settings: Array<[string, string]>, isLocal: boolean): CompiledQuery {
  const calls = settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, ${isLocal})`).join(', ');
  return CompiledQuery.raw(`select ${calls}`, settings.flat());
}

/**
 * Kysely's onReserveConnection for a connection that is the application's own for as long as it holds
 * it (PGlite, or a PostgreSQL server reached directly or through a pooler in session mode): brings the
 * connection's settings up to date with the context. A connection keeps the values it was given last,
 * so they are only written when they change.
 */
export function sessionSettingsHook(role: () => string | null): (connection: DatabaseConnection) => Promise<void> {
  return async (connection) => {
    const settings = settingsOf(role());
    const wanted = JSON.stringify(settings);
    if (lastSet.get(connection) === wanted) return;
    await connection.executeQuery(setConfig(settings, false));
    lastSet.set(connection, wanted);
  };
}

/**
 * For a pooler in transaction mode (PgBouncer's `pool_mode = transaction`): the server connection
 * behind a client connection changes from one transaction to the next, so a session setting would
 * leak into another request's work, possibly another municipality's. Every statement therefore runs in
 * a transaction whose first statement sets who, why, tenant and role for that transaction only
 * (`set_config(…, true)`, `SET LOCAL ROLE`). Kysely has no hook at the start of a transaction, so this
 * wraps its PostgreSQL driver (written here: no library does this).
 */
export class TransactionSettingsDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly role: () => string | null,
    /** A search_path for every transaction (a pooler passes no startup options to the server). */
    private readonly searchPath: string | null = null,
  ) {}
  init() {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const extra: Array<[string, string]> = this.searchPath ? [['search_path', this.searchPath]] : [];
    return new TransactionSettingsConnection(await this.inner.acquireConnection(), () => setConfig([...settingsOf(this.role()), ...extra], true));
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const c = connection as TransactionSettingsConnection;
    await this.inner.beginTransaction(c.inner, settings);
    c.inTransaction = true;
    await c.inner.executeQuery(c.settings());
  }
  async commitTransaction(connection: DatabaseConnection) {
    const c = connection as TransactionSettingsConnection;
    try {
      await this.inner.commitTransaction(c.inner);
    } finally {
      c.inTransaction = false;
    }
  }
  async rollbackTransaction(connection: DatabaseConnection) {
    const c = connection as TransactionSettingsConnection;
    try {
      await this.inner.rollbackTransaction(c.inner);
    } finally {
      c.inTransaction = false;
    }
  }
  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.inner.savepoint!((connection as TransactionSettingsConnection).inner, name, compile);
  }
  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.inner.rollbackToSavepoint!((connection as TransactionSettingsConnection).inner, name, compile);
  }
  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.inner.releaseSavepoint!((connection as TransactionSettingsConnection).inner, name, compile);
  }
  releaseConnection(connection: DatabaseConnection) {
    return this.inner.releaseConnection((connection as TransactionSettingsConnection).inner);
  }
  destroy() {
    return this.inner.destroy();
  }
}

class TransactionSettingsConnection implements DatabaseConnection {
  inTransaction = false;
  constructor(
    readonly inner: DatabaseConnection,
    readonly settings: () => CompiledQuery,
  ) {}
  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction) return this.inner.executeQuery<R>(query);
    await this.inner.executeQuery(CompiledQuery.raw('begin'));
    try {
      await this.inner.executeQuery(this.settings());
      const result = await this.inner.executeQuery<R>(query);
      await this.inner.executeQuery(CompiledQuery.raw('commit'));
      return result;
    } catch (e) {
      await this.inner.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined);
      throw e;
    }
  }
  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    // A stream outside a transaction could not carry the settings; Samspel streams only inside one.
    if (!this.inTransaction) throw new Error('streamQuery outside a transaction is not supported behind a transaction pooler');
    return this.inner.streamQuery<R>(query, chunkSize);
  }
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
