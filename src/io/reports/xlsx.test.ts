import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open-db.ts';
import { officeToPdf, pdfInfo, pdfPagesText, pdfToPngs, scratchDir, squash } from '../../../test/support/documents.ts';
import { demoDatabase, demoReports, type DemoReports } from '../../../test/support/report-fixtures.ts';
import { reportText } from './text.ts';
import { actionPlanXlsx, followUpXlsx } from './xlsx.ts';

/**
 * The workbooks as a reader gets them: read back with exceljs (numbers are numbers, with formats),
 * and printed by LibreOffice to PDF, whose text pdftotext reads. The expected words and values come
 * from the demo data (data/demo/*.yaml, data/demo/follow-up/*.csv) and Tierp's plan
 * (shared/seeds/002_*.txt), formatted by hand the Swedish way. The printed pages are also written
 * as PNG to test-results/reports/ for a person to look at.
 */

const PNG_DIR = path.resolve('test-results/reports');

interface Printed {
  file: string;
  workbook: ExcelJS.Workbook;
  pages: string[];
  text: string;
  info: { pages: number; pageSize: string };
}

let db: Db;
let reports: DemoReports;
let dir: string;
const printed: Record<'tyreso' | 'ostersund' | 'plan', Printed> = {} as never;

async function print(name: keyof typeof printed, bytes: Buffer): Promise<void> {
  const file = path.join(dir, `${name}.xlsx`);
  fs.writeFileSync(file, bytes);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const pdf = await officeToPdf(file);
  const pages = await pdfPagesText(pdf);
  for (const old of fs.existsSync(PNG_DIR) ? fs.readdirSync(PNG_DIR) : []) if (old.startsWith(`xlsx-${name}-`)) fs.rmSync(path.join(PNG_DIR, old));
  await pdfToPngs(pdf, path.join(PNG_DIR, `xlsx-${name}`), 60);
  fs.copyFileSync(pdf, path.join(PNG_DIR, `xlsx-${name}.pdf`));
  printed[name] = { file, workbook, pages, text: squash(pages.join('\n')), info: await pdfInfo(pdf) };
}

const sheet = (p: Printed, name: string) => {
  const ws = p.workbook.getWorksheet(name);
  if (!ws) throw new Error(`No sheet ${name}`);
  return ws;
};

/** The rows of a sheet as arrays of cells (1-based like Excel, index 0 unused). */
function rowsOf(ws: ExcelJS.Worksheet): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  ws.eachRow((r) => rows.push(r));
  return rows;
}

beforeAll(async () => {
  db = await demoDatabase();
  reports = await demoReports(db);
  dir = scratchDir('xlsx');
  const sv = reportText('sv');
  // One after the other: LibreOffice takes most of a core.
  await print('tyreso', await followUpXlsx(reports.tyreso, sv));
  await print('ostersund', await followUpXlsx(reports.ostersund, sv));
  await print('plan', await actionPlanXlsx(reports.tierpPlan, sv));
}, 300_000);

