/**
 * `npm run bench` (last part): the yearly compilation (GET /api/v1/documents/{id}/compilation) over
 * 50 committees × 200 indicators × 10 years × 3 sexes = 300,000 value rows, on PGlite and on
 * PostgreSQL, each as a ratio to a baseline measured in the same process and run:
 *
 *  (a) time of the compilation route through app.inject (routing, query validation, compile(),
 *      response serialisation: what a client waits for, minus the socket) against one hand-written
 *      SQL aggregate over the same committee rows (per indicator × year × sex: sums of value,
 *      numerator, denominator and the count; rows fetched through the same driver); goal ≤ 1.5×.
 *      Beside it, for locating the time: compile() called directly and its value query
 *      (loadYearlySeries) alone. Medians of alternating runs (the order rotates each round) after warm-up.
 *  (b) the server's peak resident memory while it answers the route over HTTP, above its idle
 *      memory: `node --max-semi-space-size=4 dist/main.js` as npm start runs it (after npm run build),
 *      sampled from /proc/<pid>/status every 50 ms, with VmHWM as a cross-check; goal ≤ 200 MB.
 *      On PostgreSQL this is the Node process only (the database's own processes are not counted);
 *      on PGlite the database engine lives in the process and is counted.
 *
 * Setup (timed and printed separately): the document and organisation through the import route,
 * the years through the periods route, the values by INSERT … SELECT in the database, then ANALYZE
 * (what autovacuum would do on a PostgreSQL server; PGlite has none, so a long-lived PGlite
 * installation may run on worse plans than measured here).
 * PGlite lives in a temporary directory; PostgreSQL in a fresh database samspel_bench_comp_<random>
 * on BENCH_PG_URL's server, dropped at the end (also on error and Ctrl-C).
 *
 * Settings (environment, all optional): BENCH_COMP_RUNS (9), BENCH_COMP_WARMUP (2),
 * BENCH_COMP_HTTP_CALLS (40: V8's first full GC under load comes after 10–15 calls, so fewer calls understate the peak), BENCH_COMP_TIMEOUT (s, 600: the whole script is aborted after it),
 * BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/test).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { withPgAdmin } from './lib/pg.ts';
import { migrate, openDb, type Db, type DbOptions } from '../src/db/open-db.ts';
import { actAs, makeAdminToken } from '../test/support/act-as.ts';
import { buildApp, type App } from '../src/http/app.ts';
import { compile } from '../src/services/follow-up/compilation.service.ts';
import { loadYearlySeries } from '../src/services/follow-up/compilation.repo.ts';
import {
  COMP_MUNICIPALITY,
  COMP_SHAPE,
  COMP_UNIT_ROWS,
  generateCompilationDocument,
  handWrittenAggregate,
  insertCommitteeValues,
  insertMunicipalValues,
} from './lib/compilation-data.ts';
import { liveChildren, memoryOf, sleep, spawnServer, stopChild } from './lib/proc.ts';
import { intSetting, median } from './lib/stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'compilation.json');


const settings = {
  runs: intSetting('BENCH_COMP_RUNS', 9, 1, 50),
  warmup: intSetting('BENCH_COMP_WARMUP', 2, 0, 10),
  httpCalls: intSetting('BENCH_COMP_HTTP_CALLS', 40, 1, 200),
  timeoutS: intSetting('BENCH_COMP_TIMEOUT', 600, 30, 3600, 600),
  pgAdminUrl: process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/test',
};
const YEAR = COMP_SHAPE.lastYear;
const GOAL_RATIO = 1.5;
const GOAL_PEAK_MB = 200;
const SAMPLE_MS = 50;
const MB = 1.048576; // MiB → MB

// ---------------------------------------------------------------------------------------------
// Cleanup: in-process databases, children, the bench database, the temporary directory. Runs once,
// also on error, on signals and when the whole script overruns BENCH_COMP_TIMEOUT.

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'samspel-bench-comp-'));
const dbName = `samspel_bench_comp_${randomBytes(4).toString('hex')}`;
let dbCreated = false;
const openHandles = new Set<{ app: App; db: Db }>();
let cleaning: Promise<void> | null = null;

function cleanup(): Promise<void> {
  return (cleaning ??= (async () => {
    await Promise.allSettled([...liveChildren].map((c) => stopChild(c, 8_000)));
    for (const h of [...openHandles]) await closeHandle(h).catch(() => {});
    if (dbCreated) {
      try {
        await withAdmin((c) => c.query(`drop database if exists ${quoteIdent(dbName)} with (force)`));
        dbCreated = false;
      } catch (e) {
        console.error(`bench: could not drop database ${dbName}: ${(e as Error).message}`);
      }
    }
    try {
      fs.rmSync(tmpRoot, { recursive: true, force: true, maxRetries: 3 });
    } catch (e) {
      console.error(`bench: could not remove ${tmpRoot}: ${(e as Error).message}`);
    }
  })());
}

async function closeHandle(h: { app: App; db: Db }): Promise<void> {
  openHandles.delete(h);
  await h.app.close().catch(() => {});
  await h.db.close();
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    console.error(`\nbench: ${signal}, cleaning up…`);
    void cleanup().finally(() => process.exit(130));
  });
}
const watchdog = setTimeout(() => {
  console.error(`bench: compilation benchmark still running after ${settings.timeoutS} s; aborting`);
  void cleanup().finally(() => process.exit(1));
}, settings.timeoutS * 1000);
watchdog.unref();

const withAdmin = <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => withPgAdmin(settings.pgAdminUrl, fn);

function quoteIdent(name: string): string {
  if (!/^samspel_bench_comp_[a-z0-9]+$/.test(name)) throw new Error(`refusing database name ${name}`);
  return `"${name}"`;
}

// ---------------------------------------------------------------------------------------------
// Statistics and printing

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? a / b : NaN);
/** The median of a[i] − b[i]: steps measured in the same round share that round's conditions. */
const pairedDiff = (a: number[], b: number[]) => median(a.map((x, i) => x - (b[i] ?? NaN)));
const log = (s: string) => console.log(`[${f(performance.now() / 1000, 0).padStart(3)} s] ${s}`);
const pass = (ok: boolean) => (ok ? 'PASS' : 'MISS');

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Setup

