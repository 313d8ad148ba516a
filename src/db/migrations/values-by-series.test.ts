import { randomBytes, randomUUID } from 'node:crypto';
import { Migrator, sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DB_KIND } from '../../../test/support/test-db.ts';
import { loadDemoFollowUp } from '../../cli/commands/demo-follow-up.ts';
import { loadDemo } from '../../cli/commands/demo-load.ts';
import { migrate, openDb, type Db } from '../open-db.ts';
import type { Database } from '../schema.ts';
import { migrations } from './index.ts';

/**
 * Migration 009 (values keyed by the document series) keeps every value. The demo's values are loaded
 * with the real loader into a fully migrated database; municipalities, units, documents, indicators
 * and periods are copied (only the columns migration 008 has) into a database at 008, and the values
 * in the old shape (`indicator_id`, the indicator row of a document version). A second version of
 * Östersund's strategy holds some of the same cells with other values, and a cell of its own. Then
 * the database is migrated to the latest and every value is compared with what it was.
 */

const AT_008 = '2026-11-29-008-create-accounts';
/** The series that gets a second version. */
const SERIES = { code: '2380', key: 'integrationsstrategi-2020', indicator: 'antal-kommunmottagna' };
/** The full years whose antal-kommunmottagna the second version holds again, with other figures. */
const REVISED_YEARS = [2016, 2017, 2018, 2019, 2020];

let source: Db;
let old: Db & { dropSchema?: () => Promise<void>; schema?: string };

/** A fresh, empty database migrated to 008, on the kind of database this run uses. */
async function databaseAt008(): Promise<Db & { dropSchema?: () => Promise<void>; schema?: string }> {
  const url = process.env.DATABASE_URL;
  let db: Db;
  let schema: string | undefined;
  if (url) {
    schema = `mig_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    db = await openDb({ kind: 'postgres', url, schema, poolSize: 3 });
  } else {
    db = await openDb({ kind: 'pglite', dataDir: 'memory://' });
  }
  const migrator = new Migrator({ db: db.db, provider: { getMigrations: async () => migrations }, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error } = await migrator.migrateTo(AT_008);
  if (error) throw error;
  return {
    ...db,
    ...(schema ? { schema } : {}),
    dropSchema: async () => {
      if (!url || !schema) return;
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

type Cell = { code: string; series: string; indicator: string; periodId: string; unitId: string | null; sex: string; ageBand: string };
type Content = { value: string; numerator: string | null; denominator: string | null; status: string; source: string | null; note: string | null; seriesBreak: boolean; example: boolean };
const cellKey = (c: Cell) => JSON.stringify([c.code, c.series, c.indicator, c.periodId, c.unitId, c.sex, c.ageBand]);
/** numeric as PostgreSQL writes it may differ in trailing zeros between databases: compare numbers. */
const n = (v: string | null) => (v === null ? null : Number(v));
const comparable = (c: Content) => ({ ...c, value: n(c.value), numerator: n(c.numerator), denominator: n(c.denominator) });

async function columnsOf(db: Kysely<Database>, table: string): Promise<string[]> {
  const r = await sql<{ column_name: string }>`select column_name from information_schema.columns where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db);
  return r.rows.map((x) => x.column_name);
}

/** Copies rows into the 008 database through jsonb_populate_recordset: the table's own column types, in one statement. */
async function insertRows(db: Kysely<Database>, table: string, rows: Array<Record<string, unknown>>): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = JSON.stringify(rows.slice(i, i + 1000));
    await sql`insert into ${sql.table(table)} select * from jsonb_populate_recordset(null::${sql.table(table)}, ${chunk}::jsonb)`.execute(db);
  }
}

let before: Map<string, { content: Content; id: string }>;
let sourceValues: number;
let revised: { cells: string[]; ownCell: string; v2Ids: Set<string> };
let auditBefore: { n: number; max: string | null };

