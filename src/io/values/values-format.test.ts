import { describe, expect, it } from 'vitest';
import { VALUE_COLUMNS, formatPlainNumber, guardText, readValueRecords, type Cell, type ValueField, type ValueRow } from './values-format.ts';

const HEADER = VALUE_COLUMNS.map((c) => c.en);

/** Reads one data row (row 2) under the full English header; unspecified fields are a minimal valid row. */
function readOne(cells: Partial<Record<ValueField, Cell>>, options = {}) {
  const all: Partial<Record<ValueField, Cell>> = { indicator: 'sysselsatta', year: '2025', value: '1', ...cells };
  return readValueRecords(HEADER, [{ row: 2, cells: VALUE_COLUMNS.map((c) => all[c.field]) }], options);
}
function valueOf<K extends keyof ValueRow>(field: K, cells: Partial<Record<ValueField, Cell>>): ValueRow[K] {
  const { rows, errors } = readOne(cells);
  expect(errors).toEqual([]);
  return rows[0]![field];
}
function errorsOf(cells: Partial<Record<ValueField, Cell>>) {
  const { rows, errors } = readOne(cells);
  expect(rows).toEqual([]);
  return errors;
}

describe('a minimal row', () => {
  it('gets the defaults of the long format for its blank columns', () => {
    expect(readOne({})).toEqual({
      rows: [
        {
          row: 2,
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
        },
      ],
      errors: [],
    });
  });
});

describe('numbers', () => {
  it.each<[string, Cell, number]>([
    ['a decimal point', '34.5', 34.5],
    ['a decimal comma', '34,5', 34.5],
    ['a space between thousands', '1 234,5', 1234.5],
    ['a no-break space between thousands', '1\u00A0234,5', 1234.5],
    ['a narrow no-break space between thousands', '1\u202F234\u202F567,25', 1234567.25],
    ['the minus sign U+2212', '−5', -5],
    ['an en dash as minus', '–5,5', -5.5],
    ['a hyphen-minus', '-5', -5],
    ['a plus sign', '+5', 5],
    ['surrounding spaces', '  12 ', 12],
    ['no integer part', ',5', 0.5],
    ['an exponent', '1,5e3', 1500],
    ['negative zero as zero', '-0', 0],
    ['a number cell', 34.5, 34.5],
    ['a negative zero cell as zero', -0, 0],
  ])('reads %s', (_name, cell, expected) => {
    expect(Object.is(valueOf('value', { value: cell }), expected)).toBe(true);
  });

  it.each<[string, Cell, string]>([
    ['text', 'abc', 'Value "abc" is not a number; write it as 34.5 or 34,5 (a space may group thousands: 1 234,5)'],
    ['a blank', '', 'Value is required'],
    ['a missing cell', undefined, 'Value is required'],
    ['NaN', 'NaN', 'Value "NaN" is not a number; write it as 34.5 or 34,5 (a space may group thousands: 1 234,5)'],
    ['Infinity', 'Infinity', 'Value "Infinity" is not a number; write it as 34.5 or 34,5 (a space may group thousands: 1 234,5)'],
    ['a number too large for a double', '1e999', 'Value "1e999" is too large'],
    ['a percent sign', '34,5 %', `Value "34,5 %" has a percent sign; give the number in the indicator's unit without it (34,5 rather than 34,5 %)`],
    ['a percent sign without space', '34.5%', `Value "34.5%" has a percent sign; give the number in the indicator's unit without it (34,5 rather than 34,5 %)`],
    ['a per mille sign', '12 ‰', `Value "12 ‰" has a per mille sign; give the number in the indicator's unit without it (34,5 rather than 34,5 %)`],
    ['dots between thousands', '1.234,5', 'Value "1.234,5" has both "," and "."; use one of them as the decimal separator, and spaces (or nothing) between thousands'],
    ['commas between thousands', '1,234.5', 'Value "1,234.5" has both "," and "."; use one of them as the decimal separator, and spaces (or nothing) between thousands'],
    ['spaces that do not group thousands', '12 34', 'Value "12 34" is not a number; write it as 34.5 or 34,5 (a space may group thousands: 1 234,5)'],
    ['two numbers', '1;2', 'Value "1;2" is not a number; write it as 34.5 or 34,5 (a space may group thousands: 1 234,5)'],
    ['a trailing decimal separator', '5,', 'Value "5," is not a number; write it as 34.5 or 34,5 (a space may group thousands: 1 234,5)'],
    ['a date cell', new Date(Date.UTC(2025, 0, 1)), 'Value is a date, not a number; format the cell as a number'],
    ['a TRUE/FALSE cell', true, 'Value is a TRUE/FALSE cell, not a number'],
    ['a spreadsheet error', { problem: 'is the spreadsheet error #DIV/0!' }, 'Value is the spreadsheet error #DIV/0!'],
  ])('refuses %s', (_name, cell, message) => {
    expect(errorsOf({ value: cell })).toEqual([{ row: 2, field: 'value', message }]);
  });

  it('applies the same rules to Numerator and Denominator, naming them', () => {
    expect(valueOf('numerator', { numerator: '1 234', denominator: '2 468' })).toBe(1234);
    expect(errorsOf({ numerator: '12 %', denominator: 'x' })).toEqual([
      { row: 2, field: 'numerator', message: `Numerator "12 %" has a percent sign; give the number in the indicator's unit without it (34,5 rather than 34,5 %)` },
      { row: 2, field: 'denominator', message: 'Denominator "x" is not a number; write it as 34.5 or 34,5 (a space may group thousands: 1 234,5)' },
    ]);
  });
});