interface Prepared {
  h: { app: App; db: Db };
  documentId: string;
  seriesKey: string;
  setupMs: { open: number; importDoc: number; periods: number; values: number; analyze: number; total: number };
  rows: { unit: number; municipal: number };
}

async function inject(app: App, method: 'GET' | 'POST', url: string, payload?: unknown, expect: number[] = [200, 201]) {
  const r = await app.inject(payload === undefined ? { method, url } : { method, url, payload: payload as Record<string, unknown> });
  if (!expect.includes(r.statusCode)) throw new Error(`${method} ${url} gave ${r.statusCode}: ${r.body.slice(0, 2000)}`);
  return r;
}

async function prepare(label: string, opts: DbOptions): Promise<Prepared> {
  const t0 = performance.now();
  const db = await openDb(opts);
  let h: { app: App; db: Db } | null = null;
  try {
    await migrate(db.db);
    const app = await buildApp({ db: db.db, dbKind: db.kind, logLevel: 'silent', importBodyLimitBytes: 50 * 1024 * 1024 });
    actAs(app, await makeAdminToken(db.db, 'bench-admin@samspel.test'));
    h = { app, db };
  } finally {
    if (h) openHandles.add(h);
    else await db.close();
  }
  const tOpen = performance.now();
  const { document, counts } = generateCompilationDocument();
  const imported = await inject(h.app, 'POST', `/api/v1/municipalities/${COMP_MUNICIPALITY.code}/documents/import`, document);
  const documentId = (JSON.parse(imported.body) as { id: string }).id;
  const tImport = performance.now();
  const periodIds = new Map<number, string>();
  for (let y = COMP_SHAPE.firstYear; y <= COMP_SHAPE.lastYear; y++) {
    const r = await inject(h.app, 'POST', `/api/v1/municipalities/${COMP_MUNICIPALITY.code}/periods`, { year: y, scheme: 'year' });
    const full = (JSON.parse(r.body) as Array<{ id: string; kind: string }>).find((p) => p.kind === 'year');
    if (!full) throw new Error(`no full-year period for ${y}`);
    periodIds.set(y, full.id);
  }
  const tPeriods = performance.now();
  let unitRows = 0;
  for (const [y, id] of periodIds) unitRows += await insertCommitteeValues(h.db.db, COMP_MUNICIPALITY.code, documentId, id, y);
  if (unitRows !== COMP_UNIT_ROWS) throw new Error(`wrote ${unitRows} committee rows, expected ${COMP_UNIT_ROWS}`);
  const municipalRows = await insertMunicipalValues(h.db.db, COMP_MUNICIPALITY.code, documentId);
  const tValues = performance.now();
  await sql`analyze`.execute(h.db.db);
  const tAnalyze = performance.now();
  const setupMs = { open: tOpen - t0, importDoc: tImport - tOpen, periods: tPeriods - tImport, values: tValues - tPeriods, analyze: tAnalyze - tValues, total: tAnalyze - t0 };
  log(
    `${label}: setup ${f(setupMs.total / 1000)} s (open + migrate ${f(setupMs.open, 0)} ms, import of ${counts.committees} committees / ${counts.indicators} indicators / ${counts.targets} targets ${f(setupMs.importDoc, 0)} ms, ` +
      `periods ${f(setupMs.periods, 0)} ms, ${unitRows} + ${municipalRows} municipal value rows ${f(setupMs.values / 1000, 1)} s, analyze ${f(setupMs.analyze, 0)} ms)`,
  );
  return { h, documentId, seriesKey: document.document.key, setupMs, rows: { unit: unitRows, municipal: municipalRows } };
}

