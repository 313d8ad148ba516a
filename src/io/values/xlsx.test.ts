import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeValuesCsv } from './csv.ts';
import { row, valueRowsArbitrary } from '../../../test/support/value-rows.ts';
import { VALUES_SHEET, parseValuesXlsx, writeValuesXlsx } from './xlsx.ts';


/** A workbook whose first sheet holds these rows of cell values (row 1 = header). */
async function workbook(rows: ExcelJS.CellValue[][], build?: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build?.(wb);
  const ws = wb.addWorksheet('Blad1');
  rows.forEach((cells, i) => {
    cells.forEach((v, j) => {
      if (v !== null && v !== undefined) ws.getCell(i + 1, j + 1).value = v;
    });
  });
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

describe('parseValuesXlsx', () => {
  it('reads number cells as numbers and text cells as in CSV', async () => {
    const bytes = await workbook([
      ['Indikator', 'År', 'Kön', 'Värde', 'Täljare', 'Nämnare', 'Serieavbrott'],
      ['sysselsatta', 2025, 'K', 34.5, 69, 200, true],
      ['sysselsatta', '2025', 'M', '1 234,5', '12', '24', 'ja'],
      ['sysselsatta', 2024, null, '−5', null, null, null],
    ]);
    const { rows, errors } = await parseValuesXlsx(bytes);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { row: 2, ...row({ sex: 'women', value: 34.5, numerator: 69, denominator: 200, seriesBreak: true }) },
      { row: 3, ...row({ sex: 'men', value: 1234.5, numerator: 12, denominator: 24, seriesBreak: true }) },
      { row: 4, ...row({ year: 2024, value: -5 }) },
    ]);
  });

  it('takes the saved result of a formula, and the text of rich text and links', async () => {
    const bytes = await workbook([
      ['Indicator', 'Year', 'Value', 'Unit', 'Source'],
      [{ richText: [{ text: 'syss' }, { text: 'elsatta', font: { bold: true } }] }, 2025, { formula: 'A1/2', result: 17.25 }, null, { text: 'SCB', hyperlink: 'https://scb.se' }],
    ]);
    expect((await parseValuesXlsx(bytes)).rows).toEqual([{ row: 2, ...row({ value: 17.25, source: 'SCB' }) }]);
  });

  it.each<[string, ExcelJS.CellValue, { field: string; message: string }]>([
    ['a spreadsheet error', { error: '#DIV/0!' }, { field: 'value', message: 'Value is the spreadsheet error #DIV/0!' }],
    ['a formula that gives an error', { formula: '1/0', result: { error: '#DIV/0!' } }, { field: 'value', message: 'Value is the spreadsheet error #DIV/0!' }],
    [
      'a formula without a saved result',
      { formula: 'B2*2' },
      { field: 'value', message: 'Value is a formula without a saved result; open and save the file in Excel, or paste the values only' },
    ],
    ['a date', new Date(Date.UTC(2025, 5, 1)), { field: 'value', message: 'Value is a date, not a number; format the cell as a number' }],
    ['a percent in text', '34,5 %', { field: 'value', message: `Value "34,5 %" has a percent sign; give the number in the indicator's unit without it (34,5 rather than 34,5 %)` }],
  ])('refuses %s in a number column', async (_name, cell, error) => {
    const bytes = await workbook([
      ['Indicator', 'Year', 'Value'],
      ['syss', 2025, cell],
    ]);
    expect(await parseValuesXlsx(bytes)).toEqual({ rows: [], errors: [{ row: 2, ...error }] });
  });

  it("reports errors with the sheet's row numbers, skipping empty rows", async () => {
    const bytes = await workbook([['Indicator', 'Year', 'Value'], ['syss', 2025, 1], [], [], ['syss', 1800, 1], ['syss', 2024, 'x']]);
    const { rows, errors } = await parseValuesXlsx(bytes);
    expect(rows.map((r) => r.row)).toEqual([2]);
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [5, 'year'],
      [6, 'value'],
    ]);
  });

  it('reads the first worksheet only', async () => {
    const bytes = await workbook(
      [
        ['Indicator', 'Year', 'Value'],
        ['first', 2025, 1],
      ],
      (wb) => wb.addWorksheet('Annat').addRow(['nonsense']),
    );
    expect(await parseValuesXlsx(bytes)).toEqual({ rows: [], errors: [{ row: 1, field: 'header', message: expect.stringMatching(/^Unknown column "nonsense"/) }, { row: 1, field: 'header', message: 'The required columns Indicator, Year, Value are missing' }] });
  });

  it('needs the headers in row 1', async () => {
    const bytes = await workbook([[], ['Indicator', 'Year', 'Value'], ['syss', 2025, 1]]);
    expect((await parseValuesXlsx(bytes)).errors).toEqual([
      { row: 1, field: 'header', message: 'The first row must hold the column headers (Indicator, Year, Value …), but it is empty' },
    ]);
  });

  it.each<[string, () => Promise<Uint8Array>, string]>([
    ['random bytes', async () => new Uint8Array([1, 2, 3, 4, 5]), 'The file is not an Excel workbook (.xlsx) that can be read; save it again from Excel as "Excel-arbetsbok (*.xlsx)"'],
    ['a CSV file', async () => new TextEncoder().encode(writeValuesCsv([row({})])), 'The file is not an Excel workbook (.xlsx) that can be read; save it again from Excel as "Excel-arbetsbok (*.xlsx)"'],
    [
      'a truncated workbook',
      async () => (await writeValuesXlsx([row({})])).slice(0, 1500),
      'The file is not an Excel workbook (.xlsx) that can be read; save it again from Excel as "Excel-arbetsbok (*.xlsx)"',
    ],
    ['an empty first sheet', () => workbook([]), 'The first worksheet is empty'],
  ])('gives one file error, not an exception, for %s', async (_name, bytes, message) => {
    expect(await parseValuesXlsx(await bytes())).toEqual({ rows: [], errors: [{ row: 0, field: 'file', message }] });
  });

  it('refuses more data rows than the limit with one error', async () => {
    const bytes = await writeValuesXlsx([row({ year: 2023 }), row({ year: 2024 }), row({ year: 2025 })]);
    expect((await parseValuesXlsx(bytes, { maxRows: 3 })).rows).toHaveLength(3);
    expect(await parseValuesXlsx(bytes, { maxRows: 2 })).toEqual({
      rows: [],
      errors: [{ row: 0, field: 'file', message: 'The file has more than 2 data rows; split it into smaller files' }],
    });
  });
});

