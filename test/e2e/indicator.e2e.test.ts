import { headlineBand } from '../../src/shared/compilation.ts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Compilation } from '../../src/shared/api/views.ts';
import { checkPage, settle, startSite, VIEWPORTS, type Site } from './support/site.ts';
import { sentenceText } from './support/words.ts';

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
const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

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
    expect(rows.map((r) => r.year)).toEqual(headlineBand(compiled).series.total.map((p) => p.year));
    for (const p of headlineBand(compiled).series.total) {
      const row = rows.find((r) => r.year === p.year)!;
      expect(norm(row.cells.total!), `${p.year}`).toBe(norm(sv(p.value, compiled.unitOfMeasure)));
      if (p.preliminary) expect(row.note).toContain('preliminärt');
    }
    expect(headlineBand(compiled).series.total.some((p) => p.preliminary)).toBe(true);

    // The target with its computed status and reason, the source as a Kolada link.
    const target = c.targets.find((t) => t.indicator === 'skyddsbehovande-forvarvsarbetar')!;
    const targets = page.getByRole('list', { name: `Målvärden för ${compiled.name}` });
    const targetText = await targets.textContent();
    expect(targetText).toContain(target.statement);
    expect(target.status).toBe('not_achieved');
    expect(targetText).toContain('Inte uppnått');
    // The status in words: the sentence the API gives, naming the value and the year it rests on (2020, not the latest year).
    const words = sentenceText(target.sentence);
    expect(words).toBe(target.explanationText);
    expect(norm(words)).toContain(norm(`${target.explanation.verdict!.year} var andelen ${sv(target.explanation.verdict!.value, 'percent')}, målet var minst ${sv(60, 'percent')}`));
    expect(norm(targetText)).toContain(norm(words));
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
    expect(rows2019.map((r) => r.year)).toEqual(headlineBand(c2019.indicators.find((i) => i.key === compiled.key)!).series.total.map((p) => p.year));
    expect(Math.max(...rows2019.map((r) => r.year))).toBe(2019);
    const statusText = { on_track: 'I fas', off_track_moderate: 'Behöver öka takten', off_track_significant: 'Långt ifrån', deteriorating: 'Går åt fel håll' } as Record<string, string>;
    expect(await targets.textContent()).toContain(statusText[t2019.status]);
    expect(norm(await targets.textContent())).toContain(norm(sentenceText(t2019.sentence)));
    expect(problems()).toEqual([]);
  });

  it('a politician reads Tyresö’s employment indicator by sex, with the narrowing gap between women and men in words', async () => {
    const { page, problems } = await site.newPage({ as: '0138' });
    const docId = await documentId('0138', 'integrationsstrategi');
    const c = await compilation(docId, 2025);
    const compiled = c.indicators.find((i) => i.key === 'utrikes-fodda-i-sysselsattning')!;
    expect(headlineBand(compiled).series.women.length).toBeGreaterThan(0);

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
      for (const p of headlineBand(compiled).series[sex]) {
        const row = rows.find((r) => r.year === p.year)!;
        expect(norm(row.cells[sex]!), `${sex} ${p.year}`).toBe(norm(sv(p.value, 'percent')));
      }
    }
    expect(rows.find((r) => r.year === 2025)!.note).toContain('preliminärt');

    // The gap in words: the latest year, and narrowing since the first.
    const gap = headlineBand(compiled).genderGap!;
    expect(gap.overall).toBe('narrower');
    const facts = await page.locator('.indicator-facts').textContent();
    expect(norm(facts)).toContain(norm(`År ${gap.latest!.year} var värdet för kvinnor ${sv(gap.latest!.women, 'percent')} och för män ${sv(gap.latest!.men, 'percent')}`));
    expect(facts).toContain(`Skillnaden har minskat sedan ${gap.years[0]!.year}`);
    expect(facts).toContain('Uppgifterna är aktuella');
    // Every value is demo data, and the page says so.
    expect(await page.locator('.notice').first().textContent()).toContain('exempeldata');

    await checkPage(page, 'indicator-tyreso-employment-by-sex');

    // Values for all ages as well as 16-64: the compilation carries all ages too, and the reader chooses the age group.
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

  it('a strategist follows an indicator with two age groups by sex: every declared band is offered, the headline first, each with its own gap', async () => {
    // A municipality of its own whose strategy declares 16-64 and 20-64 by sex, with 20-64 as the headline.
    const code = '9902';
    const statement = 'Minst 60 procent av de utrikes födda kvinnorna 16–64 år förvärvsarbetar år 2024.';
    const bundle = {
      format: 'samspel/bundle@1',
      municipality: { code, name: 'Tvååldersby' },
      organisation: [{ name: 'Kommunfullmäktige', type: 'council', parent: null }],
      documents: [
        {
          document: { key: 'integrationsstrategi', type: 'strategy', title: 'Strategi för integration', status: 'adopted', adoptedBy: { body: 'Kommunfullmäktige' }, decisionDate: '2021-03-01', validIndefinitely: true },
          areas: [{ key: 'arbete', name: 'Arbete' }],
          goals: [{ key: 'fler-i-arbete', area: 'arbete', title: 'Fler utrikes födda i arbete' }],
          indicators: [
            {
              key: 'forvarvsarbetande',
              goal: 'fler-i-arbete',
              name: 'Andel utrikes födda som förvärvsarbetar',
              unitOfMeasure: 'percent',
              sexes: ['total', 'women', 'men'],
              ageBands: ['16-64', '20-64'],
              headline: { sex: 'total', ageBand: '20-64' },
              gapThreshold: 3,
            },
          ],
          targets: [{ key: 'kvinnor-16-64', goal: 'fler-i-arbete', indicator: 'forvarvsarbetande', comparator: 'at_least', value: 60, targetYear: 2024, sex: 'women', ageBand: '16-64', statement }],
        },
      ],
    };
    const imported = await site.app.inject({ method: 'POST', url: '/api/v1/import', payload: bundle });
    expect(imported.statusCode, imported.body).toBe(200);
    const docId = await documentId(code, 'integrationsstrategi');
    // Six series: three sexes in each of the two bands, 2021–2024.
    const level = { '16-64': { total: 54.5, women: 53, men: 55.5 }, '20-64': { total: 60, women: 57, men: 63 } } as const;
    const values = (['16-64', '20-64'] as const).flatMap((ageBand) =>
      (['total', 'women', 'men'] as const).flatMap((sex) => [2021, 2022, 2023, 2024].map((year) => ({ indicator: 'forvarvsarbetande', year, sex, ageBand, value: level[ageBand][sex] + (year - 2021) * 0.5 }))),
    );
    const posted = await site.app.inject({ method: 'POST', url: `/api/v1/documents/${docId}/values`, payload: { values } });
    expect(posted.statusCode, posted.body).toBe(200);
    const c = await compilation(docId, 2024);
    const compiled = c.indicators[0]!;
    expect(compiled.bands.map((b) => [b.ageBand, b.headline])).toEqual([
      ['16-64', false],
      ['20-64', true],
    ]);
    const target = c.targets[0]!;
    expect(target).toMatchObject({ sex: 'women', ageBand: '16-64', status: 'not_achieved' });

    await site.addRole('0138', code, 'administrator');
    const { page, problems } = await site.newPage({ as: '0138' });
    await page.goto(`/m/${code}/documents/${docId}/indicators/forvarvsarbetande?year=2024`);
    await settle(page);
    await chartDrawn(page);
    // Both declared bands, the headline first and marked as such; it is what the page opens on.
    const choice = page.getByLabel('Åldersgrupp');
    expect((await choice.locator('option').allTextContents()).map(norm)).toEqual(['20–64 år (huvudserie)', '16–64 år']);
    expect(await choice.inputValue()).toBe('20-64');
    expect(norm(await page.locator('.indicator-band-note').textContent())).toBe('Visar 20–64 år, indikatorns huvudserie.');
    const expectBand = async (ageBand: '16-64' | '20-64') => {
      const band = compiled.bands.find((b) => b.ageBand === ageBand)!;
      expect(await page.getByRole('table', { name: `${compiled.name} (${ageBand.replace('-', '–')} år), per år och kön` }).count()).toBe(1);
      const rows = await tableRows(page);
      expect(rows.map((r) => r.year)).toEqual([2021, 2022, 2023, 2024]);
      for (const sex of ['total', 'women', 'men'] as const) {
        for (const p of band.series[sex]) expect(norm(rows.find((r) => r.year === p.year)!.cells[sex]!), `${ageBand} ${sex} ${p.year}`).toBe(norm(sv(p.value, 'percent')));
        expect(band.series[sex].map((p) => p.value)).toEqual([0, 1, 2, 3].map((i) => level[ageBand][sex] + i * 0.5));
      }
      // The band's own women–men gap, judged against the indicator's own threshold (3 points, not the default 5).
      const gap = band.genderGap!;
      expect(gap.threshold).toBe(3);
      const facts = norm(await page.locator('.indicator-facts').textContent());
      expect(facts).toContain(norm(`År 2024 var värdet för kvinnor ${sv(gap.latest!.women, 'percent')} och för män ${sv(gap.latest!.men, 'percent')}`));
      expect(facts).toContain(gap.flagged ? 'Stor skillnad: mer än 3 procentenheter' : 'En skillnad större än 3 procentenheter markeras som stor.');
      return gap;
    };
    expect((await expectBand('20-64')).flagged).toBe(true);
    // The target reads women 16-64: it is not drawn on the headline band's chart.
    expect(norm(await page.locator('.chart svg').textContent())).not.toContain(norm(`Mål ${sv(60, 'percent')} (2024)`));
    await checkPage(page, 'indicator-two-age-bands');

    // The other band, chosen with the keyboard: its three series, its own gap, and the target drawn on it.
    await choice.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => new URL(page.url()).searchParams.get('age')).toBe('16-64');
    await settle(page);
    await chartDrawn(page);
    expect(norm(await page.locator('.indicator-band-note').textContent())).toBe('Visar 16–64 år. Indikatorns huvudserie är 20–64 år.');
    expect((await expectBand('16-64')).flagged).toBe(false);
    await expect.poll(async () => norm(await page.locator('.chart svg').textContent())).toContain(norm(`Mål ${sv(60, 'percent')} (2024)`));
    // The target says which series it read and, in words, the value its status rests on.
    const targetText = norm(await page.getByRole('list', { name: `Målvärden för ${compiled.name}` }).textContent());
    expect(targetText).toContain(norm(statement));
    expect(targetText).toContain('Serie: kvinnor, 16–64 år');
    expect(targetText).toContain(norm(sentenceText(target.sentence)));
    expect(norm(sentenceText(target.sentence))).toContain(norm(`2024 var andelen ${sv(54.5, 'percent')}, målet var minst ${sv(60, 'percent')}`));
    const about = norm(await page.locator('dl.meta').textContent());
    expect(about).toContain('Åldersgrupper16–64 år, 20–64 år');
    expect(about).toContain('HuvudserieTotalt, 20–64 år');
    expect(about).toContain('Stor skillnad kvinnor–mänmer än 3 procentenheter');
    await checkPage(page, 'indicator-two-age-bands-16-64');
    // At 390 px nothing sticks out once the chart has redrawn for the narrower window.
    await page.setViewportSize(VIEWPORTS.mobile);
    await expect.poll(async () => Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(VIEWPORTS.mobile.width);
    await page.setViewportSize(VIEWPORTS.desktop);

    // The compilation shows the headline band and names the other; the target names the series it read.
    await page.goto(`/m/${code}/documents/${docId}/compilation?year=2024`);
    await settle(page);
    const indicatorRow = page.getByRole('table', { name: /Indikatorernas senaste värden/ }).getByRole('row').filter({ has: page.getByRole('link', { name: compiled.name }) });
    const rowText = norm(await indicatorRow.textContent());
    expect(rowText).toContain('Visar 20–64 år. Även 16–64 år.');
    expect(rowText).toContain(norm(`${sv(compiled.latest!.value, 'percent')} (2024)`));
    expect(compiled.latest!.value).toBe(61.5);
    const targetRow = norm(await page.getByRole('table', { name: 'Målvärdenas beräknade status 2024' }).locator('tbody tr').first().textContent());
    expect(targetRow).toContain('Serie: kvinnor, 16–64 år');
    expect(targetRow).toContain(norm(sentenceText(target.sentence)));
    await checkPage(page, 'compilation-two-age-bands');
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
