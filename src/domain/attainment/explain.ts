import type { Comparator, IndicatorUnit, Recurrence } from '../strategy/types.ts';
import type { Attainment, AttainmentExplanation, ReferenceComparison } from './attainment.ts';
import { STATUS_ORDER, type RollUp } from './rollup.ts';

/**
 * One value of a sentence, tagged so the formatter can format it by locale and unit
 * (src/shared/attainment-text.ts). `change` and `rate` are magnitudes (≥ 0): the sentence says which
 * way with a `choice`. docs/methodology/attainment.md#the-reasons-in-words
 */
export type SentenceValue =
  /** A value of the indicator (or of the target), in the indicator's unit: 47,0 %, 305. */
  | { kind: 'value'; value: number; unit: IndicatorUnit | null }
  /** A difference or a yearly change in the indicator's unit: percentage points for a percentage. */
  | { kind: 'change'; value: number; unit: IndicatorUnit | null }
  /** A relative rate (a yearly growth rate), shown as a percentage: 0.0612 → 6,1 %. */
  | { kind: 'rate'; value: number }
  /** A calendar year, printed as is (2020, not 2 020). */
  | { kind: 'year'; value: number }
  /** A plain number, such as a ratio. */
  | { kind: 'number'; value: number }
  /** A whole number the message may choose a plural form by (ICU `plural`); passed as a number. */
  | { kind: 'count'; value: number }
  /** A key the message chooses words by (ICU `select`); passed as a string. */
  | { kind: 'choice'; value: string }
  /** A part of a sentence with its own message, formatted first (the target: "minst 50,0 %"). */
  | { kind: 'phrase'; sentence: Sentence }
  /** Parts of a sentence, formatted and joined as a list in the locale ("a, b och c"). */
  | { kind: 'list'; items: Sentence[] };

/**
 * A sentence as a message descriptor: the id of a message in src/shared/locales/<lang>/attainment.json
 * and its values. The domain has no locale; `attainmentText(intl, sentence)` in src/shared turns it
 * into words.
 */
export interface Sentence {
  id: string;
  values: Record<string, SentenceValue>;
}

/** What a sentence needs to know about the target besides its assessment. */
export interface DescribeTargetInput {
  comparator: Comparator;
  /** The target's value; null for direction-only and relative targets. */
  value: number | null;
  targetYear: number | null;
  recurrence: Recurrence;
  /** The linked indicator's unit (null without one): every value in the sentence is in it. */
  unitOfMeasure: IndicatorUnit | null;
}

const value = (v: number, unit: IndicatorUnit | null): SentenceValue => ({ kind: 'value', value: v, unit });
const change = (v: number, unit: IndicatorUnit | null): SentenceValue => ({ kind: 'change', value: Math.abs(v) + 0, unit });
const rate = (v: number): SentenceValue => ({ kind: 'rate', value: Math.abs(v) + 0 });
const year = (y: number): SentenceValue => ({ kind: 'year', value: y });
const count = (n: number): SentenceValue => ({ kind: 'count', value: n });
const choice = (c: string): SentenceValue => ({ kind: 'choice', value: c });
const phrase = (sentence: Sentence): SentenceValue => ({ kind: 'phrase', sentence });
/** up, down or flat: the way a signed number points. */
const way = (x: number): SentenceValue => choice(x > 0 ? 'up' : x < 0 ? 'down' : 'flat');

/** The noun a value is: a share (percent), a number (count), or a value. */
function measure(unit: IndicatorUnit | null): SentenceValue {
  return choice(unit === 'percent' ? 'share' : unit === 'count' ? 'number' : 'value');
}

/** The target in words: "minst 50,0 %", "högst 5,0 %", "50,0 % ± 1,0 procentenheter", "högst jämförelsegruppens nivå". */
function targetPhrase(input: DescribeTargetInput, e: AttainmentExplanation): Sentence | null {
  const unit = input.unitOfMeasure;
  const c = input.comparator;
  if (c === 'at_least_relative' || c === 'at_most_relative') return { id: `attainment.target.${c}`, values: {} };
  const v = e.target?.value ?? input.value;
  if (v === null || v === undefined || c === 'increase' || c === 'decrease') return null;
  if (c === 'equal') return { id: 'attainment.target.equal', values: { value: value(v, unit), tolerance: change(e.tolerance ?? 0, unit) } };
  return { id: `attainment.target.${c}`, values: { value: value(v, unit) } };
}

/** Reasons whose sentence has no numbers: nothing was computed. */
const PLAIN = new Set(['no_indicator', 'unit_mismatch', 'no_target_value', 'no_data', 'no_reference_data', 'no_overlap_with_reference']);

