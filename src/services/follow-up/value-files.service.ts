import { parseValuesCsv, writeValuesCsv } from '../../io/values/csv.ts';
import { parseValuesXlsx, writeValuesXlsx } from '../../io/values/xlsx.ts';
import type { Db } from '../strategy/document.repo.ts';
import { importValues, listValues, rowIssuesError, type ValueFilter } from './values.service.ts';

export type ValueFileFormat = 'csv' | 'xlsx';

/**
 * Imports a long-form file (CSV or XLSX; columns Year, Sex, Age, …, Value; a blank dimension is the
 * total), all or nothing: the file's own problems and the checks against the document are all listed
 * by row and field, and nothing is written if there is one.
 */
export async function importValueFile(db: Db, documentId: string, format: ValueFileFormat, bytes: Uint8Array) {
  const parsed = format === 'csv' ? parseValuesCsv(bytes) : await parseValuesXlsx(bytes);
  if (parsed.errors.length > 0) throw rowIssuesError(parsed.errors, `${format.toUpperCase()} file`);
  return importValues(db, documentId, parsed.rows);
}

/** The document's values as a file in the same long form, so export then import gives the same values. */
export async function exportValueFile(db: Db, documentId: string, format: ValueFileFormat, f: ValueFilter = {}): Promise<Uint8Array | string> {
  const rows = (await listValues(db, documentId, f)).map(({ id: _id, lockVersion: _lv, ...row }) => row);
  return format === 'csv' ? writeValuesCsv(rows) : writeValuesXlsx(rows);
}
