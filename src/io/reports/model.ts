import type { AttainmentReason, AttainmentStatus } from '../../domain/attainment/attainment.ts';
import type { ReportFormat } from '../../domain/reports/kinds.ts';
import type { Disagreement, RollUp } from '../../domain/attainment/rollup.ts';
import type { Staleness } from '../../domain/attainment/staleness.ts';
import { suppressBySex, type DisclosedCell, type DisclosureRules } from '../../domain/disclosure/suppression.ts';
import type { NarrativeAssessment, ReportStatus } from '../../domain/follow-up/report-workflow.ts';
import { goalRuns, planGroups, problemSpans } from '../../domain/strategy/plan-table.ts';
import { koladaUrl } from '../../domain/strategy/sources.ts';
import { flattenTree } from '../../domain/strategy/tree.ts';
import type { ActivityStatus, Definition, DocumentMeta, IndicatorUnit, Municipality, Sex, SourceKind } from '../../domain/strategy/types.ts';
import type { Compilation, DocumentTree, SeriesPoint, CompiledGenderGap } from '../../shared/api/views.ts';

/**
 * What a generated document says, before it is laid out: the yearly follow-up report, the action plan
 * and the decision proposal (tjänsteskrivelse). Built by pure functions from what the API already
 * gives (the document tree and the yearly compilation), so the DOCX, the PDF (through HTML) and the
 * XLSX say the same things in the same order, and every number has passed small-count suppression
 * before any renderer sees it.
 */

export type { ReportFormat, ReportKind } from '../../domain/reports/kinds.ts';

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export type DocumentInfo = DocumentMeta & { id: string };

/** One number of a table as published: null with a reason when suppressed (printed "..", never blank or 0). */
export interface ReportCell {
  value: number | null;
  suppressed: DisclosedCell['suppressed'];
  preliminary: boolean;
  example: boolean;
  seriesBreak: boolean;
}

export interface IndicatorSection {
  key: string;
  name: string;
  unit: IndicatorUnit;
  definition: string | null;
  population: string | null;
  source: { kind: SourceKind; ref: string | null; url: string | null };
  footnotes: string[];
  /** The sexes the table has columns for, in the order total, women, men. */
  sexes: Sex[];
  /** Year by year, every sex; a year missing for a sex is null (no value), which is not a suppression. */
  rows: Array<{ year: number; cells: Partial<Record<Sex, ReportCell | null>> }>;
  /** The chart's series: the same numbers as the table, suppressed ones left out. */
  series: Partial<Record<Sex, SeriesPoint[]>>;
  baseline: { year: number; value: number } | null;
  target: { year: number | null; value: number } | null;
  latest: Compilation['indicators'][number]['latest'];
  genderGap: CompiledGenderGap | null;
  stale: Staleness;
  seriesBreaks: number[];
  /** Some number in the table was suppressed: the table gets the disclosure note. */
  anySuppressed: boolean;
}

export interface TargetLine {
  key: string;
  statement: string;
  indicator: string | null;
  indicatorName: string | null;
  unit: IndicatorUnit | null;
  status: AttainmentStatus;
  reason: AttainmentReason;
  latest: { year: number; value: number } | null;
  targetValue: number | null;
  targetYear: number | null;
  usesExampleData: boolean;
}

export interface ActivityLine {
  key: string;
  description: string | null;
  status: ActivityStatus;
  progress: number | null;
  comment: string | null;
  reportedBy: string | null;
}

export interface GoalSection {
  key: string;
  title: string;
  /** 1 for the outermost goal level. */
  level: number;
  /** The document's name for the level ("Långsiktigt mål", "Delmål"), if it has one. */
  levelName: string | null;
  rollUp: RollUp;
  narratives: Array<{ unit: string; reportStatus: ReportStatus; assessment: NarrativeAssessment; text: string | null; disagreement: Disagreement['direction'] | null }>;
  targets: TargetLine[];
  indicators: IndicatorSection[];
  activities: ActivityLine[];
}

