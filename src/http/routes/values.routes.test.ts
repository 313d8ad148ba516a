import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DB_KIND, type TestApp } from '../../../test/support/test-db.ts';
import { BUNDLE_FORMAT } from '../../domain/strategy/types.ts';
import { countAudit } from '../../services/audit/audit.service.ts';
import { today } from '../../services/follow-up/periods.service.ts';
import { REPLACE_NOTE } from '../../services/follow-up/value-files.service.ts';

/**
 * Editing values through the API: versions and conflicts (409 with the current values), one round of
 * errors, export → edit → import, replace, the single-value routes with ETag and If-Match, the report
 * route, and the document's history. The rules themselves: docs/methodology/indicator-values.md,
 * "Editing values" (and values.service.test.ts).
 */

let t: TestApp;
let strategy: string;
let ame: string;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const call = async (method: Method, url: string, payload?: object, headers: Record<string, string> = {}) => {
  const r = await t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  return { status: r.statusCode, headers: r.headers, body: r.body ? JSON.parse(r.body) : undefined, raw: r };
};
const values = () => call('GET', `/api/v1/documents/${strategy}/values`).then((r) => r.body as Array<{ id: string; indicator: string; year: number; unit: string | null; sex: string; value: number; lockVersion: number; note: string | null }>);
const one = async (indicator: string, year: number, unit: string | null = null, sex = 'total') => (await values()).find((v) => v.indicator === indicator && v.year === year && v.unit === unit && v.sex === sex)!;

beforeAll(async () => {
  t = await createTestApp();
  const imported = await call('POST', '/api/v1/import', {
    format: BUNDLE_FORMAT,
    municipality: { code: '0138', name: 'Tyresö' },
    organisation: [
      { name: 'Kommunstyrelsen', type: 'executive_board', parent: null },
      { name: 'Arbetsmarknadsenheten', type: 'unit', parent: 'Kommunstyrelsen' },
    ],
    documents: [
      {
        document: { key: 'integrationsstrategi', type: 'strategy', title: 'Integrationsstrategi', status: 'adopted', adoptedBy: { body: 'Kommunfullmäktige' }, decisionDate: '2018-05-24', validIndefinitely: true },
        goals: [{ key: 'arbete', title: 'Fler i arbete', ownerUnit: 'Arbetsmarknadsenheten' }],
        indicators: [
          { key: 'antal-kommunmottagna', goal: 'arbete', name: 'Antal kommunmottagna', unitOfMeasure: 'count', sexes: ['total'] },
          { key: 'utrikes-fodda-i-sysselsattning', goal: 'arbete', name: 'Andel utrikes födda i sysselsättning', unitOfMeasure: 'percent', sexes: ['total', 'women', 'men'], ageBands: ['16-64'] },
        ],
      },
      { document: { key: 'annan-plan', type: 'plan', title: 'En annan plan', status: 'draft' }, indicators: [{ key: 'antal-kommunmottagna', name: 'Antal kommunmottagna', unitOfMeasure: 'count', sexes: ['total'] }] },
    ],
  });
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
  strategy = (await call('GET', '/api/v1/municipalities/0138/documents?key=integrationsstrategi')).body.items[0].id;
  ame = (await call('GET', '/api/v1/municipalities/0138/units')).body.items.find((u: { name: string }) => u.name === 'Arbetsmarknadsenheten').id;
  const first = await call('POST', `/api/v1/documents/${strategy}/values`, {
    values: [
      { indicator: 'antal-kommunmottagna', year: 2016, value: 338, source: 'Migrationsverket' },
      { indicator: 'antal-kommunmottagna', year: 2017, value: 365, source: 'Migrationsverket' },
      { indicator: 'utrikes-fodda-i-sysselsattning', year: 2017, ageBand: '16-64', value: 63.8, numerator: 638, denominator: 1000 },
    ],
  });
  expect(first.status, JSON.stringify(first.body)).toBe(200);
  expect(first.body).toEqual({ created: 3, updated: 0, unchanged: 0, deleted: 0, written: 3, createdPeriods: ['2016', '2017'] });
});
afterAll(() => t.close());

