import { assessTarget, type Attainment } from '../../domain/attainment/attainment.ts';
import { genderGap, type GenderGap } from '../../domain/attainment/gender-gap.ts';
import { NARRATIVE_CONTRADICTIONS, rollUp, type Disagreement, type RollUp } from '../../domain/attainment/rollup.ts';
import type { Observation } from '../../domain/attainment/series.ts';
import { isStale, type Staleness } from '../../domain/attainment/staleness.ts';
import type { NarrativeAssessment, ReportStatus } from '../../domain/follow-up/report-workflow.ts';
import { SCALE } from '../../domain/follow-up/values.ts';
import { versionInForce } from '../../domain/strategy/in-force.ts';
import type { ActivityStatus, DocumentStatus, Goal, Indicator, IndicatorUnit, Sex } from '../../domain/strategy/types.ts';
import { findDocumentRow, loadContent, type Db, type DocumentRow, type StoredContent } from '../strategy/document.repo.ts';
import { loadReportsOfPeriod, loadYearlySeries, type SeriesCell } from './compilation.repo.ts';
import type { Compilation, SeriesPoint } from '../../shared/api/views.ts';

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

const ADDITIVE: IndicatorUnit[] = ['count', 'sek'];
const REPORT_RANK: Record<ReportStatus, number> = { locked: 3, approved: 2, submitted: 1, draft: 0 };

/** The municipality's value of a cell, or else the units' values rolled up where the unit allows it (also used by the open data). */
export function cellValue(c: SeriesCell, unit: IndicatorUnit): number | null {
  if (c.municipal !== null) return c.municipal;
  if (c.unitCount === 0) return null;
  if (ADDITIVE.includes(unit)) return c.unitSum;
  const scale = SCALE[unit];
  if (scale !== undefined && c.unitNumerator !== null && c.unitDenominator !== null && c.unitDenominator !== 0) return (scale * c.unitNumerator) / c.unitDenominator;
  return null;
}

/** The age band a target or headline reads: its own, or the indicator's only one, or all ages. */
function bandFor(ind: Indicator, ageBand: string | null): string {
  return ageBand ?? (ind.ageBands.length === 1 ? ind.ageBands[0]! : '');
}

/** The in-force version of the series for the year's last day, or the document asked for. */
async function pickVersion(db: Db, doc: DocumentRow, year: number): Promise<{ row: DocumentRow; inForce: boolean }> {
  const versions = (await db.selectFrom('document').selectAll().where('municipality_code', '=', doc.municipality_code).where('key', '=', doc.key).execute()) as DocumentRow[];
  const found = versionInForce(
    versions.map((r) => ({ row: r, version: r.version, status: r.status as DocumentStatus, decisionDate: r.decision_date, validFrom: r.valid_from, validUntil: r.valid_until })),
    `${year}-12-31`,
  );
  return found ? { row: found.row, inForce: true } : { row: doc, inForce: false };
}

