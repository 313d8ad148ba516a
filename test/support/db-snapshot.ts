import { sql, type Kysely } from 'kysely';

export interface TableSnapshot {
  table: string;
  rows: number;
  md5: string;
}

/**
 * Every base table of the current schema (the test schema on PostgreSQL, public on PGlite) with its
 * row count and an md5 of all its rows as text, in a fixed order. Two equal snapshots mean the
 * tables hold byte-for-byte the same rows, timestamps and lock versions included — except when a
 * session or an API token was last used (USAGE_COLUMNS): every request touches those, and using a
 * session is not a change to anything.
 */
const USAGE_COLUMNS: Record<string, string[]> = { user_session: ['last_seen_at'], api_token: ['last_used_at'] };

export async function snapshotDatabase(db: Kysely<any>): Promise<TableSnapshot[]> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
    order by table_name`.execute(db);
  if (tables.rows.length === 0) throw new Error('snapshotDatabase: the current schema has no tables; is the search_path right?');
  const out: TableSnapshot[] = [];
  for (const { name } of tables.rows) {
    const skip = USAGE_COLUMNS[name] ?? [];
    const row_text = skip.length ? sql`(to_jsonb(t) - ${sql.join(skip.map((c) => sql.lit(c)), sql` - `)})::text` : sql`t::text`;
    const r = await sql<{ rows: number; md5: string | null }>`
      select count(*)::int as rows, md5(string_agg(${row_text}, '|' order by ${row_text})) as md5 from ${sql.table(name)} t`.execute(db);
    const row = r.rows[0];
    if (!row) throw new Error(`snapshotDatabase: no answer for table ${name}`);
    out.push({ table: name, rows: Number(row.rows), md5: row.md5 ?? '(empty)' });
  }
  return out;
}
