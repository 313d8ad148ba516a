import { sql, type Kysely } from 'kysely';

/**
 * Two small partial indexes for the yearly compilation: the municipality's own values (unit blank) and
 * the values carrying a flag (series break, example data, preliminary) are few beside the units'
 * values, so the compilation reads them through these indexes and aggregates the units' values in one
 * plain GROUP BY (bench/compilation.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index indicator_value_municipal on indicator_value (indicator_id, period_id) where unit_id is null`.execute(db);
  await sql`create index indicator_value_flagged on indicator_value (indicator_id, period_id) where series_break or example or status = 'preliminary'`.execute(db);
}
