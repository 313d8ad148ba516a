import { DEFAULT_ATTAINMENT_PARAMS, type AttainmentExplanation, type AttainmentReason, type AttainmentStatus } from '../../domain/attainment/attainment.ts';
import type { Sentence, SentenceValue } from '../../domain/attainment/explain.ts';
import type { ReportFormat } from '../../domain/reports/kinds.ts';
import { STATUS_ORDER, type Disagreement } from '../../domain/attainment/rollup.ts';
import type { Staleness } from '../../domain/attainment/staleness.ts';
import { suppressBySex, type DisclosedCell, type DisclosureRules } from '../../domain/disclosure/suppression.ts';
import type { NarrativeAssessment, ReportStatus } from '../../domain/follow-up/report-workflow.ts';
import { goalRuns, planGroups, problemSpans } from '../../domain/strategy/plan-table.ts';
import { koladaUrl } from '../../domain/strategy/sources.ts';
import { flattenTree } from '../../domain/strategy/tree.ts';
import type { ActivityStatus, Comparator, Definition, DocumentMeta, IndicatorUnit, Municipality, Recurrence, Sex, SourceKind, Target } from '../../domain/strategy/types.ts';
import type { Compilation, CompiledBand, CompiledIndicator, DocumentTree, RollUpView, SeriesPoint, CompiledGenderGap } from '../../shared/api/views.ts';

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

/** One age band of an indicator as its table prints it, every number through suppression. */
export interface BandTable {
  /** The age band (null: all ages). */
  ageBand: string | null;
  /** The sexes the table has columns for, in the order total, women, men. */
  sexes: Sex[];
  /** Year by year, every sex; a year missing for a sex is null (no value), which is not a suppression. */
  rows: Array<{ year: number; cells: Partial<Record<Sex, ReportCell | null>> }>;
  /** The chart's series: the same numbers as the table, suppressed ones left out. */
  series: Partial<Record<Sex, SeriesPoint[]>>;
  /** The headline sex's latest value; null when none, or when its cell is suppressed. */
  latest: Compilation['indicators'][number]['latest'];
  /** The band's own women–men gap; null when the table suppressed anything (a gap could give a hidden value away). */
  genderGap: CompiledGenderGap | null;
  seriesBreaks: number[];
  /** Some number in the table was suppressed: the table gets the disclosure note. */
  anySuppressed: boolean;
}

/**
 * An indicator: its headline age band's table (the fields of BandTable: what the chart and the summary
 * show), and every other declared age band with a table and a gap of its own.
 */
export interface IndicatorSection extends BandTable {
  key: string;
  name: string;
  unit: IndicatorUnit;
  definition: string | null;
  population: string | null;
  source: { kind: SourceKind; ref: string | null; url: string | null };
  footnotes: string[];
  /** The tables name their age band: the indicator declares one, or several. */
  namesBand: boolean;
  /** The declared age bands other than the headline, in the order declared. */
  otherBands: BandTable[];
  baseline: { year: number; value: number } | null;
  target: { year: number | null; value: number } | null;
  stale: Staleness;
}

/** A value of the target's series printed beside it, with its year; `reference`: the comparison group's value that year (relative targets). */
export interface YearValue {
  year: number;
  value: number;
  reference: number | null;
}

