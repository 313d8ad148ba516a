import { createIntl, createIntlCache } from '@formatjs/intl';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ATTAINMENT_REASONS, ATTAINMENT_STATUSES, assessTarget, type TargetAssessmentInput } from '../domain/attainment/attainment.ts';
import { describeAttainment, describeRollUp, type DescribeTargetInput } from '../domain/attainment/explain.ts';
import { rollUp, type RollUpItem } from '../domain/attainment/rollup.ts';
import type { Observation } from '../domain/attainment/series.ts';
import { COMPARATORS, INDICATOR_UNITS } from '../domain/strategy/types.ts';
import { attainmentText } from './attainment-text.ts';
import type { IntlLike } from './format.ts';
import enAttainment from './locales/en/attainment.json' with { type: 'json' };
import enCommon from './locales/en/common.json' with { type: 'json' };
import svAttainment from './locales/sv/attainment.json' with { type: 'json' };
import svCommon from './locales/sv/common.json' with { type: 'json' };

// Worked examples: docs/methodology/attainment.md#the-reasons-in-words (test names = example names).
// The sentences are written by hand. sv-SE writes a decimal comma and a no-break space (U+00A0)
// before %; en-GB a decimal point and no space.

const cache = createIntlCache();
const MESSAGES = { sv: { ...svCommon, ...svAttainment }, en: { ...svCommon, ...svAttainment, ...enCommon, ...enAttainment } };
const intlFor = (lang: 'sv' | 'en'): IntlLike => {
  const intl = createIntl({ locale: lang === 'sv' ? 'sv-SE' : 'en-GB', messages: MESSAGES[lang], defaultLocale: 'sv-SE', onError: (e) => { throw e; } }, cache);
  return {
    locale: intl.locale,
    formatNumber: (v, o) => intl.formatNumber(v, o as Parameters<typeof intl.formatNumber>[1]),
    formatDate: (d, o) => intl.formatDate(d, o as Parameters<typeof intl.formatDate>[1]),
    formatMessage: (d, v) => intl.formatMessage(d, v) as string,
  };
};
const sv = intlFor('sv');
const en = intlFor('en');
/** Swedish with its no-break space before %. */
const nb = (s: string) => s.replaceAll(' %', '\u00a0%');

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
const describeInput = (t: TargetAssessmentInput): DescribeTargetInput => ({ comparator: t.comparator, value: t.value, targetYear: t.targetYear, recurrence: t.recurrence, unitOfMeasure: t.indicatorUnit });

interface Example {
  name: string;
  /** A target to assess, or the targets of a goal to roll up. */
  target?: TargetAssessmentInput;
  goal?: RollUpItem[];
  reason: string;
  sv: string;
  en: string;
}

function examples(rows: Example[]): void {
  for (const row of rows) {
    it(row.name, () => {
      let sentence;
      if (row.target) {
        const attainment = assessTarget(row.target);
        expect(attainment.reason).toBe(row.reason);
        sentence = describeAttainment(describeInput(row.target), attainment);
      } else {
        const r = rollUp(row.goal!);
        expect(r.overall.reason).toBe(row.reason);
        sentence = describeRollUp(r);
      }
      expect(attainmentText(sv, sentence)).toBe(nb(row.sv));
      expect(attainmentText(en, sentence)).toBe(row.en);
    });
  }
}

const midYear = s([2019, 40], [2020, 43], [2021, 46], [2022, 49], [2023, 52]);

