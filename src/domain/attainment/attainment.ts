import { DomainError, type FieldIssue } from '../errors.ts';
import type { Comparator, IndicatorUnit, Recurrence } from '../strategy/types.ts';
import { baseOf, clean, compareGaps, sortedSeries, type GapChange, type Observation } from './series.ts';

/**
 * The status of one target. `achieved` and `not_achieved` are verdicts; the four progress statuses
 * follow Open SDG's categories (on track; progress made but acceleration needed; limited progress;
 * deterioration). docs/methodology/attainment.md#statuses-and-reasons
 */
export const ATTAINMENT_STATUSES = [
  'achieved',
  'on_track',
  'off_track_moderate',
  'off_track_significant',
  'deteriorating',
  'not_achieved',
  'not_assessable',
] as const;
export type AttainmentStatus = (typeof ATTAINMENT_STATUSES)[number];

/** The rule that decided a status, as a stable code the UI translates. docs/methodology/attainment.md#statuses-and-reasons */
export const ATTAINMENT_REASONS = [
  // not_assessable
  'no_indicator',
  'unit_mismatch',
  'no_target_value',
  'no_data',
  'no_baseline',
  'no_data_since_baseline',
  'too_few_observations',
  'no_reference_data',
  'no_overlap_with_reference',
  // verdicts: achieved / not_achieved
  'target_year_passed',
  'met_before_target_year',
  'met_without_target_year',
  'yearly_target_met',
  'yearly_target_missed',
  // progress
  'trajectory',
  'trajectory_linear',
  'trajectory_distance',
  'no_longer_met',
  'trend',
  'trend_linear',
  'reference_met',
  'reference_gap_trajectory',
  'reference_gap_trend',
] as const;
export type AttainmentReason = (typeof ATTAINMENT_REASONS)[number];

/** The tunable numbers of the method. Defaults: DEFAULT_ATTAINMENT_PARAMS; docs/methodology/attainment.md#parameters */
export interface AttainmentParams {
  /** R at or above which a target with a year is on track (Open SDG: 0.95). */
  onTrackRatio: number;
  /** R at or above which it is off track, moderately (Open SDG: 0.6); below it, significantly (down to 0). */
  moderateRatio: number;
  /** Direction-adjusted yearly growth at or above which a trend is on track (Open SDG: 1.5 %, times C). */
  onTrackGrowth: number;
  /** Growth at or above which a trend is off track, moderately (Open SDG: 0.5 %, times C). */
  moderateGrowth: number;
  /** Half-width of the band around an `equal` target's value, as a share of that value (0.02 = ±2 %). */
  equalTolerance: number;
  /** Number of latest observations a trend is measured over. */
  trendWindow: number;
  /** Fewest observations in that window for a trend (at least 2). */
  minTrendObservations: number;
  /** Number of years, ending with the latest, over which a yearly target's record is counted. */
  yearlyWindow: number;
  /** Scale the trend thresholds down for a percentage near 100 (Open SDG's C). */
  scaleNearLimit: boolean;
}

/** The defaults: Open SDG's thresholds, ±2 % for `equal`, a trend over 3 values, a record over 4 years (one term of office). */
export const DEFAULT_ATTAINMENT_PARAMS: Readonly<AttainmentParams> = Object.freeze({
  onTrackRatio: 0.95,
  moderateRatio: 0.6,
  onTrackGrowth: 0.015,
  moderateGrowth: 0.005,
  equalTolerance: 0.02,
  trendWindow: 3,
  minTrendObservations: 2,
  yearlyWindow: 4,
  scaleNearLimit: true,
});

/** Open SDG's exponent in the near-limit scaling factor C = 1 − (y0 / limit)^4.44. */
export const LIMIT_SCALING_EXPONENT = 4.44;

