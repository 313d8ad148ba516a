import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { migrateFor, openDb, type Db } from '../../src/db/open-db.ts';
import { buildApp, type App, type AppDeps } from '../../src/http/app.ts';
import { actAs, makeAdminToken } from './act-as.ts';

/** Which database the suite runs on: PGlite by default, the PostgreSQL server when DATABASE_URL is set (CI's second pass). */
export const TEST_DB_KIND: 'pglite' | 'postgres' = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/**
 * A fresh, migrated, empty database of its own: a copy of the migrated PGlite template, or a new
 * schema on the PostgreSQL server (dropped on close), so test files never see each other's rows.
 */
export async function createTestDb(opts: { owner?: boolean } = {}): Promise<Db & { schema?: string }> {
  const db = await openTestDb();
  // As the server does: everything after the migrations runs as the application's role, which
  // row-level security holds. `owner` keeps the connecting user, for the few tests of the migrations.
  if (!opts.owner) await db.enterAppRole();
  return db;
}

async function openTestDb(): Promise<Db & { schema?: string }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    // CI's pooler pass: the work through PgBouncer in transaction mode, the migrations past it.
    const pooled = process.env.DATABASE_POOLING === 'transaction';
    const opts = { kind: 'postgres', url, schema, poolSize: 5, pooling: pooled ? 'transaction' : 'session', ...(pooled ? { migrationUrl: process.env.DATABASE_MIGRATION_URL ?? '' } : {}) } as const;
    const db = await openDb(opts);
    await migrateFor(db, opts);
    const closeDb = db.close;
    return Object.assign(db, {
      schema,
      close: async () => {
        await closeDb();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      },
    });
  }
  const template = fs.readFileSync(inject('pgliteTemplate'));
  return openDb({ kind: 'pglite', dataDir: 'memory://', loadDataDir: new Blob([template]) });
}

export interface TestApp {
  app: App;
  db: Db;
  /** An instance administrator's API token, which `app.inject` sends unless a request has its own Authorization or says `anonymous`. */
  adminToken: string;
  close(): Promise<void>;
}

/**
 * The real application on a fresh test database, for `app.inject`. Requests are made as an instance
 * administrator (who may do everything) unless they carry their own Authorization header; the access
 * rules themselves are tested in test/security/.
 */
export async function createTestApp(opts: Partial<AppDeps> = {}): Promise<TestApp> {
  const db = await createTestDb();
  const app = await buildApp({ db: db.db, dbKind: db.kind, logLevel: 'silent', ...opts });
  await app.ready();
  const adminToken = await makeAdminToken(db.db);
  actAs(app, adminToken);
  return {
    app,
    db,
    adminToken,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

export { actAs, makeAdminToken } from './act-as.ts';