describe('writeValuesXlsx', () => {
  it('writes one sheet "Värden": bold frozen Swedish header, autofilter, typed cells and number formats', async () => {
    const bytes = await writeValuesXlsx([
      row({ value: 1234.5, numerator: 2469, denominator: 2, sex: 'women', ageBand: '16-64', seriesBreak: true }),
      { ...row({ year: 2024, note: '=1+1', unit: '0180' }), lockVersion: 7 },
    ]);
    const wb = await load(bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual([VALUES_SHEET]);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([
      undefined,
      'Indikator',
      'År',
      'Period',
      'Enhet',
      'Kön',
      'Ålder',
      'Värde',
      'Täljare',
      'Nämnare',
      'Status',
      'Källa',
      'Not',
      'Serieavbrott',
      'Exempeldata',
      'Version',
    ]);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:O3');
    expect(ws.getCell('O2').value).toBeNull();
    expect(ws.getCell('O3').value).toBe(7);
    expect(ws.getCell('O3').numFmt).toBe('0');
    expect(ws.getCell('B2').value).toBe(2025);
    expect(ws.getCell('B2').numFmt).toBe('0');
    expect(ws.getCell('G2').value).toBe(1234.5);
    expect(ws.getCell('G2').numFmt).toBe('#,##0.0##');
    expect(ws.getCell('H2').numFmt).toBe('#,##0.0##');
    expect(ws.getCell('I2').numFmt).toBe('#,##0.0##');
    expect(ws.getCell('E2').value).toBe('women');
    expect(ws.getCell('E3').value).toBeNull();
    expect(ws.getCell('M2').value).toBe(true);
    expect(ws.getCell('L3').value).toBe('=1+1');
    expect(ws.getCell('L3').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('D3').value).toBe('0180');
  });

  it('writes English headers when asked', async () => {
    const ws = (await load(await writeValuesXlsx([], { headers: 'en' }))).worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('Indicator');
    expect(ws.getCell('N1').value).toBe('Example');
    expect(ws.getCell('O1').value).toBe('Version');
  });

  it('refuses a number that cannot be stored', async () => {
    await expect(writeValuesXlsx([row({ denominator: Infinity, numerator: 1 })])).rejects.toThrow(RangeError);
  });

  it('round-trips the Version column: a number cell is the lockVersion, a blank none', async () => {
    const rows = [{ ...row({ year: 2023, value: 60.1 }), lockVersion: 2 }, row({ year: 2024, value: 61.2 })];
    const back = await parseValuesXlsx(await writeValuesXlsx(rows));
    expect(back.errors).toEqual([]);
    expect(back.rows).toStrictEqual(rows.map((r, i) => ({ row: i + 2, ...r })));
  });

  it('round-trips any valid rows exactly, with Swedish or English headers', async () => {
    await fc.assert(
      fc.asyncProperty(valueRowsArbitrary(15), fc.constantFrom('sv' as const, 'en' as const), async (rows, headers) => {
        const back = await parseValuesXlsx(await writeValuesXlsx(rows, { headers }));
        expect(back.errors).toEqual([]);
        expect(back.rows).toEqual(rows.map((r, i) => ({ row: i + 2, ...r })));
      }),
      { numRuns: 40 },
    );
  });
});