/** Everything `assessTarget` needs about one target and the observations of its dimension. */
export interface TargetAssessmentInput {
  comparator: Comparator;
  /** The target's value; null for direction-only and relative targets. */
  value: number | null;
  targetYear: number | null;
  recurrence: Recurrence;
  /** The document's own baseline; wins over the series when given (relative targets: its year does). */
  baseline: Observation | null;
  /**
   * Without an explicit baseline, growth is measured from the latest observation at or before this
   * year, or, when there is none, from the first one after it; null or absent: from the first
   * observation. The service passes the last calendar year completed when the document series was
   * first adopted (adopted 2023-06-01 → 2022: the figures the council could see).
   * docs/methodology/attainment.md#the-baseline
   */
  baseYear?: number | null;
  /** The unit the target's value is in, when the caller knows it; checked against the indicator's. */
  targetUnit?: IndicatorUnit | null;
  /** The linked indicator's unit; null when no indicator is linked. */
  indicatorUnit: IndicatorUnit | null;
  /** The reference indicator's unit (relative targets), when known; checked against the indicator's. */
  referenceUnit?: IndicatorUnit | null;
  /** Observations of the target's dimension (sex, age band), any order, one per year. */
  series: readonly Observation[];
  /** Observations of the reference indicator (relative comparators), any order, one per year. */
  referenceSeries?: readonly Observation[] | null;
  /** The year the follow-up is about; later observations are ignored. */
  assessmentYear: number;
}

/** An interval of the ratio R or of the growth rate; null is open. The status's interval is [min, max). */
export interface Band {
  min: number | null;
  max: number | null;
}

/** One common year of a relative target: the value, the reference, value − reference, and how far from meeting (0 when met). */
export interface ReferenceComparison {
  year: number;
  value: number;
  reference: number;
  gap: number;
  shortfall: number;
}

/** The numbers behind a status, for the UI to format. Which fields are set depends on the reason. */
export interface AttainmentExplanation {
  units?: { target: IndicatorUnit | null; indicator: IndicatorUnit | null; reference: IndicatorUnit | null };
  target?: { value: number | null; year: number | null };
  /** The latest observation at or before the assessment year. */
  latest?: Observation;
  /**
   * Where growth is measured from: the document's baseline (`explicit`) or an observation (`series`).
   * Set wherever the target's kind has a baseline (a value and a year, or relative), also on a verdict.
   */
  baseline?: Observation & { source: 'explicit' | 'series' };
  /** The observation a verdict after the target year is based on. */
  verdict?: Observation;
  /** Whether the assessment year is after the target year. */
  targetYearPassed?: boolean;
  /** +1 when higher is better, −1 when lower is better. */
  direction?: 1 | -1;
  /** How growth was measured: compound annual growth, linear change, or reduction of a distance or shortfall. */
  method?: 'cagr' | 'linear' | 'distance' | 'shortfall';
  /** Observed yearly growth (a rate for `cagr`, units per year otherwise), not direction-adjusted. */
  observedGrowth?: number;
  /** Yearly growth needed to reach the target in its year. */
  requiredGrowth?: number;
  /** Observed growth times the direction (trends). */
  adjustedGrowth?: number;
  /** R: observed over required growth, direction-adjusted. */
  ratio?: number;
  /** The interval the ratio (or the adjusted growth) fell in. */
  band?: Band;
  /** Trends: the adjusted growth at or above which the trend is on track, and moderately off track (times C). */
  thresholds?: { onTrack: number; moderate: number };
  /** Half-width of the band around an `equal` target, in the indicator's unit. */
  tolerance?: number;
  /** The deciding value minus the target value (verdicts and yearly targets). */
  gapToTarget?: number;
  /** The latest value as a share of the target value (yearly targets). */
  shareOfTarget?: number;
  /** How many of the last years with data met a yearly target. */
  record?: { fromYear: number; toYear: number; yearsWithData: number; yearsMet: number };
  /** The observations a trend was measured over. */
  window?: { fromYear: number; toYear: number; observations: number };
  /** Open SDG's C: 1 far from the limit, towards 0 near it. */
  scaling?: number;
  /** Relative targets: every common year of the two series. */
  comparisons?: ReferenceComparison[];
  /** Relative targets: value − reference in the deciding year. */
  gap?: number;
  /** Relative targets: how the shortfall changed from the base year to the latest common year. */
  gapChange?: GapChange | null;
  /** Relative targets: how the shortfall changed since the previous common year. */
  gapChangeSincePrevious?: GapChange | null;
  /** Number of observations available, when too few. */
  observations?: number;
}

