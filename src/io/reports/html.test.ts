import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDatabase, demoReports, type DemoReports } from '../../../test/support/report-fixtures.ts';
import { actionPlanHtml, esc, followUpHtml, proposalHtml } from './html.ts';
import { closeRenderPool, renderFile, renderHtml, renderThreads } from './render-pool.ts';
import type { FollowUpReport } from './model.ts';
import { reportText } from './text.ts';

/**
 * The HTML documents as a browser and a screen reader get them: loaded into Chromium, checked with axe
 * (WCAG 2.1 A and AA), and read through the DOM: one h1, headings in order, captioned tables with scoped
 * header cells, charts with a text alternative, statuses in words, every text escaped, and nothing
 * loaded from anywhere. Expected texts come from the demo data (data/demo) by hand.
 */

// The browser's globals inside page.evaluate (this file is typechecked without the DOM library).
interface El {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El> & Iterable<El>;
}
declare const document: El & { documentElement: El & { lang: string; scrollWidth: number; clientWidth: number }; title: string; body: El & { innerText: string } };
declare const window: { pwned?: number };

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = path.resolve('test-results/reports');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const sv = reportText('sv');

let browser: Browser;
let reports: DemoReports;
const html: Record<'tyreso' | 'ostersund' | 'plan' | 'proposal', string> = {} as never;

beforeAll(async () => {
  const db = await demoDatabase();
  try {
    reports = await demoReports(db);
  } finally {
    await db.close();
  }
  html.tyreso = followUpHtml(reports.tyreso, sv);
  html.ostersund = followUpHtml(reports.ostersund, sv);
  html.plan = actionPlanHtml(reports.tierpPlan, sv);
  html.proposal = proposalHtml(reports.tyresoProposal, sv);
  // The documents as the web app shows them, for a person to open.
  fs.mkdirSync(OUT, { recursive: true });
  for (const [name, doc] of Object.entries(html)) fs.writeFileSync(path.join(OUT, `html-${name}.html`), doc);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

/** The document in a page of its own (axe needs a context's page, STACK.md §5); every request it makes is recorded and refused. */
async function open(doc: string, viewport = { width: 1280, height: 800 }): Promise<{ page: Page; requests: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport, bypassCSP: true });
  const requests: string[] = [];
  await context.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  await page.setContent(doc, { waitUntil: 'load' });
  return { page, requests, close: () => context.close() };
}

async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The document's outline: heading levels in order, the tables' captions and header cells, the charts. */
async function structure(page: Page) {
  return page.evaluate(() => ({
    lang: document.documentElement.lang,
    title: document.title,
    headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => ({ level: Number(h.tagName[1]), text: h.textContent!.trim() })),
    tables: [...document.querySelectorAll('table')].map((t) => ({
      caption: t.querySelector('caption')?.textContent?.trim() ?? '',
      headerCells: t.querySelectorAll('th').length,
      unscoped: [...t.querySelectorAll('th')].filter((th) => !th.getAttribute('scope')).length,
    })),
    charts: [...document.querySelectorAll('figure')].map((f) => ({
      label: f.querySelector('[role="img"]')?.getAttribute('aria-label') ?? '',
      svg: f.querySelectorAll('[role="img"] > svg').length,
      caption: f.querySelector('figcaption')?.textContent?.trim() ?? '',
    })),
    scripts: document.querySelectorAll('script').length,
    images: document.querySelectorAll('img, link, iframe, object, embed').length,
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    text: document.body.innerText,
  }));
}

function headingsInOrder(levels: number[]): boolean {
  return levels.every((l, i) => i === 0 || l <= levels[i - 1]! + 1);
}