describe('the reasons in words', () => {
  examples([
    {
      name: 'in words: 47 % in 2020 against at least 50 % is not achieved',
      target: target({ comparator: 'at_least', value: 50, targetYear: 2020, baseline: { year: 2017, value: 38 }, series: s([2018, 41], [2019, 44], [2020, 47], [2021, 51]), assessmentYear: 2021 }),
      reason: 'target_year_passed',
      sv: '2020 var andelen 47,0 %, målet var minst 50,0 % (bedömt på målåret).',
      en: 'In 2020 the share was 47.0%; the target was at least 50.0% (judged on the target year).',
    },
    {
      name: 'in words: without a value for the target year, the first later value decides',
      target: target({ comparator: 'at_least', value: 10, targetYear: 2020, series: s([2019, 9.7], [2021, 10.2]), assessmentYear: 2022 }),
      reason: 'target_year_passed',
      sv: '2021 var andelen 10,2 %, målet var minst 10,0 % (målåret 2020 saknar värde, så det första värdet efter det avgör).',
      en: 'In 2021 the share was 10.2%; the target was at least 10.0% (the target year 2020 has no value, so the first value after it decides).',
    },
    {
      name: 'in words: the foreign-born share meets its target before the target year',
      target: target({ comparator: 'at_least', value: 10, targetYear: 2020, series: s([2016, 9.0], [2018, 10.2]) }),
      reason: 'met_before_target_year',
      sv: '2018 var andelen 10,2 %: målet, minst 10,0 % år 2020, är redan nått.',
      en: 'In 2018 the share was 10.2%: the target, at least 10.0% in 2020, is already met.',
    },
    {
      name: 'in words: a strategy adopted mid-year is on track from its 2022 baseline',
      target: target({ comparator: 'at_least', value: 60, targetYear: 2026, series: midYear, baseYear: 2022, assessmentYear: 2023 }),
      reason: 'trajectory',
      sv: 'Ökar med 6,1 % per år från 49,0 % år 2022 till 52,0 % år 2023; en ökning med 5,2 % per år behövs för att nå minst 60,0 % år 2026.',
      en: 'Rising by 6.1% a year from 49.0% in 2022 to 52.0% in 2023; a rise of 5.2% a year is needed to reach at least 60.0% in 2026.',
    },
    {
      name: 'in words: an at-most target falls towards its value, too slowly',
      target: target({ comparator: 'at_most', value: 5, targetYear: 2022, baseline: { year: 2018, value: 8.0 }, series: s([2018, 8.0], [2019, 7.2], [2020, 6.6]), assessmentYear: 2021 }),
      reason: 'trajectory',
      sv: 'Minskar med 9,2 % per år från 8,0 % år 2018 till 6,6 % år 2020; en minskning med 11,1 % per år behövs för att nå högst 5,0 % år 2022.',
      en: 'Falling by 9.2% a year from 8.0% in 2018 to 6.6% in 2020; a fall of 11.1% a year is needed to reach at most 5.0% in 2022.',
    },
    {
      name: 'in words: internship places from zero, a linear change per year',
      target: target({ comparator: 'at_least', value: 20, targetYear: 2020, indicatorUnit: 'count', series: s([2016, 0], [2017, 6], [2018, 9]) }),
      reason: 'trajectory_linear',
      sv: 'Ökar med 4,5 per år från 0 år 2016 till 9 år 2018; en ökning med 5 per år behövs för att nå minst 20 år 2020.',
      en: 'Rising by 4.5 a year from 0 in 2016 to 9 in 2018; a rise of 5 a year is needed to reach at least 20 in 2020.',
    },
    {
      name: 'in words: a base year with no later value yet names the baseline',
      target: target({ comparator: 'at_least', value: 60, targetYear: 2026, series: midYear, baseYear: 2023, assessmentYear: 2023 }),
      reason: 'no_baseline',
      sv: 'Utgångsvärdet är 52,0 % år 2023, och det finns inget senare värde ännu att mäta utvecklingen mot.',
      en: 'The baseline is 52.0% in 2023, and there is no later value yet to measure progress against.',
    },
    {
      name: 'in words: 262 newcomers in 2019 miss at least 300 a year',
      target: target({ comparator: 'at_least', value: 300, recurrence: 'yearly', indicatorUnit: 'count', series: s([2015, 245], [2016, 271], [2017, 318], [2018, 305], [2019, 262]) }),
      reason: 'yearly_target_missed',
      sv: '2019 var antalet 262, och målet är minst 300 varje år: inte nått. Målet nåddes 2 av 4 år med värden 2016–2019.',
      en: 'In 2019 the number was 262, and the target is at least 300 every year: not met. The target was met in 2 of 4 years with values in 2016–2019.',
    },
    {
      name: 'in words: a flat share against the thresholds of its trend',
      target: target({ comparator: 'increase', series: s([2016, 70.0], [2017, 70.0], [2018, 70.0]), assessmentYear: 2018 }),
      reason: 'trend',
      sv: 'Oförändrat 2016–2018 (70,0 % år 2018); en ökning med minst 1,2 % per år räknas som i fas och med minst 0,4 % som framsteg.',
      en: 'Unchanged in 2016–2018 (70.0% in 2018); a rise of at least 1.2% a year counts as on track, and of at least 0.4% as progress.',
    },
    {
      name: 'in words: youth unemployment at the native-born level is met for now',
      target: target({ comparator: 'at_most_relative', targetYear: 2020, series: s([2017, 9.0], [2018, 7.0]), referenceSeries: s([2017, 7.5], [2018, 7.0]) }),
      reason: 'reference_met',
      sv: '2018 var andelen 7,0 % mot 7,0 % för jämförelsegruppen: målet, högst jämförelsegruppens nivå, nås just nu.',
      en: "In 2018 the share was 7.0% against 7.0% for the comparison group: the target, at most the comparison group's level, is met for now.",
    },
    {
      name: "in words: youth unemployment's gap to the native-born narrows too slowly",
      target: target({ comparator: 'at_most_relative', targetYear: 2020, series: s([2016, 22.0], [2017, 19.5], [2018, 16.0]), referenceSeries: s([2016, 8.0], [2017, 7.5], [2018, 7.0]) }),
      reason: 'reference_gap_trajectory',
      sv: '2018 var andelen 16,0 % mot 7,0 % för jämförelsegruppen, 9 procentenheter från målet. Avståndet har minskat med 2,5 procentenheter per år sedan 2016 (14 procentenheter); det behöver minska med 3,5 procentenheter per år för att vara borta år 2020.',
      en: 'In 2018 the share was 16.0% against 7.0% for the comparison group, 9 percentage points short of the target. The gap has shrunk by 2.5 percentage points a year since 2016 (14 percentage points); it needs to shrink by 3.5 percentage points a year to close by 2020.',
    },
    {
      name: "in words: a goal's status is the middle one of its targets'",
      goal: [{ status: 'on_track' }, { status: 'deteriorating' }, { status: 'not_assessable' }, { status: 'off_track_moderate' }, { status: 'on_track' }],
      reason: 'median',
      sv: 'Målets status är den mittersta av 4 bedömda målvärdens statusar (den sämre av de två mittersta): minst hälften har den eller en bättre. 2 i fas, 1 behöver öka takten och 1 går åt fel håll; 1 kan inte bedömas.',
      en: "The goal's status is the middle one of the statuses of 4 assessed targets (the worse of the two middle ones): at least half have it or a better one. 2 on track, 1 needing to speed up and 1 going the wrong way; 1 cannot be assessed.",
    },
  ]);
});

