import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Compilation } from '../../src/shared/api/views.ts';
import { checkPage, SCREENSHOT_DIR, settle, startSite, VIEWPORTS, type Site } from './support/site.ts';

let site: Site;
let tierpPlan: string;
beforeAll(async () => {
  site = await startSite();
  const docs = (await site.app.inject({ method: 'GET', url: '/api/v1/municipalities/0360/documents' })).json() as { items: Array<{ id: string; type: string }> };
  tierpPlan = docs.items.find((d) => d.type === 'action_plan')!.id;
});
afterAll(() => site?.close());

async function compiled(docId: string, year: number, key: string) {
  const res = await site.app.inject({ method: 'GET', url: `/api/v1/documents/${docId}/compilation?year=${year}` });
  expect(res.statusCode).toBe(200);
  return (res.json() as Compilation).activities.find((a) => a.key === key);
}

async function reportsOf(docId: string, period: string) {
  return (await site.app.inject({ method: 'GET', url: `/api/v1/documents/${docId}/reports?period=${period}` })).json() as Array<{ status: string; unit: { name: string } }>;
}

/** The browser's globals inside page.evaluate (this file is typechecked without the DOM library). */
type Browser = { document: { activeElement: { tagName: string } | null; documentElement: { scrollWidth: number } }; getComputedStyle(el: unknown, pseudo?: string): { display: string; content: string } };

const count = (page: Page) => page.locator('.ap-count').textContent();
const row = (page: Page, text: string) => page.locator('tbody tr', { hasText: text });

