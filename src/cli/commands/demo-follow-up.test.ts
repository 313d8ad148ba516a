import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../test/support/test-db.ts';
import type { Db } from '../../db/open-db.ts';
import { REPORT_STATUSES } from '../../domain/follow-up/report-workflow.ts';
import { getReport, listReports } from '../../services/follow-up/reports.service.ts';
import { listValues, type ValueDto } from '../../services/follow-up/values.service.ts';
import { loadDemoFollowUp } from './demo-follow-up.ts';
import { loadDemo } from './demo-load.ts';

/** Tyresö's own figures are read from the seed document, not copied from our CSV. */
const SEEDS = new URL('../../../test/fixtures/seeds/', import.meta.url);
const tyresoSeed = fs.readFileSync(new URL('000_9137f0ada2b382e7.txt', SEEDS), 'utf8').replace(/\s+/g, ' ');
const SEED_SOURCE = 'Tyresö kommun, Integrationsstrategi 2018, avsnitt 1.4';

function seedFigures() {
  const section = /1\.4 Fakta i siffror (.*?) 2 Vision och syfte/.exec(tyresoSeed.slice(tyresoSeed.indexOf('5 (15) 1.4 Fakta i siffror')))?.[0] ?? '';
  const num = (re: RegExp) => {
    const m = re.exec(section);
    if (!m) throw new Error(`the seed's section 1.4 does not say ${re}`);
    return Number(m[1]);
  };
  return {
    newcomers: new Map([
      [2015, num(/tog 2015 emot (\d+) nyanlända personer med permanent uppehållstillstånd/)],
      [2016, num(/2016 var motsvarande antal människor (\d+)/)],
      [2017, num(/År 2017 blev (\d+) personer med permanent uppehållstillstånd mottagna/)],
    ]),
    unaccompanied: new Map([
      [2015, num(/tog 2015 emot (\d+) ensamkommande barn/)],
      // "Under 2016 blev kommunen inte anvisad några ensamkommande barn": none.
      [2016, /Under 2016 blev kommunen inte anvisad några ensamkommande barn/.test(section) ? 0 : NaN],
      [2017, num(/Under 2017 har kommunen tagit emot (\d+) ensamkommande barn/)],
    ]),
  };
}

let db: Db;
const docIds = new Map<string, string>();
let first: { values: number; reports: number };

const docId = (k: string) => {
  const id = docIds.get(k);
  if (!id) throw new Error(`no document ${k}`);
  return id;
};
async function snapshot() {
  const out: Record<string, { values: ValueDto[]; reports: Awaited<ReturnType<typeof listReports>>; events: number }> = {};
  for (const [k, id] of docIds) {
    const reports = await listReports(db.db, id);
    let events = 0;
    for (const r of reports) events += (await getReport(db.db, r.id)).events.length;
    out[k] = { values: await listValues(db.db, id), reports, events };
  }
  return out;
}

beforeAll(async () => {
  db = await createTestDb();
  await loadDemo(db.db);
  first = await loadDemoFollowUp(db.db);
  const docs = await db.db.selectFrom('document').select(['id', 'municipality_code', 'key']).where('status', '=', 'adopted').execute();
  for (const d of docs) docIds.set(`${d.municipality_code}/${d.key}`, d.id);
});
afterAll(() => db.close());

