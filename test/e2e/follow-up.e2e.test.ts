import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportDto } from '../../src/shared/api/views.ts';
import { checkPage, SCREENSHOT_DIR, setLanguage, settle, startSite, VIEWPORTS, type Site } from './support/site.ts';

/**
 * Journey 4: follow-up entry. The follow-up list (documents, periods, every unit's report), opening
 * a year, a unit's report with its value grid (keyboard, paste from Excel, cell errors, a
 * conflicting save), activities, goal assessments, and the steps submit, return, approve, reopen.
 */

// The browser's globals used in functions that run in the page (this file is compiled without the DOM library).
declare const document: { activeElement: { outerHTML: string; dispatchEvent(e: unknown): boolean } | null };
declare class DataTransfer {
  setData(type: string, data: string): void;
}
declare class ClipboardEvent {
  constructor(type: string, init: { clipboardData: DataTransfer; bubbles: boolean; cancelable: boolean });
}

/** expect.poll with room for a busy machine (its default waits one second). */
const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });
/** Keys at a fast typist's pace (25 ms apart), not all in the same millisecond: on a loaded machine the latter lost a digit now and then. */
const HUMAN = { delay: 25 };

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site?.close());

const J = { 'content-type': 'application/json' };
async function call<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown): Promise<T> {
  const r = await site.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object, headers: J }) });
  if (r.statusCode >= 400) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
  return r.json() as T;
}
const documentOf = async (code: string, key: string) =>
  (await call<{ items: Array<{ id: string; key: string; status: string; lockVersion: number }> }>('GET', `/api/v1/municipalities/${code}/documents?limit=500`)).items.find((d) => d.key === key && d.status === 'adopted')!;
const unitOf = async (code: string, name: string) => (await call<{ items: Array<{ id: string; name: string }> }>('GET', `/api/v1/municipalities/${code}/units?limit=500`)).items.find((u) => u.name === name)!;
const reportOf = (id: string) => call<ReportDto>('GET', `/api/v1/reports/${id}`);

/**
 * Tierp's strategy has goals but no indicators (data/demo/follow-up/README.md: "Tierp's documents have
 * no indicators"). As a strategist would in the editor, give it a revised version, adopted, in which
 * Kommunstyrelsen owns the employment goal, with two indicators and an activity under it.
 */
async function tierpWithIndicators(): Promise<string> {
  const v1 = await documentOf('0360', 'strategi-for-integration');
  const v2 = await call<{ id: string }>('POST', `/api/v1/documents/${v1.id}/revise`, { lockVersion: v1.lockVersion });
  const goals = await call<{ items: Array<{ id: string; key: string; lockVersion: number }> }>('GET', `/api/v1/documents/${v2.id}/goals?limit=500`);
  const goal = goals.items.find((g) => g.key === 'arbete-1')!;
  await call('PATCH', `/api/v1/goals/${goal.id}`, { ownerUnit: 'Kommunstyrelsen', lockVersion: goal.lockVersion });
  await call('POST', `/api/v1/documents/${v2.id}/indicators`, {
    key: 'nyanlanda-i-arbete-eller-studier',
    goal: 'arbete-1',
    name: 'Andel nyanlända i arbete eller studier efter etableringsperioden',
    unitOfMeasure: 'percent',
    sexes: ['total', 'women', 'men'],
    ageBands: ['20-64'],
  });
  await call('POST', `/api/v1/documents/${v2.id}/indicators`, { key: 'praktikplatser-i-kommunen', goal: 'arbete-1', name: 'Antal praktikplatser i kommunens verksamheter', unitOfMeasure: 'count' });
  await call('POST', `/api/v1/documents/${v2.id}/activities`, {
    key: 'arbete-1-praktik',
    goal: 'arbete-1',
    description: 'Erbjuda praktikplatser i kommunens egna verksamheter',
    responsible: [{ unit: 'Kommunstyrelsen', lead: true }],
  });
  const draft = await call<{ lockVersion: number }>('GET', `/api/v1/documents/${v2.id}`);
  await call('POST', `/api/v1/documents/${v2.id}/adopt`, { lockVersion: draft.lockVersion, adoptedBy: { body: 'Kommunfullmäktige', paragraph: '§ 88' }, decisionDate: '2026-10-20', validIndefinitely: true });
  return v2.id;
}

