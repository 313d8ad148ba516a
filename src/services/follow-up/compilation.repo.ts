import { sql } from 'kysely';
import type { Db } from '../strategy/document.repo.ts';

/** One cell of the yearly series of an indicator (a series joins all versions of a document by key). */
export interface SeriesCell {
  indicator: string;
  year: number;
  sex: string;
  ageBand: string;
  /** The municipality's own value (unit blank), when entered. */
  municipal: number | null;
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
 */
export async function loadYearlySeries(db: Db, code: string, seriesKey: string, upToYear: number): Promise<SeriesCell[]> {
  const r = await sql<{
    indicator: string;
    year: number;
    sex: string;
    age_band: string;
    municipal: string | null;
    unit_sum: string | null;
    unit_num: string | null;
    unit_den: string | null;
    unit_count: string;
    series_break: boolean;
    example: boolean;
    preliminary: boolean;
  }>`
    select i.key as indicator, p.year, v.sex, v.age_band,
      max(v.value) filter (where v.unit_id is null) as municipal,
      sum(v.value) filter (where v.unit_id is not null) as unit_sum,
      sum(v.numerator) filter (where v.unit_id is not null) as unit_num,
      sum(v.denominator) filter (where v.unit_id is not null) as unit_den,
      count(*) filter (where v.unit_id is not null) as unit_count,
      bool_or(v.series_break) as series_break,
      bool_or(v.example) as example,
      bool_or(v.status = 'preliminary') as preliminary
    from indicator_value v
      join indicator i on i.id = v.indicator_id
      join document d on d.id = i.document_id
      join period p on p.id = v.period_id
    where d.municipality_code = ${code} and d.key = ${seriesKey} and p.kind = 'year' and p.year <= ${upToYear}
    group by i.key, p.year, v.sex, v.age_band
    order by i.key, p.year`.execute(db);
  const n = (x: string | null) => (x === null ? null : Number(x));
  return r.rows.map((x) => ({
    indicator: x.indicator,
    year: x.year,
    sex: x.sex,
    ageBand: x.age_band,
    municipal: n(x.municipal),
    unitSum: n(x.unit_sum),
    unitNumerator: n(x.unit_num),
    unitDenominator: n(x.unit_den),
    unitCount: Number(x.unit_count),
    seriesBreak: x.series_break,
    example: x.example,
    preliminary: x.preliminary,
  }));
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
