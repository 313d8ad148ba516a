import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AUDIT_ENTITIES, listAudit } from '../../services/audit/audit.service.ts';
import { municipalityCode, paginationQuery, uuid } from '../../shared/api/common.ts';
import type { App } from '../app.ts';

const entry = z.object({
  id: z.string(),
  at: z.string(),
  municipalityCode: z.string().nullable(),
  actor: z.string(),
  actorName: z.string().nullable(),
  requestId: z.string().nullable(),
  reason: z.string().nullable(),
  entity: z.string(),
  entityId: z.string(),
  action: z.enum(['insert', 'update', 'delete']),
  documentId: z.string().nullable(),
  changed: z.array(z.string()),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});

/** The audit log, read per municipality, per document or per entity. */
export function registerAuditRoutes(app: App): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  api.get(
    '/api/v1/municipalities/:code/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Who changed what, when and why: every change to the municipality’s data, newest first; filter by entity, by entity and id, or by document',
        params: z.strictObject({ code: municipalityCode }),
        querystring: z.strictObject({
          entity: z.enum(AUDIT_ENTITIES).optional(),
          entityId: z.string().min(1).max(200).optional(),
          documentId: uuid.optional(),
          ...paginationQuery,
        }),
        response: { 200: z.object({ items: z.array(entry), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }) },
      },
    },
    async (req) => listAudit(db, { municipality: req.params.code, ...req.query }),
  );
}