describe('numerator and denominator', () => {
  it.each<[string, Cell, Cell, { field: string; message: string } | null]>([
    ['both given', '12', '40', null],
    ['neither given', '', '', null],
    ['a zero numerator', '0', '40', null],
    ['a numerator alone', '12', '', { field: 'denominator', message: 'Denominator is missing; give both Numerator and Denominator, or neither' }],
    ['a denominator alone', '', '40', { field: 'numerator', message: 'Numerator is missing; give both Numerator and Denominator, or neither' }],
    ['a zero denominator', '12', '0', { field: 'denominator', message: 'Denominator must not be zero' }],
  ])('%s', (_name, numerator, denominator, error) => {
    const { errors } = readOne({ numerator, denominator, value: '30' });
    expect(errors).toEqual(error ? [{ row: 2, ...error }] : []);
  });

  it('does not check the value against them (the unit is not known here)', () => {
    expect(readOne({ value: '99', numerator: '1', denominator: '2' }).errors).toEqual([]);
  });
});

describe('sex', () => {
  it.each<[Cell, ValueRow['sex']]>([
    ['', 'total'],
    [undefined, 'total'],
    ['total', 'total'],
    ['Total', 'total'],
    ['T', 'total'],
    ['totalt', 'total'],
    ['women', 'women'],
    ['K', 'women'],
    ['k', 'women'],
    ['kvinnor', 'women'],
    ['Kvinnor', 'women'],
    ['men', 'men'],
    ['M', 'men'],
    ['män', 'men'],
    ['MÄN', 'men'],
    ['ma\u0308n', 'men'],
  ])('reads %j as %s', (cell, expected) => {
    expect(valueOf('sex', { sex: cell })).toBe(expected);
  });

  it.each<Cell>(['x', 'kvinnor och män', 1])('refuses %j', (cell) => {
    expect(errorsOf({ sex: cell })).toEqual([
      { row: 2, field: 'sex', message: `Sex "${String(cell)}" is not a sex; use total, women or men (or T, K, M; totalt, kvinnor, män), or leave it blank for the total` },
    ]);
  });
});

describe('year', () => {
  it.each<[Cell, number]>([
    ['2025', 2025],
    [' 1900 ', 1900],
    ['2200', 2200],
    [2025, 2025],
  ])('reads %j', (cell, expected) => {
    expect(valueOf('year', { year: cell })).toBe(expected);
  });

  it.each<[Cell, string]>([
    ['', 'Year is required'],
    ['1899', 'Year 1899 is outside the years 1900–2200'],
    ['2201', 'Year 2201 is outside the years 1900–2200'],
    [2025.5, 'Year "2025.5" is not a year; write four digits, such as 2025'],
    ['2025.0', 'Year "2025.0" is not a year; write four digits, such as 2025'],
    ['2025/26', 'Year "2025/26" is not a year; write four digits, such as 2025'],
    ['tjugo', 'Year "tjugo" is not a year; write four digits, such as 2025'],
    [new Date(Date.UTC(2025, 0, 1)), 'Year is a date; give the year as a number, such as 2025'],
  ])('refuses %j', (cell, message) => {
    expect(errorsOf({ year: cell })).toEqual([{ row: 2, field: 'year', message }]);
  });
});