/** The assessment of one target: never null, always with the rule that decided it. */
export interface Attainment {
  status: AttainmentStatus;
  reason: AttainmentReason;
  explanation: AttainmentExplanation;
}

/**
 * Assesses one target against the observations of its indicator, as of an assessment year.
 * Absolute targets with a year follow Open SDG / Statistics Canada's ratio of observed to required
 * growth and get a verdict once the target year is measured; yearly targets are met or missed year
 * by year; direction-only targets follow the recent trend; relative targets compare year by year
 * with the reference series. When no answer can be given the status is `not_assessable` with a reason.
 * Worked examples: docs/methodology/attainment.md.
 * @param params overrides of DEFAULT_ATTAINMENT_PARAMS
 * @example
 * assessTarget({ comparator: 'at_least', value: 10, targetYear: 2020, recurrence: 'once', baseline: null,
 *   indicatorUnit: 'percent', series: [{ year: 2015, value: 8 }, { year: 2018, value: 9.5 }], assessmentYear: 2019 })
 * // { status: 'on_track', reason: 'trajectory', explanation: { ratio: 1.29, ... } }
 */
export function assessTarget(input: TargetAssessmentInput, params: Partial<AttainmentParams> = {}): Attainment {
  const p = resolveParams(params);
  const relative = input.comparator === 'at_least_relative' || input.comparator === 'at_most_relative';
  const units = { target: input.targetUnit ?? null, indicator: input.indicatorUnit, reference: input.referenceUnit ?? null };
  if (input.indicatorUnit === null) return notAssessable('no_indicator', {});
  const targetMismatch = units.target !== null && units.target !== units.indicator;
  const referenceMismatch = relative && units.reference !== null && units.reference !== units.indicator;
  if (targetMismatch || referenceMismatch) return notAssessable('unit_mismatch', { units });

  if (input.comparator === 'at_least_relative' || input.comparator === 'at_most_relative') return assessRelative(input, p);
  if (input.comparator === 'increase' || input.comparator === 'decrease') {
    const series = sortedSeries(input.series, input.assessmentYear);
    if (series.length === 0) return notAssessable('no_data', {});
    return assessTrend(series, input.comparator === 'increase' ? 1 : -1, input.indicatorUnit, p, {});
  }

  const value = input.value;
  const target = { value, year: input.recurrence === 'yearly' ? null : input.targetYear };
  if (value === null) return notAssessable('no_target_value', { target });
  const series = sortedSeries(input.series, input.assessmentYear);
  if (series.length === 0) return notAssessable('no_data', { target });
  const goal: AbsoluteGoal = {
    comparator: input.comparator,
    value,
    tolerance: clean(p.equalTolerance * Math.abs(value)),
  };
  // A yearly target holds every year; a stray target year is ignored (validation refuses it anyway).
  if (input.recurrence === 'yearly') return assessYearly(goal, series, p);
  if (input.targetYear === null) return assessStanding(goal, series, input.indicatorUnit, p);
  return assessTrajectory(goal, input.targetYear, input, series, p);
}

interface AbsoluteGoal {
  comparator: 'at_least' | 'at_most' | 'equal';
  value: number;
  /** Absolute half-width of the band around an `equal` value. */
  tolerance: number;
}

function meets(goal: AbsoluteGoal, v: number): boolean {
  if (goal.comparator === 'at_least') return v >= goal.value;
  if (goal.comparator === 'at_most') return v <= goal.value;
  return clean(Math.abs(v - goal.value)) <= goal.tolerance;
}

