import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import {
  assessTarget,
  type AttainmentExplanation,
  type AttainmentParams,
  type AttainmentReason,
  type AttainmentStatus,
  type TargetAssessmentInput,
} from './attainment.ts';
import type { Observation } from './series.ts';

// Worked examples: docs/methodology/attainment.md (test names = example names). The expected numbers
// are the page's hand arithmetic, rounded there to four decimals or more.

type NumberField = 'ratio' | 'observedGrowth' | 'requiredGrowth' | 'adjustedGrowth' | 'scaling' | 'gapToTarget' | 'shareOfTarget' | 'gap' | 'tolerance';

interface Example {
  name: string;
  input: TargetAssessmentInput;
  params?: Partial<AttainmentParams>;
  status: AttainmentStatus;
  reason: AttainmentReason;
  /** Compared to four decimals. */
  numbers?: Partial<Record<NumberField, number>>;
  /** Lower bound of the band the ratio or growth fell in, to four decimals. */
  bandMin?: number;
  /** Upper bound of that band, to four decimals. */
  bandMax?: number;
  /** Checked with toMatchObject. */
  explanation?: AttainmentExplanation;
}

function examples(rows: Example[]): void {
  for (const row of rows) {
    it(row.name, () => {
      const result = assessTarget(row.input, row.params);
      expect({ status: result.status, reason: result.reason }).toEqual({ status: row.status, reason: row.reason });
      for (const [field, value] of Object.entries(row.numbers ?? {})) {
        const actual = result.explanation[field as NumberField];
        expect(actual, field).toBeTypeOf('number');
        expect(actual, field).toBeCloseTo(value, 4);
      }
      if (row.bandMin !== undefined) expect(result.explanation.band?.min).toBeCloseTo(row.bandMin, 4);
      if (row.bandMax !== undefined) expect(result.explanation.band?.max).toBeCloseTo(row.bandMax, 4);
      if (row.explanation) expect(result.explanation).toMatchObject(row.explanation);
    });
  }
}

/** A series from [year, value] pairs. */
const s = (...pairs: Array<[number, number]>): Observation[] => pairs.map(([year, value]) => ({ year, value }));

const absolute = (comparator: 'at_least' | 'at_most' | 'equal', value: number | null, targetYear: number | null, rest: Partial<TargetAssessmentInput>): TargetAssessmentInput => ({
  comparator,
  value,
  targetYear,
  recurrence: 'once',
  baseline: null,
  indicatorUnit: 'percent',
  series: [],
  assessmentYear: 2019,
  ...rest,
});

/** Östersund's utrikes-fodda-minst-10: at least 10 % foreign-born in 2020. */
const foreignBorn = (rest: Partial<TargetAssessmentInput>) => absolute('at_least', 10, 2020, rest);
/** Östersund's arbete-eller-studier-minst-50 with validation.md's made-up baseline 38 in 2017. */
const workOrStudies = (rest: Partial<TargetAssessmentInput>) => absolute('at_least', 50, 2020, { baseline: { year: 2017, value: 38 }, ...rest });
/** Östersund's anstallda-utomnordiskt-fodda-minst-8. */
const staff = (rest: Partial<TargetAssessmentInput>) => absolute('at_least', 8, 2020, rest);
const firstExampleSeries = s([2015, 8.0], [2016, 8.6], [2017, 9.0], [2018, 9.5]);

