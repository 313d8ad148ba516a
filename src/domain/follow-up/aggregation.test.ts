import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleNames, examples } from '../../../test/support/methodology.ts';
import type { IndicatorUnit } from '../strategy/types.ts';
import { aggregateCell, checkTargetUnit, targetUnitOfMeasure, type AggregatedValue, type CellAggregate } from './aggregation.ts';

// Worked examples: docs/methodology/indicator-values.md, "One value per cell" (test names = example names).

/** The indicators of the examples and their units of measure. */
const UNIT_OF = {
  'nyanlanda-i-praktik': 'count',
  'kostnad-for-praktik': 'sek',
  'till-arbete-eller-studier': 'percent',
  'praktikplatser-per-vuxen-nyanland': 'ratio',
  'kostnad-per-invanare': 'sek_per_inhabitant',
  'nojd-kund-index': 'index',
} satisfies Record<string, IndicatorUnit>;

/** One value as entered: value, numerator, denominator (both null when not given). */
type Entered = [value: number, numerator?: number | null, denominator?: number | null];

/** What the database's GROUP BY gives for a cell: the municipality's row, and sums and counts over the units' rows. */
function cellOf(municipal: Entered | null, units: Entered[]): CellAggregate {
  const sum = (xs: Array<number | null>) => (xs.some((x) => x !== null) ? xs.reduce<number>((a, x) => a + (x ?? 0), 0) : null);
  return {
    municipal: municipal?.[0] ?? null,
    municipalNumerator: municipal?.[1] ?? null,
    municipalDenominator: municipal?.[2] ?? null,
    unitSum: sum(units.map((u) => u[0])),
    unitNumerator: sum(units.map((u) => u[1] ?? null)),
    unitDenominator: sum(units.map((u) => u[2] ?? null)),
    unitCount: units.length,
    unitCountIncomplete: units.filter((u) => u[1] == null || u[2] == null).length,
  };
}

describe('one value per cell: the municipality or its units rolled up', () => {
  examples<{ name: string; indicator: keyof typeof UNIT_OF; municipal: Entered | null; units: Entered[]; expected: AggregatedValue | null }>([
    {
      name: 'the municipal value is used when it is entered',
      indicator: 'till-arbete-eller-studier', municipal: [41.2, 206, 500], units: [[30.0, 18, 60], [60.0, 27, 45]],
      expected: { value: 41.2, numerator: 206, denominator: 500, source: 'municipal' },
    },
    {
      name: 'the municipal count wins over the sum of the units',
      indicator: 'nyanlanda-i-praktik', municipal: [25], units: [[14], [9]],
      expected: { value: 25, numerator: null, denominator: null, source: 'municipal' },
    },
    {
      name: 'counts of the units are summed',
      indicator: 'nyanlanda-i-praktik', municipal: null, units: [[14], [9]],
      expected: { value: 23, numerator: null, denominator: null, source: 'units' },
    },
    {
      name: 'amounts in kronor of the units are summed',
      indicator: 'kostnad-for-praktik', municipal: null, units: [[1_250_000], [830_000]],
      expected: { value: 2_080_000, numerator: null, denominator: null, source: 'units' },
    },
    {
      name: 'a share is recomputed from the summed numerators and denominators, not averaged',
      indicator: 'till-arbete-eller-studier', municipal: null, units: [[30.0, 18, 60], [60.0, 27, 45]],
      expected: { value: 42.857142857142854, numerator: 45, denominator: 105, source: 'units' },
    },
    {
      name: 'a ratio is recomputed from the summed numerators and denominators',
      indicator: 'praktikplatser-per-vuxen-nyanland', municipal: null, units: [[0.25, 30, 120], [0.3, 12, 40]],
      expected: { value: 0.2625, numerator: 42, denominator: 160, source: 'units' },
    },
    {
      name: 'a share is not rolled up when one unit value lacks its numerator or denominator',
      indicator: 'till-arbete-eller-studier', municipal: null, units: [[30.0, 18, 60], [60.0]],
      expected: null,
    },
    { name: 'an amount per inhabitant is not rolled up', indicator: 'kostnad-per-invanare', municipal: null, units: [[1300], [900]], expected: null },
    { name: 'an index is not rolled up', indicator: 'nojd-kund-index', municipal: null, units: [[72], [68]], expected: null },
    { name: 'a cell without any value has none', indicator: 'nyanlanda-i-praktik', municipal: null, units: [], expected: null },
  ], ({ indicator, municipal, units, expected }) => {
    const got = aggregateCell(cellOf(municipal, units), UNIT_OF[indicator]);
    if (expected === null) {
      expect(got).toBeNull();
      return;
    }
    expect(got).not.toBeNull();
    expect({ ...got!, value: 0 }).toEqual({ ...expected, value: 0 });
    expect(got!.value).toBeCloseTo(expected.value, 9);
  });

  it('a share whose numerator alone is given on one unit is not rolled up either', () => {
    const cell = cellOf(null, [[30.0, 18, 60], [60.0, 27, null]]);
    expect(cell.unitNumerator).toBe(45);
    expect(cell.unitDenominator).toBe(60);
    expect(aggregateCell(cell, 'percent')).toBeNull();
  });

  it('a rate per 1000 is recomputed with the scale 1000', () => {
    expect(aggregateCell(cellOf(null, [[2.0, 40, 20_000], [4.0, 112, 28_000]]), 'per_1000')).toEqual({ value: 3.1666666666666665, numerator: 152, denominator: 48_000, source: 'units' });
  });

  it('a sum of counts keeps the summed numerators and denominators when every unit value has both', () => {
    expect(aggregateCell(cellOf(null, [[14, 14, 60], [9, 9, 45]]), 'count')).toEqual({ value: 23, numerator: 23, denominator: 105, source: 'units' });
  });

  it('summed denominators of 0 give no share', () => {
    expect(aggregateCell(cellOf(null, [[0, 0, 0]]), 'percent')).toBeNull();
  });

  it('the municipality\'s own value counts even for a unit of measure that cannot be rolled up', () => {
    expect(aggregateCell(cellOf([1250], [[1300], [900]]), 'sek_per_inhabitant')).toEqual({ value: 1250, numerator: null, denominator: null, source: 'municipal' });
  });
});

