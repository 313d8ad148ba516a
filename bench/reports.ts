/**
 * `npm run bench` (reports): the time to build the yearly follow-up report of the largest demo
 * municipality in each format (DOCX, PDF, XLSX), as a ratio to rendering the same report as an HTML
 * page alone, measured in the same process and run (the machine is shared and noisy: the ratios are
 * the result, the milliseconds are context).
 *
 *  baseline  reportHtml(model): the HTML page the web app shows, charts included (SVG), from the model;
 *  data      gathering the model from the database (document tree, compilation, suppression);
 *  docx/pdf/xlsx  generateReport(): data + layout + file, what a report job does.
 *
 * "Largest" is the demo municipality whose report has the most targets, indicator table rows and
 * activities. Medians of BENCH_REPORT_RUNS (7) rounds after BENCH_REPORT_WARMUP (1), the order of the
 * formats rotating each round. PGlite in memory; the same on PostgreSQL with BENCH_PG_URL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadDemoConsultations } from '../src/cli/commands/demo-consultation.ts';
import { loadDemoFollowUp } from '../src/cli/commands/demo-follow-up.ts';
import { loadDemo } from '../src/cli/commands/demo-load.ts';
import { migrate, openDb, type Db } from '../src/db/open-db.ts';
import { DEFAULT_DISCLOSURE_RULES } from '../src/domain/disclosure/suppression.ts';
import type { FollowUpReport, ReportFormat } from '../src/io/reports/model.ts';
import { reportHtml } from '../src/io/reports/render.ts';
import { buildApp } from '../src/http/app.ts';
import { closeRenderers, generateReport, renderReport, reportData, type ReportRequest } from '../src/services/reports/generate.ts';
import { intSetting, median } from './lib/stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'reports.json');
const runs = intSetting('BENCH_REPORT_RUNS', 7, 1, 50);
const warmup = intSetting('BENCH_REPORT_WARMUP', 1, 0, 10);
const YEAR = 2025;
const FORMATS: ReportFormat[] = ['docx', 'pdf', 'xlsx'];
const opts = { rules: DEFAULT_DISCLOSURE_RULES, chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' };

const size = (r: FollowUpReport) => {
  let n = 0;
  for (const s of r.sections) {
    n += s.activities.length + s.indicators.reduce((a, i) => a + i.rows.length, 0);
    for (const g of s.goals) n += g.targets.length + g.activities.length + g.indicators.reduce((a, i) => a + i.rows.length, 0);
  }
  return n;
};

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const HEALTH_CALLS = intSetting('BENCH_HEALTH_CALLS', 300, 10, 5000, 10);

/** The 99th percentile of the samples (nearest rank). */
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(0.99 * xs.length) - 1)]!;

/**
 * Issue 13: a report being laid out must not stop the server answering. A real server on loopback;
 * GET /api/v1/health called one after another, p99 latency: idle (baseline), while DOCX files of the
 * largest report are laid out again and again in the worker threads (what the server does now), and the
 * same with the layout on the server's own thread (RENDER_IN_WORKERS=off, as before). Goal: ≤ 3× idle.
 */