describe(`the JSON batch on ${TEST_DB_KIND}`, () => {
  it('refuses a stale row with 409 and the current values of every conflicting row, writing nothing', async () => {
    const before = await values();
    const r = await call('POST', `/api/v1/documents/${strategy}/values`, {
      values: [
        { indicator: 'antal-kommunmottagna', year: 2018, value: 302 },
        { indicator: 'antal-kommunmottagna', year: 2016, value: 340, lockVersion: 7 },
        { indicator: 'antal-kommunmottagna', year: 2017, value: 366 },
      ],
    });
    expect(r.status).toBe(409);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ type: 'urn:samspel:problem:version_conflict', status: 409 });
    expect(r.body.errors).toEqual([
      { path: '/rows/2/lockVersion', message: 'row 2: the value was changed by someone else (you have version 7, it is now version 1: 338)' },
      { path: '/rows/3/lockVersion', message: 'row 3: the cell already has a value (365, version 1); send its lockVersion to change it' },
    ]);
    expect(r.body.conflicts).toEqual([
      { row: 2, yourVersion: 7, current: { id: expect.any(String), lockVersion: 1, value: 338, numerator: null, denominator: null, status: 'final', source: 'Migrationsverket', note: null, seriesBreak: false, example: false } },
      { row: 3, yourVersion: null, current: expect.objectContaining({ value: 365, lockVersion: 1, source: 'Migrationsverket' }) },
    ]);
    expect(await values()).toEqual(before);
  });

  it('lists every problem in one 400, version conflicts included, sorted by row', async () => {
    const next = Number(today().slice(0, 4)) + 1;
    const r = await call('POST', `/api/v1/documents/${strategy}/values`, {
      values: [
        { indicator: 'antal-kommunmottagna', year: next, value: 12 },
        { indicator: 'antal-kommunmottagna', year: 2016, value: 339 },
        { indicator: 'finns-inte', year: 2017, value: 1 },
        { indicator: 'antal-kommunmottagna', year: 2017, sex: 'women', value: 1.5 },
        { indicator: 'antal-kommunmottagna', year: 2016, value: 1 },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual([
      '/rows/1/year',
      '/rows/2/lockVersion',
      '/rows/3/indicator',
      '/rows/4/sex',
      '/rows/4/value',
      '/rows/5/indicator',
    ]);
    expect(r.body.errors[0].message).toBe(`row 1: ${next} is in the future (today is ${today()}); values are entered for years that have begun`);
    expect(r.body.errors[5].message).toBe('row 5: the same cell as row 2 (indicator, period, unit, sex and age)');
    expect(r.body.conflicts).toEqual([{ row: 2, yourVersion: null, current: expect.objectContaining({ value: 338 }) }]);
  });

  it('creates a year before the series only when asked, and says which periods it created', async () => {
    const refused = await call('POST', `/api/v1/documents/${strategy}/values`, { values: [{ indicator: 'antal-kommunmottagna', year: 2014, value: 120 }] });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: '/rows/1/period', message: expect.stringContaining('2014 is before 2016, the first year with a value in this series') }]);
    const created = await call('POST', `/api/v1/documents/${strategy}/values`, { createPeriods: true, values: [{ indicator: 'antal-kommunmottagna', year: 2014, value: 120 }, { indicator: 'antal-kommunmottagna', year: 2015, value: 150 }] });
    expect(created.body).toEqual({ created: 2, updated: 0, unchanged: 0, deleted: 0, written: 2, createdPeriods: ['2014', '2015'] });
    const periods = (await call('GET', '/api/v1/municipalities/0138/periods')).body.map((p: { key: string }) => p.key);
    expect(periods).toEqual(['2014', '2015', '2016', '2017']);
  });
});

