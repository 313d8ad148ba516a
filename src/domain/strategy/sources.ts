import type { Indicator } from './types.ts';

/** Kolada's free search for a KPI id (N00973, U00405); null when the source is not a Kolada KPI. */
export function koladaUrl(ind: Pick<Indicator, 'sourceKind' | 'sourceRef'>): string | null {
  const ref = ind.sourceRef?.trim() ?? '';
  if (!/^[NU]\d{5}$/.test(ref)) return null;
  return `https://www.kolada.se/verktyg/fri-sokning/?kpis=${ref}`;
}
