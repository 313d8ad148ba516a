import { cellKey, type RowIssue, type ValueInput } from '../../domain/follow-up/values.ts';
import { yearKey } from '../../domain/periods/period.ts';
import type { Sex } from '../../domain/strategy/types.ts';

/**
 * The long ("tidy") file format for indicator values, shared by the CSV and XLSX readers and writers.
 * One row is one value of one cell: indicator × year/period × unit × sex × age band; a blank
 * dimension is the total (Open SDG's headline row).
 *
 * `ValueRow` is the domain's `ValueInput`, so a parsed file goes straight to `importValues`:
 * - `row` is the 1-based row in the file, the header being row 1 (in a CSV file: the record number,
 *   which is the line number unless a quoted value spans lines; in XLSX: the sheet's row number);
 * - `period` null is the year's full-year period (a Period equal to the Year, "2025", is read as null);
 * - `unit` null is the whole municipality; `sex` blank is 'total'; `ageBand` null is all ages;
 * - `status` blank is 'final'; `seriesBreak` and `example` blank are false;
 * - `lockVersion` is the stored value's version the row was read from (the Version column an export
 *   writes): absent when the column is missing or blank, which is right for a new cell. The import
 *   refuses a row that changes a stored value without naming its current version
 *   (docs/methodology/indicator-values.md, "Editing values").
 */
export type ValueRow = ValueInput & { lockVersion?: number };

/** One problem: `row` 0 is the file itself, row 1 the header; `field` is a `ValueRow` key, 'header', 'row' or 'file'. */
export type ValueIssue = RowIssue;

/**
 * What a parser returns. `rows` holds every row that is valid on its own, even when `errors` is
 * not empty; the caller must write nothing at all while `errors` has any entry (all or nothing).
 */
export interface ValuesParseResult {
  rows: ValueRow[];
  errors: ValueIssue[];
}

/** A file with more data rows than this is refused as a whole. */
export const MAX_VALUE_ROWS = 200_000;

/** The columns, in the order the writers use; headers are matched case-insensitively, in English or Swedish, in any order. */
export const VALUE_COLUMNS = [
  { field: 'indicator', en: 'Indicator', sv: 'Indikator', required: true },
  { field: 'year', en: 'Year', sv: 'År', required: true },
  { field: 'period', en: 'Period', sv: 'Period', required: false },
  { field: 'unit', en: 'Unit', sv: 'Enhet', required: false },
  { field: 'sex', en: 'Sex', sv: 'Kön', required: false },
  { field: 'ageBand', en: 'Age', sv: 'Ålder', required: false },
  { field: 'value', en: 'Value', sv: 'Värde', required: true },
  { field: 'numerator', en: 'Numerator', sv: 'Täljare', required: false },
  { field: 'denominator', en: 'Denominator', sv: 'Nämnare', required: false },
  { field: 'status', en: 'Status', sv: 'Status', required: false },
  { field: 'source', en: 'Source', sv: 'Källa', required: false },
  { field: 'note', en: 'Note', sv: 'Not', required: false },
  { field: 'seriesBreak', en: 'SeriesBreak', sv: 'Serieavbrott', required: false },
  { field: 'example', en: 'Example', sv: 'Exempeldata', required: false },
  { field: 'lockVersion', en: 'Version', sv: 'Version', required: false },
] as const satisfies ReadonlyArray<{ field: keyof Omit<ValueRow, 'row'>; en: string; sv: string; required: boolean }>;

export type ValueField = (typeof VALUE_COLUMNS)[number]['field'];

/**
 * A cell as a reader hands it over: text from CSV; text, number, boolean or date from XLSX; or a
 * problem the reader already knows of (a spreadsheet error such as #DIV/0!), phrased to follow the column name.
 */
export type Cell = string | number | boolean | Date | null | undefined | { problem: string };

/** One record of a file: its 1-based row number and its cells in file column order. */
export interface CellRecord {
  row: number;
  cells: readonly Cell[];
}

export interface ReadOptions {
  /**
   * Undo the CSV writer's guard against formula injection in text columns: a leading apostrophe
   * before = + - @ (or before another such guarded text) is dropped. Only the CSV reader sets it.
   */
  unguardText?: boolean;
}

