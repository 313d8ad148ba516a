import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addComment,
  answerConsultation,
  closeConsultation,
  compileConsultationAnswers,
  decideComment,
  getConsultation,
  listConsultations,
  listMunicipalityConsultations,
  sendToConsultation,
  updateConsultation,
  withdrawComment,
} from '../../services/consultation/consultation.service.ts';
import { municipalityCode, uuid } from '../../shared/api/common.ts';
import {
  answerBody,
  closeBody,
  commentCreate,
  consultationCommentDto,
  consultationCompilationDto,
  consultationCreate,
  consultationDto,
  consultationPatch,
  consultationSummaryDto,
  consultationsQuery,
  decisionBody,
} from '../../shared/api/consultation.ts';
import { deleteQuery } from '../../shared/api/requests.ts';
import type { App } from '../app.ts';
import { expectedVersion, withEtag } from '../versioning.ts';

const idParams = z.strictObject({ id: uuid });

/** Consultation (remiss): send a draft to units, their comments and answers, decisions, closing, the compilation. */
export function registerConsultationRoutes(app: App): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['consultation'];

  api.post(
    '/api/v1/documents/:id/consultations',
    {
      schema: {
        tags,
        summary: 'Send a draft out for consultation (remiss) to chosen units, with a deadline; the document moves to consultation',
        params: idParams,
        body: consultationCreate,
        response: { 201: consultationDto },
      },
    },
    async (req, reply) => {
      const { lockVersion, ...input } = req.body;
      return reply.code(201).send(withEtag(reply, await sendToConsultation(db, req.params.id, input, expectedVersion(req, lockVersion))));
    },
  );
  api.get(
    '/api/v1/documents/:id/consultations',
    { schema: { tags, summary: "A document's consultations, newest first", params: idParams, response: { 200: z.array(consultationSummaryDto) } } },
    async (req) => listConsultations(db, req.params.id),
  );
  api.get(
    '/api/v1/municipalities/:code/consultations',
    {
      schema: {
        tags,
        summary: "A municipality's consultations, newest first: open or closed ones (status), or those sent to one unit (unitId)",
        params: z.strictObject({ code: municipalityCode }),
        querystring: consultationsQuery,
        response: { 200: z.array(consultationSummaryDto) },
      },
    },
    async (req) => listMunicipalityConsultations(db, req.params.code, req.query),
  );
  api.get(
    '/api/v1/consultations/:id',
    { schema: { tags, summary: 'A consultation with its recipients (answered or not) and every comment', params: idParams, response: { 200: consultationDto } } },
    async (req, reply) => withEtag(reply, await getConsultation(db, req.params.id)),
  );
  api.patch(
    '/api/v1/consultations/:id',
    { schema: { tags, summary: 'Change the deadline (extend it) or the message of an open consultation', params: idParams, body: consultationPatch, response: { 200: consultationDto } } },
    async (req, reply) => {
      const { lockVersion, ...patch } = req.body;
      return withEtag(reply, await updateConsultation(db, req.params.id, patch, expectedVersion(req, lockVersion)));
    },
  );
  api.post(
    '/api/v1/consultations/:id/comments',
    {
      schema: {
        tags,
        summary: "A recipient unit's comment on the whole document or on one item (by kind and key), before it answers and by the deadline",
        params: idParams,
        body: commentCreate,
        response: { 201: consultationCommentDto },
      },
    },
    async (req, reply) => reply.code(201).send(withEtag(reply, await addComment(db, req.params.id, req.body))),
  );
  api.post(
    '/api/v1/consultations/:id/answers',
    {
      schema: {
        tags,
        summary: "A recipient unit's answer (remissvar): its comments become final, or it says it has none (noComments)",
        params: idParams,
        body: answerBody,
        response: { 200: consultationDto },
      },
    },
    async (req, reply) => withEtag(reply, await answerConsultation(db, req.params.id, req.body)),
  );
  api.patch(
    '/api/v1/consultation-comments/:id',
    {
      schema: {
        tags,
        summary: 'Decide on a comment: accepted, partly_accepted or rejected, with a reply (required unless accepted)',
        params: idParams,
        body: decisionBody,
        response: { 200: consultationCommentDto },
      },
    },
    async (req, reply) => {
      const { lockVersion, ...input } = req.body;
      return withEtag(reply, await decideComment(db, req.params.id, input, expectedVersion(req, lockVersion)));
    },
  );
  api.delete(
    '/api/v1/consultation-comments/:id',
    { schema: { tags, summary: 'Withdraw a comment: the unit has not answered yet and the comment is not decided', params: idParams, querystring: deleteQuery } },
    async (req, reply) => {
      await withdrawComment(db, req.params.id, expectedVersion(req, req.query.lockVersion));
      return reply.code(204).send();
    },
  );
  api.post(
    '/api/v1/consultations/:id/close',
    {
      schema: {
        tags,
        summary: 'Close the consultation: after the deadline, or earlier when every unit has answered',
        params: idParams,
        body: closeBody,
        response: { 200: consultationDto },
      },
    },
    async (req, reply) => withEtag(reply, await closeConsultation(db, req.params.id, expectedVersion(req, req.body.lockVersion))),
  );
  api.get(
    '/api/v1/consultations/:id/compilation',
    {
      schema: {
        tags,
        summary: 'The remissammanställning: per target (the whole document first, then items in document order) the comments and decisions, counts, and the units that have not answered',
        params: idParams,
        response: { 200: consultationCompilationDto },
      },
    },
    async (req) => compileConsultationAnswers(db, req.params.id),
  );
}