export interface AreaSection {
  key: string;
  /** null: the goals, indicators and activities outside every area. */
  name: string | null;
  rollUp: RollUp | null;
  /** The area's goals and their sub-goals, in reading order (`level` gives the depth). */
  goals: GoalSection[];
  indicators: IndicatorSection[];
  activities: ActivityLine[];
}

export interface UnitLine {
  name: string;
  via: string | null;
  status: ReportStatus | 'missing';
}

export interface FollowUpReport {
  kind: 'follow-up';
  municipality: Municipality;
  document: DocumentInfo;
  year: number;
  asOf: string;
  generatedAt: string;
  inForce: boolean;
  summary: { targets: number; achievedOrOnTrack: number; assessable: number; counts: Record<AttainmentStatus, number>; shareOnTrack: number | null; status: AttainmentStatus };
  perArea: Array<{ key: string; name: string; targets: number; achievedOrOnTrack: number; assessable: number; status: AttainmentStatus }>;
  sections: AreaSection[];
  units: { approved: UnitLine[]; notApproved: UnitLine[]; notSubmitted: UnitLine[] };
  definitions: Definition[];
  usesExampleData: boolean;
  disclosure: DisclosureRules;
}

export interface ActionPlanRow {
  /** Printed once for consecutive rows under the same goal: 0 on the rows it spans. */
  goal: string | null;
  goalSpan: number;
  problem: string | null;
  /** Rows sharing the problem cell above: 0. */
  problemSpan: number;
  activity: string | null;
  responsible: string | null;
  timeline: string | null;
  followUpText: string | null;
  status: ActivityStatus | null;
  progress: number | null;
  comment: string | null;
}

export interface ActionPlanReport {
  kind: 'action-plan';
  municipality: Municipality;
  document: DocumentInfo;
  /** The year whose status and follow-up are shown. */
  year: number;
  generatedAt: string;
  groups: Array<{ key: string; name: string | null; rows: ActionPlanRow[] }>;
  statusCounts: Record<ActivityStatus, number>;
}

export interface ProposalReport {
  kind: 'proposal';
  municipality: Municipality;
  document: DocumentInfo;
  /** The committee that proposes (Gymnasie- och arbetsmarknadsnämnden). */
  committee: string;
  /** The administration that wrote the proposal (Utvecklingsförvaltningen). */
  administration: string;
  date: string;
  caseNumber: string | null;
  title: string;
  /** The bodies the proposal goes to, in order (kommunstyrelsen, kommunfullmäktige). */
  route: string[];
  proposals: string[];
  description: string[];
  /** Roles that sign (Förvaltningschef, Utredare); never names. */
  signatures: string[];
  appendix: {
    document: DocumentTree;
    consultation: ConsultationAppendix | null;
  };
  generatedAt: string;
}

export interface ConsultationAppendix {
  title: string;
  deadline: string | null;
  answered: string[];
  notAnswered: string[];
  comments: Array<{ unit: string; item: string | null; text: string; decision: string | null; reply: string | null }>;
}

export type AnyReport = FollowUpReport | ActionPlanReport | ProposalReport;

/** A Kolada KPI's public page; other sources have no stable address. */
export function sourceUrl(kind: SourceKind, ref: string | null): string | null {
  return kind === 'kolada' ? koladaUrl({ sourceKind: kind, sourceRef: ref }) : null;
}

const SEX_ORDER: Sex[] = ['total', 'women', 'men'];
const SHARE_UNITS: IndicatorUnit[] = ['percent', 'per_1000', 'ratio'];

export interface FollowUpInput {
  municipality: Municipality;
  tree: DocumentTree;
  compilation: Compilation;
  generatedAt: string;
  rules: DisclosureRules;
}

