import {
  MAX_VALUE_ROWS,
  VALUE_COLUMNS,
  formatPlainNumber,
  guardText,
  isBlank,
  readValueRecords,
  tooManyRowsError,
  type CellRecord,
  type ValueRow,
  type ValuesParseResult,
} from './values-format.ts';
import { writeCsv } from '../csv-write.ts';

/**
 * Reads indicator values from a CSV file in the long format (see values-format.ts).
 *
 * - UTF-8, with or without a BOM; other encodings are refused with one error (row 0, field 'file').
 * - The delimiter is `,` or `;`, whichever the header line has more of (Swedish Excel writes `;`).
 * - RFC 4180 quoting (`"a ""quoted"" value"`, line breaks inside quotes), CRLF, LF or CR line ends.
 * - Blank lines are skipped anywhere; they still count in the row numbers, as in a spreadsheet.
 * - `row` is the record number with the header as 1, i.e. the line number unless a quoted value spans lines.
 * - A text value written as `'=…` (the writer's guard against formula injection) is read back as `=…`.
 * - More than `maxRows` data rows (default 200,000) and the file is refused with one error.
 *
 * Every problem of every row is returned at once. `rows` holds the rows that are valid on their own
 * even when `errors` is not empty: the caller must then write nothing (imports are all or nothing).
 * @example
 * const { rows, errors } = parseValuesCsv('Indikator;År;Värde\nsysselsatta;2025;34,5\n');
 * // rows[0]: { row: 2, indicator: 'sysselsatta', year: 2025, value: 34.5, sex: 'total', … }
 */
export function parseValuesCsv(bytes: Uint8Array | string, options: { maxRows?: number } = {}): ValuesParseResult {
  const maxRows = options.maxRows ?? MAX_VALUE_ROWS;
  let text: string;
  if (typeof bytes === 'string') text = bytes;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return fileError('The file is not UTF-8 text; in Excel, save it as "CSV UTF-8 (kommaavgränsad)"');
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return fileError('The file is empty');

  const table = tokenize(text, detectDelimiter(text), maxRows);
  if ('error' in table) return { rows: [], errors: [table.error] };
  const [header, ...data] = table.records;
  const result = readValueRecords(header!.cells, data, { unguardText: true });
  if (table.malformed.length > 0) {
    result.errors = [...table.malformed, ...result.errors].sort((a, b) => a.row - b.row);
    const bad = new Set(table.malformed.map((e) => e.row));
    result.rows = result.rows.filter((r) => !bad.has(r.row));
  }
  return result;
}

/**
 * Writes indicator values as a machine-readable CSV file: UTF-8 without a BOM, English headers in
 * the order of `VALUE_COLUMNS`, `,` as delimiter, CRLF line ends, numbers with '.' as decimal
 * separator and no grouping or exponent. A null dimension or number is blank and sex 'total' is
 * blank; status is written out (final, preliminary) and so are the flags (true, false). The last
 * column, Version, is the stored value's `lockVersion` (blank for a row without one), so that an
 * exported file edited in a spreadsheet can be imported again as an edit of the values it was read from.
 * Text that starts with = + - or @ gets a leading apostrophe so that a spreadsheet does not run it
 * as a formula; `parseValuesCsv` removes it again, so `parseValuesCsv(writeValuesCsv(rows))` gives
 * the same rows back (with row numbers 2, 3, …).
 * @throws RangeError when a number is NaN or infinite (a programming error: such a value cannot be stored).
 */
export function writeValuesCsv(rows: ReadonlyArray<Omit<ValueRow, 'row'>>): string {
  const text = (s: string | null) => (s === null ? '' : guardText(s));
  const num = (n: number | null) => (n === null ? '' : formatPlainNumber(n));
  return writeCsv(
    VALUE_COLUMNS.map((c) => c.en),
    rows.map((r) => [
        text(r.indicator),
        String(r.year),
        text(r.period),
        text(r.unit),
        r.sex === 'total' ? '' : r.sex,
        r.ageBand ?? '',
        num(r.value),
        num(r.numerator),
        num(r.denominator),
        r.status,
        text(r.source),
        text(r.note),
        String(r.seriesBreak),
        String(r.example),
        r.lockVersion === undefined ? '' : String(r.lockVersion),
      ]),
  );
}

// ---------------------------------------------------------------------------------------------

const fileError = (message: string): ValuesParseResult => ({ rows: [], errors: [{ row: 0, field: 'file', message }] });

/** `;` when the header line (up to its first line break outside quotes) has more semicolons than commas (csv-parse has no sniffing). */
function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === ',') commas++;
    else if (ch === ';') semicolons++;
    else if (ch === '\n' || ch === '\r') break;
  }
  return semicolons > commas ? ';' : ',';
}

type Tokenized = { records: CellRecord[]; malformed: Array<{ row: number; field: string; message: string }> } | { error: { row: number; field: string; message: string } };

const QUOTE = 34;
const CR = 13;
const LF = 10;

/**
 * Splits CSV text into records (RFC 4180). Stops with one error at an unclosed quote or past `maxRows` data rows.
 * Written here rather than taken from csv-parse (tried, 7.0.3): csv-parse stops at the first record with text
 * after a closing quote, or with skip_records_with_error loses its place and swallows the rest of the file as
 * one unclosed quote, while an import must name every bad row at once, with its row number as a spreadsheet
 * shows it. The property tests (csv.test.ts) hold it to `writeValuesCsv`, which is csv-stringify.
 */
function tokenize(text: string, delimiter: ',' | ';', maxRows: number): Tokenized {
  const delim = delimiter.charCodeAt(0);
  const records: CellRecord[] = [];
  const malformed: Array<{ row: number; field: string; message: string }> = [];
  const n = text.length;
  let i = 0;
  let row = 1;
  let dataRows = 0;
  while (i < n) {
    const cells: string[] = [];
    let badQuote = 0;
    // One record: fields until a line break outside quotes, or the end of the text.
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        let out = '';
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) return { error: { row, field: 'file', message: `A quoted value that starts on row ${row} is never closed; double any quote inside a value ("")` } };
          out += text.slice(from, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            out += '"';
            from = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        // RFC 4180 allows nothing between the closing quote and the delimiter; keep the text but report the row.
        const end = fieldEnd(text, i, delim);
        if (end > i) {
          if (badQuote === 0) badQuote = cells.length + 1;
          out += text.slice(i, end);
          i = end;
        }
        value = out;
      } else {
        const end = fieldEnd(text, i, delim);
        value = text.slice(i, end);
        i = end;
      }
      cells.push(value);
      const c = text.charCodeAt(i);
      if (c === delim) {
        i++;
        continue;
      }
      if (c === CR) i += text.charCodeAt(i + 1) === LF ? 2 : 1;
      else if (c === LF) i++;
      break;
    }
    if (badQuote > 0) {
      malformed.push({ row, field: 'row', message: `Has text after the closing quote of the value in column ${badQuote}; put the whole value in quotes and double any quote inside it ("")` });
    }
    if (row > 1 && !cells.every(isBlank) && ++dataRows > maxRows) return { error: tooManyRowsError(maxRows) };
    records.push({ row, cells });
    row++;
  }
  return { records, malformed };
}

/** The index of the delimiter or line break that ends an unquoted field starting at `i`. */
function fieldEnd(text: string, i: number, delim: number): number {
  const n = text.length;
  let j = i;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === delim || c === LF || c === CR) break;
    j++;
  }
  return j;
}
