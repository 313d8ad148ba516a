import { sql } from 'kysely';
import type { Db } from '../strategy/document.repo.ts';

/** One cell of the yearly series of an indicator (a series joins all versions of a document by key). */
export interface SeriesCell {
  indicator: string;
  year: number;
  sex: string;
  ageBand: string;
  /** The municipality's own value (unit blank), when entered, with its numerator and denominator. */
  municipal: number | null;
  municipalNumerator: number | null;
  municipalDenominator: number | null;
  /** Sums over the units' values, for rolling counts and shares up when the municipality has none. */
  unitSum: number | null;
  unitNumerator: number | null;
  unitDenominator: number | null;
  unitCount: number;
  seriesBreak: boolean;
  example: boolean;
  preliminary: boolean;
}

/**
 * Every full-year cell of every indicator of a document series up to a year, aggregated in the
 * database (one GROUP BY over the values, so memory does not grow with the number of units).
 * The values are grouped on their own columns and only the few thousand groups are matched to
 * indicator keys and years (measured: joining every value row first cost 1.2–1.4× the bare aggregate;
 * bench/compilation.ts). A series spans document versions, so groups of the same indicator key are merged.
 */
export async function loadYearlySeries(db: Db, code: string, seriesKey: string, upToYear: number): Promise<SeriesCell[]> {
  // The small lookups first, so the big aggregate is one plain, parallel-safe statement over indicator_value
  // (a CTE used twice is materialised, and that kept PostgreSQL from aggregating in parallel).
  const [indicators, periods] = await Promise.all([
    db
      .selectFrom('indicator as i')
      .innerJoin('document as d', 'd.id', 'i.document_id')
      .select(['i.id', 'i.key', 'd.version'])
      .where('d.municipality_code', '=', code)
      .where('d.key', '=', seriesKey)
      .execute(),
    db.selectFrom('period').select(['id', 'year']).where('municipality_code', '=', code).where('kind', '=', 'year').where('year', '<=', upToYear).execute(),
  ]);
  if (indicators.length === 0 || periods.length === 0) return [];
  const indicatorOf = new Map(indicators.map((i) => [i.id, i]));
  const yearOf = new Map(periods.map((p) => [p.id, p.year]));
  const ids = indicators.map((i) => i.id);
  // The units' values: the bulk, aggregated as plainly as SQL allows. The municipality's own values and
  // the flags are few and come through partial indexes (migration 004).
  const [units, municipal, flagged] = await Promise.all([
    sql<{ indicator_id: string; period_id: string; sex: string; age_band: string; unit_sum: string; unit_num: string | null; unit_den: string | null; unit_count: string }>`
      select v.indicator_id, v.period_id, v.sex, v.age_band, sum(v.value) as unit_sum, sum(v.numerator) as unit_num, sum(v.denominator) as unit_den, count(*) as unit_count
      from indicator_value v
      where v.indicator_id = any(${ids}::uuid[]) and v.unit_id is not null
      group by v.indicator_id, v.period_id, v.sex, v.age_band`.execute(db),
    sql<{ indicator_id: string; period_id: string; sex: string; age_band: string; value: string; numerator: string | null; denominator: string | null }>`
      select v.indicator_id, v.period_id, v.sex, v.age_band, v.value, v.numerator, v.denominator from indicator_value v
      where v.indicator_id = any(${ids}::uuid[]) and v.unit_id is null`.execute(db),
    sql<{ indicator_id: string; period_id: string; sex: string; age_band: string; series_break: boolean; example: boolean; preliminary: boolean }>`
      select v.indicator_id, v.period_id, v.sex, v.age_band, bool_or(v.series_break) as series_break, bool_or(v.example) as example, bool_or(v.status = 'preliminary') as preliminary
      from indicator_value v
      where v.indicator_id = any(${ids}::uuid[]) and (v.series_break or v.example or v.status = 'preliminary')
      group by v.indicator_id, v.period_id, v.sex, v.age_band`.execute(db),
  ]);
  type Group = {
    indicator_id: string;
    period_id: string;
    sex: string;
    age_band: string;
    municipal: string | null;
    municipal_num: string | null;
    municipal_den: string | null;
    unit_sum: string | null;
    unit_num: string | null;
    unit_den: string | null;
    unit_count: string;
    series_break: boolean;
    example: boolean;
    preliminary: boolean;
  };
  const groups = new Map<string, Group>();
  const groupOf = (x: { indicator_id: string; period_id: string; sex: string; age_band: string }): Group => {
    const k = `${x.indicator_id}|${x.period_id}|${x.sex}|${x.age_band}`;
    let g = groups.get(k);
    if (!g) {
      g = { ...x, municipal: null, municipal_num: null, municipal_den: null, unit_sum: null, unit_num: null, unit_den: null, unit_count: '0', series_break: false, example: false, preliminary: false };
      groups.set(k, g);
    }
    return g;
  };
  for (const u of units.rows) Object.assign(groupOf(u), { unit_sum: u.unit_sum, unit_num: u.unit_num, unit_den: u.unit_den, unit_count: u.unit_count });
  for (const m of municipal.rows) Object.assign(groupOf(m), { municipal: m.value, municipal_num: m.numerator, municipal_den: m.denominator });
  for (const f of flagged.rows) Object.assign(groupOf(f), { series_break: f.series_break, example: f.example, preliminary: f.preliminary });
  const r = { rows: [...groups.values()] };
  const rows = r.rows
    .filter((x) => yearOf.has(x.period_id))
    .map((x) => ({ ...x, indicator: indicatorOf.get(x.indicator_id)!.key, version: indicatorOf.get(x.indicator_id)!.version, year: yearOf.get(x.period_id)! }))
    // Newest version first, so its municipal value wins when two versions hold the same cell.
    .sort((a, b) => a.indicator.localeCompare(b.indicator) || a.year - b.year || b.version - a.version);
  const n = (x: string | null) => (x === null ? null : Number(x));
  const add = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);
  const cells = new Map<string, SeriesCell>();
  for (const x of rows) {
    const k = `${x.indicator}|${x.year}|${x.sex}|${x.age_band}`;
    const prev = cells.get(k);
    const cell: SeriesCell = {
      indicator: x.indicator,
      year: x.year,
      sex: x.sex,
      ageBand: x.age_band,
      municipal: n(x.municipal),
      municipalNumerator: n(x.municipal_num),
      municipalDenominator: n(x.municipal_den),
      unitSum: n(x.unit_sum),
      unitNumerator: n(x.unit_num),
      unitDenominator: n(x.unit_den),
      unitCount: Number(x.unit_count),
      seriesBreak: x.series_break,
      example: x.example,
      preliminary: x.preliminary,
    };
    if (!prev) {
      cells.set(k, cell);
      continue;
    }
    // The same cell under two versions of the document: the newer version's municipal value wins (rows come newest first).
    cells.set(k, {
      ...prev,
      municipal: prev.municipal ?? cell.municipal,
      ...(prev.municipal === null ? { municipalNumerator: cell.municipalNumerator, municipalDenominator: cell.municipalDenominator } : {}),
      unitSum: add(prev.unitSum, cell.unitSum),
      unitNumerator: add(prev.unitNumerator, cell.unitNumerator),
      unitDenominator: add(prev.unitDenominator, cell.unitDenominator),
      unitCount: prev.unitCount + cell.unitCount,
      seriesBreak: prev.seriesBreak || cell.seriesBreak,
      example: prev.example || cell.example,
      preliminary: prev.preliminary || cell.preliminary,
    });
  }
  return [...cells.values()];
}

