import { sql, type Kysely } from 'kysely';

/**
 * Indicator values belong to the document series, not to one version (issue 12). A value was keyed by
 * the indicator row of the version it was entered under, so revising a document left the new version
 * without values and the compilation had to merge versions. Now a value is keyed by the series
 * (`document_key`, the key every version of a document shares) and the indicator's `key` (stable across
 * versions): every version reads and writes the same values, and revising or adopting moves none.
 *
 * Existing values move without loss: each gets the key of its document and indicator. Where two
 * versions held the same cell, the newer version's value is kept (the compilation already read it that
 * way); the number of such duplicates is raised as a notice.
 *
 * Also:
 * - the audit log carries the document series of a row (`document_key`), so a document's history shows
 *   its value changes; existing value rows of the log get theirs (the log is append-only, so its guard
 *   is lifted for this one update, inside the migration's transaction);
 * - an indicator declares its headline (the sex and age band a chart and a summary show) and the size
 *   of a women–men gap worth flagging, in its own unit;
 * - a target has a unit of measure of its own (null: its indicator's), instead of a guess from its sentence.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    // Moving values and filling keys are not changes anyone made: no audit rows for them.
    sql`select set_config('samspel.audit', 'off', true)`,
    sql`alter table indicator_value add column document_key text, add column indicator_key text`,
    sql`update indicator_value v set document_key = d.key, indicator_key = i.key
        from indicator i join document d on d.id = i.document_id
        where i.id = v.indicator_id`,
    // The same cell under several versions: keep the newest version's row.
    sql`delete from indicator_value v using (
          select v2.id, row_number() over (
            partition by v2.municipality_code, v2.document_key, v2.indicator_key, v2.period_id,
              coalesce(v2.unit_id, '00000000-0000-0000-0000-000000000000'::uuid), v2.sex, v2.age_band
            order by d.version desc, v2.updated_at desc) as rank
          from indicator_value v2 join indicator i on i.id = v2.indicator_id join document d on d.id = i.document_id
        ) ranked
        where ranked.id = v.id and ranked.rank > 1`,
    sql`drop index indicator_value_cell`,
    sql`drop index indicator_value_municipal`,
    sql`drop index indicator_value_flagged`,
    sql`alter table indicator_value drop column indicator_id`,
    sql`alter table indicator_value alter column document_key set not null, alter column indicator_key set not null`,
    sql`create unique index indicator_value_cell on indicator_value (municipality_code, document_key, indicator_key, period_id,
          coalesce(unit_id, '00000000-0000-0000-0000-000000000000'::uuid), sex, age_band)`,
    // The compilation aggregates a series' units' values in one GROUP BY; the municipality's own values and
    // the flagged ones are few and come through partial indexes (as in migration 004).
    sql`create index indicator_value_municipal on indicator_value (municipality_code, document_key, period_id) where unit_id is null`,
    sql`create index indicator_value_flagged on indicator_value (municipality_code, document_key, period_id) where series_break or example or status = 'preliminary'`,

    sql`alter table audit_log add column document_key text`,
    sql`alter table audit_log disable trigger audit_log_no_update`,
    sql`update audit_log a set document_key = d.key
        from indicator i join document d on d.id = i.document_id
        where a.entity = 'indicator_value' and i.id::text = coalesce(a.after ->> 'indicator_id', a.before ->> 'indicator_id')`,
    sql`update audit_log a set document_key = d.key from document d where a.entity = 'document' and d.id::text = a.entity_id`,
    sql`alter table audit_log enable trigger audit_log_no_update`,
    sql`create index audit_log_by_series on audit_log (municipality_code, document_key, id) where document_key is not null`,
    sql`create or replace function audit_row() returns trigger language plpgsql as $$
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
        insert into audit_log (municipality_code, actor, request_id, reason, entity, entity_id, action, document_id, document_key, before, after)
        values (
          coalesce(rec ->> 'municipality_code', case when tg_table_name = 'municipality' then rec ->> 'code' end),
          coalesce(nullif(current_setting('samspel.actor', true), ''), 'system'),
          nullif(current_setting('samspel.request_id', true), ''),
          nullif(current_setting('samspel.reason', true), ''),
          tg_table_name,
          key_text,
          lower(tg_op),
          case when tg_table_name = 'document' then (rec ->> 'id')::uuid else (rec ->> 'document_id')::uuid end,
          case when tg_table_name = 'document' then rec ->> 'key' else rec ->> 'document_key' end,
          j_old,
          j_new
        );
        return null;
      end $$`,

    sql`alter table indicator add column headline_sex text check (headline_sex in ('total','women','men')),
          add column headline_age_band text, add column gap_threshold numeric check (gap_threshold is null or gap_threshold >= 0)`,
    sql`alter table target add column unit_of_measure text
          check (unit_of_measure in ('count','percent','per_1000','sek','sek_per_inhabitant','ratio','index','other'))`,
    sql`select set_config('samspel.audit', '', true)`,
  ];
  for (const s of statements) await s.execute(db);
}