describe('the action plan', () => {
  it("a committee secretary reads Tierp's action plan grouped by area as adopted, filters by responsible and marks an activity done", async () => {
    const { page, problems } = await site.newPage({ as: '0360' });
    await page.goto('/m/0360/action-plan');
    await settle(page);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Handlingsplan för integration');

    // The plan's areas in its own order, its six columns, and each goal printed once over its activities.
    expect(await page.locator('.ap-area h2').allTextContents()).toEqual(['Arbete', 'Boende', 'Språk', 'Attityd', 'Mötesplatser', 'Samverkan']);
    const arbete = page.locator('.ap-area').first();
    expect(await arbete.locator('thead th').allTextContents()).toEqual(['Mål/delmål för område Arbete', 'Problem/behov', 'Aktivitet', 'Huvudansvar', 'Tidplan', 'Uppföljning/resultat 2018']);
    expect(await arbete.locator('tbody th[scope=rowgroup]').allTextContents()).toEqual([
      'Ge varje individ förutsättningar för att så snabbt som möjligt komma ut i arbetslivet och nå egen försörjning.',
      'Ta vara på varje individs drivkraft, kompetens och kunskap.',
      'Erbjuda varje individ utbildning som håller hög kvalitet och som är anpassad efter arbetsmarknadens behov och individuella förutsättningar.',
    ]);
    expect(await arbete.locator('tbody th[scope=rowgroup]').first().getAttribute('rowspan')).toBe('5');
    expect(await arbete.locator('tbody tr').count()).toBe(7);
    // The two goals the plan prints without an activity keep their rows.
    expect(await page.locator('tr.ap-goal-only th').allTextContents()).toEqual(['Alla invånare ska ha ett skäligt boende på lika villkor.', 'Vara en drivande aktör i arbetet med integration i kommunen.']);
    expect(await count(page)).toBe('Visar 25 av 25 aktiviteter');

    // The plan ran through 2018: that year is shown, with the status Kommunstyrelsen's locked report gives.
    expect(await page.getByLabel('Uppföljningsår').inputValue()).toBe('2018');
    expect(await page.locator('.notice').first().textContent()).toContain('gällde till och med 2018-12-31');
    const kartlagga = row(page, 'Kartlägga behov av kompetens');
    expect(await kartlagga.textContent()).toContain('Genomförd');
    expect(await kartlagga.textContent()).toContain('Rapporterat av Kommunstyrelsen för 2018.');
    expect(await kartlagga.textContent()).toContain('Kan inte ändras: rapporten från Kommunstyrelsen för 2018 är låst.');
    expect(await kartlagga.getByRole('button', { name: /Ändra status/ }).count()).toBe(0);
    expect(await page.locator('.notice', { hasText: 'en godkänd eller låst rapport kan öppnas igen med en motivering' }).count()).toBe(1);
    await checkPage(page, 'action-plan-tierp');

    // Next year, filtered by a responsible unit: the address holds the filter.
    await page.getByLabel('Uppföljningsår').selectOption('2019');
    await page.getByLabel('Ansvarig enhet').selectOption('Näringslivsenheten');
    await settle(page);
    await expect.poll(() => {
      const url = new URL(page.url());
      return [url.searchParams.get('year'), url.searchParams.get('unit')];
    }).toEqual(['2019', 'Näringslivsenheten']);
    const url = new URL(page.url());
    await expect.poll(() => count(page)).toBe('Visar 4 av 25 aktiviteter');
    expect(await page.locator('.ap-area h2').allTextContents()).toEqual(['Arbete']);
    await checkPage(page, 'action-plan-tierp-filtered');

    // The same address opened elsewhere shows the same view.
    const other = await site.newPage({ as: '0360' });
    await other.page.goto(url.pathname + url.search);
    await settle(other.page);
    await expect.poll(() => count(other.page)).toBe('Visar 4 av 25 aktiviteter');
    expect(await other.page.getByLabel('Ansvarig enhet').inputValue()).toBe('Näringslivsenheten');
    expect(other.problems()).toEqual([]);

    // Mark the mapping of competence needs done, in the row.
    const target = row(page, 'Kartlägga behov av kompetens');
    expect(await target.textContent()).toContain('Ingen uppföljning för 2019 ännu');
    await target.getByRole('button', { name: /Ändra status/ }).click();
    const form = target.getByRole('form');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as Browser).document.activeElement?.tagName)).toBe('SELECT');
    await form.getByLabel('Status 2019').selectOption('done');
    await form.getByLabel('Kommentar (frivillig)').fill('Kartläggningen är klar och redovisad för näringslivsrådet.');
    expect(await form.textContent()).toContain('Sparas i uppföljningen från Näringslivsenheten för 2019. Rapporten skapas när du sparar.');
    await checkPage(page, 'action-plan-tierp-editing');
    await form.getByRole('button', { name: 'Spara' }).click();
    await expect.poll(() => page.getByTestId('ap-announcement').textContent()).toBe('Sparat. Kartlägga behov av kompetens från företagets sida och kartlägga vilka kompetenser som finns i samhället.: Genomförd.');
    await expect.poll(() => target.textContent()).toContain('Rapporterat av Näringslivsenheten för 2019.');
    expect(await target.textContent()).toContain('Sparat');
    expect(await target.locator('.chip').textContent()).toBe('Genomförd');

    // Stored: the unit's report for 2019 holds it, and the compilation reads it.
    expect(await compiled(tierpPlan, 2019, 'arbete-1-3')).toMatchObject({
      status: 'done',
      progress: 100,
      comment: 'Kartläggningen är klar och redovisad för näringslivsrådet.',
      reportedBy: 'Näringslivsenheten',
    });
    expect((await reportsOf(tierpPlan, '2019')).map((r) => [r.unit.name, r.status])).toEqual([['Näringslivsenheten', 'draft']]);

    // Filtering by status now finds it.
    await page.getByLabel('Status 2019').selectOption('done');
    await expect.poll(() => count(page)).toBe('Visar 1 av 25 aktiviteter');
    expect(new URL(page.url()).searchParams.get('status')).toBe('done');
    expect(problems()).toEqual([]);
  });

  it('a reporter sees why a closed year cannot be changed, and opens 2026 for follow-up when the server says it is missing', async () => {
    // 2017 is closed: every row says so, no row offers a control.
    const periods = (await site.app.inject({ method: 'GET', url: '/api/v1/municipalities/0360/periods?year=2017' })).json() as Array<{ id: string; key: string; lockVersion: number }>;
    const y2017 = periods.find((p) => p.key === '2017')!;
    expect((await site.app.inject({ method: 'POST', url: `/api/v1/periods/${y2017.id}/close`, payload: { lockVersion: y2017.lockVersion } })).statusCode).toBe(200);

    const { page, problems, expectProblem } = await site.newPage({ as: '0360' });
    await page.goto('/m/0360/action-plan?year=2017');
    await settle(page);
    expect(await page.locator('.notice', { hasText: 'Uppföljningsperioden 2017 är stängd' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /Ändra status/ }).count()).toBe(0);
    expect(await page.locator('.ap-locked', { hasText: 'Kan inte ändras: uppföljningsperioden 2017 är stängd.' }).count()).toBe(25);

    // 2026 has not been opened: the page says so; a save is refused by the server and nothing the reporter chose is lost.
    await page.getByLabel('Uppföljningsår').selectOption('2026');
    await settle(page);
    await expect.poll(() => page.locator('.notice', { hasText: 'År 2026 är inte öppnat för uppföljning.' }).count()).toBe(1);
    expectProblem(400, /\/api\/v1\/documents\/[^/]+\/reports$/);
    const studiebesok = row(page, 'Ordna studiebesök för nyanlända');
    await studiebesok.getByRole('button', { name: /Ändra status/ }).click();
    const form = studiebesok.getByRole('form');
    await form.getByLabel('Status 2026').selectOption('ongoing');
    await form.getByLabel('Kommentar (frivillig)').fill('Två studiebesök är bokade till våren.');
    await form.getByRole('button', { name: 'Spara' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('Inget sparades: år 2026 är inte öppnat för uppföljning.');
    expect(await form.getByLabel('Status 2026').inputValue()).toBe('ongoing');
    expect(await form.getByLabel('Kommentar (frivillig)').inputValue()).toBe('Två studiebesök är bokade till våren.');
    await checkPage(page, 'action-plan-tierp-period-missing');

    await form.getByRole('button', { name: 'Öppna 2026 för uppföljning' }).click();
    await expect.poll(() => form.getByRole('alert').count()).toBe(0);
    await expect.poll(() => page.locator('.notice', { hasText: 'År 2026 är inte öppnat' }).count()).toBe(0);
    await form.getByRole('button', { name: 'Spara' }).click();
    await expect.poll(() => page.getByTestId('ap-announcement').textContent()).toContain('Sparat.');
    expect(await compiled(tierpPlan, 2026, 'arbete-3-1')).toMatchObject({ status: 'ongoing', comment: 'Två studiebesök är bokade till våren.', reportedBy: 'Kommunledningsgruppen' });
    expect(problems()).toEqual([]);
  });

  it('Östersund has no action plan: the page says so and points to the strategy in force, which keeps no activities', async () => {
    const { page, problems } = await site.newPage({ as: '2380' });
    await page.goto('/m/2380/action-plan');
    await settle(page);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Aktiviteter i Integrationsstrategi 2020');
    expect(await page.locator('.notice').first().textContent()).toContain('Östersund har ingen handlingsplan i Samspel.');
    expect(await page.locator('.empty-state').textContent()).toContain('Integrationsstrategi 2020 har inga aktiviteter inlagda.');
    const link = page.getByRole('link', { name: 'Öppna Integrationsstrategi 2020' });
    expect(await link.getAttribute('href')).toMatch(/^\/m\/2380\/documents\/[0-9a-f-]{36}$/);
    await checkPage(page, 'action-plan-no-plan-ostersund');
    expect(problems()).toEqual([]);
  });

  it('a municipality that keeps its activities in its programme sees them in the same table, with a note, and opens the year', async () => {
    const bundle = {
      format: 'samspel/bundle@1',
      municipality: { code: '9901', name: 'Provköping' },
      organisation: [
        { name: 'Kommunfullmäktige', type: 'council', parent: null },
        { name: 'Arbetsmarknadsnämnden', type: 'committee', parent: 'Kommunfullmäktige' },
      ],
      documents: [
        {
          document: { key: 'integrationsprogram', type: 'programme', title: 'Program för integration', status: 'adopted', adoptedBy: { body: 'Kommunfullmäktige' }, decisionDate: '2024-03-01', validIndefinitely: true },
          areas: [{ key: 'arbete', name: 'Arbete' }],
          goals: [{ key: 'fler-i-arbete', area: 'arbete', title: 'Fler nyanlända i arbete' }],
          activities: [
            {
              key: 'sprakpraktik',
              area: 'arbete',
              goal: 'fler-i-arbete',
              problem: 'Få nyanlända får praktik med svenska på jobbet.',
              description: 'Språkpraktik i kommunens verksamheter',
              responsible: [{ unit: 'Arbetsmarknadsnämnden', lead: true }],
              timelineText: '2025–2026',
              start: '2025-01-01',
              end: '2026-12-31',
            },
          ],
        },
      ],
    };
    expect((await site.app.inject({ method: 'POST', url: '/api/v1/import', payload: bundle })).statusCode).toBe(200);
    // A new municipality has no demo accounts: Tierp's administrator is given the role there too.
    await site.addRole('0360', '9901', 'administrator');
    const { page, problems } = await site.newPage({ as: '0360' });
    await page.goto('/m/9901/action-plan');
    await settle(page);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Aktiviteter i Program för integration');
    expect(await page.locator('.notice').first().textContent()).toContain('Provköping har ingen handlingsplan i Samspel. Därför visas aktiviteterna i Program för integration');
    expect(await row(page, 'Språkpraktik i kommunens verksamheter').textContent()).toContain('Arbetsmarknadsnämnden');
    expect(await count(page)).toBe('Visar 1 av 1 aktivitet');
    // The municipality has no follow-up years yet: open the default year from the page.
    const year = String(new Date().getFullYear() - 1);
    await page.getByRole('button', { name: `Öppna ${year} för uppföljning` }).click();
    await expect.poll(() => page.getByTestId('ap-announcement').textContent()).toBe(`År ${year} är öppnat för uppföljning.`);
    const periods = (await site.app.inject({ method: 'GET', url: `/api/v1/municipalities/9901/periods?year=${year}` })).json() as Array<{ key: string }>;
    expect(periods.map((p) => p.key)).toContain(year);
    await checkPage(page, 'action-plan-fallback-programme');
    expect(problems()).toEqual([]);
  });

  it("the overview's link opens the given plan, and an area chosen in the address shows that area as the plan prints it", async () => {
    const { page, problems } = await site.newPage({ as: '0360' });
    await page.goto('/m/0360');
    await settle(page);
    await page.getByRole('link', { name: 'Visa som handlingsplan' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Handlingsplan för integration');
    expect(new URL(page.url()).pathname).toBe(`/m/0360/documents/${tierpPlan}/action-plan`);
    await expect.poll(() => count(page), { timeout: 30_000 }).toBe('Visar 25 av 25 aktiviteter');
    await page.goto(`/m/0360/documents/${tierpPlan}/action-plan?year=2018&area=boende`);
    await settle(page);
    expect(await page.getByLabel('Område').inputValue()).toBe('boende');
    expect(await page.locator('.ap-area h2').allTextContents()).toEqual(['Boende']);
    // The goal without an activity keeps its row between the other two, as in the plan.
    expect(await page.locator('.ap-area tbody th').allTextContents()).toEqual([
      'Verka för en god boendemiljö i hela kommunen.',
      'Alla invånare ska ha ett skäligt boende på lika villkor.',
      'Verka för att det ska finnas blandade bostadstyper och blandade upplåtelseformer i kommunen.',
    ]);
    expect(await count(page)).toBe('Visar 2 av 25 aktiviteter');
    // Sorted by status, the plan's own goal-only rows give way to the activities.
    await page.getByLabel('Sortering').selectOption('status');
    await expect.poll(() => page.locator('.ap-area tbody tr').count()).toBe(2);
    expect(await page.locator('.ap-status-cell .chip').allTextContents()).toEqual(['Pågår', 'Uppskjuten']);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('status');
    expect(problems()).toEqual([]);
  });

  it("a reader on a phone reads Tierp's plan as stacked rows, and the printout is the plan across the page without navigation", async () => {
    const { page, problems } = await site.newPage({ as: '0360' });
    await page.setViewportSize(VIEWPORTS.mobile);
    await page.goto('/m/0360/action-plan');
    await settle(page);
    // Nothing to scroll sideways: every cell sits under the one before, named by its column.
    expect(await page.evaluate(() => (globalThis as unknown as Browser).document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS.mobile.width);
    const cells = row(page, 'Kartlägga behov av kompetens').locator('td');
    expect(await cells.first().evaluate((el) => (globalThis as unknown as Browser).getComputedStyle(el).display)).toBe('block');
    expect(await cells.evaluateAll((els) => els.map((el) => (globalThis as unknown as Browser).getComputedStyle(el, '::before').content))).toEqual(['"Aktivitet"', '"Huvudansvar"', '"Tidplan"', '"Uppföljning/resultat 2018"']);
    const widths = await page.locator('.ap-table').evaluateAll((ts) => ts.map((t) => t.getBoundingClientRect().right));
    expect(Math.max(...widths)).toBeLessThanOrEqual(VIEWPORTS.mobile.width);

    // Printed: no navigation, no controls, the table as wide as the page.
    await page.setViewportSize(VIEWPORTS.desktop);
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['.site-header', '.municipality-nav', '.ap-filters', '.page-actions']) expect(await page.locator(hidden).isVisible(), hidden).toBe(false);
    expect(await page.locator('.ap-edit').evaluateAll((els) => els.filter((el) => (globalThis as unknown as Browser).getComputedStyle(el).display !== 'none').length)).toBe(0);
    const table = (await page.locator('.ap-table').first().boundingBox())!;
    expect(table.width).toBeGreaterThan(VIEWPORTS.desktop.width * 0.9);
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'action-plan-tierp.sv.print.png'), fullPage: true });
    // As the browser prints it (the page's own size): A4 landscape, every page.
    const pdf = await page.pdf({ path: path.join(SCREENSHOT_DIR, 'action-plan-tierp.sv.print.pdf'), printBackground: true, preferCSSPageSize: true });
    const boxes = pdf.toString('latin1').match(/MediaBox \[0 0 [\d.]+ [\d.]+\]/g) ?? [];
    expect(boxes.length).toBeGreaterThan(1);
    expect(new Set(boxes)).toEqual(new Set(['MediaBox [0 0 841.91998 594.95996]']));
    expect(problems()).toEqual([]);
  });
});
