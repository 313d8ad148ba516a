import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { makeFormat } from '../../shared/format.ts';

/** Numbers and dates in the interface language's locale; the rules are in src/shared/format.ts, shared with the reports. */
export function useFormat() {
  const intl = useIntl();
  return useMemo(() => makeFormat(intl), [intl]);
}