describe('files', () => {
  it('an unchanged CSV export imports as nothing and leaves no audit row', async () => {
    const csv = { raw: await t.app.inject({ method: 'GET', url: `/api/v1/documents/${strategy}/values.csv` }) };
    expect(csv.raw.body.split('\r\n')[0]).toBe('Indicator,Year,Period,Unit,Sex,Age,Value,Numerator,Denominator,Status,Source,Note,SeriesBreak,Example,Version');
    const before = await countAudit(t.db.db);
    const r = await call('POST', `/api/v1/documents/${strategy}/values/import`, { format: 'csv', content: csv.raw.body });
    expect(r.body).toEqual({ created: 0, updated: 0, unchanged: 5, deleted: 0, written: 0, createdPeriods: [] });
    expect(await countAudit(t.db.db)).toBe(before);
  });

  it('an XLSX export edited in a spreadsheet changes the edited cell, and refuses it when someone changed it in between', async () => {
    const xlsx = await t.app.inject({ method: 'GET', url: `/api/v1/documents/${strategy}/values.xlsx` });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(15).value).toBe('Version');
    // Find 2017's count (column B year, column A indicator) and change it from 365 to 367.
    let edited = 0;
    ws.eachRow((row, n) => {
      if (n > 1 && row.getCell(1).value === 'antal-kommunmottagna' && row.getCell(2).value === 2017) {
        expect([row.getCell(7).value, row.getCell(15).value]).toEqual([365, 1]);
        row.getCell(7).value = 367;
        edited = n;
      }
    });
    expect(edited).toBeGreaterThan(1);
    const content = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const r = await call('POST', `/api/v1/documents/${strategy}/values/import`, { format: 'xlsx', content });
    expect(r.body).toEqual({ created: 0, updated: 1, unchanged: 4, deleted: 0, written: 1, createdPeriods: [] });
    expect(await one('antal-kommunmottagna', 2017)).toMatchObject({ value: 367, lockVersion: 2 });
    // The same file again: its row now says version 1 of a value at version 2 with another content.
    const again = await call('POST', `/api/v1/documents/${strategy}/values/import`, { format: 'xlsx', content: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') });
    expect(again.body.errors).toBeUndefined();
    expect(again.body).toMatchObject({ unchanged: 5 });
    ws.getRow(edited).getCell(7).value = 368;
    const stale = await call('POST', `/api/v1/documents/${strategy}/values/import`, { format: 'xlsx', content: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') });
    expect(stale.status).toBe(409);
    expect(stale.body.errors).toEqual([{ path: `/rows/${edited}/lockVersion`, message: `row ${edited}: the value was changed by someone else (you have version 1, it is now version 2: 367)` }]);
  });

  it('replace: true overwrites whatever the version, and the audit rows carry the request’s reason and the note', async () => {
    const r = await call(
      'POST',
      `/api/v1/documents/${strategy}/values/import`,
      { format: 'csv', content: 'Indicator,Year,Value,Version\nantal-kommunmottagna,2017,370,1\n', replace: true },
      { 'x-change-reason': encodeURIComponent('Rättad serie från Migrationsverket') },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ updated: 1 });
    const v = await one('antal-kommunmottagna', 2017);
    expect([v.value, v.lockVersion]).toEqual([370, 3]);
    const log = await t.db.db.selectFrom('audit_log').select(['reason', 'action']).where('entity', '=', 'indicator_value').where('entity_id', '=', v.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(log).toEqual({ action: 'update', reason: `Rättad serie från Migrationsverket — ${REPLACE_NOTE}` });
  });

  it("lists the file's own problems and the rows' problems in one 400", async () => {
    const r = await call('POST', `/api/v1/documents/${strategy}/values/import`, {
      format: 'csv',
      content: 'Indicator,Year,Value,Colour\nantal-kommunmottagna,2018,x,\nfinns-inte,2018,3,\nantal-kommunmottagna,2018,4,röd\n',
    });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['/rows/1/header', '/rows/2/value', '/rows/3/indicator']);
    expect(r.body.detail).toMatch(/^3 problem\(s\) in the CSV file; nothing was imported/);
  });
});

describe('one value: GET, PATCH and DELETE /api/v1/values/{id}', () => {
  it('reads a value with its version as ETag', async () => {
    const v = await one('antal-kommunmottagna', 2016);
    const r = await call('GET', `/api/v1/values/${v.id}`);
    expect(r.status).toBe(200);
    expect(r.headers.etag).toBe('"1"');
    expect(r.body).toMatchObject({ id: v.id, indicator: 'antal-kommunmottagna', year: 2016, value: 338, lockVersion: 1, municipalityCode: '0138', documentKey: 'integrationsstrategi' });
    expect((await call('GET', '/api/v1/values/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('changes it with If-Match, refuses a stale If-Match with the current value, and wants a version', async () => {
    const v = await one('antal-kommunmottagna', 2016);
    const ok = await call('PATCH', `/api/v1/values/${v.id}`, { value: 339, note: 'Rättad' }, { 'if-match': '"1"' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.body).toMatchObject({ value: 339, note: 'Rättad', source: 'Migrationsverket', lockVersion: 2 });
    const stale = await call('PATCH', `/api/v1/values/${v.id}`, { value: 340 }, { 'if-match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: 'urn:samspel:problem:version_conflict', currentVersion: 2, yourVersion: 1, current: { value: 339, note: 'Rättad', lockVersion: 2 } });
    const none = await call('PATCH', `/api/v1/values/${v.id}`, { value: 340 });
    expect(none.status).toBe(428);
    const body = await call('PATCH', `/api/v1/values/${v.id}`, { value: 340, lockVersion: 2 });
    expect(body.body).toMatchObject({ value: 340, lockVersion: 3 });
    const cell = await call('PATCH', `/api/v1/values/${v.id}`, { year: 2019, lockVersion: 3 });
    expect(cell.status).toBe(400);
  });

  it('refuses a change or a deletion in a closed period, naming the period', async () => {
    const v = await one('antal-kommunmottagna', 2015);
    const period = (await call('GET', '/api/v1/municipalities/0138/periods?year=2015')).body[0];
    const closed = await call('POST', `/api/v1/periods/${period.id}/close`, { lockVersion: period.lockVersion });
    const patch = await call('PATCH', `/api/v1/values/${v.id}`, { value: 151, lockVersion: 1 });
    expect([patch.status, patch.body.type, patch.body.detail, patch.body.period]).toEqual([409, 'urn:samspel:problem:document_frozen', 'The period "2015" is closed; its values cannot change', '2015']);
    const del = await call('DELETE', `/api/v1/values/${v.id}?lockVersion=1`);
    expect([del.status, del.body.detail]).toEqual([409, 'The period "2015" is closed; its values cannot change']);
    // The same value again changes nothing, so it is accepted.
    expect((await call('PATCH', `/api/v1/values/${v.id}`, { value: 150, lockVersion: 1 })).status).toBe(200);
    await call('POST', `/api/v1/periods/${period.id}/open`, { lockVersion: closed.body.lockVersion });
  });

  it('deletes with ?lockVersion= or If-Match, audited, and refuses a stale one', async () => {
    const v = await one('antal-kommunmottagna', 2014);
    const stale = await call('DELETE', `/api/v1/values/${v.id}?lockVersion=2`);
    expect(stale.status).toBe(409);
    expect(stale.body.current).toMatchObject({ value: 120, lockVersion: 1 });
    const r = await call('DELETE', `/api/v1/values/${v.id}`, undefined, { 'if-match': '"1"', 'x-change-reason': 'Fel%20%C3%A5r' });
    expect(r.status).toBe(204);
    expect((await call('GET', `/api/v1/values/${v.id}`)).status).toBe(404);
    const log = await t.db.db.selectFrom('audit_log').select(['action', 'reason', 'before']).where('entity', '=', 'indicator_value').where('entity_id', '=', v.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(log).toMatchObject({ action: 'delete', reason: 'Fel år', before: { value: 120 } });
  });
});

describe("a unit's report", () => {
  it("replaces its unit's values under the report's version; unchanged rows write nothing; past draft it refuses PATCH and DELETE of them, naming the report", async () => {
    const report = (await call('POST', `/api/v1/documents/${strategy}/reports`, { unitId: ame, period: '2017' })).body;
    const put = await call('PUT', `/api/v1/reports/${report.id}/values`, { lockVersion: report.lockVersion, values: [{ indicator: 'antal-kommunmottagna', value: 41 }] });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    // A second report edit with another figure: no per-row version, the report's own guards it.
    const put2 = await call('PUT', `/api/v1/reports/${report.id}/values`, { lockVersion: put.body.lockVersion, values: [{ indicator: 'antal-kommunmottagna', value: 42 }] });
    expect(put2.body.values.map((v: { value: number; lockVersion: number }) => [v.value, v.lockVersion])).toEqual([[42, 2]]);
    const staleReport = await call('PUT', `/api/v1/reports/${report.id}/values`, { lockVersion: put.body.lockVersion, values: [{ indicator: 'antal-kommunmottagna', value: 43 }] });
    expect(staleReport.status).toBe(409);
    const before = await countAudit(t.db.db);
    const same = await call('PUT', `/api/v1/reports/${report.id}/values`, { lockVersion: put2.body.lockVersion, values: [{ indicator: 'antal-kommunmottagna', value: 42 }] });
    expect(same.status).toBe(200);
    // The report's own version went up (one audit row for the report); no value row.
    const added = (await countAudit(t.db.db)) - before;
    const logged = await t.db.db.selectFrom('audit_log').select('entity').orderBy('id', 'desc').limit(added).execute();
    expect(logged.map((l) => l.entity)).toEqual(['report']);
    const submitted = await call('POST', `/api/v1/reports/${report.id}/submit`, { lockVersion: same.body.lockVersion });
    expect(submitted.body.status).toBe('submitted');
    const v = await one('antal-kommunmottagna', 2017, 'Arbetsmarknadsenheten');
    const patch = await call('PATCH', `/api/v1/values/${v.id}`, { value: 44, lockVersion: v.lockVersion });
    expect([patch.status, patch.body.detail, patch.body.reportId, patch.body.reportStatus]).toEqual([409, 'The report of "Arbetsmarknadsenheten" for 2017 is submitted; its values cannot change', report.id, 'submitted']);
    expect((await call('DELETE', `/api/v1/values/${v.id}?lockVersion=${v.lockVersion}`)).status).toBe(409);
  });
});

describe("the document's history", () => {
  it('shows the value changes of its series, on every version, and not those of another series', async () => {
    const v1 = (await call('GET', `/api/v1/documents/${strategy}`)).body;
    const revised = await call('POST', `/api/v1/documents/${strategy}/revise`, { lockVersion: v1.lockVersion });
    expect(revised.status).toBe(201);
    const other = (await call('GET', '/api/v1/municipalities/0138/documents?key=annan-plan')).body.items[0].id;
    const otherValue = await call('POST', `/api/v1/documents/${other}/values`, { values: [{ indicator: 'antal-kommunmottagna', year: 2016, value: 1 }] });
    expect(otherValue.status).toBe(200);
    // A change through the new version (values belong to the series).
    const v = await one('utrikes-fodda-i-sysselsattning', 2017);
    expect((await call('PATCH', `/api/v1/values/${v.id}`, { status: 'preliminary', lockVersion: v.lockVersion })).status).toBe(200);
    const expectedValueRows = await t.db.db.selectFrom('audit_log').select('id').where('entity', '=', 'indicator_value').execute();
    for (const id of [strategy, revised.body.id]) {
      const h = await call('GET', `/api/v1/municipalities/0138/audit?documentId=${id}&limit=500`);
      expect(h.status).toBe(200);
      const valueRows = h.body.items.filter((i: { entity: string }) => i.entity === 'indicator_value');
      // Every value row of the log except the one of the other plan's value.
      expect(valueRows.length).toBe(expectedValueRows.length - 1);
      expect(valueRows.every((i: { after: { document_key?: string } | null; before: { document_key?: string } | null }) => (i.after ?? i.before)!.document_key === 'integrationsstrategi')).toBe(true);
      expect(valueRows[0]).toMatchObject({ action: 'update', entityId: v.id, changed: ['status'] });
      expect(h.body.items.some((i: { entity: string }) => i.entity === 'document')).toBe(true);
    }
  });
});

describe('the OpenAPI document', () => {
  it('has the single-value routes and the new request fields', async () => {
    const doc = (await call('GET', '/api/v1/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/v1/values/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
    const schemaOf = (p: string) => doc.paths[p].post.requestBody.content['application/json'].schema;
    expect(Object.keys(schemaOf('/api/v1/documents/{id}/values').properties).sort()).toEqual(['createPeriods', 'values']);
    expect(schemaOf('/api/v1/documents/{id}/values').properties.values.items.properties.lockVersion).toMatchObject({ type: 'integer', minimum: 1 });
    expect(Object.keys(schemaOf('/api/v1/documents/{id}/values/import').properties).sort()).toEqual(['content', 'createPeriods', 'format', 'replace']);
  });
});
