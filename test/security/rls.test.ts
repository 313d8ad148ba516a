import { Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoIfEmpty } from '../../src/cli/commands/demo-load.ts';
import { withAuditContext } from '../../src/db/audit-context.ts';
import { openDb } from '../../src/db/open-db.ts';
import { TENANT_TABLES } from '../../src/db/migrations/2026-11-29-008-create-accounts.ts';
import type { Database } from '../../src/db/schema.ts';
import { effectiveRole } from '../../src/db/app-role.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { listMunicipalities } from '../../src/services/municipalities/municipalities.service.ts';
import { getDocument } from '../../src/services/strategy/documents.service.ts';
import { createTestDb, TEST_DB_KIND } from '../support/test-db.ts';

/**
 * Row-level security, the second wall between municipalities (migration 008,
 * docs/methodology/access.md#one-municipalitys-data-kept-from-anothers): connected as an ordinary
 * database role, without the application's own checks, a connection set to one municipality can
 * neither read nor write another's rows.
 *
 * The test database's own connection is a superuser, which passes through the wall, so the checks
 * run as the role `samspel_rls_test` (NOBYPASSRLS, with the rights the application needs): on the
 * PostgreSQL server a separate login as that role; on PGlite, whose one session is a superuser,
 * `SET LOCAL ROLE` inside a transaction (PGlite enforces row-level security for a role that is not
 * a superuser, as the server does).
 */
const ROLE = 'samspel_rls_test';
const A = '0138'; // Tyresö
const B = '0360'; // Tierp
let t: Awaited<ReturnType<typeof createTestDb>>;
let db: Kysely<Database>;
let schema: string;
/** As the superuser: rows per table and municipality (null for rows without one). */
const rowsOf = new Map<string, Map<string | null, number>>();
let roleClient: pg.Client | null = null;

type Query = (text: string, params?: unknown[]) => Promise<{ rows: Array<Record<string, unknown>>; rowCount: number }>;
class Rollback extends Error {}

/**
 * Runs fn as the ordinary role, with `samspel.tenant` set as given, in one transaction that is
 * rolled back afterwards (so a control write leaves nothing behind).
 */