/**
 * Reads the header and the data records of a values file into rows and errors (every error of
 * every row at once). Blank records are skipped; a missing or duplicated required column stops
 * before the data, an unknown column is reported and the rows are still read.
 * @example readValueRecords(['Indicator', 'Year', 'Value'], [{ row: 2, cells: ['sysselsatta', '2025', '34,5'] }])
 */
export function readValueRecords(header: readonly Cell[], records: Iterable<CellRecord>, options: ReadOptions = {}): ValuesParseResult {
  const head = resolveHeader(header);
  if (head.fatal) return { rows: [], errors: head.errors };
  const errors: ValueIssue[] = [...head.errors];
  const rows: ValueRow[] = [];
  const seen = new Map<string, number>();
  for (const rec of records) {
    if (rec.cells.every(isBlank)) continue;
    const parsed = readRecord(rec, head.columns, options);
    if ('issues' in parsed) {
      errors.push(...parsed.issues);
      continue;
    }
    const key = cellKey(parsed.row);
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ row: rec.row, field: 'indicator', message: `Duplicate of row ${first}: the same indicator, period (or year), unit, sex and age` });
      continue;
    }
    seen.set(key, rec.row);
    rows.push(parsed.row);
  }
  return { rows, errors };
}

/** True when a cell holds nothing (absent, null or only whitespace). */
export function isBlank(c: Cell): boolean {
  return c === null || c === undefined || (typeof c === 'string' && c.trim() === '');
}

/** The one error for a file that has too many data rows. */
export function tooManyRowsError(max: number): ValueIssue {
  return { row: 0, field: 'file', message: `The file has more than ${max.toLocaleString('en')} data rows; split it into smaller files` };
}

/**
 * A number as plain machine-readable text: '.' as decimal separator, no grouping and no exponent,
 * with the fewest digits that read back as the same number.
 * @example formatPlainNumber(1e21) // '1000000000000000000000'
 * @example formatPlainNumber(-1.5e-7) // '-0.00000015'
 */
export function formatPlainNumber(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`Cannot write the number ${n}`);
  if (n === 0) return '0';
  const s = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const sign = m[1]!;
  const frac = m[3] ?? '';
  const digits = m[2]! + frac;
  const exp = Number(m[4]);
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (exp >= frac.length) return sign + digits + '0'.repeat(exp - frac.length);
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** Guards text for CSV against formula injection, reversibly (see `ReadOptions.unguardText`). */
export function guardText(s: string): string {
  return needsGuard(s) ? `'${s}` : s;
}

// ---------------------------------------------------------------------------------------------

const FORMULA_START = /^[=+\-@]/;
function needsGuard(s: string): boolean {
  return FORMULA_START.test(s) || (s.startsWith("'") && needsGuard(s.slice(1)));
}
function unguard(s: string): string {
  return s.startsWith("'") && needsGuard(s.slice(1)) ? s.slice(1) : s;
}


type Column = { field: ValueField; label: string } | 'blank' | 'unknown';

interface Header {
  /** What each file column holds, in file order. */
  columns: Column[];
  errors: ValueIssue[];
  /** The rows cannot be read (a required column is missing, or a column appears twice). */
  fatal: boolean;
}

const normalizeHeader = (s: string) => s.normalize('NFC').toLowerCase().replace(/[\s_.-]+/g, '');
const HEADER_NAMES = new Map<string, ValueField>([
  ...VALUE_COLUMNS.flatMap((c) => [[normalizeHeader(c.en), c.field] as const, [normalizeHeader(c.sv), c.field] as const]),
  ['ageband', 'ageBand'],
]);
const FIELD_ORDER = new Map<string, number>(VALUE_COLUMNS.map((c, i) => [c.field, i]));
const LABEL_EN = new Map<ValueField, string>(VALUE_COLUMNS.map((c) => [c.field, c.en]));

