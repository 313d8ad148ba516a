/**
 * `npm run bench` (load part): the server under sustained mixed traffic from signed-in users, on PostgreSQL.
 *
 * 1. A fresh database samspel_bench_load_<pid> on the PostgreSQL server (BENCH_PG_URL, else DATABASE_URL,
 *    else postgres://postgres@127.0.0.1:5432/test), migrated, with the demo data and its demo accounts
 *    (loadDemoIfEmpty); dropped at the end, also on error and Ctrl-C.
 * 2. The real server in a child process, as npm start runs it (`node --enable-source-maps
 *    --max-semi-space-size=4 dist/main.js`; `--server tsx` runs src/main.ts through tsx instead), with
 *    DEMO_DATA=off, REPORT_WORKER=off, LOG_LEVEL=warn, DATABASE_POOL_SIZE=20. Its memory is read from
 *    /proc/<pid>/status (VmRSS), nothing else.
 * 3. Sessions: the 16 demo accounts plus users that each municipality's demo administrator adds through
 *    the API (strategists, readers, reporters for a unit, administrators), each signed in through
 *    POST /api/v1/auth/login (cookie + CSRF token). Every session, and two anonymous visitors, are
 *    checked once on every route they will be sent to before the load starts.
 * 4. autocannon: each connection loops over ten requests, eight reads and two writes:
 *    - a read goes out as the next session in turn (round robin over all of them), to a route its role
 *      allows: a document tree (any municipality's adopted documents: public), its municipality's
 *      documents list, the yearly compilation of one of its documents, one of its units' reports, and
 *      (strategists and administrators) the audit log;
 *    - the writes add a section to one of the bench's draft documents (one draft per connection, each
 *      with a strategist or administrator of its municipality; 201) and then delete that same section
 *      with its lockVersion 1 (204). Nobody else edits the section, so a 409 cannot happen by design;
 *      the draft stays the same size however long the run.
 *    Baseline, same run and settings: GET /api/v1/health (anonymous; three small catalogue queries) for
 *    10 s. Then a warm-up (20 s, same mix), 5 s idle, RSS "after warm-up"; the measured run (120 s), 5 s
 *    idle (no GC is forced), RSS "at end".
 * 5. Prints req/s, latency p50/p99 (and per route), 2xx, non-2xx by status, errors (connection errors +
 *    timeouts), RSS after warm-up and at end and their ratio, PostgreSQL transactions per request, and
 *    the ratios to the baseline; writes bench/results/load.json. Exits 1 when anything failed (errors,
 *    non-2xx in any phase) or the RSS at end is more than 10 % above the RSS after warm-up.
 *    RSS follows V8's saw-tooth: under load the old generation is collected lazily (the heap grows by
 *    100 MB or more between full collections while the live data stays put), so where each reading falls
 *    in it matters; `--server-flags=--trace-gc` also prints the heap in use after every full collection.
 *
 * The warm-up is 60 s: at full load the server's memory grows for about the first minute (the V8 heap
 * finds its size, the pool fills) and then stays level; a reading taken earlier would call that growth a leak.
 * Flags (all optional): --duration 120 --warmup 60 --baseline 10 --connections 200 --users 40 --pool 20
 * --timeout 30 (s; autocannon counts a slower answer as an error) --server dist|tsx; for diagnosis,
 * --server-flags "--trace-gc" (more flags for the server's node) and --server-log <file> (all it prints).
 * Smoke run: `tsx bench/load.ts --duration 20 --warmup 5 --connections 50`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { withPgAdmin } from './lib/pg.ts';
import { loadDemoIfEmpty } from '../src/cli/commands/demo-load.ts';
import { migrate, openDb } from '../src/db/open-db.ts';
import type { Role } from '../src/domain/access/policy.ts';
import { demoEmail, DEMO_PASSWORD } from '../src/services/auth/demo-accounts.ts';
import { cpuMsOf, liveChildren, memoryOf, sleep, spawnServer, stopChild, type Started } from './lib/proc.ts';
import { median } from './lib/stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'load.json');
const MAX_RSS_GROWTH = 1.1;
/** RSS is read this long after a load stops (nothing is forced; it stays flat after it, measured over 45 s). */
const IDLE_S = 5;
const COMPILATION_YEAR = 2024;
const ROLES_ADDED: Role[] = ['strategist', 'reader', 'reporter', 'administrator', 'strategist', 'reader'];

// ---------------------------------------------------------------------------------------------
// Settings

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '120' },
    warmup: { type: 'string', default: '60' },
    baseline: { type: 'string', default: '10' },
    connections: { type: 'string', default: '200' },
    users: { type: 'string', default: '40' },
    pool: { type: 'string', default: '20' },
    timeout: { type: 'string', default: '30' },
    server: { type: 'string', default: 'dist' },
    'server-flags': { type: 'string', default: '' },
    'server-log': { type: 'string', default: '' },
    /** host:port of a PgBouncer in transaction mode in front of the same server (scripts/pgbouncer.sh: 127.0.0.1:6432). */
    pooler: { type: 'string', default: '' },
    /** The smoke run (bench/all.ts --smoke): too short for the memory verdict, which is printed but not counted. */
    smoke: { type: 'boolean', default: false },
  },
  strict: true,
});

