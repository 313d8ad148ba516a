import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DB_KIND, type TestApp } from '../../../test/support/test-db.ts';
import { withDemo } from '../../../test/support/demo.ts';

let t: TestApp;
const json = (r: { body: string }) => JSON.parse(r.body);
const get = (url: string) => t.app.inject({ method: 'GET', url });
const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, payload: payload as object, headers });

async function documentOf(code: string, key: string) {
  const list = json(await get(`/api/v1/municipalities/${code}/documents?key=${key}`));
  return list.items[0];
}

beforeAll(async () => {
  t = await createTestApp();
  await withDemo(t.db);
});
afterAll(() => t.close());

describe('reading', () => {
  it('reports health with the database kind and migration version', async () => {
    const r = await get('/api/v1/health');
    expect(r.statusCode).toBe(200);
    expect(json(r)).toMatchObject({ status: 'ok', database: { kind: TEST_DB_KIND, migration: expect.stringMatching(/^\d{4}-\d{2}-\d{2}-\d{3}-/) } });
  });

  it('lists the four demo municipalities with code and name', async () => {
    const list = json(await get('/api/v1/municipalities'));
    expect(list.map((m: { code: string; name: string }) => [m.code, m.name])).toEqual([
      ['0138', 'Tyresö'],
      ['0360', 'Tierp'],
      ['0481', 'Oxelösund'],
      ['2380', 'Östersund'],
    ]);
  });

  it("lists a municipality's documents and filters them by status and type", async () => {
    const all = json(await get('/api/v1/municipalities/0360/documents'));
    expect(all.total).toBe(2);
    const plans = json(await get('/api/v1/municipalities/0360/documents?type=action_plan'));
    expect(plans.items.map((d: { key: string }) => d.key)).toEqual(['handlingsplan-for-integration']);
    const drafts = json(await get('/api/v1/municipalities/0360/documents?status=draft'));
    expect(drafts.total).toBe(0);
  });

  it('returns a whole document as one nested tree', async () => {
    const doc = await documentOf('2380', 'integrationsstrategi-2020');
    const r = await get(`/api/v1/documents/${doc.id}/tree`);
    expect(r.statusCode).toBe(200);
    const tree = json(r);
    for (const k of ['areas', 'goals', 'targets', 'indicators', 'strategies', 'activities']) expect(Array.isArray(tree[k])).toBe(true);
    // Östersund's long-term goals sit under the indicator area that mirrors them.
    const topGoals = [...tree.goals, ...tree.areas.flatMap((a: { goals: unknown[] }) => a.goals)];
    expect(topGoals).toHaveLength(4);
    const goal2 = topGoals.find((g: { title: string }) => g.title.startsWith('Bättre tillvarata'));
    expect(goal2.targets.length).toBe(4);
    expect(goal2.goals.length).toBeGreaterThan(0);
    expect(tree.areas.flatMap((a: { indicators: unknown[] }) => a.indicators).length).toBe(10);
  });

  it("nests Tierp's action plan as areas → goals → activities", async () => {
    const doc = await documentOf('0360', 'handlingsplan-for-integration');
    const tree = json(await get(`/api/v1/documents/${doc.id}/tree`));
    expect(tree.areas.map((a: { name: string }) => a.name)).toEqual(['Arbete', 'Boende', 'Språk', 'Attityd', 'Mötesplatser', 'Samverkan']);
    const arbete = tree.areas[0];
    expect(arbete.goals[0].activities).toHaveLength(5);
    expect(arbete.goals[0].activities[0].responsible[0]).toMatchObject({ role: 'Personalchef', lead: true });
  });

  it('filters activities by area, status and responsible unit, and paginates', async () => {
    const doc = await documentOf('0360', 'handlingsplan-for-integration');
    const all = json(await get(`/api/v1/documents/${doc.id}/activities?limit=5`));
    expect(all.items).toHaveLength(5);
    expect(all.total).toBeGreaterThan(20);
    const sprak = json(await get(`/api/v1/documents/${doc.id}/activities?area=sprak&limit=100`));
    expect(sprak.items.length).toBeGreaterThan(0);
    expect(sprak.items.every((a: { area: string }) => a.area === 'sprak')).toBe(true);
    const units = json(await get('/api/v1/municipalities/0360/units?limit=100'));
    const klg = units.items.find((u: { name: string }) => u.name === 'Kommunledningsgruppen');
    const byKlg = json(await get(`/api/v1/documents/${doc.id}/activities?responsibleUnit=${klg.id}&limit=100`));
    expect(byKlg.total).toBeGreaterThan(5);
    expect(byKlg.items.every((a: { responsible: Array<{ unit: string }> }) => a.responsible.some((r) => r.unit === 'Kommunledningsgruppen'))).toBe(true);
    const done = json(await get(`/api/v1/documents/${doc.id}/activities?status=done`));
    expect(done.total).toBe(0);
  });

  it('serves an OpenAPI 3 document with the enums of the schemas', async () => {
    const r = await get('/api/v1/openapi.json');
    expect(r.statusCode).toBe(200);
    const spec = json(r);
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toContain('/api/v1/documents/{id}/tree');
    expect(JSON.stringify(spec)).toContain('at_most_relative');
    expect((await get('/api/docs/')).statusCode).toBe(200);
  });
});