describe('targets with a value and a year', () => {
  examples([
    {
      name: 'foreign-born share is on track towards at least 10 % in 2020',
      input: foreignBorn({ series: firstExampleSeries }),
      status: 'on_track',
      reason: 'trajectory',
      numbers: { observedGrowth: 0.058956, requiredGrowth: 0.04564, ratio: 1.2918 },
      bandMin: 0.95,
      explanation: { baseline: { year: 2015, value: 8.0, source: 'series' }, latest: { year: 2018, value: 9.5 }, method: 'cagr', direction: 1, targetYearPassed: false },
    },
    {
      name: 'newcomers in work or studies need to accelerate towards at least 50 % in 2020',
      input: workOrStudies({ series: s([2016, 36], [2017, 38], [2018, 41]) }),
      status: 'off_track_moderate',
      reason: 'trajectory',
      numbers: { observedGrowth: 0.078947, requiredGrowth: 0.095794, ratio: 0.8241 },
      bandMin: 0.6,
      explanation: { baseline: { year: 2017, value: 38, source: 'explicit' } },
    },
    {
      name: 'employment among refugees shows limited progress towards at least 60 % in 2020',
      input: absolute('at_least', 60, 2020, { series: s([2016, 40.0], [2017, 40.5], [2018, 41.0]) }),
      status: 'off_track_significant',
      reason: 'trajectory',
      numbers: { observedGrowth: 0.012423, requiredGrowth: 0.106682, ratio: 0.1164 },
      bandMin: 0,
    },
    {
      name: 'staff born outside the Nordic countries deteriorate against at least 8 % in 2020',
      input: staff({ series: s([2016, 6.0], [2017, 5.9], [2018, 5.8]) }),
      status: 'deteriorating',
      reason: 'trajectory',
      numbers: { observedGrowth: -0.016808, requiredGrowth: 0.07457, ratio: -0.2254 },
    },
    {
      name: 'an at-most target needs negative growth: falling from 8 % towards at most 5 %',
      input: absolute('at_most', 5, 2022, { baseline: { year: 2018, value: 8.0 }, series: s([2018, 8.0], [2019, 7.2], [2020, 6.6]), assessmentYear: 2021 }),
      status: 'off_track_moderate',
      reason: 'trajectory',
      numbers: { observedGrowth: -0.091705, requiredGrowth: -0.11086, ratio: 0.8272 },
      explanation: { direction: -1 },
    },
    {
      name: 'a value that meets the target before the target year is achieved',
      input: foreignBorn({ series: s([2016, 9.0], [2018, 10.2]) }),
      status: 'achieved',
      reason: 'met_before_target_year',
      numbers: { gapToTarget: 0.2 },
      explanation: { baseline: { year: 2016, value: 9.0, source: 'series' } },
    },
    {
      name: 'a baseline that already meets the target stays achieved',
      input: staff({ baseline: { year: 2016, value: 8.4 }, series: s([2017, 8.5], [2018, 8.6]) }),
      status: 'achieved',
      reason: 'met_before_target_year',
    },
    {
      name: 'a baseline that met the target but a latest value that does not is deteriorating',
      input: staff({ baseline: { year: 2016, value: 8.4 }, series: s([2017, 8.1], [2018, 7.9]) }),
      status: 'deteriorating',
      reason: 'no_longer_met',
      explanation: { baseline: { year: 2016, value: 8.4, source: 'explicit' }, latest: { year: 2018, value: 7.9 } },
    },
    {
      name: 'a zero baseline falls back to the linear rate',
      input: absolute('at_least', 20, 2020, { indicatorUnit: 'count', series: s([2016, 0], [2017, 6], [2018, 9]) }),
      status: 'off_track_moderate',
      reason: 'trajectory_linear',
      numbers: { observedGrowth: 4.5, requiredGrowth: 5, ratio: 0.9 },
      explanation: { method: 'linear' },
    },
    {
      name: 'a zero target falls back to the linear rate',
      input: absolute('at_most', 0, 2020, { indicatorUnit: 'count', series: s([2017, 12], [2018, 8]) }),
      status: 'on_track',
      reason: 'trajectory_linear',
      numbers: { observedGrowth: -4, requiredGrowth: -4, ratio: 1.0 },
    },
    {
      name: "the target year's value decides after the target year",
      input: foreignBorn({ series: s([2018, 9.5], [2019, 9.8], [2020, 10.1]), assessmentYear: 2021 }),
      status: 'achieved',
      reason: 'target_year_passed',
      explanation: { verdict: { year: 2020, value: 10.1 }, targetYearPassed: true, baseline: { year: 2018, value: 9.5, source: 'series' } },
    },
    {
      name: 'newcomers in work or studies: 47 % in 2020 is not achieved, whatever 2021 shows',
      input: workOrStudies({ series: s([2018, 41], [2019, 44], [2020, 47], [2021, 51]), assessmentYear: 2021 }),
      status: 'not_achieved',
      reason: 'target_year_passed',
      numbers: { gapToTarget: -3 },
      explanation: { verdict: { year: 2020, value: 47 }, latest: { year: 2021, value: 51 }, baseline: { year: 2017, value: 38, source: 'explicit' } },
    },
    {
      name: 'without a value for the target year, the first later value decides',
      input: foreignBorn({ series: s([2019, 9.7], [2021, 10.2]), assessmentYear: 2022 }),
      status: 'achieved',
      reason: 'target_year_passed',
      explanation: { verdict: { year: 2021, value: 10.2 } },
    },
    {
      name: 'after the target year but before its value is published, the trajectory still applies',
      input: foreignBorn({ series: [...firstExampleSeries, { year: 2019, value: 9.8 }], assessmentYear: 2021 }),
      status: 'on_track',
      reason: 'trajectory',
      numbers: { observedGrowth: 0.052044, requiredGrowth: 0.04564, ratio: 1.1403 },
      explanation: { targetYearPassed: true, latest: { year: 2019, value: 9.8 } },
    },
    {
      name: 'observations after the assessment year are ignored',
      input: foreignBorn({ series: [...firstExampleSeries, { year: 2019, value: 10.4 }], assessmentYear: 2018 }),
      status: 'on_track',
      reason: 'trajectory',
      numbers: { ratio: 1.2918 },
      explanation: { latest: { year: 2018, value: 9.5 } },
    },
    {
      name: 'a base year picks the latest observation at or before it',
      input: foreignBorn({ series: firstExampleSeries, baseYear: 2016 }),
      status: 'on_track',
      reason: 'trajectory',
      numbers: { observedGrowth: 0.051024, requiredGrowth: 0.038426, ratio: 1.3279 },
      explanation: { baseline: { year: 2016, value: 8.6, source: 'series' } },
    },
  ]);
});