/**
 * The reason for a target's status in one sentence, with the numbers that decided it: the value and
 * year the status rests on, the baseline's year and value where one was used, the target (and its
 * year), the reference for a relative target, the observed and the required yearly change. A pure
 * function: the words come from the locale files through `attainmentText` (src/shared/attainment-text.ts).
 * Should an explanation lack a number its sentence needs (assessTarget always gives them), the
 * sentence falls back to the reason's short text, `common.reason.<reason>`.
 * docs/methodology/attainment.md#the-reasons-in-words
 * @example describeAttainment({ comparator: 'at_least', value: 50, targetYear: 2020, recurrence: 'once', unitOfMeasure: 'percent' }, attainment)
 * // { id: 'attainment.reason.target_year_passed', values: { verdictYear: { kind: 'year', value: 2020 }, verdict: { kind: 'value', value: 47, unit: 'percent' }, ... } }
 */
export function describeAttainment(input: DescribeTargetInput, attainment: Attainment): Sentence {
  const reason = attainment.reason;
  if (PLAIN.has(reason)) return { id: `attainment.reason.${reason}`, values: {} };
  return sentenceFor(input, attainment) ?? { id: `common.reason.${reason}`, values: {} };
}

function sentenceFor(input: DescribeTargetInput, a: Attainment): Sentence | null {
  const e = a.explanation;
  const unit = input.unitOfMeasure;
  const relative = input.comparator === 'at_least_relative' || input.comparator === 'at_most_relative';
  const id = `attainment.reason.${a.reason}`;
  const target = targetPhrase(input, e);
  const targetYear = e.target?.year ?? input.targetYear;
  const latest = e.latest;
  const baseline = e.baseline;
  const comparison = (y: number | undefined): ReferenceComparison | undefined => e.comparisons?.find((c) => c.year === y);
  const latestValues = latest ? { latestYear: year(latest.year), latest: value(latest.value, unit), measure: measure(unit) } : null;

  switch (a.reason) {
    case 'no_baseline': {
      if (!baseline) return { id: `${id}.none`, values: {} };
      if (!relative) return { id, values: { baseYear: year(baseline.year), base: value(baseline.value, unit) } };
      const base = comparison(baseline.year);
      if (!base) return null;
      return { id: `${id}.relative`, values: { baseYear: year(base.year), base: value(base.value, unit), reference: value(base.reference, unit) } };
    }
    case 'no_data_since_baseline':
      return baseline ? { id, values: { baseYear: year(baseline.year), base: value(baseline.value, unit) } } : null;
    case 'too_few_observations':
      return latestValues ? { id, values: { ...latestValues, observations: count(e.observations ?? 1) } } : null;
    case 'target_year_passed': {
      const verdict = e.verdict;
      if (!verdict || !target || targetYear === null || targetYear === undefined) return null;
      const common = {
        verdictYear: year(verdict.year),
        verdict: value(verdict.value, unit),
        measure: measure(unit),
        target: phrase(target),
        targetYear: year(targetYear),
        onTargetYear: choice(verdict.year === targetYear ? 'yes' : 'no'),
      };
      if (!relative) return { id, values: common };
      const c = comparison(verdict.year);
      return c ? { id: `${id}.relative`, values: { ...common, reference: value(c.reference, unit) } } : null;
    }
    case 'met_before_target_year':
      if (!latestValues || !target || targetYear === null || targetYear === undefined) return null;
      return { id, values: { ...latestValues, target: phrase(target), targetYear: year(targetYear) } };
    case 'met_without_target_year':
      return latestValues && target ? { id, values: { ...latestValues, target: phrase(target) } } : null;
    case 'yearly_target_met':
    case 'yearly_target_missed': {
      const r = e.record;
      if (!latestValues || !target || !r) return null;
      return {
        id,
        values: { ...latestValues, target: phrase(target), yearsMet: count(r.yearsMet), yearsWithData: count(r.yearsWithData), fromYear: year(r.fromYear), toYear: year(r.toYear) },
      };
    }
    case 'trajectory':
    case 'trajectory_linear':
    case 'trajectory_distance': {
      const { observedGrowth: observed, requiredGrowth: required } = e;
      if (!latestValues || !baseline || !target || observed === undefined || required === undefined || targetYear === null || targetYear === undefined) return null;
      const growth = a.reason === 'trajectory' ? rate : (x: number) => change(x, unit);
      return {
        id,
        values: {
          ...latestValues,
          baseYear: year(baseline.year),
          base: value(baseline.value, unit),
          target: phrase(target),
          targetYear: year(targetYear),
          observed: growth(observed),
          // The distance shrinks when its growth is positive.
          observedDirection: a.reason === 'trajectory_distance' ? way(-observed) : way(observed),
          required: growth(required),
          // A distance always has to shrink; the message says so.
          ...(a.reason === 'trajectory_distance' ? {} : { requiredDirection: way(required) }),
        },
      };
    }
    case 'no_longer_met': {
      if (!latestValues || !baseline || !target) return null;
      if (!relative) return { id, values: { ...latestValues, baseYear: year(baseline.year), base: value(baseline.value, unit), target: phrase(target) } };
      const base = comparison(baseline.year);
      const last = comparison(latest!.year);
      if (!base || !last) return null;
      return {
        id: `${id}.relative`,
        values: {
          ...latestValues,
          target: phrase(target),
          baseYear: year(base.year),
          base: value(base.value, unit),
          baseReference: value(base.reference, unit),
          reference: value(last.reference, unit),
          shortfall: change(last.shortfall, unit),
        },
      };
    }
    case 'trend':
    case 'trend_linear': {
      const { window, observedGrowth: observed, thresholds, direction } = e;
      if (!latestValues || !window || observed === undefined || !thresholds || !direction) return null;
      const values = {
        ...latestValues,
        fromYear: year(window.fromYear),
        toYear: year(window.toYear),
        observed: rate(observed),
        observedDirection: way(observed),
        wanted: way(direction),
        onTrack: rate(thresholds.onTrack),
        moderate: rate(thresholds.moderate),
      };
      // A target with a value and no year that is not met: say so before the trend.
      return target ? { id: `${id}.standing`, values: { ...values, target: phrase(target) } } : { id, values };
    }
    case 'reference_met': {
      const last = comparison(latest?.year);
      if (!latestValues || !last || !target) return null;
      return { id, values: { ...latestValues, reference: value(last.reference, unit), target: phrase(target) } };
    }
    case 'reference_gap_trajectory':
    case 'reference_gap_trend': {
      const last = comparison(latest?.year);
      const base = comparison(baseline?.year);
      if (!latestValues || !last || !base) return null;
      const values: Record<string, SentenceValue> = {
        ...latestValues,
        reference: value(last.reference, unit),
        shortfall: change(last.shortfall, unit),
        baseYear: year(base.year),
        baseShortfall: change(base.shortfall, unit),
      };
      if (a.reason === 'reference_gap_trend') return { id, values: { ...values, gapChange: choice(e.gapChange ?? 'unchanged') } };
      const { observedGrowth: observed, requiredGrowth: required } = e;
      if (observed === undefined || required === undefined || targetYear === null || targetYear === undefined) return null;
      // The shortfall shrinks when its growth is positive.
      return { id, values: { ...values, observed: change(observed, unit), observedDirection: way(-observed), required: change(required, unit), targetYear: year(targetYear) } };
    }
    default:
      return null;
  }
}

