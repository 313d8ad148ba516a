import { withAuditContext } from '../../db/audit-context.ts';
import { randomUUID } from 'node:crypto';
import { sql, type Updateable } from 'kysely';
import type { ReportJobTable } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ReportFormat, ReportKind } from '../../io/reports/model.ts';
import type { ReportLang } from '../../io/reports/text.ts';
import { getMunicipality } from '../municipalities/municipalities.service.ts';
import type { Db } from '../strategy/document.repo.ts';
import { getDocument } from '../strategy/documents.service.ts';
import { checkReportRequest, generateReport, type RenderOptions, type ReportRequest } from './generate.ts';

/**
 * Report jobs (migration 006): the web app and the API ask for a document and get a job back at once;
 * any app process's worker claims it with `for update skip locked`, writes its progress into the row
 * as it goes, and stores the file there. Several app instances in front of one PostgreSQL share the
 * queue; a process killed mid-job leaves a lease that runs out, and the job is claimed again.
 */

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ReportJobDto {
  id: string;
  municipalityCode: string;
  kind: ReportKind;
  format: ReportFormat;
  lang: ReportLang;
  request: ReportRequest;
  status: JobStatus;
  progress: number;
  stage: string | null;
  attempts: number;
  error: { title: string; detail: string | null } | null;
  fileName: string | null;
  contentType: string | null;
  size: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const COLUMNS = ['id', 'municipality_code', 'kind', 'format', 'lang', 'params', 'status', 'progress', 'stage', 'attempts', 'error', 'file_name', 'content_type', 'result_size', 'created_at', 'started_at', 'finished_at'] as const;

type JobRow = {
  id: string;
  municipality_code: string;
  kind: string;
  format: string;
  lang: string;
  params: unknown;
  status: string;
  progress: number;
  stage: string | null;
  attempts: number;
  error: unknown;
  file_name: string | null;
  content_type: string | null;
  result_size: number | null;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
};

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

function present(r: JobRow): ReportJobDto {
  return {
    id: r.id,
    municipalityCode: r.municipality_code,
    kind: r.kind as ReportKind,
    format: r.format as ReportFormat,
    lang: r.lang as ReportLang,
    request: json<ReportRequest>(r.params),
    status: r.status as JobStatus,
    progress: r.progress,
    stage: r.stage,
    attempts: r.attempts,
    error: r.error === null ? null : json<{ title: string; detail: string | null }>(r.error),
    fileName: r.file_name,
    contentType: r.content_type,
    size: r.result_size,
    createdAt: iso(r.created_at)!,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
  };
}

/** Queues a report. The request is checked now, so a job that cannot succeed is never queued. */
export async function createReportJob(db: Db, req: ReportRequest): Promise<ReportJobDto> {
  checkReportRequest(req);
  await getMunicipality(db, req.municipality);
  if (req.documentId) {
    const doc = await getDocument(db, req.documentId);
    // Answered as if there were no such document: another municipality's document is not the asker's to know of.
    if (doc.municipalityCode !== req.municipality) throw new DomainError('not_found', `There is no document with the id ${req.documentId}`, { details: { id: req.documentId } });
  }
  const row = await db
    .insertInto('report_job')
    .values({ municipality_code: req.municipality, kind: req.kind, format: req.format, lang: req.lang, params: JSON.stringify(req) })
    .returning([...COLUMNS])
    .executeTakeFirstOrThrow();
  return present(row as JobRow);
}

export async function getReportJob(db: Db, id: string): Promise<ReportJobDto> {
  const row = await db.selectFrom('report_job').select([...COLUMNS]).where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not_found', `There is no report job ${id}`, { details: { id } });
  return present(row as JobRow);
}

/** The municipality's recent jobs, newest first. */
export async function listReportJobs(db: Db, code: string, limit = 20): Promise<ReportJobDto[]> {
  await getMunicipality(db, code);
  const rows = await db.selectFrom('report_job').select([...COLUMNS]).where('municipality_code', '=', code).orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map((r) => present(r as JobRow));
}

/** The finished file; a conflict while the job is not done. */
export async function getReportFile(db: Db, id: string): Promise<{ fileName: string; contentType: string; data: Buffer }> {
  const row = await db.selectFrom('report_job').select(['status', 'file_name', 'content_type', 'result']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not_found', `There is no report job ${id}`, { details: { id } });
  if (row.status !== 'done' || !row.result) throw new DomainError('conflict', `Report job ${id} is ${row.status}; its file is there when it is done`, { details: { status: row.status } });
  return { fileName: row.file_name!, contentType: row.content_type!, data: Buffer.from(row.result) };
}

/** Deletes finished and failed jobs (and their files) older than the retention; returns how many. */
export async function purgeReportJobs(db: Db, retentionDays: number): Promise<number> {
  const r = await db
    .deleteFrom('report_job')
    .where('status', 'in', ['done', 'failed'])
    .where('finished_at', '<', sql<Date>`now() - ${`${retentionDays} days`}::interval`)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export interface WorkerOptions extends RenderOptions {
  /** How long a claimed job is this worker's before another may take it over. */
  leaseMs?: number;
  /** A job that failed this many times is not tried again. */
  maxAttempts?: number;
  /** Finished jobs and their files are kept this many days (7 by default). */
  retentionDays?: number;
  workerId?: string;
}

/**
 * Claims the oldest job that is queued, or running under a lease that has run out, and makes it.
 * Returns the job's id, or null when there was nothing to do.
 */
export async function runNextReportJob(db: Db, opts: WorkerOptions): Promise<string | null> {
  const worker = opts.workerId ?? randomUUID();
  const leaseMs = opts.leaseMs ?? 120_000;
  const maxAttempts = opts.maxAttempts ?? 3;
  const claimed = await sql<{ id: string; params: unknown; attempts: number }>`
    update report_job set status = 'running', worker = ${worker}, attempts = attempts + 1, progress = 0, stage = 'data',
      locked_until = now() + ${`${leaseMs} milliseconds`}::interval, started_at = coalesce(started_at, now())
    where id = (
      select id from report_job
      where status = 'queued' or (status = 'running' and locked_until < now())
      order by created_at
      for update skip locked
      limit 1
    )
    returning id, params, attempts`.execute(db);
  const job = claimed.rows[0];
  if (!job) return null;
  const req = json<ReportRequest>(job.params);
  // Only while the job is still this worker's: a worker whose lease ran out must not overwrite the next one's work.
  const mine = (values: Updateable<ReportJobTable>) => db.updateTable('report_job').set(values).where('id', '=', job.id).where('worker', '=', worker).where('status', '=', 'running').execute();
  try {
    if (job.attempts > maxAttempts) throw new DomainError('conflict', `The report was tried ${maxAttempts} times without finishing`);
    const file = await generateReport(db, req, opts, async (progress, stage) => {
      await mine({ progress, stage, locked_until: sql`now() + ${`${leaseMs} milliseconds`}::interval` as never });
    });
    await mine({ status: 'done', progress: 100, stage: null, result: file.data, result_size: file.data.length, file_name: file.fileName, content_type: file.contentType, finished_at: sql`now()` as never, locked_until: null });
  } catch (e) {
    const error = e instanceof DomainError ? { title: e.message, detail: e.issues.map((i) => `${i.path}: ${i.message}`).join('; ') || null } : { title: 'The report could not be made', detail: (e as Error).message.slice(0, 2000) };
    await mine({ status: 'failed', stage: null, error: JSON.stringify(error), finished_at: sql`now()` as never, locked_until: null });
  }
  return job.id;
}

/** Runs jobs until none is left (the CLI and the tests; the server uses startReportWorker). */
export async function drainReportJobs(db: Db, opts: WorkerOptions): Promise<number> {
  let n = 0;
  while (await runNextReportJob(db, opts)) n++;
  return n;
}

export interface ReportWorker {
  stop(): Promise<void>;
  /** Looks for work now instead of at the next poll (after a job is queued by this process). */
  wake(): void;
}

/** The server's background worker: polls the queue, one job at a time per process. */
export function startReportWorker(db: Db, opts: WorkerOptions & { pollMs?: number; onError?: (e: unknown) => void }): ReportWorker {
  const pollMs = opts.pollMs ?? 1000;
  const workerId = opts.workerId ?? `worker-${randomUUID()}`;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let purgedAt = 0;
  // The worker is the server's own work, whoever's request woke it: it sees every municipality's queue
  // (row-level security) and its writes are the system's in the audit log.
  const tick = () => withAuditContext({ actor: 'system', tenant: '*' }, work);
  const work = () => {
    timer = null;
    if (stopped || running) return;
    running = (async () => {
      try {
        // Old files are cleared out at most once an hour, not on every poll.
        if (Date.now() - purgedAt > 3_600_000) {
          await purgeReportJobs(db, opts.retentionDays ?? 7);
          purgedAt = Date.now();
        }
        while (!stopped && (await runNextReportJob(db, { ...opts, workerId }))) {
          /* keep going while there is work */
        }
      } catch (e) {
        opts.onError?.(e);
      } finally {
        running = null;
        if (!stopped) timer = setTimeout(tick, pollMs);
      }
    })();
  };
  timer = setTimeout(tick, 0);
  return {
    wake() {
      if (timer) {
        clearTimeout(timer);
        timer = setTimeout(tick, 0);
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
