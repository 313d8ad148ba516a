import { sql, type Kysely } from 'kysely';

/**
 * The strategy model: municipality (tenant), organisation tree, steering documents and their content.
 * Every tenant table carries municipality_code, and foreign keys between tenant tables include it,
 * so the schema can later be distributed or protected by row-level security on that column.
 * Kept to SQL that both PostgreSQL 15 and PGlite (PostgreSQL 18) accept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table municipality (
      code char(4) primary key check (code ~ '^[0-9]{4}$'),
      name text not null check (length(name) between 1 and 200),
      lock_version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    sql`create table org_unit (
      id uuid primary key default gen_random_uuid(),
      municipality_code char(4) not null references municipality(code),
      name text not null,
      type text not null check (type in ('council','executive_board','committee','administration','unit','group','company','other')),
      parent_id uuid,
      lock_version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (municipality_code, name),
      unique (municipality_code, id),
      foreign key (municipality_code, parent_id) references org_unit(municipality_code, id)
    )`,
    sql`create table document (
      id uuid primary key default gen_random_uuid(),
      municipality_code char(4) not null references municipality(code),
      key text not null,
      version integer not null check (version >= 1),
      type text not null check (type in ('strategy','policy','plan','action_plan','programme','guideline')),
      type_label text,
      title text not null,
      subtitle text,
      status text not null check (status in ('draft','consultation','adopted','superseded','expired')),
      applies_to text,
      adopted_by_body text,
      adopted_by_paragraph text,
      decision_date date,
      case_number text,
      owner text,
      valid_from date,
      valid_until date,
      valid_indefinitely boolean not null default false,
      implements_key text,
      goal_levels jsonb not null default '["Mål"]',
      note text,
      lock_version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (municipality_code, key, version),
      unique (municipality_code, id),
      check (valid_until is null or valid_from is null or valid_until >= valid_from)
    )`,
    // At most one version of a series is open for editing (draft or out for consultation).
    sql`create unique index document_one_open_version on document (municipality_code, key) where status in ('draft','consultation')`,
    sql`create index document_by_status on document (municipality_code, status)`,
  ];
  const content = (name: string, columns: string, extra = '') =>
    sql.raw(`create table ${name} (
      id uuid primary key default gen_random_uuid(),
      municipality_code char(4) not null,
      document_id uuid not null,
      key text not null,
      position integer not null,
      ${columns},
      lock_version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (document_id, key),
      unique (municipality_code, id),
      foreign key (municipality_code, document_id) references document(municipality_code, id) on delete cascade
      ${extra}
    )`);
  statements.push(
    content('section', `kind text not null check (kind in ('vision','purpose','background','target_groups','scope','implementation','follow_up','other')), title text, body text not null`),
    content('definition', `term text not null, text text not null, note text`),
    content('area', `name text not null, description text`),
    content(
      'goal',
      `area_id uuid, parent_id uuid, level integer not null check (level between 1 and 6), title text not null, description text, owner_unit_id uuid`,
      `, foreign key (municipality_code, area_id) references area(municipality_code, id),
        foreign key (municipality_code, parent_id) references goal(municipality_code, id),
        foreign key (municipality_code, owner_unit_id) references org_unit(municipality_code, id)`,
    ),
    content(
      'strategy',
      `area_id uuid, goal_id uuid, text text not null`,
      `, foreign key (municipality_code, area_id) references area(municipality_code, id),
        foreign key (municipality_code, goal_id) references goal(municipality_code, id)`,
    ),
    content(
      'indicator',
      `area_id uuid, goal_id uuid, name text not null, definition text,
       unit text not null check (unit in ('count','percent','per_1000','sek','sek_per_inhabitant','ratio','index','other')),
       source_kind text not null check (source_kind in ('kolada','scb','own','other')), source_ref text,
       sexes jsonb not null, age_bands jsonb not null, population text,
       frequency text not null check (frequency in ('yearly','interim','quarterly','monthly','once','irregular')),
       footnotes jsonb not null`,
      `, foreign key (municipality_code, area_id) references area(municipality_code, id),
        foreign key (municipality_code, goal_id) references goal(municipality_code, id)`,
    ),
    content(
      'target',
      `goal_id uuid not null, indicator_id uuid,
       comparator text not null check (comparator in ('at_least','at_most','equal','increase','decrease','at_least_relative','at_most_relative')),
       value numeric, target_year integer, recurrence text not null check (recurrence in ('once','yearly')),
       baseline_value numeric, baseline_year integer, reference_indicator_id uuid, age_band text,
       sex text check (sex in ('total','women','men')), statement text not null`,
      `, foreign key (municipality_code, goal_id) references goal(municipality_code, id),
        foreign key (municipality_code, indicator_id) references indicator(municipality_code, id),
        foreign key (municipality_code, reference_indicator_id) references indicator(municipality_code, id),
        check ((baseline_value is null) = (baseline_year is null))`,
    ),
    content(
      'activity',
      `area_id uuid, goal_id uuid, problem text, description text, responsible_text text, timeline_text text,
       start_date date, end_date date, follow_up_text text,
       status text not null check (status in ('planned','ongoing','done','postponed','cancelled'))`,
      `, foreign key (municipality_code, area_id) references area(municipality_code, id),
        foreign key (municipality_code, goal_id) references goal(municipality_code, id),
        check (end_date is null or start_date is null or end_date >= start_date)`,
    ),
    sql`create table activity_responsible (
      municipality_code char(4) not null,
      activity_id uuid not null,
      position integer not null,
      unit_id uuid,
      role text,
      lead boolean not null default false,
      primary key (activity_id, position),
      foreign key (municipality_code, activity_id) references activity(municipality_code, id) on delete cascade,
      foreign key (municipality_code, unit_id) references org_unit(municipality_code, id),
      check (unit_id is not null or role is not null)
    )`,
    sql`create index activity_responsible_by_unit on activity_responsible (unit_id)`,
    sql`create index goal_by_document on goal (document_id, position)`,
    sql`create index activity_by_document on activity (document_id, position)`,
  );
  for (const s of statements) await s.execute(db);
}