describe('the follow-up report as HTML', () => {
  it.each([
    ['ostersund', 1280, 800],
    ['ostersund', 390, 844],
    ['tyreso', 1280, 800],
  ] as const)('%s: axe finds no WCAG 2.1 A/AA violation at %i px wide', async (name, width, height) => {
    const doc = await open(html[name], { width, height });
    try {
      expect(await axeViolations(doc.page)).toEqual([]);
    } finally {
      await doc.close();
    }
  });

  it("has the language, one h1 and headings that never skip a level, with the document's areas as chapters", async () => {
    const doc = await open(html.ostersund);
    try {
      const s = await structure(doc.page);
      expect(s.lang).toBe('sv');
      expect(s.title).toBe('Uppföljning av Integrationsstrategi 2020 2025');
      const levels = s.headings.map((h) => h.level);
      expect(levels.filter((l) => l === 1)).toHaveLength(1);
      expect(levels[0]).toBe(1);
      expect(headingsInOrder(levels)).toBe(true);
      const chapters = s.headings.filter((h) => h.level === 2).map((h) => h.text);
      // data/demo/2380-ostersund.yaml: the four areas, then the reports and the definitions.
      expect(chapters).toEqual([
        'Sammanfattning',
        'Så bedöms målen',
        'Område inflyttning/mångfald',
        'Område arbete/kompetensförsörjning',
        'Område kommunal service, stöd och utbildning',
        'Område social sammanhållning',
        'Nämndernas och enheternas rapporter',
        'Definitioner och källor',
      ]);
      expect(s.headings.find((h) => h.level === 3)?.text).toBe('Långsiktigt mål Fler nya Östersundare');
    } finally {
      await doc.close();
    }
  });

  it('gives every table a caption and scoped header cells, and every chart its text alternative and caption', async () => {
    const doc = await open(html.tyreso);
    try {
      const s = await structure(doc.page);
      expect(s.tables.length).toBeGreaterThan(10);
      for (const t of s.tables) {
        expect(t.caption).not.toBe('');
        expect(t.headerCells).toBeGreaterThan(0);
        expect(t.unscoped).toBe(0);
      }
      // data/demo/0138-tyreso.yaml has 17 indicators, and the demo CSV has values for each of them.
      expect(s.charts).toHaveLength(17);
      for (const c of s.charts) {
        expect(c.svg).toBe(1);
        expect(c.label).toMatch(/^Linjediagram: .+, \d{4}–\d{4} \(.+\)\. Samma värden finns i tabellen\.$/);
        expect(c.caption).not.toBe('');
      }
      expect(s.charts[0]!.label).toBe('Linjediagram: Andel utrikes födda i sysselsättning i kommunen., 2016–2025 (Totalt, Kvinnor, Män). Samma värden finns i tabellen.');
    } finally {
      await doc.close();
    }
  });

  it('shows statuses in words and values in Swedish format, and reads on a phone without the page scrolling sideways', async () => {
    const doc = await open(html.ostersund, { width: 390, height: 844 });
    try {
      const s = await structure(doc.page);
      expect(s.overflow).toBeLessThanOrEqual(0);
      // 2380-integrationsstrategi-2020.csv: andel-utrikes-fodda 2020 10.2 ≥ 10 → "Uppnått"; antal-kommunmottagna 2025 294 < 300 → "Inte uppnått".
      expect(s.text).toContain('Uppnått');
      expect(s.text).toContain('Inte uppnått');
      expect(s.text).toContain('11,6\u00a0%');
      // The reason in words with its numbers: 294 in 2025 against at least 300 every year; met 2022 (305) and 2024 (312).
      expect(s.text).toContain('2025 var antalet 294, och målet är minst 300 varje år: inte nått. Målet nåddes 2 av 4 år med värden 2022–2025.');
      expect(s.text).not.toContain('Årets målvärde nåddes inte.');
    } finally {
      await doc.close();
    }
  });

  it('loads nothing and runs nothing: no script, image, stylesheet link or frame, no request', async () => {
    for (const name of ['tyreso', 'ostersund', 'plan', 'proposal'] as const) {
      const doc = await open(html[name]);
      try {
        const s = await structure(doc.page);
        expect(s.scripts).toBe(0);
        expect(s.images).toBe(0);
        expect(doc.requests).toEqual([]);
      } finally {
        await doc.close();
      }
    }
    expect(html.tyreso).toContain("Content-Security-Policy\" content=\"default-src 'none'");
  });

  it('says where numbers are suppressed and prints them as ".."', async () => {
    const doc = await open(html.tyreso);
    try {
      const text = (await structure(doc.page)).text;
      // 0138-integrationsstrategi.csv: ensamkommande-barn-mottagna 2019–2024 are 3, 1, 2, 4, 2, 1, fewer than 5.
      expect(text).toContain('Värden som bygger på färre än 5 personer redovisas inte');
      // 2015 141, 2016 0, 2017 17 (the strategy's own figures), 2018 5, 2025 0 (preliminary) are published.
      const table = doc.page.locator('table.values', { has: doc.page.locator('caption', { hasText: 'Ensamkommande barn mottagna i kommunen, antal' }) });
      const cells = (await table.locator('tbody tr').first().locator('th, td').allInnerTexts()).map((c) => c.trim());
      expect(cells.slice(0, 5)).toEqual(['Totalt', '141', '0', '17', '5']);
      // Seen as "..", read out with the reason.
      for (const c of cells.slice(5, 11)) expect(c).toMatch(/^\.\.\s*Redovisas inte: för få personer$/);
      expect(cells[11]).toMatch(/^0\*/);
    } finally {
      await doc.close();
    }
  });
});