export interface TargetLine {
  key: string;
  statement: string;
  indicator: string | null;
  indicatorName: string | null;
  /** The age band the target reads, when the report's tables name bands (else null). */
  ageBand: string | null;
  /** The sex the target reads, when not the indicator's headline sex (else null). */
  sex: Sex | null;
  unit: IndicatorUnit | null;
  status: AttainmentStatus;
  reason: AttainmentReason;
  comparator: Comparator;
  recurrence: Recurrence;
  /** The target in words ("minst 50,0 %", "högst jämförelsegruppens nivå", "en ökning"); null: it has no value. */
  targetPhrase: Sentence | null;
  targetValue: number | null;
  targetYear: number | null;
  /** The value the status rests on: the verdict's (the target year's) when there is one, else the latest; null when none or suppressed. */
  assessed: (YearValue & { verdict: boolean }) | null;
  /** The latest value, when it is later than the assessed one (a verdict on 2020, values up to 2025). */
  latest: YearValue | null;
  /** The baseline progress was measured from, where one was used. */
  baseline: YearValue | null;
  /**
   * The reason in words with its numbers, as the web app and the API give it; `common.reason.<reason>`
   * (no numbers) when a number it would print is suppressed in the indicator's table.
   */
  sentence: Sentence;
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
  /** The computed status of the goal and its rule in words (`sentence`). */
  rollUp: RollUpView;
  narratives: Array<{ unit: string; reportStatus: ReportStatus; assessment: NarrativeAssessment; text: string | null; disagreement: Disagreement['direction'] | null }>;
  targets: TargetLine[];
  indicators: IndicatorSection[];
  activities: ActivityLine[];
}

export interface AreaSection {
  key: string;
  /** null: the goals, indicators and activities outside every area. */
  name: string | null;
  rollUp: RollUpView | null;
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
  /**
   * Every status word of the summary comes from here: `statuses` are the ones at least one target has
   * (best first, not assessable last), `status` is the median of the targets' (one of them), and
   * `onTrack` says which of achieved and on track the count `achievedOrOnTrack` is made of.
   */
  summary: {
    targets: number;
    achievedOrOnTrack: number;
    onTrack: 'achieved' | 'on_track' | 'both' | 'none';
    assessable: number;
    counts: Record<AttainmentStatus, number>;
    statuses: AttainmentStatus[];
    shareOnTrack: number | null;
    status: AttainmentStatus;
    sentence: Sentence;
  };
  perArea: Array<{ key: string; name: string; targets: number; achievedOrOnTrack: number; assessable: number; status: AttainmentStatus; sentence: Sentence }>;
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
    // Counts are suppressed as counts; shares through the counts they were computed from (when entered).
    const kind = ind.unitOfMeasure === 'count' ? 'count' : SHARE_UNITS.includes(ind.unitOfMeasure) ? 'share' : 'other';
    const bands = compiledBands(comp);
    const headline = bands.find((b) => b.headline) ?? bands[0]!;
    const main = disclosedBand(headline, comp.headline.sex, kind, rules);
    const first = (targetsByIndicator.get(key) ?? []).map((t) => treeTargets.get(t.key)).find((t) => t && t.value !== null);
    return {
      key,
      name: ind.name,
      unit: ind.unitOfMeasure,
      definition: ind.definition,
      population: ind.population,
      source: { kind: ind.sourceKind, ref: ind.sourceRef, url: sourceUrl(ind.sourceKind, ind.sourceRef) },
      footnotes: ind.footnotes,
      ...main,
      namesBand: bands.length > 1 || headline.ageBand !== null,
      otherBands: bands.filter((b) => b !== headline).map((b) => disclosedBand(b, comp.headline.sex, kind, rules)),
      baseline: first?.baseline ?? null,
      target: first && first.value !== null ? { year: first.targetYear, value: first.value } : null,
      stale: comp.stale,
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
          targets: c.targets.filter((t) => t.goal === g.key).map((t) => targetLine(t, treeTargets.get(t.key), indicatorByKey, sectionOf)),
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

  const onTrack = (r: RollUpView) => r.counts.achieved + r.counts.on_track;
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
      onTrack: c.summary.counts.achieved > 0 ? (c.summary.counts.on_track > 0 ? 'both' : 'achieved') : c.summary.counts.on_track > 0 ? 'on_track' : 'none',
      assessable: c.summary.assessable,
      counts: c.summary.counts,
      statuses: [...STATUS_ORDER, 'not_assessable' as const].filter((st) => c.summary.counts[st] > 0),
      shareOnTrack: c.summary.shareOnTrack,
      status: c.summary.overall.status,
      sentence: c.summary.sentence,
    },
    perArea: c.areas.map((a) => ({ key: a.key, name: a.name, targets: a.rollUp.total, achievedOrOnTrack: onTrack(a.rollUp), assessable: a.rollUp.assessable, status: a.rollUp.overall.status, sentence: a.rollUp.sentence })),
    sections,
    units: { approved: c.units.approved.map(unitLine), notApproved: c.units.notApproved.map(unitLine), notSubmitted: c.units.notSubmitted.map(unitLine) },
    definitions: tree.definitions,
    usesExampleData: c.targets.some((t) => t.usesExampleData) || c.indicators.some((i) => i.latest?.example),
    disclosure: rules,
  };
}

