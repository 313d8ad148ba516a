/**
 * `npm run bench`: performance figures of Samspel, each as a ratio against a baseline measured in
 * the same run (machines are shared and noisy), with the absolute numbers beside it.
 *
 *  (a) GET /api/v1/documents/{id}/tree of a generated ~1,000-node document, against a bare Fastify
 *      route in the same process returning the same JSON pre-serialised (goal: ≤ 2× time per request);
 *  (b) the same route on PGlite against PostgreSQL;
 *  (c) start time to the "listens on" line: first start (initdb + migrations + demo data), restart,
 *      and against PostgreSQL;
 *  (d) resident memory of the server on PGlite, idle with the demo data and after the load (goal ≤ 300 MB).
 *
 * Servers under test run as child processes; the load generator (autocannon) runs here and sends
 * traffic to 127.0.0.1 only. Results: the table on stdout and bench/results/latest.json.
 *
 * Settings (environment, all optional): BENCH_DURATION (s, 10), BENCH_WARMUP (s, 3),
 * BENCH_CONNECTIONS (10), BENCH_ROUNDS (3), BENCH_START_RUNS (3),
 * BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/test, used to create and drop the bench databases).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { migrate, openDb } from '../src/db/open-db.ts';
import { makeAdminToken } from '../test/support/act-as.ts';
import pg from 'pg';
import { withPgAdmin } from './lib/pg.ts';
import { BENCH_MUNICIPALITY, SHAPE, countTreeNodes, generateDocument } from './lib/generate.ts';
import { cpuMsOf, liveChildren, memoryOf, sleep, spawnServer, stopChild, type Started } from './lib/proc.ts';
import { intSetting, median } from './lib/stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');


const settings = {
  durationS: intSetting('BENCH_DURATION', 10, 1, 60),
  warmupS: intSetting('BENCH_WARMUP', 3, 0, 30),
  connections: intSetting('BENCH_CONNECTIONS', 10, 1, 100),
  rounds: intSetting('BENCH_ROUNDS', 3, 1, 5),
  startRuns: intSetting('BENCH_START_RUNS', 3, 1, 5),
  pgAdminUrl: process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/test',
};
const GOAL_TREE_RATIO = 2;
const GOAL_RSS_MB = 300;

// ---------------------------------------------------------------------------------------------
// Cleanup: children, bench databases, temporary directories. Runs once, also on error and signals.

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'samspel-bench-'));
const benchDbBase = `samspel_bench_${randomBytes(4).toString('hex')}`;
const createdDbs = new Set<string>();
let cleaning: Promise<void> | null = null;

function cleanup(): Promise<void> {
  return (cleaning ??= (async () => {
    await Promise.allSettled([...liveChildren].map((c) => stopChild(c, 8_000)));
    for (const name of [...createdDbs]) {
      try {
        await dropDb(name);
      } catch (e) {
        console.error(`bench: could not drop database ${name}: ${(e as Error).message}`);
      }
    }
    fs.rmSync(tmpRoot, { recursive: true, force: true });
  })());
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    console.error(`\nbench: ${signal}, cleaning up…`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL helpers

const withAdmin = <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => withPgAdmin(settings.pgAdminUrl, fn);

const quoteIdent = (name: string) => {
  if (!/^samspel_bench_[a-z0-9_]+$/.test(name)) throw new Error(`refusing database name ${name}`);
  return `"${name}"`;
};

async function createDb(name: string): Promise<string> {
  await withAdmin((c) => c.query(`create database ${quoteIdent(name)}`));
  createdDbs.add(name);
  const u = new URL(settings.pgAdminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function dropDb(name: string): Promise<void> {
  await withAdmin((c) => c.query(`drop database if exists ${quoteIdent(name)} with (force)`));
  createdDbs.delete(name);
}

// ---------------------------------------------------------------------------------------------
// Servers and load

function childEnv(db: { pgliteDir: string } | { databaseUrl: string }): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DEMO_DATA: 'on', TZ: 'UTC' };
  delete env.DATABASE_URL;
  delete env.PGLITE_DIR;
  if ('pgliteDir' in db) env.PGLITE_DIR = db.pgliteDir;
  else env.DATABASE_URL = db.databaseUrl;
  return env;
}

const startMain = (label: string, db: { pgliteDir: string } | { databaseUrl: string }) =>
  // The same flags as npm start (package.json).
  spawnServer({ label, args: ['--max-semi-space-size=4', 'dist/main.js'], env: childEnv(db), cwd: ROOT, timeoutMs: 90_000 });

const startBenchChild = (label: string, db: { pgliteDir: string } | { databaseUrl: string }) =>
  spawnServer({ label, args: ['bench/server-child.ts'], env: childEnv(db), cwd: ROOT, bare: true, ipc: true, timeoutMs: 90_000 });

/**
 * The API needs a signed-in user: an instance administrator (who may add the bench municipality) with an
 * API token is made in the database before its server starts, and every request to that server sends it.
 */