function resolveHeader(header: readonly Cell[]): Header {
  const errors: ValueIssue[] = [];
  const add = (message: string) => errors.push({ row: 1, field: 'header', message });
  if (header.every(isBlank)) {
    add('The first row must hold the column headers (Indicator, Year, Value …), but it is empty');
    return { columns: [], errors, fatal: true };
  }
  const columns: Column[] = [];
  const unknown: string[] = [];
  const byField = new Map<ValueField, string>();
  let fatal = false;
  for (const cell of header) {
    const label = displayCell(cell);
    if (isBlank(cell) || label === '') {
      columns.push('blank');
      continue;
    }
    const field = HEADER_NAMES.get(normalizeHeader(label));
    if (field === undefined) {
      unknown.push(label);
      columns.push('unknown');
      continue;
    }
    const earlier = byField.get(field);
    if (earlier !== undefined) {
      add(`The columns "${earlier}" and "${label}" are the same column; keep one of them`);
      fatal = true;
    } else byField.set(field, label);
    columns.push({ field, label });
  }
  if (unknown.length > 0) {
    const names = VALUE_COLUMNS.map((c) => c.en).join(', ');
    const namesSv = VALUE_COLUMNS.map((c) => c.sv).join(', ');
    const list = unknown.map((x) => `"${x}"`).join(', ');
    add(`Unknown column${unknown.length > 1 ? 's' : ''} ${list}; the columns are ${names} (or in Swedish: ${namesSv})`);
  }
  const missing = VALUE_COLUMNS.filter((c) => c.required && !byField.has(c.field)).map((c) => c.en);
  if (missing.length > 0) {
    add(`The required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing`);
    fatal = true;
  }
  return { columns, errors, fatal };
}

/** A cell as text for headers and messages. */
function displayCell(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'string') return c.normalize('NFC').trim();
  if (typeof c === 'number') return String(c);
  if (typeof c === 'boolean') return c ? 'TRUE' : 'FALSE';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return '';
}

/** The column letter(s) of a 1-based column number, as a spreadsheet shows them. */
function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

type Parsed<T> = { value: T } | { error: string };

function readRecord(rec: CellRecord, columns: readonly Column[], options: ReadOptions): { row: ValueRow } | { issues: ValueIssue[] } {
  const issues: ValueIssue[] = [];
  const cellOf = new Map<ValueField, { cell: Cell; label: string }>();
  let stray: string | null = null;
  for (let i = 0; i < rec.cells.length; i++) {
    const col = columns[i];
    const cell = rec.cells[i];
    if (col !== undefined && typeof col !== 'string') cellOf.set(col.field, { cell, label: col.label });
    else if (stray === null && col !== 'unknown' && !isBlank(cell)) {
      // An unknown column is reported once, on the header; a value without any header is reported on its row.
      const where = `column ${i + 1} (${columnLetter(i + 1)})`;
      stray = col === undefined ? `Has a value in ${where}, but the header has only ${columns.length} columns` : `Has a value in ${where}, which has no header`;
    }
  }
  if (stray !== null) issues.push({ row: rec.row, field: 'row', message: stray });

  const get = <T>(field: ValueField, parse: (c: Cell, label: string) => Parsed<T>): T | undefined => {
    const entry = cellOf.get(field);
    const r = parse(entry?.cell, entry?.label ?? LABEL_EN.get(field)!);
    if ('error' in r) {
      issues.push({ row: rec.row, field, message: r.error });
      return undefined;
    }
    return r.value;
  };
  const unguardText = options.unguardText === true;
  const optionalText = (c: Cell, label: string) => parseText(c, label, false, unguardText);

  const indicator = get('indicator', (c, label) => parseText(c, label, true, unguardText));
  const year = get('year', parseYear);
  const period = get('period', optionalText);
  const unit = get('unit', optionalText);
  const sex = get('sex', parseSex);
  const ageBand = get('ageBand', parseAgeBand);
  const value = get('value', (c, label) => parseNumber(c, label, true));
  const numerator = get('numerator', (c, label) => parseNumber(c, label, false));
  const denominator = get('denominator', (c, label) => parseNumber(c, label, false));
  const status = get('status', parseStatus);
  const source = get('source', optionalText);
  const note = get('note', optionalText);
  const seriesBreak = get('seriesBreak', parseBoolean);
  const example = get('example', parseBoolean);
  const lockVersion = get('lockVersion', parseVersion);

  if (numerator !== undefined && denominator !== undefined) {
    const numLabel = cellOf.get('numerator')?.label ?? 'Numerator';
    const denLabel = cellOf.get('denominator')?.label ?? 'Denominator';
    const both = `give both ${numLabel} and ${denLabel}, or neither`;
    if (numerator !== null && denominator === null) issues.push({ row: rec.row, field: 'denominator', message: `${denLabel} is missing; ${both}` });
    else if (numerator === null && denominator !== null) issues.push({ row: rec.row, field: 'numerator', message: `${numLabel} is missing; ${both}` });
    else if (denominator === 0) issues.push({ row: rec.row, field: 'denominator', message: `${denLabel} must not be zero` });
  }

  if (issues.length > 0) {
    return { issues: issues.sort((a, b) => (FIELD_ORDER.get(a.field) ?? -1) - (FIELD_ORDER.get(b.field) ?? -1)) };
  }
  return {
    row: {
      row: rec.row,
      indicator: indicator!,
      year: year!,
      period: period === yearKey(year!) ? null : period!,
      unit: unit!,
      sex: sex!,
      ageBand: ageBand!,
      value: value!,
      numerator: numerator!,
      denominator: denominator!,
      status: status!,
      source: source!,
      note: note!,
      seriesBreak: seriesBreak!,
      example: example!,
      ...(lockVersion === null || lockVersion === undefined ? {} : { lockVersion }),
    },
  };
}

