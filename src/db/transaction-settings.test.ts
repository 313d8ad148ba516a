import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDriver, sql, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DB_KIND } from '../../test/support/test-db.ts';
import { TransactionSettingsDriver, withAuditContext } from './audit-context.ts';
import type { Database } from './schema.ts';

/**
 * Behind a pooler in transaction mode (DATABASE_POOLING=transaction) a server connection passes from
 * one client to another between transactions, so nothing a request sets may outlive its transaction.
 * These tests watch the server connection itself through a pool of one, which the driver shares.
 */
let t: Awaited<ReturnType<typeof createTestDb>>;
let pool: pg.Pool;
let k: Kysely<Database>;

beforeAll(async () => {
  t = await createTestDb();
  pool =
    TEST_DB_KIND === 'postgres'
      ? new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 })
      : new pg.Pool({ ...(createPgConfig(t.pglite!) as pg.PoolConfig), max: 1 });
  const driver = new TransactionSettingsDriver(new PostgresDriver({ pool }), () => 'samspel_app', t.schema ?? null);
  k = new Kysely<Database>({
    dialect: { createAdapter: () => new PostgresAdapter(), createDriver: () => driver, createIntrospector: (db) => new PostgresIntrospector(db), createQueryCompiler: () => new PostgresQueryCompiler() },
  });
  await withAuditContext({ actor: 'test', tenant: '*' }, () => k.insertInto('municipality').values([{ code: '0138', name: 'Tyresö' }, { code: '0360', name: 'Tierp' }]).execute());
});
afterAll(async () => {
  await k?.destroy();
  await t?.close();
});

/** What the server connection holds between transactions, read past the driver. */
async function sessionState() {
  const r = await pool.query<{ tenant: string | null; actor: string | null; who: string }>(
    "select current_setting('samspel.tenant', true) as tenant, current_setting('samspel.actor', true) as actor, current_user as who",
  );
  return r.rows[0]!;
}

describe('settings per transaction (a pooler in transaction mode)', () => {
  it('a statement runs with its request’s tenant, actor and role, and the connection keeps none of them', async () => {
    // (On PGlite the one session is shared with the test database's own connection, which set its own
    // values; what counts is that the statement leaves the session as it found it.)
    const before = await sessionState();
    const seen = await withAuditContext({ actor: 'user:a', tenant: '0138' }, () =>
      sql<{ tenant: string; actor: string; who: string; codes: string }>`select current_setting('samspel.tenant') as tenant, current_setting('samspel.actor') as actor, current_user as who, (select string_agg(code, ',' order by code) from municipality) as codes`.execute(k),
    );
    expect(seen.rows[0]).toEqual({ tenant: '0138', actor: 'user:a', who: 'samspel_app', codes: '0138' });
    const after = await sessionState();
    expect(after.who).not.toBe('samspel_app');
    expect(after.tenant).not.toBe('0138');
    expect(after.actor).not.toBe('user:a');
    expect(after).toEqual(before);
  });

  it('two requests of different municipalities, interleaved on one server connection, each see only their own', async () => {
    const codesFor = (tenant: string) =>
      withAuditContext({ actor: `user:${tenant}`, tenant }, async () => {
        const out: string[] = [];
        for (let i = 0; i < 20; i++) out.push(...(await k.selectFrom('municipality').select('code').execute()).map((m) => m.code));
        return [...new Set(out)];
      });
    const [a, b, none] = await Promise.all([codesFor('0138'), codesFor('0360'), codesFor('')]);
    expect(a).toEqual(['0138']);
    expect(b).toEqual(['0360']);
    expect(none).toEqual([]);
  });

  it('a transaction carries the settings from its first statement, and a failed statement leaves the connection usable with nothing written', async () => {
    const before = await sessionState();
    await withAuditContext({ actor: 'user:a', tenant: '0138' }, async () => {
      const inside = await k.transaction().execute(async (trx) => (await sql<{ tenant: string }>`select current_setting('samspel.tenant') as tenant`.execute(trx)).rows[0]!.tenant);
      expect(inside).toBe('0138');
      // Another municipality's row is refused by the wall, and the refusal is rolled back.
      const refused = await k
        .insertInto('municipality')
        .values({ code: '0481', name: 'Oxelösund' })
        .execute()
        .then(
          () => 'written',
          (e: Error) => e.message,
        );
      expect(refused).toMatch(/row-level security/);
    });
    expect(await sessionState()).toEqual(before);
    const all = await withAuditContext({ actor: 'test', tenant: '*' }, () => k.selectFrom('municipality').select('code').orderBy('code').execute());
    expect(all.map((m) => m.code)).toEqual(['0138', '0360']);
  });
});
