import { z } from 'zod';
import {
  ACTIVITY_STATUSES,
  BUNDLE_FORMAT,
  COMPARATORS,
  DOCUMENT_FORMAT,
  DOCUMENT_STATUSES,
  DOCUMENT_TYPES,
  FREQUENCIES,
  INDICATOR_UNITS,
  RECURRENCES,
  SECTION_KINDS,
  SEXES,
  SOURCE_KINDS,
  UNIT_TYPES,
  type Bundle,
  type DocumentExport,
} from '../../domain/strategy/types.ts';
import { isoDate, key, municipalityCode, optionalText, text, year } from './common.ts';

/**
 * The interchange format `samspel/document@1`, used by export, import, the demo data and backups.
 * Absent optional fields mean an empty cell; export always writes every field, so that
 * export → import → export is byte-identical.
 */

export const municipalitySchema = z.strictObject({ code: municipalityCode, name: text(200) });

export const orgUnitSchema = z.strictObject({
  name: text(200),
  type: z.enum(UNIT_TYPES),
  parent: optionalText(200),
});

export const documentMetaSchema = z.strictObject({
  key,
  version: z.number().int().min(1).max(10_000).default(1),
  type: z.enum(DOCUMENT_TYPES),
  typeLabel: optionalText(100),
  title: text(300),
  subtitle: optionalText(500),
  status: z.enum(DOCUMENT_STATUSES).default('draft'),
  appliesTo: optionalText(500),
  adoptedBy: z.strictObject({ body: text(200), paragraph: optionalText(100) }).nullable().default(null),
  decisionDate: isoDate.nullable().default(null),
  caseNumber: optionalText(100),
  owner: optionalText(200),
  validFrom: isoDate.nullable().default(null),
  validUntil: isoDate.nullable().default(null),
  validIndefinitely: z.boolean().default(false),
  implements: key.nullable().default(null),
  goalLevels: z.array(text(100)).max(6).default(['Mål']),
  note: optionalText(2000),
});

export const sectionSchema = z.strictObject({
  key,
  kind: z.enum(SECTION_KINDS),
  title: optionalText(300),
  body: text(50_000),
});

export const definitionSchema = z.strictObject({ key, term: text(200), text: text(5000), note: optionalText(1000) });

export const areaSchema = z.strictObject({ key, name: text(200), description: optionalText(20_000) });

export const goalSchema = z.strictObject({
  key,
  area: key.nullable().default(null),
  parent: key.nullable().default(null),
  level: z.number().int().min(1).max(6).default(1),
  title: text(2000),
  description: optionalText(20_000),
  ownerUnit: optionalText(200),
});

export const strategySchema = z.strictObject({
  key,
  area: key.nullable().default(null),
  goal: key.nullable().default(null),
  text: text(5000),
});

export const ageBand = z.string().regex(/^(\d{1,3})-(\d{1,3}|)$/, 'must be an age band such as 16-64, or 65- for open-ended');

export const indicatorSchema = z.strictObject({
  key,
  area: key.nullable().default(null),
  goal: key.nullable().default(null),
  name: text(500),
  definition: optionalText(5000),
  unitOfMeasure: z.enum(INDICATOR_UNITS),
  sourceKind: z.enum(SOURCE_KINDS).default('own'),
  sourceRef: optionalText(300),
  sexes: z.array(z.enum(SEXES)).min(1).default(['total']),
  ageBands: z.array(ageBand).default([]),
  population: optionalText(500),
  frequency: z.enum(FREQUENCIES).default('yearly'),
  footnotes: z.array(text(2000)).default([]),
  headline: z.strictObject({ sex: z.enum(SEXES), ageBand: ageBand.nullable().default(null) }).nullable().default(null),
  gapThreshold: z.number().finite().nonnegative().nullable().default(null),
});

/**
 * Files written before the unit of measure got its own name (`unit`, which now means only an
 * organisation unit) still import: `unit` on an indicator is read as `unitOfMeasure`. Applied to a
 * document or a bundle before it is validated (the import routes, the CLI, the demo loader), so the
 * schemas themselves stay plain and describe the current format both ways (request and response).
 */
export function upgradeLegacyInterchange(raw: unknown): unknown {
  const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
  const indicator = (x: unknown): unknown => {
    if (!isObject(x) || x.unit === undefined || 'unitOfMeasure' in x) return x;
    const { unit, ...rest } = x;
    return { ...rest, unitOfMeasure: unit };
  };
  const content = (x: unknown): unknown => (isObject(x) && Array.isArray(x.indicators) ? { ...x, indicators: x.indicators.map(indicator) } : x);
  if (!isObject(raw)) return raw;
  if (Array.isArray(raw.documents)) return { ...raw, documents: raw.documents.map(content) };
  return content(raw);
}

export const targetSchema = z.strictObject({
  key,
  goal: key,
  indicator: key.nullable().default(null),
  comparator: z.enum(COMPARATORS),
  value: z.number().finite().nullable().default(null),
  targetYear: year.nullable().default(null),
  recurrence: z.enum(RECURRENCES).default('once'),
  baseline: z.strictObject({ value: z.number().finite(), year }).nullable().default(null),
  referenceIndicator: key.nullable().default(null),
  ageBand: ageBand.nullable().default(null),
  sex: z.enum(SEXES).nullable().default(null),
  unitOfMeasure: z.enum(INDICATOR_UNITS).nullable().default(null),
  statement: text(2000),
});

export const responsibleSchema = z.strictObject({
  unit: optionalText(200),
  role: optionalText(200),
  lead: z.boolean().default(false),
});

export const activitySchema = z.strictObject({
  key,
  area: key.nullable().default(null),
  goal: key.nullable().default(null),
  problem: optionalText(5000),
  description: optionalText(5000),
  responsible: z.array(responsibleSchema).max(20).default([]),
  responsibleText: optionalText(1000),
  timelineText: optionalText(500),
  start: isoDate.nullable().default(null),
  end: isoDate.nullable().default(null),
  followUpText: optionalText(5000),
  status: z.enum(ACTIVITY_STATUSES).default('planned'),
});

const contentShape = {
  sections: z.array(sectionSchema).max(500).default([]),
  definitions: z.array(definitionSchema).max(500).default([]),
  areas: z.array(areaSchema).max(200).default([]),
  goals: z.array(goalSchema).max(2000).default([]),
  strategies: z.array(strategySchema).max(2000).default([]),
  indicators: z.array(indicatorSchema).max(2000).default([]),
  targets: z.array(targetSchema).max(2000).default([]),
  activities: z.array(activitySchema).max(5000).default([]),
};

export const documentExportSchema = z.strictObject({
  format: z.literal(DOCUMENT_FORMAT),
  municipality: municipalitySchema,
  organisation: z.array(orgUnitSchema).max(2000).default([]),
  document: documentMetaSchema,
  ...contentShape,
});

export const bundleSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  municipality: municipalitySchema,
  organisation: z.array(orgUnitSchema).max(2000).default([]),
  documents: z.array(z.strictObject({ document: documentMetaSchema, ...contentShape })).max(100).default([]),
});

// The zod output types must be the domain types: a drift between the two fails the typecheck.
export const documentExportCheck: z.ZodType<DocumentExport, z.input<typeof documentExportSchema>> = documentExportSchema;
export const bundleCheck: z.ZodType<Bundle, z.input<typeof bundleSchema>> = bundleSchema;