describe('age band', () => {
  it.each<[Cell, string | null]>([
    ['', null],
    ['16-64', '16-64'],
    ['0-15', '0-15'],
    ['65-', '65-'],
    ['65+', '65-'],
    ['16 – 64', '16-64'],
    ['016-064', '16-64'],
    ['20-20', '20-20'],
  ])('reads %j as %j', (cell, expected) => {
    expect(valueOf('ageBand', { ageBand: cell })).toBe(expected);
  });

  it.each<[Cell, string]>([
    ['64-16', 'Age "64-16" ends before it starts'],
    ['16', 'Age "16" is not an age band; write it as 16-64, or 65- for 65 and over, or leave it blank for all ages'],
    ['-64', 'Age "-64" is not an age band; write it as 16-64, or 65- for 65 and over, or leave it blank for all ages'],
    ['alla', 'Age "alla" is not an age band; write it as 16-64, or 65- for 65 and over, or leave it blank for all ages'],
    [65, 'Age "65" is not an age band; write it as 16-64, or 65- for 65 and over, or leave it blank for all ages'],
    [new Date(Date.UTC(2064, 3, 16)), 'Age is a date; type the age band as text, such as 16-64'],
  ])('refuses %j', (cell, message) => {
    expect(errorsOf({ ageBand: cell })).toEqual([{ row: 2, field: 'ageBand', message }]);
  });
});

describe('status', () => {
  it.each<[Cell, ValueRow['status']]>([
    ['', 'final'],
    ['final', 'final'],
    ['Slutlig', 'final'],
    ['preliminary', 'preliminary'],
    ['Preliminär', 'preliminary'],
    ['prel', 'preliminary'],
  ])('reads %j as %s', (cell, expected) => {
    expect(valueOf('status', { status: cell })).toBe(expected);
  });

  it('refuses another word', () => {
    expect(errorsOf({ status: 'draft' })).toEqual([
      { row: 2, field: 'status', message: 'Status "draft" is not a status; use preliminary or final (preliminär, slutlig), or leave it blank for final' },
    ]);
  });
});

describe('flags', () => {
  it.each<[Cell, boolean]>([
    ['', false],
    [undefined, false],
    ['true', true],
    ['TRUE', true],
    ['false', false],
    ['ja', true],
    ['Ja', true],
    ['nej', false],
    ['1', true],
    ['0', false],
    ['yes', true],
    ['no', false],
    ['SANT', true],
    ['FALSKT', false],
    [true, true],
    [false, false],
    [1, true],
    [0, false],
  ])('reads %j as %s', (cell, expected) => {
    expect(valueOf('seriesBreak', { seriesBreak: cell })).toBe(expected);
    expect(valueOf('example', { example: cell })).toBe(expected);
  });

  it.each<Cell>(['kanske', '2', 2])('refuses %j', (cell) => {
    expect(errorsOf({ seriesBreak: cell, example: cell })).toEqual([
      { row: 2, field: 'seriesBreak', message: `SeriesBreak "${String(cell)}" is not yes or no; use true/false, ja/nej or 1/0, or leave it blank for no` },
      { row: 2, field: 'example', message: `Example "${String(cell)}" is not yes or no; use true/false, ja/nej or 1/0, or leave it blank for no` },
    ]);
  });
});

describe('text', () => {
  it('trims, joins decomposed letters (NFC) and keeps LF line breaks only', () => {
    const { rows } = readOne({ unit: ' Socialtja\u0308nst ', note: 'rad 1\r\nrad 2\rrad 3', source: 'SCB' });
    expect(rows[0]).toMatchObject({ unit: 'Socialtjänst', note: 'rad 1\nrad 2\nrad 3', source: 'SCB' });
  });

  it('reads number and date cells in text columns as their text', () => {
    expect(readOne({ unit: 12, note: new Date(Date.UTC(2025, 2, 1)) }).rows[0]).toMatchObject({ unit: '12', note: '2025-03-01' });
  });

  it.each<[Partial<Record<ValueField, Cell>>, { field: string; message: string }]>([
    [{ indicator: '' }, { field: 'indicator', message: 'Indicator is required' }],
    [{ indicator: '   ' }, { field: 'indicator', message: 'Indicator is required' }],
    [{ note: 'a\u0000b' }, { field: 'note', message: 'Note contains the control character U+0000' }],
    [{ unit: true }, { field: 'unit', message: 'Unit is a TRUE/FALSE cell; write it as text' }],
    [{ source: { problem: 'is the spreadsheet error #N/A' } }, { field: 'source', message: 'Source is the spreadsheet error #N/A' }],
  ])('refuses %j', (cells, error) => {
    expect(errorsOf(cells)).toEqual([{ row: 2, ...error }]);
  });

  it('keeps a leading apostrophe unless asked to undo the CSV guard', () => {
    expect(readOne({ note: "'=SUM(A1)" }).rows[0]!.note).toBe("'=SUM(A1)");
    expect(readOne({ note: "'=SUM(A1)" }, { unguardText: true }).rows[0]!.note).toBe('=SUM(A1)');
    expect(readOne({ note: "'it is" }, { unguardText: true }).rows[0]!.note).toBe("'it is");
  });
});