/** The yearly follow-up report ("Uppföljning av integrationsstrategin YYYY") of one strategy. */
export function buildFollowUpReport({ municipality, tree, compilation: c, generatedAt, rules }: FollowUpInput): FollowUpReport {
  const indicatorByKey = new Map(c.indicators.map((i) => [i.key, i]));
  const flat = flattenTree(tree);
  const treeIndicators = new Map(flat.indicators.map((i) => [i.key, i]));
  const targetsByIndicator = new Map<string, Compilation['targets']>();
  for (const t of c.targets) if (t.indicator) targetsByIndicator.set(t.indicator, [...(targetsByIndicator.get(t.indicator) ?? []), t]);
  const treeTargets = new Map(flat.targets.map((t) => [t.key, t]));

  const indicatorSection = (key: string): IndicatorSection | null => {
    const ind = treeIndicators.get(key);
    const comp = indicatorByKey.get(key);
    if (!ind || !comp) return null;
    const years = new Set<number>();
    for (const s of SEX_ORDER) for (const p of comp.series[s]) years.add(p.year);
    const sexes = SEX_ORDER.filter((s) => comp.series[s].length > 0);
    const point = (s: Sex, y: number) => comp.series[s].find((p) => p.year === y) ?? null;
    const sortedYears = [...years].sort((a, b) => a - b);
    // Counts are suppressed as counts; shares through the counts they were computed from (when entered).
    const kind = ind.unitOfMeasure === 'count' ? 'count' : SHARE_UNITS.includes(ind.unitOfMeasure) ? 'share' : 'other';
    const cell = (s: Sex, y: number) => {
      const p = point(s, y);
      return p ? { value: p.value, numerator: p.numerator ?? null, denominator: p.denominator ?? null } : null;
    };
    const disclosed = suppressBySex(
      sortedYears.map((y) => ({ key: String(y), women: cell('women', y), men: cell('men', y), total: cell('total', y) })),
      kind,
      rules,
    );
    let anySuppressed = false;
    const rows = sortedYears.map((y, i) => {
      const cells: Partial<Record<Sex, ReportCell | null>> = {};
      for (const s of sexes) {
        const p = point(s, y);
        const d = disclosed[i]![s];
        if (d.suppressed) anySuppressed = true;
        cells[s] = p ? { value: d.value, suppressed: d.suppressed, preliminary: p.preliminary, example: p.example, seriesBreak: p.seriesBreak } : null;
      }
      return { year: y, cells };
    });
    const series: Partial<Record<Sex, SeriesPoint[]>> = {};
    for (const s of sexes) series[s] = comp.series[s].filter((p) => rows.find((r) => r.year === p.year)?.cells[s]?.suppressed == null);
    const first = (targetsByIndicator.get(key) ?? []).map((t) => treeTargets.get(t.key)).find((t) => t && t.value !== null);
    return {
      key,
      name: ind.name,
      unit: ind.unitOfMeasure,
      definition: ind.definition,
      population: ind.population,
      source: { kind: ind.sourceKind, ref: ind.sourceRef, url: sourceUrl(ind.sourceKind, ind.sourceRef) },
      footnotes: ind.footnotes,
      sexes,
      rows,
      series,
      baseline: first?.baseline ?? null,
      target: first && first.value !== null ? { year: first.targetYear, value: first.value } : null,
      latest: anySuppressed ? null : comp.latest,
      genderGap: anySuppressed ? null : comp.genderGap,
      stale: comp.stale,
      seriesBreaks: comp.seriesBreaks,
      anySuppressed,
    };
  };

  const sectionCache = new Map<string, IndicatorSection | null>();
  const sectionOf = (key: string) => {
    if (!sectionCache.has(key)) sectionCache.set(key, indicatorSection(key));
    return sectionCache.get(key)!;
  };
  const activity = (a: Compilation['activities'][number]): ActivityLine => ({ key: a.key, description: a.description, status: a.status, progress: a.progress, comment: a.comment, reportedBy: a.reportedBy });
  const goalByKey = new Map(c.goals.map((g) => [g.key, g]));
  const goalSections = (goals: DocumentTree['goals'], out: GoalSection[]) => {
    for (const g of goals) {
      const cg = goalByKey.get(g.key);
      if (cg) {
        out.push({
          key: g.key,
          title: g.title,
          level: g.level,
          levelName: tree.document.goalLevels[g.level - 1] ?? null,
          rollUp: cg.rollUp,
          narratives: cg.narratives,
          targets: c.targets.filter((t) => t.goal === g.key).map((t) => disclosedTarget(targetLine(t, treeIndicators, treeTargets), t, sectionOf)),
          indicators: g.indicators.map((i) => sectionOf(i.key)).filter((s): s is IndicatorSection => s !== null),
          activities: c.activities.filter((a) => a.goal === g.key).map(activity),
        });
      }
      goalSections(g.goals, out);
    }
  };

  const sections: AreaSection[] = [];
  for (const a of tree.areas) {
    const goals: GoalSection[] = [];
    goalSections(a.goals, goals);
    sections.push({
      key: a.key,
      name: a.name,
      rollUp: c.areas.find((x) => x.key === a.key)?.rollUp ?? null,
      goals,
      indicators: a.indicators.map((i) => sectionOf(i.key)).filter((s): s is IndicatorSection => s !== null),
      activities: c.activities.filter((x) => x.area === a.key && x.goal === null).map(activity),
    });
  }
  const looseGoals: GoalSection[] = [];
  goalSections(tree.goals, looseGoals);
  const loose: AreaSection = {
    key: '-',
    name: null,
    rollUp: null,
    goals: looseGoals,
    indicators: tree.indicators.map((i) => sectionOf(i.key)).filter((s): s is IndicatorSection => s !== null),
    activities: c.activities.filter((x) => x.area === null && x.goal === null).map(activity),
  };
  if (loose.goals.length + loose.indicators.length + loose.activities.length > 0) sections.push(loose);

  const onTrack = (r: RollUp) => r.counts.achieved + r.counts.on_track;
  const unitLine = (u: { name: string; via: string | null; status: ReportStatus | 'missing' }): UnitLine => ({ name: u.name, via: u.via, status: u.status });
  const { id, municipalityCode: _m, lockVersion: _l, createdAt: _c, updatedAt: _u, ...meta } = tree.document;
  return {
    kind: 'follow-up',
    municipality,
    document: { id, ...meta },
    year: c.year,
    asOf: c.asOf,
    generatedAt,
    // A document without dates (Tyresö's "Beslutsdatum 2018-XX-XX", valid until further notice) cannot be
    // shown to be out of force: only dates that put the year outside the validity give the notice.
    inForce: c.document.inForce || (tree.document.decisionDate === null && tree.document.validFrom === null && tree.document.status === 'adopted'),
    summary: {
      targets: c.summary.targets,
      achievedOrOnTrack: onTrack(c.summary),
      assessable: c.summary.assessable,
      counts: c.summary.counts,
      shareOnTrack: c.summary.shareOnTrack,
      status: c.summary.overall.status,
    },
    perArea: c.areas.map((a) => ({ key: a.key, name: a.name, targets: a.rollUp.total, achievedOrOnTrack: onTrack(a.rollUp), assessable: a.rollUp.assessable, status: a.rollUp.overall.status })),
    sections,
    units: { approved: c.units.approved.map(unitLine), notApproved: c.units.notApproved.map(unitLine), notSubmitted: c.units.notSubmitted.map(unitLine) },
    definitions: tree.definitions,
    usesExampleData: c.targets.some((t) => t.usesExampleData) || c.indicators.some((i) => i.latest?.example),
    disclosure: rules,
  };
}

