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

/** Significant digits kept by `clean`: far more than any published statistic has, far fewer than a double's 15–17. */
export const CLEAN_DIGITS = 12;

/**
 * A computed number without the binary noise of float arithmetic: rounded to 12 significant digits,
 * so 47.4 − 52.8 is −5.4, not −5.399999999999999, and 10.2 − 10 is 0.2. Exact for all practical
 * purposes; applied to every difference, ratio and growth rate an explanation shows (and decides
 * on), so a page never prints noise and a status never turns on it. Non-finite numbers pass through.
 * docs/methodology/attainment.md#common-rules
 * @example clean(47.4 - 52.8) // -5.4
 */
export function clean(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(CLEAN_DIGITS)) : x;
}

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

/**
 * The item growth is measured from, by the base-year rule: the latest item at or before `baseYear`;
 * when there is none, the first item after it; without a base year, the first item. `items` must be
 * sorted by year. undefined only for an empty list. docs/methodology/attainment.md#the-baseline
 * @example baseOf([{ year: 2021, value: 46 }, { year: 2022, value: 49 }, { year: 2023, value: 52 }], 2022) // { year: 2022, value: 49 }
 */
export function baseOf<T extends { year: number }>(items: readonly T[], baseYear: number | null): T | undefined {
  if (baseYear === null) return items[0];
  return items.findLast((o) => o.year <= baseYear) ?? items.find((o) => o.year > baseYear);
}

/** Whether `after` is narrower, wider or the same size as `before` (both are absolute sizes, ≥ 0). */
export function compareGaps(before: number, after: number): GapChange {
  if (Math.abs(after - before) < GAP_EPSILON) return 'unchanged';
  return after < before ? 'narrower' : 'wider';
}
