import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfInfo, pdfPagesText, pdfText, pdfToPngs, scratchDir, squash } from '../../../test/support/documents.ts';
import { demoDatabase, demoReports } from '../../../test/support/report-fixtures.ts';
import { actionPlanHtml, followUpHtml, proposalHtml } from './html.ts';
import { footerTemplate, htmlToPdf, pageFooter } from './pdf.ts';
import { reportText } from './text.ts';

/**
 * The PDFs as a reader gets them: the HTML documents printed by Chromium, read back with pdftotext and
 * pdfinfo. Expected texts and numbers come from the demo data (data/demo, data/demo/follow-up) and the
 * seeds (test/fixtures/seeds), written out by hand in Swedish format. Every page of Tyresö's and Östersund's
 * follow-up and of Tierp's plan is rendered to PNG in test-results/reports/ for a person to look at.
 */

const OUT = path.resolve('test-results/reports');
type Name = 'tyreso' | 'ostersund' | 'plan' | 'proposal';

interface Printed {
  pdf: string;
  text: string;
  pages: string[];
  pageCount: number;
  pageSize: string;
  pngs: string[];
}

let dir: string;
const docs = {} as Record<Name, Printed>;

async function print(name: Name, html: string, landscape: boolean, pngs: boolean): Promise<void> {
  const pdf = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(pdf, await htmlToPdf(html, { landscape, footer: pageFooter(reportText('sv')) }));
  const info = await pdfInfo(pdf);
  let images: string[] = [];
  if (pngs) {
    for (const old of fs.readdirSync(OUT).filter((f) => f.startsWith(`pdf-${name}-`))) fs.rmSync(path.join(OUT, old));
    fs.copyFileSync(pdf, path.join(OUT, `pdf-${name}.pdf`));
    images = await pdfToPngs(pdf, path.join(OUT, `pdf-${name}`), 70);
  }
  docs[name] = { pdf, text: squash(await pdfText(pdf)), pages: (await pdfPagesText(pdf)).map(squash), pageCount: info.pages, pageSize: info.pageSize, pngs: images };
}

/** The text that follows `anchor` (a table row's first words: pdftotext interleaves the row's wrapped cells). */
function after(text: string, anchor: string, length = 320): string {
  const i = text.indexOf(anchor);
  expect(i, `"${anchor}" is in the text`).toBeGreaterThanOrEqual(0);
  return text.slice(i, i + anchor.length + length);
}

/** "595.92 x 842.88 pts (A4)" → [595.92, 842.88] */
const size = (pageSize: string) => (/^([\d.]+) x ([\d.]+)/.exec(pageSize) ?? []).slice(1).map(Number);

