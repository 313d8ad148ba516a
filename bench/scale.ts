/**
 * `npm run bench` (scale): a tenant's cost does not grow with the number of tenants (issue 13, item 11).
 *
 * One database (PGlite in memory; PostgreSQL with BENCH_PG_URL) gets municipality clones of the demo's
 * largest, Östersund: its bundle (organisation, strategy and its goals, targets and indicators) and its
 * values 2016–2025, imported under codes 1000, 1001, … through the same services as the demo loader.
 * With one clone, then with BENCH_SCALE_MUNICIPALITIES (290: every Swedish municipality) loaded, the
 * first clone's
 *   - document tree (GET /documents/{id}/tree),
 *   - yearly compilation (GET /documents/{id}/compilation?year=2020),
 *   - document list (GET /municipalities/{code}/documents),
 *   - open data of one indicator (GET /open-data/…/{indicator}.csv),
 * are timed in-process (app.inject, medians of BENCH_SCALE_RUNS). The result is the ratio of each median
 * with all tenants to the same median with one (goal ≤ 1.2×). Not a test: it prints figures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { readBundleFile, DEMO_DIR } from '../src/cli/commands/demo-load.ts';
import { FOLLOW_UP_DIR, readValuesFile } from '../src/cli/commands/demo-follow-up.ts';
import { migrate, openDb, type Db } from '../src/db/open-db.ts';
import { buildApp } from '../src/http/app.ts';
import { openYear } from '../src/services/follow-up/periods.service.ts';
import { importValues } from '../src/services/follow-up/values.service.ts';
import { importBundle } from '../src/services/strategy/documents.service.ts';
import { actAs, makeAdminToken } from '../test/support/act-as.ts';
import { withPgAdmin } from './lib/pg.ts';
import { intSetting, median } from './lib/stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'scale.json');
const TENANTS = intSetting('BENCH_SCALE_MUNICIPALITIES', 290, 2, 400, 3);
const RUNS = intSetting('BENCH_SCALE_RUNS', 15, 3, 100, 3);
const GOAL = 1.2;
const YEAR = 2020;

const bundle = readBundleFile(path.join(DEMO_DIR, '2380-ostersund.yaml'));
const values = await readValuesFile(path.join(FOLLOW_UP_DIR, '2380-integrationsstrategi-2020.csv'));
const documentKey = 'integrationsstrategi-2020';
const indicatorKey = values[0]!.indicator;

/** Östersund's documents and values under another code, through the import services. */
async function addClone(db: Db, i: number): Promise<{ code: string; documentId: string }> {
  const code = String(1000 + i);
  const clone = structuredClone(bundle);
  clone.municipality = { ...clone.municipality, code, name: `Kommun ${code}` };
  await importBundle(db.db, clone);
  for (let year = 2016; year <= 2025; year++) await openYear(db.db, code, year, 'year_interim');
  const doc = await db.db.selectFrom('document').select('id').where('municipality_code', '=', code).where('key', '=', documentKey).where('status', '=', 'adopted').executeTakeFirstOrThrow();
  await importValues(db.db, doc.id, values, { createPeriods: true });
  return { code, documentId: doc.id };
}

async function measure(db: Db, target: { code: string; documentId: string }) {
  const app = await buildApp({ db: db.db, dbKind: db.kind, logLevel: 'silent' });
  actAs(app, await makeAdminToken(db.db, `bench-${Date.now()}@samspel.test`));
  const routes: Record<string, string> = {
    tree: `/api/v1/documents/${target.documentId}/tree`,
    compilation: `/api/v1/documents/${target.documentId}/compilation?year=${YEAR}`,
    documents: `/api/v1/municipalities/${target.code}/documents`,
    openData: `/api/v1/open-data/municipalities/${target.code}/indicators/${documentKey}/${indicatorKey}.csv`,
  };
  const out: Record<string, number> = {};
  try {
    for (const [name, url] of Object.entries(routes)) {
      const r0 = await app.inject({ method: 'GET', url });
      if (r0.statusCode !== 200) throw new Error(`${url} answered ${r0.statusCode}: ${r0.body.slice(0, 300)}`);
      // Warm-up, untimed: the JIT, the caches and the database's buffers, the same for both measurements.
      for (let i = 0; i < 5; i++) await app.inject({ method: 'GET', url });
      const xs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await app.inject({ method: 'GET', url });
        xs.push(performance.now() - t0);
      }
      out[name] = median(xs);
    }
  } finally {
    await app.close();
  }
  return out;
}

async function run(label: string, open: () => Promise<Db>) {
  const db = await open();
  try {
    await migrate(db.db);
    const target = await addClone(db, 0);
    const one = await measure(db, target);
    const t0 = performance.now();
    for (let i = 1; i < TENANTS; i++) {
      await addClone(db, i);
      if (i % 50 === 0) console.log(`  ${label}: ${i + 1} municipalities loaded (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
    const loadS = (performance.now() - t0) / 1000;
    const rows = await db.db.selectFrom('indicator_value').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const all = await measure(db, target);
    console.log(`\nScale (${label}): one municipality's requests with 1 and with ${TENANTS} municipalities in the database (${rows.n} values; loaded in ${loadS.toFixed(0)} s); medians of ${RUNS}, goal ≤ ${GOAL}×`);
    const result: Record<string, { oneMs: number; allMs: number; ratio: number; pass: boolean }> = {};
    for (const k of Object.keys(one)) {
      const ratio = all[k]! / one[k]!;
      result[k] = { oneMs: one[k]!, allMs: all[k]!, ratio, pass: ratio <= GOAL };
      console.log(`  ${k.padEnd(12)} ${one[k]!.toFixed(1).padStart(8)} ms → ${all[k]!.toFixed(1).padStart(8)} ms   ${ratio.toFixed(2).padStart(5)}×  ${ratio <= GOAL ? 'PASS' : 'MISS'}`);
    }
    return { tenants: TENANTS, values: Number(rows.n), loadS, routes: result };
  } finally {
    await db.close();
  }
}

const results: Record<string, unknown> = {};
results.pglite = await run('PGlite', () => openDb({ kind: 'pglite', dataDir: 'memory://' }));
const pgUrl = process.env.BENCH_PG_URL;
if (pgUrl) {
  const name = `samspel_bench_scale_${process.pid}`;
  await withPgAdmin(pgUrl, (c) => c.query(`create database "${name}"`));
  try {
    const u = new URL(pgUrl);
    u.pathname = `/${name}`;
    results.postgres = await run('PostgreSQL', () => openDb({ kind: 'postgres', url: u.toString() }));
  } finally {
    await withPgAdmin(pgUrl, (c) => c.query(`drop database if exists "${name}" with (force)`));
  }
}
fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
