import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createTestDb } from '../../../test/support/test-db.ts';
import { loadDemoIfEmpty } from '../../cli/commands/demo-load.ts';
import type { Db } from '../../db/open-db.ts';
import type { ValueInput } from '../../domain/follow-up/values.ts';
import { BUNDLE_FORMAT } from '../../domain/strategy/types.ts';
import { parseValuesCsv } from '../../io/values/csv.ts';
import { bundleSchema } from '../../shared/api/interchange.ts';
import { importValues } from '../follow-up/values.service.ts';
import { createDocument, importBundle, reviseDocument, transitionDocument } from '../strategy/documents.service.ts';
import { createItem } from '../strategy/items.service.ts';
import { openDataCatalog, openDataset, openDatasetCsv, openDatasetMetadata } from './open-data.service.ts';

/**
 * Open data over the demo data, through the services. Expectations come from the demo files
 * (data/demo/*.yaml and follow-up/*.csv) and from values entered here, never from the service.
 */
let t: Db;
const DEMO = path.resolve(import.meta.dirname, '../../../data/demo');
const BASE = 'https://samspel.example';

beforeAll(async () => {
  t = await createTestDb();
  await loadDemoIfEmpty(t.db);
}, 120_000);
afterAll(() => t.close());

/** The published indicators the demo bundles declare: those of the newest adopted (superseded, expired) version of each document. */
function demoPublished(): string[] {
  const out: string[] = [];
  for (const f of fs.readdirSync(DEMO).filter((x) => x.endsWith('.yaml') && x !== 'consultations.yaml')) {
    const bundle = parse(fs.readFileSync(path.join(DEMO, f), 'utf8'));
    const newest = new Map<string, { version: number; indicators: string[] }>();
    for (const d of bundle.documents) {
      if (!['adopted', 'superseded', 'expired'].includes(d.document.status)) continue;
      const version = d.document.version ?? 1;
      if ((newest.get(d.document.key)?.version ?? 0) < version) newest.set(d.document.key, { version, indicators: (d.indicators ?? []).map((i: { key: string }) => i.key) });
    }
    for (const [key, d] of newest) for (const i of d.indicators) out.push(`${bundle.municipality.code}/${key}/${i}`);
  }
  return out.sort();
}

/** Full-year rows of a demo values file (blank Period), as text cells by header. */
function demoRows(file: string): Array<Record<string, string>> {
  const [head, ...lines] = fs.readFileSync(path.join(DEMO, 'follow-up', file), 'utf8').trim().split(/\r?\n/);
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v]))).filter((r) => r.Period === '');
}

type Dataset = { '@id': string; 'dct:identifier': string; 'dct:temporal'?: { 'dcat:startDate': { '@value': string }; 'dcat:endDate': { '@value': string } }; [k: string]: unknown };
const datasets = async (code?: string) => (await openDataCatalog(t.db, { baseUrl: BASE, ...(code ? { code } : {}) }))['dcat:dataset'] as Dataset[];

const value = (over: Partial<ValueInput> & Pick<ValueInput, 'indicator' | 'year' | 'value'>, row: number): ValueInput => ({
  row,
  period: null,
  unit: null,
  sex: 'total',
  ageBand: null,
  numerator: null,
  denominator: null,
  status: 'final',
  source: null,
  note: null,
  seriesBreak: false,
  example: false,
  ...over,
});

