import { sql } from 'kysely';
import { withAllTenants } from '../../db/audit-context.ts';
import { decide, type Action, type Decision, type Principal, type Resource } from '../../domain/access/policy.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Db } from '../strategy/document.repo.ts';

/** The statuses of a document version that are public records: adopted, and later replaced or expired. */
export const PUBLISHED_STATUSES = ['adopted', 'superseded', 'expired'] as const;

/** The content tables whose rows belong to a document. */
export const ITEM_TABLES = ['section', 'definition', 'area', 'goal', 'strategy', 'indicator', 'target', 'activity'] as const;
export type ItemTable = (typeof ITEM_TABLES)[number];

/** What a request is about, named by what it carries (a path parameter, a field of its body). */
export type ResourceRef =
  | { kind: 'none' }
  | { kind: 'municipality'; code: string; /** The request may create it (an import that brings its municipality): instance administrators only. */ createIfMissing?: boolean }
  | { kind: 'document'; id: string; unitId?: string | undefined }
  | { kind: 'item'; table: ItemTable; id: string }
  | { kind: 'unit'; id: string }
  | { kind: 'period'; id: string }
  | { kind: 'report'; id: string }
  | { kind: 'value'; id: string }
  | { kind: 'consultation'; id: string; unitId?: string | undefined }
  | { kind: 'consultationComment'; id: string }
  | { kind: 'reportJob'; id: string };

/**
 * Finds whose a resource is (municipality, unit and the units above it, whether it is published), or
 * null when there is no such resource. Runs across tenants: it is what decides which tenant the rest
 * of the request may see.
 */
export async function resolveResource(db: Db, ref: ResourceRef): Promise<Resource | null> {
  return withAllTenants(async () => {
    switch (ref.kind) {
      case 'none':
        return null;
      case 'municipality': {
        const m = await db.selectFrom('municipality').select('code').where('code', '=', ref.code).executeTakeFirst();
        return m ? { municipalityCode: m.code } : null;
      }
      case 'document': {
        const d = await db.selectFrom('document').select(['municipality_code', 'status']).where('id', '=', ref.id).executeTakeFirst();
        return d ? withUnit(db, { municipalityCode: d.municipality_code, published: isPublished(d.status) }, ref.unitId) : null;
      }
      case 'item': {
        const d = await db
          .selectFrom(`${ref.table} as i` as 'section as i')
          .innerJoin('document as d', 'd.id', 'i.document_id')
          .select(['d.municipality_code', 'd.status'])
          .where('i.id', '=', ref.id)
          .executeTakeFirst();
        return d ? { municipalityCode: d.municipality_code, published: isPublished(d.status) } : null;
      }
      case 'unit': {
        const u = await db.selectFrom('org_unit').select('municipality_code').where('id', '=', ref.id).executeTakeFirst();
        return u ? { municipalityCode: u.municipality_code, unitPath: await unitPath(db, ref.id), published: true } : null;
      }
      case 'period': {
        const p = await db.selectFrom('period').select('municipality_code').where('id', '=', ref.id).executeTakeFirst();
        return p ? { municipalityCode: p.municipality_code } : null;
      }
      case 'report': {
        const r = await db.selectFrom('report').select(['municipality_code', 'unit_id']).where('id', '=', ref.id).executeTakeFirst();
        return r ? { municipalityCode: r.municipality_code, unitPath: await unitPath(db, r.unit_id) } : null;
      }
      case 'value': {
        // A value belongs to its municipality, and to its unit when it has one.
        const v = await db.selectFrom('indicator_value').select(['municipality_code', 'unit_id']).where('id', '=', ref.id).executeTakeFirst();
        return v ? { municipalityCode: v.municipality_code, ...(v.unit_id ? { unitPath: await unitPath(db, v.unit_id) } : {}) } : null;
      }
      case 'consultation': {
        const c = await db.selectFrom('consultation').select('municipality_code').where('id', '=', ref.id).executeTakeFirst();
        return c ? withUnit(db, { municipalityCode: c.municipality_code }, ref.unitId) : null;
      }
      case 'consultationComment': {
        const c = await db.selectFrom('consultation_comment').select(['municipality_code', 'unit_id']).where('id', '=', ref.id).executeTakeFirst();
        return c ? { municipalityCode: c.municipality_code, unitPath: await unitPath(db, c.unit_id) } : null;
      }
      case 'reportJob': {
        const j = await db.selectFrom('report_job').select('municipality_code').where('id', '=', ref.id).executeTakeFirst();
        return j ? { municipalityCode: j.municipality_code } : null;
      }
    }
  });
}

function isPublished(status: string): boolean {
  return (PUBLISHED_STATUSES as readonly string[]).includes(status);
}

/** A unit named in a request's body: its path when it is a unit of the same municipality, else an empty path (covered by no unit grant). */
async function withUnit(db: Db, r: Resource, unitId: string | undefined): Promise<Resource> {
  if (!unitId) return r;
  const u = await db.selectFrom('org_unit').select('municipality_code').where('id', '=', unitId).executeTakeFirst();
  return { ...r, unitPath: u?.municipality_code === r.municipalityCode ? await unitPath(db, unitId) : [] };
}

/** The unit and every unit above it, nearest first. */
export async function unitPath(db: Db, unitId: string): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from org_unit where id = ${unitId}
      union all
      select u.id, u.parent_id, up.depth + 1 from org_unit u join up on u.id = up.parent_id where up.depth < 50
    )
    select id from up order by depth`.execute(db);
  return rows.rows.map((r) => r.id);
}

export interface AccessOutcome {
  decision: Decision | 'missing';
  resource: Resource | null;
}

/**
 * Decides whether the principal may take the action on the resource, and throws the error that says
 * why not: 401 to sign in, 403 when the role does not reach, 404 when the resource does not exist or
 * belongs to a municipality the principal has no part in (so its existence is not disclosed).
 */
export async function authorize(db: Db, principal: Principal, action: Action, ref: ResourceRef): Promise<AccessOutcome> {
  const resource = await resolveResource(db, ref);
  if (ref.kind === 'municipality' && ref.createIfMissing && !resource) {
    return { decision: decide(principal, 'instance.manage'), resource: { municipalityCode: ref.code } };
  }
  if (ref.kind !== 'none' && !resource) return { decision: 'missing', resource: null };
  return { decision: decide(principal, action, resource ?? undefined), resource };
}

export function accessError(outcome: AccessOutcome, action: Action): DomainError | null {
  switch (outcome.decision) {
    case 'allow':
      return null;
    case 'unauthenticated':
      return new DomainError('unauthenticated', 'Sign in to do this');
    case 'forbidden':
      return new DomainError('forbidden', `Your role does not allow this (${action})`, { details: { action } });
    case 'hidden':
    case 'missing':
      return new DomainError('not_found', 'Nothing is found here');
  }
}
