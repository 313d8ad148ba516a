import { describe, expect, it } from 'vitest';
import { assessTarget } from '../domain/attainment/attainment.ts';
import { describeAttainment, type Sentence } from '../domain/attainment/explain.ts';
import { sentenceText } from './words.ts';

/** Östersund's work-or-studies target, judged on 2020's value (docs/methodology/attainment.md). */
function verdict(value2020: number): Sentence {
  const target = { comparator: 'at_least', value: 50, targetYear: 2020, recurrence: 'once' } as const;
  const a = assessTarget({ ...target, baseline: null, indicatorUnit: 'percent', series: [{ year: 2018, value: 41 }, { year: 2020, value: value2020 }], assessmentYear: 2021 });
  return describeAttainment({ ...target, unitOfMeasure: 'percent' }, a);
}

describe('sentences in words for the API', () => {
  it('words the same sentence the same way each time (from the cache), and another sentence or language differently', () => {
    const first = sentenceText(verdict(47), 'sv');
    expect(first).toContain('2020');
    expect(first).toMatch(/47,0\s%/);
    expect(first).toMatch(/50,0\s%/);
    expect(sentenceText(verdict(47), 'sv')).toBe(first);
    expect(sentenceText(verdict(48), 'sv')).toMatch(/48,0\s%/);
    const en = sentenceText(verdict(47), 'en');
    expect(en).not.toBe(first);
    expect(en).toMatch(/47\.0\s?%/);
  });
});
