import { describe, expect } from 'vitest';
import { examples } from '../../../test/support/methodology.ts';
import { PERIOD_SCHEMES, periodsOfYear, yearKey, type PeriodScheme, type PeriodSpec } from './period.ts';

// Worked examples: docs/methodology/indicator-values.md#follow-up-periods (test names = example
// names; values.test.ts checks that every example of the page has its test).


const fullYear = (y: number): PeriodSpec => ({ key: `${y}`, kind: 'year', year: y, label: `Helår ${y}`, start: `${y}-01-01`, end: `${y}-12-31` });

describe('the periods of a scheme', () => {
  examples<{ name: string; year: number; scheme: PeriodScheme; periods: PeriodSpec[] }>([
    { name: 'the year scheme has the full year only', year: 2025, scheme: 'year', periods: [fullYear(2025)] },
    {
      name: 'the interim scheme has delår jan–aug, then the full year',
      year: 2025,
      scheme: 'year_interim',
      periods: [{ key: '2025-D', kind: 'interim', year: 2025, label: 'Delår jan–aug 2025', start: '2025-01-01', end: '2025-08-31' }, fullYear(2025)],
    },
    {
      name: 'tertials in the leap year 2024',
      year: 2024,
      scheme: 'year_tertials',
      periods: [
        { key: '2024-T1', kind: 'tertial', year: 2024, label: 'Tertial 1 2024', start: '2024-01-01', end: '2024-04-30' },
        { key: '2024-T2', kind: 'tertial', year: 2024, label: 'Tertial 2 2024', start: '2024-05-01', end: '2024-08-31' },
        { key: '2024-T3', kind: 'tertial', year: 2024, label: 'Tertial 3 2024', start: '2024-09-01', end: '2024-12-31' },
        fullYear(2024),
      ],
    },
    {
      name: 'quarters in the leap year 2024',
      year: 2024,
      scheme: 'year_quarters',
      periods: [
        { key: '2024-Q1', kind: 'quarter', year: 2024, label: 'Kvartal 1 2024', start: '2024-01-01', end: '2024-03-31' },
        { key: '2024-Q2', kind: 'quarter', year: 2024, label: 'Kvartal 2 2024', start: '2024-04-01', end: '2024-06-30' },
        { key: '2024-Q3', kind: 'quarter', year: 2024, label: 'Kvartal 3 2024', start: '2024-07-01', end: '2024-09-30' },
        { key: '2024-Q4', kind: 'quarter', year: 2024, label: 'Kvartal 4 2024', start: '2024-10-01', end: '2024-12-31' },
        fullYear(2024),
      ],
    },
  ], ({ year, scheme, periods }) => {
    expect(periodsOfYear(year, scheme)).toEqual(periods);
  });
});

describe('end dates', () => {
  examples<{ name: string; year: number; scheme: PeriodScheme; ends: string[] }>([
    { name: 'quarters in the common year 2025 end on the same days', year: 2025, scheme: 'year_quarters', ends: ['2025-03-31', '2025-06-30', '2025-09-30', '2025-12-31', '2025-12-31'] },
  ], ({ year, scheme, ends }) => {
    expect(periodsOfYear(year, scheme).map((p) => p.end)).toEqual(ends);
  });

  examples<{ name: string; year: number; end: string }>([
    { name: 'the interim period ends where the second tertial ends', year: 2025, end: '2025-08-31' },
  ], ({ year, end }) => {
    expect(periodsOfYear(year, 'year_interim').find((p) => p.key === `${year}-D`)?.end).toBe(end);
    expect(periodsOfYear(year, 'year_tertials').find((p) => p.key === `${year}-T2`)?.end).toBe(end);
  });

  examples<{ name: string; years: number[] }>([
    { name: 'no scheme makes a period that ends in February or a monthly period', years: [2024, 2025] },
  ], ({ years }) => {
    for (const year of years) {
      for (const scheme of PERIOD_SCHEMES) {
        for (const p of periodsOfYear(year, scheme)) {
          expect(p.end.slice(5, 7), `${p.key} ends ${p.end}`).not.toBe('02');
          expect(p.kind, p.key).not.toBe('month');
        }
      }
    }
  });
});

describe('keys', () => {
  examples<{ name: string; year: number; key: string }>([
    { name: 'the full-year key is the year', year: 2025, key: '2025' },
  ], ({ year, key }) => {
    expect(yearKey(year)).toBe(key);
    for (const scheme of PERIOD_SCHEMES) expect(periodsOfYear(year, scheme).at(-1)?.key, scheme).toBe(key);
  });

  examples<{ name: string; keys: string[]; sorted: string[] }>([
    { name: 'the keys of a year sort before the next year', keys: ['2026', '2025-T3', '2025', '2025-D', '2025-T1'], sorted: ['2025', '2025-D', '2025-T1', '2025-T3', '2026'] },
  ], ({ keys, sorted }) => {
    // The keys as periodsOfYear makes them, sorted as text (code-unit order, not the locale's).
    const made = new Set([...periodsOfYear(2025, 'year_interim'), ...periodsOfYear(2025, 'year_tertials'), ...periodsOfYear(2026, 'year')].map((p) => p.key));
    for (const k of keys) expect(made.has(k), k).toBe(true);
    expect([...keys].sort()).toEqual(sorted);
  });
});