function toleranceOf(goal: AbsoluteGoal): { tolerance?: number } {
  return goal.comparator === 'equal' ? { tolerance: goal.tolerance } : {};
}

/** docs/methodology/attainment.md#targets-with-a-value-and-a-year */
function assessTrajectory(goal: AbsoluteGoal, targetYear: number, input: TargetAssessmentInput, series: Observation[], p: AttainmentParams): Attainment {
  const latest = series[series.length - 1]!;
  const target = { value: goal.value, year: targetYear };
  const targetYearPassed = input.assessmentYear > targetYear;
  // The baseline by the base-year rule (docs: #the-baseline), named in every explanation of this kind.
  const baseline: Observation & { source: 'explicit' | 'series' } = input.baseline
    ? { year: input.baseline.year, value: input.baseline.value, source: 'explicit' }
    : { ...baseOf(series, input.baseYear ?? null)!, source: 'series' };
  const common = { target, latest, targetYearPassed, baseline, ...toleranceOf(goal) };

  // The verdict: the target year's value, or the first value after it when that year is missing.
  const verdict = series.find((o) => o.year >= targetYear);
  if (verdict) {
    const met = meets(goal, verdict.value);
    return { status: met ? 'achieved' : 'not_achieved', reason: 'target_year_passed', explanation: { ...common, verdict, gapToTarget: clean(verdict.value - goal.value) } };
  }
  if (meets(goal, latest.value)) {
    return { status: 'achieved', reason: 'met_before_target_year', explanation: { ...common, gapToTarget: clean(latest.value - goal.value) } };
  }
  if (baseline.year >= latest.year) {
    // Nothing later than the baseline to measure change to (an explicit baseline: no data since it).
    if (baseline.source === 'explicit') return notAssessable('no_data_since_baseline', common);
    return notAssessable('no_baseline', { ...common, observations: series.length });
  }
  // Open SDG's "base value already meets the target": the required growth points the wrong way (or is
  // zero), so R means nothing. The latest value does not meet the target: it was lost.
  if (meets(goal, baseline.value)) return { status: 'deteriorating', reason: 'no_longer_met', explanation: common };

  const elapsed = latest.year - baseline.year;
  const horizon = targetYear - baseline.year;
  if (goal.comparator === 'equal') {
    // Distance to the value, reduced linearly to zero by the target year (docs: #equal-targets).
    const d0 = Math.abs(baseline.value - goal.value);
    const di = Math.abs(latest.value - goal.value);
    const observedGrowth = clean((d0 - di) / elapsed);
    const requiredGrowth = clean(d0 / horizon);
    const ratio = linearRatio(d0 - di, elapsed, d0, horizon);
    const direction: 1 | -1 = goal.value >= baseline.value ? 1 : -1;
    return ratioStatus(ratio, p, 'trajectory_distance', { ...common, direction, method: 'distance', observedGrowth, requiredGrowth });
  }
  const direction: 1 | -1 = goal.comparator === 'at_least' ? 1 : -1;
  // CAGR needs positive values; with a zero or negative one we use the linear rate and say so in the reason.
  // A base so close to zero that the compound rates overflow (a float) is treated like zero.
  const cagrObserved = (latest.value / baseline.value) ** (1 / elapsed) - 1;
  const cagrRequired = (goal.value / baseline.value) ** (1 / horizon) - 1;
  const cagr = baseline.value > 0 && latest.value > 0 && goal.value > 0 && Number.isFinite(cagrObserved) && Number.isFinite(cagrRequired);
  const observedGrowth = clean(cagr ? cagrObserved : (latest.value - baseline.value) / elapsed);
  const requiredGrowth = clean(cagr ? cagrRequired : (goal.value - baseline.value) / horizon);
  const ratio = cagr ? (direction * observedGrowth) / Math.abs(requiredGrowth) : linearRatio(direction * (latest.value - baseline.value), elapsed, Math.abs(goal.value - baseline.value), horizon);
  return ratioStatus(ratio, p, cagr ? 'trajectory' : 'trajectory_linear', {
    ...common,
    direction,
    method: cagr ? 'cagr' : 'linear',
    observedGrowth,
    requiredGrowth,
  });
}

