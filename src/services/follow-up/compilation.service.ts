import { assessTarget } from '../../domain/attainment/attainment.ts';
import { describeAttainment, describeRollUp, type RollUpScope } from '../../domain/attainment/explain.ts';
import { genderGap } from '../../domain/attainment/gender-gap.ts';
import { NARRATIVE_CONTRADICTIONS, rollUp } from '../../domain/attainment/rollup.ts';
import type { Observation } from '../../domain/attainment/series.ts';
import { isStale } from '../../domain/attainment/staleness.ts';
import type { NarrativeAssessment, ReportStatus } from '../../domain/follow-up/report-workflow.ts';
import { aggregateCell } from '../../domain/follow-up/aggregation.ts';
import { bestReportPerActivity, reportingStatus } from '../../domain/follow-up/reporting.ts';
import { seriesBaseYear, versionInForce, type VersionSpan } from '../../domain/strategy/in-force.ts';
import { declaredDimensions, gapThresholdOf, headlineOf } from '../../domain/strategy/dimensions.ts';
import type { ActivityStatus, DocumentStatus, Goal, IndicatorUnit, Sex, UnitType } from '../../domain/strategy/types.ts';
import { todayInStockholm } from '../clock.ts';
import { findDocumentRow, loadContent, type Db, type DocumentRow, type StoredContent } from '../strategy/document.repo.ts';
import { loadReportsOfPeriod, loadYearlySeries, type SeriesCell } from './compilation.repo.ts';
import type { Compilation, CompiledBand, CompiledGenderGap, SeriesPoint } from '../../shared/api/views.ts';

export type { Compilation, SeriesPoint } from '../../shared/api/views.ts';

export interface CompilationOptions {
  year: number;
  /** The date staleness is judged on; by default today, at the latest a year after the year compiled. */
  asOf?: string;
  /** Today, when the caller has its own clock (a report's generation date). */
  today?: string;
  /** Women–men gaps larger than this (in the indicator's unit) are flagged. */
  gapThreshold?: number;
}

/**
 * The municipality's value of a cell, or else the units' values rolled up where the unit of measure
 * allows it (also used by the open data). docs/methodology/indicator-values.md
 */
export function cellValue(c: SeriesCell, unit: IndicatorUnit): number | null {
  return aggregateCell(c, unit)?.value ?? null;
}

/** The in-force version of the series for the year's last day, or the document asked for. */
async function pickVersion(db: Db, doc: DocumentRow, year: number): Promise<{ row: DocumentRow; inForce: boolean; baseYear: number | null }> {
  const versions = (await db.selectFrom('document').selectAll().where('municipality_code', '=', doc.municipality_code).where('key', '=', doc.key).execute()) as DocumentRow[];
  const spans: Array<VersionSpan & { row: DocumentRow }> = versions.map((r) => ({
    row: r,
    version: r.version,
    status: r.status as DocumentStatus,
    decisionDate: r.decision_date,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
  }));
  // Every version of a series measures its targets from the same base year: the first adoption's.
  const baseYear = seriesBaseYear(spans);
  const found = versionInForce(spans, `${year}-12-31`);
  return found ? { row: found.row, inForce: true, baseYear } : { row: doc, inForce: false, baseYear };
}

