import { DomainError } from '../errors.ts';
import type { Frequency, IsoDate } from '../strategy/types.ts';

/** Why data is or is not stale. */
export type StalenessReason = 'no_data' | 'not_periodic' | 'overdue' | 'up_to_date';

/** Whether an indicator's latest value is older than its frequency and publication lag allow. */
export interface Staleness {
  stale: boolean;
  reason: StalenessReason;
  /** The date by which the next period's value should have been published; null when none is expected. */
  expectedBy: IsoDate | null;
}

export interface StalenessInput {
  frequency: Frequency;
  /** The last day of the latest period with a value (2022-12-31 for the year 2022); null when there is none. */
  latestPeriodEnd: IsoDate | null;
  /** The date to judge on (the caller's clock: today, or a report's date). */
  asOf: IsoDate;
  /** Extra days of patience after the expected date; default 0. */
  graceDays?: number;
  /** Months from a period's end until its value is published; default PUBLICATION_LAG_MONTHS[frequency]. */
  lagMonths?: number;
}

/** Length of one period, in months, of each periodic frequency (interim = tertial, the municipal delår). */
export const PERIOD_MONTHS: Readonly<Record<'yearly' | 'interim' | 'quarterly' | 'monthly', number>> = Object.freeze({
  yearly: 12,
  interim: 4,
  quarterly: 3,
  monthly: 1,
});

/** Default publication lag, in months after a period ends: a round, conservative figure per frequency; set it per source with `lagMonths`. */
export const PUBLICATION_LAG_MONTHS: Readonly<Record<'yearly' | 'interim' | 'quarterly' | 'monthly', number>> = Object.freeze({
  yearly: 12,
  interim: 2,
  quarterly: 2,
  monthly: 1,
});

/**
 * Whether the next period's value is overdue. The next period ends one period length after the
 * latest period's end; its value is expected by that end plus the publication lag, and the data is
 * stale from the day after `expectedBy + graceDays`. One-off and irregular indicators are never stale;
 * without any value at all the data is stale (`no_data`). Month arithmetic keeps month ends: the month
 * after 2024-01-31 ends 2024-02-29. docs/methodology/attainment.md#stale-data
 * @example isStale({ frequency: 'yearly', latestPeriodEnd: '2022-12-31', asOf: '2025-01-15' }) // { stale: true, reason: 'overdue', expectedBy: '2024-12-31' }
 */
export function isStale(input: StalenessInput): Staleness {
  const asOf = parseDate(input.asOf, 'asOf');
  const graceDays = input.graceDays ?? 0;
  if (!Number.isInteger(graceDays) || graceDays < 0) throw new DomainError('validation', 'graceDays must be a whole number ≥ 0', { details: { graceDays } });
  if (input.latestPeriodEnd === null) return { stale: true, reason: 'no_data', expectedBy: null };
  const end = parseDate(input.latestPeriodEnd, 'latestPeriodEnd');
  if (input.frequency === 'once' || input.frequency === 'irregular') return { stale: false, reason: 'not_periodic', expectedBy: null };

  const lag = input.lagMonths ?? PUBLICATION_LAG_MONTHS[input.frequency];
  if (!Number.isInteger(lag) || lag < 0) throw new DomainError('validation', 'lagMonths must be a whole number ≥ 0', { details: { lagMonths: lag } });
  const expected = addMonths(addMonths(end, PERIOD_MONTHS[input.frequency]), lag);
  const expectedBy = formatDate(expected);
  const staleFrom = dayNumber(expected) + graceDays;
  const stale = dayNumber(asOf) > staleFrom;
  return { stale, reason: stale ? 'overdue' : 'up_to_date', expectedBy };
}

interface CivilDate {
  y: number;
  m: number;
  d: number;
}

function parseDate(text: IsoDate, field: string): CivilDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) } : null;
  if (!date || date.m < 1 || date.m > 12 || date.d < 1 || date.d > daysInMonth(date.y, date.m)) {
    throw new DomainError('validation', `${field} is not a calendar date (YYYY-MM-DD)`, { issues: [{ path: `/${field}`, message: `"${text}" is not a calendar date` }] });
  }
  return date;
}

function formatDate({ y, m, d }: CivilDate): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Adds months; a month's last day maps to the target month's last day, another day is kept (clamped to the month). */
function addMonths(date: CivilDate, months: number): CivilDate {
  const index = date.y * 12 + (date.m - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const last = daysInMonth(y, m);
  const d = date.d === daysInMonth(date.y, date.m) ? last : Math.min(date.d, last);
  return { y, m, d };
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil), for day arithmetic without Date. */
function dayNumber({ y, m, d }: CivilDate): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