describe('errors are problem+json and change nothing', () => {
  it('gives 404 for an unknown id, a malformed id and an unknown route', async () => {
    for (const url of ['/api/v1/documents/3f1c7a2e-0000-4000-8000-000000000000', '/api/v1/documents/not-an-id/tree', '/api/v1/nothing-here', '/api/v1/municipalities/9999']) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(json(r)).toMatchObject({ type: 'urn:samspel:problem:not_found', status: 404 });
    }
  });

  it('rejects unknown fields, wrong enums and missing fields with the field path', async () => {
    const r = await send('POST', '/api/v1/municipalities/0360/documents', { key: 'ny', type: 'manifesto', title: 'X', colour: 'red' });
    expect(r.statusCode).toBe(400);
    const body = json(r);
    expect(body.type).toBe('urn:samspel:problem:validation');
    const paths = body.errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('/type');
    expect(body.errors.some((e: { message: string }) => /colour/.test(e.message))).toBe(true);
    const missing = json(await send('POST', '/api/v1/municipalities/0360/documents', { key: 'ny', type: 'plan' }));
    expect(missing.errors.map((e: { path: string }) => e.path)).toContain('/title');
  });

  it('refuses a body over the size limit with 413', async () => {
    const r = await send('POST', '/api/v1/municipalities', { code: '1234', name: 'x'.repeat(2 * 1024 * 1024) });
    expect(r.statusCode).toBe(413);
    expect(json(r).type).toBe('urn:samspel:problem:payload_too_large');
  });

  it('answers broken JSON with 400, not 500', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/municipalities', payload: '{"code": "12', headers: { 'content-type': 'application/json' } });
    expect(r.statusCode).toBe(400);
    expect(json(r).type).toBe('urn:samspel:problem:bad_request');
  });
});