describe('the baseline', () => {
  /** Made up: at least 60 % in 2026, a document first adopted on 2023-06-01 (base year 2022). */
  const adoptedMidYear = (rest: Partial<TargetAssessmentInput>) => absolute('at_least', 60, 2026, { series: midYearSeries, baseYear: 2022, assessmentYear: 2023, ...rest });
  const midYearSeries = s([2019, 40], [2020, 43], [2021, 46], [2022, 49], [2023, 52]);
  const fromTheBaseYear = { observedGrowth: 0.061224, requiredGrowth: 0.051935, ratio: 1.1789 };
  examples([
    {
      name: 'a strategy adopted in June 2023 is measured from 2022, the figures the council could see',
      input: adoptedMidYear({}),
      status: 'on_track',
      reason: 'trajectory',
      numbers: fromTheBaseYear,
      bandMin: 0.95,
      explanation: { baseline: { year: 2022, value: 49, source: 'series' }, latest: { year: 2023, value: 52 } },
    },
    {
      name: 'the same strategy assessed for 2024 before the 2024 value is out gives the same answer',
      input: adoptedMidYear({ assessmentYear: 2024 }),
      status: 'on_track',
      reason: 'trajectory',
      numbers: fromTheBaseYear,
      explanation: { baseline: { year: 2022, value: 49, source: 'series' }, latest: { year: 2023, value: 52 }, targetYearPassed: false },
    },
    {
      name: 'a revision adopted later does not move the base year',
      input: adoptedMidYear({}),
      status: 'on_track',
      reason: 'trajectory',
      numbers: fromTheBaseYear,
      explanation: { baseline: { year: 2022, value: 49, source: 'series' } },
    },
    {
      name: 'data that starts after adoption is measured from its first value',
      input: absolute('at_least', 50, 2026, { series: s([2020, 30], [2022, 36]), baseYear: 2018, assessmentYear: 2023 }),
      status: 'on_track',
      reason: 'trajectory',
      numbers: { observedGrowth: 0.095445, requiredGrowth: 0.088867, ratio: 1.074 },
      explanation: { baseline: { year: 2020, value: 30, source: 'series' } },
    },
    {
      name: 'an explicit baseline wins over the base year',
      input: adoptedMidYear({ baseline: { year: 2020, value: 43 } }),
      status: 'on_track',
      reason: 'trajectory',
      numbers: { observedGrowth: 0.065397, requiredGrowth: 0.057094, ratio: 1.1454 },
      explanation: { baseline: { year: 2020, value: 43, source: 'explicit' } },
    },
    {
      name: 'a base year with no later value yet has no baseline, but names it',
      input: adoptedMidYear({ baseYear: 2023 }),
      status: 'not_assessable',
      reason: 'no_baseline',
      explanation: { baseline: { year: 2023, value: 52, source: 'series' }, latest: { year: 2023, value: 52 } },
    },
    {
      name: 'a relative target is measured from the latest common year at or before its base year',
      input: {
        comparator: 'at_most_relative',
        value: null,
        targetYear: 2020,
        recurrence: 'once',
        baseline: null,
        baseYear: 2017,
        indicatorUnit: 'percent',
        series: s([2016, 22.0], [2017, 19.5], [2018, 16.0]),
        referenceSeries: s([2016, 8.0], [2018, 7.0]),
        assessmentYear: 2019,
      },
      status: 'off_track_moderate',
      reason: 'reference_gap_trajectory',
      numbers: { observedGrowth: 2.5, requiredGrowth: 3.5, ratio: 0.7143, gap: 9.0 },
      explanation: { baseline: { year: 2016, value: 22.0, source: 'series' }, gapChange: 'narrower' },
    },
  ]);

  it('names the baseline on a verdict and on a value met early, by the same rule', () => {
    const verdict = assessTarget(adoptedMidYear({ targetYear: 2023, value: 50 }));
    expect(verdict).toMatchObject({ status: 'achieved', reason: 'target_year_passed', explanation: { baseline: { year: 2022, value: 49, source: 'series' }, verdict: { year: 2023, value: 52 } } });
    const early = assessTarget(adoptedMidYear({ value: 50 }));
    expect(early).toMatchObject({ status: 'achieved', reason: 'met_before_target_year', explanation: { baseline: { year: 2022, value: 49, source: 'series' } } });
    const relativeVerdict = assessTarget({
      comparator: 'at_most_relative',
      value: null,
      targetYear: 2018,
      recurrence: 'once',
      baseline: null,
      baseYear: 2017,
      indicatorUnit: 'percent',
      series: s([2016, 22.0], [2017, 19.5], [2018, 16.0]),
      referenceSeries: s([2016, 8.0], [2017, 7.5], [2018, 7.0]),
      assessmentYear: 2019,
    });
    expect(relativeVerdict).toMatchObject({ reason: 'target_year_passed', explanation: { baseline: { year: 2017, value: 19.5, source: 'series' } } });
  });

  it('keeps the base year of a relative target with an explicit baseline: the first common year from its year', () => {
    const result = assessTarget({
      comparator: 'at_most_relative',
      value: null,
      targetYear: 2020,
      recurrence: 'once',
      baseline: { year: 2017, value: 19.0 },
      baseYear: 2016,
      indicatorUnit: 'percent',
      series: s([2016, 22.0], [2017, 19.5], [2018, 16.0]),
      referenceSeries: s([2016, 8.0], [2018, 7.0]),
      assessmentYear: 2019,
    });
    expect(result).toMatchObject({ status: 'not_assessable', reason: 'no_baseline', explanation: { baseline: { year: 2018, value: 16.0 } } });
  });

  it('gives direction-only, standing and yearly targets no baseline', () => {
    const trend = assessTarget({ ...adoptedMidYear({}), comparator: 'increase', value: null, targetYear: null });
    const standing = assessTarget(adoptedMidYear({ targetYear: null }));
    const yearly = assessTarget(adoptedMidYear({ recurrence: 'yearly' }));
    for (const r of [trend, standing, yearly]) expect(r.explanation.baseline).toBeUndefined();
  });
});

