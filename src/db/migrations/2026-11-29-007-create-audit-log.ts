import { sql, type Kysely } from 'kysely';

/**
 * The audit log: one append-only row per changed row of every table, written by the database itself
 * (a trigger), so no write can skip it, whichever code path makes it: the API, the CLI, an import.
 * Who and why come from the connection's settings `samspel.actor`, `samspel.request_id` and
 * `samspel.reason`, which the application sets for each request (src/db/audit-context.ts); what
 * changed is the row before and after, as JSON. An update that changes nothing leaves no row.
 * Rows cannot be updated, deleted or truncated. A restore of a backup sets `samspel.audit = off` for
 * its own transaction: restored rows are not changes.
 */
const AUDITED: Array<[table: string, key: string]> = [
  ['municipality', 'code'],
  ['org_unit', 'id'],
  ['document', 'id'],
  ['section', 'id'],
  ['definition', 'id'],
  ['area', 'id'],
  ['goal', 'id'],
  ['strategy', 'id'],
  ['indicator', 'id'],
  ['target', 'id'],
  ['activity', 'id'],
  ['activity_responsible', 'activity_id,position'],
  ['period', 'id'],
  ['indicator_value', 'id'],
  ['report', 'id'],
  ['report_event', 'id'],
  ['activity_follow_up', 'id'],
  ['goal_assessment', 'id'],
  ['consultation', 'id'],
  ['consultation_recipient', 'consultation_id,unit_id'],
  ['consultation_comment', 'id'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null default clock_timestamp(),
      municipality_code char(4),
      actor text not null,
      request_id text,
      reason text,
      entity text not null,
      entity_id text not null,
      action text not null check (action in ('insert', 'update', 'delete')),
      document_id uuid,
      before jsonb,
      after jsonb
    )`,
    sql`create index audit_log_by_entity on audit_log (entity, entity_id, id)`,
    sql`create index audit_log_by_document on audit_log (document_id, id) where document_id is not null`,
    sql`create index audit_log_by_municipality on audit_log (municipality_code, id)`,
    sql`create function audit_log_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'the audit log is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
      end $$`,
    sql`create trigger audit_log_no_update before update or delete on audit_log for each row execute function audit_log_append_only()`,
    sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_append_only()`,
    // tg_argv[0]: the key columns (comma-separated); tg_argv[1]: columns left out of before/after.
    sql`create function audit_row() returns trigger language plpgsql as $$
      declare
        j_old jsonb;
        j_new jsonb;
        rec jsonb;
        drop_cols text[] := string_to_array(coalesce(tg_argv[1], ''), ',');
        key_text text;
      begin
        if coalesce(current_setting('samspel.audit', true), '') = 'off' then
          return null;
        end if;
        if tg_op <> 'INSERT' then j_old := to_jsonb(old) - drop_cols; end if;
        if tg_op <> 'DELETE' then j_new := to_jsonb(new) - drop_cols; end if;
        if tg_op = 'UPDATE' and j_old = j_new then
          return null;
        end if;
        rec := coalesce(j_new, j_old);
        select string_agg(rec ->> k, ':' order by n) into key_text
          from unnest(string_to_array(tg_argv[0], ',')) with ordinality as u(k, n);
        insert into audit_log (municipality_code, actor, request_id, reason, entity, entity_id, action, document_id, before, after)
        values (
          coalesce(rec ->> 'municipality_code', case when tg_table_name = 'municipality' then rec ->> 'code' end),
          coalesce(nullif(current_setting('samspel.actor', true), ''), 'system'),
          nullif(current_setting('samspel.request_id', true), ''),
          nullif(current_setting('samspel.reason', true), ''),
          tg_table_name,
          key_text,
          lower(tg_op),
          case when tg_table_name = 'document' then (rec ->> 'id')::uuid else (rec ->> 'document_id')::uuid end,
          j_old,
          j_new
        );
        return null;
      end $$`,
  ];
  for (const s of statements) await s.execute(db);
  for (const [table, key] of AUDITED) {
    await sql.raw(`create trigger ${table}_audit after insert or update or delete on ${table} for each row execute function audit_row('${key}')`).execute(db);
  }
  // A report job is audited when it is asked for (who wanted which document); the worker's progress
  // and the generated file are not changes to anything.
  await sql.raw(`create trigger report_job_audit after insert on report_job for each row execute function audit_row('id', 'result')`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table] of AUDITED) await sql.raw(`drop trigger ${table}_audit on ${table}`).execute(db);
  await sql.raw('drop trigger report_job_audit on report_job').execute(db);
  await sql`drop function audit_row`.execute(db);
  await sql`drop table audit_log`.execute(db);
  await sql`drop function audit_log_append_only`.execute(db);
}
