import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UNIT_TYPES } from '../../domain/strategy/types.ts';
import {
  createMunicipality,
  deleteMunicipality,
  getMunicipality,
  listMunicipalities,
  renameMunicipality,
} from '../../services/municipalities/municipalities.service.ts';
import { createUnit, deleteUnit, getUnit, listUnits, updateUnit } from '../../services/organisation/organisation.service.ts';
import { municipalityCode, page, uuid } from '../../shared/api/common.ts';
import { deleteQuery, municipalityCreate, municipalityPatch, unitCreate, unitPatch, unitQuery } from '../../shared/api/requests.ts';
import type { App } from '../app.ts';
import { expectedVersion, withEtag } from '../versioning.ts';

const municipalityDto = z.object({
  code: z.string(),
  name: z.string(),
  lockVersion: z.number().int(),
  documentCount: z.number().int(),
  unitCount: z.number().int(),
});
const unitDto = z.object({
  id: z.string(),
  municipalityCode: z.string(),
  name: z.string(),
  type: z.enum(UNIT_TYPES),
  parentId: z.string().nullable(),
  lockVersion: z.number().int(),
});
const codeParams = z.strictObject({ code: municipalityCode });
const idParams = z.strictObject({ id: uuid });

export function registerMunicipalityRoutes(app: App): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['municipalities'];
  api.get('/api/v1/municipalities', { schema: { tags, summary: 'All municipalities (tenants)', response: { 200: z.array(municipalityDto) } } }, async () => listMunicipalities(db));
  api.post('/api/v1/municipalities', { schema: { tags, summary: 'Add a municipality', body: municipalityCreate, response: { 201: municipalityDto } } }, async (req, reply) =>
    reply.code(201).send(withEtag(reply, await createMunicipality(db, req.body))),
  );
  api.get('/api/v1/municipalities/:code', { schema: { tags, params: codeParams, response: { 200: municipalityDto } } }, async (req, reply) =>
    withEtag(reply, await getMunicipality(db, req.params.code)),
  );
  api.patch('/api/v1/municipalities/:code', { schema: { tags, summary: 'Rename a municipality', params: codeParams, body: municipalityPatch, response: { 200: municipalityDto } } }, async (req, reply) =>
    withEtag(reply, await renameMunicipality(db, req.params.code, req.body.name, expectedVersion(req, req.body.lockVersion))),
  );
  api.delete('/api/v1/municipalities/:code', { schema: { tags, summary: 'Delete an empty municipality', params: codeParams, querystring: deleteQuery } }, async (req, reply) => {
    await deleteMunicipality(db, req.params.code, expectedVersion(req, req.query.lockVersion));
    return reply.code(204).send();
  });

  const otags = ['organisation'];
  api.get('/api/v1/municipalities/:code/units', { schema: { tags: otags, summary: 'The organisation: council, board, committees, administrations, units', params: codeParams, querystring: unitQuery, response: { 200: page(unitDto) } } }, async (req) =>
    listUnits(db, req.params.code, req.query),
  );
  api.post('/api/v1/municipalities/:code/units', { schema: { tags: otags, params: codeParams, body: unitCreate, response: { 201: unitDto } } }, async (req, reply) =>
    reply.code(201).send(withEtag(reply, await createUnit(db, req.params.code, req.body))),
  );
  api.get('/api/v1/units/:id', { schema: { tags: otags, params: idParams, response: { 200: unitDto } } }, async (req, reply) => withEtag(reply, await getUnit(db, req.params.id)));
  api.patch('/api/v1/units/:id', { schema: { tags: otags, params: idParams, body: unitPatch, response: { 200: unitDto } } }, async (req, reply) => {
    const { lockVersion, ...patch } = req.body;
    return withEtag(reply, await updateUnit(db, req.params.id, patch, expectedVersion(req, lockVersion)));
  });
  api.delete('/api/v1/units/:id', { schema: { tags: otags, params: idParams, querystring: deleteQuery } }, async (req, reply) => {
    await deleteUnit(db, req.params.id, expectedVersion(req, req.query.lockVersion));
    return reply.code(204).send();
  });
}
