/**
 * The tree route when its cache is cold (the first read after an edit rebuilds it from the database),
 * against the cached read, in the same process and run, on PGlite and PostgreSQL (when reachable).
 * In-process through app.inject, so only the server's work is timed. Not a test: it prints figures.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { generateDocument } from './lib/generate.ts';
import { intSetting, median } from './lib/stats.ts';
import { migrate, openDb, type DbOptions } from '../src/db/open-db.ts';
import { actAs, makeAdminToken } from '../test/support/act-as.ts';
import { buildApp } from '../src/http/app.ts';

const ROUNDS = intSetting('BENCH_TREE_COLD_ROUNDS', 25, 2, 200, 3);

async function measure(label: string, opts: DbOptions): Promise<void> {
  const db = await openDb(opts);
  await migrate(db.db);
  const app = await buildApp({ db: db.db, dbKind: db.kind, logLevel: 'silent', importBodyLimitBytes: 50 * 1024 * 1024 });
  actAs(app, await makeAdminToken(db.db, 'bench-admin@samspel.test'));
  try {
    const { document, counts } = generateDocument();
    const imported = await app.inject({ method: 'POST', url: `/api/v1/municipalities/${document.municipality.code}/documents/import`, payload: document });
    if (imported.statusCode !== 201) throw new Error(`import failed: ${imported.body}`);
    const id = JSON.parse(imported.body).id as string;
    const area = JSON.parse((await app.inject({ method: 'GET', url: `/api/v1/documents/${id}/areas?limit=1` })).body).items[0];
    let lockVersion = area.lockVersion as number;
    const cold: number[] = [];
    const cached: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      // An edit renews the document's content stamp, so the next read rebuilds the tree.
      const edit = await app.inject({ method: 'PATCH', url: `/api/v1/areas/${area.id}`, payload: { description: `round ${i}`, lockVersion } });
      lockVersion = JSON.parse(edit.body).lockVersion;
      let t = performance.now();
      const a = await app.inject({ method: 'GET', url: `/api/v1/documents/${id}/tree` });
      cold.push(performance.now() - t);
      t = performance.now();
      const b = await app.inject({ method: 'GET', url: `/api/v1/documents/${id}/tree` });
      cached.push(performance.now() - t);
      if (a.body !== b.body) throw new Error('the cached tree differs from the rebuilt one');
    }
    const c = median(cold);
    const w = median(cached);
    console.log(`${label.padEnd(10)} ${String(counts.nodes).padStart(5)} nodes  cold ${c.toFixed(1).padStart(6)} ms  cached ${w.toFixed(1).padStart(5)} ms  cold/cached ${(c / w).toFixed(1)}×`);
  } finally {
    await app.close();
    await db.close();
  }
}

console.log(`\nTree route, cold cache (first read after an edit) against cached, medians of ${ROUNDS}, in-process`);
await measure('PGlite', { kind: 'pglite', dataDir: 'memory://' });
const url = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const name = `samspel_bench_cold_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: url });
try {
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  await measure('PostgreSQL', { kind: 'postgres', url: u.toString() });
} catch (e) {
  console.log(`PostgreSQL: not measured (${(e as Error).message})`);
} finally {
  await admin.query(`drop database if exists ${name}`).catch((e: Error) => console.log(`could not drop ${name}: ${e.message}`));
  await admin.end().catch(() => {});
}
