import type { DisclosureRules } from '../../domain/disclosure/suppression.ts';
import { DomainError } from '../../domain/errors.ts';
import { FORMATS_OF } from '../../domain/reports/kinds.ts';
import { CONTENT_TYPES, type AnyReport, type ReportFormat, type ReportKind } from '../../io/reports/model.ts';
import { htmlToPdf, pageFooter } from '../../io/reports/pdf.ts';
import { reportText, type ReportLang } from '../../io/reports/text.ts';
import { closeRenderPool, renderFile, renderHtml } from '../../io/reports/render-pool.ts';
import type { Db } from '../strategy/document.repo.ts';
import { actionPlanReportData, followUpReportData, proposalReportData, type Clock, type ProposalRequest } from './report-data.service.ts';

/**
 * One generated document from a request: gather the data, lay it out in the format, and say how far
 * it has come on the way (the job's progress bar, the CLI's output).
 */

export interface ReportRequest {
  municipality: string;
  kind: ReportKind;
  format: ReportFormat;
  lang: ReportLang;
  /** follow-up: required; action-plan: by default the last full year or the plan's last valid year. */
  year?: number | null;
  documentId?: string | null;
  /** The proposal's own texts (tjänsteskrivelse); what is left out is taken from the document. */
  proposal?: Omit<ProposalRequest, 'municipality' | 'documentId'> | null;
}

export interface GeneratedReport {
  fileName: string;
  contentType: string;
  data: Buffer;
}

export type Progress = (percent: number, stage: 'data' | 'layout' | 'print' | 'store') => Promise<void> | void;

export interface RenderOptions {
  rules: DisclosureRules;
  chromiumPath?: string;
  /** Lay out in this thread, not in the worker threads (a one-shot command such as the CLI's report). */
  inThisThread?: boolean;
}

/** Refuses a request that cannot be made, before any work (a 400 at the API, exit 64 at the CLI). */
export function checkReportRequest(req: ReportRequest): void {
  const issues: Array<{ path: string; message: string }> = [];
  if (!FORMATS_OF[req.kind].includes(req.format)) issues.push({ path: '/format', message: `A ${req.kind} report is made as ${FORMATS_OF[req.kind].join(', ')}, not ${req.format}` });
  if (req.kind === 'follow-up' && (req.year === undefined || req.year === null)) issues.push({ path: '/year', message: 'A follow-up report needs the year it follows up' });
  if (req.kind === 'proposal' && !req.documentId) issues.push({ path: '/documentId', message: 'A decision proposal needs the document it proposes to adopt' });
  if (issues.length > 0) throw new DomainError('validation', 'The report cannot be made as asked', { issues });
}

/** The data of a report, as the renderers take it. */
export async function reportData(db: Db, req: ReportRequest, opts: RenderOptions, clock: Clock = {}): Promise<AnyReport> {
  checkReportRequest(req);
  switch (req.kind) {
    case 'follow-up':
      return followUpReportData(db, { municipality: req.municipality, year: req.year!, documentId: req.documentId ?? null, rules: opts.rules }, clock);
    case 'action-plan':
      return actionPlanReportData(db, { municipality: req.municipality, documentId: req.documentId ?? null, year: req.year ?? null }, clock);
    case 'proposal':
      return proposalReportData(db, { ...(req.proposal ?? {}), municipality: req.municipality, documentId: req.documentId! }, clock);
  }
}

/** The report as an HTML page: what the web app shows, and what the PDF is printed from (laid out in a worker thread). */
export function reportHtml(report: AnyReport, lang: ReportLang): Promise<string> {
  return renderHtml(report, lang);
}

/** Lays a report out in a format: in a worker thread (src/io/reports/render-pool.ts); a PDF is then printed by Chromium. */
export async function renderReport(report: AnyReport, format: ReportFormat, lang: ReportLang, opts: RenderOptions): Promise<Buffer> {
  if (format === 'pdf') {
    const html = await renderHtml(report, lang, opts.inThisThread);
    return htmlToPdf(html, { landscape: report.kind === 'action-plan', footer: pageFooter(reportText(lang)), ...(opts.chromiumPath ? { chromiumPath: opts.chromiumPath } : {}) });
  }
  if (report.kind === 'proposal' && format === 'xlsx') {
    throw new DomainError('validation', 'A decision proposal is not made as a spreadsheet', { issues: [{ path: '/format', message: 'Choose docx or pdf' }] });
  }
  return renderFile(report, format, lang, opts.inThisThread);
}

/** Stops the layout threads: at server shutdown and at the end of a CLI command (they also stop after a minute idle). */
export const closeRenderers = closeRenderPool;

/** A file name a person recognises: "uppfoljning-2025-ostersund.pdf". */
export function reportFileName(report: AnyReport, format: ReportFormat): string {
  const slug = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60);
  const place = slug(report.municipality.name);
  const base =
    report.kind === 'follow-up' ? `uppfoljning-${report.year}-${place}` : report.kind === 'action-plan' ? `handlingsplan-${place}-${report.year}` : `tjansteskrivelse-${place}-${slug(report.document.key)}`;
  return `${base}.${format}`;
}

/** Makes the whole document, reporting progress at each stage. */
export async function generateReport(db: Db, req: ReportRequest, opts: RenderOptions, progress: Progress = () => {}, clock: Clock = {}): Promise<GeneratedReport> {
  await progress(5, 'data');
  const report = await reportData(db, req, opts, clock);
  await progress(35, 'layout');
  const data = await renderReport(report, req.format, req.lang, opts);
  await progress(90, 'store');
  return { fileName: reportFileName(report, req.format), contentType: CONTENT_TYPES[req.format], data };
}