/** Presses Tab (or Shift+Tab) until `target` has the focus: the keyboard's way of getting somewhere. */
async function tabTo(page: Page, target: Locator, { back = false, max = 250 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}
const focused = (page: Page) => page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200) ?? '');
const isFocused = (l: Locator) => l.evaluate((el) => el === document.activeElement);

/** Pastes text into the element that has the focus, as Excel's copy puts it on the clipboard (text/plain). */
async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
}

/**
 * checkPage for a modal dialog: the harness switches the language with the header's buttons, which
 * a modal dialog makes inert, so the dialog is closed, the language switched and the dialog opened
 * again. axe (WCAG 2.1 A and AA) and screenshots at both sizes, in Swedish and English, with the dialog open.
 */
async function checkDialog(page: Page, name: string, open: () => Promise<void>): Promise<void> {
  for (const locale of ['sv', 'en'] as const) {
    await setLanguage(page, locale);
    await open();
    await settle(page);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${name} in ${locale}`).toEqual([]);
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.${locale}.${size}.png`), fullPage: true });
    }
    await page.setViewportSize(VIEWPORTS.desktop);
    await page.keyboard.press('Escape');
    await eventually(() => page.getByRole('dialog').count()).toBe(0);
  }
  await setLanguage(page, 'sv');
}

/** The grid's input for an indicator's row and a sex column, by its accessible name (indicator, age, sex). */
const cell = (page: Page, indicator: string, column: 'Totalt' | 'Kvinnor' | 'Män', age = '') => page.getByRole('textbox', { name: new RegExp(`^${indicator}.*${age}.* ${column}$`) });

