import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_DISCLOSURE_RULES } from '../../domain/disclosure/suppression.ts';
import { openDataCatalog, openDataset, openDatasetCsv, openDatasetFileName, openDatasetMetadata } from '../../services/open-data/open-data.service.ts';
import { problemSchema } from '../../shared/api/common.ts';
import {
  openDataCatalog as catalogSchema,
  openDataCodeParams,
  openDataset as datasetSchema,
  openDatasetMetadata as metadataSchema,
  openDatasetParams,
} from '../../shared/api/open-data.ts';
import type { App } from '../app.ts';

/**
 * Open data: public, read-only, no authentication. Stable addresses by keys (municipality code,
 * document key, indicator key), never by database ids; absolute URLs in the catalogue are built from
 * the request's protocol and Host. Every value has passed disclosure control.
 */
const CACHE = 'public, max-age=3600';
const notFound = { description: 'Unknown municipality, document or indicator, or one that is not published', content: { 'application/problem+json': { schema: problemSchema.loose() } } };
const ldJson = <T>(schema: T, description: string) => ({ description, content: { 'application/ld+json': { schema } } });

/** The address this server is reached at, for the catalogue's absolute URIs. */
const baseUrl = (req: FastifyRequest) => `${req.protocol}://${req.host}`;
/** Set only once the answer is known: a 404 is not cached. */
const publicHeaders = (reply: FastifyReply) => reply.header('cache-control', CACHE).header('access-control-allow-origin', '*');

export function registerOpenDataRoutes(app: App): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['open-data'];
  const rules = () => ({ threshold: app.deps.disclosureThreshold ?? DEFAULT_DISCLOSURE_RULES.threshold });
  const jsonLd = 'application/ld+json; charset=utf-8';

  api.get(
    '/api/v1/open-data/catalog',
    {
      schema: {
        tags,
        summary: 'DCAT-AP-SE catalogue (JSON-LD) of every published indicator of every municipality: one dcat:Dataset each, with a CSV and a JSON distribution',
        response: { 200: ldJson(catalogSchema, 'The catalogue (dcat:Catalog)') },
      },
    },
    async (req, reply) => {
      const catalog = await openDataCatalog(db, { baseUrl: baseUrl(req), rules: rules() });
      return publicHeaders(reply).type(jsonLd).send(catalog);
    },
  );
  api.get(
    '/api/v1/open-data/municipalities/:code/catalog',
    { schema: { tags, summary: "DCAT-AP-SE catalogue (JSON-LD) of one municipality's published indicators, with the municipality as publisher", params: openDataCodeParams, response: { 200: ldJson(catalogSchema, 'The catalogue (dcat:Catalog)'), 404: notFound } } },
    async (req, reply) => {
      const catalog = await openDataCatalog(db, { baseUrl: baseUrl(req), code: req.params.code, rules: rules() });
      return publicHeaders(reply).type(jsonLd).send(catalog);
    },
  );
  api.get(
    '/api/v1/open-data/municipalities/:code/indicators/:documentKey/:indicatorKey',
    { schema: { tags, summary: 'One published indicator as a DCAT-AP-SE dcat:Dataset (JSON-LD)', params: openDatasetParams, response: { 200: ldJson(metadataSchema, 'The dataset (dcat:Dataset)'), 404: notFound } } },
    async (req, reply) => {
      const { code, documentKey, indicatorKey } = req.params;
      const metadata = await openDatasetMetadata(db, code, documentKey, indicatorKey, { baseUrl: baseUrl(req), rules: rules() });
      return publicHeaders(reply).type(jsonLd).send(metadata);
    },
  );
  api.get(
    '/api/v1/open-data/municipalities/:code/indicators/:documentKey/:indicatorKey.json',
    {
      schema: {
        tags,
        summary: 'One published indicator with its values in long form (JSON); a suppressed value is null with the reason',
        params: openDatasetParams,
        response: { 200: { description: 'The indicator and its values', content: { 'application/json': { schema: datasetSchema } } }, 404: notFound },
      },
    },
    async (req, reply) => {
      const { code, documentKey, indicatorKey } = req.params;
      const data = await openDataset(db, code, documentKey, indicatorKey, rules());
      return publicHeaders(reply)
        .type('application/json; charset=utf-8')
        .header('content-disposition', `inline; filename="${openDatasetFileName(code, documentKey, indicatorKey, 'json')}"`)
        .send(data);
    },
  );
  api.get(
    '/api/v1/open-data/municipalities/:code/indicators/:documentKey/:indicatorKey.csv',
    {
      schema: {
        tags,
        summary: 'One published indicator with its values in long form (CSV, UTF-8): a blank Sex is the total, a blank Age all ages; a suppressed value is empty with the reason in Suppressed',
        params: openDatasetParams,
        response: {
          200: { description: 'Indicator,Year,Sex,Age,Value,UnitOfMeasure,Status,SeriesBreak,Example,Suppressed; CRLF line ends, no BOM', content: { 'text/csv': { schema: z.string() } } },
          404: notFound,
        },
      },
    },
    async (req, reply) => {
      const { code, documentKey, indicatorKey } = req.params;
      const csv = openDatasetCsv(await openDataset(db, code, documentKey, indicatorKey, rules()));
      return (publicHeaders(reply) as FastifyReply)
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${openDatasetFileName(code, documentKey, indicatorKey, 'csv')}"`)
        .send(csv);
    },
  );
}