beforeAll(async () => {
  dir = scratchDir('pdf');
  fs.mkdirSync(OUT, { recursive: true });
  const db = await demoDatabase();
  try {
    const r = await demoReports(db);
    const sv = reportText('sv');
    await print('tyreso', followUpHtml(r.tyreso, sv), false, true);
    await print('ostersund', followUpHtml(r.ostersund, sv), false, true);
    await print('plan', actionPlanHtml(r.tierpPlan, sv), true, true);
    await print('proposal', proposalHtml(r.tyresoProposal, sv), false, false);
  } finally {
    await db.close();
  }
}, 600_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('every PDF', () => {
  it.each(['tyreso', 'ostersund', 'plan', 'proposal'] as const)('%s says "Sida k av N" at the foot of every page, N being its page count', (name) => {
    const d = docs[name];
    expect(d.pageCount).toBeGreaterThan(1);
    expect(d.pages).toHaveLength(d.pageCount);
    d.pages.forEach((p, i) => expect(p).toContain(`Sida ${i + 1} av ${d.pageCount}`));
  });

  it('is A4: the follow-up reports and the proposal upright, the action plan on its side as Tierp prints it', () => {
    for (const name of ['tyreso', 'ostersund', 'proposal'] as const) {
      expect(docs[name].pageSize).toContain('A4');
      const [w, h] = size(docs[name].pageSize);
      expect(w).toBeLessThan(h!);
    }
    expect(docs.plan.pageSize).toContain('A4');
    const [w, h] = size(docs.plan.pageSize);
    expect(w).toBeGreaterThan(h!);
  });

  it('has every page of Tyresö, Östersund and the plan as a picture in test-results/reports for a person to look at', () => {
    for (const name of ['tyreso', 'ostersund', 'plan'] as const) expect(docs[name].pngs).toHaveLength(docs[name].pageCount);
  });
});

describe("Tyresö's follow-up 2025", () => {
  it('opens with a cover naming the municipality, the document and its metadata from the demo data', () => {
    const cover = docs.tyreso.pages[0]!;
    // data/demo/0138-tyreso.yaml: title, subtitle, adoptedBy, caseNumber, owner, validIndefinitely.
    for (const s of ['Tyresö', 'Uppföljning 2025', 'av Integrationsstrategi', 'Integrationsstrategi 2018', 'Antagen av Kommunfullmäktige', 'Diarienummer 2018/KS 0032 003', 'Dokumentägare Förvaltningschef för utvecklingsförvaltningen', 'Tills vidare']) {
      expect(cover).toContain(s);
    }
    expect(cover).toContain('Exempeldata');
  });

  it('has the areas of the strategy as chapters with their indicators', () => {
    for (const area of ['Arbete och sysselsättning', 'Skola', 'Språkkunskap', 'Fritid', 'Bostäder', 'Delaktighet och påverkan']) expect(docs.tyreso.text).toContain(area);
    expect(docs.tyreso.text).toContain('Andel utrikes födda i sysselsättning i kommunen');
  });

  it('prints the values of the demo CSV in Swedish format, by sex, with the gap between women and men', () => {
    const t = docs.tyreso.text;
    // 0138-integrationsstrategi.csv, utrikes-fodda-i-sysselsattning 16-64: 2016 total 63.8, women 58.1, men 69.4;
    // 2025 (preliminary) total 68.3, women 65.6, men 71 → women − men = −5.4 percentage points.
    expect(t).toMatch(/Totalt 63,8 % .*68,3 %\*/);
    expect(t).toMatch(/Kvinnor 58,1 % .*65,6 %\*/);
    expect(t).toMatch(/Män 69,4 % .*71,0 %\*/);
    expect(t).toContain('−5,4');
    expect(t).toContain('År 2025 var värdet för kvinnor 65,6 % och för män 71,0 %: kvinnorna låg 5,4 procentenheter lägre.');
    // stod-till-integrationsprojekt 2025: 375000 kronor.
    expect(t).toContain('375 000 kr');
  });

  it('prints small counts as ".." with the disclosure note, and publishes 0 and 5', () => {
    // ensamkommande-barn-mottagna: 2018 5, 2019–2024 3, 1, 2, 4, 2, 1 (fewer than 5), 2025 0 (preliminary).
    const page = docs.tyreso.pages.find((p) => p.includes('Ensamkommande barn mottagna i kommunen, antal År'))!;
    expect(page).toBeDefined();
    expect(page).toMatch(/Totalt 141 0 17 5 \.\. \.\. \.\. \.\. \.\. \.\. 0\*/);
    expect(page).toContain('Värden som bygger på färre än 5 personer redovisas inte och visas som ”..”');
  });

  it('names the units that did not report', () => {
    // data/demo/follow-up/reports.yaml: Servicecenter has no report for 2025.
    const t = docs.tyreso.text;
    expect(t).toContain('Nämndernas och enheternas rapporter');
    expect(t).toMatch(/Har inte lämnat rapport .*Servicecenter/);
  });

  it('ends with the definitions and sources', () => {
    const t = docs.tyreso.text;
    expect(t).toContain('Definitioner och källor');
    expect(t).toContain('Asylsökande');
  });
});

describe("Östersund's follow-up 2025", () => {
  it('opens with its cover and a summary of the targets', () => {
    expect(docs.ostersund.pages[0]).toContain('av Integrationsstrategi 2020');
    expect(docs.ostersund.text).toContain('Sammanfattning');
    expect(docs.ostersund.text).toMatch(/\d+ av 9 mål är uppnådda eller i fas\./);
  });

  it('shows each target with its target, the value its status rests on and the baseline with their years, the status and the reason in words', () => {
    const t = docs.ostersund.text;
    // 2380-integrationsstrategi-2020.csv, andel-utrikes-fodda: 2020 10.2 ≥ the target of 10 % in 2020 → achieved,
    // measured from 8.4 in 2016 (the year before the strategy was adopted); the latest value is 2025's 11.6.
    const share = after(t, 'Minst 10 % av befolkningen är', 260);
    for (const s of ['minst 10,0 %', '10,2 %', '8,4 %', '2016', 'senaste: 11,6 %', 'Uppnått', '2020 var andelen 10,2 %, målet var minst 10,0 % (bedömt på målåret).']) expect(share).toContain(s);
    // antal-kommunmottagna 2025: 294 < the yearly 300 → not achieved; met in 2022 (305) and 2024 (312).
    const yearly = after(t, 'Östersunds kommun har som', 400);
    for (const s of ['minst 300', 'varje år', '294', 'Inte uppnått', '2025 var antalet 294, och målet är minst 300 varje år: inte nått. Målet nåddes 2 av 4 år med värden 2022–2025.']) expect(yearly).toContain(s);
    expect(t).not.toContain('Årets målvärde nåddes inte.');
  });

  it("prints the committees' assessments and the gaps, and the values in Swedish format", () => {
    const t = docs.ostersund.text;
    expect(t).toContain('Nämndernas bedömning');
    // andel-utrikes-fodda: 2016 8.4 … 2025 11.6 (preliminary).
    expect(t).toMatch(/Totalt 8,4 % 8,9 % 9,4 % .* 11,6 %\*/);
    // antal-kommunmottagna 2016: 338.
    expect(t).toMatch(/Totalt 338 365 302/);
  });
});

describe("Tierp's action plan with its 2018 status", () => {
  it('has the columns of the adopted plan (test/fixtures/seeds/002) and the status column of the year', () => {
    const t = docs.plan.text;
    for (const s of ['Handlingsplan för integration', 'Mål/delmål för område Arbete', 'Mål/delmål för område Boende', 'Problem/behov', 'Aktivitet', 'Huvudansvar', 'Tidplan', 'Uppföljning/resultat 2018', 'Status 2018']) expect(t).toContain(s);
    expect(t).toContain('Fastställd av Kommunstyrelsen § 72.2017');
    expect(t).toContain('KS 2017.411');
  });

  it("prints the seed's activities with the 2018 status in words and the follow-up comment", () => {
    const t = docs.plan.text;
    // The seed's activity, and data/demo/follow-up/reports.yaml: arbete-1-3 done; arbete-1-2 ongoing, 60 %.
    const row = after(t, 'Kartlägga behov av kompetens från', 260);
    for (const s of ['företagets sida', 'Chef näringslivsenheten', 'Genomförd', 'Kompetenskartläggningen', 'lokala näringslivet.']) expect(row).toContain(s);
    const ongoing = after(t, 'Fortsatt utveckling av', 200);
    for (const s of ['Pågår', '60 % genomfört', 'nätverksträffar']) expect(ongoing).toContain(s);
    expect(t).toContain('Avbruten');
  });
});

describe("Tyresö's tjänsteskrivelse", () => {
  it('is laid out as the seed (test/fixtures/seeds/001): sender, kind, case number, committee, proposals and the case description', () => {
    const first = docs.proposal.pages[0]!;
    for (const s of ['Tyresö kommun', 'Utvecklingsförvaltningen', 'TJÄNSTESKRIVELSE', 'Diarienummer', 'Gymnasie- och arbetsmarknadsnämnden', 'Beskrivning av ärendet']) expect(first).toContain(s);
    expect(first).toMatch(/1\. Anta /);
  });

  it('signs with roles and names no person', () => {
    expect(docs.proposal.pages[0]).toContain('Förvaltningschef');
    expect(docs.proposal.text).not.toContain('namn borttaget');
  });

  it('has the document and the consultation compilation as appendices', () => {
    const t = docs.proposal.text;
    expect(t).toContain('Bilaga 1. Integrationsstrategi');
    expect(t).toContain('Bilaga 2. Remissammanställning');
    // data/demo/consultations.yaml: the deadline and a comment's decision.
    expect(t).toContain('Sista svarsdag 2027-01-31');
    expect(t).toContain('Beaktad');
  });
});

describe('htmlToPdf', () => {
  it('fetches nothing: images, stylesheets and frames pointing at a server never reach it', async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => {
      hits += 1;
      res.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const html = `<!DOCTYPE html><html lang="sv"><head><link rel="stylesheet" href="${base}/a.css"></head><body><p>Hej</p><img src="${base}/b.png" alt="b"><iframe src="${base}/c.html" title="c"></iframe><p style="background:url(${base}/d.png)">x</p></body></html>`;
      const pdf = await htmlToPdf(html, { footer: 'Sida {page} av {pages}' });
      const file = path.join(dir, 'network.pdf');
      fs.writeFileSync(file, pdf);
      expect(squash(await pdfText(file))).toContain('Hej');
      expect(hits).toBe(0);
    } finally {
      server.close();
    }
  });

  it("builds the footer from the message's words, escaped, with Chromium's page number fields", () => {
    const tpl = footerTemplate('Page {page} of {pages} <b>&</b>');
    expect(tpl).toContain('Page <span class="pageNumber"></span> of <span class="totalPages"></span> &lt;b&gt;&amp;&lt;/b&gt;');
    expect(pageFooter(reportText('sv'))).toBe('Sida {page} av {pages}');
    expect(pageFooter(reportText('en'))).toBe('Page {page} of {pages}');
  });
});