function intFlag(name: keyof typeof flags, min: number, max: number): number {
  const raw = flags[name] as string;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}, not "${raw}"`);
  return n;
}

const settings = {
  durationS: intFlag('duration', 1, 3600),
  warmupS: intFlag('warmup', 0, 600),
  baselineS: intFlag('baseline', 1, 600),
  connections: intFlag('connections', 1, 1000),
  users: intFlag('users', 16, 400),
  poolSize: intFlag('pool', 1, 100),
  timeoutS: intFlag('timeout', 1, 600),
  server: flags.server as string,
  /** Diagnosis only, e.g. --trace-gc: more flags for the server's node, space-separated. */
  serverFlags: (flags['server-flags'] as string).split(' ').filter(Boolean),
  /** Diagnosis only: a file that gets everything the server prints. */
  serverLog: flags['server-log'] as string,
  pgAdminUrl: process.env.BENCH_PG_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
};
if (settings.server !== 'dist' && settings.server !== 'tsx') throw new Error(`--server must be dist or tsx, not "${settings.server}"`);

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? a / b : NaN);
const log = (s: string) => console.log(`[${f(performance.now() / 1000, 0).padStart(4)} s] ${s}`);
const mib = (x: number) => `${f(x)} MiB`;

// ---------------------------------------------------------------------------------------------
// Cleanup: the server, the database. Once, also on error and signals.

const dbName = `samspel_bench_load_${process.pid}`;
let dbCreated = false;
let cleaning: Promise<void> | null = null;

const withAdmin = <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => withPgAdmin(settings.pgAdminUrl, fn);

function cleanup(): Promise<void> {
  return (cleaning ??= (async () => {
    await Promise.allSettled([...liveChildren].map((c) => stopChild(c, 8_000)));
    if (dbCreated) {
      try {
        await withAdmin((c) => c.query(`drop database if exists "${dbName}" with (force)`));
      } catch (e) {
        console.error(`bench: could not drop database ${dbName}: ${(e as Error).message}`);
      }
    }
  })());
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    console.error(`\nbench: ${signal}, cleaning up…`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP as a signed-in user (setup and the check before the load)

interface Principal {
  label: string;
  role: Role | 'anonymous';
  /** The municipality of the role; null for anonymous. */
  code: string | null;
  cookie: string | null;
  csrf: string | null;
}

const ANON = (n: number): Principal => ({ label: `anonymous ${n}`, role: 'anonymous', code: null, cookie: null, csrf: null });

let baseUrl = '';

async function call(who: Principal | null, method: string, url: string, body?: unknown): Promise<{ status: number; json: unknown; text: string; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (who?.cookie) headers.cookie = who.cookie;
  if (who?.csrf && method !== 'GET') headers['x-csrf-token'] = who.csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${url}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, json, text, headers: res.headers };
}

async function expectCall<T>(who: Principal | null, method: string, url: string, expected: number, body?: unknown): Promise<T> {
  const r = await call(who, method, url, body);
  if (r.status !== expected) throw new Error(`${who?.label ?? 'setup'}: ${method} ${url} gave ${r.status}, expected ${expected}: ${r.text.slice(0, 800)}`);
  return r.json as T;
}

async function signIn(label: string, email: string, password: string, role: Role, code: string): Promise<Principal> {
  const r = await call(null, 'POST', '/api/v1/auth/login', { email, password });
  if (r.status !== 200) throw new Error(`sign-in of ${email} gave ${r.status}: ${r.text.slice(0, 500)}`);
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('samspel_session='));
  const csrf = (r.json as { csrfToken: string | null }).csrfToken;
  if (!cookie || !csrf) throw new Error(`sign-in of ${email} gave no session cookie or CSRF token`);
  return { label, role, code, cookie, csrf };
}

// ---------------------------------------------------------------------------------------------
// The routes of the load, found in the demo data

type ReadKind = 'tree' | 'documents' | 'compilation' | 'report' | 'audit';
type Kind = ReadKind | 'section.create' | 'section.delete';
const READ_WEIGHTS: Record<ReadKind, number> = { tree: 30, documents: 20, compilation: 15, report: 20, audit: 15 };

interface Town {
  code: string;
  adopted: string[];
  /** Documents whose compilation answers 200 (those with follow-up). */
  compilable: string[];
  reports: string[];
  units: string[];
}

interface Draft {
  id: string;
  code: string;
  writer: Principal;
  /** The writer's account id: the actor every audit row of this draft's writes must name. */
  writerId: string;
}

interface ReadPlan {
  who: Principal;
  /** Cumulative weights for a weighted pick. */
  choices: Array<{ kind: ReadKind; upTo: number; paths: string[] }>;
  total: number;
}

function readPlan(who: Principal, towns: Map<string, Town>): ReadPlan {
  const allAdopted = [...towns.values()].flatMap((t) => t.adopted.map((id) => `/api/v1/documents/${id}/tree`));
  const town = who.code ? towns.get(who.code)! : null;
  const options: Array<[ReadKind, string[]]> = [
    ['tree', allAdopted],
    ['documents', town ? [`/api/v1/municipalities/${town.code}/documents`] : [...towns.keys()].map((c) => `/api/v1/municipalities/${c}/documents`)],
  ];
  if (town) {
    options.push(['compilation', town.compilable.map((id) => `/api/v1/documents/${id}/compilation?year=${COMPILATION_YEAR}`)]);
    options.push(['report', town.reports.map((id) => `/api/v1/reports/${id}`)]);
    if (who.role === 'strategist' || who.role === 'administrator') options.push(['audit', [`/api/v1/municipalities/${town.code}/audit?limit=20`]]);
  }
  let total = 0;
  const choices: ReadPlan['choices'] = [];
  for (const [kind, paths] of options) {
    if (paths.length === 0) continue;
    total += READ_WEIGHTS[kind];
    choices.push({ kind, upTo: total, paths });
  }
  return { who, choices, total };
}

/** A small seeded generator (mulberry32), so that two runs send the same sequence of choices. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// The load: statistics per route kind, recorded from autocannon's callbacks

interface KindStats {
  count: number;
  statuses: Record<string, number>;
  latenciesMs: number[];
}

let current: Record<string, KindStats> = {};
const record = (kind: Kind, status: number, ms: number) => {
  const s = (current[kind] ??= { count: 0, statuses: {}, latenciesMs: [] });
  s.count++;
  s.statuses[status] = (s.statuses[status] ?? 0) + 1;
  s.latenciesMs.push(ms);
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Ctx {
  kind?: Kind;
  t0?: number;
  draft?: Draft;
  sectionId?: string;
}

type AcRequest = autocannon.Request;

function mixedRequests(plans: ReadPlan[], drafts: Draft[]): autocannon.Request[] {
  const random = rng(20261129);
  let nextPlan = 0;
  let nextDraft = 0;
  let nextKey = 0;
  const cookieHeaders = (who: Principal): Record<string, string> => (who.cookie ? { cookie: who.cookie } : {});

  const read = (req: AcRequest, ctx: Ctx): AcRequest => {
    const plan = plans[nextPlan++ % plans.length]!;
    const x = random() * plan.total;
    const choice = plan.choices.find((c) => x < c.upTo) ?? plan.choices[plan.choices.length - 1]!;
    ctx.kind = choice.kind;
    ctx.t0 = performance.now();
    return { ...req, method: 'GET', path: choice.paths[Math.floor(random() * choice.paths.length)]!, headers: cookieHeaders(plan.who), body: '' } as AcRequest;
  };
  const onRead = (status: number, _body: string, context: object) => {
    const ctx = context as Ctx;
    record(ctx.kind!, status, performance.now() - ctx.t0!);
  };
  const readRequest: autocannon.Request = { setupRequest: (req, context) => read(req, context as Ctx), onResponse: onRead };

  const create: autocannon.Request = {
    setupRequest: (req, context) => {
      const ctx = context as Ctx;
      const draft = drafts[nextDraft++ % drafts.length]!;
      ctx.draft = draft;
      ctx.sectionId = undefined;
      ctx.kind = 'section.create';
      ctx.t0 = performance.now();
      const body = JSON.stringify({ key: `last-${process.pid}-${nextKey++}`, kind: 'other', title: 'Belastningstest', body: 'Ett avsnitt som bänken lägger till och tar bort igen.' });
      return {
        ...req,
        method: 'POST',
        path: `/api/v1/documents/${draft.id}/sections`,
        headers: { ...cookieHeaders(draft.writer), 'x-csrf-token': draft.writer.csrf!, 'content-type': 'application/json' },
        body,
      } as AcRequest;
    },
    onResponse: (status, body, context) => {
      const ctx = context as Ctx;
      record('section.create', status, performance.now() - ctx.t0!);
      if (status === 201) ctx.sectionId = (JSON.parse(body) as { id: string }).id;
    },
  };
  const remove: autocannon.Request = {
    setupRequest: (req, context) => {
      const ctx = context as Ctx;
      // The section was not made (already counted as a failure): read instead, so the loop goes on.
      if (!ctx.sectionId || !ctx.draft) return read(req, ctx);
      ctx.kind = 'section.delete';
      ctx.t0 = performance.now();
      return { ...req, method: 'DELETE', path: `/api/v1/sections/${ctx.sectionId}?lockVersion=1`, headers: { ...cookieHeaders(ctx.draft.writer), 'x-csrf-token': ctx.draft.writer.csrf! }, body: '' } as AcRequest;
    },
    onResponse: onRead,
  };
  return [readRequest, readRequest, readRequest, readRequest, create, readRequest, readRequest, readRequest, readRequest, remove];
}

interface Load {
  label: string;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  maxMs: number;
  requests: number;
  ok2xx: number;
  non2xx: number;
  byStatus: Record<string, number>;
  /** autocannon's errors: connection errors and timeouts. */
  errors: number;
  timeouts: number;
  serverCpuPct: number;
  clientCpuPct: number;
  kinds: Record<string, { count: number; share: number; p50: number; p99: number; statuses: Record<string, number> }>;
}

async function cannon(label: string, url: string, seconds: number, pid: number, requests?: autocannon.Request[]): Promise<Load> {
  current = {};
  const server0 = cpuMsOf(pid);
  const client0 = process.cpuUsage();
  const r = await autocannon({ url, connections: settings.connections, duration: seconds, timeout: settings.timeoutS, ...(requests ? { requests } : {}) });
  const wallMs = r.duration * 1000;
  const serverMs = cpuMsOf(pid) - server0;
  const client = process.cpuUsage(client0);
  const byStatus: Record<string, number> = {};
  for (const [code, s] of Object.entries(r.statusCodeStats ?? {})) byStatus[code] = s.count ?? 0;
  const ok2xx = r['2xx'];
  const recorded = Object.values(current).reduce((n, s) => n + s.count, 0);
  const kinds: Load['kinds'] = {};
  for (const [kind, s] of Object.entries(current)) {
    const sorted = s.latenciesMs.sort((a, b) => a - b);
    kinds[kind] = { count: s.count, share: s.count / Math.max(1, recorded), p50: percentile(sorted, 50), p99: percentile(sorted, 99), statuses: s.statuses };
  }
  return {
    label,
    seconds: r.duration,
    rps: ok2xx / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    maxMs: r.latency.max,
    requests: r.requests.total,
    ok2xx,
    non2xx: r.non2xx,
    byStatus,
    errors: r.errors,
    timeouts: r.timeouts,
    serverCpuPct: (100 * serverMs) / wallMs,
    clientCpuPct: (100 * (client.user + client.system)) / 1000 / wallMs,
    kinds,
  };
}

const failuresOf = (l: Load) => l.errors + l.non2xx;
const statusText = (s: Record<string, number>) =>
  Object.entries(s)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}×${v}`)
    .join(' ');

