import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REPORT_ACTIONS } from '../../domain/follow-up/report-workflow.ts';
import { getPeriod, listPeriods, openYear, setPeriodStatus } from '../../services/follow-up/periods.service.ts';
import {
  createReport,
  getReport,
  listReports,
  putActivityFollowUp,
  putGoalAssessment,
  putReportValues,
  transitionReport,
} from '../../services/follow-up/reports.service.ts';
import { compile } from '../../services/follow-up/compilation.service.ts';
import { exportValueFile, importValueFile } from '../../services/follow-up/value-files.service.ts';
import { deleteValue, getValue, importValues, listValues, updateValue } from '../../services/follow-up/values.service.ts';
import { DomainError } from '../../domain/errors.ts';
import { municipalityCode, uuid } from '../../shared/api/common.ts';
import {
  activityFollowUpBody,
  compilationQuery,
  goalAssessmentBody,
  openYearBody,
  periodsQuery,
  reportCreate,
  reportTransitionBody,
  reportValuesBody,
  reportsQuery,
  valueFileBody,
  valuePatchBody,
  valuesBody,
  valuesQuery,
} from '../../shared/api/follow-up.ts';
import { deleteQuery, lockOnly } from '../../shared/api/requests.ts';
import type { App } from '../app.ts';
import { withExplanationText } from '../words.ts';
import { expectedVersion, withEtag } from '../versioning.ts';

const periodDto = z.object({
  id: z.string(),
  municipalityCode: z.string(),
  key: z.string(),
  kind: z.string(),
  year: z.number().int(),
  label: z.string(),
  start: z.string(),
  end: z.string(),
  status: z.enum(['open', 'closed']),
  lockVersion: z.number().int(),
});
const anyObject = z.looseObject({});
const idParams = z.strictObject({ id: uuid });
const codeParams = z.strictObject({ code: municipalityCode });

/** Strict base64: a file that is not valid base64 is the user's mistake (400), not a garbled import. */
function decodeBase64(content: string): Uint8Array {
  const clean = content.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) {
    throw new DomainError('validation', 'The XLSX content is not base64', { issues: [{ path: '/content', message: 'must be the file in base64' }] });
  }
  return new Uint8Array(Buffer.from(clean, 'base64'));
}

