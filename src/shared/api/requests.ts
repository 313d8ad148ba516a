import { z } from 'zod';
import { ACTIVITY_STATUSES, CONTENT_KINDS, DOCUMENT_STATUSES, DOCUMENT_TYPES, UNIT_TYPES, type ContentKind } from '../../domain/strategy/types.ts';
import { isoDate, key, lockVersion, municipalityCode, optionalText, paginationQuery, text, uuid } from './common.ts';
import {
  activitySchema,
  areaSchema,
  definitionSchema,
  documentMetaSchema,
  goalSchema,
  indicatorSchema,
  sectionSchema,
  strategySchema,
  targetSchema,
} from './interchange.ts';

/** Request schemas of the HTTP API; responses reuse the interchange shapes plus ids and lock versions. */

/** The same fields, all optional and with no defaults: a PATCH changes only what it names. */
export function patchOf<T extends z.ZodRawShape>(shape: T) {
  const out: Record<string, z.ZodType> = {};
  for (const [k, v] of Object.entries(shape)) {
    const inner = v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType) : (v as z.ZodType);
    out[k] = inner.optional();
  }
  return out as { [K in keyof T]: z.ZodOptional<T[K] extends z.ZodDefault<infer I> ? I : T[K]> };
}

export const municipalityCreate = z.strictObject({ code: municipalityCode, name: text(200) });
export const municipalityPatch = z.strictObject({ name: text(200), lockVersion: lockVersion.optional() });
/** DELETE carries its version in If-Match or ?lockVersion=. */
export const deleteQuery = z.strictObject({ lockVersion: z.coerce.number().int().min(1).optional() });
export const lockOnly = z.strictObject({ lockVersion: lockVersion.optional() });

export const unitCreate = z.strictObject({ name: text(200), type: z.enum(UNIT_TYPES), parentId: uuid.nullable().default(null) });
export const unitPatch = z.strictObject({ ...patchOf(unitCreate.shape), lockVersion: lockVersion.optional() });
export const unitQuery = z.strictObject({ type: z.enum(UNIT_TYPES).optional(), parentId: uuid.optional(), ...paginationQuery });

const { status: _s, version: _v, ...metaShape } = documentMetaSchema.shape;
export const documentCreate = z.strictObject(metaShape);
export const documentPatch = z.strictObject({ ...patchOf(metaShape), lockVersion: lockVersion.optional() });
export const documentQuery = z.strictObject({
  municipality: municipalityCode.optional(),
  status: z.enum(DOCUMENT_STATUSES).optional(),
  type: z.enum(DOCUMENT_TYPES).optional(),
  key: key.optional(),
  ...paginationQuery,
});
export const municipalityDocumentQuery = documentQuery.omit({ municipality: true });

export const adoptBody = z.strictObject({
  lockVersion: lockVersion.optional(),
  adoptedBy: z.strictObject({ body: text(200), paragraph: optionalText(100) }),
  decisionDate: isoDate,
  caseNumber: optionalText(100).optional(),
  validFrom: isoDate.nullable().optional(),
  validUntil: isoDate.nullable().optional(),
  validIndefinitely: z.boolean().optional(),
});

export const expireBody = z.strictObject({ lockVersion: lockVersion.optional(), lastDay: isoDate.optional() });

export const compareQuery = z.strictObject({ with: uuid });
export const inForceQuery = z.strictObject({ date: isoDate });

export const ITEM_SCHEMAS = {
  sections: sectionSchema,
  definitions: definitionSchema,
  areas: areaSchema,
  goals: goalSchema,
  strategies: strategySchema,
  indicators: indicatorSchema,
  targets: targetSchema,
  activities: activitySchema,
} as const satisfies Record<ContentKind, z.ZodObject>;

const position = z.number().int().min(0).max(100_000).describe('0-based place in the list; the end by default');

/** Create: the interchange item, its key optional (made from the title), and an optional position. */
export function itemCreate(kind: ContentKind) {
  const shape = ITEM_SCHEMAS[kind].shape;
  return z.strictObject({ ...shape, key: key.optional(), position: position.optional() });
}

/** Update: any of the item's fields, a lockVersion (or If-Match), and an optional new position. */
export function itemPatch(kind: ContentKind) {
  return z.strictObject({ ...patchOf(ITEM_SCHEMAS[kind].shape), lockVersion: lockVersion.optional(), position: position.optional() });
}

export const itemQuery = z.strictObject({
  area: key.optional(),
  goal: key.optional(),
  status: z.enum(ACTIVITY_STATUSES).optional(),
  responsibleUnit: uuid.optional(),
  ...paginationQuery,
});

export { CONTENT_KINDS };
