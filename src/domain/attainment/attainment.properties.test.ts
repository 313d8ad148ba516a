import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPARATORS, FREQUENCIES, INDICATOR_UNITS } from '../strategy/types.ts';
import { ATTAINMENT_REASONS, ATTAINMENT_STATUSES, assessTarget, type AttainmentReason, type AttainmentStatus, type TargetAssessmentInput } from './attainment.ts';
import { genderGap } from './gender-gap.ts';
import { rollUp, NARRATIVE_ASSESSMENTS, STATUS_ORDER } from './rollup.ts';
import type { Observation } from './series.ts';
import { isStale } from './staleness.ts';

// Properties of the rules in docs/methodology/attainment.md, on random inputs.

/** The statuses each reason can come with (docs/methodology/attainment.md#statuses-and-reasons). */
const REASON_STATUSES: Record<AttainmentReason, AttainmentStatus[]> = {
  no_indicator: ['not_assessable'],
  unit_mismatch: ['not_assessable'],
  no_target_value: ['not_assessable'],
  no_data: ['not_assessable'],
  no_baseline: ['not_assessable'],
  no_data_since_baseline: ['not_assessable'],
  too_few_observations: ['not_assessable'],
  no_reference_data: ['not_assessable'],
  no_overlap_with_reference: ['not_assessable'],
  target_year_passed: ['achieved', 'not_achieved'],
  met_before_target_year: ['achieved'],
  met_without_target_year: ['achieved'],
  yearly_target_met: ['achieved'],
  yearly_target_missed: ['not_achieved'],
  trajectory: ['on_track', 'off_track_moderate', 'off_track_significant', 'deteriorating'],
  trajectory_linear: ['on_track', 'off_track_moderate', 'off_track_significant', 'deteriorating'],
  trajectory_distance: ['on_track', 'off_track_moderate', 'off_track_significant', 'deteriorating'],
  no_longer_met: ['deteriorating'],
  trend: ['on_track', 'off_track_moderate', 'off_track_significant', 'deteriorating'],
  trend_linear: ['on_track', 'off_track_moderate', 'off_track_significant', 'deteriorating'],
  reference_met: ['on_track'],
  reference_gap_trajectory: ['on_track', 'off_track_moderate', 'off_track_significant', 'deteriorating'],
  reference_gap_trend: ['off_track_moderate', 'off_track_significant', 'deteriorating'],
};

const value = fc.double({ min: -20, max: 150, noNaN: true, noDefaultInfinity: true });
const series = (minLength = 0): fc.Arbitrary<Observation[]> =>
  fc.uniqueArray(fc.record({ year: fc.integer({ min: 2010, max: 2025 }), value }), { selector: (o) => o.year, minLength, maxLength: 8 });
const year = fc.integer({ min: 2010, max: 2025 });

const anyInput: fc.Arbitrary<TargetAssessmentInput> = fc.record({
  comparator: fc.constantFrom(...COMPARATORS),
  value: fc.option(value, { nil: null }),
  targetYear: fc.option(year, { nil: null }),
  recurrence: fc.constantFrom('once' as const, 'yearly' as const),
  baseline: fc.option(fc.record({ year, value }), { nil: null }),
  baseYear: fc.option(year, { nil: null }),
  targetUnit: fc.option(fc.constantFrom(...INDICATOR_UNITS), { nil: null }),
  indicatorUnit: fc.option(fc.constantFrom('percent' as const, 'count' as const, 'other' as const), { nil: null }),
  referenceUnit: fc.option(fc.constantFrom(...INDICATOR_UNITS), { nil: null }),
  series: series(),
  referenceSeries: fc.option(series(), { nil: null }),
  assessmentYear: year,
});

/** Worse to better; not_assessable is left out of the comparison. */
const RANK: Record<Exclude<AttainmentStatus, 'not_assessable'>, number> = {
  not_achieved: 0,
  deteriorating: 1,
  off_track_significant: 2,
  off_track_moderate: 3,
  on_track: 4,
  achieved: 5,
};