function describe(l: Load): string {
  return `${l.label}: ${f(l.rps)} req/s (2xx), p50 ${f(l.p50, 0)} ms, p99 ${f(l.p99, 0)} ms, max ${f(l.maxMs, 0)} ms; ${l.ok2xx} 2xx, ${l.non2xx} non-2xx${l.non2xx ? ` (${statusText(Object.fromEntries(Object.entries(l.byStatus).filter(([k]) => !k.startsWith('2'))))})` : ''}, ${l.errors} errors (${l.timeouts} timeouts); server CPU ${f(l.serverCpuPct, 0)} %, load generator ${f(l.clientCpuPct, 0)} % of a core`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------

/** Set when dist/main.js is older than a source file: printed at the start and with the results. */
let staleWarning: string | null = null;

/**
 * Full collections (Mark-Compact) the server reported with --server-flags=--trace-gc: the heap in use
 * after each, which is the live data; RSS also holds the garbage of the saw-tooth between collections.
 */
const fullGcs: Array<{ atS: number; afterMB: number; phase: string }> = [];
let phase = 'setup';

function serverArgs(): string[] {
  if (settings.server === 'tsx') return [...settings.serverFlags, '--import', 'tsx', 'src/main.ts'];
  const bundle = path.join(ROOT, 'dist', 'main.js');
  if (!fs.existsSync(bundle)) throw new Error('dist/main.js does not exist: run `npm run build:server` first (npm run bench builds), or use --server tsx');
  const built = fs.statSync(bundle).mtimeMs;
  const newer: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (p !== path.join(ROOT, 'src', 'web')) walk(p);
      } else if (/\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) && fs.statSync(p).mtimeMs > built) newer.push(path.relative(ROOT, p));
    }
  };
  walk(path.join(ROOT, 'src'));
  if (newer.length > 0) {
    staleWarning = `dist/main.js is older than ${newer.slice(0, 5).join(', ')}${newer.length > 5 ? ` and ${newer.length - 5} more` : ''}: the figures are of the older bundle (npm run build:server, or --server tsx)`;
  }
  // The same flags as npm start (package.json).
  return ['--enable-source-maps', '--max-semi-space-size=4', ...settings.serverFlags, 'dist/main.js'];
}

