import { actionPlanDocx, followUpDocx, proposalDocx } from './docx.ts';
import { actionPlanHtml, followUpHtml, proposalHtml } from './html.ts';
import type { AnyReport } from './model.ts';
import { reportText, type ReportLang } from './text.ts';
import { actionPlanXlsx, followUpXlsx } from './xlsx.ts';

/**
 * Lays a report's data out: the CPU-bound half of making a document, which runs in a worker thread
 * (render-pool.ts) so that the server keeps answering while a large report is made.
 */

/** The report as an HTML page: what the web app shows, and what the PDF is printed from. */
export function reportHtml(report: AnyReport, lang: ReportLang): string {
  const text = reportText(lang);
  switch (report.kind) {
    case 'follow-up':
      return followUpHtml(report, text);
    case 'action-plan':
      return actionPlanHtml(report, text);
    case 'proposal':
      return proposalHtml(report, text);
  }
}

/** A DOCX or XLSX file of the report. */
export async function reportFile(report: AnyReport, format: 'docx' | 'xlsx', lang: ReportLang): Promise<Buffer> {
  const text = reportText(lang);
  if (format === 'docx') {
    if (report.kind === 'follow-up') return followUpDocx(report, text);
    if (report.kind === 'action-plan') return actionPlanDocx(report, text);
    return proposalDocx(report, text);
  }
  if (report.kind === 'follow-up') return followUpXlsx(report, text);
  if (report.kind === 'action-plan') return actionPlanXlsx(report, text);
  // generate.ts refuses this request before any layout (a DomainError does not cross a worker thread).
  throw new Error('A decision proposal is not made as a spreadsheet');
}