/** Reports of a document series for a period key, with their goal assessments and activity follow-ups. */
export async function loadReportsOfPeriod(db: Db, code: string, seriesKey: string, periodKey: string) {
  const reports = await db
    .selectFrom('report as r')
    .innerJoin('document as d', 'd.id', 'r.document_id')
    .innerJoin('period as p', 'p.id', 'r.period_id')
    .innerJoin('org_unit as u', 'u.id', 'r.unit_id')
    .select(['r.id', 'r.status', 'u.id as unit_id', 'u.name as unit_name', 'u.type as unit_type'])
    .where('d.municipality_code', '=', code)
    .where('d.key', '=', seriesKey)
    .where('p.key', '=', periodKey)
    .execute();
  const ids = reports.map((r) => r.id);
  const [assessments, followUps] =
    ids.length === 0
      ? [[], []]
      : await Promise.all([
          db
            .selectFrom('goal_assessment as a')
            .innerJoin('goal as g', 'g.id', 'a.goal_id')
            .select(['a.report_id', 'g.key as goal', 'a.assessment', 'a.text'])
            .where('a.report_id', 'in', ids)
            .execute(),
          db
            .selectFrom('activity_follow_up as f')
            .innerJoin('activity as a', 'a.id', 'f.activity_id')
            .select(['f.report_id', 'a.key as activity', 'f.status', 'f.progress', 'f.comment', 'f.evidence_url', 'f.updated_at'])
            .where('f.report_id', 'in', ids)
            .execute(),
        ]);
  return { reports, assessments, followUps };
}
