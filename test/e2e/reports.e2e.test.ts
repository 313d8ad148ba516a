import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfInfo, pdfText, scratchDir, squash } from '../support/documents.ts';
import { checkPage, settle, startSite, type Site } from './support/site.ts';

let site: Site;
const tmp = scratchDir('e2e-reports');
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('reports', () => {
  it('a controller asks for Östersund’s 2025 follow-up as PDF, watches it being made and downloads it', async () => {
    const { page, problems } = await site.newPage({ as: '2380' });
    await page.goto('/m/2380');
    await settle(page);
    await page.getByRole('navigation', { name: 'Sidor för Östersund' }).getByRole('link', { name: 'Rapporter' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Rapporter och dokument');
    await settle(page);
    await checkPage(page, 'reports-ostersund');

    await page.getByLabel('Årlig uppföljningsrapport').check();
    await page.getByLabel('År', { exact: true }).selectOption('2025');
    await page.getByLabel('PDF', { exact: true }).check();
    // The strategy in force at the end of 2025 is chosen for the controller.
    expect(await page.getByLabel('Styrdokument').locator('option:checked').textContent()).toContain('Integrationsstrategi 2020');
    await page.getByRole('button', { name: 'Skapa dokument' }).click();

    // The progress bar, or the result when the worker was quick, appears in the "in progress" panel.
    const panel = page.getByRole('region', { name: 'Ditt dokument' });
    await expect.poll(() => panel.count()).toBe(1);
    const link = panel.getByRole('link', { name: /^Ladda ned uppfoljning-2025-ostersund\.pdf/ });
    await expect.poll(() => link.count(), { timeout: 90_000 }).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = `${tmp}/report.pdf`;
    await download.saveAs(file);
    const text = squash(await pdfText(file));
    expect(text).toContain('Integrationsstrategi 2020');
    expect(text).toContain(`Sida 1 av ${(await pdfInfo(file)).pages}`);

    // The recent list shows it, done.
    const recent = page.getByRole('table', { name: 'Dokument som skapats för kommunen, det senaste först' });
    await expect.poll(() => recent.getByRole('row').count()).toBe(2);
    expect(squash((await recent.getByRole('row').nth(1).textContent()) ?? '')).toMatch(/Årlig uppföljningsrapport\s*PDF\s*Klart/);
    await checkPage(page, 'reports-ostersund-done');
    expect(problems()).toEqual([]);
  });

  it('a strategist with a draft on remiss gets the tjänsteskrivelse offered for that draft, as Word', async () => {
    const { page, problems } = await site.newPage({ as: '0138' });
    await page.goto('/m/0138/reports?kind=proposal');
    await settle(page);
    expect(await page.getByLabel('Tjänsteskrivelse').isChecked()).toBe(true);
    // No spreadsheet for a letter.
    expect(await page.getByLabel('Excel (XLSX)').count()).toBe(0);
    expect(await page.getByLabel('Styrdokument').locator('option:checked').textContent()).toMatch(/remiss/i);
    await page.getByLabel('Word (DOCX)').check();
    await page.getByRole('button', { name: 'Skapa dokument' }).click();
    const link = page.getByRole('region', { name: 'Ditt dokument' }).getByRole('link', { name: /^Ladda ned tjansteskrivelse-tyreso-.+\.docx/ });
    await expect.poll(() => link.count(), { timeout: 90_000 }).toBe(1);
    await checkPage(page, 'reports-proposal-tyreso');
    expect(problems()).toEqual([]);
  });

  it('a reader opens the follow-up as a web page, the same report the PDF is printed from', async () => {
    const { page, problems } = await site.newPage({ as: '2380' });
    await page.goto('/m/2380/reports');
    await settle(page);
    await page.getByLabel('År', { exact: true }).selectOption('2025');
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByRole('link', { name: 'Visa som webbsida' }).click()]);
    await popup.waitForLoadState('load');
    expect(await popup.getByRole('heading', { level: 1 }).count()).toBe(1);
    expect(squash((await popup.locator('body').textContent()) ?? '')).toContain('Integrationsstrategi 2020');
    expect(problems()).toEqual([]);
  });
});
