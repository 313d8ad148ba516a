import { describe, expect, it } from 'vitest';
import { assessTarget, type Attainment, type TargetAssessmentInput } from './attainment.ts';
import { describeAttainment, describeRollUp, type DescribeTargetInput, type Sentence } from './explain.ts';
import { rollUp } from './rollup.ts';
import type { Observation } from './series.ts';

// The sentences' descriptors: ids and tagged numbers (docs/methodology/attainment.md#the-reasons-in-words).
// The words themselves are tested in src/shared/attainment-text.test.ts.

const s = (...pairs: Array<[number, number]>): Observation[] => pairs.map(([year, value]) => ({ year, value }));
const target = (rest: Partial<TargetAssessmentInput> & Pick<TargetAssessmentInput, 'comparator'>): TargetAssessmentInput => ({
  value: null,
  targetYear: null,
  recurrence: 'once',
  baseline: null,
  indicatorUnit: 'percent',
  series: [],
  assessmentYear: 2019,
  ...rest,
});
const describe_ = (t: TargetAssessmentInput, a: Attainment = assessTarget(t)): Sentence =>
  describeAttainment({ comparator: t.comparator, value: t.value, targetYear: t.targetYear, recurrence: t.recurrence, unitOfMeasure: t.indicatorUnit } satisfies DescribeTargetInput, a);

describe('describeAttainment', () => {
  it('gives a trajectory its rates, its baseline, its latest value and its target', () => {
    const t = target({ comparator: 'at_least', value: 60, targetYear: 2026, baseYear: 2022, assessmentYear: 2023, series: s([2021, 46], [2022, 49], [2023, 52]) });
    const sentence = describe_(t);
    expect(sentence.id).toBe('attainment.reason.trajectory');
    expect(sentence.values).toMatchObject({
      baseYear: { kind: 'year', value: 2022 },
      base: { kind: 'value', value: 49, unit: 'percent' },
      latestYear: { kind: 'year', value: 2023 },
      latest: { kind: 'value', value: 52, unit: 'percent' },
      measure: { kind: 'choice', value: 'share' },
      observedDirection: { kind: 'choice', value: 'up' },
      requiredDirection: { kind: 'choice', value: 'up' },
      targetYear: { kind: 'year', value: 2026 },
      target: { kind: 'phrase', sentence: { id: 'attainment.target.at_least', values: { value: { kind: 'value', value: 60, unit: 'percent' } } } },
    });
    expect(sentence.values.observed).toEqual({ kind: 'rate', value: expect.closeTo(0.061224, 6) });
    expect(sentence.values.required).toEqual({ kind: 'rate', value: expect.closeTo(0.051935, 6) });
  });

  it('gives falling values as magnitudes and says which way', () => {
    const t = target({ comparator: 'at_most', value: 5, targetYear: 2022, baseline: { year: 2018, value: 8 }, series: s([2018, 8], [2020, 6.6]), assessmentYear: 2021 });
    const { values } = describe_(t);
    expect(values.observedDirection).toEqual({ kind: 'choice', value: 'down' });
    expect(values.requiredDirection).toEqual({ kind: 'choice', value: 'down' });
    expect((values.observed as { value: number }).value).toBeGreaterThan(0);
    expect((values.required as { value: number }).value).toBeGreaterThan(0);
  });

  it('gives a linear trajectory its change per year in the unit of the indicator', () => {
    const t = target({ comparator: 'at_least', value: 20, targetYear: 2020, indicatorUnit: 'count', series: s([2016, 0], [2018, 9]) });
    const sentence = describe_(t);
    expect(sentence.id).toBe('attainment.reason.trajectory_linear');
    expect(sentence.values.observed).toEqual({ kind: 'change', value: 4.5, unit: 'count' });
    expect(sentence.values.required).toEqual({ kind: 'change', value: 5, unit: 'count' });
    expect(sentence.values.measure).toEqual({ kind: 'choice', value: 'number' });
  });

  it('gives a relative target the reference and the shortfall, narrowing as a shrinking change', () => {
    const t = target({ comparator: 'at_most_relative', targetYear: 2020, series: s([2016, 22], [2018, 16]), referenceSeries: s([2016, 8], [2018, 7]) });
    const sentence = describe_(t);
    expect(sentence.id).toBe('attainment.reason.reference_gap_trajectory');
    expect(sentence.values).toMatchObject({
      latest: { kind: 'value', value: 16 },
      reference: { kind: 'value', value: 7 },
      shortfall: { kind: 'change', value: 9, unit: 'percent' },
      baseYear: { kind: 'year', value: 2016 },
      baseShortfall: { kind: 'change', value: 14 },
      observed: { kind: 'change', value: 2.5 },
      observedDirection: { kind: 'choice', value: 'down' },
      required: { kind: 'change', value: 3.5 },
    });
  });

  it('names the baseline of a target without a later value, and of one with an explicit baseline', () => {
    const noBaseline = describe_(target({ comparator: 'at_least', value: 10, targetYear: 2020, series: s([2018, 9.5]) }));
    expect(noBaseline).toEqual({ id: 'attainment.reason.no_baseline', values: { baseYear: { kind: 'year', value: 2018 }, base: { kind: 'value', value: 9.5, unit: 'percent' } } });
    const relative = describe_(target({ comparator: 'at_most_relative', targetYear: 2020, series: s([2018, 16]), referenceSeries: s([2018, 7]) }));
    expect(relative.id).toBe('attainment.reason.no_baseline.relative');
    const since = describe_(target({ comparator: 'at_least', value: 50, targetYear: 2020, baseline: { year: 2017, value: 38 }, series: s([2017, 38]) }));
    expect(since).toMatchObject({ id: 'attainment.reason.no_data_since_baseline', values: { baseYear: { value: 2017 }, base: { value: 38 } } });
  });

  it('says whether a verdict is on the target year or on the first value after it', () => {
    const onYear = describe_(target({ comparator: 'at_least', value: 10, targetYear: 2020, series: s([2020, 10.1]), assessmentYear: 2021 }));
    expect(onYear.values.onTargetYear).toEqual({ kind: 'choice', value: 'yes' });
    const after = describe_(target({ comparator: 'at_least', value: 10, targetYear: 2020, series: s([2019, 9.7], [2021, 10.2]), assessmentYear: 2022 }));
    expect(after.values).toMatchObject({ onTargetYear: { value: 'no' }, verdictYear: { value: 2021 }, targetYear: { value: 2020 } });
  });

  it('gives an equal target its band and a standing target its own trend sentence', () => {
    const equal = describe_(target({ comparator: 'equal', value: 50, targetYear: 2020, series: s([2020, 49.2]), assessmentYear: 2021 }));
    expect(equal.values.target).toEqual({
      kind: 'phrase',
      sentence: { id: 'attainment.target.equal', values: { value: { kind: 'value', value: 50, unit: 'percent' }, tolerance: { kind: 'change', value: 1, unit: 'percent' } } },
    });
    const standing = describe_(target({ comparator: 'at_least', value: 50, series: s([2016, 40], [2018, 42]), assessmentYear: 2018 }));
    expect(standing.id).toBe('attainment.reason.trend.standing');
    expect(standing.values).toMatchObject({ wanted: { value: 'up' }, fromYear: { value: 2016 }, toYear: { value: 2018 }, onTrack: { kind: 'rate' }, moderate: { kind: 'rate' } });
    const direction = describe_(target({ comparator: 'decrease', series: s([2016, 0.3], [2018, 0.27]), indicatorUnit: 'other', assessmentYear: 2018 }));
    expect(direction.id).toBe('attainment.reason.trend');
    expect(direction.values).toMatchObject({ wanted: { value: 'down' }, observedDirection: { value: 'down' }, measure: { value: 'value' } });
  });

  it('gives reasons without numbers no values', () => {
    expect(describe_(target({ comparator: 'at_least', value: 10, targetYear: 2020, indicatorUnit: null }))).toEqual({ id: 'attainment.reason.no_indicator', values: {} });
    expect(describe_(target({ comparator: 'at_least', value: 10, targetYear: 2020 }))).toEqual({ id: 'attainment.reason.no_data', values: {} });
  });

  it("falls back to the reason's short text when the explanation lacks a number the sentence needs", () => {
    const t = target({ comparator: 'at_least', value: 10, targetYear: 2020 });
    expect(describe_(t, { status: 'on_track', reason: 'trajectory', explanation: {} })).toEqual({ id: 'common.reason.trajectory', values: {} });
  });
});