export function registerFollowUpRoutes(app: App): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['follow-up'];
  const asObject = (x: unknown) => x as Record<string, unknown>;

  api.get('/api/v1/municipalities/:code/periods', { schema: { tags, summary: 'Follow-up periods (years, interim periods …)', params: codeParams, querystring: periodsQuery, response: { 200: z.array(periodDto) } } }, async (req) =>
    listPeriods(db, req.params.code, req.query),
  );
  api.post('/api/v1/municipalities/:code/periods', { schema: { tags, summary: 'Open a year with the periods of a scheme (helår, delår, tertial, kvartal)', params: codeParams, body: openYearBody, response: { 201: z.array(periodDto) } } }, async (req, reply) =>
    reply.code(201).send(await openYear(db, req.params.code, req.body.year, req.body.scheme)),
  );
  api.get('/api/v1/periods/:id', { schema: { tags, params: idParams, response: { 200: periodDto } } }, async (req, reply) => withEtag(reply, await getPeriod(db, req.params.id)));
  for (const [path, status] of [['close', 'closed'], ['open', 'open']] as const) {
    api.post(`/api/v1/periods/:id/${path}`, { schema: { tags, summary: `${path === 'close' ? 'Close' : 'Reopen'} a period`, params: idParams, body: lockOnly, response: { 200: periodDto } } }, async (req, reply) =>
      withEtag(reply, await setPeriodStatus(db, req.params.id, status, expectedVersion(req, req.body.lockVersion))),
    );
  }

  api.get('/api/v1/documents/:id/values', { schema: { tags, summary: 'Indicator values in long form (blank dimension = total)', params: idParams, querystring: valuesQuery, response: { 200: z.array(anyObject) } } }, async (req) =>
    (await listValues(db, req.params.id, req.query)).map(asObject),
  );
  api.post(
    '/api/v1/documents/:id/values',
    {
      bodyLimit: app.deps.importBodyLimitBytes ?? 10 * 1024 * 1024,
      schema: {
        tags,
        summary:
          'Enter indicator values, all or nothing (row = position in the list, from 1). A row that changes a stored value names its lockVersion (409 with the current values when it is missing or stale); a row identical to the stored value writes nothing. Answers created, updated, unchanged, deleted and createdPeriods',
        params: idParams,
        body: valuesBody,
        response: { 200: anyObject },
      },
    },
    async (req) => asObject(await importValues(db, req.params.id, req.body.values.map((v, i) => ({ ...v, row: i + 1 })), { createPeriods: req.body.createPeriods })),
  );

  api.post(
    '/api/v1/documents/:id/values/import',
    {
      bodyLimit: app.deps.importBodyLimitBytes ?? 10 * 1024 * 1024,
      schema: {
        tags,
        summary:
          'Import values from a long-form CSV (text) or XLSX (base64) file, all or nothing, with every problem of the file and its rows in one answer. The Version column (written by the export) guards against overwriting newer values; replace: true overwrites whatever the version',
        params: idParams,
        body: valueFileBody,
        response: { 200: anyObject },
      },
    },
    async (req) => {
      const bytes = req.body.format === 'csv' ? new TextEncoder().encode(req.body.content) : decodeBase64(req.body.content);
      return asObject(await importValueFile(db, req.params.id, req.body.format, bytes, { replace: req.body.replace, createPeriods: req.body.createPeriods }));
    },
  );
  api.get('/api/v1/values/:id', { schema: { tags, summary: 'One indicator value, with its version (ETag)', params: idParams, response: { 200: anyObject } } }, async (req, reply) =>
    asObject(withEtag(reply, await getValue(db, req.params.id))),
  );
  api.patch(
    '/api/v1/values/:id',
    {
      schema: {
        tags,
        summary: 'Change one value (If-Match or lockVersion); refused when stale (409 with the current value), in a closed period or when the unit’s report is past draft',
        params: idParams,
        body: valuePatchBody,
        response: { 200: anyObject },
      },
    },
    async (req, reply) => {
      const { lockVersion, ...patch } = req.body;
      return asObject(withEtag(reply, await updateValue(db, req.params.id, patch, expectedVersion(req, lockVersion))));
    },
  );
  api.delete(
    '/api/v1/values/:id',
    { schema: { tags, summary: 'Delete one value (If-Match or ?lockVersion=); refused when stale, in a closed period or when the unit’s report is past draft', params: idParams, querystring: deleteQuery } },
    async (req, reply) => {
      await deleteValue(db, req.params.id, expectedVersion(req, req.query.lockVersion));
      return (reply as unknown as FastifyReply).code(204).send();
    },
  );
  for (const format of ['csv', 'xlsx'] as const) {
    api.get(`/api/v1/documents/:id/values.${format}`, { schema: { tags, summary: `The values as ${format.toUpperCase()} in long form`, params: idParams, querystring: valuesQuery } }, async (req, reply) => {
      const file = await exportValueFile(db, req.params.id, format, req.query);
      const type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      return (reply as unknown as FastifyReply)
        .type(type)
        .header('content-disposition', `attachment; filename="values-${req.params.id}.${format}"`)
        .send(typeof file === 'string' ? file : Buffer.from(file));
    });
  }

  api.get(
    '/api/v1/documents/:id/compilation',
    {
      schema: {
        tags,
        summary: 'The yearly compilation: per goal the committees’ assessments beside the computed status, target statuses with reasons, activities, gender gaps, stale data, units that have not reported',
        params: idParams,
        querystring: compilationQuery,
        response: { 200: anyObject },
      },
    },
    async (req) => {
      const { lang, ...opts } = req.query;
      return asObject(withExplanationText(await compile(db, req.params.id, opts), lang));
    },
  );

  api.get('/api/v1/documents/:id/reports', { schema: { tags, summary: "The units' reports on a document", params: idParams, querystring: reportsQuery, response: { 200: z.array(anyObject) } } }, async (req) =>
    (await listReports(db, req.params.id, req.query)).map(asObject),
  );
  api.post('/api/v1/documents/:id/reports', { schema: { tags, summary: "Start a unit's report for a period", params: idParams, body: reportCreate, response: { 201: anyObject } } }, async (req, reply) =>
    reply.code(201).send(asObject(withEtag(reply, await createReport(db, req.params.id, req.body)))),
  );
  api.get('/api/v1/reports/:id', { schema: { tags, params: idParams, response: { 200: anyObject } } }, async (req, reply) => asObject(withEtag(reply, await getReport(db, req.params.id))));
  api.put(
    '/api/v1/reports/:id/activities/:activityId',
    { schema: { tags, summary: "An activity's status, progress, comment and evidence", params: z.strictObject({ id: uuid, activityId: uuid }), body: activityFollowUpBody, response: { 200: anyObject } } },
    async (req, reply) => {
      const { lockVersion, ...input } = req.body;
      return asObject(withEtag(reply, await putActivityFollowUp(db, req.params.id, req.params.activityId, input, expectedVersion(req, lockVersion))));
    },
  );
  api.put(
    '/api/v1/reports/:id/goals/:goalId',
    { schema: { tags, summary: 'The narrative assessment of a goal', params: z.strictObject({ id: uuid, goalId: uuid }), body: goalAssessmentBody, response: { 200: anyObject } } },
    async (req, reply) => {
      const { lockVersion, ...input } = req.body;
      return asObject(withEtag(reply, await putGoalAssessment(db, req.params.id, req.params.goalId, input, expectedVersion(req, lockVersion))));
    },
  );
  api.put('/api/v1/reports/:id/values', { schema: { tags, summary: "The report's indicator values (its unit and period)", params: idParams, body: reportValuesBody, response: { 200: anyObject } } }, async (req, reply) =>
    asObject(withEtag(reply, await putReportValues(db, req.params.id, req.body.values.map((v, i) => ({ ...v, row: i + 1 })), expectedVersion(req, req.body.lockVersion)))),
  );
  for (const action of REPORT_ACTIONS) {
    api.post(`/api/v1/reports/:id/${action}`, { schema: { tags, summary: `${action[0]!.toUpperCase()}${action.slice(1)} the report`, params: idParams, body: reportTransitionBody, response: { 200: anyObject } } }, async (req, reply) => {
      const { lockVersion, ...input } = req.body;
      return asObject(withEtag(reply as unknown as FastifyReply, await transitionReport(db, req.params.id, action, input, expectedVersion(req, lockVersion))));
    });
  }
}
