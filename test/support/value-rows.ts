import fc from 'fast-check';
import { cellKey } from '../../src/domain/follow-up/values.ts';
import type { ValueRow } from '../../src/io/values/values-format.ts';

/**
 * fast-check arbitraries for the round-trip tests of the values readers and writers (test support only).
 * Text is generated as the readers give it back: NFC, LF line breaks, trimmed, not empty.
 */
const TEXT_UNITS = Array.from('abcxyzåäöÅÄÖé0129 ,;."\'=+-@%\n\t\r\u00A0\u0301漢🙂');
const text = fc
  .string({ unit: fc.constantFrom(...TEXT_UNITS), minLength: 1, maxLength: 12 })
  .map((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim())
  .filter((s) => s !== '');
const optionalText = fc.option(text, { nil: null });
const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x)),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.integer({ min: -100_000, max: 100_000 }).map((x) => (x === 0 ? 0 : x / 10)),
);
const ageBand = fc.option(
  fc.tuple(fc.integer({ min: 0, max: 120 }), fc.option(fc.integer({ min: 0, max: 50 }), { nil: null })).map(([from, span]) => `${from}-${span === null ? '' : from + span}`),
  { nil: null },
);

export const valueRowArbitrary: fc.Arbitrary<Omit<ValueRow, 'row'>> = fc
  .record({
    indicator: text,
    year: fc.integer({ min: 1900, max: 2200 }),
    period: optionalText,
    unit: optionalText,
    sex: fc.constantFrom('total', 'women', 'men') as fc.Arbitrary<ValueRow['sex']>,
    ageBand,
    value: number,
    fraction: fc.option(fc.tuple(number, number.filter((d) => d !== 0)), { nil: null }),
    status: fc.constantFrom('preliminary', 'final') as fc.Arbitrary<ValueRow['status']>,
    source: optionalText,
    note: optionalText,
    seriesBreak: fc.boolean(),
    example: fc.boolean(),
  })
  .map(({ fraction, ...r }) => ({
    ...r,
    // A Period equal to the Year is the full-year period, which the readers give as null.
    period: r.period === String(r.year) ? null : r.period,
    numerator: fraction === null ? null : fraction[0],
    denominator: fraction === null ? null : fraction[1],
  }));

/** Rows with no two in the same cell (a file with such a pair is refused). */
export const valueRowsArbitrary = (maxLength = 30) => fc.uniqueArray(valueRowArbitrary, { selector: cellKey, maxLength });

/** A value row with the long format's defaults, changed where `over` says. */
export const row = (over: Partial<ValueRow>): Omit<ValueRow, 'row'> => ({
  indicator: 'sysselsatta',
  year: 2025,
  period: null,
  unit: null,
  sex: 'total',
  ageBand: null,
  value: 1,
  numerator: null,
  denominator: null,
  status: 'final',
  source: null,
  note: null,
  seriesBreak: false,
  example: false,
  ...over,
});