describe('properties of assessTarget', () => {
  it('always gives a known status with a reason that fits it', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const result = assessTarget(input);
        expect(ATTAINMENT_STATUSES).toContain(result.status);
        expect(ATTAINMENT_REASONS).toContain(result.reason);
        expect(REASON_STATUSES[result.reason]).toContain(result.status);
        expect(result.explanation).toBeTypeOf('object');
        for (const n of [result.explanation.ratio, result.explanation.observedGrowth, result.explanation.adjustedGrowth]) {
          if (n !== undefined) expect(Number.isFinite(n)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('gives a finite ratio when a tiny distance to an equal target divided by the years underflows (found by the property above)', () => {
    const result = assessTarget({
      comparator: 'equal',
      value: 0,
      targetYear: 2012,
      recurrence: 'once',
      baseline: { year: 2010, value: -5e-324 },
      indicatorUnit: 'percent',
      series: [{ year: 2011, value: 5e-324 }],
      assessmentYear: 2011,
    });
    // The distance stays 5e-324: no progress, so R = 0, limited progress (not 0/0).
    expect([result.status, result.reason, result.explanation.ratio]).toEqual(['off_track_significant', 'trajectory_distance', 0]);
  });

  it('keeps a base value too small for compound growth (found by the property below) from making an improvement look worse', () => {
    const base: TargetAssessmentInput = {
      comparator: 'at_least',
      value: 0.010000000000000002,
      targetYear: 2012,
      recurrence: 'once',
      baseline: { year: 2010, value: 5e-324 },
      indicatorUnit: 'percent',
      series: [{ year: 2011, value: 5e-324 }],
      assessmentYear: 2011,
    };
    const before = assessTarget(base);
    const after = assessTarget({ ...base, series: [{ year: 2011, value: 0.01 + 5e-324 }] });
    expect(before.status).not.toBe('not_assessable');
    expect(RANK[after.status as keyof typeof RANK]).toBeGreaterThanOrEqual(RANK[before.status as keyof typeof RANK]);
    expect(after.explanation.method).toBe('linear');
  });

  it('never gives an at-least target a worse status when its latest value improves', () => {
    const atLeast = fc.record({
      value: value,
      targetYear: fc.option(year, { nil: null }),
      recurrence: fc.constantFrom('once' as const, 'yearly' as const),
      baseline: fc.option(fc.record({ year, value }), { nil: null }),
      indicatorUnit: fc.constantFrom('percent' as const, 'count' as const),
      series: series(1),
      assessmentYear: year,
    });
    fc.assert(
      fc.property(atLeast, fc.double({ min: 0.01, max: 100, noNaN: true }), (rest, increase) => {
        const input: TargetAssessmentInput = { comparator: 'at_least', ...rest };
        const latest = [...input.series].filter((o) => o.year <= input.assessmentYear).sort((a, b) => b.year - a.year)[0];
        fc.pre(latest !== undefined);
        const improved = { ...input, series: input.series.map((o) => (o.year === latest!.year ? { ...o, value: o.value + increase } : o)) };
        const before = assessTarget(input).status;
        const after = assessTarget(improved).status;
        fc.pre(before !== 'not_assessable' && after !== 'not_assessable');
        expect(RANK[after], `${before} → ${after}`).toBeGreaterThanOrEqual(RANK[before]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('properties of genderGap, isStale and rollUp', () => {
  it('gives the opposite gap, the same sizes and the same flag when women and men are swapped', () => {
    fc.assert(
      fc.property(series(), series(), fc.double({ min: 0, max: 30, noNaN: true }), (women, men, threshold) => {
        const a = genderGap(women, men, { threshold });
        const b = genderGap(men, women, { threshold });
        expect(b.years.map((y) => y.size)).toEqual(a.years.map((y) => y.size));
        expect(b.years.map((y) => y.gap + 0)).toEqual(a.years.map((y) => -y.gap + 0));
        expect(b.flagged).toBe(a.flagged);
        expect(b.overall).toBe(a.overall);
      }),
    );
  });

  it('never makes data fresh again as time passes', () => {
    const date = fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.constantFrom(...FREQUENCIES), fc.option(date, { nil: null }), date, date, (frequency, latestPeriodEnd, d1, d2) => {
        const [early, late] = d1 <= d2 ? [d1, d2] : [d2, d1];
        if (isStale({ frequency, latestPeriodEnd, asOf: early }).stale) expect(isStale({ frequency, latestPeriodEnd, asOf: late }).stale).toBe(true);
      }),
    );
  });

  it('counts every item once and keeps the share on track between 0 and 1', () => {
    const item = fc.record({ status: fc.constantFrom(...ATTAINMENT_STATUSES), narrative: fc.option(fc.constantFrom(...NARRATIVE_ASSESSMENTS), { nil: null }) });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 12 }), (items) => {
        const result = rollUp(items);
        expect(Object.values(result.counts).reduce((a, b) => a + b, 0)).toBe(items.length);
        if (result.shareOnTrack !== null) {
          expect(result.shareOnTrack).toBeGreaterThanOrEqual(0);
          expect(result.shareOnTrack).toBeLessThanOrEqual(1);
        }
        expect(ATTAINMENT_STATUSES).toContain(result.overall.status);
      }),
    );
  });

  it('never names an overall status that none of the assessable targets has, and at least half have it or better', () => {
    const item = fc.record({ status: fc.constantFrom(...ATTAINMENT_STATUSES) });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 15 }), (items) => {
        const result = rollUp(items);
        const assessed = items.map((i) => i.status).filter((s) => s !== 'not_assessable');
        if (assessed.length === 0) {
          expect(result.overall.status).toBe('not_assessable');
          return;
        }
        expect(assessed).toContain(result.overall.status);
        const rank = (s: AttainmentStatus) => STATUS_ORDER.indexOf(s as (typeof STATUS_ORDER)[number]);
        const atLeastAsGood = assessed.filter((s) => rank(s) <= rank(result.overall.status)).length;
        const worse = assessed.filter((s) => rank(s) > rank(result.overall.status)).length;
        expect(atLeastAsGood * 2).toBeGreaterThanOrEqual(assessed.length);
        expect(worse * 2).toBeLessThan(assessed.length);
      }),
      { numRuns: 1000 },
    );
  });
});