describe('editing a draft', () => {
  let docId: string;
  let docVersion: number;

  it('creates a draft and gives it version 1 and an ETag', async () => {
    const r = await send('POST', '/api/v1/municipalities/0481/documents', { key: 'handlingsplan-2026', type: 'action_plan', title: 'Åtgärdsplan 2026', goalLevels: ['Mål', 'Delmål'] });
    expect(r.statusCode).toBe(201);
    const d = json(r);
    expect(d).toMatchObject({ status: 'draft', version: 1, lockVersion: 1 });
    expect(r.headers.etag).toBe('"1"');
    docId = d.id;
    docVersion = d.lockVersion;
  });

  it('adds areas, goals, indicators, targets and activities, with keys made from titles', async () => {
    const area = json(await send('POST', `/api/v1/documents/${docId}/areas`, { name: 'Arbete och sysselsättning' }));
    expect(area.key).toBe('arbete-och-sysselsattning');
    const goal = json(await send('POST', `/api/v1/documents/${docId}/goals`, { title: 'Fler nyanlända i arbete', area: area.key }));
    const ind = json(await send('POST', `/api/v1/documents/${docId}/indicators`, { key: 'n00973', name: 'Lämnat etableringsuppdraget och börjat arbeta eller studera', unitOfMeasure: 'percent', sourceKind: 'kolada', sourceRef: 'N00973', sexes: ['total', 'women', 'men'] }));
    const target = await send('POST', `/api/v1/documents/${docId}/targets`, { goal: goal.key, indicator: ind.key, comparator: 'at_least', value: 50, targetYear: 2027, statement: 'Minst 50 procent år 2027.' });
    expect(target.statusCode).toBe(201);
    const act = json(await send('POST', `/api/v1/documents/${docId}/activities`, { goal: goal.key, area: area.key, description: 'Språkcafé', timelineText: 'ht 2026', responsible: [{ unit: 'Utbildningsförvaltningen', lead: true }] }));
    expect(act).toMatchObject({ start: '2026-07-01', end: '2026-12-31', status: 'planned' });
  });

  it('refuses a reference to a goal that does not exist, at the field, and writes nothing', async () => {
    const before = json(await get(`/api/v1/documents/${docId}/targets`)).total;
    const r = await send('POST', `/api/v1/documents/${docId}/targets`, { goal: 'no-such-goal', comparator: 'increase', statement: 'Andelen ska öka.' });
    expect(r.statusCode).toBe(400);
    expect(json(r).errors).toEqual([{ path: '/goal', message: expect.stringContaining('no-such-goal') }]);
    expect(json(await get(`/api/v1/documents/${docId}/targets`)).total).toBe(before);
  });

  it('refuses a target whose comparator lacks its value', async () => {
    const goal = json(await get(`/api/v1/documents/${docId}/goals`)).items[0];
    const r = await send('POST', `/api/v1/documents/${docId}/targets`, { goal: goal.key, comparator: 'at_most', statement: 'Högst.' });
    expect(r.statusCode).toBe(400);
    expect(json(r).errors[0].path).toBe('/value');
  });

  it('detects a stale edit (409), keeps the first edit, and needs a version (428)', async () => {
    const goal = json(await get(`/api/v1/documents/${docId}/goals`)).items[0];
    const first = await send('PATCH', `/api/v1/goals/${goal.id}`, { title: 'Fler i arbete', lockVersion: goal.lockVersion });
    expect(first.statusCode).toBe(200);
    const stale = await send('PATCH', `/api/v1/goals/${goal.id}`, { title: 'Någon annans ändring' }, { 'if-match': `"${goal.lockVersion}"` });
    expect(stale.statusCode).toBe(409);
    expect(json(stale)).toMatchObject({ type: 'urn:samspel:problem:version_conflict', currentVersion: goal.lockVersion + 1, current: { title: 'Fler i arbete' } });
    const none = await send('PATCH', `/api/v1/goals/${goal.id}`, { title: 'Utan version' });
    expect(none.statusCode).toBe(428);
    expect(json(await get(`/api/v1/goals/${goal.id}`)).title).toBe('Fler i arbete');
  });

  it('moves an item within its list', async () => {
    const second = json(await send('POST', `/api/v1/documents/${docId}/areas`, { name: 'Bostad' }));
    expect(second.position).toBe(1);
    const moved = json(await send('PATCH', `/api/v1/areas/${second.id}`, { position: 0, lockVersion: second.lockVersion }));
    expect(moved.position).toBe(0);
    const names = json(await get(`/api/v1/documents/${docId}/areas`)).items.map((a: { name: string }) => a.name);
    expect(names).toEqual(['Bostad', 'Arbete och sysselsättning']);
  });

  it('serves the tree with an ETag, answers 304 while nothing changed, and shows an edit at once', async () => {
    const first = await get(`/api/v1/documents/${docId}/tree`);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"t\d+"$/);
    const again = await t.app.inject({ method: 'GET', url: `/api/v1/documents/${docId}/tree`, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    const area = json(await get(`/api/v1/documents/${docId}/areas`)).items[0];
    await send('PATCH', `/api/v1/areas/${area.id}`, { description: 'Ny beskrivning', lockVersion: area.lockVersion });
    const after = await t.app.inject({ method: 'GET', url: `/api/v1/documents/${docId}/tree`, headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(json(after).areas[0].description).toBe('Ny beskrivning');
  });

  it('refuses to delete an area that goals still belong to', async () => {
    const area = json(await get(`/api/v1/documents/${docId}/areas?limit=10`)).items.find((a: { key: string }) => a.key === 'arbete-och-sysselsattning');
    const r = await send('DELETE', `/api/v1/areas/${area.id}?lockVersion=${area.lockVersion}`);
    expect(r.statusCode).toBe(409);
    expect(json(r).type).toBe('urn:samspel:problem:has_dependents');
    expect((await get(`/api/v1/areas/${area.id}`)).statusCode).toBe(200);
  });

  it('adopts the draft, which freezes it', async () => {
    const consult = await send('POST', `/api/v1/documents/${docId}/consultation`, { lockVersion: docVersion });
    expect(json(consult).status).toBe('consultation');
    const adopted = await send('POST', `/api/v1/documents/${docId}/adopt`, { lockVersion: json(consult).lockVersion, adoptedBy: { body: 'Kommunstyrelsen', paragraph: '§ 12' }, decisionDate: '2026-02-10' });
    expect(adopted.statusCode).toBe(200);
    expect(json(adopted)).toMatchObject({ status: 'adopted', validFrom: '2026-02-10' });
    const goal = json(await get(`/api/v1/documents/${docId}/goals`)).items[0];
    const edit = await send('PATCH', `/api/v1/goals/${goal.id}`, { title: 'Efter beslut', lockVersion: goal.lockVersion });
    expect(edit.statusCode).toBe(409);
    expect(json(edit).type).toBe('urn:samspel:problem:document_frozen');
    const del = await send('DELETE', `/api/v1/documents/${docId}?lockVersion=${json(adopted).lockVersion}`);
    expect(del.statusCode).toBe(409);
  });

  it('revises: a new draft with the same content, then compares the two versions item by item', async () => {
    const v1 = json(await get(`/api/v1/documents/${docId}`));
    const r = await send('POST', `/api/v1/documents/${docId}/revise`, { lockVersion: v1.lockVersion });
    expect(r.statusCode).toBe(201);
    const v2 = json(r);
    expect(v2).toMatchObject({ status: 'draft', version: 2, key: v1.key });
    const goal = json(await get(`/api/v1/documents/${v2.id}/goals`)).items[0];
    await send('PATCH', `/api/v1/goals/${goal.id}`, { title: 'Fler nyanlända i arbete eller studier', lockVersion: goal.lockVersion });
    await send('POST', `/api/v1/documents/${v2.id}/areas`, { name: 'Hälsa' });
    const cmp = json(await get(`/api/v1/documents/${docId}/compare?with=${v2.id}`));
    expect(cmp.summary).toMatchObject({ added: 1, removed: 0, changed: 1 });
    expect(cmp.items).toContainEqual(expect.objectContaining({ kind: 'goals', change: 'changed', fields: [{ field: 'title', before: 'Fler i arbete', after: 'Fler nyanlända i arbete eller studier' }] }));
    expect(cmp.items).toContainEqual(expect.objectContaining({ kind: 'areas', change: 'added', label: 'Hälsa' }));
    // Adopting v2 supersedes v1; the version in force depends on the date.
    const adopted2 = json(await send('POST', `/api/v1/documents/${v2.id}/adopt`, { lockVersion: v2.lockVersion, adoptedBy: { body: 'Kommunstyrelsen', paragraph: '§ 40' }, decisionDate: '2026-09-01' }));
    expect(adopted2.status).toBe('adopted');
    expect(json(await get(`/api/v1/documents/${docId}`)).status).toBe('superseded');
    const inForce = (date: string) => get(`/api/v1/municipalities/0481/document-series/handlingsplan-2026/in-force?date=${date}`);
    expect(json(await inForce('2026-08-31')).version).toBe(1);
    expect(json(await inForce('2026-09-01')).version).toBe(2);
    expect((await inForce('2026-01-01')).statusCode).toBe(404);
    // Expiring ends its time in force on the last day given.
    const expired = json(await send('POST', `/api/v1/documents/${v2.id}/expire`, { lockVersion: adopted2.lockVersion, lastDay: '2026-12-31' }));
    expect(expired).toMatchObject({ status: 'expired', validUntil: '2026-12-31' });
    expect(json(await inForce('2026-12-31')).version).toBe(2);
    expect((await inForce('2027-01-01')).statusCode).toBe(404);
  });
});

describe('interchange', () => {
  it('lets a strategist import a document but not create organisation units with it; an administrator may', async () => {
    const { createUser, grantRole } = await import('../../services/auth/accounts.service.ts');
    const { createApiToken } = await import('../../services/auth/tokens.service.ts');
    const tokenOf = async (email: string, role: 'strategist' | 'administrator') => {
      const user = await createUser(t.db.db, { email, displayName: email });
      await grantRole(t.db.db, user.id, { municipalityCode: '0481', role, unitId: null });
      return (await createApiToken(t.db.db, user.id, { name: 'test', scope: 'write' })).token;
    };
    const strategist = await tokenOf('strateg.import@oxelosund.example', 'strategist');
    const administrator = await tokenOf('admin.import@oxelosund.example', 'administrator');
    const file = (key: string, organisation: Array<{ name: string; type: string; parent: string | null }>) => ({
      format: 'samspel/document@1',
      municipality: { code: '0481', name: 'Oxelösund' },
      organisation,
      document: { key, type: 'plan', title: `Plan ${key}` },
    });
    const units = async () => (await t.db.db.selectFrom('org_unit').select('name').where('municipality_code', '=', '0481').execute()).map((u) => u.name).sort();
    const before = await units();
    const asUser = (token: string, payload: unknown) =>
      t.app.inject({ method: 'POST', url: '/api/v1/municipalities/0481/documents/import', payload: payload as object, headers: { authorization: `Bearer ${token}` } });

    const refused = await asUser(strategist, file('ny-enhet', [{ name: 'Skuggförvaltningen', type: 'administration', parent: null }]));
    expect(refused.statusCode, refused.body).toBe(403);
    expect(json(refused).detail).toContain('Skuggförvaltningen');
    expect(await units()).toEqual(before);
    expect(json(await get('/api/v1/municipalities/0481/documents?key=ny-enhet')).items).toEqual([]);

    // The units the municipality already has are fine for a strategist.
    const existing = await t.db.db.selectFrom('org_unit').select(['name', 'type']).where('municipality_code', '=', '0481').where('parent_id', 'is', null).executeTakeFirstOrThrow();
    const allowed = await asUser(strategist, file('befintlig-enhet', [{ name: existing.name, type: existing.type, parent: null }]));
    expect(allowed.statusCode, allowed.body).toBe(201);

    const byAdmin = await asUser(administrator, file('ny-enhet', [{ name: 'Skuggförvaltningen', type: 'administration', parent: null }]));
    expect(byAdmin.statusCode, byAdmin.body).toBe(201);
    expect(await units()).toEqual([...before, 'Skuggförvaltningen'].sort());
  });

  it('still imports a file written before the unit of measure was renamed (unit → unitOfMeasure)', async () => {
    const file = {
      format: 'samspel/document@1',
      municipality: { code: '0481', name: 'Oxelösund' },
      document: { key: 'gammal-fil', type: 'plan', title: 'En plan från en äldre export' },
      indicators: [{ key: 'antal-deltagare', name: 'Antal deltagare', unit: 'count' }],
    };
    const r = await send('POST', '/api/v1/municipalities/0481/documents/import', file);
    expect(r.statusCode, r.body).toBe(201);
    const exported = json(await get(`/api/v1/documents/${json(r).id}/export`));
    expect(exported.indicators[0]).toMatchObject({ key: 'antal-deltagare', unitOfMeasure: 'count', headline: null, gapThreshold: null });
    expect(exported.indicators[0]).not.toHaveProperty('unit');
  });

  it('exports every demo document and imports it back identically (round trip), and twice changes nothing', async () => {
    const other = await createTestApp();
    try {
      // A document that implements another is imported after it (the link must resolve).
      const docs = json(await get('/api/v1/documents?limit=100'))
        .items.filter((d: { municipalityCode: string }) => d.municipalityCode !== '0481')
        .sort((a: { implements: string | null }, b: { implements: string | null }) => Number(a.implements !== null) - Number(b.implements !== null));
      expect(docs.length).toBe(4);
      for (const d of docs) {
        const exported = json(await get(`/api/v1/documents/${d.id}/export`));
        const first = await other.app.inject({ method: 'POST', url: `/api/v1/municipalities/${d.municipalityCode}/documents/import`, payload: exported });
        expect(first.statusCode, first.body).toBe(201);
        const again = await other.app.inject({ method: 'POST', url: `/api/v1/municipalities/${d.municipalityCode}/documents/import`, payload: exported });
        expect(json(again).outcome).toBe('unchanged');
        const reExported = JSON.parse((await other.app.inject({ method: 'GET', url: `/api/v1/documents/${json(first).id}/export` })).body);
        expect(reExported).toEqual(exported);
      }
    } finally {
      await other.close();
    }
  });

  it('imports all or nothing: one bad reference and no row is written', async () => {
    const doc = await documentOf('0360', 'handlingsplan-for-integration');
    const exported = json(await get(`/api/v1/documents/${doc.id}/export`));
    exported.document.key = 'kopia';
    exported.activities[20].goal = 'finns-inte';
    const before = json(await get('/api/v1/municipalities/0360')).documentCount;
    const r = await send('POST', '/api/v1/municipalities/0360/documents/import', exported);
    expect(r.statusCode).toBe(400);
    expect(json(r).errors).toContainEqual({ path: '/activities/20/goal', message: expect.stringContaining('finns-inte') });
    expect(json(await get('/api/v1/municipalities/0360')).documentCount).toBe(before);
  });

  it('refuses a document that implements a series the municipality does not have', async () => {
    const other = await createTestApp();
    try {
      const doc = await documentOf('0360', 'handlingsplan-for-integration');
      const exported = json(await get(`/api/v1/documents/${doc.id}/export`));
      const r = await other.app.inject({ method: 'POST', url: '/api/v1/municipalities/0360/documents/import', payload: exported });
      expect(r.statusCode).toBe(400);
      expect(JSON.parse(r.body).errors).toEqual([{ path: '/document/implements', message: expect.stringContaining('strategi-for-integration') }]);
      const left = JSON.parse((await other.app.inject({ method: 'GET', url: '/api/v1/documents' })).body);
      expect(left.total).toBe(0);
      // The municipality and units that came with the file were rolled back too.
      expect(JSON.parse((await other.app.inject({ method: 'GET', url: '/api/v1/municipalities' })).body)).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('refuses to overwrite an adopted version with different content', async () => {
    const doc = await documentOf('0360', 'handlingsplan-for-integration');
    const exported = json(await get(`/api/v1/documents/${doc.id}/export`));
    exported.areas[0].name = 'Arbete (ändrat)';
    const r = await send('POST', '/api/v1/municipalities/0360/documents/import', exported);
    expect(r.statusCode).toBe(409);
    const tree = json(await get(`/api/v1/documents/${doc.id}/tree`));
    expect(tree.areas[0].name).toBe('Arbete');
  });
});