async function asRole<T>(tenant: string, fn: (q: Query) => Promise<T>): Promise<T> {
  let out: T | undefined;
  if (TEST_DB_KIND === 'postgres') {
    const c = roleClient!;
    await c.query('begin');
    try {
      // Per transaction, as behind a pooler in transaction mode (which passes no startup options on).
      await c.query(`select set_config('samspel.tenant', $1, true), set_config('search_path', $2, true)`, [tenant, schema]);
      out = await fn(async (text, params) => {
        const r = await c.query(text, params);
        return { rows: r.rows, rowCount: r.rowCount ?? 0 };
      });
    } finally {
      await c.query('rollback');
    }
    return out;
  }
  const lite = t.pglite!;
  try {
    await lite.transaction(async (tx) => {
      await tx.query(`set local role ${ROLE}`);
      await tx.query(`select set_config('samspel.tenant', $1, true)`, [tenant]);
      out = await fn(async (text, params) => {
        const r = await tx.query<Record<string, unknown>>(text, params);
        return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
      });
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return out as T;
}

/** The error a statement run as the role fails with (each in its own transaction: a failed statement ends it). */
async function refusedAsRole(tenant: string, text: string, params?: unknown[]): Promise<string> {
  try {
    await asRole(tenant, (q) => q(text, params));
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`expected the statement to be refused: ${text}`);
}

const count = (table: string, code?: string | null) => {
  const m = rowsOf.get(table)!;
  if (code === undefined) return [...m.values()].reduce((a, b) => a + b, 0);
  return m.get(code) ?? 0;
};

beforeAll(async () => {
  // The connecting user (a superuser), to create the ordinary role and count every row past the wall.
  t = await createTestDb({ owner: true });
  db = t.db;
  schema = t.schema ?? 'public';
  // Four municipalities with documents, follow-up, a consultation, demo accounts and their audit trail.
  await loadDemoIfEmpty(db);
  // The demo data queues no report jobs: one for each of the two.
  for (const code of [A, B]) await db.insertInto('report_job').values({ municipality_code: code, kind: 'follow-up', format: 'pdf', lang: 'sv', params: JSON.stringify({}) }).execute();
  for (const [table, column] of TENANT_TABLES) {
    const r = await sql<{ code: string | null; n: string }>`select ${sql.ref(column)}::text as code, count(*) as n from ${sql.table(table)} group by 1`.execute(db);
    rowsOf.set(table, new Map(r.rows.map((x) => [x.code, Number(x.n)])));
  }

  // The role: may use the schema and read and write its tables, and is subject to row-level security.
  await sql.raw(`do $$ begin create role ${ROLE} ${TEST_DB_KIND === 'postgres' ? 'login' : 'nologin'} nobypassrls; exception when duplicate_object then null; end $$`).execute(db);
  await sql.raw(`grant usage on schema ${schema} to ${ROLE}`).execute(db);
  await sql.raw(`grant select, insert, update, delete on all tables in schema ${schema} to ${ROLE}`).execute(db);
  await sql.raw(`grant usage, select on all sequences in schema ${schema} to ${ROLE}`).execute(db);
  if (TEST_DB_KIND === 'postgres') {
    const url = new URL(process.env.DATABASE_URL!);
    url.username = ROLE;
    url.password = '';
    roleClient = new pg.Client({ connectionString: url.toString(), options: `-c search_path=${schema}` });
    await roleClient.connect();
  }
});
afterAll(async () => {
  await roleClient?.end();
  await t.close();
});

describe('the wall is in place', () => {
  it('every table that carries a municipality is in TENANT_TABLES, and the seed has rows of several municipalities in each', async () => {
    const r = await sql<{ table_name: string }>`
      select distinct table_name from information_schema.columns
      where table_schema = current_schema() and column_name = 'municipality_code' order by 1`.execute(db);
    const listed = new Set(TENANT_TABLES.map(([table]) => table));
    expect(r.rows.map((x) => x.table_name).filter((name) => !listed.has(name))).toEqual([]);
    expect(TENANT_TABLES).toContainEqual(['municipality', 'code']);
    // Each table has rows that one of the two tenants must not see (so the checks below are not vacuous).
    for (const [table] of TENANT_TABLES) expect(count(table) - count(table, A) > 0 || count(table) - count(table, B) > 0, table).toBe(true);
    expect(count('document', A)).toBeGreaterThan(0);
    expect(count('document', B)).toBeGreaterThan(0);
  });

  it('every tenant table has row-level security enabled and forced, with the tenant_wall policy on its municipality column', async () => {
    const r = await sql<{ table: string; enabled: boolean; forced: boolean; qual: string | null; with_check: string | null }>`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced, p.qual, p.with_check
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      left join pg_policies p on p.schemaname = n.nspname and p.tablename = c.relname and p.policyname = 'tenant_wall'
      where n.nspname = current_schema() and c.relkind = 'r'`.execute(db);
    const byTable = new Map(r.rows.map((x) => [x.table, x]));
    for (const [table, column] of TENANT_TABLES) {
      const p = byTable.get(table);
      expect(p, table).toMatchObject({ enabled: true, forced: true });
      expect(p!.qual, table).toMatch(new RegExp(`^samspel_tenant_visible\\(\\(?${column}\\)?(::text)?\\)$`));
      // The audit log takes rows without a municipality (about accounts) from anyone, and rows with one only
      // for the tenant in hand; every other table checks writes with the same rule as reads.
      if (table === 'audit_log') expect(p!.with_check).toMatch(/^\(\(municipality_code IS NULL\) OR samspel_tenant_visible\(\(?municipality_code\)?(::text)?\)\)$/);
      else expect(p!.with_check, table).toBe(p!.qual);
    }
  });

  it('samspel_tenant_visible shows one municipality, all of them for *, and none for an empty or a missing setting', async () => {
    const visible = async (setting: string | null, codes: Array<string | null>) =>
      db.transaction().execute(async (trx) => {
        if (setting !== null) await sql`select set_config('samspel.tenant', ${setting}, true)`.execute(trx);
        else await sql`set local samspel.tenant to default`.execute(trx);
        const out: boolean[] = [];
        // "is true": a policy shows a row only when its expression is true (false and null hide it alike).
        for (const code of codes) out.push((await sql<{ v: boolean }>`select samspel_tenant_visible(${code}::text) is true as v`.execute(trx)).rows[0]!.v);
        return out;
      });
    expect(await visible(A, [A, B, null])).toEqual([true, false, false]);
    expect(await visible('*', [A, B, null])).toEqual([true, true, true]);
    expect(await visible('', [A, B, ''])).toEqual([false, false, false]);
    expect(await visible(null, [A, B])).toEqual([false, false]);
    // A code is compared whole: not a prefix, not a pattern.
    expect(await visible('01', [A])).toEqual([false]);
    expect(await visible('%', [A])).toEqual([false]);
  });
});

describe(`row-level security alone, as the ordinary role ${ROLE}`, () => {
  it('is not a superuser and does not bypass row-level security', async () => {
    const r = await asRole(A, (q) => q(`select current_user as who, r.rolsuper as super, r.rolbypassrls as bypass from pg_roles r where r.rolname = current_user`));
    expect(r.rows).toEqual([{ who: ROLE, super: false, bypass: false }]);
  });

  for (const [tenant, other] of [
    [A, B],
    [B, A],
  ] as const) {
    it(`with the tenant ${tenant}, every tenant table shows all of ${tenant}'s rows and none of another municipality's`, async () => {
      await asRole(tenant, async (q) => {
        for (const [table, column] of TENANT_TABLES) {
          const r = await q(`select count(*)::int as total, count(*) filter (where ${column} = $1)::int as own, count(*) filter (where ${column} = $2)::int as other from ${table}`, [tenant, other]);
          expect(r.rows[0], table).toEqual({ total: count(table, tenant), own: count(table, tenant), other: 0 });
        }
      });
    });
  }

  it("with the tenant A, asking for B's rows by their code, id or a join finds nothing", async () => {
    const bDoc = await db.selectFrom('document').select('id').where('municipality_code', '=', B).executeTakeFirstOrThrow();
    await asRole(A, async (q) => {
      expect((await q(`select * from document where id = $1`, [bDoc.id])).rows).toEqual([]);
      expect((await q(`select count(*)::int as n from goal g join document d on d.id = g.document_id where d.municipality_code = $1`, [B])).rows).toEqual([{ n: 0 }]);
      expect((await q(`select code from municipality order by code`)).rows).toEqual([{ code: A }]);
    });
  });

  it("with the tenant A, B's rows cannot be changed or deleted: nothing happens to them", async () => {
    const before = await db.selectFrom('org_unit').select(['id', 'name']).where('municipality_code', '=', B).orderBy('id').execute();
    await asRole(A, async (q) => {
      expect((await q(`update org_unit set name = name || ' (ändrad)' where municipality_code = $1`, [B])).rowCount).toBe(0);
      expect((await q(`delete from indicator_value where municipality_code = $1`, [B])).rowCount).toBe(0);
      expect((await q(`update municipality set name = 'Övertagen' where code = $1`, [B])).rowCount).toBe(0);
      // The control: A's own rows can be changed (rolled back afterwards).
      expect((await q(`update org_unit set name = name || ' (ändrad)' where municipality_code = $1`, [A])).rowCount).toBe(count('org_unit', A));
    });
    expect(await db.selectFrom('org_unit').select(['id', 'name']).where('municipality_code', '=', B).orderBy('id').execute()).toEqual(before);
    expect(await db.selectFrom('indicator_value').select((eb) => eb.fn.countAll<string>().as('n')).where('municipality_code', '=', B).executeTakeFirstOrThrow()).toEqual({ n: String(count('indicator_value', B)) });
  });

  it("with the tenant A, a row with B's code cannot be written, neither new nor moved there", async () => {
    const rls = /row-level security/;
    expect(await refusedAsRole(A, `insert into org_unit (id, municipality_code, name, type) values (gen_random_uuid(), $1, 'Inskuggad enhet', 'unit')`, [B])).toMatch(rls);
    expect(await refusedAsRole(A, `insert into municipality (code, name) values ('9999', 'Ny kommun')`)).toMatch(rls);
    expect(await refusedAsRole(A, `insert into role_grant (user_id, municipality_code, role) select id, $1, 'administrator' from app_user limit 1`, [B])).toMatch(rls);
    expect(await refusedAsRole(A, `update report_job set municipality_code = $1 where municipality_code = $2`, [B, A])).toMatch(rls);
    // Nor can A's work forge a line in B's audit log; a line about an account (no municipality) it may add.
    const auditLine = `insert into audit_log (municipality_code, actor, entity, entity_id, action) values ($1, 'forger', 'goal', 'x', 'update')`;
    expect(await refusedAsRole(A, auditLine, [B])).toMatch(rls);
    expect((await asRole(A, (q) => q(auditLine, [null]))).rowCount).toBe(1);
    // The control: a row of A's own is accepted.
    const inserted = await asRole(A, (q) => q(`insert into org_unit (id, municipality_code, name, type) values (gen_random_uuid(), $1, 'Ny enhet', 'unit')`, [A]));
    expect(inserted.rowCount).toBe(1);
    expect(await db.selectFrom('org_unit').select('id').where('name', 'in', ['Inskuggad enhet', 'Ny enhet']).execute()).toEqual([]);
    expect(await db.selectFrom('municipality').select('code').where('code', '=', '9999').execute()).toEqual([]);
  });

  it("with the tenant '' (a request whose access is not decided yet) nothing is visible; with '*' everything is", async () => {
    await asRole('', async (q) => {
      for (const [table] of TENANT_TABLES) expect((await q(`select count(*)::int as n from ${table}`)).rows, table).toEqual([{ n: 0 }]);
    });
    await asRole('*', async (q) => {
      for (const [table] of TENANT_TABLES) expect((await q(`select count(*)::int as n from ${table}`)).rows, table).toEqual([{ n: count(table) }]);
    });
  });

  it("with no tenant setting at all, nothing is visible", async () => {
    await asRole('', async (q) => {
      await q(`set local samspel.tenant to default`);
      expect((await q(`select count(*)::int as n from document`)).rows).toEqual([{ n: 0 }]);
    });
  });
});

describe('a service read through the application’s own connection code, as the ordinary role', () => {
  /**
   * Runs a service function on a Kysely connected as the role, inside an audit context whose tenant
   * the connection code writes into the session (applyAuditContext), as for an HTTP request.
   */
  async function serviceAsRole<T>(tenant: string, fn: (k: Kysely<Database>) => Promise<T>): Promise<T> {
    if (TEST_DB_KIND === 'postgres') {
      const url = new URL(process.env.DATABASE_URL!);
      url.username = ROLE;
      url.password = '';
      // The application's own connection code (session or transaction settings, as DATABASE_POOLING says).
      const k = await openDb({ kind: 'postgres', url: url.toString(), schema, poolSize: 2, pooling: process.env.DATABASE_POOLING === 'transaction' ? 'transaction' : 'session' });
      try {
        return await withAuditContext({ actor: 'rls-test', tenant }, () => fn(k.db));
      } finally {
        await k.close();
      }
    }
    // PGlite: the test database's own Kysely (whose connection code applies the context), with the
    // role taken for one transaction.
    return withAuditContext({ actor: 'rls-test', tenant }, () =>
      db.transaction().execute(async (trx) => {
        await sql.raw(`set local role ${ROLE}`).execute(trx);
        return fn(trx);
      }),
    );
  }

  it("getDocument of B's document is not found for the tenant A, and found for B; the municipality list shows only the tenant's", async () => {
    const bDoc = await db.selectFrom('document').select(['id', 'title']).where('municipality_code', '=', B).executeTakeFirstOrThrow();
    const aDoc = await db.selectFrom('document').select('id').where('municipality_code', '=', A).executeTakeFirstOrThrow();
    const refused = await serviceAsRole(A, (k) => getDocument(k, bDoc.id)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('not_found');
    expect((await serviceAsRole(A, (k) => getDocument(k, aDoc.id))).municipalityCode).toBe(A);
    expect((await serviceAsRole(B, (k) => getDocument(k, bDoc.id))).title).toBe(bDoc.title);
    expect((await serviceAsRole(A, (k) => listMunicipalities(k))).map((m) => m.code)).toEqual([A]);
    expect((await serviceAsRole('*', (k) => listMunicipalities(k))).map((m) => m.code)).toEqual(['0138', '0360', '0481', '2380']);
  });
});

describe('the application’s own connection, as every test and the server use it', () => {
  let app: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => {
    app = await createTestDb();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('works as samspel_app, which is neither a superuser nor allowed to bypass row-level security', async () => {
    expect(app.appRole).toBe('samspel_app');
    expect(await effectiveRole(app.db)).toEqual({ role: 'samspel_app', superuser: false, bypassRls: false });
  });

  it("sees nothing of a municipality with the tenant '' or another municipality's code, and everything with '*'", async () => {
    await withAuditContext({ actor: 'rls-test', tenant: '*' }, () => app.db.insertInto('municipality').values({ code: '0138', name: 'Tyresö' }).execute());
    const count = (tenant: string) => withAuditContext({ actor: 'rls-test', tenant }, async () => (await app.db.selectFrom('municipality').select('code').execute()).length);
    expect(await count('')).toBe(0);
    expect(await count('0360')).toBe(0);
    expect(await count('0138')).toBe(1);
    expect(await count('*')).toBe(1);
  });

  it('may not change the schema, switch a policy off, or rewrite the audit log', async () => {
    const refused = (q: Promise<unknown>) => q.then(() => 'allowed', (e: Error) => e.message);
    await withAuditContext({ actor: 'rls-test', tenant: '*' }, async () => {
      expect(await refused(sql`create table intruder (id int)`.execute(app.db))).toMatch(/permission denied/);
      expect(await refused(sql`alter table document disable row level security`.execute(app.db))).toMatch(/must be owner/);
      expect(await refused(sql`drop policy tenant_wall on document`.execute(app.db))).toMatch(/must be owner/);
      expect(await refused(sql`update audit_log set actor = 'someone else'`.execute(app.db))).toMatch(/permission denied/);
      expect(await refused(sql`delete from audit_log`.execute(app.db))).toMatch(/permission denied/);
    });
  });
});
