import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { lockFileFor } from '../../src/db/lock.ts';
import { openDb } from '../../src/db/open-db.ts';
import {
  DB_KIND,
  cleanupServers,
  createScratchDatabase,
  http,
  makeTempDir,
  startServer,
  stopServer,
  waitForExit,
  type RunningServer,
} from '../support/server-process.ts';

/**
 * The real server, killed with SIGKILL while a client streams writes at it (a few in flight), then
 * restarted on the same data: every write the client got a 201 for must be there, nothing may be
 * there that the client never sent, and the database must be consistent (its indexes agree with its
 * tables). Three rounds on the same data.
 */

const ROUNDS = 3;
const MIN_ACKED_PER_ROUND = 100;
const IN_FLIGHT = 4;
const MAX_WRITES_PER_ROUND = 3000;
const CODE = '0360';

afterAll(cleanupServers);

type Kind = 'unit' | 'document';

interface Ledger {
  /** Writes the client got a 201 for: unit name or document key → kind. */
  acked: Map<string, Kind>;
  /** Every write the client sent, acknowledged or not. */
  attempted: Set<string>;
}

/** Streams unit and document creations until the server is killed at a random moment after ≥ MIN_ACKED_PER_ROUND acknowledgements. */
async function writeUntilKilled(server: RunningServer, round: number, ledger: Ledger) {
  const tag = randomBytes(3).toString('hex');
  const killAfter = MIN_ACKED_PER_ROUND + randomInt(0, 80);
  let ackedThisRound = 0;
  let seq = 0;
  let killed = false;
  let killScheduled = false;
  const worker = async () => {
    for (let i = 0; i < MAX_WRITES_PER_ROUND && !killed; i++) {
      const n = seq++;
      const isDocument = n % 5 === 4;
      const name = isDocument ? `kill-r${round}-${n}-${tag}` : `Kill r${round} n${n} ${tag}`;
      ledger.attempted.add(name);
      let r;
      try {
        r = isDocument
          ? await http(server.base, 'POST', `/api/v1/municipalities/${CODE}/documents`, { key: name, type: 'plan', title: `Plan ${n} i omgång ${round}` })
          : await http(server.base, 'POST', `/api/v1/municipalities/${CODE}/units`, { name, type: 'unit', parentId: null });
      } catch (e) {
        if (killed) return; // the request was in flight when the server died: it may or may not have been saved
        throw new Error(`write ${name} failed before the kill: ${(e as Error).message}\nstderr: ${server.stderr()}`);
      }
      if (r.status !== 201) {
        if (killed) return;
        throw new Error(`write ${name} gave ${r.status} before the kill: ${r.text}`);
      }
      ledger.acked.set(name, isDocument ? 'document' : 'unit');
      ackedThisRound++;
      if (ackedThisRound >= killAfter && !killScheduled) {
        killScheduled = true;
        // A random moment a little later, with requests in flight.
        setTimeout(() => {
          killed = true;
          server.child.kill('SIGKILL');
        }, randomInt(0, 20));
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  expect(killScheduled, `the writes stopped before ${killAfter} were acknowledged`).toBe(true);
  const exit = await waitForExit(server);
  return { exit, ackedThisRound };
}

async function allPages<T>(base: string, url: string): Promise<{ items: T[]; total: number }> {
  const items: T[] = [];
  let total = -1;
  for (let offset = 0; offset < 100_000; offset += 500) {
    const r = await http(base, 'GET', `${url}${url.includes('?') ? '&' : '?'}limit=500&offset=${offset}`);
    expect(r.status, r.text).toBe(200);
    if (total >= 0) expect(r.json.total, 'the total changed between pages').toBe(total);
    total = r.json.total;
    items.push(...r.json.items);
    if (items.length >= total || r.json.items.length === 0) break;
  }
  return { items, total };
}

/** Every acknowledged write is there, nothing unknown is, and the counts agree with each other. */
async function verify(server: RunningServer, ledger: Ledger): Promise<void> {
  const health = await http(server.base, 'GET', '/api/v1/health');
  expect(health.status).toBe(200);
  expect(health.json).toMatchObject({ status: 'ok', database: { kind: DB_KIND } });

  const units = await allPages<{ name: string }>(server.base, `/api/v1/municipalities/${CODE}/units`);
  expect(units.items).toHaveLength(units.total);
  const unitNames = units.items.map((u) => u.name);
  expect(new Set(unitNames).size, 'unit names are unique').toBe(unitNames.length);
  const docs = await allPages<{ key: string; version: number; status: string }>(server.base, `/api/v1/municipalities/${CODE}/documents`);
  expect(docs.items).toHaveLength(docs.total);
  const docKeys = new Set(docs.items.map((d) => d.key));

  const missing = [...ledger.acked].filter(([name, kind]) => !(kind === 'unit' ? unitNames.includes(name) : docKeys.has(name))).map(([name]) => name);
  expect(missing, 'acknowledged writes that are gone after the restart').toEqual([]);
  const unknown = [...unitNames.filter((n) => n.startsWith('Kill r')), ...[...docKeys].filter((k) => k.startsWith('kill-r'))].filter((n) => !ledger.attempted.has(n));
  expect(unknown, 'rows no client ever sent').toEqual([]);
  for (const d of docs.items.filter((x) => x.key.startsWith('kill-r'))) expect([d.version, d.status]).toEqual([1, 'draft']);

  const m = await http(server.base, 'GET', `/api/v1/municipalities/${CODE}`);
  expect(m.status).toBe(200);
  expect({ units: m.json.unitCount, documents: m.json.documentCount }).toEqual({ units: units.total, documents: docs.total });
  // The demo document is still whole.
  const adopted = docs.items.find((d) => d.key === 'handlingsplan-for-integration');
  expect(adopted).toBeDefined();
}

/** With the server stopped: the unique indexes and the tables agree on every acknowledged row. */
async function checkIndexesAgreeWithTables(db: Kysely<any>, ledger: Ledger): Promise<void> {
  const units = [...ledger.acked].filter(([, k]) => k === 'unit').map(([n]) => n);
  const docs = [...ledger.acked].filter(([, k]) => k === 'document').map(([n]) => n);
  const count = async (scan: 'index' | 'table') =>
    db.transaction().execute(async (trx) => {
      if (scan === 'index') await sql`set local enable_seqscan = off`.execute(trx);
      else for (const s of ['enable_indexscan', 'enable_bitmapscan', 'enable_indexonlyscan']) await sql`select set_config(${s}, 'off', true)`.execute(trx);
      const u = await sql<{ n: number }>`select count(*)::int as n from org_unit where municipality_code = ${CODE} and name = any(${units})`.execute(trx);
      const d = await sql<{ n: number }>`select count(*)::int as n from document where municipality_code = ${CODE} and key = any(${docs})`.execute(trx);
      const all = await sql<{ n: number }>`select count(*)::int as n from org_unit where municipality_code = ${CODE}`.execute(trx);
      return { units: u.rows[0]!.n, documents: d.rows[0]!.n, allUnits: all.rows[0]!.n };
    });
  const byIndex = await count('index');
  const byTable = await count('table');
  expect(byTable).toEqual(byIndex);
  expect({ units: byTable.units, documents: byTable.documents }).toEqual({ units: units.length, documents: docs.length });
}

describe('killing the server during writes', () => {
  it(`keeps every acknowledged write through ${ROUNDS} rounds of kill -9 and restart`, { timeout: 300_000 }, async () => {
    let settings: Record<string, string>;
    let lockFile: string | null = null;
    let dataDir = '';
    if (DB_KIND === 'pglite') {
      dataDir = path.join(makeTempDir('samspel-kill-'), 'db');
      lockFile = lockFileFor(dataDir);
      settings = { PGLITE_DIR: dataDir };
    } else {
      settings = { DATABASE_URL: (await createScratchDatabase('samspel_kill')).url };
    }
    const ledger: Ledger = { acked: new Map(), attempted: new Set() };
    let server = await startServer(settings);
    expect(server.stdout()).toContain('demo data loaded');

    for (let round = 1; round <= ROUNDS; round++) {
      const { exit, ackedThisRound } = await writeUntilKilled(server, round, ledger);
      expect(exit.signal).toBe('SIGKILL');
      expect(ackedThisRound).toBeGreaterThanOrEqual(MIN_ACKED_PER_ROUND);
      if (lockFile) expect(fs.readFileSync(lockFile, 'utf8'), 'kill -9 leaves the lock file of the dead process').toBe(String(server.pid));

      server = await startServer(settings); // on PGlite this has to recover the stale lock
      if (lockFile) expect(fs.readFileSync(lockFile, 'utf8')).toBe(String(server.pid));
      expect(server.stdout()).not.toContain('demo data loaded');
      await verify(server, ledger);
    }
    expect(ledger.acked.size).toBeGreaterThanOrEqual(ROUNDS * MIN_ACKED_PER_ROUND);

    const exit = await stopServer(server, 'SIGTERM');
    expect(exit.code, server.stderr()).toBe(0);
    if (lockFile) expect(fs.existsSync(lockFile), 'a clean stop removes the lock file').toBe(false);

    const db = DB_KIND === 'pglite' ? await openDb({ kind: 'pglite', dataDir }) : await openDb({ kind: 'postgres', url: settings.DATABASE_URL!, poolSize: 1 });
    try {
      await checkIndexesAgreeWithTables(db.db, ledger);
    } finally {
      await db.close();
    }
  });
});
