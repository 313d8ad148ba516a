import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Compilation } from '../../src/shared/api/views.ts';
import { checkPage, settle, startSite, VIEWPORTS, type Site } from './support/site.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site?.close());

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

const norm = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

describe('yearly compilation', () => {
  it('a controller opens the 2025 compilation for Tierp and sees which committees have not reported', async () => {
    const { page, problems } = await site.newPage({ as: '0360' });
    const strategy = await documentId('0360', 'strategi-for-integration');
    const plan = await documentId('0360', 'handlingsplan-for-integration');
    const expected = await compilation(plan, 2025);
    expect(expected.units.notSubmitted.length).toBeGreaterThan(5);

    // From the municipality's menu: the compilation of the strategy in force.
    await page.goto('/m/0360');
    await settle(page);
    await page.getByRole('navigation', { name: 'Sidor för Tierp' }).getByRole('link', { name: 'Sammanställning' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Sammanställning \d{4}$/);
    await settle(page);
    await page.getByLabel('Uppföljningsår').selectOption('2025');
    await settle(page);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sammanställning 2025');
    expect(await page.getByLabel('Styrdokument').inputValue()).toBe(strategy);
    // The strategy names no one responsible: the page says so and what to do.
    expect(await page.getByText('Ingen nämnd eller enhet förväntas rapportera mot dokumentet för 2025.').count()).toBe(1);
    // Its fifteen goals are in the matrix, the overarching goal first.
    const matrix = page.getByRole('table', { name: /mål, beräknad status och nämndernas bedömningar 2025/ });
    expect(await matrix.locator('tbody th[scope="row"]').count()).toBe(15);
    await checkPage(page, 'compilation-tierp-strategy');

    // The action plan names the units responsible for its activities.
    await page.getByLabel('Styrdokument').selectOption(plan);
    await settle(page);
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/m/0360/documents/${plan}/compilation`);
    expect(new URL(page.url()).searchParams.get('year')).toBe('2025');
    const missing = page.getByRole('list', { name: `Har inte lämnat in (${expected.units.notSubmitted.length})`, exact: true });
    await expect.poll(() => missing.count()).toBe(1);
    const items = await missing.getByRole('listitem').allTextContents();
    expect(items.length).toBe(expected.units.notSubmitted.length);
    for (const [i, u] of expected.units.notSubmitted.entries()) {
      expect(items[i]).toContain(u.name);
      expect(items[i]).toContain(u.status === 'missing' ? 'Saknas' : 'Utkast');
    }
    expect(await page.getByText('Ingen uppföljning för 2025 är godkänd ännu.').count()).toBe(1);
    // Every expected unit is a column of the matrix, and none has assessed a goal.
    const header = await page.getByRole('table', { name: /Handlingsplan för integration/ }).locator('thead th').allTextContents();
    for (const u of expected.units.notSubmitted) expect(header.some((h) => h.startsWith(u.name))).toBe(true);
    expect(await page.getByText('Ingen nämnd eller enhet har bedömt målen för 2025 ännu.', { exact: false }).count()).toBe(1);
    // The activities, counted by status, and listed behind a disclosure.
    const counts = page.getByRole('list', { name: 'Antal aktiviteter per status' });
    expect(await counts.getByRole('listitem').count()).toBeGreaterThan(0);
    await page.getByText(`Visa alla ${expected.activities.length} aktiviteter`).click();
    expect(await page.getByRole('table', { name: 'Aktiviteternas status 2025' }).locator('tbody tr').count()).toBe(expected.activities.length);
    // Eleven unit columns scroll inside the matrix's region; the page itself does not scroll sideways.
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(VIEWPORTS.desktop.width);
    await checkPage(page, 'compilation-tierp-action-plan');
    expect(problems()).toEqual([]);
  });

  it('a controller opens Östersund’s 2024 compilation and sees where the council’s assessment disagrees with the figures', async () => {
    const { page, problems } = await site.newPage({ as: '2380' });
    const docId = await documentId('2380', 'integrationsstrategi-2020');
    const c = await compilation(docId, 2024);
    const goal = c.goals.find((g) => g.key === 'ny-kompetens-arbetsliv')!;
    const narrative = goal.narratives.find((n) => n.unit === 'Kommunfullmäktige')!;
    expect(narrative.disagreement).toBe('narrative_more_positive');

    await page.goto('/m/2380/compilation?year=2024');
    await settle(page);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sammanställning 2024');

    // The summary line, from the computed statuses.
    const onTrack = c.summary.counts.achieved + c.summary.counts.on_track;
    const summary = page.getByRole('list', { name: 'Sammanfattning' });
    expect(norm(await summary.innerText())).toContain(`${onTrack} av ${c.summary.targets} målvärden uppnådda eller i fas`);

    // The matrix: the goal's row has the computed status and the council's own assessment, flagged.
    const matrix = page.getByRole('table', { name: /mål, beräknad status och nämndernas bedömningar 2024/ });
    const headers = await matrix.locator('thead th').allTextContents();
    const col = headers.findIndex((h) => h.startsWith('Kommunfullmäktige'));
    expect(col).toBeGreaterThan(1);
    const row = matrix.getByRole('row', { name: new RegExp(`^${goal.title.slice(0, 40)}`) });
    const cells = row.locator('th, td');
    expect(await cells.nth(1).textContent()).toContain('Inte uppnått');
    const cell = cells.nth(col);
    expect(await cell.textContent()).toContain('Uppfyllt');
    expect(await cell.textContent()).toContain('Avviker: bedömningen är mer positiv än siffrorna');
    // The committee's text opens with the keyboard.
    const summaryButton = cell.locator('summary');
    await summaryButton.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => cell.locator('details').getAttribute('open')).not.toBeNull();
    expect(await cell.locator('details p').isVisible()).toBe(true);
    expect(await cell.locator('details p').textContent()).toBe(narrative.text);
    // …and the disagreement is spelled out below the matrix.
    const list = await page.locator('.disagreement-list').textContent();
    expect(norm(list)).toContain(`Kommunfullmäktige bedömer målet ”${goal.title}” som uppfyllt, men den beräknade statusen är inte uppnått.`);
    expect(await page.locator('.disagreement-list li').count()).toBe(c.goals.flatMap((g) => g.narratives).filter((n) => n.disagreement).length);
    // Both units reported and were approved.
    const approved = page.getByRole('list', { name: `Godkända (${c.units.approved.length})`, exact: true });
    for (const u of c.units.approved) expect(await approved.textContent()).toContain(u.name);
    // Newcomers in work or studies stopped at 2021: flagged as out of date.
    const stale = c.indicators.find((i) => i.key === 'nyanlanda-arbete-eller-studier')!;
    expect(stale.stale.stale).toBe(true);
    const staleRow = page.getByRole('table', { name: /Indikatorernas senaste värden/ }).getByRole('row').filter({ has: page.getByRole('link', { name: stale.name }) });
    expect(norm(await staleRow.textContent())).toContain(`Inaktuell: nytt värde väntades senast ${stale.stale.expectedBy}`);
    await checkPage(page, 'compilation-ostersund-2024');

    // At 390 px the matrix is a list per goal, and the page does not scroll sideways.
    await page.setViewportSize(VIEWPORTS.mobile);
    const mobileList = page.getByRole('list', { name: `Bedömningar av ${goal.title}` });
    await expect.poll(() => mobileList.isVisible()).toBe(true);
    expect(await mobileList.textContent()).toContain('Avviker');
    expect(await matrix.isVisible()).toBe(false);
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(VIEWPORTS.mobile.width);
    await page.setViewportSize(VIEWPORTS.desktop);

    // A target leads to its indicator's page.
    const target = c.targets.find((t) => t.indicator === 'andel-utrikes-fodda')!;
    const indicatorName = c.indicators.find((i) => i.key === 'andel-utrikes-fodda')!.name;
    await page.getByRole('table', { name: 'Målvärdenas beräknade status 2024' }).getByRole('link', { name: indicatorName }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(indicatorName);
    expect(page.url()).toContain('year=2024');
    await settle(page);
    expect(await page.getByRole('list', { name: `Målvärden för ${indicatorName}` }).textContent()).toContain(target.statement);
    expect(problems()).toEqual([]);
  });

  it('a controller sees which of Tyresö’s units have not reported, which wait for approval and which are approved', async () => {
    const { page, problems } = await site.newPage({ as: '0138' });
    const docId = await documentId('0138', 'integrationsstrategi');
    const c = await compilation(docId, 2025);
    await page.goto(`/m/0138/documents/${docId}/compilation?year=2025`);
    await settle(page);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sammanställning 2025');

    for (const [kind, label] of [
      ['notSubmitted', 'Har inte lämnat in'],
      ['notApproved', 'Inlämnade, inte godkända'],
      ['approved', 'Godkända'],
    ] as const) {
      const units = c.units[kind];
      expect(units.length, kind).toBeGreaterThan(0);
      const list = page.getByRole('list', { name: `${label} (${units.length})`, exact: true });
      const items = await list.getByRole('listitem').allTextContents();
      expect(items.map((t) => units.find((u) => t.startsWith(u.name))?.name)).toEqual(units.map((u) => u.name));
    }
    // Servicecenter has no report of its own: it is counted through Kommunstyrelsen's.
    const servicecenter = c.units.notSubmitted.find((u) => u.name === 'Servicecenter')!;
    expect(servicecenter.via).toBe('Kommunstyrelsen');
    const item = page.getByRole('listitem').filter({ hasText: 'Servicecenter' });
    expect(norm(await item.textContent())).toContain('Ingen egen rapport; räknas via rapporten från Kommunstyrelsen.');
    // The strategy has areas and indicators but no goals: the page says what to do.
    await expect.poll(() => page.getByText('Dokumentet har inga mål att sammanställa.').count()).toBe(1);
    expect(norm(await page.getByRole('list', { name: 'Sammanfattning' }).textContent())).toContain(`${c.units.approved.length} av ${c.units.approved.length + c.units.notApproved.length + c.units.notSubmitted.length}`);
    // Tyresö follows indicators without targets: their gaps and whether they are up to date, in words.
    const employment = c.indicators.find((i) => i.key === 'utrikes-fodda-i-sysselsattning')!;
    expect(employment.genderGap).toMatchObject({ overall: 'narrower', flagged: true });
    const indicators = page.getByRole('table', { name: /Indikatorernas senaste värden/ });
    const employmentRow = indicators.getByRole('row').filter({ has: page.getByRole('link', { name: employment.name }) });
    expect(norm(await employmentRow.textContent())).toMatch(/har minskat.*Stor skillnad.*Aktuell/);
    expect(await indicators.locator('tbody tr').count()).toBe(c.indicators.length);
    await checkPage(page, 'compilation-tyreso-units');
    expect(problems()).toEqual([]);
  });
});
