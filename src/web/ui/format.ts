import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import type { IndicatorUnit } from '../../domain/strategy/types.ts';

/**
 * Numbers and dates in the interface language's locale (sv-SE: `34,5 %`, `1 234`, `2025-03-05`).
 * Indicator values in percent are stored as percentages (34.5), not fractions.
 */
export function useFormat() {
  const intl = useIntl();
  return useMemo(() => {
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
  }, [intl]);
}