const isProblem = (c: Cell): c is { problem: string } => typeof c === 'object' && c !== null && !(c instanceof Date);
// C0 controls other than tab and line feed, the XML non-characters and unpaired surrogates: none of them survives an XLSX file.
const BAD_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function parseText(c: Cell, label: string, required: boolean, unguardText: boolean): Parsed<string | null> {
  if (isProblem(c)) return { error: `${label} ${c.problem}` };
  if (typeof c === 'boolean') return { error: `${label} is a TRUE/FALSE cell; write it as text` };
  let s = displayCell(c).replace(/\r\n?/g, '\n');
  if (typeof c === 'string' && unguardText) s = unguard(s);
  if (s === '') return required ? { error: `${label} is required` } : { value: null };
  const bad = BAD_TEXT.exec(s);
  if (bad) return { error: `${label} contains the control character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` };
  return { value: s };
}

const NUMBER = /^([+-]?)(\d{1,3}(?:[ \u00A0\u202F]\d{3})+|\d*)(?:[.,](\d+))?(?:[eE]([+-]?\d+))?$/;

function parseNumber(c: Cell, label: string, required: boolean): Parsed<number | null> {
  if (isProblem(c)) return { error: `${label} ${c.problem}` };
  if (isBlank(c)) return required ? { error: `${label} is required` } : { value: null };
  if (typeof c === 'number') return Number.isFinite(c) ? { value: c === 0 ? 0 : c } : { error: `${label} is not a finite number` };
  if (typeof c === 'boolean') return { error: `${label} is a TRUE/FALSE cell, not a number` };
  if (c instanceof Date) return { error: `${label} is a date, not a number; format the cell as a number` };
  const t = displayCell(c);
  if (/[%‰]/.test(t)) {
    const sign = t.includes('%') ? 'a percent sign' : 'a per mille sign';
    return { error: `${label} "${t}" has ${sign}; give the number in the indicator's unit without it (34,5 rather than 34,5 %)` };
  }
  const m = NUMBER.exec(t.replace(/^[\u2212\u2013]/, '-'));
  if (!m || (m[2] === '' && m[3] === undefined)) {
    if (t.includes(',') && t.includes('.')) {
      return { error: `${label} "${t}" has both "," and "."; use one of them as the decimal separator, and spaces (or nothing) between thousands` };
    }
    return { error: `${label} "${t}" is not a number; write it as 34.5 or 34,5 (a space may group thousands: 1 234,5)` };
  }
  const n = Number(`${m[1]}${(m[2] || '0').replace(/\D/g, '')}.${m[3] ?? '0'}e${m[4] ?? '0'}`);
  if (!Number.isFinite(n)) return { error: `${label} "${t}" is too large` };
  return { value: n === 0 ? 0 : n };
}

function parseYear(c: Cell, label: string): Parsed<number> {
  if (isProblem(c)) return { error: `${label} ${c.problem}` };
  if (isBlank(c)) return { error: `${label} is required` };
  if (c instanceof Date) return { error: `${label} is a date; give the year as a number, such as 2025` };
  const t = displayCell(c);
  const n = typeof c === 'number' ? c : /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isInteger(n)) return { error: `${label} "${t}" is not a year; write four digits, such as 2025` };
  if (n < 1900 || n > 2200) return { error: `${label} ${n} is outside the years 1900–2200` };
  return { value: n };
}

