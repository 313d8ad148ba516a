import { sql, type Kysely } from 'kysely';

/**
 * Consultation (remiss): a document version sent to chosen organisation units for comment before a
 * deadline, the units' comments on the whole or on single items (by the item's key, stable across
 * versions), their answers (remissvar), and the strategist's decision on each comment with a reply.
 * The author of a comment is a unit, with at most a role ("förvaltningschef"); never a person's name.
 * A consultation goes with its document version: deleting a draft deletes its consultations.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table consultation (
      id uuid primary key default gen_random_uuid(),
      municipality_code char(4) not null,
      document_id uuid not null,
      deadline date not null,
      message text,
      sent_at timestamptz not null default now(),
      closed_at timestamptz,
      lock_version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (municipality_code, id),
      foreign key (municipality_code, document_id) references document(municipality_code, id) on delete cascade
    )`,
    // At most one open consultation per document version.
    sql`create unique index consultation_one_open on consultation (document_id) where closed_at is null`,
    sql`create index consultation_by_document on consultation (document_id, sent_at)`,
    sql`create table consultation_recipient (
      municipality_code char(4) not null,
      consultation_id uuid not null,
      unit_id uuid not null,
      position integer not null,
      answered_at timestamptz,
      no_comments boolean not null default false,
      role text,
      primary key (consultation_id, unit_id),
      unique (municipality_code, consultation_id, unit_id),
      foreign key (municipality_code, consultation_id) references consultation(municipality_code, id) on delete cascade,
      foreign key (municipality_code, unit_id) references org_unit(municipality_code, id),
      check (answered_at is not null or (not no_comments and role is null))
    )`,
    sql`create table consultation_comment (
      id uuid primary key default gen_random_uuid(),
      seq bigint generated always as identity,
      municipality_code char(4) not null,
      consultation_id uuid not null,
      unit_id uuid not null,
      role text,
      target_kind text not null check (target_kind in ('document','sections','definitions','areas','goals','strategies','indicators','targets','activities')),
      target_key text,
      text text not null,
      created_at timestamptz not null default now(),
      decision text check (decision in ('accepted','partly_accepted','rejected')),
      reply text,
      decided_at timestamptz,
      lock_version integer not null default 1,
      updated_at timestamptz not null default now(),
      unique (municipality_code, id),
      -- Only a recipient comments: the comment's unit must be one of the consultation's recipients.
      foreign key (municipality_code, consultation_id, unit_id) references consultation_recipient(municipality_code, consultation_id, unit_id) on delete cascade,
      check ((target_kind = 'document') = (target_key is null)),
      check ((decision is null) = (decided_at is null)),
      check (decision is null or decision = 'accepted' or reply is not null)
    )`,
    sql`create index consultation_comment_by_consultation on consultation_comment (consultation_id, seq)`,
  ];
  for (const s of statements) await s.execute(db);
}
