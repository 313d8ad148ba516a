import { DomainError, type FieldIssue } from '../errors.ts';

/** One value of a yearly series: an indicator's value for one year and one dimension (sex, age band). */
export interface Observation {
  year: number;
  value: number;
}

/** How a gap (or a shortfall) changed between two years. */
export type GapChange = 'narrower' | 'wider' | 'unchanged';

/**
 * Differences of absolute gaps below this count as unchanged: they are rounding noise of the
 * subtraction (33.3 − 30.1), far below any published precision. docs/methodology/attainment.md#gender-gap
 */
export const GAP_EPSILON = 1e-9;

/**
 * A sorted copy of a series, keeping the years up to `upToYear` (inclusive) when it is given.
 * A series holds one value per year; a repeated year or a value that is not a finite number is a
 * broken invariant of the caller's query and throws `DomainError('validation')` listing every problem.
 * @example sortedSeries([{ year: 2018, value: 9.5 }, { year: 2016, value: 8.6 }], 2017) // [{ year: 2016, value: 8.6 }]
 */
export function sortedSeries(series: readonly Observation[], upToYear: number | null = null, label = 'series'): Observation[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<number>();
  series.forEach((o, i) => {
    if (!Number.isInteger(o.year)) issues.push({ path: `/${label}/${i}/year`, message: `the year ${String(o.year)} is not a whole number` });
    if (!Number.isFinite(o.value)) issues.push({ path: `/${label}/${i}/value`, message: `the value for ${o.year} is not a finite number` });
    if (seen.has(o.year)) issues.push({ path: `/${label}/${i}/year`, message: `the year ${o.year} occurs more than once` });
    seen.add(o.year);
  });
  if (issues.length > 0) throw new DomainError('validation', `The ${label} is not a series of one value per year`, { issues });
  return series
    .filter((o) => upToYear === null || o.year <= upToYear)
    .map((o) => ({ year: o.year, value: o.value }))
    .sort((a, b) => a.year - b.year);
}

/** Whether `after` is narrower, wider or the same size as `before` (both are absolute sizes, ≥ 0). */
export function compareGaps(before: number, after: number): GapChange {
  if (Math.abs(after - before) < GAP_EPSILON) return 'unchanged';
  return after < before ? 'narrower' : 'wider';
}