/** Transactions PostgreSQL has counted in the bench database (each statement outside a transaction is one). */
/** The newest audit row's id before the load, read directly from the bench database. */
async function lastAuditId(databaseUrl: string): Promise<string> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return (await c.query<{ id: string }>('select coalesce(max(id), 0)::text as id from audit_log')).rows[0]!.id;
  } finally {
    await c.end();
  }
}

/**
 * Issue 13: the audit log's who and why on every write of the load (warm-up and measured run), checked
 * afterwards: each row about a section of a bench draft names that draft's writer as actor, carries a
 * request id, and has no reason (none was given). Behind a transaction pooler a setting that leaked from
 * another client's transaction would show here as another user or another request's reason.
 */
async function auditOfWrites(databaseUrl: string, fromId: string, drafts: Draft[]): Promise<{ rows: number; wrong: number }> {
  const writerOf = new Map(drafts.map((d) => [d.id, `user:${d.writerId}`]));
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const r = await c.query<{ document_id: string; actor: string; has_request: boolean; reason: string | null; n: string }>(
      `select document_id, actor, coalesce(request_id, '') <> '' as has_request, reason, count(*)::text as n
         from audit_log where id > $1 and entity = 'section' and document_id = any($2::uuid[])
        group by 1, 2, 3, 4`,
      [fromId, [...writerOf.keys()]],
    );
    let rows = 0;
    let wrong = 0;
    for (const x of r.rows) {
      rows += Number(x.n);
      if (x.actor !== writerOf.get(x.document_id) || !x.has_request || (x.reason ?? '') !== '') wrong += Number(x.n);
    }
    return { rows, wrong };
  } finally {
    await c.end();
  }
}

