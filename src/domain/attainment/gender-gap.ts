import { DomainError } from '../errors.ts';
import { clean, compareGaps, sortedSeries, type GapChange, type Observation } from './series.ts';

/** Why a gap was or was not computed. */
export type GenderGapReason = 'compared' | 'single_common_year' | 'no_data' | 'no_data_women' | 'no_data_men' | 'no_common_year';

/** The gap in one year with values for both women and men. */
export interface GenderGapYear {
  year: number;
  women: number;
  men: number;
  /** women − men, in the indicator's unit (percentage points for a percentage), without float noise (`clean`). */
  gap: number;
  /** |gap| */
  size: number;
  /** Compared with the previous common year; null for the first. */
  change: GapChange | null;
}

/** The gap between women and men over the years both have values. */
export interface GenderGap {
  reason: GenderGapReason;
  years: GenderGapYear[];
  latest: GenderGapYear | null;
  /** From the first to the latest common year; null with fewer than two. */
  overall: GapChange | null;
  /** Whether the latest gap's size exceeds the threshold. */
  flagged: boolean;
  threshold: number;
}

/**
 * The gap between women's and men's values of one indicator, year by year over the years both have
 * values: its size, whether it narrows or widens from one common year to the next and over the whole
 * span, and a flag when the latest gap is larger than the threshold (same unit as the values).
 * docs/methodology/attainment.md#gender-gap
 * @example genderGap([{ year: 2018, value: 36.5 }], [{ year: 2018, value: 47 }], { threshold: 10 }) // latest.gap −10.5, flagged
 */
export function genderGap(women: readonly Observation[], men: readonly Observation[], params: { threshold: number }): GenderGap {
  const threshold = params.threshold;
  if (!(threshold >= 0) || !Number.isFinite(threshold)) {
    throw new DomainError('validation', 'The gender gap threshold must be a finite number ≥ 0', { details: { threshold } });
  }
  const w = sortedSeries(women, null, 'women');
  const m = sortedSeries(men, null, 'men');
  const none = (reason: GenderGapReason): GenderGap => ({ reason, years: [], latest: null, overall: null, flagged: false, threshold });
  if (w.length === 0 && m.length === 0) return none('no_data');
  if (w.length === 0) return none('no_data_women');
  if (m.length === 0) return none('no_data_men');

  const menByYear = new Map(m.map((o) => [o.year, o.value]));
  const years: GenderGapYear[] = [];
  for (const o of w) {
    const menValue = menByYear.get(o.year);
    if (menValue === undefined) continue;
    const gap = clean(o.value - menValue);
    const previous = years[years.length - 1];
    years.push({ year: o.year, women: o.value, men: menValue, gap, size: Math.abs(gap), change: previous ? compareGaps(previous.size, Math.abs(gap)) : null });
  }
  if (years.length === 0) return none('no_common_year');
  const first = years[0]!;
  const latest = years[years.length - 1]!;
  return {
    reason: years.length === 1 ? 'single_common_year' : 'compared',
    years,
    latest,
    overall: years.length === 1 ? null : compareGaps(first.size, latest.size),
    flagged: latest.size > threshold,
    threshold,
  };
}
