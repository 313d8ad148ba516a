import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { genderGap, type GenderGapReason } from './gender-gap.ts';
import type { GapChange, Observation } from './series.ts';

// Worked examples: docs/methodology/attainment.md#gender-gap (test names = example names).

interface Example {
  name: string;
  women: Observation[];
  men: Observation[];
  threshold: number;
  reason: GenderGapReason;
  /** Per common year: [year, gap, size, change]. */
  years: Array<[number, number, number, GapChange | null]>;
  overall: GapChange | null;
  flagged: boolean;
}

function examples(rows: Example[]): void {
  for (const row of rows) {
    it(row.name, () => {
      const result = genderGap(row.women, row.men, { threshold: row.threshold });
      expect(result.reason).toBe(row.reason);
      expect(result.years.map((y) => y.year)).toEqual(row.years.map(([year]) => year));
      result.years.forEach((y, i) => {
        const [, gap, size, change] = row.years[i]!;
        expect(y.gap, `gap ${y.year}`).toBeCloseTo(gap, 4);
        expect(y.size, `size ${y.year}`).toBeCloseTo(size, 4);
        expect(y.change, `change ${y.year}`).toBe(change);
      });
      expect(result.latest?.year ?? null).toBe(row.years.at(-1)?.[0] ?? null);
      expect(result.overall).toBe(row.overall);
      expect(result.flagged).toBe(row.flagged);
    });
  }
}

const s = (...pairs: Array<[number, number]>): Observation[] => pairs.map(([year, value]) => ({ year, value }));

const womenEmployment = s([2016, 30.0], [2017, 33.0], [2018, 36.5]);
const menEmployment = s([2016, 45.0], [2017, 46.0], [2018, 47.0]);
const narrowing: Example['years'] = [
  [2016, -15.0, 15.0, null],
  [2017, -13.0, 13.0, 'narrower'],
  [2018, -10.5, 10.5, 'narrower'],
];

describe('gender gap', () => {
  examples([
    {
      name: 'the employment gap between women and men narrows',
      women: womenEmployment,
      men: menEmployment,
      threshold: 10,
      reason: 'compared',
      years: narrowing,
      overall: 'narrower',
      flagged: true,
    },
    {
      name: 'a gap that changes sign and grows is widening',
      women: s([2016, 52.0], [2017, 50.0], [2018, 49.5]),
      men: s([2016, 50.0], [2017, 51.0], [2018, 53.0]),
      threshold: 5,
      reason: 'compared',
      years: [
        [2016, 2.0, 2.0, null],
        [2017, -1.0, 1.0, 'narrower'],
        [2018, -3.5, 3.5, 'wider'],
      ],
      overall: 'wider',
      flagged: false,
    },
    {
      name: 'only years with values for both women and men are compared',
      women: s([2016, 30.0], [2018, 36.5]),
      men: menEmployment,
      threshold: 12,
      reason: 'compared',
      years: [
        [2016, -15.0, 15.0, null],
        [2018, -10.5, 10.5, 'narrower'],
      ],
      overall: 'narrower',
      flagged: false,
    },
    {
      name: 'a gap of exactly the threshold is not flagged',
      women: womenEmployment,
      men: menEmployment,
      threshold: 10.5,
      reason: 'compared',
      years: narrowing,
      overall: 'narrower',
      flagged: false,
    },
    {
      name: 'a single common year gives the gap but no change',
      women: s([2018, 36.5]),
      men: s([2018, 47.0]),
      threshold: 10,
      reason: 'single_common_year',
      years: [[2018, -10.5, 10.5, null]],
      overall: null,
      flagged: true,
    },
    {
      name: 'a gap with no common year cannot be computed',
      women: s([2016, 30.0]),
      men: s([2017, 46.0]),
      threshold: 10,
      reason: 'no_common_year',
      years: [],
      overall: null,
      flagged: false,
    },
    {
      name: 'a gap without values for women cannot be computed',
      women: [],
      men: s([2016, 45.0]),
      threshold: 10,
      reason: 'no_data_women',
      years: [],
      overall: null,
      flagged: false,
    },
  ]);

  it('gives gaps without float noise: 47.4 − 52.8 is −5.4', () => {
    const result = genderGap(s([2016, 33.3], [2018, 47.4]), s([2016, 30.1], [2018, 52.8]), { threshold: 5.4 });
    expect(result.years.map((y) => [y.gap, y.size])).toEqual([
      [3.2, 3.2],
      [-5.4, 5.4],
    ]);
    expect(result.flagged).toBe(false);
  });

  it('judges a gap of exactly the threshold on the clean number: 1.1 − 0.8 is 0.3, not 0.30000000000000004', () => {
    expect(genderGap(s([2018, 1.1]), s([2018, 0.8]), { threshold: 0.3 })).toMatchObject({ latest: { gap: 0.3, size: 0.3 }, flagged: false });
  });

  it('refuses a negative threshold', () => {
    expect(() => genderGap(womenEmployment, menEmployment, { threshold: -1 })).toThrow(DomainError);
  });
});