const tokens = new Map<string, string>();
async function adminTokenFor(db: { pgliteDir: string } | { databaseUrl: string }): Promise<string> {
  const open = await openDb('pgliteDir' in db ? { kind: 'pglite', dataDir: db.pgliteDir } : { kind: 'postgres', url: db.databaseUrl });
  try {
    await migrate(open.db);
    return await makeAdminToken(open.db, 'bench-admin@samspel.test');
  } finally {
    await open.close();
  }
}
function authFor(url: string): Record<string, string> {
  for (const [base, token] of tokens) if (url.startsWith(base)) return { authorization: `Bearer ${token}` };
  return {};
}

async function importBenchDocument(baseUrl: string, body: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/municipalities/${BENCH_MUNICIPALITY.code}/documents/import`, { method: 'POST', headers: { 'content-type': 'application/json', ...authFor(baseUrl) }, body });
  const text = await res.text();
  if (res.status !== 201 && res.status !== 200) throw new Error(`import failed with ${res.status}: ${text.slice(0, 2000)}`);
  return (JSON.parse(text) as { id: string }).id;
}

async function getText(url: string): Promise<string> {
  const res = await fetch(url, { headers: authFor(url) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} gave ${res.status}: ${text.slice(0, 1000)}`);
  return text;
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  meanMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  mbPerS: number;
  /** CPU of the server process (user + system) per successful request; excludes PostgreSQL's own processes. */
  serverCpuMsPerReq: number;
  /** CPU use of the server process and of this process (the load generator), in % of one core. */
  serverCpuPct: number;
  clientCpuPct: number;
}

async function cannon(url: string, durationS: number, serverPid: number): Promise<Load> {
  const server0 = cpuMsOf(serverPid);
  const client0 = process.cpuUsage();
  const r = await autocannon({ url, connections: settings.connections, duration: durationS, timeout: 30, headers: authFor(url) });
  const serverMs = cpuMsOf(serverPid) - server0;
  const client = process.cpuUsage(client0);
  const wallMs = r.duration * 1000;
  return {
    rps: r['2xx'] / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    meanMs: r.latency.average,
    requests: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    mbPerS: r.throughput.average / 1e6,
    serverCpuMsPerReq: r['2xx'] > 0 ? serverMs / r['2xx'] : NaN,
    serverCpuPct: (100 * serverMs) / wallMs,
    clientCpuPct: (100 * (client.user + client.system)) / 1000 / wallMs,
  };
}

/** Warm-up (discarded), then the measured run. */
async function measure(url: string, serverPid: number): Promise<Load> {
  if (settings.warmupS > 0) await cannon(url, settings.warmupS, serverPid);
  return cannon(url, settings.durationS, serverPid);
}

// ---------------------------------------------------------------------------------------------
// Statistics and printing

