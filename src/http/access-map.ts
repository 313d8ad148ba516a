import type { FastifyRequest } from 'fastify';
import type { Action } from '../domain/access/policy.ts';
import type { ItemTable, ResourceRef } from '../services/auth/access.service.ts';

/**
 * Who may call each route: the action it takes (src/domain/access/policy.ts) and the resource the
 * request names. One table, so it can be read at a glance and a route that is missing from it is
 * refused (403) and fails the access-matrix test (test/security/access-matrix.test.ts).
 */
export interface AccessRule {
  action: Action;
  resource: (req: FastifyRequest) => ResourceRef;
}

type Req = FastifyRequest & { params: Record<string, string>; body: Record<string, unknown> | undefined };
const p = (req: FastifyRequest, name: string) => (req as Req).params[name] ?? '';
const b = (req: FastifyRequest, name: string) => {
  const v = (req as Req).body?.[name];
  return typeof v === 'string' ? v : undefined;
};

const none = (): ResourceRef => ({ kind: 'none' });
const municipality = (req: FastifyRequest): ResourceRef => ({ kind: 'municipality', code: p(req, 'code') });
const newOrExistingMunicipality = (req: FastifyRequest): ResourceRef => ({ kind: 'municipality', code: p(req, 'code'), createIfMissing: true });
const document = (req: FastifyRequest): ResourceRef => ({ kind: 'document', id: p(req, 'id') });
const documentForBodyUnit = (req: FastifyRequest): ResourceRef => ({ kind: 'document', id: p(req, 'id'), unitId: b(req, 'unitId') });
const unit = (req: FastifyRequest): ResourceRef => ({ kind: 'unit', id: p(req, 'id') });
const period = (req: FastifyRequest): ResourceRef => ({ kind: 'period', id: p(req, 'id') });
const report = (req: FastifyRequest): ResourceRef => ({ kind: 'report', id: p(req, 'id') });
const value = (req: FastifyRequest): ResourceRef => ({ kind: 'value', id: p(req, 'id') });
const consultation = (req: FastifyRequest): ResourceRef => ({ kind: 'consultation', id: p(req, 'id') });
const consultationForBodyUnit = (req: FastifyRequest): ResourceRef => ({ kind: 'consultation', id: p(req, 'id'), unitId: b(req, 'unitId') });
const comment = (req: FastifyRequest): ResourceRef => ({ kind: 'consultationComment', id: p(req, 'id') });
const reportJob = (req: FastifyRequest): ResourceRef => ({ kind: 'reportJob', id: p(req, 'id') });
const item = (table: ItemTable) => (req: FastifyRequest): ResourceRef => ({ kind: 'item', table, id: p(req, 'itemId') });

const rule = (action: Action, resource: AccessRule['resource']): AccessRule => ({ action, resource });

const ITEMS: Array<[plural: string, table: ItemTable]> = [
  ['sections', 'section'],
  ['definitions', 'definition'],
  ['areas', 'area'],
  ['goals', 'goal'],
  ['strategies', 'strategy'],
  ['indicators', 'indicator'],
  ['targets', 'target'],
  ['activities', 'activity'],
];