/** Builds the yearly compilation. The values are aggregated in the database; everything else is per document item. */
export async function compile(db: Db, documentId: string, opts: CompilationOptions): Promise<Compilation> {
  const asked = await findDocumentRow(db, documentId);
  const { row: doc, inForce, baseYear } = await pickVersion(db, asked, opts.year);
  const code = doc.municipality_code;
  // Staleness is judged as of the compilation: a year's report is read at the latest a year after it.
  const today = opts.today ?? todayInStockholm();
  const asOf = opts.asOf ?? (today < `${opts.year + 1}-12-31` ? today : `${opts.year + 1}-12-31`);
  const [content, cells, reportsOfYear, reportsBefore, units] = await Promise.all([
    loadContent(db, doc.id, code),
    loadYearlySeries(db, code, doc.key, opts.year),
    loadReportsOfPeriod(db, code, doc.key, String(opts.year)),
    loadReportsOfPeriod(db, code, doc.key, String(opts.year - 1)),
    db.selectFrom('org_unit').select(['id', 'name', 'type', 'parent_id']).where('municipality_code', '=', code).execute(),
  ]);

  // Series per indicator and (sex, age band).
  const indicatorByKey = new Map(content.indicators.map((i) => [i.key, i]));
  const series = new Map<string, Array<Observation & { example: boolean; preliminary: boolean; seriesBreak: boolean; numerator: number | null; denominator: number | null }>>();
  for (const c of cells) {
    const ind = indicatorByKey.get(c.indicator);
    if (!ind) continue;
    const aggregated = aggregateCell(c, ind.unitOfMeasure);
    if (aggregated === null) continue;
    const k = `${c.indicator}|${c.sex}|${c.ageBand}`;
    const list = series.get(k) ?? [];
    // The counts a share is computed from, where known: small-count suppression reads them.
    const { value, numerator, denominator } = aggregated;
    list.push({ year: c.year, value, example: c.example, preliminary: c.preliminary, seriesBreak: c.seriesBreak, numerator, denominator });
    series.set(k, list);
  }
  // A blank age band in the database is "all ages" (null in the model).
  const seriesOf = (key: string | null, sex: Sex, band: string | null) => (key === null ? [] : (series.get(`${key}|${sex}|${band ?? ''}`) ?? []));

  // A target reads exactly its own sex and age band; what it leaves open is its indicator's headline.
  const targets = content.targets.map((t) => {
    const ind = t.indicator ? indicatorByKey.get(t.indicator) : undefined;
    const headline = ind ? headlineOf(ind) : { sex: 'total' as Sex, ageBand: null };
    const sex = t.sex ?? headline.sex;
    const band = t.ageBand ?? headline.ageBand;
    const own = seriesOf(t.indicator, sex, band);
    const refInd = t.referenceIndicator ? indicatorByKey.get(t.referenceIndicator) : undefined;
    const ref = refInd ? seriesOf(t.referenceIndicator, sex, t.ageBand ?? headlineOf(refInd).ageBand) : null;
    const unitOfMeasure = t.unitOfMeasure ?? ind?.unitOfMeasure ?? null;
    const attainment = assessTarget({
      comparator: t.comparator,
      value: t.value,
      targetYear: t.targetYear,
      recurrence: t.recurrence,
      baseline: t.baseline,
      baseYear,
      targetUnit: t.unitOfMeasure,
      indicatorUnit: ind?.unitOfMeasure ?? null,
      referenceUnit: refInd?.unitOfMeasure ?? null,
      series: own,
      referenceSeries: ref,
      assessmentYear: opts.year,
    });
    const used = [...own, ...(ref ?? [])].filter((o) => o.year <= opts.year);
    const sentence = describeAttainment({ comparator: t.comparator, value: t.value, targetYear: t.targetYear, recurrence: t.recurrence, unitOfMeasure }, attainment);
    return { key: t.key, goal: t.goal, statement: t.statement, indicator: t.indicator, sex, ageBand: band, unitOfMeasure, ...attainment, sentence, usesExampleData: used.some((o) => o.example) };
  });

  // Reports of the year: narratives per goal, activity follow-ups, and who has reported.
  const reportById = new Map(reportsOfYear.reports.map((r) => [r.id, r]));
  const goalsTree = descendants(content.goals);
  // Every roll-up carries its rule in words (docs/methodology/attainment.md#roll-up).
  const summed = (items: typeof targets, scope: RollUpScope) => {
    const r = rollUp(items.map((t) => ({ status: t.status })));
    return { ...r, sentence: describeRollUp(r, scope) };
  };
  const rollUpGoal = (g: Goal) => summed(targets.filter((t) => goalsTree.get(g.key)!.has(t.goal)), 'goal');
  const goals = content.goals.map((g) => {
    const r = rollUpGoal(g);
    const narratives = reportsOfYear.assessments
      .filter((a) => a.goal === g.key)
      .map((a) => {
        const report = reportById.get(a.report_id)!;
        const assessment = a.assessment as NarrativeAssessment;
        return {
          unit: report.unit_name,
          reportStatus: report.status as ReportStatus,
          assessment,
          text: a.text,
          disagreement: NARRATIVE_CONTRADICTIONS[assessment][r.overall.status] ?? null,
        };
      })
      .sort((a, b) => a.unit.localeCompare(b.unit, 'sv'));
    return { key: g.key, title: g.title, level: g.level, area: g.area, parent: g.parent, rollUp: r, narratives };
  });
  const areas = content.areas.map((a) => {
    const areaGoals = new Set(content.goals.filter((g) => g.area === a.key).flatMap((g) => [...goalsTree.get(g.key)!]));
    return { key: a.key, name: a.name, rollUp: summed(targets.filter((t) => areaGoals.has(t.goal)), 'area') };
  });
  const summary = { ...summed(targets, 'summary'), targets: targets.length };

  type Point = ReturnType<typeof seriesOf>[number];
  const points = (list: Point[]): SeriesPoint[] =>
    [...list]
      .filter((o) => o.year <= opts.year)
      .sort((a, b) => a.year - b.year)
      .map((o) => ({ year: o.year, value: o.value, seriesBreak: o.seriesBreak, example: o.example, preliminary: o.preliminary, numerator: o.numerator, denominator: o.denominator }));
  const latestOf = (list: SeriesPoint[]) => {
    const last = list.at(-1);
    return last ? { year: last.year, value: last.value, example: last.example, preliminary: last.preliminary } : null;
  };
  // Every declared age band (and "all ages" where values were entered for it), each with its series per
  // sex and its own women–men gap; the headline band is the one a chart and the summary show.
  const indicators = content.indicators.map((ind) => {
    const headline = headlineOf(ind);
    const threshold = opts.gapThreshold ?? gapThresholdOf(ind);
    const splitBySex = ind.sexes.includes('women') && ind.sexes.includes('men');
    const bandsDeclared = declaredDimensions(ind).ageBands;
    const withValues = bandsDeclared.includes(null) || !ind.sexes.some((sx) => seriesOf(ind.key, sx, null).length > 0) ? bandsDeclared : [...bandsDeclared, null];
    const bands: CompiledBand[] = withValues.map((ageBand) => {
      const bySex = Object.fromEntries((['total', 'women', 'men'] as const).map((sx) => [sx, ind.sexes.includes(sx) ? points(seriesOf(ind.key, sx, ageBand)) : []])) as Record<Sex, SeriesPoint[]>;
      return {
        ageBand,
        headline: ageBand === headline.ageBand,
        series: bySex,
        latest: latestOf(bySex[headline.sex]),
        genderGap: splitBySex ? gapOf(bySex.women, bySex.men, threshold) : null,
      };
    });
    const main = bands.find((b) => b.headline)!;
    const headlineSeries = main.series[headline.sex];
    const last = latestOf(headlineSeries);
    return {
      key: ind.key,
      name: ind.name,
      unitOfMeasure: ind.unitOfMeasure,
      headline,
      gapThreshold: threshold,
      latest: last,
      seriesBreaks: headlineSeries.filter((o) => o.seriesBreak).map((o) => o.year),
      bands,
      stale: isStale({ frequency: ind.frequency, latestPeriodEnd: last ? `${last.year}-12-31` : null, asOf }),
    };
  });

  const best = bestReportPerActivity(
    reportsOfYear.followUps.map((f) => {
      const report = reportById.get(f.report_id)!;
      return { ...f, unit: report.unit_name, reportStatus: report.status as ReportStatus, updatedAt: f.updated_at === null ? null : new Date(f.updated_at).toISOString() };
    }),
  );
  const activities = content.activities.map((a) => {
    const f = best.get(a.key);
    return {
      key: a.key,
      description: a.description,
      area: a.area,
      goal: a.goal,
      status: (f?.status ?? a.status) as ActivityStatus,
      progress: f?.progress ?? null,
      comment: f?.comment ?? null,
      reportedBy: f?.unit ?? null,
    };
  });

  return {
    document: { id: doc.id, key: doc.key, version: doc.version, title: doc.title, inForce },
    year: opts.year,
    asOf,
    summary,
    areas,
    goals,
    targets,
    indicators,
    activities,
    units: unitsStatus(content, units, reportsOfYear.reports, new Set(reportsBefore.reports.map((r) => r.unit_id))),
  };
}