describe('the unit of measure of a target', () => {
  const count = { key: 'nyanlanda-i-praktik', unitOfMeasure: 'count' } as const;
  const percent = { key: 'till-arbete-eller-studier', unitOfMeasure: 'percent' } as const;

  it('a target without its own unit of measure is in its indicator\'s', () => {
    expect(targetUnitOfMeasure({ unitOfMeasure: null }, percent)).toBe('percent');
    expect(checkTargetUnit({ unitOfMeasure: null }, percent)).toBeNull();
  });

  it('a target\'s own unit of measure is its unit', () => {
    expect(targetUnitOfMeasure({ unitOfMeasure: 'percent' }, count)).toBe('percent');
  });

  it('a target in its indicator\'s unit of measure is fine', () => {
    expect(checkTargetUnit({ unitOfMeasure: 'percent' }, percent, '/targets/2/unitOfMeasure')).toBeNull();
  });

  it('a percent target on a count indicator is an issue at the given path', () => {
    expect(checkTargetUnit({ unitOfMeasure: 'percent' }, count, '/targets/2/unitOfMeasure')).toEqual({
      path: '/targets/2/unitOfMeasure',
      message: 'the target is in "percent" but its indicator "nyanlanda-i-praktik" is measured in "count"; a target is assessed in its indicator\'s unit',
    });
    expect(checkTargetUnit({ unitOfMeasure: 'percent' }, count)?.path).toBe('/unitOfMeasure');
  });
});

describe('docs/methodology/indicator-values.md', () => {
  it('has a test case for every worked example, and no test case that is not one', () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../../docs/methodology/indicator-values.md'), 'utf8');
    const documented = exampleNames(doc);
    const sources = [path.resolve(import.meta.dirname, 'values.test.ts'), import.meta.filename, path.resolve(import.meta.dirname, '../periods/period.test.ts')];
    const tested = sources.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/\bname: '(.*?)'/g)].map((m) => m[1]!));
    expect(documented.length).toBe(51);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...tested].sort()).toEqual([...documented].sort());
  });

  it('has these ten examples of one value per cell', () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../../docs/methodology/indicator-values.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## One value per cell'), doc.indexOf('## Follow-up periods'));
    const mine = [...fs.readFileSync(import.meta.filename, 'utf8').matchAll(/\bname: '(.*?)'/g)].map((m) => m[1]!);
    expect(exampleNames(section)).toEqual(mine);
  });
});
