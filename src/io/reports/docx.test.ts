import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeToPdf, pdfInfo, pdfPagesText, pdfToPngs, scratchDir, squash } from '../../../test/support/documents.ts';
import { demoDatabase, demoReports } from '../../../test/support/report-fixtures.ts';
import { actionPlanDocx, followUpDocx, proposalDocx } from './docx.ts';
import { reportText } from './text.ts';

/**
 * The Word documents as a reader gets them: each generated DOCX is opened by LibreOffice and printed to
 * PDF, and the PDF's text is read with pdftotext. The expected texts and numbers are taken from the demo
 * data (data/demo, data/demo/follow-up) and the seeds (test/fixtures/seeds), written out by hand in Swedish
 * format. The pages are also rendered to PNG in test-results/reports/ for a person to look at.
 */

const OUT = path.resolve('test-results/reports');

interface Rendered {
  docx: Buffer;
  /** Every page's text, whitespace collapsed. */
  pages: string[];
  /** Every printed line, whitespace collapsed: a table row's line holds the first line of each of its cells. */
  lines: string[];
  text: string;
  pageCount: number;
  pageSize: string;
}

type Name = 'tyreso' | 'ostersund' | 'plan' | 'proposal';
const docs = {} as Record<Name, Rendered>;
let dir = '';
let closeDb: (() => Promise<void>) | undefined;

async function render(name: Name, bytes: Buffer): Promise<void> {
  const file = path.join(dir, `${name}.docx`);
  fs.writeFileSync(file, bytes);
  const pdf = await officeToPdf(file);
  const info = await pdfInfo(pdf);
  const raw = await pdfPagesText(pdf);
  const pages = raw.map(squash);
  const lines = raw.flatMap((p) => p.split('\n')).map((l) => squash(l).trim()).filter(Boolean);
  docs[name] = { docx: bytes, pages, lines, text: pages.join(' '), pageCount: info.pages, pageSize: info.pageSize };
  fs.mkdirSync(OUT, { recursive: true });
  for (const old of fs.readdirSync(OUT).filter((f) => f.startsWith(`docx-${name}-`))) fs.rmSync(path.join(OUT, old));
  await pdfToPngs(pdf, path.join(OUT, `docx-${name}`), 70);
}

/** One file of a .docx (a zip) as text, read from the zip's central directory. */
function zipEntry(zip: Buffer, name: string): string {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const local = zip.readUInt32LE(p + 42);
    if (zip.subarray(p + 46, p + 46 + nameLength).toString('utf8') === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 0 ? data : zlib.inflateRawSync(data)).toString('utf8');
    }
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  throw new Error(`${name} is not in the file`);
}

/** The printed line that contains `part` (the first one). */
function line(doc: Rendered, part: string): string {
  const found = doc.lines.find((l) => l.includes(part));
  expect(found, `a line with "${part}"`).toBeDefined();
  return found!;
}

/**
 * A phrase whose words are printed in this order, though a table cell's lines may be interleaved with
 * its neighbours' lines in the extracted text.
 */
function inOrder(phrase: string): RegExp {
  return new RegExp(phrase.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(' (?:.* )?'));
}

/** The text from `from` up to `to` (exclusive), on the pages as printed. */
function between(text: string, from: string, to: string): string {
  const start = text.indexOf(from);
  expect(start, `"${from}" is in the document`).toBeGreaterThanOrEqual(0);
  const end = text.indexOf(to, start + from.length);
  return text.slice(start, end < 0 ? undefined : end);
}

beforeAll(async () => {
  dir = scratchDir('docx');
  const db = await demoDatabase();
  closeDb = () => db.close();
  const reports = await demoReports(db);
  const sv = reportText('sv');
  await render('tyreso', await followUpDocx(reports.tyreso, sv));
  await render('ostersund', await followUpDocx(reports.ostersund, sv));
  await render('plan', await actionPlanDocx(reports.tierpPlan, sv));
  await render('proposal', await proposalDocx(reports.tyresoProposal, sv));
}, 600_000);

