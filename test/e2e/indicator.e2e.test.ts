import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Compilation } from '../../src/shared/api/views.ts';
import { checkPage, settle, startSite, type Site } from './support/site.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site?.close());

/** The year the pages open on by default (lastFullYear in the web app). */
const YEAR = new Date().getFullYear() - 1;

/** The adopted version of a demo document (newest first). */
async function documentId(code: string, key: string): Promise<string> {
  const res = await site.app.inject({ method: 'GET', url: `/api/v1/municipalities/${code}/documents?limit=500` });
  const items = (res.json() as { items: Array<{ id: string; key: string; status: string; version: number }> }).items;
  const doc = items.filter((d) => d.key === key && d.status === 'adopted').sort((a, b) => b.version - a.version)[0];
  if (!doc) throw new Error(`no document ${key} in ${code}`);
  return doc.id;
}

async function compilation(docId: string, year: number): Promise<Compilation> {
  const res = await site.app.inject({ method: 'GET', url: `/api/v1/documents/${docId}/compilation?year=${year}` });
  expect(res.statusCode).toBe(200);
  return res.json() as Compilation;
}

/** A value as the page writes it in Swedish (useFormat: percent with one decimal, counts whole). */
function sv(v: number, unit: string): string {
  if (unit === 'percent') return new Intl.NumberFormat('sv-SE', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v / 100);
  if (unit === 'count') return new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 }).format(v);
  return new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 }).format(v);
}
const norm = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

/** The rows of the value table: the year and each sex's cell text. */
async function tableRows(page: Page) {
  const table = page.getByRole('table', { name: /, per år/ });
  await expect.poll(() => table.count()).toBe(1);
  return table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({
      year: Number(tr.querySelector('th')?.textContent),
      cells: Object.fromEntries([...tr.querySelectorAll('td[data-sex]')].map((td) => [td.getAttribute('data-sex'), td.textContent ?? ''])),
      note: tr.querySelector('td.table-note')?.textContent ?? '',
    })),
  );
}

/** Waits until ECharts has drawn into the chart (an SVG inside the labelled chart region). */
async function chartDrawn(page: Page) {
  await expect.poll(() => page.locator('.chart[role="img"] svg').count(), { timeout: 15_000 }).toBeGreaterThan(0);
  await expect.poll(() => page.locator('.chart[role="img"] svg path').count()).toBeGreaterThan(3);
}