/** Builds the yearly compilation. The values are aggregated in the database; everything else is per document item. */
export async function compile(db: Db, documentId: string, opts: CompilationOptions): Promise<Compilation> {
  const asked = await findDocumentRow(db, documentId);
  const { row: doc, inForce } = await pickVersion(db, asked, opts.year);
  const code = doc.municipality_code;
  // Staleness is judged as of the compilation: a year's report is read at the latest a year after it.
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
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
    const value = cellValue(c, ind.unit);
    if (value === null) continue;
    const k = `${c.indicator}|${c.sex}|${c.ageBand}`;
    const list = series.get(k) ?? [];
    // The counts a share is computed from, where known: small-count suppression reads them.
    const own = c.municipal !== null;
    const numerator = own ? c.municipalNumerator : c.unitNumerator;
    const denominator = own ? c.municipalDenominator : c.unitDenominator;
    list.push({ year: c.year, value, example: c.example, preliminary: c.preliminary, seriesBreak: c.seriesBreak, numerator, denominator });
    series.set(k, list);
  }
  const seriesOf = (key: string | null, sex: Sex, band: string) => (key === null ? [] : (series.get(`${key}|${sex}|${band}`) ?? []));
  const baseYear = Number((doc.valid_from ?? doc.decision_date ?? '').slice(0, 4)) || null;

  const targets = content.targets.map((t) => {
    const ind = t.indicator ? indicatorByKey.get(t.indicator) : undefined;
    const sex = t.sex ?? 'total';
    const band = ind ? bandFor(ind, t.ageBand) : '';
    const own = seriesOf(t.indicator, sex, band);
    const refInd = t.referenceIndicator ? indicatorByKey.get(t.referenceIndicator) : undefined;
    const ref = refInd ? seriesOf(t.referenceIndicator, sex, bandFor(refInd, t.ageBand)) : null;
    const attainment = assessTarget({
      comparator: t.comparator,
      value: t.value,
      targetYear: t.targetYear,
      recurrence: t.recurrence,
      baseline: t.baseline,
      baseYear,
      // The document's own words tell the target's unit when it is a share ("minst 50 procent", "10 %").
      targetUnit: t.value !== null && /%|procent/i.test(t.statement) ? 'percent' : null,
      indicatorUnit: ind?.unit ?? null,
      referenceUnit: refInd?.unit ?? null,
      series: own,
      referenceSeries: ref,
      assessmentYear: opts.year,
    });
    const used = [...own, ...(ref ?? [])].filter((o) => o.year <= opts.year);
    return { key: t.key, goal: t.goal, statement: t.statement, indicator: t.indicator, sex, ageBand: t.ageBand, ...attainment, usesExampleData: used.some((o) => o.example) };
  });

  // Reports of the year: narratives per goal, activity follow-ups, and who has reported.
  const reportById = new Map(reportsOfYear.reports.map((r) => [r.id, r]));
  const goalsTree = descendants(content.goals);
  const rollUpGoal = (g: Goal) => rollUp(targets.filter((t) => goalsTree.get(g.key)!.has(t.goal)).map((t) => ({ status: t.status })));
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
    return { key: a.key, name: a.name, rollUp: rollUp(targets.filter((t) => areaGoals.has(t.goal)).map((t) => ({ status: t.status }))) };
  });
  const summary = { ...rollUp(targets.map((t) => ({ status: t.status }))), targets: targets.length };

  const indicators = content.indicators.map((ind) => {
    const band = bandFor(ind, null);
    const total = [...seriesOf(ind.key, 'total', band)].sort((a, b) => a.year - b.year);
    const last = total.at(-1) ?? null;
    const women = seriesOf(ind.key, 'women', band);
    const men = seriesOf(ind.key, 'men', band);
    const points = (list: typeof total): SeriesPoint[] =>
      [...list]
        .filter((o) => o.year <= opts.year)
        .sort((a, b) => a.year - b.year)
        .map((o) => ({ year: o.year, value: o.value, seriesBreak: o.seriesBreak, example: o.example, preliminary: o.preliminary, numerator: o.numerator, denominator: o.denominator }));
    return {
      key: ind.key,
      name: ind.name,
      unit: ind.unit,
      latest: last ? { year: last.year, value: last.value, example: last.example, preliminary: last.preliminary } : null,
      seriesBreaks: total.filter((o) => o.seriesBreak).map((o) => o.year),
      series: { total: points(total), women: points(women), men: points(men) },
      stale: isStale({ frequency: ind.frequency, latestPeriodEnd: last ? `${last.year}-12-31` : null, asOf }),
      genderGap: ind.sexes.includes('women') && ind.sexes.includes('men') ? genderGap(women, men, { threshold: opts.gapThreshold ?? 5 }) : null,
    };
  });

  const best = new Map<string, { status: string; progress: number; comment: string | null; unit: string; rank: number }>();
  for (const f of reportsOfYear.followUps) {
    const report = reportById.get(f.report_id)!;
    const rank = REPORT_RANK[report.status as ReportStatus];
    const current = best.get(f.activity);
    if (!current || rank > current.rank) best.set(f.activity, { status: f.status, progress: f.progress, comment: f.comment, unit: report.unit_name, rank });
  }
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

/**
 * Who is expected to report: every committee, every unit that owns a goal of the document and every
 * unit of the municipality named responsible for an activity (not outside bodies such as
 * Arbetsförmedlingen), plus any unit that started a report this year or reported the year before. A unit without a report of its own is
 * covered by the nearest unit above it that has one (a board's report covers its administrations).
 */
function unitsStatus(
  content: StoredContent,
  units: Array<{ id: string; name: string; type: string; parent_id: string | null }>,
  reports: Array<{ unit_id: string; unit_name: string; status: string }>,
  reportedLastYear: ReadonlySet<string>,
): Compilation['units'] {
  const named = new Set<string>([
    ...content.goals.flatMap((g) => (g.ownerUnit ? [g.ownerUnit] : [])),
    ...content.activities.flatMap((a) => a.responsible.flatMap((r) => (r.unit ? [r.unit] : []))),
  ]);
  const expected = units.filter((u) => u.type !== 'other' && (u.type === 'committee' || named.has(u.name) || reportedLastYear.has(u.id) || reports.some((r) => r.unit_id === u.id)));
  const own = new Map<string, ReportStatus>();
  for (const r of reports) {
    const s = r.status as ReportStatus;
    const prev = own.get(r.unit_id);
    if (!prev || REPORT_RANK[s] > REPORT_RANK[prev]) own.set(r.unit_id, s);
  }
  const byId = new Map(units.map((u) => [u.id, u]));
  const statusOf = (id: string): { status: ReportStatus; via: string | null } | null => {
    let u = byId.get(id);
    for (let depth = 0; u && depth < 50; depth++) {
      const s = own.get(u.id);
      if (s) return { status: s, via: u.id === id ? null : u.name };
      u = u.parent_id ? byId.get(u.parent_id) : undefined;
    }
    return null;
  };
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'sv');
  const out: Compilation['units'] = { approved: [], notApproved: [], notSubmitted: [] };
  for (const u of expected.sort(byName)) {
    const found = statusOf(u.id);
    const entry = { id: u.id, name: u.name, via: found?.via ?? null };
    if (found?.status === 'approved' || found?.status === 'locked') out.approved.push({ ...entry, status: found.status });
    else if (found?.status === 'submitted') out.notApproved.push({ ...entry, status: found.status });
    else out.notSubmitted.push({ ...entry, status: found?.status ?? 'missing' });
  }
  return out;
}
