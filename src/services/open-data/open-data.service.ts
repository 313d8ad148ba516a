import { reportText } from '../../io/reports/text.ts';
import {
  DEFAULT_DISCLOSURE_RULES,
  SUPPRESSED_MARK,
  suppressBySex,
  type BySexValue,
  type DisclosureRules,
} from '../../domain/disclosure/suppression.ts';
import { DomainError } from '../../domain/errors.ts';
import type { IndicatorUnit, Sex } from '../../domain/strategy/types.ts';
import { writeOpenDataCsv, type OpenDataRow } from '../../io/open-data/csv.ts';
import { loadYearlySeries, type SeriesCell } from '../follow-up/compilation.repo.ts';
import { cellValue } from '../follow-up/compilation.service.ts';
import { getMunicipality } from '../municipalities/municipalities.service.ts';
import type { Db } from '../strategy/document.repo.ts';
import { CC0, CONTEXT, datasetJsonLd, publisher, type JsonLd } from './dcat.ts';
import { loadPublishedIndicators, type PublishedIndicator } from './open-data.repo.ts';

export type { OpenDataRow } from '../../io/open-data/csv.ts';
export type { JsonLd } from './dcat.ts';

/**
 * Open data: every published indicator (of the newest adopted version of its document series) as
 * CSV and JSON in the long form, every number through disclosure control
 * (docs/methodology/disclosure.md), and a DCAT-AP-SE catalogue of them (dcat.ts).
 */

/** One published indicator with its values, as the JSON distribution serves it. */
export interface OpenDataset {
  municipality: { code: string; name: string };
  document: PublishedIndicator['document'];
  indicator: PublishedIndicator['indicator'];
  license: string;
  disclosure: { threshold: number; mark: string; note: { sv: string; en: string } };
  /** The first and last year with a value, or null when there is none yet. */
  years: { first: number; last: number } | null;
  /** Long form: year, then age band (all ages first), then total, women, men. */
  values: OpenDataRow[];
}

/** Series far beyond any real year: the open data has every year there is. */
const ALL_YEARS = 9999;
const KIND: Record<IndicatorUnit, 'count' | 'share' | 'other'> = {
  count: 'count',
  percent: 'share',
  per_1000: 'share',
  ratio: 'share',
  sek: 'other',
  sek_per_inhabitant: 'other',
  index: 'other',
  other: 'other',
};
const SEX_ORDER: Sex[] = ['total', 'women', 'men'];

/** A 404 that says why: no such municipality, or no published indicator under these keys. */
async function notPublished(db: Db, code: string, documentKey: string, indicatorKey: string): Promise<never> {
  await getMunicipality(db, code);
  throw new DomainError(
    'not_found',
    `Municipality ${code} has published no indicator "${indicatorKey}" in the document "${documentKey}"; an indicator is published once a version of its document that has it is adopted`,
    { details: { code, documentKey, indicatorKey } },
  );
}

/**
 * The values of one indicator as they are published: the municipality's own value of each cell
 * (year × sex × age band), else the units' values rolled up as the compilation does (`cellValue`),
 * through suppression by year × sex with total = women + men where all three exist. A share's
 * numerator and denominator are the municipality's, or the units' sums when it is rolled up.
 */
export function publishedValues(cells: SeriesCell[], indicator: { key: string; unitOfMeasure: IndicatorUnit }, rules: DisclosureRules): OpenDataRow[] {
  const kind = KIND[indicator.unitOfMeasure];
  const own = cells.filter((c) => c.indicator === indicator.key);
  const bands = [...new Set(own.map((c) => c.ageBand))].sort();
  const out: OpenDataRow[] = [];
  for (const band of bands) {
    const inBand = own.filter((c) => c.ageBand === band);
    const years = [...new Set(inBand.map((c) => c.year))].sort((a, b) => a - b);
    const cellOf = new Map(inBand.map((c) => [`${c.year}|${c.sex}`, c]));
    const input = (year: number, sex: Sex): BySexValue => {
      const c = cellOf.get(`${year}|${sex}`);
      const value = c ? cellValue(c, indicator.unitOfMeasure) : null;
      if (!c || value === null) return null;
      const municipal = c.municipal !== null;
      return { value, numerator: municipal ? c.municipalNumerator : c.unitNumerator, denominator: municipal ? c.municipalDenominator : c.unitDenominator };
    };
    const disclosed = suppressBySex(
      years.map((y) => ({ key: String(y), women: input(y, 'women'), men: input(y, 'men'), total: input(y, 'total') })),
      kind,
      rules,
    );
    years.forEach((year, i) => {
      for (const sex of SEX_ORDER) {
        const c = cellOf.get(`${year}|${sex}`);
        if (!c || input(year, sex) === null) continue;
        const d = disclosed[i]![sex];
        out.push({
          indicator: indicator.key,
          year,
          sex,
          ageBand: band === '' ? null : band,
          value: d.value,
          unitOfMeasure: indicator.unitOfMeasure,
          status: c.preliminary ? 'preliminary' : 'final',
          seriesBreak: c.seriesBreak,
          example: c.example,
          suppressed: d.suppressed,
        });
      }
    });
  }
  return out.sort((a, b) => a.year - b.year || (a.ageBand ?? '').localeCompare(b.ageBand ?? '') || SEX_ORDER.indexOf(a.sex) - SEX_ORDER.indexOf(b.sex));
}

