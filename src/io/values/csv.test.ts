import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseValuesCsv, writeValuesCsv } from './csv.ts';
import { row, valueRowsArbitrary } from '../../../test/support/value-rows.ts';
import { MAX_VALUE_ROWS } from './values-format.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);


describe('parseValuesCsv', () => {
  it('reads a Swedish Excel file: BOM, semicolons, decimal commas, CRLF, Swedish headers', () => {
    const file = [
      '\uFEFFIndikator;År;Period;Enhet;Kön;Ålder;Värde;Täljare;Nämnare;Status;Källa;Not;Serieavbrott;Exempeldata',
      'sysselsatta;2025;2025-T1;Arbetsmarknad;K;16-64;34,5;69;200;preliminär;SCB BAS;"Ny källa; jämför ej";ja;nej',
      'sysselsatta;2025;;;M;16-64;1\u00A0234,5;;;;;;;',
      'sysselsatta;2025;;;T;;−2,25;;;;;;;',
      '',
      '',
    ].join('\r\n');
    const { rows, errors } = parseValuesCsv(utf8(file));
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        row: 2,
        indicator: 'sysselsatta',
        year: 2025,
        period: '2025-T1',
        unit: 'Arbetsmarknad',
        sex: 'women',
        ageBand: '16-64',
        value: 34.5,
        numerator: 69,
        denominator: 200,
        status: 'preliminary',
        source: 'SCB BAS',
        note: 'Ny källa; jämför ej',
        seriesBreak: true,
        example: false,
      },
      { row: 3, ...row({ sex: 'men', ageBand: '16-64', value: 1234.5 }) },
      { row: 4, ...row({ value: -2.25 }) },
    ]);
  });

  it('reads a comma-delimited file with LF line ends and RFC 4180 quoting', () => {
    const file = 'Indicator,Year,Value,Note\nsyss,2025,"34,5","He said ""yes"", twice"\nsyss,2024,"12","two\nlines"\nsyss,2023,7,x\n';
    const { rows, errors } = parseValuesCsv(file);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.row, r.year, r.value, r.note])).toEqual([
      [2, 2025, 34.5, 'He said "yes", twice'],
      [3, 2024, 12, 'two\nlines'],
      [4, 2023, 7, 'x'],
    ]);
  });

  it('detects the delimiter from the header line only', () => {
    expect(parseValuesCsv('Indicator;Year;Value\nsyss;2025;3,5\n').rows[0]!.value).toBe(3.5);
    expect(parseValuesCsv('Indicator,Year,Value\nsyss,2025,"3,5"\n').rows[0]!.value).toBe(3.5);
    expect(parseValuesCsv('"Indicator;x",Year\n').errors[0]!.message).toMatch(/^Unknown column "Indicator;x"/);
  });

  it('skips blank lines anywhere but counts them in the row numbers, and ignores trailing ones', () => {
    const { rows, errors } = parseValuesCsv('Indicator,Year,Value\r\n\r\nsyss,2025,1\r\n,,\r\nsyss,2024,2\r\n\r\n\r\n');
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.row)).toEqual([3, 5]);
  });

  it('gives row numbers of records, so a line break inside quotes does not shift them', () => {
    const { errors } = parseValuesCsv('Indicator,Year,Value,Note\nsyss,2025,1,"a\nb\nc"\nsyss,2025,x,\n');
    expect(errors).toEqual([{ row: 3, field: 'value', message: 'Value "x" is not a number; write it as 34.5 or 34,5 (a space may group thousands: 1 234,5)' }]);
  });

  it('reads a file without a final line break, and a last empty field', () => {
    expect(parseValuesCsv('Indicator,Year,Value,Unit\nsyss,2025,1,').rows).toEqual([{ row: 2, ...row({ indicator: 'syss' }) }]);
  });

  it('returns every error of a 1,000-row file with one bad row, and the good rows for the caller not to write', () => {
    const lines = ['Indicator;Year;Unit;Value;Numerator;Denominator'];
    for (let i = 0; i < 1000; i++) lines.push(i === 499 ? `syss;1899;Enhet ${i};34,5 %;12;` : `syss;2025;Enhet ${i};${i},5;;`);
    const { rows, errors } = parseValuesCsv(lines.join('\n'));
    expect(errors).toEqual([
      { row: 501, field: 'year', message: 'Year 1899 is outside the years 1900–2200' },
      { row: 501, field: 'value', message: `Value "34,5 %" has a percent sign; give the number in the indicator's unit without it (34,5 rather than 34,5 %)` },
      { row: 501, field: 'denominator', message: 'Denominator is missing; give both Numerator and Denominator, or neither' },
    ]);
    expect(rows).toHaveLength(999);
    expect(rows.some((r) => r.row === 501)).toBe(false);
  });

  it.each<[string, string | Uint8Array, { row: number; field: string; message: string }]>([
    ['an empty file', '', { row: 0, field: 'file', message: 'The file is empty' }],
    ['only blank lines', '\r\n\r\n', { row: 0, field: 'file', message: 'The file is empty' }],
    ['a file in Windows-1252', new Uint8Array([0x49, 0x2c, 0xe4, 0x0a]), { row: 0, field: 'file', message: 'The file is not UTF-8 text; in Excel, save it as "CSV UTF-8 (kommaavgränsad)"' }],
    [
      'an unclosed quote',
      'Indicator,Year,Value,Note\nsyss,2025,1,ok\nsyss,2025,2,"never closed\n',
      { row: 3, field: 'file', message: 'A quoted value that starts on row 3 is never closed; double any quote inside a value ("")' },
    ],
  ])('refuses %s with one error', (_name, input, error) => {
    expect(parseValuesCsv(input)).toEqual({ rows: [], errors: [error] });
  });

  it('reports text after a closing quote on its row', () => {
    const { rows, errors } = parseValuesCsv('Indicator,Year,Value,Note\nsyss,2025,1,"a"b\nsyss,2024,1,ok\n');
    expect(errors).toEqual([
      { row: 2, field: 'row', message: 'Has text after the closing quote of the value in column 4; put the whole value in quotes and double any quote inside it ("")' },
    ]);
    expect(rows.map((r) => r.row)).toEqual([3]);
  });

  it('keeps a quote inside an unquoted value', () => {
    expect(parseValuesCsv('Indicator,Year,Value,Note\nsyss,2025,1,a 5" screen\n').rows[0]!.note).toBe('a 5" screen');
  });

  it('refuses a file with more than 200,000 data rows with one error', () => {
    const over = `Indicator,Year,Value\n${'syss,2025,1\n'.repeat(MAX_VALUE_ROWS + 1)}`;
    expect(parseValuesCsv(over)).toEqual({ rows: [], errors: [{ row: 0, field: 'file', message: 'The file has more than 200,000 data rows; split it into smaller files' }] });
    expect(parseValuesCsv('Indicator,Year,Value\nsyss,2025,1\n\n\nsyss,2024,1\n', { maxRows: 2 }).errors).toEqual([]);
    expect(parseValuesCsv('Indicator,Year,Value\nsyss,2025,1\nsyss,2024,1\nsyss,2023,1\n', { maxRows: 2 }).errors[0]!.field).toBe('file');
  });
});