/** Every age band of a compiled indicator, the headline among them. */
function compiledBands(comp: CompiledIndicator): CompiledBand[] {
  return comp.bands;
}

/**
 * One age band's table: every year and sex through small-count suppression. The chart's series leaves
 * the suppressed values out; the latest value is kept only when its own cell is published, and the
 * women–men gap only when nothing in the table is suppressed (a gap and one published value give the
 * other away).
 */
function disclosedBand(band: CompiledBand, headlineSex: Sex, kind: 'count' | 'share' | 'other', rules: DisclosureRules): BandTable {
  const years = new Set<number>();
  for (const s of SEX_ORDER) for (const p of band.series[s]) years.add(p.year);
  const sexes = SEX_ORDER.filter((s) => band.series[s].length > 0);
  const point = (s: Sex, y: number) => band.series[s].find((p) => p.year === y) ?? null;
  const sortedYears = [...years].sort((a, b) => a - b);
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
  for (const s of sexes) series[s] = band.series[s].filter((p) => rows.find((r) => r.year === p.year)?.cells[s]?.suppressed == null);
  const latestCell = band.latest ? rows.find((r) => r.year === band.latest!.year)?.cells[headlineSex] : null;
  return {
    ageBand: band.ageBand,
    sexes,
    rows,
    series,
    latest: band.latest && latestCell && !latestCell.suppressed ? band.latest : null,
    genderGap: anySuppressed ? null : band.genderGap,
    seriesBreaks: band.series[headlineSex].filter((p) => p.seriesBreak).map((p) => p.year),
    anySuppressed,
  };
}

/** The target in words: "minst 50,0 %", "50,0 % ± 1,0 procentenheter", "högst jämförelsegruppens nivå", "en ökning". */
function targetPhrase(target: Pick<Target, 'comparator' | 'value'>, e: AttainmentExplanation, unit: IndicatorUnit | null): Sentence | null {
  const c = target.comparator;
  if (c === 'at_least_relative' || c === 'at_most_relative') return { id: `attainment.target.${c}`, values: {} };
  if (c === 'increase' || c === 'decrease') return { id: `reports.target.${c}`, values: {} };
  const v = e.target?.value ?? target.value;
  if (v === null || v === undefined) return null;
  const value: SentenceValue = { kind: 'value', value: v, unit };
  if (c === 'equal') {
    const tolerance = e.tolerance ?? Math.round(DEFAULT_ATTAINMENT_PARAMS.equalTolerance * Math.abs(v) * 1e9) / 1e9;
    return { id: 'attainment.target.equal', values: { value, tolerance: { kind: 'change', value: Math.abs(tolerance), unit } } };
  }
  return { id: `attainment.target.${c}`, values: { value } };
}

/**
 * The years of the indicator's (and the comparison group's) values a sentence's numbers rest on: every
 * year it names except the target year, and every year of a range it names (a trend's window, a yearly
 * target's record): a rate over a window is computed from every value in it.
 */
export function sentenceYears(s: Sentence): number[] {
  const out = new Set<number>();
  const walk = (x: Sentence) => {
    for (const [name, v] of Object.entries(x.values)) {
      if (v.kind === 'year' && name !== 'targetYear') out.add(v.value);
      if (v.kind === 'phrase') walk(v.sentence);
      if (v.kind === 'list') v.items.forEach(walk);
    }
    const from = x.values.fromYear;
    const to = x.values.toYear;
    if (from?.kind === 'year' && to?.kind === 'year') for (let y = from.value; y <= to.value; y++) out.add(y);
  };
  walk(s);
  return [...out].sort((a, b) => a - b);
}