describe('describeRollUp', () => {
  it('counts the statuses from best to worst, only those that occur, with the targets that cannot be assessed apart', () => {
    const sentence = describeRollUp(rollUp([{ status: 'deteriorating' }, { status: 'on_track' }, { status: 'not_assessable' }, { status: 'on_track' }, { status: 'off_track_moderate' }]));
    expect(sentence).toEqual({
      id: 'attainment.rollUp.median',
      values: {
        scope: { kind: 'choice', value: 'goal' },
        assessable: { kind: 'count', value: 4 },
        parity: { kind: 'choice', value: 'even' },
        counts: {
          kind: 'list',
          items: [
            { id: 'attainment.rollUp.count', values: { n: { kind: 'count', value: 2 }, status: { kind: 'choice', value: 'on_track' } } },
            { id: 'attainment.rollUp.count', values: { n: { kind: 'count', value: 1 }, status: { kind: 'choice', value: 'off_track_moderate' } } },
            { id: 'attainment.rollUp.count', values: { n: { kind: 'count', value: 1 }, status: { kind: 'choice', value: 'deteriorating' } } },
          ],
        },
        notAssessable: { kind: 'count', value: 1 },
      },
    });
  });

  it('has a sentence for every reason of the roll-up', () => {
    expect(describeRollUp(rollUp([])).id).toBe('attainment.rollUp.no_items');
    expect(describeRollUp(rollUp([{ status: 'not_assessable' }])).id).toBe('attainment.rollUp.none_assessable');
    expect(describeRollUp(rollUp([{ status: 'achieved' }])).id).toBe('attainment.rollUp.all_achieved');
    expect(describeRollUp(rollUp([{ status: 'achieved' }, { status: 'not_achieved' }])).id).toBe('attainment.rollUp.median');
  });
});