function targetLine(
  t: Compilation['targets'][number],
  indicators: Map<string, { name: string; unitOfMeasure: IndicatorUnit }>,
  targets: Map<string, { value: number | null; targetYear: number | null }>,
): TargetLine {
  const ind = t.indicator ? indicators.get(t.indicator) : undefined;
  const latest = t.explanation.latest;
  return {
    key: t.key,
    statement: t.statement,
    indicator: t.indicator,
    indicatorName: ind?.name ?? null,
    unit: ind?.unitOfMeasure ?? null,
    status: t.status,
    reason: t.reason,
    latest: latest ? { year: latest.year, value: latest.value } : null,
    targetValue: targets.get(t.key)?.value ?? null,
    targetYear: targets.get(t.key)?.targetYear ?? null,
    usesExampleData: t.usesExampleData,
  };
}

/**
 * A target's latest value is printed beside its statement: it passes the same suppression as its
 * indicator's table. When the table suppressed that year's cell, or the target reads an age band the
 * table does not show and the table suppressed anything, the value is left out (the status and its
 * reason stay: they reveal no count).
 */
function disclosedTarget(line: TargetLine, t: Compilation['targets'][number], sectionOf: (key: string) => IndicatorSection | null): TargetLine {
  if (!line.latest || !t.indicator) return line;
  const section = sectionOf(t.indicator);
  if (!section || !section.anySuppressed) return line;
  const cell = section.rows.find((r) => r.year === line.latest!.year)?.cells[t.sex];
  const sameSeries = cell && cell.value === line.latest.value;
  return sameSeries && !cell.suppressed ? line : { ...line, latest: null };
}