describe('numbers without float noise', () => {
  it('gives 47.4 − 52.8 as −5.4 exactly', () => {
    const yearly = assessTarget(absolute('at_least', 52.8, null, { recurrence: 'yearly', series: s([2018, 47.4]), assessmentYear: 2018 }));
    expect(yearly.explanation.gapToTarget).toBe(-5.4);
    expect(yearly.explanation.shareOfTarget).toBe(Number((47.4 / 52.8).toPrecision(12)));
    const verdict = assessTarget(absolute('at_least', 52.8, 2018, { series: s([2017, 45.1], [2018, 47.4]), assessmentYear: 2018 }));
    expect(verdict.explanation.gapToTarget).toBe(-5.4);
    const early = assessTarget(foreignBorn({ series: s([2016, 9.0], [2018, 10.2]) }));
    expect(early.explanation.gapToTarget).toBe(0.2);
  });

  it('gives the gaps and shortfalls of a relative target without noise', () => {
    const result = assessTarget({
      comparator: 'at_most_relative',
      value: null,
      targetYear: 2020,
      recurrence: 'once',
      baseline: null,
      indicatorUnit: 'percent',
      series: s([2016, 33.3], [2018, 47.4]),
      referenceSeries: s([2016, 30.1], [2018, 42.0]),
      assessmentYear: 2019,
    });
    expect(result.explanation.comparisons!.map((c) => [c.gap, c.shortfall])).toEqual([
      [3.2, 3.2],
      [5.4, 5.4],
    ]);
    expect(result.explanation.gap).toBe(5.4);
    expect(result.explanation.observedGrowth).toBe(-1.1);
    expect(result.explanation.requiredGrowth).toBe(0.8);
    expect(result.explanation.ratio).toBe(-1.375);
  });

  it('decides on the number it shows: an equal target at the edge of its band is met', () => {
    // 0.02 · 35 = 0.7000000000000001 and 35.7 − 35 = 0.7000000000000028 as floats; both are 0.7.
    const result = assessTarget(absolute('equal', 35, 2020, { series: s([2020, 35.7]), assessmentYear: 2020 }));
    expect(result).toMatchObject({ status: 'achieved', explanation: { tolerance: 0.7, gapToTarget: 0.7 } });
  });
});

