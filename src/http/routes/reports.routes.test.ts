import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadDemoConsultations } from '../../cli/commands/demo-consultation.ts';
import { loadDemoFollowUp } from '../../cli/commands/demo-follow-up.ts';
import { loadDemo } from '../../cli/commands/demo-load.ts';
import { drainReportJobs, purgeReportJobs, runNextReportJob } from '../../services/reports/report-jobs.service.ts';
import { pdfInfo, pdfText, scratchDir, squash } from '../../../test/support/documents.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-db.ts';

/**
 * Report jobs through the API on the demo data and real SQL: a report is asked for, made by a worker
 * that claims it from the queue, and downloaded; requests that cannot succeed are refused before
 * anything is queued; a job left by a dead worker is taken over; a failure is reported, not lost.
 */
vi.setConfig({ testTimeout: 240_000 });

let t: TestApp;
const tmp = scratchDir('report-jobs');
type Method = 'GET' | 'POST';
const call = async (method: Method, url: string, payload?: object) => {
  const r = await t.app.inject({ method, url, ...(payload === undefined ? {} : { payload }) });
  const json = (r.headers['content-type'] ?? '').toString().includes('json') && r.body ? JSON.parse(r.body) : undefined;
  return { status: r.statusCode, headers: r.headers, body: json, raw: r.rawPayload };
};
const opts = { rules: { threshold: 5 }, workerId: 'test-worker' };
const jobCount = async () => Number((await t.db.db.selectFrom('report_job').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  t = await createTestApp();
  await loadDemo(t.db.db);
  await loadDemoFollowUp(t.db.db);
  await loadDemoConsultations(t.db.db);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('report jobs', () => {
  it('queues Östersund’s 2025 follow-up as PDF, makes it in the background and serves the file', async () => {
    const queued = await call('POST', '/api/v1/municipalities/2380/report-jobs', { kind: 'follow-up', format: 'pdf', year: 2025 });
    expect(queued.status, String(queued.raw)).toBe(202);
    expect(queued.body).toMatchObject({ status: 'queued', progress: 0, kind: 'follow-up', format: 'pdf', lang: 'sv', fileUrl: null });
    expect(queued.headers.location).toBe(`/api/v1/report-jobs/${queued.body.id}`);

    const early = await call('GET', `/api/v1/report-jobs/${queued.body.id}/file`);
    expect(early.status).toBe(409);
    expect(early.headers['content-type']).toContain('application/problem+json');

    expect(await drainReportJobs(t.db.db, opts)).toBe(1);
    const done = await call('GET', `/api/v1/report-jobs/${queued.body.id}`);
    expect(done.body).toMatchObject({ status: 'done', progress: 100, attempts: 1, error: null, contentType: 'application/pdf' });
    expect(done.body.fileName).toMatch(/^uppfoljning-2025-ostersund\.pdf$/);

    const file = await call('GET', done.body.fileUrl);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain('uppfoljning-2025-ostersund.pdf');
    expect(file.raw.subarray(0, 5).toString()).toBe('%PDF-');
    expect(file.raw.length).toBe(done.body.size);
    const pdf = path.join(tmp, 'ostersund.pdf');
    fs.writeFileSync(pdf, file.raw);
    const { pages } = await pdfInfo(pdf);
    const text = squash(await pdfText(pdf));
    // The strategy's title as data/demo/2380-ostersund.yaml has it.
    expect(text).toContain('Integrationsstrategi 2020');
    expect(text).toContain('2025');
    expect(text).toContain(`Sida 1 av ${pages}`);
  });

  it('makes Tierp’s action plan as XLSX and Tyresö’s decision proposal as DOCX, each with its own file name', async () => {
    const plan = (await call('POST', '/api/v1/municipalities/0360/report-jobs', { kind: 'action-plan', format: 'xlsx' })).body;
    const docs = (await call('GET', '/api/v1/municipalities/0138/documents?limit=50')).body.items as Array<{ id: string; status: string }>;
    const draft = docs.find((d) => d.status === 'consultation')!;
    const proposal = (await call('POST', '/api/v1/municipalities/0138/report-jobs', { kind: 'proposal', format: 'docx', documentId: draft.id, proposal: { proposals: ['Anta den reviderade integrationsstrategin.', 'Strategin följs upp i årsredovisningen.'] } })).body;
    expect(await drainReportJobs(t.db.db, opts)).toBe(2);
    const p = (await call('GET', `/api/v1/report-jobs/${plan.id}`)).body;
    const q = (await call('GET', `/api/v1/report-jobs/${proposal.id}`)).body;
    expect(p).toMatchObject({ status: 'done', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    // Tierp's plan ended in 2018: its status is shown for its last valid year.
    expect(p.fileName).toBe('handlingsplan-tierp-2018.xlsx');
    expect(q).toMatchObject({ status: 'done', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    expect(q.fileName).toMatch(/^tjansteskrivelse-tyreso-.+\.docx$/);
    const list = (await call('GET', '/api/v1/municipalities/0138/report-jobs')).body as Array<{ id: string }>;
    expect(list.map((j) => j.id)).toEqual([proposal.id]);
  });

  it.each([
    [{ kind: 'proposal', format: 'xlsx', documentId: '00000000-0000-4000-8000-000000000000' }, '/format'],
    [{ kind: 'follow-up', format: 'pdf' }, '/year'],
    [{ kind: 'proposal', format: 'pdf' }, '/documentId'],
    [{ kind: 'follow-up', format: 'odt', year: 2025 }, '/format'],
    [{ kind: 'follow-up', format: 'pdf', year: 1492 }, '/year'],
    [{ kind: 'follow-up', format: 'pdf', year: 2025, lang: 'fi' }, '/lang'],
    [{ kind: 'follow-up', format: 'pdf', year: 2025, extra: true }, ''],
  ])('refuses %j with a problem naming %s, and queues nothing', async (body, field) => {
    const before = await jobCount();
    const r = await call('POST', '/api/v1/municipalities/2380/report-jobs', body);
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    if (field) expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect(await jobCount()).toBe(before);
  });

  it('answers 404 for an unknown municipality, a document of another municipality and an unknown job', async () => {
    expect((await call('POST', '/api/v1/municipalities/9999/report-jobs', { kind: 'follow-up', format: 'pdf', year: 2025 })).status).toBe(404);
    const tierpDoc = (await call('GET', '/api/v1/municipalities/0360/documents?limit=1')).body.items[0].id;
    expect((await call('POST', '/api/v1/municipalities/2380/report-jobs', { kind: 'follow-up', format: 'pdf', year: 2025, documentId: tierpDoc })).status).toBe(404);
    expect((await call('GET', '/api/v1/report-jobs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    // As everywhere in the API, an id that cannot exist in the path is simply not found.
    expect((await call('GET', '/api/v1/report-jobs/not-an-id')).status).toBe(404);
  });

  it('takes over a job whose worker died mid-way, once its lease has run out', async () => {
    const job = (await call('POST', '/api/v1/municipalities/0360/report-jobs', { kind: 'action-plan', format: 'docx' })).body;
    // A worker claimed it, wrote some progress and was killed: its lease ran out a minute ago.
    await t.db.db.updateTable('report_job').set({ status: 'running', worker: 'dead-worker', attempts: 1, progress: 35, stage: 'layout', locked_until: new Date(Date.now() - 60_000) }).where('id', '=', job.id).execute();
    expect(await runNextReportJob(t.db.db, opts)).toBe(job.id);
    const after = (await call('GET', `/api/v1/report-jobs/${job.id}`)).body;
    expect(after).toMatchObject({ status: 'done', attempts: 2, progress: 100 });
  });

  it('leaves a job whose lease still runs to its worker', async () => {
    const job = (await call('POST', '/api/v1/municipalities/0360/report-jobs', { kind: 'action-plan', format: 'docx' })).body;
    await t.db.db.updateTable('report_job').set({ status: 'running', worker: 'busy-worker', attempts: 1, locked_until: new Date(Date.now() + 60_000) }).where('id', '=', job.id).execute();
    expect(await runNextReportJob(t.db.db, opts)).toBeNull();
    await t.db.db.deleteFrom('report_job').where('id', '=', job.id).execute();
  });

  it('gives two workers different jobs: each job is made exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await call('POST', '/api/v1/municipalities/0360/report-jobs', { kind: 'action-plan', format: 'xlsx' })).body.id);
    const [a, b] = await Promise.all([drainReportJobs(t.db.db, { ...opts, workerId: 'a' }), drainReportJobs(t.db.db, { ...opts, workerId: 'b' })]);
    expect(a + b).toBe(4);
    const rows = await t.db.db.selectFrom('report_job').select(['status', 'attempts']).where('id', 'in', ids).execute();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(ids.map(() => ['done', 1]));
  });

  it('records a failure with its reason, and keeps no file, when the PDF printer is missing', async () => {
    const job = (await call('POST', '/api/v1/municipalities/0138/report-jobs', { kind: 'follow-up', format: 'pdf', year: 2025 })).body;
    await drainReportJobs(t.db.db, { ...opts, chromiumPath: '/nonexistent/chromium' });
    const failed = (await call('GET', `/api/v1/report-jobs/${job.id}`)).body;
    expect(failed.status).toBe('failed');
    expect(failed.error.title).toBe('The report could not be made');
    expect(failed.error.detail).toContain('/nonexistent/chromium');
    expect(failed.fileUrl).toBeNull();
    expect((await call('GET', `/api/v1/report-jobs/${job.id}/file`)).status).toBe(409);
  });

  it('purges finished and failed jobs after the retention, and leaves newer and pending ones', async () => {
    const old = (await call('POST', '/api/v1/municipalities/0360/report-jobs', { kind: 'action-plan', format: 'docx' })).body;
    await drainReportJobs(t.db.db, opts);
    const pending = (await call('POST', '/api/v1/municipalities/0360/report-jobs', { kind: 'action-plan', format: 'docx' })).body;
    await t.db.db.updateTable('report_job').set({ finished_at: new Date(Date.now() - 8 * 86_400_000) }).where('id', '=', old.id).execute();
    const before = await jobCount();
    expect(await purgeReportJobs(t.db.db, 7)).toBe(1);
    expect(await jobCount()).toBe(before - 1);
    expect((await call('GET', `/api/v1/report-jobs/${old.id}`)).status).toBe(404);
    expect((await call('GET', `/api/v1/report-jobs/${pending.id}`)).body.status).toBe('queued');
    await drainReportJobs(t.db.db, opts);
  });

  it('shows the follow-up report as a web page that fetches nothing', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/municipalities/2380/report-preview?kind=follow-up&year=2025' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    expect(r.body).toMatch(/<html[^>]* lang="sv"/);
    expect(r.body).toContain('Integrationsstrategi 2020');
    expect(r.body).not.toMatch(/<script|src="https?:/);
  });
});