async function healthWhileRendering(db: Db, model: FollowUpReport) {
  const app = await buildApp({ db: db.db, dbKind: db.kind, logLevel: 'silent' });
  const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/api/v1/health`;
  const sample = async () => {
    const out: number[] = [];
    for (let i = 0; i < HEALTH_CALLS; i++) {
      const t0 = performance.now();
      const r = await fetch(url);
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`health answered ${r.status}`);
      out.push(performance.now() - t0);
    }
    return out;
  };
  const during = async (inline: boolean) => {
    process.env.RENDER_IN_WORKERS = inline ? 'off' : 'on';
    let rendering = true;
    let files = 0;
    const renderer = (async () => {
      while (rendering) {
        await renderReport(model, 'docx', 'sv', opts);
        files++;
        // Let the event loop breathe between files, as a queue of report jobs does.
        await new Promise((r) => setImmediate(r));
      }
    })();
    const xs = await sample();
    rendering = false;
    await renderer;
    delete process.env.RENDER_IN_WORKERS;
    return { p99: p99(xs), files };
  };
  try {
    await sample(); // warm-up: connections, the first answers
    const idle = p99(await sample());
    const workers = await during(false);
    const inline = await during(true);
    const row = (label: string, v: number, extra = '') => console.log(`  ${label.padEnd(52)} ${v.toFixed(1).padStart(7)} ms  ${(v / idle).toFixed(1).padStart(6)}× idle${extra}`);
    console.log(`Health check p99 while DOCX reports are laid out (${HEALTH_CALLS} calls each; goal ≤ 3× idle in the worker threads):`);
    row('idle (baseline)', idle);
    row('during layout in worker threads (now)', workers.p99, `  (${workers.files} files)  ${workers.p99 / idle <= 3 ? 'PASS' : 'MISS'}`);
    row('during layout on the server thread (before)', inline.p99, `  (${inline.files} files)`);
    return { calls: HEALTH_CALLS, idleP99Ms: idle, workersP99Ms: workers.p99, inlineP99Ms: inline.p99, workersRatio: workers.p99 / idle, inlineRatio: inline.p99 / idle, goal: 3 };
  } finally {
    await app.close();
  }
}

const db = await openDb({ kind: 'pglite', dataDir: 'memory://' });
try {
  await migrate(db.db);
  await loadDemo(db.db);
  await loadDemoFollowUp(db.db);
  await loadDemoConsultations(db.db);
  const codes = (await db.db.selectFrom('municipality').select('code').orderBy('code').execute()).map((m) => m.code);
  let largest = { code: '', size: -1, name: '' };
  for (const code of codes) {
    try {
      const r = (await reportData(db.db, { municipality: code, kind: 'follow-up', format: 'pdf', lang: 'sv', year: YEAR }, opts)) as FollowUpReport;
      if (size(r) > largest.size) largest = { code, size: size(r), name: r.municipality.name };
    } catch {
      /* a municipality without a steering document has no report */
    }
  }
  console.log(`Reports: the ${YEAR} follow-up of ${largest.name} (${largest.code}), ${largest.size} targets, table rows and activities; ${runs} runs after ${warmup} warm-up`);
  const req = (format: ReportFormat): ReportRequest => ({ municipality: largest.code, kind: 'follow-up', format, lang: 'sv', year: YEAR });
  const samples: Record<string, number[]> = { html: [], data: [], docx: [], pdf: [], xlsx: [] };
  const sizes: Record<string, number> = {};
  for (let round = 0; round < warmup + runs; round++) {
    const order = [...FORMATS.slice(round % 3), ...FORMATS.slice(0, round % 3)];
    const t: Record<string, number> = {};
    let model: unknown;
    t.data = await time(async () => (model = await reportData(db.db, req('pdf'), opts)));
    t.html = await time(() => reportHtml(model as FollowUpReport, 'sv'));
    for (const f of order) {
      t[f] = await time(async () => {
        const file = await generateReport(db.db, req(f), opts);
        sizes[f] = file.data.length;
      });
    }
    if (round >= warmup) for (const [k, v] of Object.entries(t)) samples[k]!.push(v);
  }
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const html = m.html!;
  const line = (k: string, label: string) => console.log(`  ${label.padEnd(38)} ${m[k]!.toFixed(0).padStart(6)} ms  ${(m[k]! / html).toFixed(1).padStart(6)}× the HTML page${sizes[k] ? `  (${(sizes[k]! / 1024).toFixed(0)} KB)` : ''}`);
  console.log(`  ${'HTML page alone (baseline)'.padEnd(38)} ${html.toFixed(0).padStart(6)} ms    1.0×`);
  line('data', 'gathering the data (tree, compilation)');
  line('docx', 'DOCX (data + layout + charts as PNG)');
  line('pdf', 'PDF (data + HTML + Chromium print)');
  line('xlsx', 'XLSX (data + sheets + charts as PNG)');
  const responsive = await healthWhileRendering(db, (await reportData(db.db, req('docx'), opts)) as FollowUpReport);
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify({ municipality: largest, year: YEAR, runs, medianMs: m, ratioToHtml: Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v / html])), bytes: sizes, healthWhileRendering: responsive }, null, 2)}\n`,
  );
} finally {
  await closeRenderers();
  await db.close();
}
