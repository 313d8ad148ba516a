import type { AnyReport } from './model.ts';
import { reportFile, reportHtml } from './render.ts';
import type { ReportLang } from './text.ts';

/** One task of the render pool (render-pool.ts): the report's data in, the laid-out page or file out. */
export interface RenderTask {
  report: AnyReport;
  format: 'html' | 'docx' | 'xlsx';
  lang: ReportLang;
}

export default async function render(task: RenderTask): Promise<string | Uint8Array> {
  if (task.format === 'html') return reportHtml(task.report, task.lang);
  const file = await reportFile(task.report, task.format, task.lang);
  // A copy the size of the file itself, handed over without another copy.
  return new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
}
