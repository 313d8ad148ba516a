import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockFileFor } from '../../src/db/lock.ts';
import {
  DB_KIND,
  cleanupServers,
  createScratchDatabase,
  http,
  makeTempDir,
  spawnServer,
  startServer,
  stopServer,
  waitForExit,
  type RunningServer,
} from '../support/server-process.ts';

/**
 * Several real server processes on one database. PGlite has no lock of its own, so the app's lock
 * file must refuse a second process on a directory (and recover one left by kill -9); PostgreSQL is
 * made for many clients, so two app processes there must simply serve the same data.
 */

afterAll(cleanupServers);

const TIMEOUT = 480_000;

async function createUnit(server: RunningServer, name: string) {
  const r = await http(server.base, 'POST', '/api/v1/municipalities/0360/units', { name, type: 'unit', parentId: null });
  expect(r.status, r.text).toBe(201);
  return r.json as { id: string; name: string; lockVersion: number };
}

describe('several app processes on one database', () => {
  if (DB_KIND === 'pglite') {
    it('a second app process on the same PGlite directory is refused with a message naming the directory and the process holding it', { timeout: TIMEOUT }, async () => {
      const dir = path.join(makeTempDir('samspel-two-'), 'db');
      const first = await startServer({ PGLITE_DIR: dir });
      const unit = await createUnit(first, 'Skapad av den första processen');

      const second = spawnServer({ PGLITE_DIR: dir });
      const exit = await waitForExit(second, 60_000);
      expect(exit.signal).toBeNull();
      expect(exit.code).not.toBe(0);
      expect(second.stderr()).toContain(path.resolve(dir));
      expect(second.stderr()).toContain(`process ${first.pid}`);
      expect(second.stdout()).not.toContain('listens on');

      // The refusal took nothing from the first process: it keeps its lock, its data and its writes.
      expect(fs.readFileSync(lockFileFor(dir), 'utf8')).toBe(String(first.pid));
      const again = await http(first.base, 'GET', `/api/v1/units/${unit.id}`);
      expect(again.status).toBe(200);
      expect(again.json.name).toBe(unit.name);
      await createUnit(first, 'Skapad efter den andra processens försök');
      expect((await stopServer(first, 'SIGTERM')).code).toBe(0);
    });

    it('a stale lock left by kill -9 is recovered', { timeout: TIMEOUT }, async () => {
      const dir = path.join(makeTempDir('samspel-stale-'), 'db');
      const lockFile = lockFileFor(dir);
      const first = await startServer({ PGLITE_DIR: dir });
      const unit = await createUnit(first, 'Skapad före kill -9');
      const killed = await stopServer(first, 'SIGKILL');
      expect(killed.signal).toBe('SIGKILL');
      expect(fs.readFileSync(lockFile, 'utf8'), 'the dead process left its lock file').toBe(String(first.pid));

      const second = await startServer({ PGLITE_DIR: dir });
      expect(second.stderr()).not.toContain('cannot start');
      expect(fs.readFileSync(lockFile, 'utf8')).toBe(String(second.pid));
      const r = await http(second.base, 'GET', `/api/v1/units/${unit.id}`);
      expect(r.status).toBe(200);
      expect(r.json.name).toBe(unit.name);
      await createUnit(second, 'Skapad efter omstarten');

      expect((await stopServer(second, 'SIGTERM')).code).toBe(0);
      expect(fs.existsSync(lockFile), 'a clean stop removes the lock file').toBe(false);
    });
  } else {
    it('two app processes against one PostgreSQL serve the same data', { timeout: TIMEOUT }, async () => {
      const { url } = await createScratchDatabase('samspel_two');
      const a = await startServer({ DATABASE_URL: url });
      const b = await startServer({ DATABASE_URL: url });
      expect(b.stdout(), 'the second process finds the demo data the first loaded').not.toContain('demo data loaded');

      // Write through A, read through B.
      const unit = await createUnit(a, 'Skapad via process A');
      const seenByB = await http(b.base, 'GET', `/api/v1/units/${unit.id}`);
      expect(seenByB.status).toBe(200);
      expect(seenByB.json).toEqual(unit);

      // Write through B, read through A.
      const created = await http(b.base, 'POST', '/api/v1/municipalities/0360/documents', { key: 'skapad-via-b', type: 'plan', title: 'Skapad via process B' });
      expect(created.status, created.text).toBe(201);
      const seenByA = await http(a.base, 'GET', `/api/v1/documents/${created.json.id}`);
      expect(seenByA.status).toBe(200);
      expect(seenByA.json).toEqual(created.json);
      const listA = await http(a.base, 'GET', '/api/v1/municipalities/0360/documents?limit=100');
      const listB = await http(b.base, 'GET', '/api/v1/municipalities/0360/documents?limit=100');
      expect(listA.json).toEqual(listB.json);

      // Both edit the same item with the same lockVersion at once: one wins, the other gets 409.
      const goal = await http(a.base, 'POST', `/api/v1/documents/${created.json.id}/goals`, { key: 'ett-mal', title: 'Ett mål' });
      expect(goal.status, goal.text).toBe(201);
      const [ra, rb] = await Promise.all([
        http(a.base, 'PATCH', `/api/v1/goals/${goal.json.id}`, { title: 'Målet enligt A', lockVersion: goal.json.lockVersion }),
        http(b.base, 'PATCH', `/api/v1/goals/${goal.json.id}`, { title: 'Målet enligt B', lockVersion: goal.json.lockVersion }),
      ]);
      expect([ra.status, rb.status].sort()).toEqual([200, 409]);
      const [winner, loser] = ra.status === 200 ? [ra, rb] : [rb, ra];
      expect(loser.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(loser.json).toMatchObject({ type: 'urn:samspel:problem:version_conflict', status: 409 });
      for (const s of [a, b]) {
        const now = await http(s.base, 'GET', `/api/v1/goals/${goal.json.id}`);
        expect(now.json).toMatchObject({ title: winner.json.title, lockVersion: goal.json.lockVersion + 1 });
      }
      // The loser retries with the version it now reads, through the other process, and wins.
      const loserServer = loser === ra ? a : b;
      const retry = await http(loserServer.base, 'PATCH', `/api/v1/goals/${goal.json.id}`, { title: 'Målet efter omförsök', lockVersion: goal.json.lockVersion + 1 });
      expect(retry.status, retry.text).toBe(200);
      const final = await http((loserServer === a ? b : a).base, 'GET', `/api/v1/goals/${goal.json.id}`);
      expect(final.json).toMatchObject({ title: 'Målet efter omförsök', lockVersion: goal.json.lockVersion + 2 });

      expect((await stopServer(a, 'SIGTERM')).code).toBe(0);
      expect((await stopServer(b, 'SIGTERM')).code).toBe(0);
    });

    it('a server killed with kill -9 leaves nothing on PostgreSQL that blocks a restart', { timeout: TIMEOUT }, async () => {
      const { url } = await createScratchDatabase('samspel_stale');
      const first = await startServer({ DATABASE_URL: url });
      const unit = await createUnit(first, 'Skapad före kill -9');
      expect((await stopServer(first, 'SIGKILL')).signal).toBe('SIGKILL');

      const second = await startServer({ DATABASE_URL: url });
      expect(second.stdout()).not.toContain('demo data loaded');
      const r = await http(second.base, 'GET', `/api/v1/units/${unit.id}`);
      expect(r.status).toBe(200);
      expect(r.json.name).toBe(unit.name);
      await createUnit(second, 'Skapad efter omstarten');
      expect((await stopServer(second, 'SIGTERM')).code).toBe(0);
    });
  }
});