function yearsOf(values: ReadonlyArray<{ year: number }>): OpenDataset['years'] {
  if (values.length === 0) return null;
  const ys = values.map((v) => v.year);
  return { first: Math.min(...ys), last: Math.max(...ys) };
}

/** The note under a table that may hold suppressed values, in the words of the locale files. */
export function disclosureNote(rules: DisclosureRules): { sv: string; en: string } {
  const note = (lang: 'sv' | 'en') => reportText(lang).t('reports.disclosure.openData', { threshold: String(rules.threshold), largestSmall: rules.threshold - 1 });
  return { sv: note('sv'), en: note('en') };
}

function disclosureOf(rules: DisclosureRules): OpenDataset['disclosure'] {
  return { threshold: rules.threshold, mark: SUPPRESSED_MARK, note: disclosureNote(rules) };
}

/**
 * One published indicator with its values, by the keys of its municipality, document series and
 * indicator (stable across versions). Not found when the municipality does not exist, or no adopted
 * (or superseded, or expired) version of the document has the indicator.
 */
export async function openDataset(db: Db, code: string, documentKey: string, indicatorKey: string, rules: DisclosureRules = DEFAULT_DISCLOSURE_RULES): Promise<OpenDataset> {
  const [p] = await loadPublishedIndicators(db, { code, documentKey, indicatorKey });
  if (!p) return notPublished(db, code, documentKey, indicatorKey);
  const cells = await loadYearlySeries(db, code, documentKey, ALL_YEARS);
  const values = publishedValues(cells, p.indicator, rules);
  return { ...p, license: CC0, disclosure: disclosureOf(rules), years: yearsOf(values), values };
}

/** The CSV distribution of an open dataset (src/io/open-data/csv.ts). */
export function openDatasetCsv(dataset: OpenDataset): string {
  return writeOpenDataCsv(dataset.values);
}

/** The file name a download of the dataset gets: `<code>-<document>-<indicator>.<ext>`. */
export function openDatasetFileName(code: string, documentKey: string, indicatorKey: string, ext: 'csv' | 'json'): string {
  return `${code}-${documentKey}-${indicatorKey}.${ext}`;
}

/** One published indicator as a DCAT-AP-SE dcat:Dataset in JSON-LD, with its @context. */
export async function openDatasetMetadata(db: Db, code: string, documentKey: string, indicatorKey: string, o: { baseUrl: string; rules?: DisclosureRules }): Promise<JsonLd> {
  const d = await openDataset(db, code, documentKey, indicatorKey, o.rules);
  return { '@context': CONTEXT, ...datasetJsonLd(d, { baseUrl: o.baseUrl, years: d.years, example: d.values.some((v) => v.example), note: d.disclosure.note.sv }) };
}

/**
 * The DCAT-AP-SE catalogue of every published indicator, as JSON-LD: of one municipality (its
 * publisher), or of all (then the catalogue has no publisher of its own; each dataset has one).
 * Temporal coverage is from the first to the last year with a value.
 */
export async function openDataCatalog(db: Db, o: { baseUrl: string; code?: string; rules?: DisclosureRules }): Promise<JsonLd> {
  const rules = o.rules ?? DEFAULT_DISCLOSURE_RULES;
  const municipality = o.code === undefined ? null : await getMunicipality(db, o.code);
  const published = await loadPublishedIndicators(db, o.code === undefined ? {} : { code: o.code });
  const series = new Map<string, PublishedIndicator[]>();
  for (const p of published) {
    const k = `${p.municipality.code}|${p.document.key}`;
    series.set(k, [...(series.get(k) ?? []), p]);
  }
  const datasets: JsonLd[] = [];
  for (const list of series.values()) {
    const first = list[0]!;
    const cells = await loadYearlySeries(db, first.municipality.code, first.document.key, ALL_YEARS);
    for (const p of list) {
      const withValue = cells.filter((c) => c.indicator === p.indicator.key && cellValue(c, p.indicator.unitOfMeasure) !== null);
      datasets.push(datasetJsonLd(p, { baseUrl: o.baseUrl, years: yearsOf(withValue), example: withValue.some((c) => c.example), note: disclosureNote(rules).sv }));
    }
  }
  const path = municipality ? `/api/v1/open-data/municipalities/${municipality.code}/catalog` : '/api/v1/open-data/catalog';
  return {
    '@context': CONTEXT,
    '@id': `${o.baseUrl}${path}`,
    '@type': 'dcat:Catalog',
    'dct:title': { '@language': 'sv', '@value': municipality ? `${municipality.name}: indikatorer i antagna styrdokument` : 'Indikatorer i antagna styrdokument' },
    'dct:description': {
      '@language': 'sv',
      '@value':
        `Varje indikator i den senast antagna versionen av ${municipality ? 'kommunens' : 'kommunernas'} styrdokument, med värden per år som CSV och JSON (lång form: ett tomt kön är totalen, en tom ålder alla åldrar). ` +
        disclosureNote(rules).sv,
    },
    ...(municipality ? { 'dct:publisher': publisher(municipality) } : {}),
    'dct:license': { '@id': CC0 },
    'dct:language': { '@id': 'http://publications.europa.eu/resource/authority/language/SWE' },
    'dcat:dataset': datasets,
  };
}