/**
 * The roll-up's rule in words, with its counts: "Målets status är den mittersta av 4 bedömda
 * målvärdens statusar: minst hälften har den eller en bättre. 2 i fas, 1 behöver öka takten och 1 går
 * åt fel håll; 1 kan inte bedömas." docs/methodology/attainment.md#roll-up
 * @example describeRollUp(rollUp([{ status: 'on_track' }, { status: 'achieved' }])) // { id: 'attainment.rollUp.median', values: { ... } }
 */
/** What a roll-up sums up: a goal (with the goals below it), an area, or the whole document (the summary). */
export type RollUpScope = 'goal' | 'area' | 'summary';

export function describeRollUp(r: RollUp, scope: RollUpScope = 'goal'): Sentence {
  const id = `attainment.rollUp.${r.overall.reason}`;
  const notAssessable = count(r.total - r.assessable);
  const of = choice(scope);
  if (r.overall.reason === 'no_items') return { id, values: { scope: of } };
  if (r.overall.reason === 'none_assessable') return { id, values: { scope: of, total: count(r.total) } };
  if (r.overall.reason === 'all_achieved') return { id, values: { scope: of, assessable: count(r.assessable), notAssessable } };
  const items: Sentence[] = STATUS_ORDER.filter((s) => r.counts[s] > 0).map((s) => ({ id: 'attainment.rollUp.count', values: { n: count(r.counts[s]), status: choice(s) } }));
  return {
    id,
    values: {
      scope: of,
      assessable: count(r.assessable),
      parity: choice(r.assessable % 2 === 0 ? 'even' : 'odd'),
      counts: { kind: 'list', items },
      notAssessable,
    },
  };
}