describe('period', () => {
  it.each<[Cell, string | null]>([
    ['', null],
    ['2025-T1', '2025-T1'],
    ['2025', null],
    [2025, null],
    ['2024', '2024'],
  ])('reads %j in 2025 as %j', (cell, expected) => {
    expect(valueOf('period', { period: cell, year: '2025' })).toBe(expected);
  });
});

describe('several problems', () => {
  it('gives every problem of a row, in column order', () => {
    expect(errorsOf({ value: 'x', indicator: '', year: '99', sex: 'q' }).map((e) => e.field)).toEqual(['indicator', 'year', 'sex', 'value']);
  });
});

describe('duplicates', () => {
  const rec = (row: number, cells: Partial<Record<ValueField, Cell>>) => {
    const all: Partial<Record<ValueField, Cell>> = { indicator: 'syss', year: '2025', value: '1', ...cells };
    return { row, cells: VALUE_COLUMNS.map((c) => all[c.field]) };
  };

  it('is an error on the second row, naming the first', () => {
    const { rows, errors } = readValueRecords(HEADER, [rec(2, { sex: 'K' }), rec(3, { sex: 'M' }), rec(4, { sex: 'kvinnor', value: '2' })]);
    expect(rows.map((r) => r.row)).toEqual([2, 3]);
    expect(errors).toEqual([{ row: 4, field: 'indicator', message: 'Duplicate of row 2: the same indicator, period (or year), unit, sex and age' }]);
  });

  it('treats a blank period and the full-year period key as the same cell', () => {
    const { errors } = readValueRecords(HEADER, [rec(2, {}), rec(3, { period: '2025' })]);
    expect(errors).toEqual([{ row: 3, field: 'indicator', message: 'Duplicate of row 2: the same indicator, period (or year), unit, sex and age' }]);
  });

  it.each<[string, Partial<Record<ValueField, Cell>>]>([
    ['another unit', { unit: 'Skola' }],
    ['another age band', { ageBand: '16-64' }],
    ['another period', { period: '2025-T1' }],
    ['another year', { year: '2024' }],
    ['another indicator', { indicator: 'other' }],
  ])('is not a duplicate with %s', (_name, cells) => {
    expect(readValueRecords(HEADER, [rec(2, {}), rec(3, cells)]).errors).toEqual([]);
  });
});

