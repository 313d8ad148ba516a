import { stringify } from 'csv-stringify/sync';

/**
 * The one CSV writer of Samspel's files (the value files, the open data): UTF-8 without a BOM, `,` as
 * delimiter, CRLF line ends (RFC 4180), a field quoted only when it holds a delimiter, a quote or a
 * line break. The callers format and guard the cells (numbers with '.', text against formulas).
 */
export function writeCsv(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return stringify([header as string[], ...(rows as string[][])], {
    delimiter: ',',
    record_delimiter: '\r\n',
    quote: '"',
    escape: '"',
    // A lone CR or LF inside a value is a line break to a reader too: quoted as well.
    quoted_match: /[\r\n]/,
  });
}
