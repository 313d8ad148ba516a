import { useIntl } from 'react-intl';
import { parsePeriodKey } from './grid.ts';

/** A period's name in the interface language (the server's label is Swedish): Helår 2025, Delår jan–aug 2025, Tertial 2 2025 … */
export function usePeriodLabel() {
  const intl = useIntl();
  return (key: string): string => {
    const p = parsePeriodKey(key);
    if (!p) return key;
    if (p.kind === 'month') {
      const month = intl.formatDate(new Date(Date.UTC(p.year, (p.n ?? 1) - 1, 15)), { month: 'long', year: 'numeric', timeZone: 'UTC' });
      return intl.formatMessage({ id: 'followUp.period.month' }, { month });
    }
    return intl.formatMessage({ id: `followUp.period.${p.kind}` }, { year: String(p.year), n: p.n ?? 0 });
  };
}
