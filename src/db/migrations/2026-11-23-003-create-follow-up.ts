import { sql, type Kysely } from 'kysely';

/**
 * Follow-up: periods per municipality, indicator values by period × unit × sex × age band, and
 * the reports each unit gives for a period (activity follow-up, narrative assessments, history).
 * Values attach to the indicator of the document version that was in force for their period;
 * a series across versions joins on the document's key and the indicator's key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table period (
      id uuid primary key default gen_random_uuid(),
      municipality_code char(4) not null references municipality(code),
      key text not null,
      kind text not null check (kind in ('year','interim','tertial','quarter','month')),
      year integer not null check (year between 1900 and 2200),
      label text not null,
      start_date date not null,
      end_date date not null,
      status text not null default 'open' check (status in ('open','closed')),
      lock_version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (municipality_code, key),
      unique (municipality_code, id),
      check (end_date >= start_date)
    )`,
    sql`create table indicator_value (
      id uuid primary key default gen_random_uuid(),
      municipality_code char(4) not null,
      indicator_id uuid not null,
      period_id uuid not null,
      unit_id uuid,
      sex text not null check (sex in ('total','women','men')),
      age_band text not null default '',
      value numeric not null,
      numerator numeric,
      denominator numeric check (denominator is null or denominator <> 0),
      source text,
      status text not null default 'final' check (status in ('preliminary','final')),
      note text,
      series_break boolean not null default false,
      example boolean not null default false,
      lock_version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      foreign key (municipality_code, indicator_id) references indicator(municipality_code, id),
      foreign key (municipality_code, period_id) references period(municipality_code, id),
      foreign key (municipality_code, unit_id) references org_unit(municipality_code, id),
      check ((numerator is null) = (denominator is null))
    )`,
    // One value per indicator × period × unit (or the whole municipality) × sex × age band.
    sql`create unique index indicator_value_cell on indicator_value (indicator_id, period_id, coalesce(unit_id, '00000000-0000-0000-0000-000000000000'::uuid), sex, age_band)`,
    sql`create index indicator_value_by_period on indicator_value (municipality_code, period_id)`,
    sql`create table report (
      id uuid primary key default gen_random_uuid(),
      municipality_code char(4) not null,
      document_id uuid not null,
      unit_id uuid not null,
      period_id uuid not null,
      status text not null default 'draft' check (status in ('draft','submitted','approved','locked')),
      lock_version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (document_id, unit_id, period_id),
      unique (municipality_code, id),
      foreign key (municipality_code, document_id) references document(municipality_code, id),
      foreign key (municipality_code, unit_id) references org_unit(municipality_code, id),
      foreign key (municipality_code, period_id) references period(municipality_code, id)
    )`,
    sql`create table report_event (
      id uuid primary key default gen_random_uuid(),
      municipality_code char(4) not null,
      report_id uuid not null,
      action text not null check (action in ('create','submit','approve','lock','reopen','return')),
      from_status text,
      to_status text not null,
      actor text not null,
      reason text,
      at timestamptz not null default now(),
      foreign key (municipality_code, report_id) references report(municipality_code, id)
    )`,
    sql`create index report_event_by_report on report_event (report_id, at)`,
    sql`create table activity_follow_up (
      id uuid primary key default gen_random_uuid(),
      municipality_code char(4) not null,
      report_id uuid not null,
      activity_id uuid not null,
      status text not null check (status in ('planned','ongoing','done','postponed','cancelled')),
      progress integer not null check (progress between 0 and 100),
      comment text,
      evidence_url text,
      updated_at timestamptz not null default now(),
      unique (report_id, activity_id),
      foreign key (municipality_code, report_id) references report(municipality_code, id),
      foreign key (municipality_code, activity_id) references activity(municipality_code, id)
    )`,
    sql`create table goal_assessment (
      id uuid primary key default gen_random_uuid(),
      municipality_code char(4) not null,
      report_id uuid not null,
      goal_id uuid not null,
      assessment text not null check (assessment in ('fulfilled','partly_fulfilled','not_fulfilled','not_assessed')),
      text text,
      updated_at timestamptz not null default now(),
      unique (report_id, goal_id),
      foreign key (municipality_code, report_id) references report(municipality_code, id),
      foreign key (municipality_code, goal_id) references goal(municipality_code, id)
    )`,
  ];
  for (const s of statements) await s.execute(db);
}
