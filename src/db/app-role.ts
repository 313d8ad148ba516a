import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * The database role the application works as (docs/decisions/009-app-role.md). Row-level security
 * (migration 008) is a wall only for a role that is neither a superuser nor BYPASSRLS; the owner of the
 * tables is such a role too, since the tables FORCE row-level security, but the owner may also change
 * the schema, switch the policies off, and rewrite the audit log. So the application connects as the
 * owner (which runs the migrations) and then does all of its work as a role with fewer rights: it may
 * read and write rows, may only append to the audit log, and may change no table, policy or function.
 */
export const DEFAULT_APP_ROLE = 'samspel_app';

/**
 * The rights taken back from the role's read-and-write on every table: the audit log only grows (nobody
 * rewrites history from the app); the migrations' own bookkeeping is read, and its lock row is locked even
 * when nothing is pending, so the app may check that the database is up to date.
 */
const NARROWER: Record<string, string> = {
  audit_log: 'update, delete',
  kysely_migration: 'insert, update, delete',
  kysely_migration_lock: 'insert, delete',
};

export class AppRoleError extends Error {}

/**
 * Creates the role when the server has none of that name (NOLOGIN: nobody signs in as it, the owner
 * switches to it), lets the connecting user switch to it, and gives it exactly the rights above on every
 * table and sequence of the current schema. Idempotent: run after every migration, so tables a new
 * migration adds are covered without each migration remembering to.
 */
export async function prepareAppRole(db: Kysely<Database>, role: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new AppRoleError(`DATABASE_APP_ROLE must be a plain lower-case role name, not "${role}"`);
  const id = sql.id(role);
  try {
    // Connected as the role itself (a login role with these rights, the migrations run by the owner
    // elsewhere): nothing to create or grant, only to check.
    const self = await effectiveRole(db);
    if (self.role === role) {
      if (self.superuser || self.bypassRls) throw bypassing(role);
      return;
    }
    // Test files create their schemas in parallel on one server: a role created by another between the
    // look and the create is fine.
    await sql`do $$ begin
        if not exists (select from pg_roles where rolname = ${sql.lit(role)}) then
          begin
            create role ${id} nologin nosuperuser nobypassrls nocreatedb nocreaterole noinherit;
          exception when duplicate_object or unique_violation then null;
          end;
        end if;
      end $$`.execute(db);
    const me = await sql<{ member: boolean; superuser: boolean; bypass: boolean }>`
      select pg_has_role(current_user, ${role}, 'member') as member,
             r.rolsuper as superuser, r.rolbypassrls as bypass
        from pg_roles r where r.rolname = ${role}`.execute(db);
    const found = me.rows[0];
    if (!found) throw new AppRoleError(`the role ${role} could not be created`);
    if (found.superuser || found.bypass) throw bypassing(role);
    if (!found.member) await sql`grant ${id} to current_user`.execute(db);

    // Read and write on every table and sequence of the schema, then the narrower rights above.
    const schema = sql.id((await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s);
    await sql`grant usage on schema ${schema} to ${id}`.execute(db);
    await sql`revoke all on all tables in schema ${schema} from ${id}`.execute(db);
    await sql`grant select, insert, update, delete on all tables in schema ${schema} to ${id}`.execute(db);
    await sql`grant usage, select, update on all sequences in schema ${schema} to ${id}`.execute(db);
    const present = await sql<{ name: string }>`
      select c.relname as name from pg_class c
       where c.relnamespace = current_schema()::regnamespace and c.relname in (${sql.join(Object.keys(NARROWER))})`.execute(db);
    for (const { name } of present.rows) await sql`revoke ${sql.raw(NARROWER[name]!)} on ${sql.id(name)} from ${id}`.execute(db);
  } catch (e) {
    if (e instanceof AppRoleError) throw e;
    const code = (e as { code?: string }).code;
    if (code === '42501') {
      throw new AppRoleError(
        `the database user cannot create or switch to the role ${role} (${(e as Error).message}). Create it once as an administrator: CREATE ROLE ${role} NOLOGIN; GRANT ${role} TO <the user in DATABASE_URL>;`,
      );
    }
    throw e;
  }
}

const bypassing = (role: string) =>
  new AppRoleError(`the role ${role} is a superuser or may bypass row-level security; Samspel refuses to work as it (ALTER ROLE ${role} NOSUPERUSER NOBYPASSRLS)`);

/** Who the application's queries run as, and whether row-level security holds for them (for /health and the tests). */
export async function effectiveRole(db: Kysely<Database>): Promise<{ role: string; superuser: boolean; bypassRls: boolean }> {
  const r = await sql<{ role: string; superuser: boolean; bypass: boolean }>`
    select current_user as role, rolsuper as superuser, rolbypassrls as bypass from pg_roles where rolname = current_user`.execute(db);
  const row = r.rows[0]!;
  return { role: row.role, superuser: row.superuser, bypassRls: row.bypass };
}