// ---------------------------------------------------------------------------------------------
// (a) time: the route against the hand-written aggregate, alternating

type Step = 'route' | 'compile' | 'series' | 'baseline';
const STEPS: Step[] = ['route', 'compile', 'series', 'baseline'];

interface Timing {
  medianMs: Record<Step, number>;
  runsMs: Record<Step, number[]>;
  responseBytes: number;
  checks: { cells: number; baselineRows: number; indicatorsWithLatest: number; targets: number; targetStatuses: Record<string, number> };
}

async function measureTime(label: string, p: Prepared): Promise<Timing> {
  const { app, db } = p.h;
  const url = `/api/v1/documents/${p.documentId}/compilation?year=${YEAR}`;
  let responseBytes = 0;
  const run: Record<Step, () => Promise<unknown>> = {
    route: async () => {
      const r = await inject(app, 'GET', url, undefined, [200]);
      responseBytes = Buffer.byteLength(r.body);
    },
    compile: () => compile(db.db, p.documentId, { year: YEAR }),
    series: () => loadYearlySeries(db.db, COMP_MUNICIPALITY.code, p.seriesKey, YEAR),
    baseline: () => handWrittenAggregate(db.db, p.documentId, YEAR),
  };

  // What the two sides compute, once: the same number of cells, and a compilation with values.
  const cells = (await loadYearlySeries(db.db, COMP_MUNICIPALITY.code, p.seriesKey, YEAR)).length;
  const baselineRows = await handWrittenAggregate(db.db, p.documentId, YEAR);
  const c = await compile(db.db, p.documentId, { year: YEAR });
  const targetStatuses: Record<string, number> = {};
  for (const t of c.targets) targetStatuses[t.status] = (targetStatuses[t.status] ?? 0) + 1;
  const checks = { cells, baselineRows, indicatorsWithLatest: c.indicators.filter((i) => i.latest?.year === YEAR).length, targets: c.targets.length, targetStatuses };
  const expectedCells = COMP_UNIT_ROWS / COMP_SHAPE.committees;
  if (cells !== expectedCells || baselineRows !== expectedCells) throw new Error(`${label}: ${cells} series cells and ${baselineRows} baseline rows, expected ${expectedCells} each`);
  if (checks.indicatorsWithLatest !== c.indicators.length) throw new Error(`${label}: only ${checks.indicatorsWithLatest} of ${c.indicators.length} indicators have a ${YEAR} value in the compilation`);

  for (let w = 0; w < settings.warmup; w++) for (const s of STEPS) await run[s]();
  const runsMs: Record<Step, number[]> = { route: [], compile: [], series: [], baseline: [] };
  for (let r = 0; r < settings.runs; r++) {
    // Rotate the order each round, so that no step always follows the same one.
    const order = STEPS.map((_, i) => STEPS[(i + r) % STEPS.length]!);
    for (const s of order) {
      const t = performance.now();
      await run[s]();
      runsMs[s].push(performance.now() - t);
    }
  }
  const medianMs = Object.fromEntries(STEPS.map((s) => [s, median(runsMs[s])])) as Record<Step, number>;
  log(
    `${label}: route ${f(medianMs.route)} ms, compile() ${f(medianMs.compile)} ms, its value query ${f(medianMs.series)} ms, hand-written aggregate ${f(medianMs.baseline)} ms ` +
      `(medians of ${settings.runs}; response ${f(responseBytes / 1024, 0)} KiB; targets ${Object.entries(targetStatuses).map(([k, v]) => `${k} ${v}`).join(', ')})`,
  );
  return { medianMs, runsMs, responseBytes, checks };
}

