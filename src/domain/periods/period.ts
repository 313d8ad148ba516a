import type { IsoDate } from '../strategy/types.ts';

export const PERIOD_KINDS = ['year', 'interim', 'tertial', 'quarter', 'month'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** The follow-up periods a municipality uses in a year (its scheme); the full year is always there. */
export const PERIOD_SCHEMES = ['year', 'year_interim', 'year_tertials', 'year_quarters'] as const;
export type PeriodScheme = (typeof PERIOD_SCHEMES)[number];

export interface PeriodSpec {
  key: string;
  kind: PeriodKind;
  year: number;
  label: string;
  start: IsoDate;
  end: IsoDate;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const span = (y: number, fromMonth: number, toMonth: number) => ({ start: `${y}-${pad(fromMonth)}-01`, end: `${y}-${pad(toMonth)}-${pad(lastDay(y, toMonth))}` });

/**
 * The periods of one year under a scheme. Keys are stable and sort within the year:
 * `2025` (helår), `2025-D` (delår jan–aug, as in Swedish interim reports), `2025-T1…T3`, `2025-Q1…Q4`.
 * @example periodsOfYear(2025, 'year_interim').map(p => p.key) // ['2025-D', '2025']
 */
export function periodsOfYear(year: number, scheme: PeriodScheme): PeriodSpec[] {
  const out: PeriodSpec[] = [];
  if (scheme === 'year_interim') out.push({ key: `${year}-D`, kind: 'interim', year, label: `Delår jan–aug ${year}`, ...span(year, 1, 8) });
  if (scheme === 'year_tertials') {
    for (const t of [1, 2, 3]) out.push({ key: `${year}-T${t}`, kind: 'tertial', year, label: `Tertial ${t} ${year}`, ...span(year, t * 4 - 3, t * 4) });
  }
  if (scheme === 'year_quarters') {
    for (const q of [1, 2, 3, 4]) out.push({ key: `${year}-Q${q}`, kind: 'quarter', year, label: `Kvartal ${q} ${year}`, ...span(year, q * 3 - 2, q * 3) });
  }
  out.push({ key: String(year), kind: 'year', year, label: `Helår ${year}`, ...span(year, 1, 12) });
  return out;
}

/** The key of a year's full-year period. */
export function yearKey(year: number): string {
  return String(year);
}
