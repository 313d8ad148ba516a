import { DomainError } from '../../domain/errors.ts';
import { parseValuesCsv, writeValuesCsv } from '../../io/values/csv.ts';
import { parseValuesXlsx, writeValuesXlsx } from '../../io/values/xlsx.ts';
import type { ValueInput } from '../../domain/follow-up/values.ts';
import type { Db } from '../strategy/document.repo.ts';
import { importValues, listValues, rowIssuesError, type ValueFilter } from './values.service.ts';

export type ValueFileFormat = 'csv' | 'xlsx';

/** About 40,000 rows. */
export const MAX_XLSX_BYTES = 3 * 1024 * 1024;

/**
 * Imports a long-form file (CSV or XLSX; columns Year, Sex, Age, …, Value; a blank dimension is the
 * total), all or nothing: the file's own problems and the checks against the document are all listed
 * by row and field, and nothing is written if there is one.
 */
export async function importValueFile(db: Db, documentId: string, format: ValueFileFormat, bytes: Uint8Array) {
  // exceljs reads a whole workbook into memory (about 1.2 GB for 200,000 rows, measured): keep XLSX small.
  if (format === 'xlsx' && bytes.length > MAX_XLSX_BYTES) {
    throw new DomainError('payload_too_large', `An XLSX file may be at most ${MAX_XLSX_BYTES / 1024 / 1024} MB here; send larger tables as CSV`, { details: { bytes: bytes.length } });
  }
  return importValues(db, documentId, await parseValueFile(format, bytes));
}

/** Reads a long-form file into value rows, or throws every problem of the file by row and field. */
export async function parseValueFile(format: ValueFileFormat, bytes: Uint8Array, name = `${format.toUpperCase()} file`): Promise<ValueInput[]> {
  const parsed = format === 'csv' ? parseValuesCsv(bytes) : await parseValuesXlsx(bytes);
  if (parsed.errors.length > 0) throw rowIssuesError(parsed.errors, name);
  return parsed.rows;
}

/** The document's values as a file in the same long form, so export then import gives the same values. */
export async function exportValueFile(db: Db, documentId: string, format: ValueFileFormat, f: ValueFilter = {}): Promise<Uint8Array | string> {
  const rows = (await listValues(db, documentId, f)).map(({ id: _id, lockVersion: _lv, ...row }) => row);
  return format === 'csv' ? writeValuesCsv(rows) : writeValuesXlsx(rows);
}