describe('equal targets', () => {
  /** Made up: the share of women among participants is 50 % in 2020. */
  const women = (rest: Partial<TargetAssessmentInput>) => absolute('equal', 50, 2020, rest);
  examples([
    {
      name: 'an equal target within ±2 % of its value is achieved',
      input: women({ series: s([2020, 49.2]), assessmentYear: 2021 }),
      status: 'achieved',
      reason: 'target_year_passed',
      numbers: { tolerance: 1.0 },
    },
    {
      name: 'an equal target just outside its band is not achieved',
      input: women({ series: s([2020, 48.9]), assessmentYear: 2021 }),
      status: 'not_achieved',
      reason: 'target_year_passed',
    },
    {
      name: 'an equal target is followed on the distance to its value',
      input: women({ series: s([2016, 40], [2017, 43], [2018, 46]) }),
      status: 'on_track',
      reason: 'trajectory_distance',
      numbers: { observedGrowth: 3, requiredGrowth: 2.5, ratio: 1.2 },
      explanation: { method: 'distance' },
    },
  ]);
});

describe('targets with a value and no year', () => {
  examples([
    {
      name: 'an at-least target without a year is achieved while it is met',
      input: absolute('at_least', 50, null, { series: s([2017, 48], [2018, 52]), assessmentYear: 2018 }),
      status: 'achieved',
      reason: 'met_without_target_year',
    },
    {
      name: 'an at-least target without a year that is not yet met follows its trend',
      input: absolute('at_least', 50, null, { series: s([2016, 40], [2017, 41], [2018, 42]), assessmentYear: 2018 }),
      status: 'on_track',
      reason: 'trend',
      numbers: { adjustedGrowth: 0.024695, scaling: 0.98289 },
      bandMin: 0.014743,
    },
  ]);
});

