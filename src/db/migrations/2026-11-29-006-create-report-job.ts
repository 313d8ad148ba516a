import { sql, type Kysely } from 'kysely';

/**
 * Report jobs: a generated document (the yearly follow-up, the action plan, a decision proposal) is
 * made in the background by whichever app process claims the job first (`for update skip locked`),
 * with its progress in the row, so the web app can show a bar from any instance. A running job holds
 * a lease (`locked_until`); a process that dies mid-job leaves it to be claimed again when the lease
 * runs out. The finished file is kept in the row until the job is deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table report_job (
      id uuid primary key default gen_random_uuid(),
      municipality_code char(4) not null references municipality(code) on delete cascade,
      kind text not null check (kind in ('follow-up', 'action-plan', 'proposal')),
      format text not null check (format in ('docx', 'pdf', 'xlsx')),
      lang text not null check (lang in ('sv', 'en')),
      params jsonb not null,
      status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
      progress integer not null default 0 check (progress between 0 and 100),
      stage text,
      attempts integer not null default 0,
      worker text,
      locked_until timestamptz,
      error jsonb,
      file_name text,
      content_type text,
      result bytea,
      result_size integer,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz,
      check ((status = 'done') = (result is not null))
    )`,
    sql`create index report_job_pending on report_job (created_at) where status in ('queued', 'running')`,
    sql`create index report_job_by_municipality on report_job (municipality_code, created_at desc)`,
  ];
  for (const s of statements) await s.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table report_job`.execute(db);
}
