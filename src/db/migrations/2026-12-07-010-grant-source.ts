import { sql, type Kysely } from 'kysely';

/**
 * Where a role comes from (issue 13): `local` (given by an administrator or the command line) or `oidc`
 * (named by the identity provider's role claim at sign-in). The provider's roles follow the provider:
 * one it no longer names is removed at the next sign-in; a local role is never touched by a sign-in.
 * Every existing grant was given locally or by a sign-in that cannot be told apart now: they stay local.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table role_grant add column source text not null default 'local' check (source in ('local', 'oidc'))`.execute(db);
}