async function pgTransactions(): Promise<number> {
  const r = await withAdmin((c) => c.query<{ n: string }>('select xact_commit + xact_rollback as n from pg_stat_database where datname = $1', [dbName]));
  return Number(r.rows[0]?.n ?? NaN);
}

async function setUpDatabase(): Promise<string> {
  const version = await withAdmin((c) => c.query<{ v: string; max: string }>("select current_setting('server_version') as v, current_setting('max_connections') as max"));
  log(`PostgreSQL ${version.rows[0]?.v} at ${new URL(settings.pgAdminUrl).host} (max_connections ${version.rows[0]?.max})`);
  await withAdmin((c) => c.query(`create database "${dbName}"`));
  dbCreated = true;
  const u = new URL(settings.pgAdminUrl);
  u.pathname = `/${dbName}`;
  const url = u.toString();
  const t0 = performance.now();
  const db = await openDb({ kind: 'postgres', url, poolSize: 4 });
  try {
    await migrate(db.db);
    if (!(await loadDemoIfEmpty(db.db))) throw new Error(`the new database ${dbName} was not empty`);
  } finally {
    await db.close();
  }
  log(`database ${dbName}: migrated, demo data and demo accounts loaded in ${f((performance.now() - t0) / 1000)} s`);
  return url;
}

async function discover(admins: Map<string, Principal>): Promise<Map<string, Town>> {
  const towns = new Map<string, Town>();
  for (const [code, admin] of admins) {
    const docs = await expectCall<{ items: Array<{ id: string; status: string }> }>(admin, 'GET', `/api/v1/municipalities/${code}/documents?limit=500`, 200);
    const units = await expectCall<{ items: Array<{ id: string }> } | Array<{ id: string }>>(admin, 'GET', `/api/v1/municipalities/${code}/units?limit=500`, 200);
    const unitList = Array.isArray(units) ? units : units.items;
    const adopted = docs.items.filter((d) => d.status === 'adopted').map((d) => d.id);
    const town: Town = { code, adopted, compilable: [], reports: [], units: unitList.map((u) => u.id) };
    for (const id of docs.items.map((d) => d.id)) {
      const reports = await expectCall<Array<{ id: string }>>(admin, 'GET', `/api/v1/documents/${id}/reports`, 200);
      town.reports.push(...reports.map((r) => r.id));
      const comp = await call(admin, 'GET', `/api/v1/documents/${id}/compilation?year=${COMPILATION_YEAR}`);
      if (comp.status === 200 && reports.length > 0) town.compilable.push(id);
    }
    towns.set(code, town);
    log(`  ${code}: ${docs.items.length} documents (${adopted.length} adopted), ${town.compilable.length} with a compilation for ${COMPILATION_YEAR} and reports, ${town.reports.length} reports, ${town.units.length} units`);
  }
  return towns;
}

