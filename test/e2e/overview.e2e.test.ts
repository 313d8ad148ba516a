import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, settle, startSite, type Site } from './support/site.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site?.close());

describe('overview of a municipality', () => {
  it('a politician opens Tyresö and sees how many targets are on track, goal by goal', async () => {
    const { page, problems } = await site.newPage();
    await page.goto('/');
    await settle(page);
    await checkPage(page, 'home');
    await page.getByRole('link', { name: 'Tyresö' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Tyresö');
    await settle(page);
    // The strategy in force, its summary line and a goal with its computed status.
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Integrationsstrategi' }).count()).toBe(1);
    const summary = page.getByRole('list', { name: 'Sammanfattning' });
    await expect.poll(() => summary.textContent()).toMatch(/\d+ av \d+/);
    await checkPage(page, 'overview-tyreso');
    expect(problems()).toEqual([]);
  });
});
