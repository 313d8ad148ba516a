import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, SCREENSHOT_DIR, settle, startSite, VIEWPORTS, type Site } from './support/site.ts';

/**
 * Journey 2, the steering-document editor (/m/:code/documents/:id): revising an adopted strategy,
 * adding a goal and a target, a validation error at its field, adoption; moving goals and
 * reordering activities with the keyboard; a version conflict with a colleague.
 */

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site?.close());

interface Doc {
  id: string;
  key: string;
  version: number;
  status: string;
  lockVersion: number;
  subtitle: string | null;
  owner: string | null;
  title: string;
  adoptedBy: { body: string; paragraph: string | null } | null;
  decisionDate: string | null;
}
interface Item {
  id: string;
  key: string;
  lockVersion: number;
  position: number;
  [k: string]: unknown;
}

async function get<T>(url: string): Promise<T> {
  const res = await site.app.inject({ method: 'GET', url });
  expect(res.statusCode, url).toBe(200);
  return res.json() as T;
}

async function series(code: string, key: string): Promise<Doc[]> {
  const page = await get<{ items: Doc[] }>(`/api/v1/municipalities/${code}/documents?key=${key}`);
  return page.items.sort((a, b) => a.version - b.version);
}

/** A new draft of a municipality's adopted document, through the API (the demo data has only adopted ones). */
async function draftOf(code: string, key: string): Promise<Doc> {
  const [adopted] = (await series(code, key)).filter((d) => d.status === 'adopted');
  const res = await site.app.inject({ method: 'POST', url: `/api/v1/documents/${adopted!.id}/revise`, payload: { lockVersion: adopted!.lockVersion } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Doc;
}

async function items(docId: string, kind: string): Promise<Item[]> {
  return (await get<{ items: Item[] }>(`/api/v1/documents/${docId}/${kind}?limit=500`)).items;
}

/** Waits until the editor's live region says it saved (and, if given, what). */
async function saved(page: Page, what?: string): Promise<void> {
  await expect.poll(() => page.locator('.save-status').textContent(), { timeout: 15_000 }).toMatch(/^(Sparat|Saved)/);
  if (what) await expect.poll(() => page.locator('.save-status').textContent(), { timeout: 15_000 }).toContain(what);
  await settle(page);
}

/** What the drag and drop's live regions say now. */
const dragSays = (page: Page) => page.evaluate(() => [...document.querySelectorAll('[id^="DndLiveRegion"]')].map((e) => e.textContent ?? '').join(' '));

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * checkPage for a modal dialog: a modal makes the header's language buttons inert, so the dialog
 * is opened once per language by `open` (and closed with Escape), then checked with axe in
 * Swedish and English and photographed at both sizes (the viewport), named as checkPage names its files.
 */
async function checkDialog(page: Page, name: string, open: () => Promise<void>): Promise<void> {
  for (const locale of ['sv', 'en'] as const) {
    if ((await page.evaluate(() => document.documentElement.lang)) !== locale) await switchLanguage(page, locale);
    await open();
    await settle(page);
    const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    const violations = result.violations.map((v) => `${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n')}`);
    expect(violations, `axe on ${name} in ${locale}`).toEqual([]);
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      // The viewport, where the modal is: a full-page picture would show the page behind it.
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.${locale}.${size}.png`) });
    }
    await page.setViewportSize(VIEWPORTS.desktop);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
  }
  await switchLanguage(page, 'sv');
}

/**
 * setLanguage with an exact name: site.ts's setLanguage matches any button whose name contains
 * "Svenska", and Tierp's goals speak of "svenska språket".
 */
async function switchLanguage(page: Page, locale: 'sv' | 'en'): Promise<void> {
  await page.getByRole('button', { name: locale === 'sv' ? 'Svenska' : 'English', exact: true }).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(locale);
}

describe('the steering-document editor', () => {
  it("a strategist revises Östersund's strategy, adds a goal with a target, fixes a validation error and adopts the new version", async () => {
    const { page, problems, expectProblem } = await site.newPage({ as: '2380' });
    const [v1] = await series('2380', 'integrationsstrategi-2020');
    expect(v1!.status).toBe('adopted');

    // The adopted version opens read-only, with the revise action.
    await page.goto(`/m/2380/documents/${v1!.id}`);
    await settle(page);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Integrationsstrategi 2020');
    await expect.poll(() => page.getByText('Den här versionen är antagen och kan inte ändras.').count()).toBe(1);
    expect(await page.getByRole('button', { name: /^Redigera/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Lägg till/ }).count()).toBe(0);
    expect(await page.getByRole('heading', { level: 4, name: /Fler nya Östersundare/ }).count()).toBe(1);
    await checkPage(page, 'editor-read-only');

    // Revise: a new draft, version 2, opens in its place.
    await page.getByRole('button', { name: 'Revidera' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revidera dokumentet?' });
    await expect.poll(() => dialog.textContent()).toContain('version 2');
    await dialog.getByRole('button', { name: 'Skapa ny version' }).click();
    await expect.poll(() => page.url()).not.toContain(v1!.id);
    await settle(page);
    const draftId = page.url().split('/documents/')[1]!;
    await expect.poll(() => page.locator('.page-title .chip').textContent()).toBe('Utkast');
    await expect.poll(() => page.getByLabel(/^Titel/).inputValue()).toBe('Integrationsstrategi 2020');
    await checkPage(page, 'editor-draft');

    // A new long-term goal in the area of social cohesion.
    const area = page.getByRole('region', { name: 'Område social sammanhållning' });
    await area.getByRole('button', { name: 'Lägg till i området Område social sammanhållning', exact: true }).click();
    await area.getByRole('button', { name: 'Lägg till Långsiktigt mål', exact: true }).click();
    const goalTitle = 'Fler nyanlända deltar i föreningslivet';
    await area.getByLabel(/^Målformulering/).fill(goalTitle);
    await area.getByRole('button', { name: 'Lägg till', exact: true }).click();
    await saved(page);
    const goal = page.getByRole('article', { name: goalTitle });
    await expect.poll(() => goal.count()).toBe(1);
    // Focus is on the new goal's heading.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(goalTitle);

    // A target without its value: the server's message at the field, focus there, the text kept.
    expectProblem(400, new RegExp(`/api/v1/documents/${draftId}/targets$`));
    await goal.getByRole('button', { name: `Lägg till under målet ${goalTitle}`, exact: true }).click();
    await goal.getByRole('button', { name: 'Lägg till målvärde' }).click();
    const statement = 'Minst 40 procent av de nyanlända är med i en förening år 2025.';
    await goal.getByLabel(/^Målvärdet som det står i dokumentet/).fill(statement);
    await goal.getByLabel(/^Målår/).fill('2025');
    await goal.getByRole('button', { name: 'Lägg till', exact: true }).click();
    const valueField = goal.getByLabel(/^Målvärde$/);
    await expect.poll(() => valueField.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => goal.locator('.field-error').textContent()).toBe('Jämförelsen behöver ett målvärde.');
    await expect.poll(() => valueField.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await goal.getByLabel(/^Målvärdet som det står i dokumentet/).inputValue()).toBe(statement);
    await checkPage(page, 'editor-validation-error');

    await valueField.fill('40');
    await goal.getByRole('button', { name: 'Lägg till', exact: true }).click();
    await saved(page);
    await expect.poll(() => goal.getByText(statement).count()).toBe(1);
    await expect.poll(() => goal.locator('.item-meta').first().textContent()).toContain('Minst 40 · år 2025');

    // The history of changes lists what was just done, newest first, with who did it.
    const history = page.getByRole('table', { name: 'Ändringar i dokumentet, den senaste först' });
    await expect.poll(() => history.getByRole('row').filter({ hasText: `Målvärde: ${statement}` }).count()).toBe(1);
    const newest = history.getByRole('row').filter({ hasText: `Målvärde: ${statement}` });
    // Signed in: the change is the demo administrator's, by name.
    expect(await newest.textContent()).toMatch(/Administratör, Östersund \(demo\).*Lades till/);
    expect(await history.getByRole('row').filter({ hasText: `Mål: ${goalTitle}` }).filter({ hasText: 'Lades till' }).count()).toBe(1);
    await checkPage(page, 'editor-history');

    // Adopt with the council's decision.
    await page.getByRole('button', { name: 'Anta …' }).click();
    const adopt = page.getByRole('dialog', { name: 'Anta dokumentet' });
    await adopt.getByLabel(/^Antaget av/).fill('Kommunfullmäktige');
    await adopt.getByLabel(/^Paragraf/).fill('§ 45');
    await adopt.getByLabel(/^Beslutsdatum/).fill('2026-03-23');
    await adopt.getByRole('button', { name: 'Anta dokumentet' }).click();
    await saved(page);
    await expect.poll(() => page.locator('.page-title .chip').textContent()).toBe('Antagen');
    await expect.poll(() => page.getByRole('button', { name: /^Redigera/ }).count()).toBe(0);

    // Through the API: version 2 adopted with the goal and its target; version 1 superseded.
    const after = await series('2380', 'integrationsstrategi-2020');
    expect(after.map((d) => [d.version, d.status])).toEqual([
      [1, 'superseded'],
      [2, 'adopted'],
    ]);
    expect(after[1]).toMatchObject({ id: draftId, adoptedBy: { body: 'Kommunfullmäktige', paragraph: '§ 45' }, decisionDate: '2026-03-23' });
    const goals = await items(draftId, 'goals');
    const added = goals.find((g) => g.title === goalTitle)!;
    expect(added).toMatchObject({ area: 'social-sammanhallning', parent: null, level: 1 });
    const targets = await items(draftId, 'targets');
    expect(targets.find((t) => t.goal === added.key)).toMatchObject({ statement, comparator: 'at_least', value: 40, targetYear: 2025 });
    // The adopted version 1 is as it was.
    expect((await items(v1!.id, 'goals')).some((g) => g.title === goalTitle)).toBe(false);
    expect(problems()).toEqual([]);
  }, 900_000);

  it('a strategist gives an indicator a headline series and a gap threshold, and a target’s series the indicator does not have is refused at its field', async () => {
    const { page, problems, expectProblem } = await site.newPage({ as: '2380' });
    const draft = await draftOf('2380', 'integrationsstrategi-2020');
    await page.goto(`/m/2380/documents/${draft.id}`);
    await settle(page);
    await expect.poll(() => page.locator('.page-title .chip').textContent()).toBe('Utkast');
    const indicator = (await items(draft.id, 'indicators')).find((i) => i.key === 'skyddsbehovande-forvarvsarbetar')!;
    const target = (await items(draft.id, 'targets')).find((t) => t.indicator === indicator.key)!;
    const other = (await items(draft.id, 'indicators')).find((i) => i.key === 'anstallda-utomnordiskt-fodda')!;
    const optionsOf = async (select: ReturnType<Page['locator']>) => (await select.locator('option').allTextContents()).map((t) => t.trim());

    // The indicator: split by sex, a second age group, women 16–64 as its headline, and its own threshold for a large gap.
    await page.locator(`[data-focus="edit-${indicator.id}"]`).click();
    const indForm = page.locator('form.edit-form').filter({ has: page.locator(`#edit-${indicator.id}-name`) });
    const headlineSex = indForm.getByLabel(/^Huvudserie: kön/);
    const headlineBand = indForm.getByLabel(/^Huvudserie: åldersgrupp/);
    // The headline's choices are what the indicator declares, as ticked and typed in the same form.
    expect(await optionsOf(headlineSex)).toEqual(['Standard (totalt)', 'Totalt']);
    expect(await optionsOf(headlineBand)).toEqual(['Standard (första åldersgruppen)', '20-64']);
    await indForm.getByLabel('Kvinnor', { exact: true }).check();
    await indForm.getByLabel('Män', { exact: true }).check();
    await indForm.getByLabel(/^Åldersgrupper/).fill('20-64, 16–64');
    expect(await optionsOf(headlineSex)).toEqual(['Standard (totalt)', 'Totalt', 'Kvinnor', 'Män']);
    expect(await optionsOf(headlineBand)).toEqual(['Standard (första åldersgruppen)', '20-64', '16-64']);
    await headlineSex.selectOption({ label: 'Kvinnor' });
    await headlineBand.selectOption('16-64');
    await indForm.getByLabel(/^Gräns för stor skillnad kvinnor–män/).fill('2,5');
    await checkPage(page, 'editor-indicator-headline');
    await indForm.getByRole('button', { name: 'Spara', exact: true }).click();
    await saved(page);
    expect((await items(draft.id, 'indicators')).find((i) => i.id === indicator.id)).toMatchObject({
      unitOfMeasure: 'percent',
      sexes: ['total', 'women', 'men'],
      ageBands: ['20-64', '16-64'],
      headline: { sex: 'women', ageBand: '16-64' },
      gapThreshold: 2.5,
    });

    // The target offers only what its indicator declares, and its unit is the indicator's unless it says otherwise.
    await page.locator(`[data-focus="edit-${target.id}"]`).click();
    const targetForm = page.locator('form.edit-form').filter({ has: page.locator(`#edit-${target.id}-statement`) });
    const sex = targetForm.getByLabel(/^Kön/);
    const band = targetForm.getByLabel(/^Åldersgrupp/);
    expect(await optionsOf(sex)).toEqual(['Som indikatorns huvudserie', 'Totalt', 'Kvinnor', 'Män']);
    expect(await optionsOf(band)).toEqual(['Som indikatorns huvudserie', '20-64', '16-64']);
    expect(await optionsOf(targetForm.getByLabel(/^Målvärdets enhet/))).toEqual(['Samma som indikatorn', 'Procent']);
    expect(await targetForm.getByLabel(/^Målvärdets enhet/).inputValue()).toBe('');
    await sex.selectOption({ label: 'Män' });
    await band.selectOption('20-64');
    await targetForm.getByRole('button', { name: 'Spara', exact: true }).click();
    await saved(page);
    expect((await items(draft.id, 'targets')).find((t) => t.id === target.id)).toMatchObject({ sex: 'men', ageBand: '20-64', unitOfMeasure: null });

    // Moved to an indicator reported only as a total and for all ages, the target's men 20–64 is refused, each at its field.
    await page.locator(`[data-focus="edit-${target.id}"]`).click();
    expectProblem(400, new RegExp(`/api/v1/targets/${target.id}$`));
    await targetForm.getByLabel(/^Mäts med indikatorn/).selectOption(other.key);
    // The choices follow the new indicator; what was chosen stays visible until it is changed.
    expect(await optionsOf(sex)).toEqual(['Som indikatorns huvudserie', 'Totalt', 'Män']);
    await targetForm.getByRole('button', { name: 'Spara', exact: true }).click();
    await expect.poll(() => sex.getAttribute('aria-invalid')).toBe('true');
    expect(await band.getAttribute('aria-invalid')).toBe('true');
    expect(await targetForm.locator(`#edit-${target.id}-sex-error`).textContent()).toBe('Indikatorn redovisas inte för män. Välj ett av de kön den redovisas för, eller huvudserien.');
    expect(await targetForm.locator(`#edit-${target.id}-ageBand-error`).textContent()).toBe(
      'Indikatorn har inga åldersgrupper, så målvärdet kan inte gälla åldersgruppen 20-64. Välj huvudserien.',
    );
    await expect.poll(() => sex.evaluate((el) => el === document.activeElement)).toBe(true);
    await checkPage(page, 'editor-target-series-refused');
    // With the indicator's headline it saves.
    await sex.selectOption('');
    await band.selectOption('');
    await targetForm.getByRole('button', { name: 'Spara', exact: true }).click();
    await saved(page);
    expect((await items(draft.id, 'targets')).find((t) => t.id === target.id)).toMatchObject({ indicator: other.key, sex: null, ageBand: null });
    expect(problems()).toEqual([]);
  }, 900_000);

  it('a strategist moves a goal to another area and reorders activities with the keyboard and the mouse', async () => {
    const { page, problems } = await site.newPage({ as: '0360' });
    const draft = await draftOf('0360', 'handlingsplan-for-integration');
    await page.goto(`/m/0360/documents/${draft.id}`);
    await settle(page);
    await expect.poll(() => page.locator('.page-title .chip').textContent()).toBe('Utkast');

    // Move "Medverka till att det finns platser att mötas på …" (with its activity) from Mötesplatser to Samverkan.
    const goalKey = 'motesplatser-2';
    const goalBefore = (await items(draft.id, 'goals')).find((g) => g.key === goalKey)!;
    const title = String(goalBefore.title);
    const goal = page.getByRole('article', { name: title });
    // "Move to …" sits in the goal's "Move or delete" menu.
    const openMove = async () => {
      const moveTo = goal.getByRole('button', { name: /^(Flytta till|Move to)/ }).first();
      if (!(await moveTo.isVisible())) await goal.getByRole('button', { name: /^(Flytta eller ta bort|Move or delete)/ }).first().click();
      await moveTo.click();
      await expect.poll(() => page.getByRole('dialog', { name: /^(Flytta målet|Move the goal)$/ }).count()).toBe(1);
    };
    await checkDialog(page, 'editor-move-dialog', openMove);
    await openMove();
    const move = page.getByRole('dialog', { name: 'Flytta målet' });
    await move.getByLabel('Flytta till').selectOption('area:samverkan');
    await move.getByRole('button', { name: 'Flytta', exact: true }).click();
    await saved(page);
    await expect.poll(() => page.locator('.save-status').textContent()).toContain('flyttades till Samverkan');
    const samverkan = page.getByRole('region', { name: 'Samverkan' });
    await expect.poll(() => samverkan.getByRole('article', { name: title }).count()).toBe(1);
    const goalsAfter = await items(draft.id, 'goals');
    expect(goalsAfter.find((g) => g.key === goalKey)).toMatchObject({ area: 'samverkan', parent: null });
    // Its activity followed it into the new area.
    const acts = await items(draft.id, 'activities');
    expect(acts.filter((a) => a.goal === goalKey).map((a) => a.area)).toEqual(['samverkan']);
    // It is the last goal of Samverkan, in the tree and in the document's order.
    const samverkanGoals = goalsAfter.filter((g) => g.area === 'samverkan').sort((a, b) => a.position - b.position).map((g) => g.key);
    expect(samverkanGoals.at(-1)).toBe(goalKey);

    // Reorder the activities of the first goal of Arbete with the keyboard: pick up, arrow down, drop.
    const arbeteGoal = (await items(draft.id, 'goals')).find((g) => g.key === 'arbete-1')!;
    const order = async () => (await items(draft.id, 'activities')).filter((a) => a.goal === 'arbete-1').sort((a, b) => a.position - b.position).map((a) => a.key);
    const before = await order();
    expect(before.length).toBe(5);
    const first = (await items(draft.id, 'activities')).find((a) => a.key === before[0])!;
    const arbete = page.getByRole('article', { name: String(arbeteGoal.title) });
    const handle = arbete.getByRole('button', { name: `Dra för att flytta: ${String(first.description).slice(0, 40)}`, exact: false }).first();
    await handle.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => dragSays(page)).toContain('tagit upp');
    // The first arrow can come before the list has been measured for the drag (it then moves nothing): press until it moves.
    for (let tries = 0; tries < 3 && !(await dragSays(page)).includes('är över plats 2 av 5'); tries++) {
      await page.keyboard.press('ArrowDown');
      await page.waitForFunction(
        () => [...document.querySelectorAll('[id^="DndLiveRegion"]')].some((e) => e.textContent?.includes('är över plats 2 av 5')),
        undefined,
        { timeout: 3_000 },
      ).catch(() => undefined);
    }
    expect(await dragSays(page)).toContain('är över plats 2 av 5');
    await page.keyboard.press('Space');
    await expect.poll(() => dragSays(page)).toContain('släpptes på plats 2 av 5');
    await saved(page, 'ligger nu på plats 2 av 5');
    await expect.poll(order).toEqual([before[1], before[0], ...before.slice(2)]);

    // The same with the row's own buttons: open its "Move or delete" menu, "Move down" with Enter; focus stays on it.
    const second = (await items(draft.id, 'activities')).find((a) => a.key === before[1])!;
    const start = String(second.description).slice(0, 30);
    await arbete.getByRole('button', { name: `Flytta eller ta bort ${start}`, exact: false }).focus();
    await page.keyboard.press('Enter');
    const down = arbete.getByRole('button', { name: `Flytta ned ${start}`, exact: false });
    await down.focus();
    await page.keyboard.press('Enter');
    await saved(page, `${start}`);
    await expect.poll(order).toEqual([before[0], before[1], ...before.slice(2)]);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-focus'))).toBe(`down-${second.id}`);
    // Screen-reader users hear where it went.
    await expect.poll(() => page.locator('.save-status').textContent()).toContain('ligger nu på plats 2 av 5');

    // And with the mouse: the last activity dragged by its handle to the top.
    const handles = page.getByRole('list', { name: /^Aktiviteter – Ge varje individ/ }).getByRole('button', { name: /^Dra för att flytta/ });
    await handles.nth(4).scrollIntoViewIfNeeded();
    const from = (await handles.nth(4).boundingBox())!;
    const to = (await handles.nth(0).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 - 10, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2 - 5, { steps: 20 });
    await page.mouse.up();
    await saved(page, 'ligger nu på plats 1 av 5');
    await expect.poll(order).toEqual([before[4], ...before.slice(0, 4)]);
    expect(problems()).toEqual([]);
  }, 900_000);

  it('a strategist whose colleague saved first sees both versions and keeps what she typed', async () => {
    const { page, problems, expectProblem } = await site.newPage({ as: '0360' });
    const draft = await draftOf('0360', 'strategi-for-integration');
    await page.goto(`/m/0360/documents/${draft.id}`);
    await settle(page);
    const subtitle = page.getByLabel(/^Undertitel/);
    await expect.poll(() => page.getByLabel(/^Titel/).inputValue()).toBe('Strategi för integration');
    expect(await subtitle.inputValue()).toBe('');

    // She types a new subtitle …
    const mine = 'Strategi för integration 2027 – förslag till remiss';
    await subtitle.fill(mine);
    // … while a colleague saves the document with another subtitle and a new owner.
    const colleague = await site.app.inject({
      method: 'PATCH',
      url: `/api/v1/documents/${draft.id}`,
      payload: { subtitle: 'Strategi för integration 2027', owner: 'Kommunchef', lockVersion: draft.lockVersion },
    });
    expect(colleague.statusCode).toBe(200);

    expectProblem(409, new RegExp(`/api/v1/documents/${draft.id}$`));
    const conflict = page.getByRole('dialog', { name: 'Någon annan har sparat under tiden' });
    const openConflict = async () => {
      await page.getByRole('button', { name: /^(Spara uppgifterna|Save the details)$/ }).click();
      await expect.poll(() => conflict.or(page.getByRole('dialog', { name: 'Someone else saved in the meantime' })).count()).toBe(1);
    };
    await openConflict();
    // Both versions side by side, the differing fields marked; her change and the colleague's other change chosen.
    await expect.poll(() => conflict.getByRole('group').filter({ hasText: 'Skiljer sig' }).count()).toBe(2);
    const subtitleGroup = conflict.getByRole('group', { name: /^Undertitel/ });
    expect(await subtitleGroup.textContent()).toContain('Strategi för integration 2027');
    expect(await subtitleGroup.textContent()).toContain(mine);
    expect(await subtitleGroup.getByRole('radio', { name: /^Det du skrev/ }).isChecked()).toBe(true);
    expect(await conflict.getByRole('group', { name: /^Dokumentansvarig/ }).getByRole('radio', { name: /^Sparat nu/ }).isChecked()).toBe(true);
    // The fields that are the same are there too, folded.
    expect(await conflict.getByText('fält är lika i båda versionerna').count()).toBe(1);
    await page.keyboard.press('Escape');
    // What she typed is still in the form after closing the dialog.
    expect(await subtitle.inputValue()).toBe(mine);
    await checkDialog(page, 'editor-conflict', openConflict);

    await openConflict();
    await conflict.getByRole('button', { name: 'Spara de valda värdena' }).click();
    await saved(page);
    await expect.poll(() => page.getByLabel(/^Dokumentansvarig/).inputValue()).toBe('Kommunchef');
    expect(await subtitle.inputValue()).toBe(mine);

    // Through the API: her subtitle and the colleague's owner, on the version after the colleague's.
    const stored = await get<Doc>(`/api/v1/documents/${draft.id}`);
    expect(stored).toMatchObject({ subtitle: mine, owner: 'Kommunchef', lockVersion: draft.lockVersion + 2 });
    expect(problems()).toEqual([]);
  }, 900_000);

  it('a strategist sends a draft on consultation, takes it back, renames an area a colleague just described, and deletes a term', async () => {
    const { page, problems, expectProblem } = await site.newPage({ as: '0481', locale: 'en' });
    const draft = await draftOf('0481', 'integrationsplan');
    await page.goto(`/m/0481/documents/${draft.id}`);
    await settle(page);
    await page.getByRole('button', { name: 'Send out for consultation' }).click();
    await page.getByRole('dialog', { name: 'Send out for consultation?' }).getByRole('button', { name: 'Send out for consultation' }).click();
    await saved(page);
    await expect.poll(() => page.locator('.page-title .chip').textContent()).not.toBe('Draft');
    expect((await get<Doc>(`/api/v1/documents/${draft.id}`)).status).toBe('consultation');
    expect(await page.getByRole('button', { name: /^Edit/ }).count()).toBe(0);

    await page.getByRole('button', { name: 'Take back to draft' }).click();
    await page.getByRole('dialog', { name: 'Take back to draft?' }).getByRole('button', { name: 'Take back to draft' }).click();
    await saved(page);
    expect((await get<Doc>(`/api/v1/documents/${draft.id}`)).status).toBe('draft');

    // Rename an area, then delete a definition after confirming.
    const [firstArea] = (await items(draft.id, 'areas')).sort((a, b) => a.position - b.position);
    const region = page.getByRole('region', { name: String(firstArea!.name) });
    await region.getByRole('button', { name: `Edit ${String(firstArea!.name)}` }).first().click();
    await region.getByLabel(/^Name of the area/).fill('Arbete och egen försörjning');
    // A colleague describes the same area meanwhile: her name and the colleague's description are both kept.
    const colleague = await site.app.inject({ method: 'PATCH', url: `/api/v1/areas/${firstArea!.id}`, payload: { description: 'Beskrivning från en kollega.', lockVersion: firstArea!.lockVersion } });
    expect(colleague.statusCode).toBe(200);
    expectProblem(409, new RegExp(`/api/v1/areas/${firstArea!.id}$`));
    await region.getByRole('button', { name: 'Save', exact: true }).click();
    const conflict = page.getByRole('dialog', { name: 'Someone else saved in the meantime' });
    await expect.poll(() => conflict.getByRole('group').count()).toBe(2);
    await conflict.getByRole('button', { name: 'Save the chosen values' }).click();
    await saved(page);
    expect((await items(draft.id, 'areas')).find((a) => a.id === firstArea!.id)).toMatchObject({ name: 'Arbete och egen försörjning', description: 'Beskrivning från en kollega.' });

    const sections = await items(draft.id, 'sections');
    const defs = await items(draft.id, 'definitions');
    const [victim, kind] = defs.length > 0 ? [defs[0]!, 'definitions'] : [sections[0]!, 'sections'];
    const heading = kind === 'definitions' ? 'Terms and definitions' : 'Sections';
    const list = page.getByRole('region', { name: heading });
    await list.getByRole('button', { name: /^Move or delete/ }).first().click();
    await list.getByRole('button', { name: /^Delete/ }).first().click();
    const confirm = page.getByRole('dialog', { name: /^Delete/ });
    await confirm.getByRole('button', { name: /^Delete/ }).click();
    await saved(page);
    expect((await items(draft.id, kind)).some((x) => x.id === victim.id)).toBe(false);
    expect(problems()).toEqual([]);
  }, 900_000);
});