export interface ActionPlanInput {
  municipality: Municipality;
  tree: DocumentTree;
  /** The year's compilation of the plan: the activities' status, progress and comment. */
  activities: Compilation['activities'];
  year: number;
  generatedAt: string;
}

/** The action plan as the adopted plan prints it, with the year's status and follow-up. */
export function buildActionPlanReport({ municipality, tree, activities, year, generatedAt }: ActionPlanInput): ActionPlanReport {
  const byKey = new Map(activities.map((a) => [a.key, a]));
  const statusCounts = { planned: 0, ongoing: 0, done: 0, postponed: 0, cancelled: 0 } as Record<ActivityStatus, number>;
  const groups = planGroups(tree, { goalRows: true }).map((g) => {
    const rows: ActionPlanRow[] = [];
    for (const run of goalRuns(g.rows)) {
      const spans = problemSpans(run.rows);
      run.rows.forEach((r, i) => {
        const a = r.activity;
        const f = a ? byKey.get(a.key) : undefined;
        const status = a ? (f?.status ?? a.status) : null;
        if (status) statusCounts[status] += 1;
        rows.push({
          goal: i === 0 ? (run.goal?.title ?? null) : null,
          goalSpan: i === 0 ? run.rows.length : 0,
          problem: a?.problem ?? null,
          problemSpan: spans[i]!,
          activity: a?.description ?? null,
          responsible: a ? (a.responsibleText ?? (a.responsible.map((x) => x.unit ?? x.role).filter(Boolean).join(', ') || null)) : null,
          timeline: a?.timelineText ?? null,
          followUpText: a?.followUpText ?? null,
          status,
          progress: f?.progress ?? null,
          comment: f?.comment ?? null,
        });
      });
    }
    return { key: g.key, name: g.name, rows };
  });
  const { id, municipalityCode: _m, lockVersion: _l, createdAt: _c, updatedAt: _u, ...meta } = tree.document;
  return { kind: 'action-plan', municipality, document: { id, ...meta }, year, generatedAt, groups, statusCounts };
}

/** The proposals and the signing roles as printed: the request's own, else the standard wording. */
export function proposalLines(r: ProposalReport, t: (id: string, values?: Record<string, string | number>) => string): { proposals: string[]; signatures: string[] } {
  const title = r.document.title;
  return {
    proposals: r.proposals.length > 0 ? r.proposals : [t(r.document.version > 1 ? 'reports.proposal.defaultRevise' : 'reports.proposal.defaultAdopt', { title })],
    signatures: r.signatures.length > 0 ? r.signatures : t('reports.proposal.defaultSignatures').split('|'),
  };
}
