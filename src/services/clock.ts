/**
 * The one clock of the application's rules: "today" is a Swedish calendar day (Europe/Stockholm),
 * whatever time zone the server runs in. A document expires, a deadline passes and data turns stale
 * on the Swedish date, so 00:30 on New Year's Day in Stockholm (23:30 UTC) is already the new year.
 * Services take an optional date or instant for tests and pass it here; nothing else reads the clock
 * for a calendar date (durations such as session expiry use instants and need no zone).
 */
export const TIME_ZONE = 'Europe/Stockholm';

const dateParts = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * Today's date in Sweden, YYYY-MM-DD.
 * @example todayInStockholm(new Date('2026-12-31T23:30:00Z')) // '2027-01-01'
 */
export function todayInStockholm(now: Date = new Date()): string {
  const parts = dateParts.formatToParts(now);
  const part = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The current year in Sweden. */
export function yearInStockholm(now: Date = new Date()): number {
  return Number(todayInStockholm(now).slice(0, 4));
}
