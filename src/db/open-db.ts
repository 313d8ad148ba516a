import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { applyAuditContext } from './audit-context.ts';
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
}

export type DbOptions =
  | { kind: 'postgres'; url: string; poolSize?: number; schema?: string }
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
      ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, onReserveConnection: applyAuditContext }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
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
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, onReserveConnection: applyAuditContext }) });
    return {
      db,
      kind: 'pglite',
      pglite,
      close: async () => {
        await db.destroy();
        await pglite.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
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