describe('header', () => {
  const data = [{ row: 2, cells: ['syss', '2025', '1'] as Cell[] }];

  it('matches English and Swedish headers case-insensitively, in any order', () => {
    const swedish = readValueRecords(['VÄRDE', 'år', 'Indikator', 'kön'], [{ row: 2, cells: ['34,5', '2025', 'syss', 'K'] }]);
    expect(swedish.errors).toEqual([]);
    expect(swedish.rows[0]).toMatchObject({ indicator: 'syss', year: 2025, value: 34.5, sex: 'women' });
    const english = readValueRecords(['indicator', 'YEAR', 'Value', 'Series break', 'age_band'], [{ row: 2, cells: ['syss', '2025', '1', 'ja', '16-64'] }]);
    expect(english.rows[0]).toMatchObject({ seriesBreak: true, ageBand: '16-64' });
    const all = readValueRecords(
      VALUE_COLUMNS.map((c) => c.sv),
      [{ row: 2, cells: ['syss', '2025', '2025-T1', 'Skola', 'M', '16-64', '2', '1', '50', 'prel', 'SCB', 'Not', 'nej', 'ja'] }],
    );
    expect(all.errors).toEqual([]);
  });

  it('names unknown columns and still reads the rows', () => {
    const { rows, errors } = readValueRecords(['Indicator', 'Year', 'Value', 'Colour', 'Kommun'], [{ row: 2, cells: ['syss', '2025', '1', 'red', '0180'] }]);
    expect(rows).toHaveLength(1);
    expect(errors).toEqual([
      {
        row: 1,
        field: 'header',
        message:
          'Unknown columns "Colour", "Kommun"; the columns are Indicator, Year, Period, Unit, Sex, Age, Value, Numerator, Denominator, Status, Source, Note, SeriesBreak, Example, Version (or in Swedish: Indikator, År, Period, Enhet, Kön, Ålder, Värde, Täljare, Nämnare, Status, Källa, Not, Serieavbrott, Exempeldata, Version)',
      },
    ]);
  });

  it('stops at missing required columns', () => {
    expect(readValueRecords(['Indicator', 'Unit'], data)).toEqual({
      rows: [],
      errors: [{ row: 1, field: 'header', message: 'The required columns Year, Value are missing' }],
    });
    expect(readValueRecords(['Indicator', 'Year'], data).errors).toEqual([{ row: 1, field: 'header', message: 'The required column Value is missing' }]);
  });

  it('stops at a column given twice', () => {
    expect(readValueRecords(['Indicator', 'Year', 'Value', 'Värde'], data)).toEqual({
      rows: [],
      errors: [{ row: 1, field: 'header', message: 'The columns "Value" and "Värde" are the same column; keep one of them' }],
    });
  });

  it('refuses an empty header row', () => {
    expect(readValueRecords(['', null], data).errors).toEqual([
      { row: 1, field: 'header', message: 'The first row must hold the column headers (Indicator, Year, Value …), but it is empty' },
    ]);
  });

  it('allows blank columns without a header, but not values in them', () => {
    expect(readValueRecords(['Indicator', '', 'Year', 'Value'], [{ row: 2, cells: ['syss', '', '2025', '1', '', ''] }]).errors).toEqual([]);
    expect(readValueRecords(['Indicator', '', 'Year', 'Value'], [{ row: 2, cells: ['syss', 'x', '2025', '1'] }]).errors).toEqual([
      { row: 2, field: 'row', message: 'Has a value in column 2 (B), which has no header' },
    ]);
    expect(readValueRecords(['Indicator', 'Year', 'Value'], [{ row: 7, cells: ['syss', '2025', '1', '', 'x'] }]).errors).toEqual([
      { row: 7, field: 'row', message: 'Has a value in column 5 (E), but the header has only 3 columns' },
    ]);
  });

  it('skips blank records', () => {
    const { rows, errors } = readValueRecords(['Indicator', 'Year', 'Value'], [{ row: 2, cells: ['', ' ', null] }, { row: 3, cells: [] }, { row: 4, cells: ['syss', '2025', '1'] }]);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.row)).toEqual([4]);
  });
});

describe('formatPlainNumber', () => {
  it.each<[number, string]>([
    [0, '0'],
    [-0, '0'],
    [34.5, '34.5'],
    [-1234567.25, '-1234567.25'],
    [1e21, '1000000000000000000000'],
    [1.5e22, '15000000000000000000000'],
    [1e-7, '0.0000001'],
    [-1.25e-8, '-0.0000000125'],
    [5e-324, `0.${'0'.repeat(323)}5`],
    [Number.MAX_VALUE, `17976931348623157${'0'.repeat(292)}`],
  ])('writes %d in plain digits, which read back the same', (n, text) => {
    expect(formatPlainNumber(n)).toBe(text);
    expect(Number(text)).toBe(n === 0 ? 0 : n);
  });

  it('refuses NaN and infinities', () => {
    expect(() => formatPlainNumber(NaN)).toThrow(RangeError);
    expect(() => formatPlainNumber(-Infinity)).toThrow(RangeError);
  });
});

describe('guardText', () => {
  it.each<[string, string]>([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+46 8 123', "'+46 8 123"],
    ['-5 % mot 2024', "'-5 % mot 2024"],
    ['@user', "'@user"],
    ["'=x", "''=x"],
    ["'plain", "'plain"],
    ['plain', 'plain'],
  ])('guards %j as %j, which the reader undoes', (text, guarded) => {
    expect(guardText(text)).toBe(guarded);
    expect(readOne({ note: guarded }, { unguardText: true }).rows[0]!.note).toBe(text);
  });
});
