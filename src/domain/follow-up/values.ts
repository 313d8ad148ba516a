import type { IndicatorUnit, Sex } from '../strategy/types.ts';

/**
 * One indicator value in the long form (Open SDG's tidy data): a blank dimension is the total.
 * `row` is where it came from (a CSV line, an XLSX row, a position in a JSON array), for errors.
 */
export interface ValueInput {
  row: number;
  indicator: string;
  year: number;
  period: string | null;
  unit: string | null;
  sex: Sex;
  ageBand: string | null;
  value: number;
  numerator: number | null;
  denominator: number | null;
  status: 'preliminary' | 'final';
  source: string | null;
  note: string | null;
  seriesBreak: boolean;
  example: boolean;
}

export interface RowIssue {
  row: number;
  field: string;
  message: string;
}

/** How a value relates to its numerator and denominator, by unit; null when the unit has no such relation. */
export const SCALE: Partial<Record<IndicatorUnit, number>> = { percent: 100, per_1000: 1000, ratio: 1 };

/**
 * Checks a value against its indicator's declaration: the sex must be one the indicator is split by,
 * the age band one it declares (or blank for all ages), counts are whole and not negative, and a
 * share or rate agrees with its numerator and denominator: to the rounding of one decimal (0.05) for
 * a percent or a rate per 1000, of three decimals (0.0005) for a ratio. The message gives the computed
 * value to one decimal more than that (34.56, 0.3333), so that it never shows the refused value itself.
 * Worked examples: docs/methodology/indicator-values.md.
 * @example checkValue(row, { unit: 'percent', sexes: ['total'], ageBands: [] }) // [] when fine
 */
export function checkValue(v: ValueInput, ind: { unit: IndicatorUnit; sexes: Sex[]; ageBands: string[] }): RowIssue[] {
  const out: RowIssue[] = [];
  const add = (field: string, message: string) => out.push({ row: v.row, field, message });
  if (!ind.sexes.includes(v.sex)) add('sex', `the indicator "${v.indicator}" is not split by sex "${v.sex}" (it declares: ${ind.sexes.join(', ')})`);
  if (v.ageBand !== null && !ind.ageBands.includes(v.ageBand)) {
    add('ageBand', `the indicator "${v.indicator}" declares no age band "${v.ageBand}"${ind.ageBands.length ? ` (it declares: ${ind.ageBands.join(', ')})` : ''}`);
  }
  if (ind.unit === 'count' && v.value < 0) add('value', 'a count cannot be negative');
  if (ind.unit === 'count' && !Number.isInteger(v.value)) add('value', 'a count is a whole number');
  const scale = SCALE[ind.unit];
  if (v.numerator !== null && v.denominator !== null) {
    if (v.denominator === 0) add('denominator', 'must not be zero');
    else if (scale !== undefined) {
      const expected = (scale * v.numerator) / v.denominator;
      // Half a unit of the last decimal, plus 1e-9 so that an exact half (0.0625 given as 0.063 or
      // 0.062) is not refused by binary floating point: 0.063 − 0.0625 computes as 0.0005000000000000004.
      const tolerance = (scale === 1 ? 0.0005 : 0.05) + 1e-9;
      if (Math.abs(expected - v.value) > tolerance) {
        const shown = scale === 1 ? Math.round(expected * 10_000) / 10_000 : Math.round(expected * 100) / 100;
        add('value', `is ${v.value} but numerator/denominator give ${shown}`);
      }
    }
  }
  return out;
}

/** The identity of a value's cell, for finding duplicates. */
export function cellKey(v: Pick<ValueInput, 'indicator' | 'year' | 'period' | 'unit' | 'sex' | 'ageBand'>): string {
  return JSON.stringify([v.indicator, v.period ?? String(v.year), v.unit, v.sex, v.ageBand ?? '']);
}