/** docs/methodology/attainment.md#yearly-targets */
function assessYearly(goal: AbsoluteGoal, series: Observation[], p: AttainmentParams): Attainment {
  const latest = series[series.length - 1]!;
  const fromYear = latest.year - p.yearlyWindow + 1;
  const inWindow = series.filter((o) => o.year >= fromYear);
  const record = { fromYear, toYear: latest.year, yearsWithData: inWindow.length, yearsMet: inWindow.filter((o) => meets(goal, o.value)).length };
  const met = meets(goal, latest.value);
  return {
    status: met ? 'achieved' : 'not_achieved',
    reason: met ? 'yearly_target_met' : 'yearly_target_missed',
    explanation: {
      target: { value: goal.value, year: null },
      latest,
      gapToTarget: clean(latest.value - goal.value),
      ...(goal.value !== 0 ? { shareOfTarget: clean(latest.value / goal.value) } : {}),
      record,
      ...toleranceOf(goal),
    },
  };
}

/** An absolute target without a year: met now, or else judged on its trend. docs/methodology/attainment.md#targets-with-a-value-and-no-year */
function assessStanding(goal: AbsoluteGoal, series: Observation[], unit: IndicatorUnit, p: AttainmentParams): Attainment {
  const latest = series[series.length - 1]!;
  const target = { value: goal.value, year: null };
  if (meets(goal, latest.value)) {
    return { status: 'achieved', reason: 'met_without_target_year', explanation: { target, latest, gapToTarget: clean(latest.value - goal.value), ...toleranceOf(goal) } };
  }
  const direction: 1 | -1 = goal.comparator === 'at_least' ? 1 : goal.comparator === 'at_most' ? -1 : goal.value > latest.value ? 1 : -1;
  return assessTrend(series, direction, unit, p, { target, ...toleranceOf(goal) });
}

/** Direction-adjusted growth over the last observations against Open SDG's thresholds. docs/methodology/attainment.md#direction-only-targets */
function assessTrend(series: Observation[], direction: 1 | -1, unit: IndicatorUnit, p: AttainmentParams, extra: AttainmentExplanation): Attainment {
  const latest = series[series.length - 1]!;
  const window = series.slice(-p.trendWindow);
  if (window.length < p.minTrendObservations) return notAssessable('too_few_observations', { ...extra, latest, observations: window.length });
  const first = window[0]!;
  const span = latest.year - first.year;
  const cagr = first.value > 0 && latest.value > 0 && Number.isFinite((latest.value / first.value) ** (1 / span));
  let observedGrowth: number;
  if (cagr) {
    observedGrowth = clean((latest.value / first.value) ** (1 / span) - 1);
  } else {
    // Linear change per year relative to the window's mean size, defined through zero and below it.
    const meanSize = window.reduce((sum, o) => sum + Math.abs(o.value), 0) / window.length;
    observedGrowth = meanSize === 0 ? 0 : clean((latest.value - first.value) / (span * meanSize));
  }
  const adjustedGrowth = direction * observedGrowth + 0;
  const scaling = limitScaling(unit, direction, first.value, p);
  const high = clean(p.onTrackGrowth * scaling);
  const medium = clean(p.moderateGrowth * scaling);
  const [status, band] = categorise(adjustedGrowth, high, medium);
  return {
    status,
    reason: cagr ? 'trend' : 'trend_linear',
    explanation: {
      ...extra,
      latest,
      window: { fromYear: first.year, toYear: latest.year, observations: window.length },
      direction,
      method: cagr ? 'cagr' : 'linear',
      observedGrowth,
      adjustedGrowth,
      scaling,
      band,
      thresholds: { onTrack: high, moderate: medium },
    },
  };
}

