import { z } from 'zod';
import { FREQUENCIES, INDICATOR_UNITS, SEXES, SOURCE_KINDS } from '../../domain/strategy/types.ts';
import { key, municipalityCode } from './common.ts';

/** The open data's paths: by the keys of the municipality, the document series and the indicator, never by database ids. */
export const openDataCodeParams = z.strictObject({ code: municipalityCode });
export const openDatasetParams = z.strictObject({ code: municipalityCode, documentKey: key, indicatorKey: key });

const suppressionReason = z.enum(['primary', 'derived', 'complementary']);

/** One value in the long form; a suppressed value is null with the reason in `suppressed`. */
export const openDataValue = z.object({
  indicator: z.string(),
  year: z.number().int(),
  sex: z.enum(SEXES).describe('total, women or men (in the CSV a blank Sex is the total)'),
  ageBand: z.string().nullable().describe('null: all ages'),
  value: z.number().nullable().describe('null when suppressed (printed tables show ..)'),
  unitOfMeasure: z.enum(INDICATOR_UNITS),
  status: z.enum(['preliminary', 'final']),
  seriesBreak: z.boolean(),
  example: z.boolean().describe('example data, not real statistics'),
  suppressed: suppressionReason.nullable().describe('why the value is not published (docs/methodology/disclosure.md)'),
});

export const openDataset = z.object({
  municipality: z.object({ code: z.string(), name: z.string() }),
  document: z.object({ key: z.string(), version: z.number().int(), title: z.string(), subtitle: z.string().nullable(), status: z.enum(['adopted', 'superseded', 'expired']) }),
  indicator: z.object({
    key: z.string(),
    name: z.string(),
    definition: z.string().nullable(),
    unitOfMeasure: z.enum(INDICATOR_UNITS),
    sourceKind: z.enum(SOURCE_KINDS),
    sourceRef: z.string().nullable(),
    sexes: z.array(z.enum(SEXES)),
    ageBands: z.array(z.string()),
    population: z.string().nullable(),
    frequency: z.enum(FREQUENCIES),
    footnotes: z.array(z.string()),
    headline: z.object({ sex: z.enum(SEXES), ageBand: z.string().nullable() }).nullable().describe('the sex and age band a chart and a summary show; null: the total and the first age band'),
    gapThreshold: z.number().nullable().describe('a women–men gap larger than this, in the indicator’s unit, is flagged'),
    area: z.string().nullable(),
  }),
  license: z.string(),
  disclosure: z.object({ threshold: z.number().int(), mark: z.string(), note: z.object({ sv: z.string(), en: z.string() }) }),
  years: z.object({ first: z.number().int(), last: z.number().int() }).nullable(),
  values: z.array(openDataValue),
});

/** DCAT-AP-SE in JSON-LD (prefixed names: dcat, dct, foaf, skos, xsd). */
const jsonLdDataset = z.looseObject({
  '@id': z.string(),
  '@type': z.literal('dcat:Dataset'),
  'dct:identifier': z.string(),
  'dct:title': z.looseObject({ '@language': z.string(), '@value': z.string() }),
  'dcat:distribution': z.array(z.looseObject({ '@id': z.string(), '@type': z.literal('dcat:Distribution') })),
});
export const openDataCatalog = z.looseObject({
  '@context': z.record(z.string(), z.string()),
  '@id': z.string(),
  '@type': z.literal('dcat:Catalog'),
  'dcat:dataset': z.array(jsonLdDataset),
});
export const openDatasetMetadata = jsonLdDataset.extend({ '@context': z.record(z.string(), z.string()) });
