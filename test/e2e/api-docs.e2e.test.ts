import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settle, startSite, type Site } from './support/site.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site?.close());

describe('API documentation', () => {
  it('a developer opens the API documentation, and its page runs under the server’s content security policy', async () => {
    const { page, problems } = await site.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto('/api/docs');
    await settle(page);
    await expect.poll(() => page.getByRole('heading', { name: /Samspel API/ }).count()).toBeGreaterThan(0);
    // The operations are listed: the page's script ran.
    await expect.poll(() => page.getByText('/api/v1/municipalities/{code}/report-jobs').count()).toBeGreaterThan(0);
    expect(violations).toEqual([]);
    expect(problems()).toEqual([]);
  });

  it('a visitor’s pages carry the policy, and the web app runs under it', async () => {
    const { page, problems } = await site.newPage({ as: '0360' });
    const response = await page.goto('/m/0360');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await settle(page);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).count()).toBe(1);
    expect(problems()).toEqual([]);
  });
});