describe('other sentences', () => {
  it('says when every assessed target of a goal is achieved, and when none can be assessed', () => {
    const all = describeRollUp(rollUp([{ status: 'achieved' }, { status: 'achieved' }, { status: 'not_assessable' }]));
    expect(attainmentText(sv, all)).toBe('Alla 2 bedömda målvärden är uppnådda. 1 kan inte bedömas.');
    expect(attainmentText(en, all)).toBe('All 2 assessed targets are achieved. 1 cannot be assessed.');
    expect(attainmentText(sv, describeRollUp(rollUp([{ status: 'not_assessable' }, { status: 'not_assessable' }])))).toBe('Inget av målets 2 målvärden kan bedömas ännu.');
    expect(attainmentText(en, describeRollUp(rollUp([])))).toBe('The goal has no targets to assess.');
    const odd = describeRollUp(rollUp([{ status: 'achieved' }, { status: 'not_achieved' }, { status: 'not_achieved' }]));
    expect(attainmentText(sv, odd)).toBe('Målets status är den mittersta av 3 bedömda målvärdens statusar: minst hälften har den eller en bättre. 1 uppnått och 2 inte uppnådda.');
  });

  it('words a target that was met and no longer is, with its baseline', () => {
    const t = target({ comparator: 'at_least', value: 8, targetYear: 2020, baseline: { year: 2016, value: 8.4 }, series: s([2017, 8.1], [2018, 7.9]) });
    const sentence = describeAttainment(describeInput(t), assessTarget(t));
    expect(attainmentText(sv, sentence)).toBe(nb('Utgångsvärdet 8,4 % år 2016 nådde målet, minst 8,0 %, men 2018 var andelen 7,9 %.'));
    expect(attainmentText(en, sentence)).toBe('The baseline, 8.4% in 2016, met the target of at least 8.0%, but in 2018 the share was 7.9%.');
  });

  it('words a plain reason without numbers', () => {
    const t = target({ comparator: 'at_least', value: 10, targetYear: 2020, indicatorUnit: null });
    expect(attainmentText(sv, describeAttainment(describeInput(t), assessTarget(t)))).toBe('Målet har ingen indikator, så det kan inte bedömas.');
  });

  it('has a sentence for every reason, in both languages', () => {
    for (const messages of [svAttainment, enAttainment] as Array<Record<string, string>>) {
      expect(ATTAINMENT_REASONS.filter((r) => !(`attainment.reason.${r}` in messages))).toEqual([]);
      expect(Object.keys(messages)).toContain('attainment.methodNote');
    }
  });

  it('gives every assessment a sentence of its own with every number formatted, in both languages', () => {
    const value = fc.double({ min: -20, max: 150, noNaN: true, noDefaultInfinity: true });
    const year = fc.integer({ min: 2010, max: 2025 });
    const series = fc.uniqueArray(fc.record({ year, value }), { selector: (o) => o.year, maxLength: 6 });
    const input: fc.Arbitrary<TargetAssessmentInput> = fc.record({
      comparator: fc.constantFrom(...COMPARATORS),
      value: fc.option(value, { nil: null }),
      targetYear: fc.option(year, { nil: null }),
      recurrence: fc.constantFrom('once' as const, 'yearly' as const),
      baseline: fc.option(fc.record({ year, value }), { nil: null }),
      baseYear: fc.option(year, { nil: null }),
      targetUnit: fc.constant(null),
      indicatorUnit: fc.option(fc.constantFrom(...INDICATOR_UNITS), { nil: null }),
      referenceUnit: fc.constant(null),
      series,
      referenceSeries: fc.option(series, { nil: null }),
      assessmentYear: year,
    });
    fc.assert(
      fc.property(input, (t) => {
        const sentence = describeAttainment(describeInput(t), assessTarget(t));
        expect(sentence.id.startsWith('attainment.')).toBe(true);
        for (const intl of [sv, en]) {
          const text = attainmentText(intl, sentence);
          expect(text).not.toMatch(/undefined|NaN|[{}]|(^|\s)–(\s|[,.;:)]|$)/);
        }
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.array(fc.record({ status: fc.constantFrom(...ATTAINMENT_STATUSES) }), { maxLength: 9 }), (items) => {
        for (const intl of [sv, en]) expect(attainmentText(intl, describeRollUp(rollUp(items)))).not.toMatch(/undefined|NaN|[{}]/);
      }),
    );
  });

  it('names what a roll-up sums up: a goal, an area or the whole document', () => {
    const r = rollUp([{ status: 'on_track' }, { status: 'deteriorating' }, { status: 'on_track' }]);
    expect(attainmentText(sv, describeRollUp(r, 'goal'))).toMatch(/^Målets status är den mittersta av 3 bedömda/);
    expect(attainmentText(sv, describeRollUp(r, 'area'))).toMatch(/^Områdets status är den mittersta av 3 bedömda/);
    expect(attainmentText(sv, describeRollUp(r, 'summary'))).toMatch(/^Den sammantagna statusen är den mittersta av 3 bedömda/);
    expect(attainmentText(en, describeRollUp(r, 'summary'))).toMatch(/^The overall status is the middle one of the statuses of 3 assessed/);
    expect(attainmentText(en, describeRollUp(rollUp([]), 'area'))).toBe('The area has no targets to assess.');
  });
});
