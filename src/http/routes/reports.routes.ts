import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_DISCLOSURE_RULES } from '../../domain/disclosure/suppression.ts';
import { reportData, reportHtml } from '../../services/reports/generate.ts';
import { createReportJob, getReportFile, getReportJob, listReportJobs, type ReportJobDto } from '../../services/reports/report-jobs.service.ts';
import { municipalityCode, uuid } from '../../shared/api/common.ts';
import { reportJobCreate, reportJobDto, reportPreviewQuery, type ReportJobView } from '../../shared/api/reports.ts';
import type { App } from '../app.ts';

const codeParams = z.strictObject({ code: municipalityCode });
const idParams = z.strictObject({ id: uuid });

const view = (j: ReportJobDto): ReportJobView => {
  const { request: _request, ...rest } = j;
  return { ...rest, fileUrl: j.status === 'done' ? `/api/v1/report-jobs/${j.id}/file` : null };
};

/** RFC 6266: an ASCII fallback and the UTF-8 name. */
const disposition = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Generated documents: queue a report, follow its progress, download it; and the report as a web page. */
export function registerReportRoutes(app: App): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['reports'];

  api.post(
    '/api/v1/municipalities/:code/report-jobs',
    {
      schema: {
        tags,
        summary: 'Ask for a generated document (the yearly follow-up, the action plan, a decision proposal) in DOCX, PDF or XLSX; it is made in the background',
        params: codeParams,
        body: reportJobCreate,
        response: { 202: reportJobDto },
      },
    },
    async (req, reply) => {
      const { proposal, documentId, year, ...rest } = req.body;
      const job = await createReportJob(db, { ...rest, municipality: req.params.code, year: year ?? null, documentId: documentId ?? null, proposal: proposal ?? null });
      app.deps.onReportQueued?.();
      return reply.code(202).header('location', `/api/v1/report-jobs/${job.id}`).send(view(job));
    },
  );
  api.get(
    '/api/v1/municipalities/:code/report-jobs',
    { schema: { tags, summary: "The municipality's latest report jobs, newest first", params: codeParams, response: { 200: z.array(reportJobDto) } } },
    async (req) => (await listReportJobs(db, req.params.code)).map(view),
  );
  api.get(
    '/api/v1/report-jobs/:id',
    { schema: { tags, summary: 'A report job: its status and progress (0–100), and where the file is when done', params: idParams, response: { 200: reportJobDto } } },
    async (req, reply) => reply.header('cache-control', 'no-store').send(view(await getReportJob(db, req.params.id))),
  );
  api.get(
    '/api/v1/report-jobs/:id/file',
    { schema: { tags, summary: 'The finished document (409 while the job is not done)', params: idParams } },
    async (req, reply) => {
      const file = await getReportFile(db, req.params.id);
      return reply.header('content-type', file.contentType).header('content-disposition', disposition(file.fileName)).header('cache-control', 'private, max-age=3600').send(file.data);
    },
  );
  api.get(
    '/api/v1/municipalities/:code/report-preview',
    {
      schema: {
        tags,
        summary: 'The report as a web page: the same HTML the PDF is printed from',
        params: codeParams,
        querystring: reportPreviewQuery,
        produces: ['text/html'],
      },
    },
    async (req, reply) => {
      const q = req.query;
      const report = await reportData(db, { municipality: req.params.code, kind: q.kind, format: 'pdf', lang: q.lang, year: q.year ?? null, documentId: q.documentId ?? null }, { rules: { threshold: app.deps.disclosureThreshold ?? DEFAULT_DISCLOSURE_RULES.threshold } });
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        // The report page has no scripts and fetches nothing: the strictest policy fits it.
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'")
        .send(await reportHtml(report, q.lang));
    },
  );
}
