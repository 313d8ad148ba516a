import type { DocumentStatus, Indicator } from '../../domain/strategy/types.ts';
import { indicatorFields, type Db } from '../strategy/document.repo.ts';

/** The statuses of a version that has been adopted: in force now, or in force once (the historical versions). */
export const PUBLISHED_STATUSES = ['adopted', 'superseded', 'expired'] as const satisfies readonly DocumentStatus[];

/** An indicator of the newest adopted version of its document series, with what a catalogue says about it. */
export interface PublishedIndicator {
  municipality: { code: string; name: string };
  document: { key: string; version: number; title: string; subtitle: string | null; status: (typeof PUBLISHED_STATUSES)[number] };
  /** The indicator with its area's name (not key) in `area`. */
  indicator: Omit<Indicator, 'goal'>;
}

/**
 * The published indicators: those of the newest version of each document series (municipality and
 * document key) whose status is adopted, superseded or expired. A draft or a version out on
 * consultation is never published, nor an indicator that only a draft has. Ordered by municipality,
 * document key and the indicator's position in the document.
 */
export async function loadPublishedIndicators(db: Db, f: { code?: string; documentKey?: string; indicatorKey?: string } = {}): Promise<PublishedIndicator[]> {
  let newest = db
    .selectFrom('document')
    .select(['municipality_code', 'key'])
    .select((eb) => eb.fn.max('version').as('version'))
    .where('status', 'in', PUBLISHED_STATUSES)
    .groupBy(['municipality_code', 'key']);
  if (f.code !== undefined) newest = newest.where('municipality_code', '=', f.code);
  if (f.documentKey !== undefined) newest = newest.where('key', '=', f.documentKey);
  let q = db
    .selectFrom(newest.as('n'))
    .innerJoin('document as d', (j) => j.onRef('d.municipality_code', '=', 'n.municipality_code').onRef('d.key', '=', 'n.key').onRef('d.version', '=', 'n.version'))
    .innerJoin('municipality as m', 'm.code', 'd.municipality_code')
    .innerJoin('indicator as i', 'i.document_id', 'd.id')
    .leftJoin('area as a', 'a.id', 'i.area_id')
    .select([
      'm.code',
      'm.name as municipality_name',
      'd.key as document_key',
      'd.version',
      'd.title',
      'd.subtitle',
      'd.status',
      'i.key as indicator_key',
      'i.name',
      'i.definition',
      'i.unit',
      'i.source_kind',
      'i.source_ref',
      'i.sexes',
      'i.age_bands',
      'i.population',
      'i.frequency',
      'i.footnotes',
      'i.headline_sex',
      'i.headline_age_band',
      'i.gap_threshold',
      'a.name as area_name',
    ]);
  if (f.indicatorKey !== undefined) q = q.where('i.key', '=', f.indicatorKey);
  const rows = await q.orderBy('m.code').orderBy('d.key').orderBy('i.position').execute();
  return rows.map((r) => ({
    municipality: { code: r.code, name: r.municipality_name },
    document: { key: r.document_key, version: r.version, title: r.title, subtitle: r.subtitle, status: r.status as PublishedIndicator['document']['status'] },
    indicator: { key: r.indicator_key, ...indicatorFields(r), area: r.area_name },
  }));
}