afterAll(async () => {
  await closeDb?.();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('Tyresö’s follow-up 2025 as a Word document', () => {
  it('opens with a cover that gives the document’s metadata', () => {
    const cover = docs.tyreso.pages[0]!;
    expect(cover).toContain('Uppföljning 2025');
    expect(cover).toContain('av Integrationsstrategi');
    // data/demo/0138-tyreso.yaml: adopted by Kommunfullmäktige, Dnr 2018/KS 0032 003, its owner.
    expect(cover).toContain('Antagen av Kommunfullmäktige');
    expect(cover).toContain('Diarienummer 2018/KS 0032 003');
    expect(cover).toContain('Dokumentägare Förvaltningschef för utvecklingsförvaltningen');
    // Almost every demo value is example data (data/demo/follow-up/README.md): the cover says so.
    expect(cover).toContain('Exempeldata: siffrorna i den här rapporten är påhittade för demonstration.');
  });

  it('says on every page which page of how many it is', () => {
    const n = docs.tyreso.pageCount;
    expect(n).toBeGreaterThan(5);
    expect(docs.tyreso.pages).toHaveLength(n);
    docs.tyreso.pages.forEach((page, i) => expect(page).toContain(`Sida ${i + 1} av ${n}`));
  });

  it('starts with a summary and has a section per area of the strategy', () => {
    // 0138-tyreso.yaml: the strategy sets no goals itself (the committees write their own), so it has no
    // measurable targets; the summary says so instead of "0 av 0".
    expect(docs.tyreso.pages[1]).toMatch(/^Sammanfattning Dokumentet har inga mätbara mål\./);
    expect(docs.tyreso.text).not.toContain('0 av 0');
    // An area without targets has no computed status: "Kan inte bedömas" would name a status none of its targets has.
    for (const area of ['Arbete och sysselsättning', 'Skola', 'Språkkunskap', 'Fritid', 'Bostäder', 'Delaktighet och påverkan']) expect(docs.tyreso.lines, area).toContain(area);
    expect(docs.tyreso.text).not.toContain('Områdets status');
    expect(docs.tyreso.text).not.toContain('Kan inte bedömas');
    // Nor a note on how targets are judged.
    expect(docs.tyreso.text).not.toContain('Så bedöms målen');
  });

  it('gives the employment rate of the foreign-born by sex in Swedish format, with the women–men gap', () => {
    // 0138-integrationsstrategi.csv, utrikes-fodda-i-sysselsattning: 2016 63.8 / 58.1 / 69.4; 2025
    // (preliminary) 68.3 / 65.6 / 71.0. The gap is women − men: 58.1 − 69.4 = −11.3, 65.6 − 71.0 = −5.4.
    const t = docs.tyreso.text;
    expect(t).toContain('Skillnad kvinnor–män');
    expect(t).toContain('(procentenheter)');
    expect(docs.tyreso.lines).toContain('2016 63,8 % 58,1 % 69,4 % −11,3');
    expect(docs.tyreso.lines).toContain('2025 68,3 % * 65,6 % * 71,0 % * −5,4');
    expect(t).toContain('* preliminärt värde');
    expect(t).toContain('kvinnorna låg 5,4 procentenheter lägre');
    expect(t).toContain('Skillnaden har minskat sedan 2016, då den var 11,3 procentenheter.');
  });

  it('prints the small counts of unaccompanied children as ".." with the disclosure note, and publishes 0 and 5', () => {
    // ensamkommande-barn-mottagna: 141, 0, 17 (2015–2017, the seed's real figures), 5 in 2018, 1–4 in
    // 2019–2024 (below the threshold of 5), 0 in 2025 (preliminary).
    const block = between(docs.tyreso.text, 'Ensamkommande barn mottagna i kommunen, antal År Totalt', 'Källa');
    expect(block).toContain('2015 141 2016 0 2017 17 2018 5');
    for (const year of [2019, 2020, 2021, 2022, 2023, 2024]) expect(block).toContain(`${year} ..`);
    expect(block).toMatch(/2025 0 ?\*/);
    expect(block).toContain('Värden som bygger på färre än 5 personer redovisas inte och visas som ”..”');
  });

  it('lists Servicecenter among the units that did not report', () => {
    const part = between(docs.tyreso.text, 'Har inte lämnat rapport', 'Lämnad men inte godkänd');
    expect(part).toContain('Servicecenter');
    expect(between(docs.tyreso.text, 'Godkända', 'Definitioner och källor')).toContain('Gymnasie- och arbetsmarknadsnämnden');
  });
});

describe('Östersund’s follow-up 2025 as a Word document', () => {
  it('sums up how many of the strategy’s nine targets are achieved or on track', () => {
    // 2380-ostersund.yaml has nine targets; by README.md only andel-utrikes-fodda (achieved) and
    // behorighet-gymnasieskolan-oka (on track) are achieved or on track in 2025.
    expect(docs.ostersund.pages[1]).toContain('2 av 9 mål är uppnådda eller i fas.');
    expect(docs.ostersund.pages[1]).toContain('Per område');
  });

  it('gives each target its target, the value its status rests on and the baseline with their years, the status, and the reason in words', () => {
    const t = docs.ostersund.text;
    // ≥ 10 % in 2020: 10.2 % that year (README) → achieved, measured from 8.4 % in 2016; the latest value is 11.6 % (2025, preliminary).
    // A cell's lines interleave with its neighbours' in the printed text: the words are looked for in order.
    const share = between(t, 'Minst 10 % av', 'Östersunds kommun');
    expect(share).toMatch(inOrder('Minst 10 % av minst 10,0 % 10,2 % 8,4 % Uppnått'));
    expect(share).toMatch(inOrder('2020 2020 2016'));
    expect(share).toMatch(inOrder('senaste: 11,6 % (2025)'));
    expect(share).toContain('2020 var andelen 10,2 %, målet var minst 10,0 % (bedömt på målåret).');
    // ≥ 300 every year: 294 in 2025 → not achieved; met in 2022 (305) and 2024 (312) of 2022–2025.
    const yearly = between(t, 'Östersunds kommun', 'Nämndernas bedömning');
    expect(yearly).toMatch(inOrder('Östersunds kommun minst 300 294 – Inte uppnått'));
    expect(yearly).toMatch(inOrder('varje år 2025'));
    expect(yearly).toContain('2025 var antalet 294, och målet är minst 300 varje år: inte nått. Målet nåddes 2 av 4 år med värden 2022–2025.');
    // The relative target: 21.4 % against 9.1 % for those born in Sweden in 2020, the target year.
    expect(t).toContain('2020 var andelen 21,4 % mot 9,1 % för jämförelsegruppen, målet var högst jämförelsegruppens nivå (bedömt på målåret).');
    // Behörighet till högre studier: rising until 2021, then falling → deteriorating.
    expect(t).toContain('Går åt fel håll');
    expect(t).toContain('Kan inte bedömas');
  });

  it('shows the committees’ narrative assessments of a goal', () => {
    const part = between(docs.ostersund.text, 'Bättre tillvarata ny kompetens', 'Kommunen ska i sin roll som arbetsgivare');
    expect(part).toContain('Nämndernas bedömning');
    expect(part).toContain('Kommunfullmäktige');
    expect(part).toContain('Inte uppfyllt');
  });

  it('shows an indicator’s values with the preliminary mark and its Kolada source', () => {
    // 2380-integrationsstrategi-2020.csv, antal-kommunmottagna: 312 in 2024, 294 in 2025 (preliminary).
    const block = between(docs.ostersund.text, 'Antal kommunmottagna, antal År Totalt', 'Källa');
    expect(block).toContain('2024 312 2025 294 *');
    expect(docs.ostersund.text).toContain('Källa: Kolada N01986');
  });

  it('marks the series break of 2022 in the table of employees born outside the Nordic countries', () => {
    const block = between(docs.ostersund.text, 'Andel av kommunanställda som är utomnordiskt födda, procent', 'Källa');
    expect(block).toContain('2022 |');
    expect(block).toContain('| serieavbrott: värdena före och efter är inte jämförbara');
  });

  it('draws every chart as an image with alt text and puts its table beside or under it', () => {
    const xml = zipEntry(docs.ostersund.docx, 'word/document.xml');
    const alts = [...xml.matchAll(/<wp:docPr [^>]*descr="([^"]*)"/g)].map((m) => m[1]!);
    expect(alts.length).toBeGreaterThanOrEqual(9);
    for (const alt of alts) expect(alt).toMatch(/^Linjediagram: .+, \d{4}–\d{4} \(.+\)\. Samma värden finns i tabellen\.$/);
    expect(xml).toContain('<w:tblHeader/>');
  });

  it('has real heading styles and the document properties: title, Samspel as creator, Swedish', () => {
    const xml = zipEntry(docs.ostersund.docx, 'word/document.xml');
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(xml).toContain('<w:pStyle w:val="Heading2"/>');
    const core = zipEntry(docs.ostersund.docx, 'docProps/core.xml');
    expect(core).toContain('<dc:title>Uppföljning av Integrationsstrategi 2020 2025</dc:title>');
    expect(core).toContain('<dc:creator>Samspel</dc:creator>');
    expect(core).toContain('<dc:language>sv-SE</dc:language>');
    expect(zipEntry(docs.ostersund.docx, 'word/styles.xml')).toContain('<w:lang w:val="sv-SE"/>');
  });

  it('ends with the definitions and sources', () => {
    const last = docs.ostersund.pages.at(-1)!;
    expect(docs.ostersund.text).toContain('Definitioner och källor');
    expect(last).toContain(`Sida ${docs.ostersund.pageCount} av ${docs.ostersund.pageCount}`);
    expect(docs.ostersund.pages[0]).toContain(`Sida 1 av ${docs.ostersund.pageCount}`);
  });
});

describe('Tierp’s action plan as a Word document', () => {
  it('is printed on A4 landscape pages, "Sida 1 av N" on the first', () => {
    const [w, h] = docs.plan.pageSize.split(/\s*x\s*/).map(parseFloat);
    expect(w).toBeGreaterThan(h!);
    expect(docs.plan.pageSize).toContain('A4');
    expect(docs.plan.pages[0]).toContain(`Sida 1 av ${docs.plan.pageCount}`);
  });

  it('has the document’s metadata as the adopted plan prints it', () => {
    // test/fixtures/seeds/002_*.txt: Fastställd av Kommunstyrelsen § 72.2017, 2017-05-30, Dokumentansvarig
    // Kommunchef, Gäller t o m 2018-12-31, Diarienummer KS 2017.411.
    const first = docs.plan.pages[0]!;
    expect(first).toContain('Handlingsplan för integration');
    expect(first).toContain('Kommunstyrelsen § 72.2017');
    expect(first).toContain('2017-05-30');
    expect(first).toContain('KS 2017.411');
    expect(first).toContain('2018-12-31');
  });

  it('has the plan’s columns with this year’s status, area by area', () => {
    // Each page starts its table with the area's row and the column headings (repeated on a new page).
    for (const page of docs.plan.pages) {
      expect(page).toMatch(/Område: \S+/);
      expect(page).toContain('Uppföljning/resultat');
    }
    const headings = docs.plan.lines.filter((l) => /^Mål\/delmål Problem\/behov Aktivitet Huvudansvar Tidplan 2018 Status 2018$/.test(l));
    expect(headings.length).toBeGreaterThanOrEqual(docs.plan.pageCount);
    for (const area of ['Arbete', 'Boende', 'Språk', 'Attityd', 'Mötesplatser', 'Samverkan']) expect(docs.plan.text).toContain(`Område: ${area}`);
  });

  it('sums up the activities’ status in 2018', () => {
    // reports.yaml, Kommunstyrelsen 2018: 8 done, 9 ongoing, 2 postponed, 1 cancelled, 1 planned, and
    // four activities outside the report stay planned as in the plan.
    expect(docs.plan.text).toContain('Aktiviteter 2018: 8 genomförda, 9 pågående, 5 planerade, 2 uppskjutna, 1 avbrutna.');
  });

  it('gives an activity of the seed with its status and follow-up in words', () => {
    // Seed: "Ordna studiebesök för nyanlända i kommunens och andra arbetsgivares verksamheter." (arbete-3-1: done).
    expect(line(docs.plan, 'Ordna studiebesök')).toMatch(/Ordna studiebesök .*2018 Exempeltext: Genomförd$/);
    const row = between(docs.plan.text, 'Ordna studiebesök', 'Område: Boende');
    expect(row).toMatch(inOrder('Ordna studiebesök för nyanlända i kommunens och andra arbetsgivares verksamheter.'));
    expect(row).toMatch(inOrder('Exempeltext: Studiebesök hos sex arbetsgivare, varav tre kommunala verksamheter.'));
    // arbete-1-2: ongoing, 60 %.
    expect(docs.plan.text).toContain('60 % genomfört');
    expect(docs.plan.text).toContain('Pågår');
    expect(docs.plan.text).toContain('Uppskjuten');
    expect(docs.plan.text).toContain('Avbruten');
  });

  it('keeps the goal that has no activity on a row of its own', () => {
    expect(docs.plan.text).toContain('Alla invånare ska ha ett skäligt boende på lika villkor.');
  });
});

describe('The tjänsteskrivelse for Tyresö’s revised strategy as a Word document', () => {
  it('has the letterhead of Tyresö’s tjänsteskrivelse: municipality, administration, date and case number', () => {
    const first = docs.proposal.pages[0]!;
    // test/fixtures/seeds/001_*.txt: Tyresö kommun, Utvecklingsförvaltningen, TJÄNSTESKRIVELSE, Diarienummer.
    expect(first).toContain('Tyresö');
    expect(first).toContain('Utvecklingsförvaltningen');
    expect(first).toContain('TJÄNSTESKRIVELSE');
    expect(first).toContain('Diarienummer');
    expect(first).toContain('2018/KS 0032 003');
    expect(first).toContain('Gymnasie- och arbetsmarknadsnämnden');
    expect(first).toContain('Integrationsstrategi 2027 – remissversion');
    expect(first).toContain(`Sida 1 av ${docs.proposal.pageCount}`);
  });

  it('proposes in numbered points what the council is to decide, with the route of the decision', () => {
    const first = docs.proposal.pages[0]!;
    expect(first).toContain('Gymnasie- och arbetsmarknadsnämnden föreslår att kommunfullmäktige beslutar');
    // No proposals were given: the standard one names the draft's title (data/demo/consultations.yaml revises "Integrationsstrategi").
    expect(first).toMatch(/1\.\s+Anta styrdokumentet\s+”Integrationsstrategi”\s+i\s+reviderad\s+version\./);
    expect(first).toContain('Gymnasie- och arbetsmarknadsnämnden → Kommunstyrelsen → Kommunfullmäktige');
  });

  it('has a signature block with roles and no person’s name', () => {
    const first = docs.proposal.pages[0]!;
    expect(first).toContain('Förvaltningschef');
    expect(first).toContain('Handläggare');
    expect(docs.proposal.text).not.toContain('[namn borttaget]');
    expect(docs.proposal.text).not.toContain('borttagen');
  });

  it('describes the case and appends the document and the consultation compilation', () => {
    const t = docs.proposal.text;
    expect(t).toContain('Beskrivning av ärendet');
    expect(t).toContain('Bilaga 1. Integrationsstrategi');
    expect(t).toContain('Varför en integrationsstrategi?');
    // consultations.yaml: the new goal of the revision, the deadline, who has not answered, the decisions.
    expect(t).toContain('Fler nyanlända är i arbete eller studier när etableringsperioden är slut');
    expect(t).toContain('Bilaga 2. Remissammanställning');
    expect(t).toContain('Sista svarsdag 2027-01-31');
    expect(t).toContain('Har inte svarat: Kommunstyrelsen, Servicecenter');
    for (const decision of ['Beaktad', 'Delvis beaktad', 'Ej beaktad']) expect(t).toContain(decision);
  });
});