const SEX_WORDS = new Map<string, Sex>([
  ...['total', 'totalt', 't'].map((w) => [w, 'total'] as const),
  ...['women', 'woman', 'kvinnor', 'kvinna', 'k'].map((w) => [w, 'women'] as const),
  ...['men', 'man', 'män', 'm'].map((w) => [w, 'men'] as const),
]);

function parseSex(c: Cell, label: string): Parsed<Sex> {
  if (isProblem(c)) return { error: `${label} ${c.problem}` };
  if (isBlank(c)) return { value: 'total' };
  const t = displayCell(c);
  const sex = typeof c === 'string' ? SEX_WORDS.get(t.toLowerCase()) : undefined;
  if (sex === undefined) return { error: `${label} "${t}" is not a sex; use total, women or men (or T, K, M; totalt, kvinnor, män), or leave it blank for the total` };
  return { value: sex };
}

function parseAgeBand(c: Cell, label: string): Parsed<string | null> {
  if (isProblem(c)) return { error: `${label} ${c.problem}` };
  if (isBlank(c)) return { value: null };
  if (c instanceof Date) return { error: `${label} is a date; type the age band as text, such as 16-64` };
  const t = displayCell(c);
  const m = typeof c === 'string' ? /^(\d{1,3})-(\d{1,3})?$/.exec(t.replace(/[\u2010-\u2015\u2212]/g, '-').replace(/\s+/g, '').replace(/\+$/, '-')) : null;
  if (!m) return { error: `${label} "${t}" is not an age band; write it as 16-64, or 65- for 65 and over, or leave it blank for all ages` };
  const from = Number(m[1]);
  const to = m[2] === undefined ? null : Number(m[2]);
  if (to !== null && to < from) return { error: `${label} "${t}" ends before it starts` };
  return { value: `${from}-${to ?? ''}` };
}

const STATUS_WORDS = new Map<string, ValueRow['status']>([
  ...['preliminary', 'prel', 'preliminär', 'preliminärt'].map((w) => [w, 'preliminary'] as const),
  ...['final', 'slutlig', 'slutligt', 'definitiv', 'definitivt'].map((w) => [w, 'final'] as const),
]);

function parseStatus(c: Cell, label: string): Parsed<ValueRow['status']> {
  if (isProblem(c)) return { error: `${label} ${c.problem}` };
  if (isBlank(c)) return { value: 'final' };
  const t = displayCell(c);
  const status = typeof c === 'string' ? STATUS_WORDS.get(t.toLowerCase()) : undefined;
  if (status === undefined) return { error: `${label} "${t}" is not a status; use preliminary or final (preliminär, slutlig), or leave it blank for final` };
  return { value: status };
}

/** The version of a stored value: a whole number from 1, or blank (a new cell). */
function parseVersion(c: Cell, label: string): Parsed<number | null> {
  if (isProblem(c)) return { error: `${label} ${c.problem}` };
  if (isBlank(c)) return { value: null };
  const t = displayCell(c);
  const n = typeof c === 'number' ? c : typeof c === 'string' && /^\d{1,9}$/.test(t) ? Number(t) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 999_999_999) {
    return { error: `${label} "${t}" is not a version; keep the number the export wrote (1, 2, …), or leave it blank for a new value` };
  }
  return { value: n };
}

const BOOLEAN_WORDS = new Map<string, boolean>([
  ...['true', 'yes', 'ja', '1', 'sant'].map((w) => [w, true] as const),
  ...['false', 'no', 'nej', '0', 'falskt'].map((w) => [w, false] as const),
]);

function parseBoolean(c: Cell, label: string): Parsed<boolean> {
  if (isProblem(c)) return { error: `${label} ${c.problem}` };
  if (isBlank(c)) return { value: false };
  if (typeof c === 'boolean') return { value: c };
  const t = displayCell(c);
  const b = typeof c === 'number' ? (c === 1 ? true : c === 0 ? false : undefined) : typeof c === 'string' ? BOOLEAN_WORDS.get(t.toLowerCase()) : undefined;
  if (b === undefined) return { error: `${label} "${t}" is not yes or no; use true/false, ja/nej or 1/0, or leave it blank for no` };
  return { value: b };
}