beforeAll(async () => {
  source = await createTestDb();
  await loadDemo(source.db);
  await loadDemoFollowUp(source.db);
  old = await databaseAt008();

  // Municipalities, units, documents, indicators and periods: the columns 008 has, ids kept.
  for (const table of ['municipality', 'org_unit', 'document', 'indicator', 'period'] as const) {
    const cols = await columnsOf(old.db, table);
    expect(cols.length).toBeGreaterThan(3);
    const rows = (await sql<Record<string, unknown>>`select ${sql.join(cols.map((c) => sql.ref(c)))} from ${sql.table(table)}`.execute(source.db)).rows;
    // An indicator's area and goal are not copied (nothing here needs them).
    await insertRows(old.db, table, table === 'indicator' ? rows.map((r) => ({ ...r, area_id: null, goal_id: null })) : rows);
  }
  expect(await columnsOf(old.db, 'indicator_value')).toContain('indicator_id');
  expect(await columnsOf(old.db, 'indicator_value')).not.toContain('document_key');

  // The values in the old shape: the indicator row of the newest version of the series that has the key.
  const indicators = (
    await sql<{ id: string; code: string; series: string; version: number; key: string }>`
      select i.id, d.municipality_code as code, d.key as series, d.version, i.key from indicator i join document d on d.id = i.document_id`.execute(old.db)
  ).rows;
  const indicatorOf = new Map<string, { id: string; version: number }>();
  for (const i of indicators) {
    const k = JSON.stringify([i.code, i.series, i.key]);
    if (!indicatorOf.has(k) || indicatorOf.get(k)!.version < i.version) indicatorOf.set(k, { id: i.id, version: i.version });
  }
  const values = (
    await sql<Record<string, unknown> & { municipality_code: string; document_key: string; indicator_key: string }>`select * from indicator_value`.execute(source.db)
  ).rows;
  sourceValues = values.length;
  expect(sourceValues).toBeGreaterThan(300);
  const oldShape = values.map(({ document_key, indicator_key, ...v }) => {
    const ind = indicatorOf.get(JSON.stringify([v.municipality_code, document_key, indicator_key]));
    if (!ind) throw new Error(`no indicator ${document_key}/${indicator_key}`);
    return { ...v, indicator_id: ind.id };
  });
  await insertRows(old.db, 'indicator_value', oldShape);

  // A second version of Östersund's strategy, with its indicators, holding some of the same cells again.
  const v1 = await old.db.selectFrom('document').selectAll().where('municipality_code', '=', SERIES.code).where('key', '=', SERIES.key).orderBy('version', 'desc').executeTakeFirstOrThrow();
  const v2Id = randomUUID();
  await insertRows(old.db, 'document', [{ ...v1, id: v2Id, version: v1.version + 1, status: 'draft', adopted_by_body: null, adopted_by_paragraph: null, decision_date: null }]);
  const v1Indicators = (await sql<Record<string, unknown> & { key: string }>`select * from indicator where document_id = ${v1.id}`.execute(old.db)).rows;
  const v2Indicators = v1Indicators.map((i) => ({ ...i, id: randomUUID(), document_id: v2Id }));
  await insertRows(old.db, 'indicator', v2Indicators);
  const v2Indicator = v2Indicators.find((i) => i.key === SERIES.indicator)!.id as string;
  const periods = new Map((await old.db.selectFrom('period').select(['id', 'key']).where('municipality_code', '=', SERIES.code).execute()).map((p) => [p.key, p.id]));
  const v2Rows = [
    ...REVISED_YEARS.map((year) => ({ period: String(year), value: 1000 + year, note: 'Reviderad siffra', series_break: true })),
    // A cell only the second version has (Östersund's demo has no interim value for 2023).
    { period: '2023-D', value: 150, note: null, series_break: false },
  ].map((r) => ({
    id: randomUUID(),
    municipality_code: SERIES.code,
    indicator_id: v2Indicator,
    period_id: periods.get(r.period)!,
    unit_id: null,
    sex: 'total',
    age_band: '',
    value: r.value,
    numerator: null,
    denominator: null,
    source: 'Version 2',
    status: 'final',
    note: r.note,
    series_break: r.series_break,
    example: false,
    lock_version: 1,
    // Older than the first version's rows: the version decides, not the time of the edit.
    created_at: '2020-01-01T00:00:00Z',
    updated_at: '2020-01-01T00:00:00Z',
  }));
  expect(v2Rows.every((r) => r.period_id)).toBe(true);
  await insertRows(old.db, 'indicator_value', v2Rows);

  // What must be there after the migration, worked out here: every source value, the second version's where it has one.
  before = new Map();
  for (const v of values) {
    const key = cellKey({ code: v.municipality_code, series: v.document_key, indicator: v.indicator_key, periodId: v.period_id as string, unitId: v.unit_id as string | null, sex: v.sex as string, ageBand: v.age_band as string });
    before.set(key, {
      id: v.id as string,
      content: { value: v.value as string, numerator: v.numerator as string | null, denominator: v.denominator as string | null, status: v.status as string, source: v.source as string | null, note: v.note as string | null, seriesBreak: v.series_break as boolean, example: v.example as boolean },
    });
  }
  revised = { cells: [], ownCell: '', v2Ids: new Set(v2Rows.map((r) => r.id)) };
  for (const r of v2Rows) {
    const key = cellKey({ code: SERIES.code, series: SERIES.key, indicator: SERIES.indicator, periodId: r.period_id, unitId: null, sex: 'total', ageBand: '' });
    if (before.has(key)) revised.cells.push(key);
    else revised.ownCell = key;
    before.set(key, { id: r.id, content: { value: String(r.value), numerator: null, denominator: null, status: 'final', source: 'Version 2', note: r.note, seriesBreak: r.series_break, example: false } });
  }
  expect(revised.cells.length).toBe(REVISED_YEARS.length);
  expect(revised.ownCell).not.toBe('');

  const a = await sql<{ n: string; max: string | null }>`select count(*)::text as n, max(id)::text as max from audit_log`.execute(old.db);
  auditBefore = { n: Number(a.rows[0]!.n), max: a.rows[0]!.max };
  await migrate(old.db, old.schema ? { schema: old.schema } : {});
}, 240_000);

