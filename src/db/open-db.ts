import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { DEFAULT_APP_ROLE, prepareAppRole } from './app-role.ts';
import { sessionSettingsHook, TransactionSettingsDriver } from './audit-context.ts';
import { acquireDirectoryLock } from './lock.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type DbKind = 'pglite' | 'postgres';

export interface Db {
  db: Kysely<Database>;
  kind: DbKind;
  /** The PGlite instance, when embedded (for dumps in tests). */
  pglite?: PGlite;
  close(): Promise<void>;
  /**
   * From now on every query runs as the application's role (src/db/app-role.ts), which row-level
   * security holds; before, queries run as the connecting user (for the migrations). Prepares the role.
   */
  enterAppRole(role?: string): Promise<void>;
  /** The role queries run as now: null before enterAppRole. */
  readonly appRole: string | null;
}

export type DbOptions =
  | {
      kind: 'postgres';
      url: string;
      poolSize?: number;
      schema?: string;
      /**
       * 'transaction' when DATABASE_URL points at a pooler in transaction mode (PgBouncer's
       * pool_mode = transaction): who, why, tenant and role are then set per transaction, never per session.
       */
      pooling?: 'session' | 'transaction';
      /**
       * A direct connection (not through the pooler) for the migrations, which hold a session-level
       * advisory lock that a pooler in transaction mode would hand to another client. Needed with
       * pooling 'transaction'.
       */
      migrationUrl?: string;
    }
  | { kind: 'pglite'; dataDir: string; loadDataDir?: Blob | File; sharedBuffers?: string };

const DATE_OID = 1082;
const NUMERIC_OID = 1700;

/** Read `date` as 'YYYY-MM-DD' (never a local-midnight Date), the same on both databases. */
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => {
    if (oid === DATE_OID) return (v: string) => v;
    if (oid === NUMERIC_OID) return (v: string) => v;
    return (pg.types.getTypeParser as (oid: number, format?: string) => (v: string) => unknown)(oid, format);
  },
};

/**
 * Opens the database: a PostgreSQL server through a pool, or PGlite in a directory behind a lock file.
 * Both go through Kysely's PostgresDialect over a `pg` pool, so there is one code path for queries.
 */
export async function openDb(opts: DbOptions): Promise<Db> {
  if (opts.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
      types,
      // A pooler in transaction mode passes no startup options on: the search_path goes with every transaction instead.
      ...(opts.schema && opts.pooling !== 'transaction' ? { options: `-c search_path=${opts.schema}` } : {}),
    });
    const roleState = { role: null as string | null };
    const role = () => roleState.role;
    const dialect =
      opts.pooling === 'transaction'
        ? new (class extends PostgresDialect {
            override createDriver() {
              return new TransactionSettingsDriver(super.createDriver(), role, opts.schema ?? null);
            }
          })({ pool })
        : new PostgresDialect({ pool, onReserveConnection: sessionSettingsHook(role) });
    const db = new Kysely<Database>({ dialect });
    return withAppRole({ db, kind: 'postgres', close: () => db.destroy() }, roleState);
  }
  const inMemory = opts.dataDir.startsWith('memory://');
  const release = inMemory ? () => {} : acquireDirectoryLock(opts.dataDir);
  try {
    // PostgreSQL's default 128 MB of shared buffers is most of an embedded server's memory; a
    // municipality's data is a few MB (measured: bench/ and docs/decisions/004-pglite-memory.md).
    const options = {
      postgresqlconf: [`shared_buffers=${opts.sharedBuffers ?? '16MB'}`],
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    };
    const fresh = !inMemory && !fs.existsSync(path.join(opts.dataDir, 'PG_VERSION'));
    let pglite = new PGlite(opts.dataDir, options);
    await pglite.waitReady;
    if (fresh) {
      // initdb leaves the WebAssembly heap at about 800 MB; reopening returns it (measured 803 → 427 MB).
      await pglite.close();
      pglite = new PGlite(opts.dataDir, options);
      await pglite.waitReady;
    }
    const pool = new pg.Pool({ ...(createPgConfig(pglite) as pg.PoolConfig), types });
    const roleState = { role: null as string | null };
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, onReserveConnection: sessionSettingsHook(() => roleState.role) }) });
    return withAppRole({
      db,
      kind: 'pglite',
      pglite,
      close: async () => {
        await db.destroy();
        await pglite.close();
        release();
      },
    }, roleState);
  } catch (e) {
    release();
    throw e;
  }
}

function withAppRole(base: Omit<Db, 'enterAppRole' | 'appRole'>, state: { role: string | null }): Db {
  return {
    ...base,
    get appRole() {
      return state.role;
    },
    async enterAppRole(role = DEFAULT_APP_ROLE) {
      state.role = null;
      await prepareAppRole(base.db, role);
      state.role = role;
    },
  };
}

/**
 * Opens the database, applies pending migrations as the connecting user, and from then on works as
 * the application's role: what the CLI commands and the server use.
 */
export async function openMigrated(opts: DbOptions & { appRole?: string }): Promise<Db & { migration: string | null }> {
  const db = await openDb(opts);
  try {
    const migration = await migrateFor(db, opts);
    await db.enterAppRole(opts.appRole);
    return Object.assign(db, { migration });
  } catch (e) {
    await db.close();
    throw e;
  }
}

/**
 * Applies every pending migration to the database `db` was opened on: through `db` itself, or, behind a
 * pooler in transaction mode, through a short-lived direct connection (DbOptions.migrationUrl).
 */
export async function migrateFor(db: Db, opts: DbOptions): Promise<string | null> {
  if (opts.kind !== 'postgres') return migrate(db.db);
  const schema = opts.schema ? { schema: opts.schema } : {};
  if (opts.pooling !== 'transaction') return migrate(db.db, schema);
  if (!opts.migrationUrl) throw new Error('with DATABASE_POOLING=transaction, DATABASE_MIGRATION_URL must name a direct connection to PostgreSQL for the migrations (not through the pooler)');
  const direct = await openDb({ ...opts, url: opts.migrationUrl, pooling: 'session', poolSize: 1 });
  try {
    return await migrate(direct.db, schema);
  } finally {
    await direct.close();
  }
}

/** Applies every pending migration; returns the name of the newest applied one. */
export async function migrate(db: Kysely<Database>, opts: { schema?: string } = {}): Promise<string | null> {
  // With a schema per test file on one server, Kysely must look for its own tables in that schema only.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(opts.schema ? { migrationTableSchema: opts.schema } : {}) });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely looks for its own table by listing the tables of every schema on the server; when another
  // process drops a schema during that listing, PostgreSQL answers "schema … does not exist" for a schema
  // that is not ours (seen on a server shared by parallel test files). Nothing was migrated then: try again.
  for (let attempt = 1; error && attempt <= 3 && isVanishedSchema(error, opts.schema); attempt++) {
    await new Promise((r) => setTimeout(r, 50 * attempt));
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? String(error)}`);
  }
  return latestMigration(db);
}

function isVanishedSchema(error: unknown, ours: string | undefined): boolean {
  const m = /schema "([^"]+)" does not exist/.exec((error as Error)?.message ?? '');
  return m !== null && m[1] !== ours;
}

/** The newest applied migration's name, or null on an empty database. */
export async function latestMigration(db: Kysely<Database>): Promise<string | null> {
  const exists = await sql<{ t: string | null }>`select to_regclass('kysely_migration')::text as t`.execute(db);
  if (!exists.rows[0]?.t) return null;
  const r = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(db);
  return r.rows[0]?.name ?? null;
}