/**
 * Open SDG's C for a maximum limit, applied to percentages that should increase (limit 100). A
 * minimum limit of 0 gives C = 1 in Open SDG's formula, so falling shares and counts are not scaled.
 */
function limitScaling(unit: IndicatorUnit, direction: 1 | -1, base: number, p: AttainmentParams): number {
  if (!p.scaleNearLimit || unit !== 'percent' || direction !== 1) return 1;
  const limit = 100;
  const y0 = Math.abs(base);
  if (y0 >= 2 * limit) return 1;
  if (y0 <= limit) return 1 - (y0 / limit) ** LIMIT_SCALING_EXPONENT;
  return 1 - ((2 * limit - y0) / limit) ** LIMIT_SCALING_EXPONENT;
}

/** docs/methodology/attainment.md#relative-targets */
function assessRelative(input: TargetAssessmentInput, p: AttainmentParams): Attainment {
  const atMost = input.comparator === 'at_most_relative';
  const targetYear = input.targetYear;
  const target = { value: null, year: targetYear };
  const series = sortedSeries(input.series, input.assessmentYear);
  if (series.length === 0) return notAssessable('no_data', { target });
  const latestOwn = series[series.length - 1]!;
  const reference = sortedSeries(input.referenceSeries ?? [], input.assessmentYear, 'referenceSeries');
  if (reference.length === 0) return notAssessable('no_reference_data', { target, latest: latestOwn });
  const byYear = new Map(reference.map((o) => [o.year, o.value]));
  const comparisons: ReferenceComparison[] = series
    .filter((o) => byYear.has(o.year))
    .map((o) => {
      const ref = byYear.get(o.year)!;
      const gap = clean(o.value - ref);
      return { year: o.year, value: o.value, reference: ref, gap, shortfall: Math.max(0, atMost ? gap : -gap) + 0 };
    });
  if (comparisons.length === 0) return notAssessable('no_overlap_with_reference', { target, latest: latestOwn });

  const last = comparisons[comparisons.length - 1]!;
  const previous = comparisons[comparisons.length - 2];
  const latest = { year: last.year, value: last.value };
  const targetYearPassed = targetYear !== null && input.assessmentYear > targetYear;
  // The base: the first common year in or after an explicit baseline's year; else the base-year rule
  // over the common years (docs: #the-baseline).
  const base = input.baseline ? comparisons.find((c) => c.year >= input.baseline!.year) : baseOf(comparisons, input.baseYear ?? null);
  const baseline = base ? { year: base.year, value: base.value, source: 'series' as const } : undefined;
  const common: AttainmentExplanation = {
    target,
    latest,
    targetYearPassed,
    ...(baseline ? { baseline } : {}),
    direction: atMost ? -1 : 1,
    comparisons,
    gapChangeSincePrevious: previous ? compareGaps(previous.shortfall, last.shortfall) : null,
  };

  const verdict = targetYear === null ? undefined : comparisons.find((c) => c.year >= targetYear);
  if (verdict) {
    const met = verdict.shortfall === 0;
    return {
      status: met ? 'achieved' : 'not_achieved',
      reason: 'target_year_passed',
      explanation: { ...common, verdict: { year: verdict.year, value: verdict.value }, gap: verdict.gap },
    };
  }
  if (last.shortfall === 0) return { status: 'on_track', reason: 'reference_met', explanation: { ...common, gap: last.gap } };

  if (!base || base.year >= last.year) return notAssessable('no_baseline', { ...common, gap: last.gap, observations: comparisons.length });
  const gapChange = compareGaps(base.shortfall, last.shortfall);
  const withBase = { ...common, gap: last.gap, gapChange };
  if (base.shortfall === 0) return { status: 'deteriorating', reason: 'no_longer_met', explanation: withBase };

  if (targetYear !== null) {
    // The shortfall should shrink linearly to zero by the target year.
    const observedGrowth = clean((base.shortfall - last.shortfall) / (last.year - base.year));
    const requiredGrowth = clean(base.shortfall / (targetYear - base.year));
    return ratioStatus(linearRatio(base.shortfall - last.shortfall, last.year - base.year, base.shortfall, targetYear - base.year), p, 'reference_gap_trajectory', { ...withBase, method: 'shortfall', observedGrowth, requiredGrowth });
  }
  const status: AttainmentStatus = gapChange === 'narrower' ? 'off_track_moderate' : gapChange === 'unchanged' ? 'off_track_significant' : 'deteriorating';
  return { status, reason: 'reference_gap_trend', explanation: withBase };
}