describe('the catalogue', () => {
  it('lists every indicator of every adopted demo document, once, and nothing else', async () => {
    const expected = demoPublished();
    expect(expected.length).toBeGreaterThan(20);
    expect((await datasets()).map((d) => d['dct:identifier']).sort()).toEqual(expected);
    expect((await datasets('0138')).map((d) => d['dct:identifier']).sort()).toEqual(expected.filter((k) => k.startsWith('0138/')));
    // Tierp's documents have no indicators: an empty catalogue, not an error.
    expect(await datasets('0360')).toEqual([]);
  });

  it('gives each dataset the DCAT-AP-SE fields: publisher, licence, temporal and spatial coverage, frequency, keywords, Swedish title, CSV and JSON', async () => {
    const catalog = await openDataCatalog(t.db, { baseUrl: BASE, code: '2380' });
    expect(catalog['@type']).toBe('dcat:Catalog');
    expect(catalog['dct:publisher']).toEqual({ '@type': 'foaf:Agent', 'foaf:name': 'Östersund', 'dct:identifier': '2380' });
    const rows = demoRows('2380-integrationsstrategi-2020.csv');
    for (const d of catalog['dcat:dataset'] as Dataset[]) {
      const key = d['dct:identifier'].split('/')[2]!;
      expect(d['@id']).toBe(`${BASE}/api/v1/open-data/municipalities/2380/indicators/integrationsstrategi-2020/${key}`);
      expect(d['dct:license']).toEqual({ '@id': 'https://creativecommons.org/publicdomain/zero/1.0/' });
      expect(d['dct:spatial']).toMatchObject({ '@type': 'dct:Location', 'dct:identifier': '2380' });
      expect(d['dct:accrualPeriodicity']).toEqual({ '@id': 'http://publications.europa.eu/resource/authority/frequency/ANNUAL' });
      expect((d['dct:title'] as { '@language': string })['@language']).toBe('sv');
      expect(d['dcat:keyword']).toContainEqual({ '@language': 'sv', '@value': 'Östersund' });
      const dist = d['dcat:distribution'] as Array<{ '@id': string; 'dcat:mediaType': { '@id': string }; 'dct:license': unknown }>;
      expect(dist.map((x) => x['@id'])).toEqual([`${d['@id']}.csv`, `${d['@id']}.json`]);
      expect(dist.map((x) => x['dcat:mediaType']['@id'])).toEqual(['http://www.iana.org/assignments/media-types/text/csv', 'http://www.iana.org/assignments/media-types/application/json']);
      // Temporal coverage: the first and last year of the demo file's full-year values.
      const years = rows.filter((r) => r.Indicator === key).map((r) => Number(r.Year));
      if (years.length === 0) expect(d['dct:temporal']).toBeUndefined();
      else {
        expect(d['dct:temporal']!['dcat:startDate']['@value']).toBe(`${Math.min(...years)}-01-01`);
        expect(d['dct:temporal']!['dcat:endDate']['@value']).toBe(`${Math.max(...years)}-12-31`);
      }
    }
    // upplevelse-sociala-relationer has no values at all: listed, without temporal coverage.
    expect((catalog['dcat:dataset'] as Dataset[]).some((d) => d['dct:identifier'].endsWith('/upplevelse-sociala-relationer') && d['dct:temporal'] === undefined)).toBe(true);
  });

  it('refuses an unknown municipality as not found', async () => {
    await expect(openDataCatalog(t.db, { baseUrl: BASE, code: '9999' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('values', () => {
  it("publishes Tyresö's placements per adult newcomer with every share whose numerator is 1–4 suppressed, and the men's share beside it", async () => {
    const d = await openDataset(t.db, '0138', 'integrationsstrategi', 'praktikplatser-per-vuxen-nyanland');
    const rows = demoRows('0138-integrationsstrategi.csv').filter((r) => r.Indicator === 'praktikplatser-per-vuxen-nyanland');
    expect(d.values).toHaveLength(rows.length);
    const num = (year: string, sex: string) => Number(rows.find((r) => r.Year === year && r.Sex === sex)!.Numerator);
    for (const r of rows) {
      const sex = r.Sex === '' ? 'total' : r.Sex;
      const v = d.values.find((x) => x.year === Number(r.Year) && x.sex === sex)!;
      const women = num(r.Year!, 'women');
      // Women's numerator 1–4: derived; then the men's share goes too (its numerator is smaller than the total's).
      const expected = women > 0 && women < 5 ? ({ women: 'derived', men: 'complementary', total: null } as const)[sex as 'women' | 'men' | 'total'] : null;
      expect(v.suppressed, `${r.Year} ${sex}`).toBe(expected);
      expect(v.value).toBe(expected ? null : Number(r.Value));
      expect(v).toMatchObject({ ageBand: '16-64', unitOfMeasure: 'ratio', example: true, status: r.Status });
    }
    expect(d.values.filter((v) => v.suppressed).map((v) => `${v.year} ${v.sex} ${v.suppressed}`)).toEqual([
      '2016 women derived',
      '2016 men complementary',
      '2020 women derived',
      '2020 men complementary',
      '2021 women derived',
      '2021 men complementary',
      '2022 women derived',
      '2022 men complementary',
    ]);
  });

  it('publishes a zero and counts of 5 and more as they are (Tyresö: unaccompanied children 0 in 2016)', async () => {
    const d = await openDataset(t.db, '0138', 'integrationsstrategi', 'ensamkommande-barn-mottagna');
    const rows = demoRows('0138-integrationsstrategi.csv').filter((r) => r.Indicator === 'ensamkommande-barn-mottagna');
    expect(d.values.map((v) => [v.year, v.value, v.suppressed])).toEqual(
      rows.map((r) => [Number(r.Year), Number(r.Value) > 0 && Number(r.Value) < 5 ? null : Number(r.Value), Number(r.Value) > 0 && Number(r.Value) < 5 ? 'primary' : null]),
    );
    expect(d.values.find((v) => v.year === 2016)).toMatchObject({ value: 0, suppressed: null, example: false });
  });

  it('gives the CSV in the long form: it parses back with the value-file reader, a blank Sex is the total, and a suppressed row has an empty value and its reason', async () => {
    const d = await openDataset(t.db, '0138', 'integrationsstrategi', 'praktikplatser-per-vuxen-nyanland');
    const csv = openDatasetCsv(d);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('Indicator,Year,Sex,Age,Value,UnitOfMeasure,Status,SeriesBreak,Example,Suppressed');
    expect(lines[1]).toBe('praktikplatser-per-vuxen-nyanland,2016,,16-64,0.173,ratio,final,false,true,');
    expect(lines[2]).toBe('praktikplatser-per-vuxen-nyanland,2016,women,16-64,,ratio,final,false,true,derived');
    expect(csv.endsWith('\r\n')).toBe(true);
    // The importer's reader: two unknown columns on the header and a missing value on each suppressed row; every other row reads back.
    const parsed = parseValuesCsv(csv);
    const suppressed = d.values.filter((v) => v.suppressed !== null);
    expect(parsed.errors.filter((e) => e.row === 1)).toEqual([expect.objectContaining({ field: 'header', message: expect.stringContaining('"UnitOfMeasure", "Suppressed"') })]);
    expect(parsed.errors.filter((e) => e.row > 1).map((e) => [e.row, e.field])).toEqual(
      d.values.flatMap((v, i) => (v.suppressed !== null ? [[i + 2, 'value']] : [])),
    );
    expect(parsed.rows.map((r) => [r.year, r.sex, r.ageBand, r.value, r.status, r.example])).toEqual(
      d.values.filter((v) => v.suppressed === null).map((v) => [v.year, v.sex, v.ageBand, v.value, v.status, v.example]),
    );
    expect(suppressed.length).toBe(8);
  });
});

describe('small counts entered through the services, and document versions', () => {
  let docId: string;
  beforeAll(async () => {
    const bundle = bundleSchema.parse({
      format: BUNDLE_FORMAT,
      municipality: { code: '9001', name: 'Provköping' },
      organisation: [
        { name: 'Kommunstyrelsen', type: 'executive_board', parent: null },
        { name: 'Enhet A', type: 'unit', parent: 'Kommunstyrelsen' },
        { name: 'Enhet B', type: 'unit', parent: 'Kommunstyrelsen' },
      ],
      documents: [
        {
          document: { key: 'provplan', type: 'plan', title: 'Provplan', status: 'adopted', adoptedBy: { body: 'Kommunfullmäktige' }, decisionDate: '2022-03-01', validIndefinitely: true },
          indicators: [
            { key: 'antal-deltagare', name: 'Antal deltagare', unitOfMeasure: 'count', sexes: ['total', 'women', 'men'] },
            { key: 'andel-i-arbete', name: 'Andel i arbete', unitOfMeasure: 'percent', sexes: ['total', 'women', 'men'] },
          ],
        },
      ],
    });
    await importBundle(t.db, bundle);
    docId = (await t.db.selectFrom('document').select('id').where('municipality_code', '=', '9001').where('key', '=', 'provplan').executeTakeFirstOrThrow()).id;
    const rows: Array<Omit<Parameters<typeof value>[0], 'indicator'>> = [
      // 2022: only a total of 3.
      { year: 2022, value: 3 },
      // 2023: no municipal value; the units' values roll up to women 4, men 10, total 14.
      { year: 2023, unit: 'Enhet A', sex: 'women', value: 2 },
      { year: 2023, unit: 'Enhet A', sex: 'men', value: 6 },
      { year: 2023, unit: 'Enhet A', value: 8 },
      { year: 2023, unit: 'Enhet B', sex: 'women', value: 2 },
      { year: 2023, unit: 'Enhet B', sex: 'men', value: 4 },
      { year: 2023, unit: 'Enhet B', value: 6 },
      // 2024: 3 + 12 = 15.
      { year: 2024, sex: 'women', value: 3 },
      { year: 2024, sex: 'men', value: 12 },
      { year: 2024, value: 15 },
      // 2025: 0 + 7 = 7.
      { year: 2025, sex: 'women', value: 0 },
      { year: 2025, sex: 'men', value: 7 },
      { year: 2025, value: 7 },
    ];
    const shares: Array<Omit<Parameters<typeof value>[0], 'indicator'>> = [
      // 2024: women 2 of 10, men 9 of 20, total 11 of 30; the units roll up in 2025: women 6/12, men 3/10, total 9/22.
      { year: 2024, sex: 'women', value: 20, numerator: 2, denominator: 10 },
      { year: 2024, sex: 'men', value: 45, numerator: 9, denominator: 20 },
      { year: 2024, value: 36.7, numerator: 11, denominator: 30 },
      { year: 2025, unit: 'Enhet A', sex: 'women', value: 50, numerator: 3, denominator: 6 },
      { year: 2025, unit: 'Enhet B', sex: 'women', value: 50, numerator: 3, denominator: 6 },
      { year: 2025, unit: 'Enhet A', sex: 'men', value: 30, numerator: 3, denominator: 10 },
      { year: 2025, unit: 'Enhet A', value: 37.5, numerator: 6, denominator: 16 },
      { year: 2025, unit: 'Enhet B', value: 50, numerator: 3, denominator: 6 },
    ];
    await importValues(t.db, docId, [
      ...rows.map((r, i) => value({ ...r, indicator: 'antal-deltagare' }, i + 1)),
      ...shares.map((r, i) => value({ ...r, indicator: 'andel-i-arbete' }, rows.length + i + 1)),
    ]);
  });

  it('suppresses a small count with its complement, rolls units up as the compilation does, and publishes 0', async () => {
    const d = await openDataset(t.db, '9001', 'provplan', 'antal-deltagare');
    expect(d.values.map((v) => [v.year, v.sex, v.value, v.suppressed])).toEqual([
      [2022, 'total', null, 'primary'],
      [2023, 'total', 14, null],
      [2023, 'women', null, 'primary'],
      [2023, 'men', null, 'complementary'],
      [2024, 'total', 15, null],
      [2024, 'women', null, 'primary'],
      [2024, 'men', null, 'complementary'],
      [2025, 'total', 7, null],
      [2025, 'women', 0, null],
      [2025, 'men', 7, null],
    ]);
    expect(d.years).toEqual({ first: 2022, last: 2025 });
    expect(d.document).toMatchObject({ key: 'provplan', version: 1, status: 'adopted' });
  });

  it("suppresses shares on their numerators and denominators, the municipality's own or the units' sums", async () => {
    const d = await openDataset(t.db, '9001', 'provplan', 'andel-i-arbete');
    // 2024: women 2/10 derived; numerators 2 + 9 = 11: men (9) rather than the total (11).
    // 2025, rolled up: women 6/12 published, men 3/10 derived, total 9/22; women (6) rather than the total (9).
    expect(d.values.map((v) => [v.year, v.sex, v.value, v.suppressed])).toEqual([
      [2024, 'total', 36.7, null],
      [2024, 'women', null, 'derived'],
      [2024, 'men', null, 'complementary'],
      [2025, 'total', (100 * 9) / 22, null],
      [2025, 'women', null, 'complementary'],
      [2025, 'men', null, 'derived'],
    ]);
  });

  it('keeps a threshold given by the caller (3: the counts of 3 and 4 are published)', async () => {
    const d = await openDataset(t.db, '9001', 'provplan', 'antal-deltagare', { threshold: 3 });
    expect(d.values.filter((v) => v.suppressed)).toEqual([]);
    expect(d.values.filter((v) => v.value === 3 || v.value === 4).map((v) => [v.year, v.sex])).toEqual([
      [2022, 'total'],
      [2023, 'women'],
      [2024, 'women'],
    ]);
    expect(d.disclosure).toMatchObject({ threshold: 3, mark: '..' });
    expect(d.disclosure.note.sv).toContain('antal mellan 1 och 2');
  });

  it("does not publish a draft: neither a new draft document nor an indicator only a new version's draft has", async () => {
    const draft = await createDocument(t.db, '9001', {
      key: 'utkast',
      type: 'plan',
      typeLabel: null,
      title: 'Utkast',
      subtitle: null,
      appliesTo: null,
      adoptedBy: null,
      decisionDate: null,
      caseNumber: null,
      owner: null,
      validFrom: null,
      validUntil: null,
      validIndefinitely: false,
      implements: null,
      goalLevels: ['Mål'],
      note: null,
    });
    await createItem(t.db, draft.id, 'indicators', indicatorInput('i-utkastet'));
    const v1 = await t.db.selectFrom('document').select(['id', 'lock_version']).where('id', '=', docId).executeTakeFirstOrThrow();
    const v2 = await reviseDocument(t.db, v1.id, v1.lock_version);
    await createItem(t.db, v2.id, 'indicators', indicatorInput('nya-deltagare'));
    await expect(openDataset(t.db, '9001', 'utkast', 'i-utkastet')).rejects.toMatchObject({ code: 'not_found' });
    await expect(openDataset(t.db, '9001', 'provplan', 'nya-deltagare')).rejects.toMatchObject({ code: 'not_found' });
    await expect(openDatasetMetadata(t.db, '9001', 'provplan', 'nya-deltagare', { baseUrl: BASE })).rejects.toMatchObject({ code: 'not_found' });
    expect((await datasets('9001')).map((d) => d['dct:identifier'])).toEqual(['9001/provplan/antal-deltagare', '9001/provplan/andel-i-arbete']);
    expect((await openDataset(t.db, '9001', 'provplan', 'antal-deltagare')).document.version).toBe(1);

    // Adopting version 2 supersedes version 1: the newest adopted version is published, under the same addresses.
    const fresh = await t.db.selectFrom('document').select('lock_version').where('id', '=', v2.id).executeTakeFirstOrThrow();
    await transitionDocument(t.db, v2.id, 'adopt', fresh.lock_version, { adoptedBy: { body: 'Kommunfullmäktige', paragraph: '§ 7' }, decisionDate: '2026-02-01' });
    expect((await datasets('9001')).map((d) => d['dct:identifier'])).toEqual(['9001/provplan/antal-deltagare', '9001/provplan/andel-i-arbete', '9001/provplan/nya-deltagare']);
    const after = await openDataset(t.db, '9001', 'provplan', 'antal-deltagare');
    expect(after.document).toMatchObject({ version: 2, status: 'adopted' });
    // The values follow the indicator's key across versions.
    expect(after.values.find((v) => v.year === 2024 && v.sex === 'total')?.value).toBe(15);
    expect((await openDataset(t.db, '9001', 'provplan', 'nya-deltagare')).values).toEqual([]);
  });
});

function indicatorInput(key: string) {
  return {
    key,
    area: null,
    goal: null,
    name: `Indikator ${key}`,
    definition: null,
    unitOfMeasure: 'count' as const,
    sourceKind: 'own' as const,
    sourceRef: null,
    sexes: ['total' as const],
    ageBands: [],
    population: null,
    frequency: 'yearly' as const,
    footnotes: [],
    headline: null,
    gapThreshold: null,
  };
}
