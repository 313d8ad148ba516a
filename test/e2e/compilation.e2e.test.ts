import { headlineBand } from '../../src/shared/compilation.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Compilation } from '../../src/shared/api/views.ts';
import { checkPage, settle, startSite, VIEWPORTS, type Site } from './support/site.ts';
import { intlFor, sentenceText } from './support/words.ts';

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

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const statusSv: Record<string, string> = {
  achieved: 'Uppnått',
  on_track: 'I fas',
  off_track_moderate: 'Behöver öka takten',
  off_track_significant: 'Långt ifrån',
  deteriorating: 'Går åt fel håll',
  not_achieved: 'Inte uppnått',
  not_assessable: 'Kan inte bedömas',
};
const svPercent = (v: number) => new Intl.NumberFormat('sv-SE', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v / 100);

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
    // …and the overall status with its rule in words: the sentence the API gives, worded here from its message and numbers.
    const summaryWords = sentenceText(c.summary.sentence);
    expect(summaryWords).toBe(c.summary.explanationText);
    expect(summaryWords).toContain(`${c.summary.assessable} bedömda målvärden`);
    const summaryLine = norm(await page.locator('.summary-sentence').textContent());
    expect(summaryLine).toContain(`Sammantaget: ${statusSv[c.summary.overall.status]}`);
    expect(summaryLine).toContain(norm(summaryWords));

    // How statuses are judged, behind a disclosure that opens with the keyboard.
    const method = page.locator('details.method-note');
    await method.locator('summary').focus();
    expect(await method.locator('summary').textContent()).toBe('Hur bedöms målen?');
    await page.keyboard.press('Enter');
    await expect.poll(() => method.getAttribute('open')).not.toBeNull();
    const note = intlFor('sv').formatMessage({ id: 'attainment.methodNote' });
    expect(norm(await method.innerText())).toContain(norm(note.split('\n\n')[0]));
    expect(norm(await method.innerText())).toContain('Inte uppnått: målåret har kommit och målvärdet nåddes inte');

    // The matrix: the goal's row has the computed status and the council's own assessment, flagged.
    const matrix = page.getByRole('table', { name: /mål, beräknad status och nämndernas bedömningar 2024/ });
    const headers = await matrix.locator('thead th').allTextContents();
    const col = headers.findIndex((h) => h.startsWith('Kommunfullmäktige'));
    expect(col).toBeGreaterThan(1);
    const row = matrix.getByRole('row', { name: new RegExp(`^${goal.title.slice(0, 40)}`) });
    const cells = row.locator('th, td');
    expect(await cells.nth(1).textContent()).toContain('Inte uppnått');
    // The computed status says why: the roll-up's rule with its counts.
    expect(norm(await cells.nth(1).textContent())).toContain(norm(sentenceText(goal.rollUp.sentence)));
    // So does every area's roll-up, in the area's row.
    for (const a of c.areas.filter((x) => x.rollUp.total > 0)) {
      const areaRow = matrix.locator('tr.matrix-area', { hasText: a.name });
      expect(norm(await areaRow.textContent()), a.key).toContain(norm(sentenceText(a.rollUp.sentence)));
    }
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
    expect(norm(list)).toContain(norm(sentenceText(goal.rollUp.sentence)));
    expect(await page.locator('.disagreement-list li').count()).toBe(c.goals.flatMap((g) => g.narratives).filter((n) => n.disagreement).length);
    // Both units reported and were approved.
    const approved = page.getByRole('list', { name: `Godkända (${c.units.approved.length})`, exact: true });
    for (const u of c.units.approved) expect(await approved.textContent()).toContain(u.name);
    // Newcomers in work or studies stopped at 2021: flagged as out of date.
    const stale = c.indicators.find((i) => i.key === 'nyanlanda-arbete-eller-studier')!;
    expect(stale.stale.stale).toBe(true);
    const staleRow = page.getByRole('table', { name: /Indikatorernas senaste värden/ }).getByRole('row').filter({ has: page.getByRole('link', { name: stale.name }) });
    expect(norm(await staleRow.textContent())).toContain(`Inaktuell: nytt värde väntades senast ${stale.stale.expectedBy}`);
    // Every target's status with the sentence that decided it, the value and year it rests on named in it.
    const targetRows = await page.getByRole('table', { name: 'Målvärdenas beräknade status 2024' }).locator('tbody tr').allTextContents();
    expect(targetRows.length).toBe(c.targets.length);
    for (const [i, t] of c.targets.entries()) {
      const words = sentenceText(t.sentence);
      expect(norm(targetRows[i]), t.key).toContain(norm(t.statement));
      expect(norm(targetRows[i]), t.key).toContain(norm(words));
      expect(norm(targetRows[i]), t.key).toContain(statusSv[t.status]);
      if (t.reason === 'target_year_passed' && t.explanation.verdict) expect(words, t.key).toContain(String(t.explanation.verdict.year));
    }
    const passed = c.targets.find((t) => t.reason === 'target_year_passed' && t.explanation.verdict && t.unitOfMeasure === 'percent')!;
    expect(norm(sentenceText(passed.sentence))).toContain(norm(`${passed.explanation.verdict!.year} var andelen ${svPercent(passed.explanation.verdict!.value)}`));
    await checkPage(page, 'compilation-ostersund-2024');

    // At 390 px the matrix is a list per goal, and the page does not scroll sideways.
    await page.setViewportSize(VIEWPORTS.mobile);
    const mobileList = page.getByRole('list', { name: `Bedömningar av ${goal.title}` });
    await expect.poll(() => mobileList.isVisible()).toBe(true);
    expect(await mobileList.textContent()).toContain('Avviker');
    expect(await matrix.isVisible()).toBe(false);
    expect(norm(await mobileList.locator('xpath=..').textContent())).toContain(norm(sentenceText(goal.rollUp.sentence)));
    // The targets are a list, a target at a time: the status and its sentence without scrolling sideways.
    const targetList = page.getByRole('list', { name: 'Målvärdenas beräknade status 2024' });
    await expect.poll(() => targetList.isVisible()).toBe(true);
    expect(await page.getByRole('table', { name: 'Målvärdenas beräknade status 2024' }).isVisible()).toBe(false);
    const firstItem = norm(await targetList.getByRole('listitem').first().textContent());
    expect(firstItem).toContain(norm(sentenceText(c.targets[0]!.sentence)));
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
    expect(headlineBand(employment).genderGap).toMatchObject({ overall: 'narrower', flagged: true });
    const indicators = page.getByRole('table', { name: /Indikatorernas senaste värden/ });
    const employmentRow = indicators.getByRole('row').filter({ has: page.getByRole('link', { name: employment.name }) });
    expect(norm(await employmentRow.textContent())).toMatch(/har minskat.*Stor skillnad.*Aktuell/);
    expect(await indicators.locator('tbody tr').count()).toBe(c.indicators.length);
    await checkPage(page, 'compilation-tyreso-units');
    expect(problems()).toEqual([]);
  });
});