/**
 * A target as its row prints it: the target in words, the value the status rests on with its year, the
 * baseline where one was used, the latest value when later, and the reason in words. Every value
 * printed passes the same suppression as the indicator's table (the target's own age band and sex, and
 * for a relative target the comparison indicator's): a value whose cell is suppressed is left out, and
 * a sentence that would print one is replaced by the reason without numbers (`common.reason.<reason>`).
 * Where the report has no cell to check against (a series it does not print) and the indicator has
 * suppressed anything, the value is left out too.
 */
function targetLine(
  t: Compilation['targets'][number],
  target: Target | undefined,
  indicators: Map<string, CompiledIndicator>,
  sectionOf: (key: string) => IndicatorSection | null,
): TargetLine {
  const comp = t.indicator ? indicators.get(t.indicator) : undefined;
  const section = t.indicator ? sectionOf(t.indicator) : null;
  const unit = t.unitOfMeasure ?? comp?.unitOfMeasure ?? null;
  const e = t.explanation;
  const refKey = target?.referenceIndicator ?? null;
  const refComp = refKey ? indicators.get(refKey) : undefined;
  const refBand = target?.ageBand ?? refComp?.headline.ageBand ?? null;

  /** Whether the value of a series in a year may be printed, by the report's own table of that series. */
  const published = (key: string | null, ageBand: string | null, year: number): boolean => {
    if (key === null) return true;
    const s = sectionOf(key);
    if (!s) return false;
    const band = s.ageBand === ageBand ? s : s.otherBands.find((b) => b.ageBand === ageBand);
    const anySuppressed = s.anySuppressed || s.otherBands.some((b) => b.anySuppressed);
    const c = band?.rows.find((r) => r.year === year)?.cells[t.sex];
    if (!band || !c) return !anySuppressed;
    return !c.suppressed;
  };
  const own = (year: number) => published(t.indicator, t.ageBand, year);
  const reference = (year: number) => (refKey ? published(refKey, refBand, year) : true);
  const referenceAt = (year: number): number | null => {
    const c = e.comparisons?.find((x) => x.year === year);
    return c && reference(year) ? c.reference : null;
  };
  const yearValue = (o: { year: number; value: number } | undefined): YearValue | null => (o && own(o.year) ? { year: o.year, value: o.value, reference: referenceAt(o.year) } : null);

  const assessedFrom = e.verdict ?? e.latest;
  const assessed = yearValue(assessedFrom);
  const latest = e.verdict && e.latest && e.latest.year > e.verdict.year ? yearValue(e.latest) : null;
  const sentenceOk = sentenceYears(t.sentence).every((y) => own(y) && reference(y));
  return {
    key: t.key,
    statement: t.statement,
    indicator: t.indicator,
    indicatorName: section?.name ?? comp?.name ?? null,
    ageBand: section?.namesBand ? t.ageBand : null,
    sex: comp && t.sex !== comp.headline.sex ? t.sex : null,
    unit,
    status: t.status,
    reason: t.reason,
    comparator: target?.comparator ?? 'at_least',
    recurrence: target?.recurrence ?? 'once',
    targetPhrase: target ? targetPhrase(target, e, unit) : null,
    targetValue: e.target?.value ?? target?.value ?? null,
    targetYear: target?.recurrence === 'yearly' ? null : (e.target?.year ?? target?.targetYear ?? null),
    assessed: assessed ? { ...assessed, verdict: e.verdict !== undefined } : null,
    latest,
    baseline: e.baseline ? yearValue(e.baseline) : null,
    sentence: sentenceOk ? t.sentence : { id: `common.reason.${t.reason}`, values: {} },
    usesExampleData: t.usesExampleData,
  };
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