describe('yearly targets', () => {
  /** Östersund's mottagna-minst-300: at least 300 newcomers a year. */
  const newcomers = (series: Observation[], assessmentYear: number): TargetAssessmentInput => ({
    comparator: 'at_least',
    value: 300,
    targetYear: null,
    recurrence: 'yearly',
    baseline: null,
    indicatorUnit: 'count',
    series,
    assessmentYear,
  });
  const upTo2019 = s([2015, 245], [2016, 271], [2017, 318], [2018, 305], [2019, 262]);
  examples([
    {
      name: 'newcomers: 305 in 2018 meets at least 300 a year',
      input: newcomers(s([2015, 245], [2016, 271], [2017, 318], [2018, 305]), 2018),
      status: 'achieved',
      reason: 'yearly_target_met',
      numbers: { shareOfTarget: 1.0167 },
      explanation: { latest: { year: 2018, value: 305 }, record: { fromYear: 2015, toYear: 2018, yearsWithData: 4, yearsMet: 2 } },
    },
    {
      name: 'newcomers: 262 in 2019 misses at least 300 a year',
      input: newcomers(upTo2019, 2019),
      status: 'not_achieved',
      reason: 'yearly_target_missed',
      numbers: { shareOfTarget: 0.8733, gapToTarget: -38 },
      explanation: { record: { fromYear: 2016, toYear: 2019, yearsWithData: 4, yearsMet: 2 } },
    },
    {
      name: 'a yearly target is judged on the latest year with data',
      input: newcomers(upTo2019, 2020),
      status: 'not_achieved',
      reason: 'yearly_target_missed',
      explanation: { latest: { year: 2019, value: 262 }, record: { fromYear: 2016, toYear: 2019, yearsWithData: 4, yearsMet: 2 } },
    },
    {
      name: 'a year without data does not count in the record',
      input: newcomers(s([2016, 271], [2018, 318]), 2018),
      status: 'achieved',
      reason: 'yearly_target_met',
      explanation: { record: { fromYear: 2015, toYear: 2018, yearsWithData: 2, yearsMet: 1 } },
    },
  ]);
});

describe('direction-only targets', () => {
  const direction = (comparator: 'increase' | 'decrease', series: Observation[], indicatorUnit: TargetAssessmentInput['indicatorUnit'] = 'percent'): TargetAssessmentInput => ({
    comparator,
    value: null,
    targetYear: null,
    recurrence: 'once',
    baseline: null,
    indicatorUnit,
    series,
    assessmentYear: 2018,
  });
  examples([
    {
      name: 'eligibility for higher studies: a flat share shows limited progress',
      input: direction('increase', s([2016, 70.0], [2017, 70.0], [2018, 70.0])),
      status: 'off_track_significant',
      reason: 'trend',
      numbers: { adjustedGrowth: 0, scaling: 0.794773 },
      bandMin: 0,
      bandMax: 0.003974,
    },
    {
      name: 'eligibility for upper secondary school: a rising share is on track',
      input: direction('increase', s([2015, 60.0], [2016, 62.0], [2017, 63.0], [2018, 65.0])),
      status: 'on_track',
      reason: 'trend',
      numbers: { observedGrowth: 0.023908, scaling: 0.880266 },
      bandMin: 0.013204,
      explanation: { window: { fromYear: 2016, toYear: 2018, observations: 3 } },
    },
    {
      name: 'a share near 100 % needs less growth to be on track',
      input: direction('increase', s([2016, 95.0], [2017, 95.5], [2018, 95.8])),
      status: 'on_track',
      reason: 'trend',
      numbers: { observedGrowth: 0.0042017, scaling: 0.20367 },
      bandMin: 0.003055,
    },
    {
      name: 'differences in social relations fall: a decrease on track',
      input: direction('decrease', s([2016, 0.3], [2017, 0.28], [2018, 0.27]), 'other'),
      status: 'on_track',
      reason: 'trend',
      numbers: { observedGrowth: -0.051317, adjustedGrowth: 0.051317, scaling: 1 },
      bandMin: 0.015,
    },
    {
      name: 'a falling share is deteriorating for an increase target',
      input: direction('increase', s([2016, 70.0], [2018, 68.0])),
      status: 'deteriorating',
      reason: 'trend',
      numbers: { observedGrowth: -0.014389 },
    },
    {
      name: 'a trend through zero uses the linear rate',
      input: direction('increase', s([2016, 0], [2017, 2], [2018, 4]), 'count'),
      status: 'on_track',
      reason: 'trend_linear',
      numbers: { observedGrowth: 1.0, scaling: 1 },
    },
    {
      name: 'a direction-only target with one observation is not assessable',
      input: direction('increase', s([2018, 70.0])),
      status: 'not_assessable',
      reason: 'too_few_observations',
    },
  ]);
});

