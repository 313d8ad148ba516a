import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDemo } from '../../../test/support/demo.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-db.ts';

let t: TestApp;
const json = (r: { body: string }) => JSON.parse(r.body);
const req = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) => t.app.inject({ method, url, payload });
const docId = async (code: string, key: string) => json(await req('GET', `/api/v1/municipalities/${code}/documents?key=${key}`)).items[0].id as string;
const unitId = async (code: string, name: string) => json(await req('GET', `/api/v1/municipalities/${code}/units?limit=200`)).items.find((u: { name: string }) => u.name === name).id as string;

let ostersund: string;
let tierp: string;

beforeAll(async () => {
  t = await createTestApp({ bodyLimitBytes: 10 * 1024 * 1024 });
  await withDemo(t.db);
  ostersund = await docId('2380', 'integrationsstrategi-2020');
  tierp = await docId('0360', 'handlingsplan-for-integration');
});
afterAll(() => t.close());

describe('periods', () => {
  it('opens a year with its full year and interim period (delår jan–aug), twice without duplicates', async () => {
    const first = await req('POST', '/api/v1/municipalities/2380/periods', { year: 2019, scheme: 'year_interim' });
    expect(first.statusCode).toBe(201);
    expect(json(first).map((p: { key: string; start: string; end: string }) => [p.key, p.start, p.end])).toEqual([
      ['2019-D', '2019-01-01', '2019-08-31'],
      ['2019', '2019-01-01', '2019-12-31'],
    ]);
    await req('POST', '/api/v1/municipalities/2380/periods', { year: 2019, scheme: 'year_interim' });
    expect(json(await req('GET', '/api/v1/municipalities/2380/periods?year=2019'))).toHaveLength(2);
  });
});

