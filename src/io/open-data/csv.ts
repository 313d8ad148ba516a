import type { SuppressionReason } from '../../domain/disclosure/suppression.ts';
import type { IndicatorUnit, Sex } from '../../domain/strategy/types.ts';
import { writeCsv } from '../csv-write.ts';
import { formatPlainNumber, guardText } from '../values/values-format.ts';

/** One published value in the long form; `value` null with a `suppressed` reason when it is not published. */
export interface OpenDataRow {
  indicator: string;
  year: number;
  sex: Sex;
  ageBand: string | null;
  value: number | null;
  unitOfMeasure: IndicatorUnit;
  status: 'preliminary' | 'final';
  seriesBreak: boolean;
  example: boolean;
  suppressed: SuppressionReason | null;
}

/** The columns of the open-data CSV, in order. Indicator, Year, Sex, Age, Value, Status, SeriesBreak and Example are those of the value files. */
export const OPEN_DATA_COLUMNS = ['Indicator', 'Year', 'Sex', 'Age', 'Value', 'UnitOfMeasure', 'Status', 'SeriesBreak', 'Example', 'Suppressed'] as const;

/**
 * Writes published values as CSV: UTF-8 without a BOM, `,` as delimiter, CRLF line ends, numbers
 * with '.' and no grouping, as the value files (src/io/values/csv.ts). A blank Sex is the total and
 * a blank Age all ages (Open SDG's headline row). A suppressed value is an empty Value with its reason
 * (primary, derived, complementary) in Suppressed: the row is kept so that the cell is seen to exist,
 * and the Value column holds only numbers (docs/methodology/disclosure.md, "In the open data").
 */
export function writeOpenDataCsv(rows: ReadonlyArray<OpenDataRow>): string {
  return writeCsv(
    OPEN_DATA_COLUMNS,
    rows.map((r) => [
        guardText(r.indicator),
        String(r.year),
        r.sex === 'total' ? '' : r.sex,
        r.ageBand === null ? '' : guardText(r.ageBand),
        r.value === null ? '' : formatPlainNumber(r.value),
        r.unitOfMeasure,
        r.status,
        String(r.seriesBreak),
        String(r.example),
        r.suppressed ?? '',
      ]),
  );
}