afterAll(async () => {
  await db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const SV_SHEETS = ['Sammanfattning', 'Så bedöms målen', 'Mål', 'Bedömningar', 'Indikatorer', 'Diagram', 'Kvinnor och män', 'Aktiviteter', 'Rapporter', 'Definitioner'];
const TABLE_SHEETS = ['Mål', 'Bedömningar', 'Indikatorer', 'Kvinnor och män', 'Aktiviteter', 'Rapporter', 'Definitioner'];

/** The first row of a sheet whose cells in the given columns hold these values. */
function findRow(ws: ExcelJS.Worksheet, match: Record<number, unknown>): ExcelJS.Row {
  const row = rowsOf(ws).find((r) => Object.entries(match).every(([col, v]) => r.getCell(Number(col)).value === v));
  if (!row) throw new Error(`No row ${JSON.stringify(match)} in ${ws.name}`);
  return row;
}

/** The page's text says "Sida n av N", N the PDF's page count. */
const pageFooter = (p: Printed, n: number) => squash(p.pages[n - 1] ?? '').includes(`Sida ${n} av ${p.info.pages}`);

describe('the follow-up workbook', () => {
  it('has one sheet per table, named in Swedish, in the order of the report', () => {
    expect(printed.ostersund.workbook.worksheets.map((w) => w.name)).toEqual(SV_SHEETS);
    // Tyresö's strategy has no measurable targets: no note on how they are judged.
    expect(printed.tyreso.workbook.worksheets.map((w) => w.name)).toEqual(SV_SHEETS.filter((s) => s !== 'Så bedöms målen'));
  });

  it('stores the values as numbers with Swedish number formats: a percentage as a share, a count and kronor with thousands', () => {
    // data/demo/follow-up/2380-*.csv: andel-utrikes-fodda 2016 = 8.4 (%), antal-kommunmottagna 2016 = 338.
    const ind = sheet(printed.ostersund, 'Indikatorer');
    const share = findRow(ind, { 2: 'Andel av befolkningen som är utrikes födda', 3: 'alla åldrar', 5: 2016, 6: 'Totalt' }).getCell(7);
    expect(typeof share.value).toBe('number');
    expect(share.value as number).toBeCloseTo(0.084, 10);
    // Written as [$-41D]0.0\ % (Swedish, a space before the sign); exceljs reads the escaped space back as a plain one.
    expect(share.numFmt).toMatch(/^\[\$-41D\]0\.0\\? %$/);
    const count = findRow(ind, { 2: 'Antal kommunmottagna', 5: 2016, 6: 'Totalt' }).getCell(7);
    expect(count.value).toBe(338);
    expect(count.numFmt).toBe('[$-41D]#,##0');
    // 0138-*.csv: stod-till-integrationsprojekt (unit sek) 2016 = 350000.
    const kronor = findRow(sheet(printed.tyreso, 'Indikatorer'), { 2: 'Utbetalt stöd till integrationsprojekt', 5: 2016 }).getCell(7);
    expect(kronor.value).toBe(350000);
    expect(kronor.numFmt).toMatch(/^\[\$-41D\]#,##0"\s?kr"$/u);
    // 2380-ostersund.yaml: "Minst 10 % av befolkningen är utrikes födda år 2020": 10.2 in 2020 (the verdict), measured
    // from 8.4 in 2016; the latest value 11.6 (2025).
    const target = findRow(sheet(printed.ostersund, 'Mål'), { 3: 'Minst 10 % av befolkningen är utrikes födda år 2020' });
    expect(target.getCell(5).value).toBe('Uppnått');
    expect(target.getCell(6).value).toBe('2020 var andelen 10,2\u00a0%, målet var minst 10,0\u00a0% (bedömt på målåret).');
    expect(target.getCell(7).value).toBe('minst 10,0\u00a0%');
    expect(target.getCell(8).value).toBe(2020);
    expect(target.getCell(9).value as number).toBeCloseTo(0.102, 10);
    expect(target.getCell(9).numFmt).toMatch(/^\[\$-41D\]0\.0\\? %$/);
    expect(target.getCell(10).value).toBe(2020);
    expect(target.getCell(11).value).toBeNull();
    expect(target.getCell(12).value as number).toBeCloseTo(0.084, 10);
    expect(target.getCell(13).value).toBe(2016);
    expect(target.getCell(14).value as number).toBeCloseTo(0.116, 10);
    expect(target.getCell(15).value).toBe(2025);
  });

  it('has bold, frozen header rows with a filter, repeated on every printed A4 page fitted to the width, and the footer "Sida &P av &N"', () => {
    for (const name of TABLE_SHEETS) {
      const ws = sheet(printed.ostersund, name);
      expect(ws.getRow(1).getCell(1).font?.bold, name).toBe(true);
      expect(ws.views[0], name).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter, name).toBeTruthy();
      expect(ws.pageSetup, name).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
    }
    for (const ws of printed.ostersund.workbook.worksheets) expect(ws.headerFooter.oddFooter, ws.name).toContain('Sida &P av &N');
    expect(sheet(printed.ostersund, 'Mål').pageSetup.orientation).toBe('landscape');
    // The summary has each area's rule in words beside its status: landscape, so the column fits.
    expect(sheet(printed.ostersund, 'Sammanfattning').pageSetup.orientation).toBe('landscape');
  });

  it('prints in LibreOffice with the cover, the headings, Swedish numbers and "Sida 1 av N" to "Sida N av N"', () => {
    const p = printed.ostersund;
    expect(p.info.pageSize).toContain('(A4)');
    // The cover: 2380-ostersund.yaml's title, adopting body and decision date.
    for (const s of ['Integrationsstrategi 2020', 'Östersund (2380)', 'Antagen av Kommunstyrelsen', 'Beslutsdatum 2016-05-10']) expect(p.text).toContain(s);
    for (const s of ['Sammanfattning', 'Per område', 'Mål per status', 'Mätbart mål', 'Nämndens motivering', 'Indikator', 'Rapportläge', 'Begrepp']) expect(p.text).toContain(s);
    // Areas and a goal of the strategy.
    for (const s of ['Område inflyttning/mångfald', 'Område social sammanhållning', 'Fler nya Östersundare']) expect(p.text).toContain(s);
    // Values from the CSV the Swedish way: 8.4 % (2016), 11.6 % (2025), the target 10 %, the count 338.
    for (const s of ['8,4 %', '11,6 %', '10,0 %', '338']) expect(p.text).toContain(s);
    expect(p.text).not.toMatch(/\b8\.4\b|0\.084/);
    expect(pageFooter(p, 1)).toBe(true);
    expect(pageFooter(p, p.info.pages)).toBe(true);
    expect(pageFooter(printed.tyreso, 1)).toBe(true);
  });

  it('sums up how many targets are achieved or on track, and how many have each status', () => {
    // data/demo/follow-up/README.md: of Östersund's nine targets one is achieved (andel-utrikes-fodda) and one on
    // track (behöriga nationellt program); behöriga högre studier deteriorates, upplevelse-sociala-relationer
    // cannot be assessed, and the other five missed their year.
    const p = printed.ostersund;
    expect(p.text).toContain('2 av 9 mål är uppnådda eller i fas.');
    const summary = sheet(p, 'Sammanfattning');
    const count = (status: string) => findRow(summary, { 1: status }).getCell(3).value;
    expect([count('Uppnått'), count('I fas'), count('Går åt fel håll'), count('Inte uppnått'), count('Kan inte bedömas')]).toEqual([1, 1, 1, 5, 1]);
    expect(findRow(summary, { 1: 'Totalt' }).getCell(2).value).toBe(9);
  });

  it('prints a suppressed small count as ".." with its reason, and the disclosure note', () => {
    // 0138-*.csv: ensamkommande-barn-mottagna 2017 = 17 (published), 2019 = 3 (below 5: not published).
    const p = printed.tyreso;
    const ind = sheet(p, 'Indikatorer');
    const name = 'Ensamkommande barn mottagna i kommunen, antal';
    expect(findRow(ind, { 2: name, 5: 2017 }).getCell(7).value).toBe(17);
    const hidden = findRow(ind, { 2: name, 5: 2019 });
    expect(hidden.getCell(7).value).toBe('..');
    expect(hidden.getCell(11).value).toBe('Redovisas inte: för få personer');
    expect(p.text).toMatch(/Ensamkommande barn mottagna i kommunen, antal alla åldrar Antal 2019 Totalt \.\./);
    expect(p.text).toContain('Värden som bygger på färre än 5 personer redovisas inte och visas som ”..”');
  });

  it('has a chart for each indicator with values, described by its alt text, with its numbers in the table under it', async () => {
    const zip = await JSZip.loadAsync(fs.readFileSync(printed.ostersund.file));
    const drawing = await zip.file('xl/drawings/drawing1.xml')!.async('string');
    const descr = [...drawing.matchAll(/descr="([^"]*)"/g)].map((m) => m[1]);
    // 2380-*.csv has values for nine indicators; upplevelse-sociala-relationer has none and so no chart.
    expect(descr).toHaveLength(9);
    expect(descr[0]).toBe('Linjediagram: Antal kommunmottagna, 2016–2025 (Totalt). Samma värden finns i tabellen.');
    expect(sheet(printed.ostersund, 'Diagram').getImages()).toHaveLength(9);
    // The table under the chart: the years across, 338 … 294 (2025, preliminary: marked and explained).
    const t = printed.ostersund.text;
    expect(t).toMatch(/År 2016 2017 2018 2019 2020 2021 2022 2023 2024 2025 Totalt 338 365 302 276 214 231 305 287 312 294\* \* preliminärt värde/);
    expect(t).toContain('Källa: Kolada N01986');
  });

  it('gives the gap between women and men year by year: Tyresö’s employment gap narrows from −11,3 to −5,4 points', () => {
    // README: utrikes-fodda-i-sysselsattning, women − men from −11.3 (2016: 58.1 − 69.4) to −5.4 points (2025: 65.6 − 71.0).
    const gaps = sheet(printed.tyreso, 'Kvinnor och män');
    const name = 'Andel utrikes födda i sysselsättning i kommunen.';
    // Its headline age band, 16–64 (data/demo/0138-tyreso.yaml), named in its own column.
    const first = findRow(gaps, { 1: name, 2: '16–64 år', 3: 2016 });
    expect(first.getCell(4).value as number).toBeCloseTo(0.581, 10);
    expect(first.getCell(6).value as number).toBeCloseTo(-11.3, 10);
    expect(first.getCell(7).value).toBe('procentenheter');
    expect(findRow(gaps, { 1: name, 3: 2025 }).getCell(8).value).toBe('Minskat');
    expect(printed.tyreso.text).toMatch(/2016 58,1 % 69,4 % [-−]11,3 procentenheter/);
    expect(printed.tyreso.text).toMatch(/2025 65,6 % 71,0 % [-−]5,4 procentenheter Minskat/);
  });

  it('lists the committees and units that have not reported, those not yet approved and those approved', () => {
    // reports.yaml, Tyresö 2025: Kommunstyrelsen's report was returned and Utvecklingsförvaltningen's is a draft;
    // Integrationsenheten's is submitted; Gymnasie- och arbetsmarknadsnämnden's is approved.
    const units = sheet(printed.tyreso, 'Rapporter');
    expect(findRow(units, { 2: 'Kommunstyrelsen' }).getCell(1).value).toBe('Har inte lämnat rapport');
    expect(findRow(units, { 2: 'Utvecklingsförvaltningen' }).getCell(1).value).toBe('Har inte lämnat rapport');
    expect(findRow(units, { 2: 'Integrationsenheten' }).getCell(1).value).toBe('Lämnad men inte godkänd');
    expect(findRow(units, { 2: 'Gymnasie- och arbetsmarknadsnämnden' }).getCell(1).value).toBe('Godkända');
    expect(printed.tyreso.text).toContain('Har inte lämnat rapport Kommunstyrelsen Utkast');
  });

  it('can be had in English, with English sheet names and number formats', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await followUpXlsx(reports.ostersund, reportText('en'))) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'How targets are judged', 'Targets', 'Assessments', 'Indicators', 'Charts', 'Women and men', 'Activities', 'Reports', 'Definitions']);
    const cell = findRow(wb.getWorksheet('Indicators')!, { 2: 'Andel av befolkningen som är utrikes födda', 5: 2016 }).getCell(7);
    expect(cell.value as number).toBeCloseTo(0.084, 10);
    expect(cell.numFmt).toBe('[$-809]0.0%');
    expect(wb.getWorksheet('Summary')!.headerFooter.oddFooter).toContain('Page &P of &N');
  });
});