describe('indicator page', () => {
  it('a politician reads the employment indicator for Östersund with its target, and the table under the chart', async () => {
    const { page, problems } = await site.newPage({ as: '2380' });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const docId = await documentId('2380', 'integrationsstrategi-2020');
    const c = await compilation(docId, YEAR);
    const compiled = c.indicators.find((i) => i.key === 'skyddsbehovande-forvarvsarbetar')!;

    // The overview draws its trend lines by hand: ECharts is not downloaded there.
    await page.goto('/m/2380');
    await settle(page);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Östersund');
    expect(requests.filter((u) => /\/assets\/echarts-[^/]*\.js/.test(u))).toEqual([]);

    await page.getByRole('link', { name: compiled.name }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(compiled.name);
    await settle(page);
    await chartDrawn(page);
    // …and on the indicator page it is, lazily.
    expect(requests.filter((u) => /\/assets\/echarts-[^/]*\.js/.test(u)).length).toBeGreaterThan(0);
    expect(page.url()).toContain(`year=${YEAR}`);

    // The target (at least 60 % in 2020) and the baseline are drawn, labelled in words.
    const chartText = await page.locator('.chart svg').textContent();
    expect(norm(chartText)).toContain(norm(`Mål ${sv(60, 'percent')} (2020)`));
    const legend = page.getByRole('list', { name: 'Förklaring till diagrammet' });
    expect(await legend.textContent()).toContain('Romb: målvärdet');

    // The table carries the same numbers as the API's series.
    const rows = await tableRows(page);
    expect(rows.map((r) => r.year)).toEqual(compiled.series.total.map((p) => p.year));
    for (const p of compiled.series.total) {
      const row = rows.find((r) => r.year === p.year)!;
      expect(norm(row.cells.total!), `${p.year}`).toBe(norm(sv(p.value, compiled.unitOfMeasure)));
      if (p.preliminary) expect(row.note).toContain('preliminärt');
    }
    expect(compiled.series.total.some((p) => p.preliminary)).toBe(true);

    // The target with its computed status and reason, the source as a Kolada link.
    const target = c.targets.find((t) => t.indicator === 'skyddsbehovande-forvarvsarbetar')!;
    const targets = page.getByRole('list', { name: `Målvärden för ${compiled.name}` });
    const targetText = await targets.textContent();
    expect(targetText).toContain(target.statement);
    expect(target.status).toBe('not_achieved');
    expect(targetText).toContain('Inte uppnått');
    expect(targetText).toContain('Målåret har passerat');
    expect(norm(targetText)).toContain(norm(`Utfall målåret: ${sv(target.explanation.verdict!.value, 'percent')} (${target.explanation.verdict!.year})`));
    expect(await page.getByRole('link', { name: 'N00700 i Kolada' }).getAttribute('href')).toBe('https://www.kolada.se/verktyg/fri-sokning/?kpis=N00700');

    await checkPage(page, 'indicator-ostersund-employment');

    // As of 2019 the target year is ahead: the status is the pace from the baseline, which is drawn.
    const c2019 = await compilation(docId, 2019);
    const t2019 = c2019.targets.find((t) => t.key === target.key)!;
    expect(t2019.explanation.baseline).toBeTruthy();
    await page.getByLabel('Uppföljningsår').selectOption('2019');
    await expect.poll(() => new URL(page.url()).searchParams.get('year')).toBe('2019');
    await settle(page);
    await chartDrawn(page);
    await expect.poll(async () => norm(await page.locator('.chart svg').textContent())).toContain(norm(`Utgångsvärde ${sv(t2019.explanation.baseline!.value, 'percent')}`));
    const rows2019 = await tableRows(page);
    expect(rows2019.map((r) => r.year)).toEqual(c2019.indicators.find((i) => i.key === compiled.key)!.series.total.map((p) => p.year));
    expect(Math.max(...rows2019.map((r) => r.year))).toBe(2019);
    const statusText = { on_track: 'I fas', off_track_moderate: 'Behöver öka takten', off_track_significant: 'Långt ifrån', deteriorating: 'Går åt fel håll' } as Record<string, string>;
    expect(await targets.textContent()).toContain(statusText[t2019.status]);
    expect(problems()).toEqual([]);
  });

  it('a politician reads Tyresö’s employment indicator by sex, with the narrowing gap between women and men in words', async () => {
    const { page, problems } = await site.newPage({ as: '0138' });
    const docId = await documentId('0138', 'integrationsstrategi');
    const c = await compilation(docId, 2025);
    const compiled = c.indicators.find((i) => i.key === 'utrikes-fodda-i-sysselsattning')!;
    expect(compiled.series.women.length).toBeGreaterThan(0);

    await page.goto(`/m/0138/documents/${docId}/indicators/utrikes-fodda-i-sysselsattning?year=2025`);
    await settle(page);
    await chartDrawn(page);
    // Three lines, told apart by dash pattern and symbol as well as colour.
    const legend = page.getByRole('list', { name: 'Förklaring till diagrammet' });
    const legendText = await legend.textContent();
    expect(legendText).toContain('Totalt: heldragen linje med cirklar');
    expect(legendText).toContain('Kvinnor: streckad linje med trianglar');
    expect(legendText).toContain('Män: prickad linje med kvadrater');
    expect(legendText).toContain('Ofylld symbol: preliminärt värde');

    const rows = await tableRows(page);
    for (const sex of ['total', 'women', 'men'] as const) {
      for (const p of compiled.series[sex]) {
        const row = rows.find((r) => r.year === p.year)!;
        expect(norm(row.cells[sex]!), `${sex} ${p.year}`).toBe(norm(sv(p.value, 'percent')));
      }
    }
    expect(rows.find((r) => r.year === 2025)!.note).toContain('preliminärt');

    // The gap in words: the latest year, and narrowing since the first.
    const gap = compiled.genderGap!;
    expect(gap.overall).toBe('narrower');
    const facts = await page.locator('.indicator-facts').textContent();
    expect(norm(facts)).toContain(norm(`År ${gap.latest!.year} var värdet för kvinnor ${sv(gap.latest!.women, 'percent')} och för män ${sv(gap.latest!.men, 'percent')}`));
    expect(facts).toContain(`Skillnaden har minskat sedan ${gap.years[0]!.year}`);
    expect(facts).toContain('Uppgifterna är aktuella');
    // Every value is demo data, and the page says so.
    expect(await page.locator('.notice').first().textContent()).toContain('exempeldata');

    await checkPage(page, 'indicator-tyreso-employment-by-sex');

    // Values for all ages as well as 16-64: the reader chooses the age group (the compilation has only the headline band).
    const allAges = [
      { indicator: 'utrikes-fodda-i-sysselsattning', year: 2024, sex: 'women', value: 55.2, example: true },
      { indicator: 'utrikes-fodda-i-sysselsattning', year: 2024, sex: 'men', value: 61, example: true },
      { indicator: 'utrikes-fodda-i-sysselsattning', year: 2025, sex: 'total', value: 58.3, status: 'preliminary', example: true },
    ];
    const posted = await site.app.inject({ method: 'POST', url: `/api/v1/documents/${docId}/values`, payload: { values: allAges } });
    expect(posted.statusCode).toBe(200);
    await page.reload();
    await settle(page);
    await page.getByLabel('Åldersgrupp').selectOption({ label: 'Alla åldrar' });
    await expect.poll(() => new URL(page.url()).searchParams.get('age')).toBe('all');
    await chartDrawn(page);
    const bandRows = await tableRows(page);
    expect(await page.getByRole('table', { name: /\(alla åldrar\), per år och kön/ }).count()).toBe(1);
    expect(bandRows.map((r) => [r.year, norm(r.cells.total!), norm(r.cells.women!), norm(r.cells.men!)])).toEqual([
      [2024, '–', norm(sv(55.2, 'percent')), norm(sv(61, 'percent'))],
      [2025, norm(sv(58.3, 'percent')), '–', '–'],
    ]);
    expect(bandRows[1]!.note).toContain('preliminärt');
    expect(problems()).toEqual([]);
  });

  it('a controller sees the series break in Östersund’s staff born outside the Nordic countries, and stale data flagged', async () => {
    const { page, problems } = await site.newPage({ as: '2380' });
    const docId = await documentId('2380', 'integrationsstrategi-2020');
    const c = await compilation(docId, 2025);
    const staff = c.indicators.find((i) => i.key === 'anstallda-utomnordiskt-fodda')!;
    expect(staff.seriesBreaks).toEqual([2022]);

    await page.goto(`/m/2380/documents/${docId}/indicators/anstallda-utomnordiskt-fodda?year=2025`);
    await settle(page);
    await chartDrawn(page);
    expect(norm(await page.locator('.chart svg').textContent())).toContain('Serieavbrott 2022');
    const legend = await page.getByRole('list', { name: 'Förklaring till diagrammet' }).textContent();
    expect(legend).toContain('serieavbrott 2022');
    expect(legend).toContain('timavlönade');
    const row2022 = (await tableRows(page)).find((r) => r.year === 2022)!;
    expect(row2022.note).toContain('serieavbrott');
    expect(row2022.note).toContain('från 2022 räknas även timavlönade');
    // The target's status, from the compilation.
    const target = c.targets.find((t) => t.indicator === 'anstallda-utomnordiskt-fodda')!;
    expect(await page.getByRole('list', { name: `Målvärden för ${staff.name}` }).textContent()).toContain(target.statement);
    await checkPage(page, 'indicator-ostersund-series-break');

    // A series that stopped in 2021 is out of date, and the page says so in words.
    await page.goto(`/m/2380/documents/${docId}/indicators/nyanlanda-arbete-eller-studier?year=2025`);
    await settle(page);
    await chartDrawn(page);
    const stale = c.indicators.find((i) => i.key === 'nyanlanda-arbete-eller-studier')!.stale;
    expect(stale.stale).toBe(true);
    expect(norm(await page.locator('.indicator-facts').textContent())).toContain(`Inaktuella uppgifter: ett nytt värde skulle ha kommit senast ${stale.expectedBy}`);
    expect(problems()).toEqual([]);
  });

  it('a reader who follows a link to an indicator the document does not have is told so', async () => {
    const { page, problems } = await site.newPage({ as: '2380' });
    const docId = await documentId('2380', 'integrationsstrategi-2020');
    await page.goto(`/m/2380/documents/${docId}/indicators/finns-inte`);
    await settle(page);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Indikatorn finns inte');
    expect(await page.getByRole('status').first().textContent()).toContain('finns-inte');
    expect(await page.getByRole('link', { name: 'Till översikten' }).getAttribute('href')).toBe(`/m/2380?document=${docId}`);
    expect(problems()).toEqual([]);
  });
});
