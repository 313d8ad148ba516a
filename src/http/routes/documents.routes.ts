import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { DomainError } from '../../domain/errors.ts';
import {
  compareDocuments,
  createDocument,
  deleteDocument,
  documentInForce,
  exportDocument,
  getDocument,
  getTreeJson,
  importBundle,
  importDocument,
  listDocuments,
  reviseDocument,
  transitionDocument,
  updateDocument,
} from '../../services/strategy/documents.service.ts';
import { getMunicipality } from '../../services/municipalities/municipalities.service.ts';
import { accessError, authorize } from '../../services/auth/access.service.ts';
import { key, municipalityCode, page, uuid } from '../../shared/api/common.ts';
import { bundleSchema, documentExportSchema, documentMetaSchema, upgradeLegacyInterchange } from '../../shared/api/interchange.ts';
import {
  adoptBody,
  compareQuery,
  deleteQuery,
  expireBody,
  documentCreate,
  documentPatch,
  documentQuery,
  inForceQuery,
  lockOnly,
  municipalityDocumentQuery,
} from '../../shared/api/requests.ts';
import type { App } from '../app.ts';
import { missingUnitNames } from '../../services/organisation/organisation.service.ts';
import { expectedVersion, withEtag } from '../versioning.ts';

const documentDto = documentMetaSchema.extend({
  id: z.string(),
  municipalityCode: z.string(),
  lockVersion: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const idParams = z.strictObject({ id: uuid });
const codeParams = z.strictObject({ code: municipalityCode });
const importResult = z.object({ id: z.string(), key: z.string(), version: z.number().int(), outcome: z.enum(['created', 'replaced', 'unchanged']) });
const anyObject = z.looseObject({});

/** Files in the interchange format from before a field was renamed still import (upgradeLegacyInterchange). */
async function upgradeBody(req: { body: unknown }): Promise<void> {
  req.body = upgradeLegacyInterchange(req.body);
}

export function registerDocumentRoutes(app: App): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['documents'];
  const importLimit = app.deps.importBodyLimitBytes ?? 10 * 1024 * 1024;

  api.get('/api/v1/documents', { schema: { tags, summary: 'Steering documents, filtered and paginated', querystring: documentQuery, response: { 200: page(documentDto) } } }, async (req) =>
    listDocuments(db, { ...req.query, viewer: req.principal }),
  );
  api.get(
    '/api/v1/municipalities/:code/documents',
    { schema: { tags, summary: "A municipality's steering documents", params: codeParams, querystring: municipalityDocumentQuery, response: { 200: page(documentDto) } } },
    async (req) => {
      await getMunicipality(db, req.params.code);
      return listDocuments(db, { ...req.query, municipality: req.params.code, viewer: req.principal });
    },
  );
  api.post(
    '/api/v1/municipalities/:code/documents',
    { schema: { tags, summary: 'Start a new steering document (a draft)', params: codeParams, body: documentCreate, response: { 201: documentDto } } },
    async (req, reply) => reply.code(201).send(withEtag(reply, await createDocument(db, req.params.code, req.body))),
  );
  api.get(
    '/api/v1/municipalities/:code/document-series/:key/in-force',
    { schema: { tags, summary: 'The version of a document that was in force on a date', params: z.strictObject({ code: municipalityCode, key }), querystring: inForceQuery, response: { 200: documentDto } } },
    async (req, reply) => withEtag(reply, await documentInForce(db, req.params.code, req.params.key, req.query.date)),
  );
  api.post(
    '/api/v1/municipalities/:code/documents/import',
    {
      bodyLimit: importLimit,
      preValidation: upgradeBody,
      schema: { tags, summary: 'Import a document version (samspel/document@1), all or nothing', params: codeParams, body: documentExportSchema, response: { 200: importResult, 201: importResult } },
    },
    async (req, reply) => {
      if (req.body.municipality.code !== req.params.code) {
        throw new DomainError('validation', `The file is for municipality ${req.body.municipality.code}, not ${req.params.code}`, {
          issues: [{ path: '/municipality/code', message: `must be ${req.params.code}` }],
        });
      }
      // The route lets a strategist import documents; each thing the file would create is authorised as its own
      // route would be: new organisation units are an administrator's (POST /municipalities/:code/units).
      const newUnits = await missingUnitNames(db, req.params.code, req.body.organisation);
      if (newUnits.length > 0) {
        const outcome = await authorize(db, req.principal, 'municipality.manage', { kind: 'municipality', code: req.params.code, createIfMissing: true });
        if (outcome.decision === 'forbidden') {
          throw new DomainError('forbidden', `The file would create organisation units (${newUnits.join(', ')}); only an administrator may add units. Ask one to add them, or leave them out of the file's organisation`, {
            details: { action: 'municipality.manage', units: newUnits },
          });
        }
        const error = accessError(outcome, 'municipality.manage');
        if (error) throw error;
      }
      const result = await importDocument(db, req.body);
      return reply.code(result.outcome === 'created' ? 201 : 200).send(result);
    },
  );
  api.post(
    '/api/v1/import',
    {
      bodyLimit: importLimit,
      preValidation: upgradeBody,
      schema: {
        tags,
        summary: 'Import a municipality with its organisation and documents (samspel/bundle@1), all or nothing',
        body: bundleSchema,
        response: { 200: z.object({ municipality: z.object({ code: z.string(), name: z.string() }), documents: z.array(importResult) }) },
      },
    },
    async (req) => importBundle(db, req.body),
  );

  api.get('/api/v1/documents/:id', { schema: { tags, params: idParams, response: { 200: documentDto } } }, async (req, reply) => withEtag(reply, await getDocument(db, req.params.id)));
  api.patch('/api/v1/documents/:id', { schema: { tags, summary: "Edit a draft's metadata", params: idParams, body: documentPatch, response: { 200: documentDto } } }, async (req, reply) => {
    const { lockVersion, ...patch } = req.body;
    return withEtag(reply, await updateDocument(db, req.params.id, patch, expectedVersion(req, lockVersion)));
  });
  api.delete(
    '/api/v1/documents/:id',
    { schema: { tags, summary: 'Delete a draft', params: idParams, querystring: deleteQuery } },
    async (req, reply) => {
      await deleteDocument(db, req.params.id, expectedVersion(req, req.query.lockVersion));
      return reply.code(204).send();
    },
  );
  api.get(
    '/api/v1/documents/:id/tree',
    { schema: { tags, summary: 'The whole document, nested: areas → goals → targets …; ETag/If-None-Match for 304', params: idParams, response: { 200: anyObject, 304: z.null() } } },
    async (req, reply) => {
      const { json, etag } = await getTreeJson(db, req.params.id);
      reply.header('etag', etag).header('cache-control', 'no-cache');
      if (req.headers['if-none-match'] === etag) return reply.code(304).send(null);
      // Already serialized (and cached by its content stamp): sent as it is, past the response schema.
      return (reply as unknown as FastifyReply).type('application/json; charset=utf-8').send(json);
    },
  );
  api.get('/api/v1/documents/:id/export', { schema: { tags, summary: 'The document in the interchange format (samspel/document@1)', params: idParams, response: { 200: documentExportSchema } } }, async (req, reply) => {
    const data = await exportDocument(db, req.params.id);
    reply.header('content-disposition', `attachment; filename="${data.municipality.code}-${data.document.key}-v${data.document.version}.json"`);
    return data;
  });
  api.get('/api/v1/documents/:id/compare', { schema: { tags, summary: 'What changed between two versions, item by item', params: idParams, querystring: compareQuery, response: { 200: anyObject } } }, async (req) => {
    // The access rule covers :id only; the other version must be one the asker may read too (a draft is not public).
    const refused = accessError(await authorize(db, req.principal, 'document.read', { kind: 'document', id: req.query.with }), 'document.read');
    if (refused) throw refused;
    return (await compareDocuments(db, req.params.id, req.query.with)) as unknown as Record<string, unknown>;
  });

  const lifecycle = (path: string, action: 'send_to_consultation' | 'return_to_draft', summary: string) =>
    api.post(`/api/v1/documents/:id/${path}`, { schema: { tags, summary, params: idParams, body: lockOnly, response: { 200: documentDto } } }, async (req, reply) =>
      withEtag(reply, await transitionDocument(db, req.params.id, action, expectedVersion(req, req.body.lockVersion))),
    );
  lifecycle('consultation', 'send_to_consultation', 'Send a draft out for consultation (remiss)');
  lifecycle('return-to-draft', 'return_to_draft', 'Take a document back from consultation to draft');
  api.post(
    '/api/v1/documents/:id/expire',
    { schema: { tags, summary: 'Mark an adopted document as expired; lastDay (today by default) becomes its validUntil', params: idParams, body: expireBody, response: { 200: documentDto } } },
    async (req, reply) => withEtag(reply, await transitionDocument(db, req.params.id, 'expire', expectedVersion(req, req.body.lockVersion), undefined, req.body.lastDay)),
  );
  api.post('/api/v1/documents/:id/adopt', { schema: { tags, summary: 'Adopt: freezes this version, supersedes the previous one', params: idParams, body: adoptBody, response: { 200: documentDto } } }, async (req, reply) => {
    const { lockVersion, ...adoption } = req.body;
    return withEtag(reply, await transitionDocument(db, req.params.id, 'adopt', expectedVersion(req, lockVersion), adoption));
  });
  api.post('/api/v1/documents/:id/revise', { schema: { tags, summary: 'Start a new draft version from this one', params: idParams, body: lockOnly, response: { 201: documentDto } } }, async (req, reply) =>
    reply.code(201).send(withEtag(reply, await reviseDocument(db, req.params.id, expectedVersion(req, req.body.lockVersion)))),
  );
}
