import { z } from 'zod';
import { REPORT_FORMATS, REPORT_KINDS, REPORT_LANGS } from '../../domain/reports/kinds.ts';
import { isoDate, text, uuid, year } from './common.ts';

/** Requests and responses of the generated documents (report jobs) and their HTML preview. */

export const JOB_STATUS_VALUES = ['queued', 'running', 'done', 'failed'] as const;

const lines = (max: number) => z.array(text(2000)).max(max);

export const proposalInput = z.strictObject({
  committee: text(200).optional().describe('The proposing committee; by default the committee above the administration named in the document’s owner'),
  administration: text(200).optional().describe('The administration that writes the proposal'),
  date: isoDate.optional().describe('Date of the proposal; today by default'),
  caseNumber: text(100).optional().describe('Diarienummer; the document’s by default'),
  title: text(300).optional(),
  route: lines(5).optional().describe('The bodies the proposal goes to, in order (Kommunstyrelsen, Kommunfullmäktige)'),
  proposals: lines(20).optional().describe('The numbered proposals ("Anta integrationsstrategin för Tyresö kommun.")'),
  description: lines(50).optional().describe('Paragraphs of the case description'),
  signatures: z.array(text(100)).max(6).optional().describe('Roles that sign (never names of officials)'),
});

export const reportJobCreate = z.strictObject({
  kind: z.enum(REPORT_KINDS),
  format: z.enum(REPORT_FORMATS),
  lang: z.enum(REPORT_LANGS).default('sv'),
  year: year.optional().describe('Required for follow-up; for an action plan, the year whose status is shown'),
  documentId: uuid.optional().describe('The strategy, action plan or proposed document; the municipality’s main one by default'),
  proposal: proposalInput.optional(),
});

export const reportPreviewQuery = z.strictObject({
  kind: z.enum(REPORT_KINDS),
  lang: z.enum(REPORT_LANGS).default('sv'),
  year: z.coerce.number().int().min(1900).max(2200).optional(),
  documentId: uuid.optional(),
});

export const reportJobDto = z.object({
  id: z.string(),
  municipalityCode: z.string(),
  kind: z.enum(REPORT_KINDS),
  format: z.enum(REPORT_FORMATS),
  lang: z.enum(REPORT_LANGS),
  status: z.enum(JOB_STATUS_VALUES),
  progress: z.number().int(),
  stage: z.string().nullable(),
  attempts: z.number().int(),
  error: z.object({ title: z.string(), detail: z.string().nullable() }).nullable(),
  fileName: z.string().nullable(),
  contentType: z.string().nullable(),
  size: z.number().int().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Where the file is when the job is done. */
  fileUrl: z.string().nullable(),
});

export type ReportJobCreate = z.infer<typeof reportJobCreate>;
export type ReportJobView = z.infer<typeof reportJobDto>;