async function main() {
  const serverCommand = serverArgs();
  log(
    `Samspel load bench: ${os.cpus().length} CPU, load average ${os
      .loadavg()
      .map((x) => f(x, 2))
      .join(' ')}, node ${process.version}; ${settings.connections} connections, baseline ${settings.baselineS} s, warm-up ${settings.warmupS} s, measured ${settings.durationS} s; pool ${settings.poolSize}; server: node ${serverCommand.join(' ')}`,
  );
  if (staleWarning) log(`WARNING: ${staleWarning}`);
  const databaseUrl = await setUpDatabase();

  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: 'UTC',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: String(settings.poolSize),
    // Through the pooler: settings per transaction, the migrations past it (docs/decisions/009-app-role.md).
    ...(flags.pooler
      ? (() => {
          const u = new URL(databaseUrl);
          u.host = flags.pooler as string;
          return { DATABASE_URL: u.toString(), DATABASE_POOLING: 'transaction', DATABASE_MIGRATION_URL: databaseUrl };
        })()
      : {}),
    DEMO_DATA: 'off',
    REPORT_WORKER: 'off',
    LOG_LEVEL: 'warn',
  };
  const server: Started = await spawnServer({ label: 'server', args: serverCommand, env, cwd: ROOT, timeoutMs: 120_000 });
  const serverStarted = performance.now();
  server.proc.stdout!.on('data', (chunk: string) => {
    for (const m of chunk.matchAll(/Mark-Compact[^\n]*?-> ([\d.]+) \(/g)) fullGcs.push({ atS: (performance.now() - serverStarted) / 1000, afterMB: Number(m[1]), phase });
  });
  if (settings.serverLog) {
    const out = fs.createWriteStream(settings.serverLog);
    out.write(server.output() + '\n');
    server.proc.stdout!.on('data', (chunk: string) => out.write(chunk));
    server.proc.stderr!.on('data', (chunk: string) => out.write(chunk));
  }
  baseUrl = server.url;
  log(`server pid ${server.pid} listens on ${server.url} after ${f(server.startMs, 0)} ms; RSS ${mib(memoryOf(server.pid).rssMiB)}`);

  // Sessions ----------------------------------------------------------------------------------
  const codes = (await expectCall<Array<{ code: string }> | { items: Array<{ code: string }> }>(null, 'GET', '/api/v1/municipalities', 200)) as unknown;
  const townCodes = (Array.isArray(codes) ? codes : (codes as { items: Array<{ code: string }> }).items).map((m) => m.code).sort();
  const admins = new Map<string, Principal>();
  for (const code of townCodes) admins.set(code, await signIn(`demo administrator ${code}`, demoEmail(code, 'administrator'), DEMO_PASSWORD, 'administrator', code));
  log(`municipalities: ${townCodes.join(', ')}`);
  const towns = await discover(admins);

  const t0 = performance.now();
  const sessions: Principal[] = [...admins.values()];
  for (const code of townCodes) {
    for (const role of ['strategist', 'reporter', 'reader'] as const) sessions.push(await signIn(`demo ${role} ${code}`, demoEmail(code, role), DEMO_PASSWORD, role, code));
  }
  const password = `bench-${randomBytes(12).toString('hex')}`;
  for (let i = 0; sessions.length < settings.users; i++) {
    const code = townCodes[i % townCodes.length]!;
    const role = ROLES_ADDED[Math.floor(i / townCodes.length) % ROLES_ADDED.length]!;
    const town = towns.get(code)!;
    const unitId = role === 'reporter' ? (town.units[i % Math.max(1, town.units.length)] ?? null) : null;
    const email = `bench-${i}-${role}.${code}@bench.samspel.invalid`;
    await expectCall(admins.get(code)!, 'POST', `/api/v1/municipalities/${code}/users`, 201, { email, displayName: `Bench ${role} ${i}`, password, role, unitId });
    sessions.push(await signIn(`bench ${role} ${i} (${code})`, email, password, role, code));
  }
  const roleCount = (r: string) => sessions.filter((s) => s.role === r).length;
  log(`${sessions.length} sessions signed in in ${f((performance.now() - t0) / 1000)} s: ${roleCount('administrator')} administrators, ${roleCount('strategist')} strategists, ${roleCount('reporter')} reporters, ${roleCount('reader')} readers; plus 2 anonymous visitors`);

  // One draft per connection, each written by a strategist or administrator of its municipality.
  const writers = sessions.filter((s) => s.role === 'strategist' || s.role === 'administrator');
  const drafts: Draft[] = [];
  const t1 = performance.now();
  for (let i = 0; i < settings.connections; i++) {
    const writer = writers[i % writers.length]!;
    const doc = await expectCall<{ id: string }>(writer, 'POST', `/api/v1/municipalities/${writer.code}/documents`, 201, {
      key: `belastningstest-${i}`,
      type: 'plan',
      title: `Belastningstest ${i}`,
    });
    const me = await expectCall<{ user: { id: string } | null }>(writer, 'GET', '/api/v1/auth/session', 200);
    drafts.push({ id: doc.id, code: writer.code!, writer, writerId: me.user!.id });
  }
  log(`${drafts.length} draft documents made in ${f((performance.now() - t1) / 1000)} s`);

  // Every principal, once on every route it will be sent to; and one write round on every draft.
  const principals = [...sessions, ANON(1), ANON(2)];
  const plans = principals.map((p) => readPlan(p, towns));
  let checked = 0;
  for (const plan of plans) {
    for (const choice of plan.choices) {
      for (const p of choice.paths) {
        await expectCall(plan.who, 'GET', p, 200);
        checked++;
      }
    }
  }
  for (const d of drafts) {
    const s = await expectCall<{ id: string }>(d.writer, 'POST', `/api/v1/documents/${d.id}/sections`, 201, { key: 'kontroll', kind: 'other', title: null, body: 'Kontroll.' });
    await expectCall(d.writer, 'DELETE', `/api/v1/sections/${s.id}?lockVersion=1`, 204);
    checked += 2;
  }
  log(`checked before the load: ${checked} requests, every one as expected`);

  const requests = mixedRequests(plans, drafts);
  const url = server.url;

  // Baseline, warm-up, measured run -------------------------------------------------------------
  log(`baseline: GET /api/v1/health, ${settings.baselineS} s…`);
  phase = 'baseline';
  const baseline = await cannon('baseline GET /api/v1/health', `${url}/api/v1/health`, settings.baselineS, server.pid);
  log(describe(baseline));

  const auditFrom = await lastAuditId(databaseUrl);
  let warmup: Load | null = null;
  if (settings.warmupS > 0) {
    log(`warm-up: the mix, ${settings.warmupS} s…`);
    phase = 'warm-up';
    warmup = await cannon('warm-up (mix)', url, settings.warmupS, server.pid, requests);
    log(describe(warmup));
  }
  phase = 'idle after warm-up';
  await sleep(IDLE_S * 1000);
  const afterWarmup = memoryOf(server.pid);
  log(`RSS after warm-up (+${IDLE_S} s idle): ${mib(afterWarmup.rssMiB)} (peak so far ${mib(afterWarmup.hwmMiB)})`);
  const xacts0 = await pgTransactions();

  log(`measured run: the mix, ${settings.durationS} s…`);
  const samples: Array<{ s: number; rssMiB: number }> = [];
  // The server's pool seen from PostgreSQL, once a second: connections running a statement or holding a
  // transaction open, against the pool size (all busy all the time = requests queue for a connection).
  const poolBusy: number[] = [];
  const monitor = new pg.Client({ connectionString: databaseUrl });
  await monitor.connect();
  let monitoring = false;
  const runStart = performance.now();
  const sampler = setInterval(() => {
    try {
      samples.push({ s: (performance.now() - runStart) / 1000, rssMiB: memoryOf(server.pid).rssMiB });
    } catch {
      /* the server is gone; reported below */
    }
    if (monitoring) return;
    monitoring = true;
    monitor
      .query<{ n: string }>("select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'")
      .then((r) => poolBusy.push(Number(r.rows[0]?.n ?? NaN)))
      .catch(() => {})
      .finally(() => (monitoring = false));
  }, 1_000);
  let run: Load;
  try {
    phase = 'measured run';
    run = await cannon('measured run (mix)', url, settings.durationS, server.pid, requests);
  } finally {
    clearInterval(sampler);
    await monitor.end().catch(() => {});
  }
  log(describe(run));
  phase = 'idle at end';
  await sleep(IDLE_S * 1000);
  const atEnd = memoryOf(server.pid);
  const growth = ratio(atEnd.rssMiB, afterWarmup.rssMiB);
  log(`RSS at end (+${IDLE_S} s idle, no GC forced): ${mib(atEnd.rssMiB)} = ${f(growth, 3)}× after warm-up (peak ${mib(atEnd.hwmMiB)})`);
  // The statistics are sent by each backend within a second or so of its last transaction; the idle wait covers it.
  const xactsPerRequest = (await pgTransactions() - xacts0) / Math.max(1, run.requests);
  const health = await call(null, 'GET', '/api/v1/health');
  if (health.status !== 200) throw new Error(`the server does not answer after the load: ${health.status}`);
  const audit = await auditOfWrites(databaseUrl, auditFrom, drafts);
  log(`audit log: ${audit.rows} rows of the load's writes; ${audit.wrong} with another actor, no request id, or a reason nobody gave`);

  // Results ------------------------------------------------------------------------------------
  const phases = [baseline, ...(warmup ? [warmup] : []), run];
  const failed = phases.filter((l) => failuresOf(l) > 0);
  const memoryOk = growth <= MAX_RSS_GROWTH;
  const tenths = samples.filter((_, i) => i % Math.max(1, Math.round(samples.length / 10)) === 0);

  const kindRows = Object.entries(run.kinds)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, k]) => [kind, String(k.count), `${f(100 * k.share)} %`, `${f(k.p50, 0)} ms`, `${f(k.p99, 0)} ms`, statusText(k.statuses)]);
  console.log('');
  console.log(
    `Samspel load bench (PostgreSQL, ${settings.connections} connections, ${sessions.length} sessions + 2 anonymous, measured ${f(run.seconds, 0)} s after ${settings.warmupS} s warm-up; ${os.cpus().length} CPU, load ${os
      .loadavg()
      .map((x) => f(x, 2))
      .join(' ')})`,
  );
  console.log(
    table([
      ['', 'mix', 'baseline (health)', 'ratio'],
      ['requests/s (2xx)', f(run.rps), f(baseline.rps), `${f(ratio(baseline.rps, run.rps), 2)}× time/req`],
      ['latency p50', `${f(run.p50, 0)} ms`, `${f(baseline.p50, 0)} ms`, `${f(ratio(run.p50, baseline.p50), 1)}×`],
      ['latency p99', `${f(run.p99, 0)} ms`, `${f(baseline.p99, 0)} ms`, `${f(ratio(run.p99, baseline.p99), 1)}×`],
      ['latency max', `${f(run.maxMs, 0)} ms`, `${f(baseline.maxMs, 0)} ms`, ''],
      ['server CPU (% of a core)', `${f(run.serverCpuPct, 0)} %`, `${f(baseline.serverCpuPct, 0)} %`, ''],
      ['load generator CPU', `${f(run.clientCpuPct, 0)} %`, `${f(baseline.clientCpuPct, 0)} %`, ''],
      ['2xx', String(run.ok2xx), String(baseline.ok2xx), ''],
      ['non-2xx', `${run.non2xx}${run.non2xx ? ` (${statusText(Object.fromEntries(Object.entries(run.byStatus).filter(([k]) => !k.startsWith('2'))))})` : ''}`, String(baseline.non2xx), ''],
      ['errors (of which timeouts)', `${run.errors} (${run.timeouts})`, `${baseline.errors} (${baseline.timeouts})`, ''],
      ['RSS after warm-up → at end', `${mib(afterWarmup.rssMiB)} → ${mib(atEnd.rssMiB)}`, '', `${f(growth, 3)}× (≤ ${MAX_RSS_GROWTH}: ${memoryOk ? 'PASS' : 'FAIL'})`],
      ['RSS peak (VmHWM)', mib(atEnd.hwmMiB), '', ''],
      ['PostgreSQL transactions per request', f(xactsPerRequest), '', ''],
      ['audit rows of the writes: wrong who/why', `${audit.wrong} of ${audit.rows}`, '', audit.wrong === 0 && audit.rows > 0 ? 'PASS' : 'FAIL'],
      [`pool connections busy (of ${settings.poolSize}), median / max`, `${f(median(poolBusy), 0)} / ${poolBusy.length ? Math.max(...poolBusy) : 'n/a'}`, '', ''],
    ]),
  );
  console.log('');
  console.log(table([['route (measured run)', 'requests', 'share', 'p50', 'p99', 'statuses'], ...kindRows]));
  console.log(`RSS during the run: ${tenths.map((x) => `${f(x.s, 0)} s ${f(x.rssMiB, 0)}`).join(', ')} MiB; median ${mib(median(samples.map((x) => x.rssMiB)))}`);
  console.log('ratios: "time/req" = baseline req/s ÷ mix req/s; latency ratios = mix ÷ baseline. Latencies per route are measured by the load generator (from building the request to its answer).');
  if (fullGcs.length > 0) {
    const inRun = fullGcs.filter((g) => g.phase === 'measured run' || g.phase === 'idle at end');
    console.log(`heap in use after each full GC (--trace-gc): ${fullGcs.map((g) => `${f(g.afterMB)} (${g.phase})`).join(', ')} MB${inRun.length ? `; during the run ${f(Math.min(...inRun.map((g) => g.afterMB)))}–${f(Math.max(...inRun.map((g) => g.afterMB)))} MB` : ''}`);
  }
  if (staleWarning) console.log(`WARNING: ${staleWarning}`);
  if (warmup && failuresOf(warmup) > 0) console.log(`warm-up: ${warmup.non2xx} non-2xx (${statusText(warmup.byStatus)}), ${warmup.errors} errors`);
  const verdict = failed.length === 0 && audit.wrong === 0 && audit.rows > 0 && (memoryOk || flags.smoke === true);
  console.log(verdict ? 'PASS: no errors, no non-2xx, memory within 10 %' : `FAIL:${failed.length ? ` failures in ${failed.map((l) => l.label).join(', ')};` : ''}${memoryOk ? '' : ` RSS grew ${f(100 * (growth - 1))} %`}`);
  if (failed.length > 0) console.log(`server output (last 4000 characters):\n${server.output()}`);

  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, node: process.version, loadAverageAtEnd: os.loadavg() },
        settings: { ...settings, pgAdminUrl: new URL(settings.pgAdminUrl).host, server: serverCommand.join(' ') },
        sessions: { total: sessions.length, anonymous: 2, byRole: Object.fromEntries(['administrator', 'strategist', 'reporter', 'reader'].map((r) => [r, roleCount(r)])) },
        drafts: drafts.length,
        staleBundle: staleWarning,
        baseline,
        warmup,
        run,
        postgresTransactionsPerRequest: xactsPerRequest,
        poolBusy,
        ratios: { timePerRequest: ratio(baseline.rps, run.rps), p50: ratio(run.p50, baseline.p50), p99: ratio(run.p99, baseline.p99) },
        audit,
        memory: { idleS: IDLE_S, afterWarmupMiB: afterWarmup.rssMiB, atEndMiB: atEnd.rssMiB, growth, peakMiB: atEnd.hwmMiB, limit: MAX_RSS_GROWTH, pass: memoryOk, samples, fullGcs },
        pass: verdict,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`results: ${path.relative(ROOT, RESULTS_FILE)}`);
  await stopChild(server.proc);
  return verdict;
}

let exitCode = 0;
try {
  if (!(await main())) exitCode = 1;
} catch (e) {
  console.error(`bench failed: ${(e as Error).stack ?? String(e)}`);
  for (const c of liveChildren) console.error(`(a server is still running: pid ${c.pid})`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
