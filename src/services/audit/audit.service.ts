import { sql } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { getMunicipality } from '../municipalities/municipalities.service.ts';
import type { Db } from '../strategy/document.repo.ts';

export { currentAuditContext, withAuditContext, type AuditContext } from '../../db/audit-context.ts';

/**
 * Reading the audit log (migration 007): who changed what, when and why, per entity, per document or
 * per municipality, newest first. The log itself is written by the database's trigger on every change.
 * A document's history includes the changes of its series' indicator values (migration 009: values
 * belong to the series, and the log carries the series of a value row).
 */

/** The entities (tables) the log covers, by the names the API uses. */
export const AUDIT_ENTITIES = [
  'municipality',
  'org_unit',
  'document',
  'section',
  'definition',
  'area',
  'goal',
  'strategy',
  'indicator',
  'target',
  'activity',
  'activity_responsible',
  'period',
  'indicator_value',
  'report',
  'report_event',
  'activity_follow_up',
  'goal_assessment',
  'consultation',
  'consultation_recipient',
  'consultation_comment',
  'report_job',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

export interface AuditEntryDto {
  id: string;
  at: string;
  municipalityCode: string | null;
  /** `user:<id>` for a signed-in person or machine client, `cli:<command>`, `system`, or `anonymous`. */
  actor: string;
  /** The user's name and e-mail address, when the actor is a user who still exists. */
  actorName: string | null;
  requestId: string | null;
  reason: string | null;
  entity: string;
  entityId: string;
  action: 'insert' | 'update' | 'delete';
  documentId: string | null;
  /** The fields that differ between before and after (all fields for an insert or a delete). */
  changed: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditFilter {
  municipality: string;
  entity?: AuditEntity;
  entityId?: string;
  documentId?: string;
  limit: number;
  offset: number;
}

const obj = (v: unknown): Record<string, unknown> | null => (v === null || v === undefined ? null : ((typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>));

/** Fields whose change is bookkeeping, not content. */
const BOOKKEEPING = new Set(['lock_version', 'updated_at']);

function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys].filter((k) => !BOOKKEEPING.has(k) && JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k])).sort();
}

export async function listAudit(db: Db, f: AuditFilter): Promise<{ items: AuditEntryDto[]; total: number; limit: number; offset: number }> {
  await getMunicipality(db, f.municipality);
  if (f.entityId && !f.entity) throw new DomainError('validation', 'Say which kind of entity the id is', { issues: [{ path: '/entity', message: 'is required with entityId' }] });
  let q = db.selectFrom('audit_log').where('municipality_code', '=', f.municipality);
  if (f.entity) q = q.where('entity', '=', f.entity);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.documentId) {
    // A document's history: its own rows and its items', and the values of its series (values belong to
    // every version of the document: audit_log.document_key), in the document's municipality.
    const doc = await db.selectFrom('document').select(['key', 'municipality_code']).where('id', '=', f.documentId).executeTakeFirst();
    q = doc
      ? q.where((eb) =>
          eb.or([
            eb('document_id', '=', f.documentId!),
            eb.and([eb('entity', '=', 'indicator_value'), sql<boolean>`document_key = ${doc.key}`, eb('municipality_code', '=', doc.municipality_code)]),
          ]),
        )
      : q.where('document_id', '=', f.documentId);
  }
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const userIds = [...new Set(rows.map((r) => /^user:([0-9a-f-]{36})$/.exec(r.actor)?.[1]).filter((x): x is string => x !== undefined))];
  const users = userIds.length ? await db.selectFrom('app_user').select(['id', 'display_name', 'email']).where('id', 'in', userIds).execute() : [];
  const names = new Map(users.map((u) => [`user:${u.id}`, `${u.display_name} <${u.email}>`]));
  return {
    items: rows.map((r) => {
      const before = obj(r.before);
      const after = obj(r.after);
      return {
        id: String(r.id),
        at: new Date(r.at).toISOString(),
        municipalityCode: r.municipality_code,
        actor: r.actor,
        actorName: names.get(r.actor) ?? null,
        requestId: r.request_id,
        reason: r.reason,
        entity: r.entity,
        entityId: r.entity_id,
        action: r.action as AuditEntryDto['action'],
        documentId: r.document_id,
        changed: changedFields(before, after),
        before,
        after,
      };
    }),
    total: Number(count.n),
    limit: f.limit,
    offset: f.offset,
  };
}

/** The number of rows in the log (for tests and health checks). */
export async function countAudit(db: Db): Promise<number> {
  const r = await db.selectFrom('audit_log').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