describe('follow-up entry', () => {
  it('a reporter enters the 2025 values for Tierp and submits, with the keyboard alone', async () => {
    await tierpWithIndicators();
    const { page, problems } = await site.newPage({ as: '0360' });
    await page.goto('/m/0360/follow-up?period=2025');
    await settle(page);
    await eventually(() => page.getByRole('heading', { level: 2 }).first().textContent()).toBe('Rapporter för Helår 2025');
    // Nobody in Tierp has started; the list says what to do first.
    await eventually(() => page.getByText('Ingen enhet har börjat sin rapport för Helår 2025.').count()).toBe(1);

    // Start Kommunstyrelsen's report from the list.
    await tabTo(page, page.getByRole('button', { name: 'Starta rapporten för Kommunstyrelsen' }));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/m\/0360\/reports\//);
    await settle(page);
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Kommunstyrelsen: uppföljning Helår 2025');
    const reportId = page.url().split('/reports/')[1]!.split('?')[0]!;

    // The grid: Tab enters it at the first cell; typing replaces; Enter ends the edit and moves down.
    const share = 'Andel nyanlända i arbete eller studier efter etableringsperioden';
    const places = 'Antal praktikplatser i kommunens verksamheter';
    await tabTo(page, cell(page, share, 'Totalt', '20–64 år'));
    await page.keyboard.type('48,5', HUMAN);
    await page.keyboard.press('Enter');
    expect(await isFocused(cell(page, places, 'Totalt'))).toBe(true);
    await page.keyboard.type('12', HUMAN);
    await page.keyboard.press('Enter');
    // Arrows move between cells; Escape cancels an edit.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowRight');
    expect(await isFocused(cell(page, share, 'Kvinnor'))).toBe(true);
    await page.keyboard.type('44,1', HUMAN);
    await page.keyboard.press('Escape');
    expect(await cell(page, share, 'Kvinnor').inputValue()).toBe('');
    await page.keyboard.type('44,2', HUMAN);
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowRight');
    // F2 edits the cell with the caret at the end.
    await page.keyboard.press('F2');
    await page.keyboard.type('53', HUMAN);
    await page.keyboard.press('Enter');
    expect(await cell(page, share, 'Män').inputValue()).toBe('53');
    // Tab leaves the grid for the save button.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toContain('Spara värdena');
    await page.keyboard.press('Enter');
    await eventually(() => page.getByRole('status').filter({ hasText: '4 värden är sparade.' }).count()).toBe(1);

    // The activity: status with the arrow keys, progress and a comment.
    await tabTo(page, page.getByRole('combobox', { name: 'Status' }));
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('combobox', { name: 'Status' }).inputValue()).toBe('ongoing');
    await page.keyboard.press('Tab');
    await page.keyboard.type('40', HUMAN);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Sex praktikplatser i kommunens verksamheter under året.', HUMAN);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toContain('Spara aktiviteten');
    await page.keyboard.press('Enter');
    await eventually(() => page.getByRole('status').filter({ hasText: 'Aktiviteten är sparad.' }).count()).toBe(1);

    // The goal: the assessment with the arrow keys in the radio group, then the explanation.
    await tabTo(page, page.getByRole('radio', { name: 'Uppfyllt', exact: true }));
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: 'Delvis uppfyllt' }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Fler nyanlända är i arbete eller studier, men andelen kvinnor är fortfarande lägre.', HUMAN);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toContain('Spara bedömningen');
    await page.keyboard.press('Space');
    await eventually(() => page.getByRole('status').filter({ hasText: 'Bedömningen är sparad.' }).count()).toBe(1);

    // Submit.
    await tabTo(page, page.getByRole('button', { name: 'Skicka in rapporten' }));
    await page.keyboard.press('Enter');
    await eventually(() => page.getByText('Rapporten är inskickad och kan inte ändras.', { exact: false }).count()).toBe(1);
    expect(await page.getByRole('textbox', { name: new RegExp(share) }).count()).toBe(0);

    // What the server has.
    const saved = await reportOf(reportId);
    expect(saved.status).toBe('submitted');
    expect(saved.unit.name).toBe('Kommunstyrelsen');
    expect(saved.period.key).toBe('2025');
    expect(saved.values.map((v) => [v.indicator, v.sex, v.ageBand, v.value, v.unit, v.year]).sort()).toEqual(
      [
        ['nyanlanda-i-arbete-eller-studier', 'total', '20-64', 48.5, 'Kommunstyrelsen', 2025],
        ['nyanlanda-i-arbete-eller-studier', 'women', '20-64', 44.2, 'Kommunstyrelsen', 2025],
        ['nyanlanda-i-arbete-eller-studier', 'men', '20-64', 53, 'Kommunstyrelsen', 2025],
        ['praktikplatser-i-kommunen', 'total', null, 12, 'Kommunstyrelsen', 2025],
      ].sort(),
    );
    expect(saved.activities[0]!.followUp).toMatchObject({ status: 'ongoing', progress: 40, comment: 'Sex praktikplatser i kommunens verksamheter under året.' });
    expect(saved.goals.find((g) => g.key === 'arbete-1')).toMatchObject({ assessment: 'partly_fulfilled', text: 'Fler nyanlända är i arbete eller studier, men andelen kvinnor är fortfarande lägre.' });
    // Every step is the signed-in person's (the demo administrator of Tierp), by name.
    expect(saved.events.map((e) => [e.action, e.actor.startsWith('user:'), e.actorName])).toEqual([
      ['create', true, 'Administratör, Tierp (demo)'],
      ['submit', true, 'Administratör, Tierp (demo)'],
    ]);
    // The history on the page says who and when.
    const history = page.getByRole('list').filter({ hasText: 'Påbörjad' });
    await eventually(() => history.textContent()).toMatch(/Inskickad · .*\d{2}:\d{2} · av Administratör, Tierp \(demo\)/);

    await checkPage(page, 'report-entry-submitted');
    expect(problems()).toEqual([]);
  }, 240_000);

  it('a reporter pastes a block of values from Excel into the grid', async () => {
    const doc = await documentOf('0138', 'integrationsstrategi');
    const { page, problems, expectProblem } = await site.newPage({ as: '0138' });
    await page.goto('/m/0138/follow-up?period=2025');
    await settle(page);
    await eventually(() => page.getByRole('table', { name: /Enheternas rapporter för Helår 2025/ }).count()).toBe(1);
    await checkPage(page, 'follow-up-list');
    await page.getByRole('button', { name: 'Starta rapporten för Kommunfullmäktige' }).click();
    await page.waitForURL(/\/reports\//);
    await settle(page);
    const reportId = page.url().split('/reports/')[1]!.split('?')[0]!;

    // A 4 × 3 block from the employment share down to the placements ratio; one cell is not a number.
    await cell(page, 'Andel utrikes födda i sysselsättning', 'Totalt').focus();
    await paste(page, '64,1\t59,0\t69,2\r\n12,5 %\t14,1 %\t10,9 %\r\n8,4\tabc\t7,9\r\n0,412\t0,388\t0,436\r\n');
    await eventually(() => page.getByText('12 värden är inklistrade.', { exact: false }).count()).toBe(1);
    expect(await cell(page, 'Andel utrikes födda i sysselsättning', 'Kvinnor').inputValue()).toBe('59,0');
    expect(await cell(page, 'Andel utrikes födda i kommunen som har deltagit', 'Män').inputValue()).toBe('10,9 %');
    const bad = cell(page, 'Andel utrikes födda i kommunen som studerar', 'Kvinnor');
    expect(await bad.getAttribute('aria-invalid')).toBe('true');
    await eventually(() => page.getByText('Skriv ett tal, till exempel 34,5.').count()).toBe(1);

    // Counts with a minus sign and a no-break space; the fourth column falls outside (counts are not split by sex).
    await cell(page, 'Antal anvisade bostäder', 'Totalt').focus();
    await paste(page, '−3\t99\n1\u00a0234\n57\n');
    await eventually(() => page.getByText('3 värden är inklistrade. 1 värde hamnade utanför tabellen', { exact: false }).count()).toBe(1);

    // Nothing is saved while a cell is wrong.
    await page.getByRole('button', { name: 'Spara värdena' }).click();
    await eventually(() => page.getByRole('alert').filter({ hasText: 'En cell är markerad som fel' }).count()).toBe(1);
    expect((await reportOf(reportId)).values).toEqual([]);

    // Correct the cell; the server refuses the negative count and says so in its cell.
    await bad.focus();
    await page.keyboard.type('9,1');
    await page.keyboard.press('Enter');
    expectProblem(400, new RegExp(`/api/v1/reports/${reportId}/values$`));
    await page.getByRole('button', { name: 'Spara värdena' }).click();
    const negative = cell(page, 'Antal anvisade bostäder', 'Totalt');
    await eventually(() => negative.getAttribute('aria-invalid')).toBe('true');
    await eventually(() => page.getByText('Ett antal kan inte vara negativt.').count()).toBe(1);
    await eventually(() => page.getByRole('alert').filter({ hasText: 'Ett värde godtogs inte' }).count()).toBe(1);
    expect((await reportOf(reportId)).values).toEqual([]);
    await checkPage(page, 'report-entry-cell-error');

    // Meanwhile someone else saves a value in the same report: the save is refused, the report reloaded, the edits kept.
    await negative.focus();
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    const before = await reportOf(reportId);
    await call('PUT', `/api/v1/reports/${reportId}/values`, { lockVersion: before.lockVersion, values: [{ indicator: 'nyanlanda-mottagna', value: 140 }] });
    expectProblem(409, new RegExp(`/api/v1/reports/${reportId}/values$`));
    await page.getByRole('button', { name: 'Spara värdena' }).click();
    await eventually(() => page.getByRole('alert').filter({ hasText: 'Någon annan har ändrat rapporten' }).count()).toBe(1);
    await eventually(() => cell(page, 'Nyanlända personer med permanent uppehållstillstånd', 'Totalt').inputValue()).toBe('140');
    expect(await cell(page, 'Andel utrikes födda i sysselsättning', 'Totalt').inputValue()).toBe('64,1');
    expect(await negative.inputValue()).toBe('3');

    await page.getByRole('button', { name: 'Spara värdena' }).click();
    await eventually(() => page.getByRole('status').filter({ hasText: '15 värden är sparade.' }).count()).toBe(1);
    const saved = await reportOf(reportId);
    const byCell = new Map(saved.values.map((v) => [`${v.indicator}|${v.sex}|${v.ageBand ?? ''}`, v.value]));
    expect(saved.values).toHaveLength(16);
    expect(byCell.get('utrikes-fodda-i-sysselsattning|total|16-64')).toBe(64.1);
    expect(byCell.get('utrikes-fodda-i-sysselsattning|women|16-64')).toBe(59);
    expect(byCell.get('utrikes-fodda-i-arbetsmarknadsprogram|men|16-64')).toBe(10.9);
    expect(byCell.get('utrikes-fodda-som-studerar|women|16-64')).toBe(9.1);
    expect(byCell.get('praktikplatser-per-vuxen-nyanland|total|16-64')).toBe(0.412);
    expect(byCell.get('anvisade-bostader|total|')).toBe(3);
    expect(byCell.get('trycksaker-flera-sprak|total|')).toBe(1234);
    expect(byCell.get('oversatta-sidor-hemsidan|total|')).toBe(57);
    expect(byCell.get('nyanlanda-mottagna|total|')).toBe(140);
    expect(saved.values.every((v) => v.unit === 'Kommunfullmäktige' && v.year === 2025 && v.example === false)).toBe(true);
    // The saved values are shown as the interface writes numbers.
    expect(await cell(page, 'Antal trycksaker', 'Totalt').inputValue()).toBe('1234');
    expect(doc.id).toBe(saved.documentId);
    await checkPage(page, 'report-entry-draft');
    expect(problems()).toEqual([]);
  }, 300_000);

  it('a strategist returns a report with a reason, the reporter submits it again, and after approval the strategist reopens it with a reason', async () => {
    const doc = await documentOf('0138', 'integrationsstrategi');
    const unit = await unitOf('0138', 'Integrationsenheten');
    const reports = await call<Array<{ id: string; unit: { id: string }; status: string }>>('GET', `/api/v1/documents/${doc.id}/reports?period=2025`);
    const report = reports.find((r) => r.unit.id === unit.id)!;
    expect(report.status).toBe('submitted');
    const { page, problems } = await site.newPage({ as: '0138' });
    await page.goto(`/m/0138/reports/${report.id}`);
    await settle(page);
    // A submitted report is read-only for the reporter: no inputs, no submit.
    await eventually(() => page.getByText('Rapporten är inskickad och kan inte ändras.', { exact: false }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Skicka in rapporten' }).count()).toBe(0);
    expect(await page.getByRole('textbox').count()).toBe(0);

    // The strategist returns it; the reason is required.
    await page.getByRole('combobox', { name: 'Du arbetar som' }).selectOption('approver');
    await page.getByRole('button', { name: 'Skicka tillbaka' }).click();
    const dialog = page.getByRole('dialog', { name: 'Skicka tillbaka rapporten' });
    await dialog.getByRole('button', { name: 'Skicka tillbaka' }).click();
    await eventually(() => dialog.getByText('Skriv skälet, minst tre tecken.').count()).toBe(1);
    await page.keyboard.press('Escape');
    await checkDialog(page, 'report-return-dialog', async () => {
      await page.getByRole('button', { name: /^(Skicka tillbaka|Return)$/ }).click();
      await dialog.or(page.getByRole('dialog', { name: 'Return the report' })).getByRole('button', { name: /^(Skicka tillbaka|Return)$/ }).click();
      await eventually(() => page.getByRole('dialog').getByText(/minst tre tecken\.|at least three characters\./).count()).toBe(1);
    });
    await page.getByRole('button', { name: 'Skicka tillbaka' }).click();
    const reason = 'Värdena för kvinnor och män saknas. Komplettera och skicka in igen.';
    await dialog.getByRole('textbox', { name: 'Skäl' }).fill(reason);
    await dialog.getByRole('button', { name: 'Skicka tillbaka' }).click();
    await eventually(() => page.getByRole('status').filter({ hasText: 'Rapporten är tillbakaskickad till enheten.' }).count()).toBe(1);
    expect(await dialog.isVisible()).toBe(false);

    // The reporter sees why, and submits it again.
    await page.getByRole('combobox', { name: 'Du arbetar som' }).selectOption('reporter');
    await eventually(() => page.getByText(/Rapporten skickades tillbaka .* av Administratör, Tyresö \(demo\):/).count()).toBe(1);
    await checkPage(page, 'report-entry-returned');
    await page.getByRole('button', { name: 'Skicka in rapporten' }).click();
    await eventually(() => page.getByRole('status').filter({ hasText: 'Rapporten är inskickad.' }).count()).toBe(1);

    // The strategist approves it, then reopens it with a reason.
    await page.getByRole('combobox', { name: 'Du arbetar som' }).selectOption('approver');
    await page.getByRole('button', { name: 'Godkänn rapporten' }).click();
    await eventually(() => page.getByRole('status').filter({ hasText: 'Rapporten är godkänd.' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Öppna igen' }).click();
    const reopen = page.getByRole('dialog', { name: 'Öppna rapporten igen' });
    const why = 'Fel nämnare för andelen i sysselsättning.';
    await reopen.getByRole('textbox', { name: 'Skäl' }).fill(why);
    await reopen.getByRole('button', { name: 'Öppna igen' }).click();
    await eventually(() => page.getByRole('status').filter({ hasText: 'Rapporten är öppnad igen.' }).count()).toBe(1);

    const saved = await reportOf(report.id);
    expect(saved.status).toBe('draft');
    const admin = 'Administratör, Tyresö (demo)';
    expect(saved.events.slice(-4).map((e) => [e.action, e.from, e.to, e.actorName, e.reason])).toEqual([
      ['return', 'submitted', 'draft', admin, reason],
      ['submit', 'draft', 'submitted', admin, null],
      ['approve', 'submitted', 'approved', admin, null],
      ['reopen', 'approved', 'draft', admin, why],
    ]);
    // The history shows who, when and why.
    const history = page.getByRole('list').filter({ hasText: 'Påbörjad' });
    await eventually(() => history.getByRole('listitem').count()).toBe(saved.events.length);
    expect(await history.getByRole('listitem').last().textContent()).toMatch(new RegExp(`Öppnad igen · .*\\d{2}:\\d{2} · av Administratör, Tyresö \\(demo\\).*Från Godkänd till Utkast.*${why}`));
    expect(await history.getByText(reason).count()).toBe(1);
    expect(problems()).toEqual([]);
  }, 240_000);

  it('a strategist opens 2026 for follow-up in Tierp, and a municipality without documents is told what to do first', async () => {
    await call('POST', '/api/v1/municipalities', { code: '9999', name: 'Provkommun' });
    // A new municipality has no demo accounts: Tierp's administrator is given the role there too.
    await site.addRole('0360', '9999', 'administrator');
    const { page, problems } = await site.newPage({ as: '0360' });
    await page.goto('/m/9999/follow-up');
    await settle(page);
    await eventually(() => page.getByText('Det finns inget antaget styrdokument att följa upp ännu.').count()).toBe(1);
    await checkPage(page, 'follow-up-no-documents');

    // With an adopted plan but no year opened, the page says to open the year first, and does it.
    await call('POST', '/api/v1/municipalities/9999/units', { name: 'Kommunfullmäktige', type: 'council' });
    const plan = await call<{ id: string; lockVersion: number }>('POST', '/api/v1/municipalities/9999/documents', { key: 'integrationsplan', type: 'plan', title: 'Integrationsplan' });
    await call('POST', `/api/v1/documents/${plan.id}/adopt`, { lockVersion: plan.lockVersion, adoptedBy: { body: 'Kommunfullmäktige' }, decisionDate: '2026-06-10', validIndefinitely: true });
    await page.reload();
    await settle(page);
    await eventually(() => page.getByText('Inget uppföljningsår är öppet.').count()).toBe(1);
    await checkPage(page, 'follow-up-no-period');
    const suggested = await page.getByRole('spinbutton', { name: 'År' }).inputValue();
    await page.getByRole('button', { name: `Öppna ${suggested} för uppföljning` }).click();
    await eventually(() => page.getByText(`Ingen enhet har börjat sin rapport för Helår ${suggested}.`).count()).toBe(1);
    expect((await call<Array<{ key: string }>>('GET', '/api/v1/municipalities/9999/periods')).map((p) => p.key)).toEqual([`${suggested}-D`, suggested]);
    expect(await page.getByRole('button', { name: 'Starta rapporten för Kommunfullmäktige' }).count()).toBe(1);

    await page.goto('/m/0360/follow-up');
    await settle(page);
    await page.getByText('Öppna ett nytt uppföljningsår').click();
    const year = page.getByRole('spinbutton', { name: 'År' });
    await year.fill('2026');
    await page.getByRole('combobox', { name: 'Perioder under året' }).selectOption('year_interim');
    await page.getByRole('button', { name: 'Öppna 2026 för uppföljning' }).click();
    await eventually(() => page.getByRole('status').filter({ hasText: '2026 är öppnat för uppföljning: Delår jan–aug 2026, Helår 2026.' }).count()).toBe(1);
    await eventually(() => page.getByRole('combobox', { name: 'Period', exact: true }).inputValue()).toBe('2026');
    await eventually(() => page.getByText('Ingen enhet har börjat sin rapport för Helår 2026.').count()).toBe(1);
    const periods = await call<Array<{ key: string; status: string }>>('GET', '/api/v1/municipalities/0360/periods?year=2026');
    expect(periods.map((p) => [p.key, p.status])).toEqual([
      ['2026-D', 'open'],
      ['2026', 'open'],
    ]);
    // The interim period can be chosen too.
    await page.getByRole('combobox', { name: 'Period', exact: true }).selectOption('2026-D');
    await eventually(() => page.getByRole('heading', { name: 'Rapporter för Delår jan–aug 2026' }).count()).toBe(1);
    await checkPage(page, 'follow-up-new-year');
    expect(problems()).toEqual([]);
  }, 240_000);
});