describe('the action plan as HTML', () => {
  it('passes axe and has one table per area with the columns of the adopted plan, goals and problems spanning their rows', async () => {
    const doc = await open(html.plan);
    try {
      expect(await axeViolations(doc.page)).toEqual([]);
      const s = await structure(doc.page);
      expect(s.headings.filter((h) => h.level === 1).map((h) => h.text)).toEqual(['Handlingsplan för integration']);
      expect(headingsInOrder(s.headings.map((h) => h.level))).toBe(true);
      const heads = await doc.page.evaluate(() => [...document.querySelectorAll('table.plan thead tr')].map((tr) => [...tr.querySelectorAll('th')].map((th) => th.textContent)));
      // test/fixtures/seeds/002: the six areas, each table headed "Mål/delmål för område <area>", and the plan's columns.
      expect(heads.map((h) => h[0])).toEqual(['Arbete', 'Boende', 'Språk', 'Attityd', 'Mötesplatser', 'Samverkan'].map((a) => `Mål/delmål för område ${a}`));
      expect(heads[0]!.slice(1)).toEqual(['Problem/behov', 'Aktivitet', 'Huvudansvar', 'Tidplan', 'Status 2018', 'Uppföljning/resultat 2018']);
      // The seed's first goal holds five activities: its cell spans them.
      const spans = await doc.page.evaluate(() => [...document.querySelectorAll('table.plan')][0]!.querySelector('tbody th[scope="rowgroup"]')!.getAttribute('rowspan'));
      expect(spans).toBe('5');
    } finally {
      await doc.close();
    }
  });
});

describe('the decision proposal as HTML', () => {
  it('passes axe, has one h1 (the title) and names roles, not people, in the signature block', async () => {
    const doc = await open(html.proposal);
    try {
      expect(await axeViolations(doc.page)).toEqual([]);
      const s = await structure(doc.page);
      expect(s.headings.filter((h) => h.level === 1)).toHaveLength(1);
      expect(headingsInOrder(s.headings.map((h) => h.level))).toBe(true);
      const roles = await doc.page.locator('.signature-roles li').allInnerTexts();
      expect(roles.map((r) => r.trim())).toEqual(['Förvaltningschef', 'Handläggare']);
      expect(s.text).not.toContain('namn borttaget');
    } finally {
      await doc.close();
    }
  });
});

describe('escaping', () => {
  const evil = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> & "citat"';

  it('prints a title, a goal, a narrative and an indicator containing markup as text, in every document', async () => {
    const r: FollowUpReport = structuredClone(reports.ostersund);
    r.document.title = evil;
    r.municipality.name = evil;
    const area = r.sections[0]!;
    area.name = evil;
    area.goals[0]!.title = evil;
    area.goals[0]!.narratives[0]!.text = evil;
    area.indicators[0]!.name = evil;
    const plan = structuredClone(reports.tierpPlan);
    plan.document.title = evil;
    plan.groups[0]!.rows[0]!.activity = evil;
    const proposal = structuredClone(reports.tyresoProposal);
    proposal.title = evil;
    proposal.description = [evil];
    for (const doc of [followUpHtml(r, sv), actionPlanHtml(plan, sv), proposalHtml(proposal, sv)]) {
      expect(doc).not.toContain('<script>');
      expect(doc).not.toContain('<img');
      const opened = await open(doc);
      try {
        const s = await structure(opened.page);
        expect(s.scripts).toBe(0);
        expect(s.images).toBe(0);
        expect(s.text).toContain(evil);
        expect(await opened.page.evaluate(() => window.pwned)).toBeUndefined();
      } finally {
        await opened.close();
      }
    }
  });

  it('escapes the five characters that can start or end markup', () => {
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(esc(null)).toBe('');
  });
});

describe('laid out in a worker thread (render-pool.ts), off the server’s own thread', () => {
  afterAll(async () => {
    await closeRenderPool();
  });

  it('gives the same page and the same workbook sheets as laying out here, and runs a thread only while there is work', async () => {
    expect(renderThreads()).toBe(0);
    // ECharts numbers its SVG classes per chart instance made in a thread: the only difference allowed.
    const plain = (html: string) => html.replace(/zr\d+-cls-\d+/g, 'zr-cls').replace(/zr\d+-c(\d+)/g, 'zr-c$1');
    const here = plain(followUpHtml(reports.ostersund, reportText('sv')));
    expect(here).toContain('<svg');
    expect(plain(await renderHtml(reports.ostersund, 'sv'))).toBe(here);
    expect(renderThreads()).toBeGreaterThan(0);
    const file = await renderFile(reports.tierpPlan, 'xlsx', 'sv');
    expect(file.subarray(0, 2).toString('latin1')).toBe('PK');
    await closeRenderPool();
    expect(renderThreads()).toBe(0);
  });
});
