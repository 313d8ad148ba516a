import { sql } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { parseValuesCsv, writeValuesCsv } from '../../io/values/csv.ts';
import { parseValuesXlsx, writeValuesXlsx } from '../../io/values/xlsx.ts';
import type { ValueRow, ValuesParseResult } from '../../io/values/values-format.ts';
import { inTransaction } from '../db-errors.ts';
import type { Db } from '../strategy/document.repo.ts';
import { importValues, listValues, rowIssuesError, type ImportOptions, type ImportResult, type ValueFilter } from './values.service.ts';

export type ValueFileFormat = 'csv' | 'xlsx';

/** About 40,000 rows. */
export const MAX_XLSX_BYTES = 3 * 1024 * 1024;

/** What the audit log's reason says of an import with `replace: true` (after the reason the request gave, if any). */
export const REPLACE_NOTE = 'import with replace: stored values overwritten whatever their version';

/**
 * Imports a long-form file (CSV or XLSX; columns Year, Sex, Age, …, Value, and Version for a value
 * read from an export; a blank dimension is the total), all or nothing, in one round: the file's own
 * problems (a duplicate row, a column without a header, a number that is not one …) and the checks of
 * the rows it could read against the document (indicator, sex, age band, period, unit, closed period,
 * versions) come back together, sorted by row, and nothing is written while there is one.
 *
 * `replace: true` overwrites stored values whatever their version (and whatever the Version column
 * says): an explicit choice, which the audit log's reason records (`REPLACE_NOTE`).
 */
export async function importValueFile(
  db: Db,
  documentId: string,
  format: ValueFileFormat,
  bytes: Uint8Array,
  opts: Pick<ImportOptions, 'replace' | 'createPeriods' | 'now'> = {},
): Promise<ImportResult> {
  // exceljs reads a whole workbook into memory (about 1.2 GB for 200,000 rows, measured): keep XLSX small.
  if (format === 'xlsx' && bytes.length > MAX_XLSX_BYTES) {
    throw new DomainError('payload_too_large', `An XLSX file may be at most ${MAX_XLSX_BYTES / 1024 / 1024} MB here; send larger tables as CSV`, { details: { bytes: bytes.length } });
  }
  const parsed = await readValueFile(format, bytes);
  return inTransaction(db, async (trx) => {
    if (opts.replace) {
      // Local to this transaction: every audit row it writes carries the note.
      await sql`select set_config('samspel.reason', concat_ws(' — ', nullif(current_setting('samspel.reason', true), ''), ${REPLACE_NOTE}::text), true)`.execute(trx);
    }
    return importValues(trx, documentId, parsed.rows, { ...opts, issues: parsed.errors, what: `${format.toUpperCase()} file` });
  });
}

/** Reads a long-form file: every row it could read, and every problem of the file. */
export async function readValueFile(format: ValueFileFormat, bytes: Uint8Array): Promise<ValuesParseResult> {
  return format === 'csv' ? parseValuesCsv(bytes) : parseValuesXlsx(bytes);
}

/** Reads a long-form file into value rows, or throws every problem of the file by row and field. */
export async function parseValueFile(format: ValueFileFormat, bytes: Uint8Array, name = `${format.toUpperCase()} file`): Promise<ValueRow[]> {
  const parsed = await readValueFile(format, bytes);
  if (parsed.errors.length > 0) throw rowIssuesError(parsed.errors, name);
  return parsed.rows;
}

/**
 * The document's values as a file in the same long form, with each value's version in the Version
 * column: export, edit in a spreadsheet and import again, and the import changes what was edited
 * (refusing a value someone else changed meanwhile) and writes nothing for the rest.
 */
export async function exportValueFile(db: Db, documentId: string, format: ValueFileFormat, f: ValueFilter = {}): Promise<Uint8Array | string> {
  const rows = (await listValues(db, documentId, f)).map(({ id: _id, ...row }) => row);
  return format === 'csv' ? writeValuesCsv(rows) : writeValuesXlsx(rows);
}