describe('relative targets', () => {
  /** Östersund's unga-arbetslosa-hogst-som-inrikes-fodda: at most the native-born level in 2020. */
  const youth = (series: Observation[], referenceSeries: Observation[], rest: Partial<TargetAssessmentInput> = {}): TargetAssessmentInput => ({
    comparator: 'at_most_relative',
    value: null,
    targetYear: 2020,
    recurrence: 'once',
    baseline: null,
    indicatorUnit: 'percent',
    series,
    referenceSeries,
    assessmentYear: 2019,
    ...rest,
  });
  const foreignBornYouth = s([2016, 22.0], [2017, 19.5], [2018, 16.0]);
  const nativeBornYouth = s([2016, 8.0], [2017, 7.5], [2018, 7.0]);
  examples([
    {
      name: 'youth unemployment: the gap to the native-born narrows but needs to narrow faster',
      input: youth(foreignBornYouth, nativeBornYouth),
      status: 'off_track_moderate',
      reason: 'reference_gap_trajectory',
      numbers: { observedGrowth: 2.5, requiredGrowth: 3.5, ratio: 0.7143, gap: 9.0 },
      explanation: {
        gapChange: 'narrower',
        gapChangeSincePrevious: 'narrower',
        comparisons: [
          { year: 2016, value: 22.0, reference: 8.0, gap: 14.0, shortfall: 14.0 },
          { year: 2017, value: 19.5, reference: 7.5, gap: 12.0, shortfall: 12.0 },
          { year: 2018, value: 16.0, reference: 7.0, gap: 9.0, shortfall: 9.0 },
        ],
      },
    },
    {
      name: 'a widening gap to the reference is deteriorating',
      input: youth(s([2016, 18.0], [2018, 20.0]), s([2016, 8.0], [2018, 8.0])),
      status: 'deteriorating',
      reason: 'reference_gap_trajectory',
      numbers: { observedGrowth: -1.0, requiredGrowth: 2.5, ratio: -0.4 },
      explanation: { gapChange: 'wider' },
    },
    {
      name: 'youth unemployment at the native-born level before 2020 is on track',
      input: youth(s([2017, 9.0], [2018, 7.0]), s([2017, 7.5], [2018, 7.0])),
      status: 'on_track',
      reason: 'reference_met',
      numbers: { gap: 0 },
    },
    {
      name: 'youth unemployment above the native-born level in 2020 is not achieved',
      input: youth(s([2019, 10.0], [2020, 9.0]), s([2019, 7.0], [2020, 7.5]), { assessmentYear: 2021 }),
      status: 'not_achieved',
      reason: 'target_year_passed',
      numbers: { gap: 1.5 },
      explanation: { verdict: { year: 2020, value: 9.0 }, gapChangeSincePrevious: 'narrower' },
    },
    {
      name: 'a relative target without a year: a narrowing gap needs acceleration',
      input: youth(foreignBornYouth, nativeBornYouth, { targetYear: null }),
      status: 'off_track_moderate',
      reason: 'reference_gap_trend',
      explanation: { gapChange: 'narrower' },
    },
    {
      name: 'a relative target without reference data is not assessable',
      input: youth(foreignBornYouth, []),
      status: 'not_assessable',
      reason: 'no_reference_data',
    },
    {
      name: 'a relative target with no year in common with its reference is not assessable',
      input: youth(foreignBornYouth, s([2014, 8.5], [2015, 8.2])),
      status: 'not_assessable',
      reason: 'no_overlap_with_reference',
    },
    {
      name: 'a relative target with a single common year above the reference has no baseline',
      input: youth(foreignBornYouth, s([2018, 7.0])),
      status: 'not_assessable',
      reason: 'no_baseline',
      explanation: { baseline: { year: 2018, value: 16.0, source: 'series' } },
    },
  ]);
});

