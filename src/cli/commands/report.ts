import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { openMigrated } from '../../db/open-db.ts';
import { FORMATS_OF, REPORT_KINDS, REPORT_LANGS } from '../../domain/reports/kinds.ts';
import { closeRenderers, generateReport, type ReportRequest } from '../../services/reports/generate.ts';

type Out = { log: (s: string) => void; error: (s: string) => void };
type Values = { out?: string | undefined; municipality?: string | undefined; year?: string | undefined; format?: string | undefined; document?: string | undefined; lang?: string | undefined };

/**
 * `samspel report follow-up|action-plan|proposal …`: the same document the web app's report job makes,
 * written straight to a file, with its progress on standard error. Nothing is written when it fails.
 */
export async function reportCommand(config: Config, kind: string | undefined, v: Values, out: Out, usage: (msg: string) => number): Promise<number> {
  if (!kind || !(REPORT_KINDS as readonly string[]).includes(kind)) return usage(`report needs one of: ${REPORT_KINDS.join(', ')}`);
  const k = kind as ReportRequest['kind'];
  const problems: string[] = [];
  if (!v.municipality || !/^\d{4}$/.test(v.municipality)) problems.push('--municipality must be a four-digit municipality code, such as 2380');
  const formats = FORMATS_OF[k];
  if (!v.format || !(formats as readonly string[]).includes(v.format)) problems.push(`--format must be ${formats.join(', ')}`);
  if (!v.out) problems.push('--out must name the file to write');
  let year: number | null = null;
  if (v.year !== undefined) {
    if (!/^\d{4}$/.test(v.year)) problems.push('--year must be a year, such as 2025');
    else year = Number(v.year);
  } else if (k === 'follow-up') problems.push('--year is required for a follow-up report');
  if (v.document !== undefined && !/^[0-9a-f-]{36}$/i.test(v.document)) problems.push('--document must be a document id (a UUID, as GET /api/v1/documents lists)');
  if (k === 'proposal' && !v.document) problems.push('--document is required for a proposal');
  const lang = v.lang ?? 'sv';
  if (!(REPORT_LANGS as readonly string[]).includes(lang)) problems.push(`--lang must be ${REPORT_LANGS.join(' or ')}`);
  if (problems.length > 0) return usage(problems.join('\n'));

  const req: ReportRequest = { municipality: v.municipality!, kind: k, format: v.format as ReportRequest['format'], lang: lang as ReportRequest['lang'], year, documentId: v.document ?? null };
  const db = await openMigrated(config.database);
  try {
    const file = await generateReport(db.db, req, { rules: { threshold: config.reports.disclosureThreshold }, chromiumPath: config.reports.chromiumPath, inThisThread: true }, (percent, stage) => out.error(`${String(percent).padStart(3)} % ${stage}`));
    // Written beside the target and renamed into place, so a failure never leaves half a file.
    const target = path.resolve(v.out!);
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, file.data);
    fs.renameSync(tmp, target);
    out.error('100 % done');
    out.log(`Wrote ${file.fileName.replace(/\.\w+$/, '')} (${(file.data.length / 1024).toFixed(0)} KB) to ${v.out}`);
    return 0;
  } finally {
    await closeRenderers();
    await db.close();
  }
}
