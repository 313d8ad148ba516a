import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Compilation } from '../../src/shared/api/views.ts';
import { checkPage, settle, startSite, type Site } from './support/site.ts';
import { norm, sentenceText } from './support/words.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site?.close());

async function apiJson<T>(url: string): Promise<T> {
  const r = await site.app.inject({ method: 'GET', url });
  expect(r.statusCode, url).toBe(200);
  return JSON.parse(r.body) as T;
}

describe('overview of a municipality', () => {
  it('a resident-facing official opens the start page and finds every municipality', async () => {
    const { page, problems } = await site.newPage();
    await page.goto('/');
    await settle(page);
    const names = (await apiJson<Array<{ name: string }>>('/api/v1/municipalities')).map((m) => m.name);
    expect(names.length).toBe(4);
    for (const name of names) expect(await page.getByRole('link', { name }).count(), name).toBe(1);
    await checkPage(page, 'home');
    expect(problems()).toEqual([]);
  });

  it('a politician opens Östersund and sees how many targets are on track, goal by goal', async () => {
    const { page, problems } = await site.newPage({ as: '2380' });
    await page.goto('/');
    await page.getByRole('link', { name: 'Östersund', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Östersund');
    await settle(page);
    const docs = await apiJson<{ items: Array<{ id: string; title: string }> }>('/api/v1/municipalities/2380/documents');
    const strategy = docs.items[0]!;
    const year = new Date().getFullYear() - 1;
    const c = await apiJson<Compilation>(`/api/v1/documents/${strategy.id}/compilation?year=${year}`);
    expect(c.summary.targets).toBeGreaterThan(0);
    const onTrack = c.summary.counts.achieved + c.summary.counts.on_track;
    await expect.poll(() => page.getByRole('heading', { level: 2, name: strategy.title }).count()).toBe(1);
    const summary = page.getByRole('list', { name: 'Sammanfattning' });
    await expect.poll(() => summary.textContent()).toContain(`${onTrack} av ${c.summary.targets}`);
    // Every goal of the document is there, with the computed status beside the committees' own assessments.
    for (const g of c.goals) expect(await page.locator(`#goal-${g.key}`).count(), g.key).toBe(1);
    const withNarrative = c.goals.find((g) => g.narratives.length > 0 && g.rollUp.total > 0);
    if (withNarrative) {
      const goal = page.locator('article.goal', { has: page.locator(`#goal-${withNarrative.key}`) }).first();
      await expect.poll(() => goal.locator('.statuses').first().textContent()).toContain('Beräknat:');
      await expect.poll(() => goal.locator('.statuses').first().textContent()).toContain(withNarrative.narratives[0]!.unit);
    }
    // Every computed status says why, in the words the API gives: the document's, each goal's and each target's.
    const summarySentence = norm(await page.locator('.summary-sentence').textContent());
    expect(summarySentence).toContain(norm(sentenceText(c.summary.sentence)));
    expect(summarySentence).toContain(`${c.summary.assessable}`);
    for (const g of c.goals.filter((x) => x.rollUp.total > 0)) {
      const words = norm(await page.locator(`article.goal[aria-labelledby="goal-${g.key}"] > .rollup-sentence`).textContent());
      expect(words, g.key).toBe(norm(sentenceText(g.rollUp.sentence)));
    }
    for (const t of c.targets) {
      const item = page.getByRole('listitem').filter({ hasText: t.statement.slice(0, 60) }).first();
      const text = norm(await item.textContent());
      expect(text, t.key).toContain(norm(sentenceText(t.sentence)));
      // The value the status rests on is in the sentence beside it (a target judged on its target year names that year).
      if (t.reason === 'target_year_passed' && t.explanation.verdict) expect(text, t.key).toContain(`${t.explanation.verdict.year} var`);
    }
    // Indicators link to their own page.
    const firstIndicator = c.indicators.find((i) => i.latest !== null)!;
    expect(await page.getByRole('link', { name: firstIndicator.name }).count()).toBeGreaterThan(0);
    await checkPage(page, 'overview-ostersund');
    expect(problems()).toEqual([]);
  });

  it('a strategist chooses another follow-up year and the page follows, in English too', async () => {
    const { page, problems } = await site.newPage({ as: '0138', locale: 'en' });
    await page.goto('/m/0138');
    await settle(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByLabel('Follow-up year').selectOption('2019');
    await settle(page);
    expect(new URL(page.url()).searchParams.get('year')).toBe('2019');
    await expect.poll(() => page.locator('#strategy-heading + .subtitle, .subtitle').allTextContents()).toContainEqual(expect.stringContaining('2019'));
    await checkPage(page, 'overview-tyreso');
    expect(problems()).toEqual([]);
  });
});
