import { sql, type Kysely } from 'kysely';

/**
 * Accounts, roles per organisation unit, sessions, API tokens, login throttling and single sign-on
 * flows; and row-level security on every tenant table.
 *
 * - `app_user`: a member of staff who signs in (never a newcomer). Local accounts have an argon2id
 *   hash; single sign-on accounts are found by (issuer, subject).
 * - `role_grant`: a role in one municipality, for the whole municipality (unit_id null) or for a unit
 *   and the units below it (docs/methodology/access.md).
 * - `user_session`, `api_token`: only a SHA-256 of the secret is stored, so a copy of the database
 *   cannot be used to sign in.
 * - `login_attempt`: failed sign-ins, counted per account and per address across every app instance.
 * - `oidc_flow`: the state, nonce and PKCE verifier of a single sign-on in progress, used once.
 *
 * Row-level security: every table that carries a municipality is visible only for the tenant in the
 * connection setting `samspel.tenant` (one municipality code, or `*` for the server's own work such as
 * migrations, the report worker and the CLI), which the application sets per request
 * (src/db/audit-context.ts). FORCE makes it apply to the tables' owner too; superusers (and PGlite's
 * single user) bypass it, so it is a second wall wherever the app connects as an ordinary role.
 */
export const TENANT_TABLES: Array<[table: string, column: string]> = [
  ['municipality', 'code'],
  ['org_unit', 'municipality_code'],
  ['document', 'municipality_code'],
  ['section', 'municipality_code'],
  ['definition', 'municipality_code'],
  ['area', 'municipality_code'],
  ['goal', 'municipality_code'],
  ['strategy', 'municipality_code'],
  ['indicator', 'municipality_code'],
  ['target', 'municipality_code'],
  ['activity', 'municipality_code'],
  ['activity_responsible', 'municipality_code'],
  ['period', 'municipality_code'],
  ['indicator_value', 'municipality_code'],
  ['report', 'municipality_code'],
  ['report_event', 'municipality_code'],
  ['activity_follow_up', 'municipality_code'],
  ['goal_assessment', 'municipality_code'],
  ['consultation', 'municipality_code'],
  ['consultation_recipient', 'municipality_code'],
  ['consultation_comment', 'municipality_code'],
  ['report_job', 'municipality_code'],
  ['audit_log', 'municipality_code'],
  ['role_grant', 'municipality_code'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table app_user (
      id uuid primary key default gen_random_uuid(),
      email text not null check (email = lower(email) and length(email) between 3 and 254),
      display_name text not null check (length(display_name) between 1 and 200),
      password_hash text,
      oidc_issuer text,
      oidc_subject text,
      instance_admin boolean not null default false,
      demo boolean not null default false,
      disabled boolean not null default false,
      last_login_at timestamptz,
      lock_version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (email),
      unique (oidc_issuer, oidc_subject),
      check ((oidc_issuer is null) = (oidc_subject is null))
    )`,
    sql`create table role_grant (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user(id) on delete cascade,
      municipality_code char(4) not null references municipality(code) on delete cascade,
      role text not null check (role in ('administrator', 'strategist', 'reporter', 'reader')),
      unit_id uuid,
      created_at timestamptz not null default now(),
      foreign key (municipality_code, unit_id) references org_unit(municipality_code, id) on delete cascade
    )`,
    sql`create unique index role_grant_unique on role_grant (user_id, municipality_code, role, coalesce(unit_id, '00000000-0000-0000-0000-000000000000'::uuid))`,
    sql`create index role_grant_by_municipality on role_grant (municipality_code)`,
    sql`create table user_session (
      token_hash text primary key,
      user_id uuid not null references app_user(id) on delete cascade,
      csrf_token text not null,
      via text not null check (via in ('password', 'oidc', 'demo')),
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`,
    sql`create index user_session_by_user on user_session (user_id)`,
    sql`create index user_session_by_expiry on user_session (expires_at)`,
    sql`create table api_token (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user(id) on delete cascade,
      name text not null check (length(name) between 1 and 200),
      token_hash text not null unique,
      prefix text not null,
      scope text not null check (scope in ('read', 'write')),
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz,
      created_at timestamptz not null default now()
    )`,
    sql`create index api_token_by_user on api_token (user_id)`,
    sql`create table login_attempt (
      id bigint generated always as identity primary key,
      key text not null,
      at timestamptz not null default now()
    )`,
    sql`create index login_attempt_by_key on login_attempt (key, at)`,
    sql`create table oidc_flow (
      state_hash text primary key,
      code_verifier text not null,
      nonce text not null,
      return_to text not null,
      created_at timestamptz not null default now()
    )`,
    sql`create function samspel_tenant_visible(code text) returns boolean language sql stable as $$
      select coalesce(current_setting('samspel.tenant', true), '') = '*'
          or code = nullif(current_setting('samspel.tenant', true), '')
    $$`,
  ];
  for (const s of statements) await s.execute(db);
  // Changes to accounts and roles are audited like any other; the hash of a password never is.
  await sql.raw(`create trigger app_user_audit after insert or update or delete on app_user for each row execute function audit_row('id', 'password_hash,last_login_at')`).execute(db);
  await sql.raw(`create trigger role_grant_audit after insert or update or delete on role_grant for each row execute function audit_row('id')`).execute(db);
  // Signing in and out: the session's start and end are audited under the user's id (never its token).
  await sql.raw(`create trigger user_session_audit after insert or delete on user_session for each row execute function audit_row('user_id', 'token_hash,csrf_token,last_seen_at')`).execute(db);
  await sql.raw(`create trigger api_token_audit after insert or update or delete on api_token for each row execute function audit_row('id', 'token_hash,last_used_at')`).execute(db);
  for (const [table, column] of TENANT_TABLES) {
    await sql.raw(`alter table ${table} enable row level security`).execute(db);
    await sql.raw(`alter table ${table} force row level security`).execute(db);
    // The audit trigger writes rows about accounts (no municipality) during a tenant's request: rows
    // without a municipality may always be appended; rows with one only for the tenant in hand.
    const check = table === 'audit_log' ? `${column} is null or samspel_tenant_visible(${column})` : `samspel_tenant_visible(${column})`;
    await sql.raw(`create policy tenant_wall on ${table} using (samspel_tenant_visible(${column})) with check (${check})`).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table] of TENANT_TABLES) {
    await sql.raw(`drop policy tenant_wall on ${table}`).execute(db);
    await sql.raw(`alter table ${table} no force row level security`).execute(db);
    await sql.raw(`alter table ${table} disable row level security`).execute(db);
  }
  for (const t of ['oidc_flow', 'login_attempt', 'api_token', 'user_session', 'role_grant', 'app_user']) await sql.raw(`drop table ${t}`).execute(db);
  await sql`drop function samspel_tenant_visible`.execute(db);
}