/**
 * R for linear rates, (observed change / elapsed) ÷ (required change / horizon), computed as
 * (observed / required) · (horizon / elapsed): the same number, but a tiny distance divided by the
 * years first can underflow to 0 and make R 0/0 (a property test found 5e-324).
 */
function linearRatio(observedChange: number, elapsed: number, requiredChange: number, horizon: number): number {
  return (observedChange / requiredChange) * (horizon / elapsed);
}

function ratioStatus(rawRatio: number, p: AttainmentParams, reason: AttainmentReason, explanation: AttainmentExplanation): Attainment {
  // The ratio a page shows is the one that decides: 0.95 is on track even when the float says 0.9499999999999.
  const ratio = clean(rawRatio);
  const [status, band] = categorise(ratio, p.onTrackRatio, p.moderateRatio);
  return { status, reason, explanation: { ...explanation, ratio, band } };
}

/** The four progress categories: ≥ high on track; ≥ medium moderate; ≥ 0 significant; < 0 deteriorating. */
function categorise(x: number, high: number, medium: number): [AttainmentStatus, Band] {
  if (x >= high) return ['on_track', { min: high, max: null }];
  if (x >= medium) return ['off_track_moderate', { min: medium, max: high }];
  if (x >= 0) return ['off_track_significant', { min: 0, max: medium }];
  return ['deteriorating', { min: null, max: 0 }];
}

function notAssessable(reason: AttainmentReason, explanation: AttainmentExplanation): Attainment {
  return { status: 'not_assessable', reason, explanation };
}

function resolveParams(overrides: Partial<AttainmentParams>): AttainmentParams {
  const p: AttainmentParams = { ...DEFAULT_ATTAINMENT_PARAMS, ...overrides };
  const issues: FieldIssue[] = [];
  const check = (ok: boolean, field: keyof AttainmentParams, message: string): void => {
    if (!ok) issues.push({ path: `/params/${field}`, message });
  };
  check(p.moderateRatio >= 0 && p.onTrackRatio >= p.moderateRatio, 'onTrackRatio', 'the ratio thresholds must satisfy 0 ≤ moderateRatio ≤ onTrackRatio');
  check(p.moderateGrowth >= 0 && p.onTrackGrowth >= p.moderateGrowth, 'onTrackGrowth', 'the growth thresholds must satisfy 0 ≤ moderateGrowth ≤ onTrackGrowth');
  check(p.equalTolerance >= 0, 'equalTolerance', 'the tolerance cannot be negative');
  check(Number.isInteger(p.minTrendObservations) && p.minTrendObservations >= 2, 'minTrendObservations', 'a trend needs at least 2 observations');
  check(Number.isInteger(p.trendWindow) && p.trendWindow >= p.minTrendObservations, 'trendWindow', 'the trend window must hold at least minTrendObservations values');
  check(Number.isInteger(p.yearlyWindow) && p.yearlyWindow >= 1, 'yearlyWindow', 'the yearly record covers at least one year');
  if (issues.length > 0) throw new DomainError('validation', 'The attainment parameters are not valid', { issues });
  return p;
}
