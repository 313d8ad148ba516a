import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDemo } from '../../../test/support/demo.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-db.ts';
import { countAudit, withAuditContext } from './audit.service.ts';

/**
 * The audit log through the API and real SQL: every change leaves who, when, what (before and after)
 * and why; the log cannot be changed; concurrent requests keep their own identities.
 */
let t: TestApp;
let draft: { id: string; lockVersion: number };
let goals: Array<{ id: string; lockVersion: number; title: string }>;

const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers: Record<string, string> = {}) => {
  const r = await t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : undefined, requestId: String(r.headers['x-request-id']) };
};

beforeAll(async () => {
  t = await createTestApp();
  await withDemo(t.db);
  const docs = (await call('GET', '/api/v1/municipalities/0360/documents?key=strategi-for-integration')).body.items;
  const revised = await call('POST', `/api/v1/documents/${docs[0].id}/revise`, { lockVersion: docs[0].lockVersion });
  expect(revised.status).toBe(201);
  draft = revised.body;
  goals = (await call('GET', `/api/v1/documents/${draft.id}/goals?limit=10`)).body.items;
});
afterAll(() => t.close());
const adminId = async () => (await t.db.db.selectFrom('app_user').select('id').where('email', '=', 'test-admin@samspel.test').executeTakeFirstOrThrow()).id;

describe('audit log', () => {
  it('records who changed a goal’s title, from what to what, and why, and shows it per entity', async () => {
    const g = goals[0]!;
    const reason = 'Rättelse enligt KS § 12 2026-01-15';
    const r = await call('PATCH', `/api/v1/goals/${g.id}`, { title: 'Ny rubrik för målet', lockVersion: g.lockVersion }, { 'x-change-reason': encodeURIComponent(reason) });
    expect(r.status).toBe(200);
    const history = await call('GET', `/api/v1/municipalities/0360/audit?entity=goal&entityId=${g.id}`);
    expect(history.status).toBe(200);
    const latest = history.body.items[0];
    expect(latest).toMatchObject({ entity: 'goal', entityId: g.id, action: 'update', actor: `user:${await adminId()}`, actorName: 'Test administrator <test-admin@samspel.test>', reason, requestId: r.requestId, documentId: draft.id, municipalityCode: '0360' });
    expect(latest.changed).toEqual(['title']);
    expect(latest.before.title).toBe(g.title);
    expect(latest.after.title).toBe('Ny rubrik för målet');
    // The revision created the goal: its insert is the oldest entry.
    expect(history.body.items.at(-1)).toMatchObject({ action: 'insert', before: null });
  });

  it('lists a document’s changes, items included, newest first', async () => {
    const r = await call('GET', `/api/v1/municipalities/0360/audit?documentId=${draft.id}&limit=500`);
    const entities = new Set(r.body.items.map((i: { entity: string }) => i.entity));
    expect(entities.has('document')).toBe(true);
    expect(entities.has('goal')).toBe(true);
    const ids = r.body.items.map((i: { id: string }) => Number(i.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(r.body.total).toBe(r.body.items.length);
  });

  it('keeps no row for an update that changes nothing', async () => {
    const before = await countAudit(t.db.db);
    await sql`update goal set title = title where document_id = ${draft.id}`.execute(t.db.db);
    expect(await countAudit(t.db.db)).toBe(before);
  });

  it('cannot be changed, deleted or emptied, not even with SQL: the application’s role may not, and the owner is stopped by the trigger', async () => {
    const before = await countAudit(t.db.db);
    // As the application works (src/db/app-role.ts): no right to it at all.
    await expect(sql`update audit_log set actor = 'someone else'`.execute(t.db.db)).rejects.toThrow(/permission denied for table audit_log/);
    await expect(sql`delete from audit_log`.execute(t.db.db)).rejects.toThrow(/permission denied for table audit_log/);
    await expect(sql`truncate audit_log`.execute(t.db.db)).rejects.toThrow(/permission denied for table audit_log/);
    // As the owner of the tables (the migrations' user), the trigger of migration 007 refuses.
    const asOwner = (q: string) => t.db.db.transaction().execute(async (trx) => {
      await sql`set local role none`.execute(trx);
      await sql.raw(q).execute(trx);
    });
    await expect(asOwner(`update audit_log set actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(asOwner(`delete from audit_log`)).rejects.toThrow(/append-only/);
    await expect(asOwner(`truncate audit_log`)).rejects.toThrow(/append-only/);
    expect(await countAudit(t.db.db)).toBe(before);
  });

  it('keeps the history of a deleted item, and of a refused change nothing', async () => {
    const created = await call('POST', `/api/v1/documents/${draft.id}/goals`, { key: 'att-ta-bort', title: 'Ett mål att ta bort' });
    expect(created.status).toBe(201);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/goals/${created.body.id}?lockVersion=${created.body.lockVersion}` });
    expect(del.statusCode).toBe(204);
    const before = await countAudit(t.db.db);
    const stale = await call('PATCH', `/api/v1/goals/${goals[1]!.id}`, { title: 'För sent', lockVersion: 999 });
    expect(stale.status).toBe(409);
    expect(await countAudit(t.db.db)).toBe(before);
    const h = (await call('GET', `/api/v1/municipalities/0360/audit?entity=goal&entityId=${created.body.id}`)).body.items;
    expect(h.map((i: { action: string }) => i.action)).toEqual(['delete', 'insert']);
    expect(h[0].after).toBeNull();
    expect(h[0].before.title).toBe('Ett mål att ta bort');
  });

  it('gives each of many concurrent requests its own request id and reason', async () => {
    const results = await Promise.all(
      goals.slice(2, 8).map((g, i) => call('PATCH', `/api/v1/goals/${g.id}`, { description: `Samtidig ändring ${i}`, lockVersion: g.lockVersion }, { 'x-change-reason': `parallel-${i}` })),
    );
    for (const [i, r] of results.entries()) {
      expect(r.status).toBe(200);
      // The goal, and the document whose content version the change bumps: both under this request alone.
      const rows = await t.db.db.selectFrom('audit_log').select(['entity', 'entity_id', 'reason']).where('request_id', '=', r.requestId).orderBy('id').execute();
      expect(rows).toEqual([
        { entity: 'goal', entity_id: goals[2 + i]!.id, reason: `parallel-${i}` },
        { entity: 'document', entity_id: draft.id, reason: `parallel-${i}` },
      ]);
    }
  });

  it('names the command line or the system as the actor outside requests', async () => {
    await withAuditContext({ actor: 'cli:demo load' }, () => sql`update goal set description = 'Från kommandoraden' where id = ${goals[9]?.id ?? goals[0]!.id}`.execute(t.db.db));
    await sql`update goal set description = 'Utan sammanhang' where id = ${goals[9]?.id ?? goals[0]!.id}`.execute(t.db.db);
    const rows = await t.db.db.selectFrom('audit_log').select(['actor']).where('entity', '=', 'goal').where('entity_id', '=', goals[9]?.id ?? goals[0]!.id).orderBy('id', 'desc').limit(2).execute();
    expect(rows.map((r) => r.actor)).toEqual(['system', 'cli:demo load']);
  });

  it('refuses an entity id without its kind, and an unknown municipality', async () => {
    expect((await call('GET', '/api/v1/municipalities/0360/audit?entityId=abc')).status).toBe(400);
    expect((await call('GET', '/api/v1/municipalities/9999/audit')).status).toBe(404);
  });
});