describe('indicator values', () => {
  it('enters values by sex and age (Tyresö measures work within 16-64, split by sex) and reads them back in long form', async () => {
    const tyreso = await docId('0138', 'integrationsstrategi');
    const ind = 'utrikes-fodda-i-sysselsattning';
    const r = await req('POST', `/api/v1/documents/${tyreso}/values`, {
      values: [
        { indicator: ind, year: 2018, ageBand: '16-64', value: 61.2, source: 'SCB', example: true },
        { indicator: ind, year: 2018, ageBand: '16-64', sex: 'women', value: 57.9, example: true },
        { indicator: ind, year: 2018, ageBand: '16-64', sex: 'men', value: 64.3, example: true },
      ],
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(json(r)).toEqual({ written: 3, created: 3, updated: 0, unchanged: 0, deleted: 0, createdPeriods: ['2018'] });
    // Changing a stored value names the version it changes (docs/methodology/indicator-values.md, "Editing values").
    const again = await req('POST', `/api/v1/documents/${tyreso}/values`, { values: [{ indicator: ind, year: 2018, ageBand: '16-64', value: 61.5, example: true, lockVersion: 1 }] });
    expect(json(again)).toEqual({ written: 1, created: 0, updated: 1, unchanged: 0, deleted: 0, createdPeriods: [] });
    const back = json(await req('GET', `/api/v1/documents/${tyreso}/values?indicator=${ind}`));
    expect(back.map((v: { sex: string; value: number; ageBand: string; period: string | null; unit: string | null; example: boolean }) => [v.sex, v.value, v.ageBand, v.period, v.unit, v.example])).toEqual([
      ['men', 64.3, '16-64', null, null, true],
      ['total', 61.5, '16-64', null, null, true],
      ['women', 57.9, '16-64', null, null, true],
    ]);
  });

  it('writes nothing when one row of a thousand is wrong, and names that row and field', async () => {
    // 1,000 distinct cells: Östersund's ten indicators over a hundred past years (before its first period 2019: createPeriods).
    const indicators = json(await req('GET', `/api/v1/documents/${ostersund}/indicators?limit=100`)).items.map((i: { key: string }) => i.key);
    expect(indicators.length).toBeGreaterThanOrEqual(10);
    const values: Array<Record<string, unknown>> = Array.from({ length: 1000 }, (_, i) => ({ indicator: indicators[i % 10], year: 1900 + Math.floor(i / 10), value: 5 }));
    values[617] = { ...values[617], ageBand: '30-40' };
    const before = json(await req('GET', `/api/v1/documents/${ostersund}/values`)).length;
    const r = await req('POST', `/api/v1/documents/${ostersund}/values`, { values, createPeriods: true });
    expect(r.statusCode).toBe(400);
    expect(json(r).errors).toEqual([{ path: '/rows/618/ageBand', message: expect.stringContaining('row 618: the indicator') }]);
    expect(json(await req('GET', `/api/v1/documents/${ostersund}/values`)).length).toBe(before);
  });

  it('refuses a sex the indicator is not split by, an unknown indicator and a share that disagrees with its parts', async () => {
    const r = await req('POST', `/api/v1/documents/${ostersund}/values`, {
      values: [
        { indicator: 'antal-kommunmottagna', year: 2018, sex: 'women', value: 150 },
        { indicator: 'finns-inte', year: 2018, value: 1 },
        { indicator: 'andel-utrikes-fodda', year: 2017, value: 50, numerator: 1, denominator: 4 },
      ],
    });
    expect(r.statusCode).toBe(400);
    const paths = json(r).errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/rows/2/indicator', '/rows/3/value']));
    const sexError = json(r).errors.find((e: { path: string }) => e.path === '/rows/1/sex');
    const indicator = json(await req('GET', `/api/v1/documents/${ostersund}/indicators?limit=100`)).items.find((i: { key: string }) => i.key === 'antal-kommunmottagna');
    expect(Boolean(sexError)).toBe(!indicator.sexes.includes('women'));
  });

  it('refuses values in a closed period', async () => {
    const period = json(await req('GET', '/api/v1/municipalities/2380/periods?year=2019')).find((p: { key: string }) => p.key === '2019');
    const closed = await req('POST', `/api/v1/periods/${period.id}/close`, { lockVersion: period.lockVersion });
    expect(json(closed).status).toBe('closed');
    const r = await req('POST', `/api/v1/documents/${ostersund}/values`, { values: [{ indicator: 'antal-kommunmottagna', year: 2019, value: 310 }] });
    expect(r.statusCode).toBe(400);
    expect(json(r).errors[0]).toMatchObject({ path: '/rows/1/period' });
    await req('POST', `/api/v1/periods/${period.id}/open`, { lockVersion: json(closed).lockVersion });
  });
});

describe('value files', () => {
  it('exports CSV and XLSX, and importing either gives the same values', async () => {
    const seed = await req('POST', `/api/v1/documents/${ostersund}/values`, {
      createPeriods: true,
      values: [
        { indicator: 'antal-kommunmottagna', year: 2016, value: 271, source: 'Exempeldata', example: true },
        { indicator: 'antal-kommunmottagna', year: 2017, value: 318, status: 'preliminary', note: 'Prel., "ej fastställd"; semikolon;', example: true },
        { indicator: 'andel-utrikes-fodda', year: 2017, value: 9.4, numerator: 5687, denominator: 60500, seriesBreak: true, example: true },
      ],
    });
    expect(seed.statusCode, seed.body).toBe(200);
    const before = json(await req('GET', `/api/v1/documents/${ostersund}/values`));
    expect(before.length).toBe(3);
    const csv = await req('GET', `/api/v1/documents/${ostersund}/values.csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const xlsx = await t.app.inject({ method: 'GET', url: `/api/v1/documents/${ostersund}/values.xlsx` });
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const other = await createTestApp({ bodyLimitBytes: 10 * 1024 * 1024 });
    try {
      await withDemo(other.db);
      const id = JSON.parse((await other.app.inject({ method: 'GET', url: '/api/v1/municipalities/2380/documents?key=integrationsstrategi-2020' })).body).items[0].id;
      const strip = (vs: Array<Record<string, unknown>>) => vs.map(({ id: _i, lockVersion: _l, ...v }) => v);
      for (const [format, content] of [['csv', csv.body], ['xlsx', xlsx.rawPayload.toString('base64')]] as const) {
        // Another database: the files' versions are not its values' (replace: true enters them whatever the Version column says).
        const r = await other.app.inject({ method: 'POST', url: `/api/v1/documents/${id}/values/import`, payload: { format, content, replace: true } });
        expect(r.statusCode, r.body).toBe(200);
        const after = JSON.parse((await other.app.inject({ method: 'GET', url: `/api/v1/documents/${id}/values` })).body);
        expect(strip(after)).toEqual(strip(before));
      }
    } finally {
      await other.close();
    }
  });

  it('imports nothing from a CSV with one bad row among a thousand, and names the row and the field', async () => {
    const indicators = json(await req('GET', `/api/v1/documents/${ostersund}/indicators?limit=100`)).items.map((i: { key: string }) => i.key);
    const lines = ['Indikator;År;Kön;Värde'];
    for (let i = 0; i < 1000; i++) lines.push(`${indicators[i % 10]};${1900 + Math.floor(i / 10)};;${5 + (i % 3)}`);
    lines[501] = `${indicators[0]};2000;;tre hundra`;
    const before = json(await req('GET', `/api/v1/documents/${ostersund}/values`)).length;
    const r = await req('POST', `/api/v1/documents/${ostersund}/values/import`, { format: 'csv', content: lines.join('\n'), createPeriods: true });
    expect(r.statusCode).toBe(400);
    const errors = json(r).errors;
    expect(errors).toEqual([{ path: '/rows/502/value', message: expect.stringContaining('row 502') }]);
    expect(json(await req('GET', `/api/v1/documents/${ostersund}/values`)).length).toBe(before);
  });
});

describe('a unit reports on its activities and goals', () => {
  let reportId: string;
  let version: number;
  const act = (r: { activities: Array<{ activityId: string; description: string | null }> }) => r.activities[0]!.activityId;

  it('starts a report for the management group with the activities it is responsible for', async () => {
    await req('POST', '/api/v1/municipalities/0360/periods', { year: 2018, scheme: 'year' });
    const klg = await unitId('0360', 'Kommunledningsgruppen');
    const r = await req('POST', `/api/v1/documents/${tierp}/reports`, { unitId: klg, period: '2018' });
    expect(r.statusCode, r.body).toBe(201);
    const report = json(r);
    expect(report.status).toBe('draft');
    expect(report.activities.length).toBeGreaterThan(5);
    expect(report.activities.every((a: { followUp: unknown }) => a.followUp === null)).toBe(true);
    reportId = report.id;
    version = report.lockVersion;
    const again = await req('POST', `/api/v1/documents/${tierp}/reports`, { unitId: klg, period: '2018' });
    expect(again.statusCode).toBe(409);
  });

  it('records an activity’s status with its default progress, and refuses a stale second edit', async () => {
    const report = json(await req('GET', `/api/v1/reports/${reportId}`));
    const [a, b] = await Promise.all([
      req('PUT', `/api/v1/reports/${reportId}/activities/${act(report)}`, { status: 'ongoing', comment: 'Två föreläsningar hållna', lockVersion: version }),
      req('PUT', `/api/v1/reports/${reportId}/activities/${act(report)}`, { status: 'done', comment: 'Klart', lockVersion: version }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const winner = a.statusCode === 200 ? json(a) : json(b);
    const after = json(await req('GET', `/api/v1/reports/${reportId}`));
    expect(after.activities[0].followUp).toEqual(winner.activities[0].followUp);
    expect(after.activities[0].followUp.progress).toBe(after.activities[0].followUp.status === 'done' ? 100 : 50);
    version = after.lockVersion;
  });

  it('submits; a submitted report refuses edits; approve, lock, reopen with a reason', async () => {
    const submitted = json(await req('POST', `/api/v1/reports/${reportId}/submit`, { lockVersion: version }));
    expect(submitted.status).toBe('submitted');
    const edit = await req('PUT', `/api/v1/reports/${reportId}/activities/${act(submitted)}`, { status: 'done', lockVersion: submitted.lockVersion });
    expect(edit.statusCode).toBe(409);
    expect(json(edit).type).toBe('urn:samspel:problem:document_frozen');
    const approved = json(await req('POST', `/api/v1/reports/${reportId}/approve`, { lockVersion: submitted.lockVersion }));
    const locked = json(await req('POST', `/api/v1/reports/${reportId}/lock`, { lockVersion: approved.lockVersion }));
    expect(locked.status).toBe('locked');
    const lockedEdit = await req('PUT', `/api/v1/reports/${reportId}/activities/${act(submitted)}`, { status: 'cancelled', lockVersion: locked.lockVersion });
    expect(lockedEdit.statusCode).toBe(409);
    expect(json(lockedEdit).reportStatus).toBe('locked');
    const noReason = await req('POST', `/api/v1/reports/${reportId}/reopen`, { lockVersion: locked.lockVersion });
    expect(noReason.statusCode).toBe(400);
    expect(json(noReason).errors[0].path).toBe('/reason');
    const reopened = json(await req('POST', `/api/v1/reports/${reportId}/reopen`, { lockVersion: locked.lockVersion, reason: 'Fel status på föreläsningarna' }));
    expect(reopened.status).toBe('draft');
    expect(reopened.events.map((e: { action: string }) => e.action)).toEqual(['create', 'submit', 'approve', 'lock', 'reopen']);
    expect(reopened.events.at(-1)).toMatchObject({ from: 'locked', to: 'draft', reason: 'Fel status på föreläsningarna' });
    // Every step is the signed-in user's (the tests act as the test administrator), whatever a client might claim.
    for (const e of reopened.events) expect([e.actor.startsWith('user:'), e.actorName], e.action).toEqual([true, 'Test administrator']);
    const claimed = await req('POST', `/api/v1/reports/${reportId}/submit`, { lockVersion: reopened.lockVersion, actor: 'Kommunchef' });
    expect(claimed.statusCode, 'a client cannot name the actor').toBe(400);
  });

  it('takes the narrative assessment of a goal in a report of the whole municipality', async () => {
    await req('POST', '/api/v1/municipalities/2380/periods', { year: 2020, scheme: 'year' });
    const council = await unitId('2380', 'Kommunfullmäktige');
    const report = json(await req('POST', `/api/v1/documents/${ostersund}/reports`, { unitId: council, period: '2020' }));
    expect(report.goals.length).toBeGreaterThanOrEqual(4);
    const goal = report.goals[0];
    const r = await req('PUT', `/api/v1/reports/${report.id}/goals/${goal.goalId}`, { assessment: 'partly_fulfilled', text: 'Inflyttningen ökade men målet nåddes inte.', lockVersion: report.lockVersion });
    expect(r.statusCode, r.body).toBe(200);
    expect(json(r).goals[0]).toMatchObject({ assessment: 'partly_fulfilled', text: 'Inflyttningen ökade men målet nåddes inte.' });
    const vals = await req('PUT', `/api/v1/reports/${report.id}/values`, { lockVersion: json(r).lockVersion, values: [{ indicator: 'antal-kommunmottagna', value: 287 }] });
    expect(vals.statusCode, vals.body).toBe(200);
    expect(json(vals).values).toEqual([expect.objectContaining({ indicator: 'antal-kommunmottagna', value: 287, unit: 'Kommunfullmäktige' })]);
    // Once submitted, the report's values are kept: entering them for its unit and period is refused.
    const submitted = json(await req('POST', `/api/v1/reports/${report.id}/submit`, { lockVersion: json(vals).lockVersion }));
    expect(submitted.status).toBe('submitted');
    const refused = await req('POST', `/api/v1/documents/${ostersund}/values`, { values: [{ indicator: 'antal-kommunmottagna', year: 2020, unit: 'Kommunfullmäktige', value: 300 }] });
    expect(refused.statusCode).toBe(400);
    // (The row also names no version of the stored 287: one answer lists both.)
    expect(json(refused).errors).toEqual([
      { path: '/rows/1/unit', message: expect.stringContaining('submitted') },
      { path: '/rows/1/lockVersion', message: expect.stringContaining('version 1') },
    ]);
    expect(json(await req('GET', `/api/v1/reports/${report.id}`)).values[0].value).toBe(287);
  });
});