describe('not assessable', () => {
  examples([
    {
      name: 'a target without an indicator is not assessable',
      input: foreignBorn({ indicatorUnit: null, series: firstExampleSeries }),
      status: 'not_assessable',
      reason: 'no_indicator',
    },
    {
      name: 'a percent target linked to a count indicator is not assessable',
      input: foreignBorn({ targetUnit: 'percent', indicatorUnit: 'count', series: s([2017, 318], [2018, 305]) }),
      status: 'not_assessable',
      reason: 'unit_mismatch',
      explanation: { units: { target: 'percent', indicator: 'count', reference: null } },
    },
    {
      name: 'a relative target compared with a reference in another unit is not assessable',
      input: {
        comparator: 'at_most_relative',
        value: null,
        targetYear: 2020,
        recurrence: 'once',
        baseline: null,
        indicatorUnit: 'percent',
        referenceUnit: 'count',
        series: s([2016, 22.0], [2018, 16.0]),
        referenceSeries: s([2016, 8.0], [2018, 7.0]),
        assessmentYear: 2019,
      },
      status: 'not_assessable',
      reason: 'unit_mismatch',
    },
    {
      name: 'an at-least target without a value is not assessable',
      input: absolute('at_least', null, 2020, { series: firstExampleSeries }),
      status: 'not_assessable',
      reason: 'no_target_value',
    },
    {
      name: 'a target with no data is not assessable',
      input: foreignBorn({ series: [] }),
      status: 'not_assessable',
      reason: 'no_data',
    },
    {
      name: 'a target whose only data is after the assessment year is not assessable',
      input: foreignBorn({ series: s([2020, 10.1]) }),
      status: 'not_assessable',
      reason: 'no_data',
    },
    {
      name: 'one observation and no baseline is not assessable',
      input: foreignBorn({ series: s([2018, 9.5]) }),
      status: 'not_assessable',
      reason: 'no_baseline',
      explanation: { baseline: { year: 2018, value: 9.5, source: 'series' } },
    },
    {
      name: 'an explicit baseline without a later observation is not assessable',
      input: workOrStudies({ series: s([2017, 38]) }),
      status: 'not_assessable',
      reason: 'no_data_since_baseline',
    },
  ]);
});

describe('broken invariants', () => {
  it('throws a validation error for a repeated year', () => {
    const input = foreignBorn({ series: s([2017, 9.0], [2017, 9.1]) });
    expect(() => assessTarget(input)).toThrow(DomainError);
  });

  it('throws a validation error for inconsistent parameters', () => {
    expect(() => assessTarget(foreignBorn({ series: firstExampleSeries }), { onTrackRatio: 0.5, moderateRatio: 0.6 })).toThrow(DomainError);
    expect(() => assessTarget(foreignBorn({ series: firstExampleSeries }), { trendWindow: 1 })).toThrow(DomainError);
  });

  it('accepts observations in any order', () => {
    const shuffled = foreignBorn({ series: [...firstExampleSeries].reverse() });
    expect(assessTarget(shuffled).explanation.ratio).toBeCloseTo(1.2918, 4);
  });
});
