import { sql } from 'kysely';
import type { CellAggregate } from '../../domain/follow-up/aggregation.ts';
import type { Db } from '../strategy/document.repo.ts';

/**
 * One cell of the yearly series of an indicator (values belong to the document series): the municipality's
 * own value and the sums over its units' values, as the domain rolls them up (`aggregateCell`), with the flags.
 */
export interface SeriesCell extends CellAggregate {
  indicator: string;
  year: number;
  sex: string;
  ageBand: string;
  seriesBreak: boolean;
  example: boolean;
  preliminary: boolean;
}

/**
 * Every full-year cell of every indicator of a document series up to a year, aggregated in the
 * database (one GROUP BY over the values, so memory does not grow with the number of units).
 * Values belong to the series (`document_key`), so every version reads the same cells. The units'
 * values are aggregated in one plain GROUP BY; the municipality's own values and the flagged ones are
 * few and come through partial indexes (migrations 004 and 009; bench/compilation.ts).
 */
export async function loadYearlySeries(db: Db, code: string, seriesKey: string, upToYear: number): Promise<SeriesCell[]> {
  const periods = await db.selectFrom('period').select(['id', 'year']).where('municipality_code', '=', code).where('kind', '=', 'year').where('year', '<=', upToYear).execute();
  if (periods.length === 0) return [];
  const yearOf = new Map(periods.map((p) => [p.id, p.year]));
  const ids = periods.map((p) => p.id);
  type Cell = { indicator_key: string; period_id: string; sex: string; age_band: string };
  const [units, municipal, flagged] = await Promise.all([
    sql<Cell & { unit_sum: string; unit_num: string | null; unit_den: string | null; unit_count: string; unit_incomplete: string }>`
      select v.indicator_key, v.period_id, v.sex, v.age_band, sum(v.value) as unit_sum, sum(v.numerator) as unit_num, sum(v.denominator) as unit_den, count(*) as unit_count,
        count(*) filter (where v.numerator is null or v.denominator is null) as unit_incomplete
      from indicator_value v
      where v.municipality_code = ${code} and v.document_key = ${seriesKey} and v.period_id = any(${ids}::uuid[]) and v.unit_id is not null
      group by v.indicator_key, v.period_id, v.sex, v.age_band`.execute(db),
    sql<Cell & { value: string; numerator: string | null; denominator: string | null }>`
      select v.indicator_key, v.period_id, v.sex, v.age_band, v.value, v.numerator, v.denominator from indicator_value v
      where v.municipality_code = ${code} and v.document_key = ${seriesKey} and v.period_id = any(${ids}::uuid[]) and v.unit_id is null`.execute(db),
    sql<Cell & { series_break: boolean; example: boolean; preliminary: boolean }>`
      select v.indicator_key, v.period_id, v.sex, v.age_band, bool_or(v.series_break) as series_break, bool_or(v.example) as example, bool_or(v.status = 'preliminary') as preliminary
      from indicator_value v
      where v.municipality_code = ${code} and v.document_key = ${seriesKey} and v.period_id = any(${ids}::uuid[]) and (v.series_break or v.example or v.status = 'preliminary')
      group by v.indicator_key, v.period_id, v.sex, v.age_band`.execute(db),
  ]);
  const n = (x: string | null) => (x === null ? null : Number(x));
  const cells = new Map<string, SeriesCell>();
  const cellOf = (x: Cell): SeriesCell => {
    const k = `${x.indicator_key}|${x.period_id}|${x.sex}|${x.age_band}`;
    let c = cells.get(k);
    if (!c) {
      c = {
        indicator: x.indicator_key,
        year: yearOf.get(x.period_id)!,
        sex: x.sex,
        ageBand: x.age_band,
        municipal: null,
        municipalNumerator: null,
        municipalDenominator: null,
        unitSum: null,
        unitNumerator: null,
        unitDenominator: null,
        unitCount: 0,
        unitCountIncomplete: 0,
        seriesBreak: false,
        example: false,
        preliminary: false,
      };
      cells.set(k, c);
    }
    return c;
  };
  for (const u of units.rows) Object.assign(cellOf(u), { unitSum: n(u.unit_sum), unitNumerator: n(u.unit_num), unitDenominator: n(u.unit_den), unitCount: Number(u.unit_count), unitCountIncomplete: Number(u.unit_incomplete) });
  for (const m of municipal.rows) Object.assign(cellOf(m), { municipal: n(m.value), municipalNumerator: n(m.numerator), municipalDenominator: n(m.denominator) });
  for (const f of flagged.rows) Object.assign(cellOf(f), { seriesBreak: f.series_break, example: f.example, preliminary: f.preliminary });
  return [...cells.values()].sort((a, b) => a.indicator.localeCompare(b.indicator) || a.year - b.year);
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