describe('writeValuesCsv', () => {
  it('writes English headers, "," and plain numbers, with blanks for totals and nulls', () => {
    const csv = writeValuesCsv([
      row({ value: 1234.5, numerator: 2469, denominator: 2, sex: 'women', ageBand: '16-64', unit: 'Skola, Norr', period: '2025-T1', status: 'preliminary' }),
      { ...row({ value: 1e-7, note: 'sa "hej"\nrad två', seriesBreak: true, example: true, source: '=HYPERLINK("x")' }), lockVersion: 3 },
    ]);
    expect(csv).toBe(
      [
        'Indicator,Year,Period,Unit,Sex,Age,Value,Numerator,Denominator,Status,Source,Note,SeriesBreak,Example,Version',
        'sysselsatta,2025,2025-T1,"Skola, Norr",women,16-64,1234.5,2469,2,preliminary,,,false,false,',
        `sysselsatta,2025,,,,,0.0000001,,,final,"'=HYPERLINK(""x"")","sa ""hej""\nrad två",true,true,3`,
        '',
      ].join('\r\n'),
    );
  });

  it('refuses a number that cannot be stored', () => {
    expect(() => writeValuesCsv([row({ value: NaN })])).toThrow(RangeError);
  });

  it('writes a header only for no rows, which reads back as no rows', () => {
    expect(parseValuesCsv(writeValuesCsv([]))).toEqual({ rows: [], errors: [] });
  });

  it('reads the Version column back as the lockVersion, and a blank one as none', () => {
    const { rows, errors } = parseValuesCsv('Indikator;År;Värde;Version\nsysselsatta;2024;61,2;4\nsysselsatta;2025;62,0;\n');
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.year, r.value, r.lockVersion])).toEqual([
      [2024, 61.2, 4],
      [2025, 62, undefined],
    ]);
    expect('lockVersion' in rows[1]!).toBe(false);
  });

  it('refuses a version that is not a whole number from 1, naming the row', () => {
    const { rows, errors } = parseValuesCsv('Indicator,Year,Value,Version\nsysselsatta,2024,61.2,0\nsysselsatta,2023,60.1,2.5\nsysselsatta,2022,59,x\nsysselsatta,2021,58,2\n');
    expect(rows.map((r) => r.row)).toEqual([5]);
    expect(errors).toEqual([
      { row: 2, field: 'lockVersion', message: 'Version "0" is not a version; keep the number the export wrote (1, 2, …), or leave it blank for a new value' },
      { row: 3, field: 'lockVersion', message: 'Version "2.5" is not a version; keep the number the export wrote (1, 2, …), or leave it blank for a new value' },
      { row: 4, field: 'lockVersion', message: 'Version "x" is not a version; keep the number the export wrote (1, 2, …), or leave it blank for a new value' },
    ]);
  });

  it('round-trips rows with versions exactly', () => {
    fc.assert(
      fc.property(valueRowsArbitrary(10), fc.array(fc.option(fc.integer({ min: 1, max: 999_999_999 }), { nil: undefined }), { minLength: 10, maxLength: 10 }), (rows, versions) => {
        const withVersions = rows.map((r, i) => (versions[i] === undefined ? r : { ...r, lockVersion: versions[i]! }));
        const back = parseValuesCsv(utf8(writeValuesCsv(withVersions)));
        expect(back.errors).toEqual([]);
        expect(back.rows).toStrictEqual(withVersions.map((r, i) => ({ row: i + 2, ...r })));
      }),
      { numRuns: 100 },
    );
  });

  it('round-trips any valid rows exactly (parse ∘ write = identity)', () => {
    fc.assert(
      fc.property(valueRowsArbitrary(), (rows) => {
        const back = parseValuesCsv(utf8(writeValuesCsv(rows)));
        expect(back.errors).toEqual([]);
        expect(back.rows).toEqual(rows.map((r, i) => ({ row: i + 2, ...r })));
      }),
      { numRuns: 300 },
    );
  });
});