const medianLoad = (runs: Load[]) => ({
  rps: median(runs.map((r) => r.rps)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  meanMs: median(runs.map((r) => r.meanMs)),
  serverCpuMsPerReq: median(runs.map((r) => r.serverCpuMsPerReq)),
  serverCpuPct: median(runs.map((r) => r.serverCpuPct)),
  clientCpuPct: median(runs.map((r) => r.clientCpuPct)),
  non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
  errors: runs.reduce((n, r) => n + r.errors, 0),
});
const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? a / b : NaN);
const log = (s: string) => console.log(`[${f(performance.now() / 1000, 0).padStart(3)} s] ${s}`);

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  log(`Samspel bench: ${os.cpus().length} CPU, load average ${os.loadavg().map((x) => f(x, 2)).join(' ')}, node ${process.version}; ` +
    `${settings.connections} connections, ${settings.warmupS} s warm-up + ${settings.durationS} s × ${settings.rounds} rounds, ${settings.startRuns} start runs`);

  const generated = generateDocument();
  const importBody = JSON.stringify(generated.document);
  const c = generated.counts;
  log(`generated document: ${c.nodes} nodes (${c.areas} areas, ${c.goals} goals, ${c.targets} targets, ${c.indicators} indicators, ${c.strategies} strategies, ${c.activities} activities; ${c.responsible} responsible units), import body ${f(importBody.length / 1024, 0)} KiB`);

  let pgProblem: string | null = null;
  try {
    const v = await withAdmin((cl) => cl.query<{ v: string }>("select current_setting('server_version') as v"));
    log(`PostgreSQL ${v.rows[0]?.v} at ${new URL(settings.pgAdminUrl).host}`);
  } catch (e) {
    pgProblem = `PostgreSQL unreachable at ${new URL(settings.pgAdminUrl).host}: ${(e as Error).message}`;
    log(`${pgProblem}; the PostgreSQL parts are skipped`);
  }

  // (c) start times ---------------------------------------------------------------------------
  const starts = { pgliteFirst: [] as number[], pgliteRestart: [] as number[], pgFirst: [] as number[], pgRestart: [] as number[] };
  const idleRss = { pgliteFirst: [] as number[], pgliteRestart: [] as number[] };
  const pgliteDirs: string[] = [];
  for (let i = 0; i < settings.startRuns; i++) {
    const dir = path.join(tmpRoot, `start-${i}`, 'db');
    pgliteDirs.push(dir);
    const s = await startMain(`PGlite first start ${i + 1}`, { pgliteDir: dir });
    await sleep(1_000);
    idleRss.pgliteFirst.push(memoryOf(s.pid).rssMiB);
    await stopChild(s.proc);
    starts.pgliteFirst.push(s.startMs);
    log(`(c) PGlite first start ${i + 1}: ${f(s.startMs, 0)} ms`);
  }
  for (let i = 0; i < settings.startRuns; i++) {
    const s = await startMain(`PGlite restart ${i + 1}`, { pgliteDir: pgliteDirs[0]! });
    await sleep(1_000);
    idleRss.pgliteRestart.push(memoryOf(s.pid).rssMiB);
    await stopChild(s.proc);
    starts.pgliteRestart.push(s.startMs);
    log(`(c) PGlite restart ${i + 1}: ${f(s.startMs, 0)} ms`);
  }
  if (!pgProblem) {
    const name = `${benchDbBase}_start`;
    let url = '';
    for (let i = 0; i < settings.startRuns; i++) {
      await dropDb(name);
      url = await createDb(name);
      const s = await startMain(`PostgreSQL first start ${i + 1}`, { databaseUrl: url });
      await stopChild(s.proc);
      starts.pgFirst.push(s.startMs);
      log(`(c) PostgreSQL first start ${i + 1}: ${f(s.startMs, 0)} ms`);
    }
    // The database of the last first start now holds the demo data: restart on it.
    for (let i = 0; i < settings.startRuns; i++) {
      const s = await startMain(`PostgreSQL restart ${i + 1}`, { databaseUrl: url });
      await stopChild(s.proc);
      starts.pgRestart.push(s.startMs);
      log(`(c) PostgreSQL restart ${i + 1}: ${f(s.startMs, 0)} ms`);
    }
    await dropDb(name);
  }

  // (d) memory of the server as npm start runs it (dist/main.js) on PGlite ------------------------------------
  let memory: { idleRssMiB: number; afterImportRssMiB: number; afterLoadRssMiB: number; peakRssMiB: number; load: Load } | null = null;
  {
    const token = await adminTokenFor({ pgliteDir: pgliteDirs[0]! });
    const s = await startMain('PGlite memory', { pgliteDir: pgliteDirs[0]! });
    tokens.set(s.url, token);
    try {
      await sleep(2_000);
      const idle = memoryOf(s.pid).rssMiB;
      const id = await importBenchDocument(s.url, importBody);
      const afterImport = memoryOf(s.pid).rssMiB;
      log(`(d) PGlite server (restarted, demo data): idle ${f(idle)} MiB, after importing the bench document ${f(afterImport)} MiB; loading the tree route…`);
      const load = await measure(`${s.url}/api/v1/documents/${id}/tree`, s.pid);
      const after = memoryOf(s.pid);
      memory = { idleRssMiB: idle, afterImportRssMiB: afterImport, afterLoadRssMiB: after.rssMiB, peakRssMiB: after.hwmMiB, load };
      log(`(d) after ${load.requests} tree requests: ${f(after.rssMiB)} MiB (peak ${f(after.hwmMiB)} MiB)`);
    } finally {
      await stopChild(s.proc);
    }
  }

  // (a) + (b) tree route: bare Fastify vs app on PGlite vs app on PostgreSQL -----------------
  const targets: Array<{ name: 'bare' | 'pglite' | 'postgres'; url: string; pid: number }> = [];
  const children: Started[] = [];
  let treeBytes = 0;
  let treeCounts = c;
  try {
    const liteToken = await adminTokenFor({ pgliteDir: path.join(tmpRoot, 'load', 'db') });
    const lite = await startBenchChild('PGlite app + bare', { pgliteDir: path.join(tmpRoot, 'load', 'db') });
    children.push(lite);
    tokens.set(lite.url, liteToken);
    log(`PGlite app (fresh dir, first start) listens after ${f(lite.startMs, 0)} ms`);
    const liteId = await importBenchDocument(lite.url, importBody);
    const treeUrl = `${lite.url}/api/v1/documents/${liteId}/tree`;
    const tree = await getText(treeUrl);
    treeBytes = Buffer.byteLength(tree);
    treeCounts = countTreeNodes(JSON.parse(tree));
    if (treeCounts.nodes !== c.nodes) throw new Error(`the tree has ${treeCounts.nodes} nodes, the import ${c.nodes}`);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the bare instance did not confirm its body')), 10_000);
      lite.proc.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      lite.proc.send({ type: 'bare-body', body: tree });
    });
    const bareUrl = `${lite.bareUrl}/tree`;
    if ((await getText(bareUrl)) !== tree) throw new Error('the bare route does not return the tree');
    targets.push({ name: 'bare', url: bareUrl, pid: lite.pid }, { name: 'pglite', url: treeUrl, pid: lite.pid });
    log(`tree: ${treeCounts.nodes} nodes, ${f(treeBytes / 1024, 0)} KiB of JSON`);

    if (!pgProblem) {
      const url = await createDb(benchDbBase);
      const pgToken = await adminTokenFor({ databaseUrl: url });
      const pgChild = await startBenchChild('PostgreSQL app', { databaseUrl: url });
      children.push(pgChild);
      tokens.set(pgChild.url, pgToken);
      const pgId = await importBenchDocument(pgChild.url, importBody);
      const pgTreeUrl = `${pgChild.url}/api/v1/documents/${pgId}/tree`;
      const pgTree = await getText(pgTreeUrl);
      if (countTreeNodes(JSON.parse(pgTree)).nodes !== c.nodes) throw new Error('the PostgreSQL tree has another node count');
      targets.push({ name: 'postgres', url: pgTreeUrl, pid: pgChild.pid });
      log(`PostgreSQL app listens after ${f(pgChild.startMs, 0)} ms; tree ${f(Buffer.byteLength(pgTree) / 1024, 0)} KiB`);
    }

    const runs: Record<string, Load[]> = { bare: [], pglite: [], postgres: [] };
    for (let r = 0; r < settings.rounds; r++) {
      for (const t of targets) {
        const load = await measure(t.url, t.pid);
        runs[t.name]!.push(load);
        log(`round ${r + 1}/${settings.rounds} ${t.name.padEnd(8)}: ${f(load.rps)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms, server CPU ${f(load.serverCpuMsPerReq, 2)} ms/req (${f(load.serverCpuPct, 0)} %), load generator ${f(load.clientCpuPct, 0)} %${load.non2xx || load.errors ? `, ${load.non2xx} non-2xx, ${load.errors} errors` : ''}`);
      }
    }
    await Promise.allSettled(children.map((ch) => stopChild(ch.proc)));
    if (!pgProblem) await dropDb(benchDbBase);

    // ------------------------------------------------------------------------------------------
    const bare = medianLoad(runs.bare!);
    const lite2 = medianLoad(runs.pglite!);
    const pgm = runs.postgres!.length ? medianLoad(runs.postgres!) : null;
    const treeRatio = ratio(bare.rps, lite2.rps); // time per request, app / bare
    const treePass = treeRatio <= GOAL_TREE_RATIO;
    const pgRatio = pgm ? ratio(pgm.rps, lite2.rps) : NaN; // time per request, PGlite / PostgreSQL
    const med = {
      pgliteFirst: median(starts.pgliteFirst),
      pgliteRestart: median(starts.pgliteRestart),
      pgFirst: median(starts.pgFirst),
      pgRestart: median(starts.pgRestart),
    };
    const rssPass = memory !== null && memory.afterLoadRssMiB * 1.048576 <= GOAL_RSS_MB;
    const mb = (mib: number) => `${f(mib * 1.048576, 0)} MB`;

    const rows: string[][] = [
      ['measure', 'value', 'baseline', 'ratio', 'goal'],
      [`(a) tree req/s, ${treeCounts.nodes} nodes (${f(treeBytes / 1024, 0)} KiB)`, `${f(lite2.rps)} app`, `${f(bare.rps)} bare`, `${f(treeRatio, 2)}× time/req`, `≤ ${GOAL_TREE_RATIO}× ${treePass ? 'PASS' : 'MISS'}`],
      ['(a) tree latency p50', `${f(lite2.p50, 0)} ms`, `${f(bare.p50, 0)} ms`, `${f(ratio(lite2.p50, bare.p50), 1)}×`, ''],
      ['(a) tree latency p99', `${f(lite2.p99, 0)} ms`, `${f(bare.p99, 0)} ms`, `${f(ratio(lite2.p99, bare.p99), 1)}×`, ''],
      ['(a) server CPU per request', `${f(lite2.serverCpuMsPerReq, 2)} ms`, `${f(bare.serverCpuMsPerReq, 2)} ms`, `${f(ratio(lite2.serverCpuMsPerReq, bare.serverCpuMsPerReq), 2)}×`, ''],
      ...(pgm
        ? [
            ['(b) tree req/s PGlite vs PostgreSQL', `${f(lite2.rps)} PGlite`, `${f(pgm.rps)} PG`, `${f(pgRatio, 2)}× time/req`, ''],
            ['(b) tree latency p50', `${f(lite2.p50, 0)} ms`, `${f(pgm.p50, 0)} ms`, `${f(ratio(lite2.p50, pgm.p50), 2)}×`, ''],
            ['(b) tree latency p99', `${f(lite2.p99, 0)} ms`, `${f(pgm.p99, 0)} ms`, `${f(ratio(lite2.p99, pgm.p99), 2)}×`, ''],
          ]
        : [['(b) PGlite vs PostgreSQL', 'skipped', '', '', '']]),
      ['(c) PGlite restart vs first start', `${f(med.pgliteRestart, 0)} ms`, `${f(med.pgliteFirst, 0)} ms`, `${f(ratio(med.pgliteRestart, med.pgliteFirst), 2)}×`, ''],
      ...(starts.pgFirst.length
        ? [
            ['(c) PostgreSQL first start vs PGlite first', `${f(med.pgFirst, 0)} ms`, `${f(med.pgliteFirst, 0)} ms`, `${f(ratio(med.pgFirst, med.pgliteFirst), 2)}×`, ''],
            ['(c) PostgreSQL restart vs PGlite restart', `${f(med.pgRestart, 0)} ms`, `${f(med.pgliteRestart, 0)} ms`, `${f(ratio(med.pgRestart, med.pgliteRestart), 2)}×`, ''],
          ]
        : []),
      ...(memory
        ? [
            ['(d) RSS PGlite after load vs idle', mb(memory.afterLoadRssMiB), `${mb(memory.idleRssMiB)} idle`, `${f(ratio(memory.afterLoadRssMiB, memory.idleRssMiB), 2)}×`, `≤ ${GOAL_RSS_MB} MB ${rssPass ? 'PASS' : 'MISS'}`],
            ['(d) RSS peak (VmHWM) of that server', mb(memory.peakRssMiB), '', '', ''],
          ]
        : []),
      ['(d) RSS idle right after a first start', mb(median(idleRss.pgliteFirst)), `${mb(median(idleRss.pgliteRestart))} restart`, `${f(ratio(median(idleRss.pgliteFirst), median(idleRss.pgliteRestart)), 2)}×`, ''],
    ];
    const warnings: string[] = [];
    for (const [name, list] of Object.entries(runs)) {
      const bad = list.reduce((n, r) => n + r.non2xx + r.errors, 0);
      if (bad) warnings.push(`${name}: ${bad} failed requests (non-2xx or errors) during the measured runs`);
    }
    if (bare.clientCpuPct >= 85) {
      warnings.push(`the load generator used ${f(bare.clientCpuPct, 0)} % of a core against the bare route: the bare req/s is a lower bound, so the (a) req/s ratio is understated; the server-CPU-per-request ratio does not depend on it`);
    }
    console.log('');
    console.log(`Samspel bench (medians: ${settings.rounds} rounds of ${settings.durationS} s, ${settings.connections} connections, after ${settings.warmupS} s warm-up; starts: ${settings.startRuns} runs each; ${os.cpus().length} CPU, load ${os.loadavg().map((x) => f(x, 2)).join(' ')})`);
    console.log(table(rows));
    console.log('ratios: "time/req" = baseline req/s ÷ measured req/s (> 1 means slower than the baseline); latency ratios = measured ÷ baseline.');
    for (const w of warnings) console.log(`WARNING: ${w}`);

    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, node: process.version, loadAverage: os.loadavg() },
      settings: { ...settings, pgAdminUrl: new URL(settings.pgAdminUrl).host },
      document: { shape: SHAPE, counts: treeCounts, treeBytes },
      tree: {
        goal: `app time per request ≤ ${GOAL_TREE_RATIO}× bare`,
        pass: treePass,
        timePerRequestRatio: treeRatio,
        p50Ratio: ratio(lite2.p50, bare.p50),
        p99Ratio: ratio(lite2.p99, bare.p99),
        serverCpuPerRequestRatio: ratio(lite2.serverCpuMsPerReq, bare.serverCpuMsPerReq),
        median: { bare, pglite: lite2, postgres: pgm },
        runs,
      },
      pgliteVsPostgres: pgm ? { timePerRequestRatio: pgRatio, p50Ratio: ratio(lite2.p50, pgm.p50), p99Ratio: ratio(lite2.p99, pgm.p99) } : { skipped: pgProblem },
      start: {
        medianMs: med,
        restartToFirstRatio: ratio(med.pgliteRestart, med.pgliteFirst),
        runsMs: starts,
        postgres: pgProblem ? { skipped: pgProblem } : undefined,
      },
      memory: {
        goal: `RSS after load ≤ ${GOAL_RSS_MB} MB on PGlite`,
        pass: rssPass,
        server: memory ? { idleMB: memory.idleRssMiB * 1.048576, afterImportMB: memory.afterImportRssMiB * 1.048576, afterLoadMB: memory.afterLoadRssMiB * 1.048576, peakMB: memory.peakRssMiB * 1.048576, load: memory.load } : null,
        idleAfterFirstStartMB: idleRss.pgliteFirst.map((x) => x * 1.048576),
        idleAfterRestartMB: idleRss.pgliteRestart.map((x) => x * 1.048576),
      },
      warnings,
    };
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(path.join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(`results: ${path.relative(ROOT, path.join(RESULTS_DIR, 'latest.json'))}`);
  } finally {
    await Promise.allSettled(children.map((ch) => stopChild(ch.proc)));
  }
}

let exitCode = 0;
try {
  await main();
} catch (e) {
  console.error(`bench failed: ${(e as Error).stack ?? String(e)}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