/**
 * EXPLAIN ANALYZE of the baseline, for the report (top lines only). The app's own queries are not
 * copied here: a copy would go stale when loadYearlySeries changes; its time is measured above.
 */
async function explainBoth(p: Prepared): Promise<{ series: string[]; baseline: string[] }> {
  const db = p.h.db.db;
  const plan = async (q: ReturnType<typeof sql>) => (await q.execute(db)).rows.map((r) => String((r as Record<string, unknown>)['QUERY PLAN']));
  const baseline = await plan(sql`explain (analyze, costs off, timing off, summary on)
    select v.indicator_key, p.year, v.sex, sum(v.value) as value, sum(v.numerator) as numerator, sum(v.denominator) as denominator, count(*) as n
    from indicator_value v join period p on p.id = v.period_id
    where (v.municipality_code, v.document_key) = (select municipality_code, key from document where id = ${p.documentId}::uuid)
      and v.unit_id is not null and p.year <= ${YEAR}::int
    group by v.indicator_key, p.year, v.sex`);
  return { series: [], baseline };
}

// ---------------------------------------------------------------------------------------------
// (b) memory: the server as npm start runs it, answering the route over HTTP

interface Memory {
  idleMiB: number;
  peakMiB: number;
  hwmBeforeMiB: number;
  hwmAfterMiB: number;
  maxSampledMiB: number;
  afterMiB: number;
  samples: number;
  calls: number;
  httpMedianMs: number;
  startMs: number;
}

async function measureMemory(label: string, db: { pgliteDir: string } | { databaseUrl: string }, documentId: string): Promise<Memory> {
  const env: Record<string, string | undefined> = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DEMO_DATA: 'off', TZ: 'UTC' };
  delete env.DATABASE_URL;
  delete env.PGLITE_DIR;
  if ('pgliteDir' in db) env.PGLITE_DIR = db.pgliteDir;
  else env.DATABASE_URL = db.databaseUrl;
  // The API needs a signed-in user: an API token made in the database before the server opens it.
  const admin = await openDb('pgliteDir' in db ? { kind: 'pglite', dataDir: db.pgliteDir } : { kind: 'postgres', url: db.databaseUrl });
  let token: string;
  try {
    token = await makeAdminToken(admin.db, 'bench-memory@samspel.test');
  } finally {
    await admin.close();
  }
  const s = await spawnServer({ label: `${label} server`, args: ['--max-semi-space-size=4', 'dist/main.js'], env, cwd: ROOT, timeoutMs: 90_000 });
  try {
    // Idle: the median of a few readings after it settled.
    await sleep(1_500);
    const idleReadings: number[] = [];
    for (let i = 0; i < 5; i++) {
      idleReadings.push(memoryOf(s.pid).rssMiB);
      await sleep(100);
    }
    const idle = median(idleReadings);
    const hwmBefore = memoryOf(s.pid).hwmMiB;
    let maxSampled = idle;
    let samples = 0;
    const timer = setInterval(() => {
      try {
        const m = memoryOf(s.pid);
        maxSampled = Math.max(maxSampled, m.rssMiB);
        samples++;
      } catch {
        // The process is gone; the request loop reports it.
      }
    }, SAMPLE_MS);
    const times: number[] = [];
    try {
      const url = `${s.url}/api/v1/documents/${documentId}/compilation?year=${YEAR}`;
      for (let i = 0; i < settings.httpCalls; i++) {
        const t = performance.now();
        const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(60_000) });
        const text = await res.text();
        times.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`${label}: GET compilation gave ${res.status}: ${text.slice(0, 1000)}`);
      }
      await sleep(2 * SAMPLE_MS);
    } finally {
      clearInterval(timer);
    }
    const after = memoryOf(s.pid);
    maxSampled = Math.max(maxSampled, after.rssMiB);
    // VmHWM is exact but covers the whole life of the process (start-up included): it counts only when it grew during the calls.
    const peak = after.hwmMiB > hwmBefore ? Math.max(after.hwmMiB, maxSampled) : maxSampled;
    const m: Memory = { idleMiB: idle, peakMiB: peak, hwmBeforeMiB: hwmBefore, hwmAfterMiB: after.hwmMiB, maxSampledMiB: maxSampled, afterMiB: after.rssMiB, samples, calls: times.length, httpMedianMs: median(times), startMs: s.startMs };
    log(
      `${label} server: idle ${f(idle * MB, 0)} MB, peak ${f(peak * MB, 0)} MB during ${times.length} calls (median ${f(m.httpMedianMs, 0)} ms over HTTP; ${samples} samples; ` +
        `VmHWM ${f(hwmBefore * MB, 0)} → ${f(after.hwmMiB * MB, 0)} MB), ${f(after.rssMiB * MB, 0)} MB after`,
    );
    return m;
  } finally {
    await stopChild(s.proc);
  }
}