export const ACCESS: Record<string, AccessRule> = {
  // The instance and the public
  'GET /api/v1/health': rule('public.read', none),
  'GET /api/v1/openapi.json': rule('public.read', none),
  'GET /api/v1/municipalities': rule('public.read', none),
  'POST /api/v1/municipalities': rule('instance.manage', none),
  'POST /api/v1/import': rule('instance.manage', none),
  'GET /api/v1/municipalities/:code': rule('public.read', municipality),
  'PATCH /api/v1/municipalities/:code': rule('municipality.manage', municipality),
  'DELETE /api/v1/municipalities/:code': rule('instance.manage', municipality),
  // The organisation is public (who is responsible is part of every published plan); only administrators change it.
  'GET /api/v1/municipalities/:code/units': rule('public.read', municipality),
  'POST /api/v1/municipalities/:code/units': rule('municipality.manage', municipality),
  'GET /api/v1/units/:id': rule('public.read', unit),
  'PATCH /api/v1/units/:id': rule('municipality.manage', unit),
  'DELETE /api/v1/units/:id': rule('municipality.manage', unit),
  // Steering documents: published versions are public; drafts are internal; strategists edit.
  'GET /api/v1/documents': rule('public.read', none),
  'GET /api/v1/municipalities/:code/documents': rule('public.read', municipality),
  'POST /api/v1/municipalities/:code/documents': rule('document.edit', municipality),
  'GET /api/v1/municipalities/:code/document-series/:key/in-force': rule('public.read', municipality),
  'POST /api/v1/municipalities/:code/documents/import': rule('document.edit', newOrExistingMunicipality),
  'GET /api/v1/documents/:id': rule('document.read', document),
  'PATCH /api/v1/documents/:id': rule('document.edit', document),
  'DELETE /api/v1/documents/:id': rule('document.edit', document),
  'GET /api/v1/documents/:id/tree': rule('document.read', document),
  'GET /api/v1/documents/:id/export': rule('document.read', document),
  'GET /api/v1/documents/:id/compare': rule('document.read', document),
  'POST /api/v1/documents/:id/consultation': rule('document.edit', document),
  'POST /api/v1/documents/:id/return-to-draft': rule('document.edit', document),
  'POST /api/v1/documents/:id/expire': rule('document.edit', document),
  'POST /api/v1/documents/:id/adopt': rule('document.edit', document),
  'POST /api/v1/documents/:id/revise': rule('document.edit', document),
  ...Object.fromEntries(
    ITEMS.flatMap(([plural, table]) => [
      [`GET /api/v1/documents/:id/${plural}`, rule('document.read', document)],
      [`POST /api/v1/documents/:id/${plural}`, rule('document.edit', document)],
      [`GET /api/v1/${plural}/:itemId`, rule('document.read', item(table))],
      [`PATCH /api/v1/${plural}/:itemId`, rule('document.edit', item(table))],
      [`DELETE /api/v1/${plural}/:itemId`, rule('document.edit', item(table))],
    ]),
  ),
  // Follow-up: internal; reporters work in their own unit's report, strategists review and manage.
  'GET /api/v1/municipalities/:code/periods': rule('internal.read', municipality),
  'POST /api/v1/municipalities/:code/periods': rule('followup.manage', municipality),
  'GET /api/v1/periods/:id': rule('internal.read', period),
  'POST /api/v1/periods/:id/close': rule('followup.manage', period),
  'POST /api/v1/periods/:id/open': rule('followup.manage', period),
  'GET /api/v1/documents/:id/values': rule('internal.read', document),
  'POST /api/v1/documents/:id/values': rule('followup.manage', document),
  'POST /api/v1/documents/:id/values/import': rule('followup.manage', document),
  // One value: as its document's values (read by the municipality's staff, written by its strategists).
  'GET /api/v1/values/:id': rule('internal.read', value),
  'PATCH /api/v1/values/:id': rule('followup.manage', value),
  'DELETE /api/v1/values/:id': rule('followup.manage', value),
  'GET /api/v1/documents/:id/values.csv': rule('internal.read', document),
  'GET /api/v1/documents/:id/values.xlsx': rule('internal.read', document),
  'GET /api/v1/documents/:id/compilation': rule('internal.read', document),
  'GET /api/v1/documents/:id/reports': rule('internal.read', document),
  'POST /api/v1/documents/:id/reports': rule('followup.enter', documentForBodyUnit),
  'GET /api/v1/reports/:id': rule('internal.read', report),
  'PUT /api/v1/reports/:id/activities/:activityId': rule('followup.enter', report),
  'PUT /api/v1/reports/:id/goals/:goalId': rule('followup.enter', report),
  'PUT /api/v1/reports/:id/values': rule('followup.enter', report),
  'POST /api/v1/reports/:id/submit': rule('followup.enter', report),
  'POST /api/v1/reports/:id/return': rule('followup.review', report),
  'POST /api/v1/reports/:id/approve': rule('followup.review', report),
  'POST /api/v1/reports/:id/lock': rule('followup.review', report),
  'POST /api/v1/reports/:id/reopen': rule('followup.review', report),
  // Consultation (remiss): strategists send and decide; the recipient units comment and answer.
  'POST /api/v1/documents/:id/consultations': rule('consultation.manage', document),
  'GET /api/v1/documents/:id/consultations': rule('internal.read', document),
  'GET /api/v1/municipalities/:code/consultations': rule('internal.read', municipality),
  'GET /api/v1/consultations/:id': rule('internal.read', consultation),
  'PATCH /api/v1/consultations/:id': rule('consultation.manage', consultation),
  'POST /api/v1/consultations/:id/comments': rule('consultation.respond', consultationForBodyUnit),
  'POST /api/v1/consultations/:id/answers': rule('consultation.respond', consultationForBodyUnit),
  // Deciding on a comment (accepted, partly accepted, rejected, with a reply) is the strategist's, not the unit's that wrote it.
  'PATCH /api/v1/consultation-comments/:id': rule('consultation.manage', comment),
  'DELETE /api/v1/consultation-comments/:id': rule('consultation.respond', comment),
  'POST /api/v1/consultations/:id/close': rule('consultation.manage', consultation),
  'GET /api/v1/consultations/:id/compilation': rule('internal.read', consultation),
  // Open data: public by definition, every number through disclosure control.
  'GET /api/v1/open-data/catalog': rule('public.read', none),
  'GET /api/v1/open-data/municipalities/:code/catalog': rule('public.read', municipality),
  'GET /api/v1/open-data/municipalities/:code/indicators/:documentKey/:indicatorKey': rule('public.read', municipality),
  'GET /api/v1/open-data/municipalities/:code/indicators/:documentKey/:indicatorKey.json': rule('public.read', municipality),
  'GET /api/v1/open-data/municipalities/:code/indicators/:documentKey/:indicatorKey.csv': rule('public.read', municipality),
  // Generated reports: from internal data, so for the municipality's own staff.
  'POST /api/v1/municipalities/:code/report-jobs': rule('report.generate', municipality),
  'GET /api/v1/municipalities/:code/report-jobs': rule('internal.read', municipality),
  'GET /api/v1/report-jobs/:id': rule('internal.read', reportJob),
  'GET /api/v1/report-jobs/:id/file': rule('internal.read', reportJob),
  'GET /api/v1/municipalities/:code/report-preview': rule('internal.read', municipality),
  'GET /api/v1/municipalities/:code/audit': rule('audit.read', municipality),
  // Accounts
  'POST /api/v1/auth/login': rule('public.read', none),
  'POST /api/v1/auth/logout': rule('public.read', none),
  'GET /api/v1/auth/session': rule('public.read', none),
  'GET /api/v1/auth/oidc/login': rule('public.read', none),
  'GET /api/v1/auth/oidc/callback': rule('public.read', none),
  'GET /api/v1/auth/tokens': rule('account.read', none),
  'POST /api/v1/auth/tokens': rule('account.write', none),
  'POST /api/v1/auth/tokens/:id/revoke': rule('account.write', none),
  'POST /api/v1/auth/password': rule('account.write', none),
  'GET /api/v1/municipalities/:code/users': rule('users.read', municipality),
  'POST /api/v1/municipalities/:code/users': rule('users.manage', municipality),
  'POST /api/v1/municipalities/:code/users/:userId/grants': rule('users.manage', municipality),
  'POST /api/v1/municipalities/:code/grants/:grantId/revoke': rule('users.manage', municipality),
};
