import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONTENT_KINDS, type ContentKind } from '../../domain/strategy/types.ts';
import { createItem, deleteItem, getItem, listItems, singular, updateItem } from '../../services/strategy/items.service.ts';
import { page, uuid } from '../../shared/api/common.ts';
import { ITEM_SCHEMAS, deleteQuery, itemCreate, itemPatch, itemQuery } from '../../shared/api/requests.ts';
import type { App } from '../app.ts';
import { expectedVersion, withEtag } from '../versioning.ts';

const stored = { id: z.string(), lockVersion: z.number().int(), position: z.number().int(), documentId: z.string() };

/** The same five routes for each kind of document content (sections … activities). */
export function registerItemRoutes(app: App): void {
  const { db } = app.deps;
  for (const kind of CONTENT_KINDS) registerKind(app, db, kind);
}

function registerKind(app: App, db: App['deps']['db'], kind: ContentKind): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['content'];
  const dto = ITEM_SCHEMAS[kind].extend(stored);
  const one = singular(kind);
  const docParams = z.strictObject({ id: uuid });
  const itemParams = z.strictObject({ itemId: uuid });
  const createBody = itemCreate(kind);
  const patchBody = itemPatch(kind);

  api.get(`/api/v1/documents/:id/${kind}`, { schema: { tags, summary: `The ${kind} of a document, filtered and paginated`, params: docParams, querystring: itemQuery, response: { 200: page(dto) } } }, async (req) =>
    listItems(db, req.params.id, kind, req.query),
  );
  api.post(`/api/v1/documents/:id/${kind}`, { schema: { tags, summary: `Add a ${one} to a draft`, params: docParams, body: createBody, response: { 201: dto } } }, async (req, reply) => {
    const { position, ...input } = req.body as { position?: number } & Record<string, unknown>;
    return reply.code(201).send(withEtag(reply, await createItem(db, req.params.id, kind, input as never, position)));
  });
  api.get(`/api/v1/${kind}/:itemId`, { schema: { tags, params: itemParams, response: { 200: dto } } }, async (req, reply) => withEtag(reply, await getItem(db, kind, req.params.itemId)));
  api.patch(`/api/v1/${kind}/:itemId`, { schema: { tags, summary: `Edit or move a ${one}`, params: itemParams, body: patchBody, response: { 200: dto } } }, async (req, reply) => {
    const { lockVersion, position, ...patch } = req.body as { lockVersion?: number; position?: number } & Record<string, unknown>;
    return withEtag(reply, await updateItem(db, kind, req.params.itemId, patch as never, expectedVersion(req, lockVersion), position));
  });
  api.delete(
    `/api/v1/${kind}/:itemId`,
    { schema: { tags, summary: `Delete a ${one} nothing refers to`, params: itemParams, querystring: deleteQuery } },
    async (req, reply) => {
      await deleteItem(db, kind, req.params.itemId, expectedVersion(req, req.query.lockVersion));
      return reply.code(204).send();
    },
  );
}
