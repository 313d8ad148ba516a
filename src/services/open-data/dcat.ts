import type { Frequency, IndicatorUnit, Sex, SourceKind } from '../../domain/strategy/types.ts';
import type { PublishedIndicator } from './open-data.repo.ts';

/**
 * DCAT-AP-SE metadata as JSON-LD: one dcat:Dataset per published indicator, with a CSV and a JSON
 * dcat:Distribution. Choices (docs/decisions/006-open-data.md):
 * - dct:publisher is the municipality (a foaf:Agent with its name and SCB municipality code);
 * - dct:license CC0 1.0, on the catalogue, the dataset and each distribution;
 * - dct:spatial is a dct:Location with the SCB municipality code (kommunkod) as dct:identifier and the
 *   name as skos:prefLabel. DCAT-AP-SE recommends a Geonames URI (http://sws.geonames.org/…), which
 *   the database does not hold; no URI is made up under someone else's domain;
 * - dct:accrualPeriodicity from the EU frequency vocabulary. The open data holds full-year values
 *   only, so an indicator followed up yearly, by interim report, quarterly or monthly gets new
 *   values once a year (ANNUAL); `irregular` is IRREG and `once` NEVER;
 * - dct:title and dct:description in Swedish (the indicators' own words), tagged @language sv.
 */

export const CC0 = 'https://creativecommons.org/publicdomain/zero/1.0/';
const EU = 'http://publications.europa.eu/resource/authority';

export const FREQUENCY_URI: Record<Frequency, string> = {
  yearly: `${EU}/frequency/ANNUAL`,
  interim: `${EU}/frequency/ANNUAL`,
  quarterly: `${EU}/frequency/ANNUAL`,
  monthly: `${EU}/frequency/ANNUAL`,
  irregular: `${EU}/frequency/IRREG`,
  once: `${EU}/frequency/NEVER`,
};

export const CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

const UNIT_SV: Record<IndicatorUnit, string> = {
  count: 'antal',
  percent: 'procent',
  per_1000: 'per 1 000 invånare',
  sek: 'kronor',
  sek_per_inhabitant: 'kronor per invånare',
  ratio: 'kvot',
  index: 'index',
  other: 'annan enhet',
};

const sv = (value: string) => ({ '@language': 'sv', '@value': value });
const ref = (id: string) => ({ '@id': id });
const date = (d: string) => ({ '@value': d, '@type': 'xsd:date' });

/** The stable address of a published indicator, without extension (the dataset); `.csv` and `.json` are its distributions. */
export function datasetPath(code: string, documentKey: string, indicatorKey: string): string {
  return `/api/v1/open-data/municipalities/${code}/indicators/${documentKey}/${indicatorKey}`;
}

export type JsonLd = { [key: string]: unknown };

export function publisher(m: { code: string; name: string }): JsonLd {
  return { '@type': 'foaf:Agent', 'foaf:name': m.name, 'dct:identifier': m.code };
}

function source(kind: SourceKind, reference: string | null): string {
  if (kind === 'kolada') return reference ? `Kolada (${reference})` : 'Kolada';
  if (kind === 'scb') return reference ? `SCB (${reference})` : 'SCB';
  if (kind === 'own') return reference ? `kommunens egen uppgift (${reference})` : 'kommunens egen uppgift';
  return reference ?? 'annan källa';
}

function splits(sexes: Sex[], ageBands: string[]): string {
  const bySex = sexes.includes('women') && sexes.includes('men') ? (sexes.includes('total') ? ', totalt och för kvinnor och män' : ', för kvinnor och män') : '';
  const byAge = ageBands.length > 0 ? `, i åldrarna ${ageBands.join(', ')} år` : '';
  return bySex + byAge;
}

/** One published indicator as a dcat:Dataset (without @context). */
export function datasetJsonLd(
  p: PublishedIndicator,
  o: { baseUrl: string; years: { first: number; last: number } | null; example: boolean; note: string },
): JsonLd {
  const { municipality: m, document: d, indicator: i } = p;
  const id = `${o.baseUrl}${datasetPath(m.code, d.key, i.key)}`;
  const description = [
    `${i.name.replace(/\.$/, '')}. Indikator i ${d.title}${d.subtitle ? ` (${d.subtitle})` : ''}, ${m.name}.`,
    i.definition ?? '',
    `Värden per år${splits(i.sexes, i.ageBands)}, i enheten ${UNIT_SV[i.unitOfMeasure]}. Källa: ${source(i.sourceKind, i.sourceRef)}.`,
    ...i.footnotes,
    o.example ? 'Innehåller exempeldata: värden som inte är verklig statistik och är märkta som exempel.' : '',
    o.note,
  ]
    .filter((s) => s !== '')
    .join(' ');
  const distribution = (format: 'csv' | 'json') => ({
    '@id': `${id}.${format}`,
    '@type': 'dcat:Distribution',
    'dct:title': sv(`${i.name.replace(/\.$/, '')} (${format.toUpperCase()})`),
    'dcat:accessURL': ref(`${id}.${format}`),
    'dcat:downloadURL': ref(`${id}.${format}`),
    'dcat:mediaType': ref(`http://www.iana.org/assignments/media-types/${format === 'csv' ? 'text/csv' : 'application/json'}`),
    'dct:format': ref(`${EU}/file-type/${format.toUpperCase()}`),
    'dct:license': ref(CC0),
  });
  return {
    '@id': id,
    '@type': 'dcat:Dataset',
    'dct:identifier': `${m.code}/${d.key}/${i.key}`,
    'dct:title': sv(i.name.replace(/\.$/, '')),
    'dct:description': sv(description),
    'dct:publisher': publisher(m),
    'dct:license': ref(CC0),
    'dct:language': ref(`${EU}/language/SWE`),
    'dcat:theme': ref(`${EU}/data-theme/SOCI`),
    'dcat:keyword': [...new Set([i.area, d.title, m.name, 'uppföljning'].filter((k): k is string => Boolean(k)))].map(sv),
    'dct:spatial': { '@type': 'dct:Location', 'dct:identifier': m.code, 'skos:prefLabel': sv(m.name) },
    'dct:accrualPeriodicity': ref(FREQUENCY_URI[i.frequency]),
    ...(o.years ? { 'dct:temporal': { '@type': 'dct:PeriodOfTime', 'dcat:startDate': date(`${o.years.first}-01-01`), 'dcat:endDate': date(`${o.years.last}-12-31`) } } : {}),
    'dcat:distribution': [distribution('csv'), distribution('json')],
  };
}
