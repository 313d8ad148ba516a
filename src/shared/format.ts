import type { IndicatorUnit } from '../domain/strategy/types.ts';

/**
 * Numbers and dates in a locale (sv-SE: `34,5 %`, `1 234`, `2025-03-05`), shared by the web app
 * (through react-intl's IntlShape) and the generated reports (through @formatjs/intl's createIntl),
 * so a value reads the same on screen and on paper. Indicator values in percent are stored as
 * percentages (34.5), not fractions.
 */
export interface IntlLike {
  locale: string;
  formatNumber(value: number, opts?: Intl.NumberFormatOptions): string;
  formatDate(value: Date, opts?: Intl.DateTimeFormatOptions): string;
  formatMessage(descriptor: { id: string }, values?: Record<string, string | number>): string;
}

export interface Format {
  number(v: number, digits?: number): string;
  value(v: number | null | undefined, unit: IndicatorUnit | string | null | undefined): string;
  date(iso: string | null | undefined): string;
  dateTime(iso: string | null | undefined): string;
  percent(fraction: number): string;
}

export function makeFormat(intl: IntlLike): Format {
  const number = (v: number, digits = 1) => intl.formatNumber(v, { maximumFractionDigits: digits });
  const value = (v: number | null | undefined, unit: IndicatorUnit | string | null | undefined): string => {
    if (v === null || v === undefined || !Number.isFinite(v)) return '–';
    switch (unit) {
      case 'percent':
        return intl.formatNumber(v / 100, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
      case 'count':
        return intl.formatNumber(v, { maximumFractionDigits: 0 });
      case 'sek':
      case 'sek_per_inhabitant':
        return intl.formatNumber(v, { style: 'currency', currency: 'SEK', maximumFractionDigits: 0 });
      case 'points':
        return intl.formatMessage({ id: 'common.percentagePoints' }, { n: number(v) });
      case 'per_1000':
        return `${number(v)} ‰`;
      case 'ratio':
        // Ratios are small (0,25 internship places per adult newcomer): one decimal would lose them.
        return intl.formatNumber(v, { maximumSignificantDigits: 3 });
      default:
        return number(v);
    }
  };
  /** `2025-03-05` in Swedish; the locale's medium date elsewhere. */
  const date = (iso: string | null | undefined): string => {
    if (!iso) return '–';
    const d = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
    if (Number.isNaN(d.getTime())) return iso;
    return intl.locale === 'sv-SE' ? d.toISOString().slice(0, 10) : intl.formatDate(d, { dateStyle: 'medium', timeZone: 'UTC' });
  };
  const dateTime = (iso: string | null | undefined): string =>
    iso ? intl.formatDate(new Date(iso), { dateStyle: intl.locale === 'sv-SE' ? 'short' : 'medium', timeStyle: 'short', timeZone: 'Europe/Stockholm' }) : '–';
  const percent = (fraction: number) => intl.formatNumber(fraction, { style: 'percent', maximumFractionDigits: 1 });
  return { number, value, date, dateTime, percent };
}
