import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-db.ts';
import { loadDemoIfEmpty } from '../../cli/commands/demo-load.ts';

/** The open-data routes over the demo data: public GETs with stable addresses by key, CSV, JSON and DCAT-AP-SE JSON-LD. */
let t: TestApp;
const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const json = (r: { body: string }) => JSON.parse(r.body);
const PLACEMENTS = '/api/v1/open-data/municipalities/0138/indicators/integrationsstrategi/praktikplatser-per-vuxen-nyanland';

beforeAll(async () => {
  t = await createTestApp();
  await loadDemoIfEmpty(t.db.db);
}, 120_000);
afterAll(() => t.close());

describe('open data', () => {
  it('serves an indicator as CSV: UTF-8 text/csv, a file name, caching, open to other sites; blank Sex = total, a suppressed value empty with its reason', async () => {
    const r = await get(`${PLACEMENTS}.csv`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe('attachment; filename="0138-integrationsstrategi-praktikplatser-per-vuxen-nyanland.csv"');
    expect(r.headers['cache-control']).toBe('public, max-age=3600');
    expect(r.headers['access-control-allow-origin']).toBe('*');
    const lines = r.body.trimEnd().split('\r\n').map((l) => l.split(','));
    expect(lines[0]).toEqual(['Indicator', 'Year', 'Sex', 'Age', 'Value', 'UnitOfMeasure', 'Status', 'SeriesBreak', 'Example', 'Suppressed']);
    // The demo's 2016 row: 9/52 in total, 3/24 women (a numerator of 3), 6/28 men.
    expect(lines.filter((l) => l[1] === '2016')).toEqual([
      ['praktikplatser-per-vuxen-nyanland', '2016', '', '16-64', '0.173', 'ratio', 'final', 'false', 'true', ''],
      ['praktikplatser-per-vuxen-nyanland', '2016', 'women', '16-64', '', 'ratio', 'final', 'false', 'true', 'derived'],
      ['praktikplatser-per-vuxen-nyanland', '2016', 'men', '16-64', '', 'ratio', 'final', 'false', 'true', 'complementary'],
    ]);
    expect(r.body.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('serves the same values as JSON with the indicator, the licence and the disclosure note', async () => {
    const r = await get(`${PLACEMENTS}.json`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['content-disposition']).toBe('inline; filename="0138-integrationsstrategi-praktikplatser-per-vuxen-nyanland.json"');
    const d = json(r);
    expect(d.municipality).toEqual({ code: '0138', name: 'Tyresö' });
    expect(d.indicator).toMatchObject({ key: 'praktikplatser-per-vuxen-nyanland', unitOfMeasure: 'ratio', ageBands: ['16-64'] });
    expect(d.license).toBe('https://creativecommons.org/publicdomain/zero/1.0/');
    expect(d.disclosure).toMatchObject({ threshold: 5, mark: '..' });
    const csv = (await get(`${PLACEMENTS}.csv`)).body.trimEnd().split('\r\n').slice(1).map((l) => l.split(','));
    expect(d.values.map((v: { year: number; sex: string; value: number | null; suppressed: string | null }) => [String(v.year), v.sex === 'total' ? '' : v.sex, v.value === null ? '' : String(v.value), v.suppressed ?? ''])).toEqual(
      csv.map((l) => [l[1], l[2], l[4], l[9]]),
    );
    expect(d.values.every((v: { value: number | null; suppressed: string | null }) => (v.value === null) === (v.suppressed !== null))).toBe(true);
  });

  it('lists every published indicator in the DCAT-AP-SE catalogue (JSON-LD), and every distribution in it answers', async () => {
    const r = await get('/api/v1/open-data/catalog', { host: 'data.example.se' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    const c = json(r);
    expect(c['@context']).toMatchObject({ dcat: 'http://www.w3.org/ns/dcat#', dct: 'http://purl.org/dc/terms/' });
    expect(c['@id']).toBe('http://data.example.se/api/v1/open-data/catalog');
    const ids: string[] = c['dcat:dataset'].map((d: { 'dct:identifier': string }) => d['dct:identifier']);
    expect(ids).toContain('0138/integrationsstrategi/praktikplatser-per-vuxen-nyanland');
    expect(ids).toContain('0481/integrationsplan/nyanlanda-egen-forsorjning');
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of c['dcat:dataset']) {
      expect(d['dct:publisher']['@type']).toBe('foaf:Agent');
      expect((await get(d['@id'].replace('http://data.example.se', ''))).statusCode).toBe(200);
      for (const dist of d['dcat:distribution']) {
        const answer = await get(dist['dcat:downloadURL']['@id'].replace('http://data.example.se', ''));
        expect(answer.statusCode, dist['@id']).toBe(200);
      }
    }
    const one = json(await get('/api/v1/open-data/municipalities/0481/catalog'));
    expect(one['dct:publisher']).toMatchObject({ 'foaf:name': 'Oxelösund', 'dct:identifier': '0481' });
    expect(one['dcat:dataset'].map((d: { 'dct:identifier': string }) => d['dct:identifier'])).toEqual(['0481/integrationsplan/nyanlanda-egen-forsorjning']);
    const dataset = json(await get('/api/v1/open-data/municipalities/0481/indicators/integrationsplan/nyanlanda-egen-forsorjning'));
    expect(dataset['@type']).toBe('dcat:Dataset');
    expect(dataset['dct:temporal']['dcat:startDate']['@value']).toBe('2016-01-01');
  });

  it("answers 404 as problem+json for an unknown municipality, document or indicator, a malformed key, and a draft document's indicator, and does not cache it", async () => {
    const draft = json(
      await t.app.inject({ method: 'POST', url: '/api/v1/municipalities/0481/documents', payload: { key: 'utkast-2027', type: 'plan', title: 'Utkast till integrationsplan 2027' } }),
    );
    const ind = await t.app.inject({ method: 'POST', url: `/api/v1/documents/${draft.id}/indicators`, payload: { key: 'andel-i-arbete-2027', name: 'Andel i arbete', unitOfMeasure: 'percent' } });
    expect(ind.statusCode, ind.body).toBe(201);
    const base = '/api/v1/open-data/municipalities';
    for (const url of [
      `${base}/9999/indicators/integrationsstrategi/praktikplatser-per-vuxen-nyanland.csv`,
      `${base}/0138/indicators/finns-inte/praktikplatser-per-vuxen-nyanland.json`,
      `${base}/0138/indicators/integrationsstrategi/finns-inte.csv`,
      `${base}/0138/indicators/integrationsstrategi/finns-inte`,
      `${base}/0481/indicators/utkast-2027/andel-i-arbete-2027.csv`,
      `${base}/0481/indicators/utkast-2027/andel-i-arbete-2027.json`,
      `${base}/0481/indicators/utkast-2027/andel-i-arbete-2027`,
      `${base}/0138/indicators/integrationsstrategi/Praktik.csv`,
      `${base}/0138/indicators/integrationsstrategi/praktikplatser-per-vuxen-nyanland.xml`,
      `${base}/9999/catalog`,
      `${base}/abc/catalog`,
    ]) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect(json(r), url).toMatchObject({ type: 'urn:samspel:problem:not_found', status: 404 });
      expect(r.headers['cache-control'], url).toBeUndefined();
    }
    const catalog = json(await get('/api/v1/open-data/catalog'));
    expect(catalog['dcat:dataset'].some((d: { 'dct:identifier': string }) => d['dct:identifier'].includes('utkast-2027'))).toBe(false);
  });

  it('is read-only: no other method is served', async () => {
    for (const method of ['POST', 'PUT', 'DELETE'] as const) {
      const r = await t.app.inject({ method, url: `${PLACEMENTS}.csv`, payload: {} });
      expect(r.statusCode).toBeGreaterThanOrEqual(400);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('documents every open-data route in the OpenAPI document under the tag "open-data", with CSV as text/csv', async () => {
    const spec = json(await get('/api/v1/openapi.json'));
    const tagged = Object.entries(spec.paths as Record<string, Record<string, { tags?: string[] }>>).flatMap(([p, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.tags?.includes('open-data'))
        .map(([m]) => `${m.toUpperCase()} ${p}`),
    );
    expect(tagged.sort()).toEqual(
      [
        'GET /api/v1/open-data/catalog',
        'GET /api/v1/open-data/municipalities/{code}/catalog',
        'GET /api/v1/open-data/municipalities/{code}/indicators/{documentKey}/{indicatorKey}',
        'GET /api/v1/open-data/municipalities/{code}/indicators/{documentKey}/{indicatorKey}.json',
        'GET /api/v1/open-data/municipalities/{code}/indicators/{documentKey}/{indicatorKey}.csv',
      ].sort(),
    );
    const csv = spec.paths['/api/v1/open-data/municipalities/{code}/indicators/{documentKey}/{indicatorKey}.csv'].get;
    expect(Object.keys(csv.responses['200'].content)).toEqual(['text/csv']);
    expect(Object.keys(csv.responses['404'].content)).toEqual(['application/problem+json']);
    const values = spec.paths['/api/v1/open-data/municipalities/{code}/indicators/{documentKey}/{indicatorKey}.json'].get.responses['200'].content['application/json'].schema;
    expect(JSON.stringify(values)).toContain('complementary');
  });
});
