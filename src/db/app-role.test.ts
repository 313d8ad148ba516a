import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/support/test-db.ts';
import { AppRoleError, effectiveRole, prepareAppRole } from './app-role.ts';

/** The role the application works as (docs/decisions/009-app-role.md), prepared by the owner of the tables. */
let t: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  t = await createTestDb({ owner: true });
});
afterAll(async () => {
  await t?.close();
});

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

describe('prepareAppRole', () => {
  it('refuses a role that bypasses row-level security, naming the fix', async () => {
    await sql`do $$ begin create role samspel_bypass_probe nologin bypassrls; exception when duplicate_object then null; end $$`.execute(t.db);
    const e = await refusal(prepareAppRole(t.db, 'samspel_bypass_probe'));
    expect(e).toBeInstanceOf(AppRoleError);
    expect((e as Error).message).toContain('ALTER ROLE samspel_bypass_probe NOSUPERUSER NOBYPASSRLS');
  });

  it('refuses a name that is not a plain role name, before any SQL', async () => {
    for (const name of ['Samspel', 'samspel-app', 'x; drop table document', '']) {
      const e = await refusal(prepareAppRole(t.db, name));
      expect(e, name).toBeInstanceOf(AppRoleError);
    }
    expect(await t.db.selectFrom('document').select('id').execute()).toEqual([]);
  });

  it('before: the owner works as itself; after enterAppRole: as samspel_app, and tables a later migration adds are granted at the next start', async () => {
    expect((await effectiveRole(t.db)).role).not.toBe('samspel_app');
    await sql`create table later_table (id int primary key)`.execute(t.db);
    await t.enterAppRole();
    expect(await effectiveRole(t.db)).toEqual({ role: 'samspel_app', superuser: false, bypassRls: false });
    await sql`insert into later_table values (1)`.execute(t.db);
    expect((await sql<{ id: number }>`select id from later_table`.execute(t.db)).rows).toEqual([{ id: 1 }]);
  });
});
