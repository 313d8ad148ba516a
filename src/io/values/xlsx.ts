import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  MAX_VALUE_ROWS,
  VALUE_COLUMNS,
  readValueRecords,
  tooManyRowsError,
  type Cell,
  type CellRecord,
  type ValueRow,
  type ValuesParseResult,
} from './values-format.ts';

/** The name of the one sheet `writeValuesXlsx` writes. */
export const VALUES_SHEET = 'Värden';

/**
 * Reads indicator values from the first worksheet of an XLSX workbook, headers in row 1, with the
 * rules of the long format (see values-format.ts). Numeric cells are taken as numbers, text cells
 * are parsed as in a CSV file (decimal comma, spaces between thousands), a formula gives its saved
 * result, and a spreadsheet error (#DIV/0!, #N/A …) is an error of its field. `row` is the sheet's
 * row number. A file that is not a readable workbook gives one error (row 0, field 'file').
 *
 * Every problem of every row is returned at once. `rows` holds the rows that are valid on their own
 * even when `errors` is not empty: the caller must then write nothing (imports are all or nothing).
 * The whole workbook is read into memory: the caller should cap the upload size.
 */
export async function parseValuesXlsx(bytes: Uint8Array, options: { maxRows?: number } = {}): Promise<ValuesParseResult> {
  const maxRows = options.maxRows ?? MAX_VALUE_ROWS;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    return fileError('The file is not an Excel workbook (.xlsx) that can be read; save it again from Excel as "Excel-arbetsbok (*.xlsx)"');
  }
  const ws = wb.worksheets[0];
  if (ws === undefined) return fileError('The workbook has no worksheet');
  if (ws.actualRowCount === 0) return fileError('The first worksheet is empty');

  const records: CellRecord[] = [];
  let header: Cell[] = [];
  let dataRows = 0;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values;
    const cells = Array.isArray(values) ? Array.from(values.slice(1), toCell) : [];
    if (rowNumber === 1) header = cells;
    else {
      if (!cells.every((c) => c === null)) dataRows++;
      records.push({ row: rowNumber, cells });
    }
  });
  if (dataRows > maxRows) return { rows: [], errors: [tooManyRowsError(maxRows)] };
  return readValueRecords(header, records);
}

/**
 * Writes indicator values as an XLSX workbook with one sheet "Värden": a bold, frozen header row
 * with an autofilter; Year as a whole number, Value, Numerator and Denominator as numbers in the
 * format `#,##0.0##` (shown with the reader's locale: 1 234,5 in Swedish Excel), the flags as
 * TRUE/FALSE cells and blank cells for a total or null; the last column, Version, is the stored
 * value's lockVersion (blank for none). Headers are Swedish unless `headers: 'en'`;
 * `parseValuesXlsx` reads either back to the same rows (with row numbers 2, 3, …).
 * @throws RangeError when a number is NaN or infinite (a programming error: such a value cannot be stored).
 */
export async function writeValuesXlsx(rows: ReadonlyArray<Omit<ValueRow, 'row'>>, options: { headers?: 'sv' | 'en' } = {}): Promise<Uint8Array> {
  const language = options.headers ?? 'sv';
  for (const r of rows) {
    for (const n of [r.value, r.numerator, r.denominator]) {
      if (n !== null && !Number.isFinite(n)) throw new RangeError(`Cannot write the number ${n}`);
    }
  }
  // The streaming writer: the in-memory one takes over a minute for 200,000 rows, this one ten seconds.
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  wb.creator = 'Samspel';
  const ws = wb.addWorksheet(VALUES_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = VALUE_COLUMNS.map((c) => ({
    header: language === 'sv' ? c.sv : c.en,
    key: c.field,
    width: WIDTHS[c.field],
    style: NUMBER_FORMATS[c.field] ? { numFmt: NUMBER_FORMATS[c.field] } : {},
  }));
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows.length + 1, column: VALUE_COLUMNS.length } };
  for (const r of rows) {
    ws.addRow({
      indicator: r.indicator,
      year: r.year,
      period: r.period,
      unit: r.unit,
      sex: r.sex === 'total' ? null : r.sex,
      ageBand: r.ageBand,
      value: r.value === 0 ? 0 : r.value,
      numerator: r.numerator,
      denominator: r.denominator,
      status: r.status,
      source: r.source,
      note: r.note,
      seriesBreak: r.seriesBreak,
      example: r.example,
      lockVersion: r.lockVersion ?? null,
    }).commit();
  }
  ws.commit();
  await wb.commit();
  return new Uint8Array(Buffer.concat(chunks));
}

// ---------------------------------------------------------------------------------------------

const fileError = (message: string): ValuesParseResult => ({ rows: [], errors: [{ row: 0, field: 'file', message }] });

const WIDTHS: Record<(typeof VALUE_COLUMNS)[number]['field'], number> = {
  indicator: 28,
  year: 8,
  period: 10,
  unit: 24,
  sex: 8,
  ageBand: 8,
  value: 12,
  numerator: 12,
  denominator: 12,
  status: 12,
  source: 20,
  note: 40,
  seriesBreak: 13,
  example: 13,
  lockVersion: 9,
};

// '#,##0' and not '# ##0': the comma is the locale's group separator, a space would be a literal (STACK.md §7).
const NUMBER_FORMATS: Partial<Record<(typeof VALUE_COLUMNS)[number]['field'], string>> = {
  year: '0',
  lockVersion: '0',
  value: '#,##0.0##',
  numerator: '#,##0.0##',
  denominator: '#,##0.0##',
};

/** An exceljs cell value as a reader cell: formulas give their saved result, rich text and links their text. */
function toCell(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if ('error' in v) return { problem: `is the spreadsheet error ${v.error}` };
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('formula' in v || 'sharedFormula' in v) {
    if (v.result === undefined) return { problem: 'is a formula without a saved result; open and save the file in Excel, or paste the values only' };
    return toCell(v.result);
  }
  if ('text' in v) return typeof v.text === 'string' ? v.text : toCell(v.text as ExcelJS.CellValue);
  return { problem: 'has a kind of content that cannot be read' };
}
