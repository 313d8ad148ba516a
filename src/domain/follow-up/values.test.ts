import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleNames, examples } from '../../../test/support/methodology.ts';
import type { IndicatorUnit, Sex } from '../strategy/types.ts';
import { cellKey, checkValue, type RowIssue, type ValueInput } from './values.ts';

// Worked examples: docs/methodology/indicator-values.md (test names = example names); the
// follow-up periods of the same page are in src/domain/periods/period.test.ts.


/** The indicators of the examples ("The indicators of the examples"). */
const INDICATORS = {
  'utrikes-fodda-i-sysselsattning': { unit: 'percent', sexes: ['total', 'women', 'men'], ageBands: ['16-64'] },
  'praktikplatser-per-vuxen-nyanland': { unit: 'ratio', sexes: ['total', 'women', 'men'], ageBands: ['16-64'] },
  'antal-kommunmottagna': { unit: 'count', sexes: ['total'], ageBands: [] },
  'kommunmottagna-per-1000-invanare': { unit: 'per_1000', sexes: ['total'], ageBands: [] },
  'sysselsatta-kvinnor-och-man': { unit: 'percent', sexes: ['women', 'men'], ageBands: [] },
  'kostnad-per-invanare': { unit: 'sek_per_inhabitant', sexes: ['total'], ageBands: [] },
} satisfies Record<string, { unit: IndicatorUnit; sexes: Sex[]; ageBands: string[] }>;
type IndicatorKey = keyof typeof INDICATORS;

/** A row of the example: row 7, 2025, full year, whole municipality, total, all ages, no numerator or denominator. */
function row(indicator: IndicatorKey, value: number, over: Partial<ValueInput> = {}): ValueInput {
  return {
    row: 7,
    indicator,
    year: 2025,
    period: null,
    unit: null,
    sex: 'total',
    ageBand: null,
    value,
    numerator: null,
    denominator: null,
    status: 'final',
    source: null,
    note: null,
    seriesBreak: false,
    example: false,
    ...over,
  };
}

const check = (v: ValueInput) => checkValue(v, INDICATORS[v.indicator as IndicatorKey]);
const issue = (field: string, message: string): RowIssue => ({ row: 7, field, message });

describe('shares, rates and ratios against their numerator and denominator', () => {
  const EMPLOYED = 'utrikes-fodda-i-sysselsattning';
  const PLACES = 'praktikplatser-per-vuxen-nyanland';
  const PER_1000 = 'kommunmottagna-per-1000-invanare';
  examples<{ name: string; indicator: IndicatorKey; ageBand?: string; values: number[]; numerator: number | null; denominator: number | null; issues: RowIssue[] }>([
    { name: 'a percent that agrees with its numerator and denominator is accepted', indicator: EMPLOYED, ageBand: '16-64', values: [34.5], numerator: 345, denominator: 1000, issues: [] },
    {
      name: 'a percent 0.1 off its numerator and denominator is refused',
      indicator: EMPLOYED, ageBand: '16-64', values: [34.6], numerator: 345, denominator: 1000,
      issues: [issue('value', 'is 34.6 but numerator/denominator give 34.5')],
    },
    { name: 'a percent rounded to one decimal is accepted', indicator: EMPLOYED, ageBand: '16-64', values: [33.3], numerator: 1, denominator: 3, issues: [] },
    { name: 'a percent exactly halfway may be rounded up or down', indicator: EMPLOYED, ageBand: '16-64', values: [34.6, 34.5], numerator: 3455, denominator: 10000, issues: [] },
    {
      name: 'a percent 0.06 off is refused with the share to two decimals',
      indicator: EMPLOYED, ageBand: '16-64', values: [34.5], numerator: 3456, denominator: 10000,
      issues: [issue('value', 'is 34.5 but numerator/denominator give 34.56')],
    },
    { name: 'a rate per 1000 inhabitants that agrees is accepted', indicator: PER_1000, values: [3.0], numerator: 146, denominator: 48000, issues: [] },
    {
      name: 'a rate per 1000 inhabitants 0.06 off is refused',
      indicator: PER_1000, values: [3.1], numerator: 146, denominator: 48000,
      issues: [issue('value', 'is 3.1 but numerator/denominator give 3.04')],
    },
    { name: 'a ratio to three decimals is accepted', indicator: PLACES, ageBand: '16-64', values: [0.333], numerator: 100, denominator: 300, issues: [] },
    {
      name: 'a ratio rounded to two decimals is refused',
      indicator: PLACES, ageBand: '16-64', values: [0.33], numerator: 100, denominator: 300,
      issues: [issue('value', 'is 0.33 but numerator/denominator give 0.3333')],
    },
    { name: 'a ratio exactly halfway may be rounded up or down', indicator: PLACES, ageBand: '16-64', values: [0.063, 0.062], numerator: 25, denominator: 400, issues: [] },
    {
      name: 'a zero denominator is refused',
      indicator: EMPLOYED, ageBand: '16-64', values: [0], numerator: 12, denominator: 0,
      issues: [issue('denominator', 'must not be zero')],
    },
    { name: 'a numerator without a denominator is not compared', indicator: EMPLOYED, ageBand: '16-64', values: [34.6], numerator: 345, denominator: null, issues: [] },
    { name: 'an amount per inhabitant is not compared with its numerator and denominator', indicator: 'kostnad-per-invanare', values: [1300], numerator: 60_000_000, denominator: 48_000, issues: [] },
    { name: 'a percent above 100 is not refused', indicator: EMPLOYED, ageBand: '16-64', values: [104.2], numerator: null, denominator: null, issues: [] },
  ], ({ indicator, ageBand, values, numerator, denominator, issues }) => {
    for (const value of values) {
      expect(check(row(indicator, value, { ageBand: ageBand ?? null, numerator, denominator })), `value ${value}`).toEqual(issues);
    }
  });
});