/** The women–men gap; without a threshold nothing is flagged. */
function gapOf(women: SeriesPoint[], men: SeriesPoint[], threshold: number | null): CompiledGenderGap {
  const gap = genderGap(women, men, { threshold: threshold ?? 0 });
  return threshold === null ? { ...gap, flagged: false, threshold: null } : gap;
}

/** Each goal with itself and every goal below it. */
function descendants(goals: Goal[]): Map<string, Set<string>> {
  const children = new Map<string, string[]>();
  for (const g of goals) if (g.parent) children.set(g.parent, [...(children.get(g.parent) ?? []), g.key]);
  const out = new Map<string, Set<string>>();
  const walk = (key: string, acc: Set<string>, depth: number) => {
    acc.add(key);
    if (depth < 10) for (const c of children.get(key) ?? []) walk(c, acc, depth + 1);
  };
  for (const g of goals) {
    const acc = new Set<string>();
    walk(g.key, acc, 0);
    out.set(g.key, acc);
  }
  return out;
}

/** Who is expected to report and how far each has come (docs/methodology/report-workflow.md#who-is-expected-to-report). */
function unitsStatus(
  content: StoredContent,
  units: Array<{ id: string; name: string; type: string; parent_id: string | null }>,
  reports: Array<{ unit_id: string; unit_name: string; status: string }>,
  reportedLastYear: ReadonlySet<string>,
): Compilation['units'] {
  return reportingStatus({
    units: units.map((u) => ({ id: u.id, name: u.name, type: u.type as UnitType, parentId: u.parent_id })).sort((a, b) => a.name.localeCompare(b.name, 'sv')),
    goalOwners: content.goals.flatMap((g) => (g.ownerUnit ? [g.ownerUnit] : [])),
    activityResponsibles: content.activities.flatMap((a) => a.responsible.flatMap((r) => (r.unit ? [r.unit] : []))),
    reports: reports.map((r) => ({ unitId: r.unit_id, status: r.status as ReportStatus })),
    reportedLastYear,
  });
}