afterAll(async () => {
  await source?.close();
  await old?.close();
  await old?.dropSchema?.();
});

describe(`migration 009 on ${TEST_DB_KIND}`, () => {
  it('brought the database to the latest migration', async () => {
    const latest = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(old.db);
    expect(latest.rows[0]!.name).toBe(Object.keys(migrations).at(-1));
    expect(await columnsOf(old.db, 'indicator_value')).not.toContain('indicator_id');
  });

  it('keeps every value: the same series, indicator, period, unit, sex, age band, value, numerator, denominator and flags', async () => {
    const after = (
      await sql<{ id: string; municipality_code: string; document_key: string; indicator_key: string; period_id: string; unit_id: string | null; sex: string; age_band: string; value: string; numerator: string | null; denominator: string | null; status: string; source: string | null; note: string | null; series_break: boolean; example: boolean }>`
        select * from indicator_value`.execute(old.db)
    ).rows;
    // One value per cell: the demo's, plus the one cell only the second version has.
    expect(after.length).toBe(sourceValues + 1);
    const got = new Map(
      after.map((v) => [
        cellKey({ code: v.municipality_code, series: v.document_key, indicator: v.indicator_key, periodId: v.period_id, unitId: v.unit_id, sex: v.sex, ageBand: v.age_band }),
        { id: v.id, content: comparable({ value: v.value, numerator: v.numerator, denominator: v.denominator, status: v.status, source: v.source, note: v.note, seriesBreak: v.series_break, example: v.example }) },
      ]),
    );
    expect([...got.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [key, want] of before) expect(got.get(key), key).toEqual({ id: want.id, content: comparable(want.content) });
  });

  it('kept the newest version’s value where two versions held the same cell, even when it was edited earlier', async () => {
    const rows = await sql<{ id: string; value: string; note: string | null; series_break: boolean; year: number }>`
      select v.id, v.value, v.note, v.series_break, p.year from indicator_value v join period p on p.id = v.period_id
      where v.municipality_code = ${SERIES.code} and v.document_key = ${SERIES.key} and v.indicator_key = ${SERIES.indicator} and p.kind = 'year' and p.year in (${sql.join(REVISED_YEARS)})
      order by p.year`.execute(old.db);
    expect(rows.rows.map((r) => [r.year, Number(r.value), r.note, r.series_break, revised.v2Ids.has(r.id)])).toEqual(REVISED_YEARS.map((y) => [y, 1000 + y, 'Reviderad siffra', true, true]));
    // The demo's other years of the same indicator are the first version's: 2021 is 231 in the demo file.
    const y2021 = await sql<{ value: string }>`
      select v.value from indicator_value v join period p on p.id = v.period_id
      where v.document_key = ${SERIES.key} and v.indicator_key = ${SERIES.indicator} and p.key = '2021'`.execute(old.db);
    expect(y2021.rows.map((r) => Number(r.value))).toEqual([231]);
  });

  it('wrote no audit rows, and gave the value rows already in the log their series', async () => {
    const a = await sql<{ n: string; max: string | null }>`select count(*)::text as n, max(id)::text as max from audit_log`.execute(old.db);
    expect({ n: Number(a.rows[0]!.n), max: a.rows[0]!.max }).toEqual(auditBefore);
    // The copies made above were logged by 008's trigger (no series then); 009 filled it in.
    const valueRows = await sql<{ document_key: string | null; n: string }>`
      select document_key, count(*)::text as n from audit_log where entity = 'indicator_value' group by document_key order by document_key`.execute(old.db);
    expect(valueRows.rows.every((r) => r.document_key !== null)).toBe(true);
    expect(valueRows.rows.reduce((s, r) => s + Number(r.n), 0)).toBe(sourceValues + REVISED_YEARS.length + 1);
    expect(valueRows.rows.map((r) => r.document_key)).toEqual(['integrationsplan', 'integrationsstrategi', 'integrationsstrategi-2020']);
  });
});