describe('counts', () => {
  examples<{ name: string; value: number; issues: RowIssue[] }>([
    { name: 'a count with a fraction is refused', value: 12.5, issues: [issue('value', 'a count is a whole number')] },
    { name: 'a negative count is refused', value: -3, issues: [issue('value', 'a count cannot be negative')] },
    {
      name: 'a negative count with a fraction gives both issues',
      value: -2.5,
      issues: [issue('value', 'a count cannot be negative'), issue('value', 'a count is a whole number')],
    },
    { name: 'a count of zero is accepted', value: 0, issues: [] },
  ], ({ value, issues }) => {
    expect(check(row('antal-kommunmottagna', value))).toEqual(issues);
  });
});

describe('sexes and age bands', () => {
  examples<{ name: string; indicator: IndicatorKey; sex: Sex; ageBand: string | null; value: number; issues: RowIssue[] }>([
    {
      name: 'a sex the indicator is not split by is refused',
      indicator: 'antal-kommunmottagna', sex: 'women', ageBand: null, value: 7,
      issues: [issue('sex', 'the indicator "antal-kommunmottagna" is not split by sex "women" (it declares: total)')],
    },
    {
      name: 'a blank sex is the total, which an indicator split only by women and men refuses',
      indicator: 'sysselsatta-kvinnor-och-man', sex: 'total', ageBand: null, value: 61.0,
      issues: [issue('sex', 'the indicator "sysselsatta-kvinnor-och-man" is not split by sex "total" (it declares: women, men)')],
    },
    {
      name: 'an age band the indicator does not declare is refused',
      indicator: 'utrikes-fodda-i-sysselsattning', sex: 'total', ageBand: '18-24', value: 34.5,
      issues: [issue('ageBand', 'the indicator "utrikes-fodda-i-sysselsattning" declares no age band "18-24" (it declares: 16-64)')],
    },
    {
      name: 'an age band on an indicator without age bands is refused',
      indicator: 'antal-kommunmottagna', sex: 'total', ageBand: '16-64', value: 7,
      issues: [issue('ageBand', 'the indicator "antal-kommunmottagna" declares no age band "16-64"')],
    },
    { name: 'a blank age band is all ages and always accepted', indicator: 'utrikes-fodda-i-sysselsattning', sex: 'total', ageBand: null, value: 63.8, issues: [] },
    {
      name: 'every problem of a row is reported together',
      indicator: 'antal-kommunmottagna', sex: 'women', ageBand: '18-24', value: -1.5,
      issues: [
        issue('sex', 'the indicator "antal-kommunmottagna" is not split by sex "women" (it declares: total)'),
        issue('ageBand', 'the indicator "antal-kommunmottagna" declares no age band "18-24"'),
        issue('value', 'a count cannot be negative'),
        issue('value', 'a count is a whole number'),
      ],
    },
  ], ({ indicator, sex, ageBand, value, issues }) => {
    expect(check(row(indicator, value, { sex, ageBand }))).toEqual(issues);
  });
});

describe('duplicates: the cell of a value', () => {
  const base = row('utrikes-fodda-i-sysselsattning', 63.8);
  examples<{ name: string; first: Partial<ValueInput>; second: Partial<ValueInput>; same: boolean }>([
    { name: 'a blank period and the period 2025 in 2025 are the same cell', first: { period: null }, second: { period: '2025' }, same: true },
    { name: 'the interim period and the full year are different cells', first: { period: '2025-D' }, second: { period: null }, same: false },
    { name: 'a blank age band and an empty age band are the same cell', first: { ageBand: null }, second: { ageBand: '' }, same: true },
    { name: 'all ages and 16-64 are different cells', first: { ageBand: null }, second: { ageBand: '16-64' }, same: false },
    { name: 'the total and women are different cells', first: { sex: 'total' }, second: { sex: 'women' }, same: false },
    { name: 'a value of one unit and of the whole municipality are different cells', first: { unit: 'Arbetsmarknadsenheten' }, second: { unit: null }, same: false },
    {
      name: 'the value, status and source are not part of the cell',
      first: { value: 63.8, status: 'final', source: 'SCB' },
      second: { value: 64.0, status: 'preliminary', source: null },
      same: true,
    },
    { name: 'the period key decides the cell, not the year', first: { year: 2025, period: '2025-D' }, second: { year: 2024, period: '2025-D' }, same: true },
  ], ({ first, second, same }) => {
    const a = cellKey({ ...base, ...first });
    const b = cellKey({ ...base, ...second });
    if (same) expect(a).toBe(b);
    else expect(a).not.toBe(b);
  });
});

describe('docs/methodology/indicator-values.md', () => {
  it('has a test case for every worked example, and no test case that is not one', () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../../docs/methodology/indicator-values.md'), 'utf8');
    const documented = exampleNames(doc);
    const sources = [import.meta.filename, path.resolve(import.meta.dirname, '../periods/period.test.ts'), path.resolve(import.meta.dirname, 'aggregation.test.ts')];
    const tested = sources.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/\bname: '(.*?)'/g)].map((m) => m[1]!));
    expect(documented.length).toBe(51);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...tested].sort()).toEqual([...documented].sort());
  });
});