// ---------------------------------------------------------------------------------------------

interface DbResult {
  setupMs: Prepared['setupMs'];
  rows: Prepared['rows'];
  timing: Timing;
  memory: Memory | null;
  plans: { series: string[]; baseline: string[] } | null;
}

async function benchOne(label: string, opts: DbOptions, serverDb: { pgliteDir: string } | { databaseUrl: string }): Promise<DbResult> {
  const p = await prepare(label, opts);
  let timing: Timing;
  let plans: DbResult['plans'] = null;
  try {
    timing = await measureTime(label, p);
    plans = await explainBoth(p);
  } finally {
    // The PGlite directory opens in one process at a time: close before the server starts on it.
    await closeHandle(p.h);
  }
  const memory = await measureMemory(label, serverDb, p.documentId);
  return { setupMs: p.setupMs, rows: p.rows, timing, memory, plans };
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'main.js'))) throw new Error('dist/main.js is missing: run npm run build first (npm run bench does)');
  log(
    `Samspel compilation bench: ${os.cpus().length} CPU, load average ${os.loadavg().map((x) => f(x, 2)).join(' ')}, node ${process.version}; ` +
      `${COMP_SHAPE.committees} committees × ${COMP_UNIT_ROWS / COMP_SHAPE.committees / 30} indicators × 10 years × 3 sexes, year ${YEAR}; ${settings.warmup} warm-up + ${settings.runs} runs, ${settings.httpCalls} HTTP calls`,
  );
  const results: Record<'pglite' | 'postgres', DbResult | { skipped: string }> = { pglite: { skipped: 'not run' }, postgres: { skipped: 'not run' } };

  const pgliteDir = path.join(tmpRoot, 'pglite', 'db');
  results.pglite = await benchOne('PGlite', { kind: 'pglite', dataDir: pgliteDir }, { pgliteDir });

  let pgUrl: string | null = null;
  try {
    const v = await withAdmin((c) => c.query<{ v: string }>("select current_setting('server_version') as v"));
    await withAdmin((c) => c.query(`create database ${quoteIdent(dbName)}`));
    dbCreated = true;
    const u = new URL(settings.pgAdminUrl);
    u.pathname = `/${dbName}`;
    pgUrl = u.toString();
    log(`PostgreSQL ${v.rows[0]?.v} at ${u.host}, database ${dbName}`);
  } catch (e) {
    results.postgres = { skipped: `PostgreSQL unreachable at ${new URL(settings.pgAdminUrl).host}: ${(e as Error).message}` };
    log(`${results.postgres.skipped}; the PostgreSQL part is skipped`);
  }
  if (pgUrl) results.postgres = await benchOne('PostgreSQL', { kind: 'postgres', url: pgUrl }, { databaseUrl: pgUrl });

  // ------------------------------------------------------------------------------------------
  const rows: string[][] = [['measure', 'value', 'baseline', 'ratio', 'goal']];
  const goals: Record<string, { pass: boolean; value: number }> = {};
  for (const [key, name] of [['pglite', 'PGlite'], ['postgres', 'PostgreSQL']] as const) {
    const r = results[key];
    if ('skipped' in r) {
      rows.push([`${name}: skipped`, '', '', '', '']);
      continue;
    }
    const m = r.timing.medianMs;
    const routeRatio = ratio(m.route, m.baseline);
    goals[`${key}.time`] = { pass: routeRatio <= GOAL_RATIO, value: routeRatio };
    rows.push(
      [`${name} setup (import, periods, ${r.rows.unit + r.rows.municipal} value rows, analyze)`, `${f(r.setupMs.total / 1000)} s`, '', '', ''],
      [`${name} compilation route ${YEAR} (app.inject) vs hand-written SQL aggregate`, `${f(m.route)} ms`, `${f(m.baseline)} ms`, `${f(routeRatio, 2)}×`, `≤ ${GOAL_RATIO}× ${pass(routeRatio <= GOAL_RATIO)}`],
      [`  compile() called directly`, `${f(m.compile)} ms`, `${f(m.baseline)} ms`, `${f(ratio(m.compile, m.baseline), 2)}×`, ''],
      [`  its value query (loadYearlySeries)`, `${f(m.series)} ms`, `${f(m.baseline)} ms`, `${f(ratio(m.series, m.baseline), 2)}×`, ''],
      [`  rest of compile() (content, reports, assessment; median of per-round differences)`, `${f(pairedDiff(r.timing.runsMs.compile, r.timing.runsMs.series))} ms`, '', '', ''],
      [`  route beyond compile() (validation, serialisation of ${f(r.timing.responseBytes / 1024, 0)} KiB; median of per-round differences)`, `${f(pairedDiff(r.timing.runsMs.route, r.timing.runsMs.compile))} ms`, '', '', ''],
    );
    if (r.memory) {
      const peakAbove = (r.memory.peakMiB - r.memory.idleMiB) * MB;
      goals[`${key}.memory`] = { pass: peakAbove <= GOAL_PEAK_MB, value: peakAbove };
      rows.push([
        `${name} server peak RSS above idle, ${r.memory.calls} compilations over HTTP`,
        `${f(peakAbove, 0)} MB`,
        `${f(r.memory.idleMiB * MB, 0)} MB idle`,
        `${f(ratio(r.memory.peakMiB, r.memory.idleMiB), 2)}×`,
        `≤ ${GOAL_PEAK_MB} MB ${pass(peakAbove <= GOAL_PEAK_MB)}`,
      ]);
    }
  }
  console.log('');
  console.log(`Samspel compilation bench (${COMP_UNIT_ROWS.toLocaleString('en')} committee value rows; medians of ${settings.runs} alternating runs after ${settings.warmup} warm-up; ${os.cpus().length} CPU, load ${os.loadavg().map((x) => f(x, 2)).join(' ')})`);
  console.log(table(rows));
  console.log('ratio: measured ÷ baseline (> 1 means slower than the hand-written aggregate). Memory: the Node process of the server (on PGlite including the database engine).');
  for (const [key, name] of [['pglite', 'PGlite'], ['postgres', 'PostgreSQL']] as const) {
    const r = results[key];
    if ('skipped' in r || !r.plans) continue;
    const last = (lines: string[]) => lines.filter((l) => /Execution Time|Planning Time/.test(l)).map((l) => l.trim()).join(', ');
    console.log(`${name} EXPLAIN ANALYZE of the hand-written aggregate: ${last(r.plans.baseline)}`);
  }

  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, node: process.version, loadAverage: os.loadavg() },
    settings: { ...settings, pgAdminUrl: new URL(settings.pgAdminUrl).host },
    shape: { ...COMP_SHAPE, unitRows: COMP_UNIT_ROWS, year: YEAR },
    goals: { timeRatio: `route ≤ ${GOAL_RATIO}× hand-written aggregate`, peakAboveIdleMB: `≤ ${GOAL_PEAK_MB} MB`, results: goals },
    results,
  };
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`results: ${path.relative(ROOT, RESULTS_FILE)}`);
}

let exitCode = 0;
try {
  await main();
} catch (e) {
  // After a signal the cleanup closes the databases under the running steps: their errors are expected.
  if (!cleaning) console.error(`bench failed: ${(e as Error).stack ?? String(e)}`);
  exitCode = 1;
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
process.exit(exitCode);