describe('loadDemoFollowUp', () => {
  it('holds Tyresö’s figures of section 1.4 exactly as the seed gives them, as real values', async () => {
    const { newcomers, unaccompanied } = seedFigures();
    const tyreso = docId('0138/integrationsstrategi');
    for (const [indicator, figures] of [
      ['nyanlanda-mottagna', newcomers],
      ['ensamkommande-barn-mottagna', unaccompanied],
    ] as const) {
      const values = await listValues(db.db, tyreso, { indicator, unit: null });
      for (const [year, figure] of figures) {
        expect(Number.isInteger(figure)).toBe(true);
        const v = values.find((x) => x.year === year && x.period === null && x.sex === 'total' && x.ageBand === null);
        expect(v, `${indicator} ${year}`).toMatchObject({ value: figure, example: false, status: 'final', source: SEED_SOURCE });
      }
      // Later years are example data, not the seed's.
      expect(values.filter((v) => v.year > 2017).every((v) => v.example)).toBe(true);
    }
  });

  it('marks every value that is not one of the seed’s figures as example data', async () => {
    let real = 0;
    let total = 0;
    for (const id of docIds.values()) {
      for (const v of await listValues(db.db, id)) {
        total++;
        const fromSeed = v.source === SEED_SOURCE && ['nyanlanda-mottagna', 'ensamkommande-barn-mottagna'].includes(v.indicator) && v.year <= 2017;
        if (fromSeed) real++;
        expect(v.example, `${v.indicator} ${v.year} ${v.sex} ${v.unit ?? ''}`).toBe(!fromSeed);
        if (v.example) expect(v.source).toBe('Exempeldata (Samspel)');
      }
    }
    expect(real).toBe(6);
    expect(first.values).toBe(total);
  });

  it('covers at least 2016–2025 for Östersund, every year', async () => {
    const years = new Set((await listValues(db.db, docId('2380/integrationsstrategi-2020'))).map((v) => v.year));
    for (let y = 2016; y <= 2025; y++) expect(years.has(y), String(y)).toBe(true);
  });

  it('has the features the demo is to show: a series break, preliminary values, stale data, women and men', async () => {
    const ost = await listValues(db.db, docId('2380/integrationsstrategi-2020'));
    const breaks = ost.filter((v) => v.seriesBreak);
    expect(breaks).toHaveLength(1);
    expect(breaks[0]!.note).toBeTruthy();
    expect(ost.some((v) => v.status === 'preliminary' && v.year === 2025)).toBe(true);
    expect(Math.max(...ost.filter((v) => v.indicator === 'nyanlanda-arbete-eller-studier').map((v) => v.year))).toBe(2021);
    const emp = await listValues(db.db, docId('0138/integrationsstrategi'), { indicator: 'utrikes-fodda-i-sysselsattning' });
    const gap = (y: number) => Math.abs(emp.find((v) => v.year === y && v.sex === 'women')!.value - emp.find((v) => v.year === y && v.sex === 'men')!.value);
    expect(gap(2025)).toBeLessThan(gap(2016));
  });

  it('creates reports in every status, one reopened with a reason, and leaves one unit without a 2025 report', async () => {
    const all = (await Promise.all([...docIds.values()].map((id) => listReports(db.db, id)))).flat();
    expect(first.reports).toBe(all.length);
    for (const s of REPORT_STATUSES) expect(all.some((r) => r.status === s), s).toBe(true);
    const tyreso = await listReports(db.db, docId('0138/integrationsstrategi'));
    const reopened = await getReport(db.db, tyreso.find((r) => r.unit.name === 'Servicecenter' && r.period === '2024')!.id);
    expect(reopened.status).toBe('draft');
    expect(reopened.events.at(-1)).toMatchObject({ action: 'reopen', from: 'locked', to: 'draft' });
    expect(reopened.events.at(-1)!.reason).toBeTruthy();
    expect(tyreso.some((r) => r.unit.name === 'Servicecenter' && r.period === '2025')).toBe(false);
    // The demo file names roles, never people: the loader takes each step on the role's behalf.
    for (const r of all) {
      for (const e of (await getReport(db.db, r.id)).events) {
        expect(['demo:Integrationsstrateg', 'demo:Kommunchef']).toContain(e.actor);
        expect(e.actorName).toBe(e.actor.slice(5));
      }
    }
  });

  it('records Östersund’s narrative assessments and Tierp’s activity follow-ups for 2018', async () => {
    const ost = await listReports(db.db, docId('2380/integrationsstrategi-2020'), { period: '2024' });
    const council = await getReport(db.db, ost.find((r) => r.unit.name === 'Kommunfullmäktige')!.id);
    expect(council.status).toBe('locked');
    expect(council.goals.filter((g) => g.assessment !== null).map((g) => g.key)).toEqual(
      expect.arrayContaining(['fler-nya-ostersundare', 'ny-kompetens-arbetsliv', 'service-stod-utbildning', 'social-sammanhallning']),
    );
    const tierp = await listReports(db.db, docId('0360/handlingsplan-for-integration'), { period: '2018' });
    expect(tierp).toHaveLength(1);
    const report = await getReport(db.db, tierp[0]!.id);
    const followed = report.activities.filter((a) => a.followUp !== null);
    expect(followed.length).toBe(report.activities.length);
    expect(new Set(followed.map((a) => a.followUp!.status)).size).toBeGreaterThanOrEqual(4);
  });

  it('changes nothing when run again', async () => {
    const before = await snapshot();
    expect(await loadDemoFollowUp(db.db)).toEqual({ values: 0, reports: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a values file with an error, naming the file, and writes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samspel-demo-'));
    try {
      fs.writeFileSync(path.join(dir, 'reports.yaml'), 'reports: []\n');
      fs.writeFileSync(path.join(dir, '0481-integrationsplan.csv'), 'Indicator,Year,Value\nnyanlanda-egen-forsorjning,2030,12\nnyanlanda-egen-forsorjning,2031,lots\n');
      await expect(loadDemoFollowUp(db.db, dir)).rejects.toThrow(/0481-integrationsplan\.csv.*row 3/);
      expect((await listValues(db.db, docId('0481/integrationsplan'))).some((v) => v.year === 2030)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