describe('the action plan workbook', () => {
  it('is one landscape sheet laid out as Tierp’s plan: its columns, the areas as headings, each goal once over its activities', () => {
    const p = printed.plan;
    expect(p.workbook.worksheets.map((w) => w.name)).toEqual(['Handlingsplan']);
    const ws = sheet(p, 'Handlingsplan');
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToWidth: 1 });
    // shared/seeds/002_*.txt: the plan's columns and its first goal, printed once over its five activities.
    for (const s of ['Mål/delmål', 'Problem/behov', 'Aktivitet', 'Huvudansvar', 'Tidplan', 'Uppföljning/resultat 2018']) expect(p.text).toContain(s);
    for (const area of ['Arbete', 'Boende', 'Språk', 'Attityd', 'Mötesplatser', 'Samverkan']) expect(p.text).toContain(`Område: ${area}`);
    const goal = findRow(ws, { 1: 'Ge varje individ förutsättningar för att så snabbt som möjligt komma ut i arbetslivet och nå egen försörjning.' });
    expect(ws.model.merges).toContain(`A${goal.number}:A${goal.number + 4}`);
    // The problem "Det är svårt för nyanlända …" covers the same five rows in the seed.
    expect(ws.model.merges).toContain(`B${goal.number}:B${goal.number + 4}`);
    expect(p.text).toContain('Alla invånare ska ha ett skäligt boende på lika villkor.');
  });

  it('has the plan’s head and this year’s status in words, with progress as a number', () => {
    const p = printed.plan;
    // The seed's head: Fastställd av Kommunstyrelsen § 72.2017, 2017-05-30, KS 2017.411, Kommunchef, t o m 2018-12-31.
    for (const s of ['Handlingsplan för integration', 'Kommunstyrelsen § 72.2017', '2017-05-30', 'KS 2017.411', 'Kommunchef', '2018-12-31']) expect(p.text).toContain(s);
    const ws = sheet(p, 'Handlingsplan');
    // reports.yaml, Tierp 2018: arbete-1-2 ongoing with 60 % done; arbete-1-3 done.
    const ongoing = findRow(ws, { 3: 'Fortsatt utveckling av Arbetsmarknadsenheten där samverkan med lokala näringslivet är prioriterat, skapa och utveckla nätverk och mötesplatser.' });
    expect(ongoing.getCell(7).value).toBe('Pågår');
    expect(ongoing.getCell(8).value).toBeCloseTo(0.6, 10);
    expect(ongoing.getCell(8).numFmt).toMatch(/^\[\$-41D\]0\\? %$/);
    const done = findRow(ws, { 3: 'Kartlägga behov av kompetens från företagets sida och kartlägga vilka kompetenser som finns i samhället.' });
    expect(done.getCell(7).value).toBe('Genomförd');
    expect(p.text).toMatch(/Pågår 60 %/);
    expect(ongoing.getCell(6).value).toBe('Exempeltext: Fyra nätverksträffar med lokala företag under året; arbetet fortsätter 2019.');
  });

  it('prints on landscape A4 with the header row on every page and "Sida 1 av N"', () => {
    const p = printed.plan;
    expect(p.info.pageSize).toMatch(/^841\.\d+ x 595\.\d+ pts \(A4\)/);
    expect(sheet(p, 'Handlingsplan').pageSetup.printTitlesRow).toMatch(/^(\d+):\1$/);
    expect(p.info.pages).toBeGreaterThan(1);
    for (let n = 1; n <= p.info.pages; n++) {
      expect(pageFooter(p, n), `page ${n}`).toBe(true);
      expect(squash(p.pages[n - 1]!), `page ${n}`).toContain('Mål/delmål Problem/behov Aktivitet Huvudansvar Tidplan');
    }
  });
});
