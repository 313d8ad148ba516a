import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import { loadDemoIfEmpty } from '../../../src/cli/commands/demo-load.ts';
import { buildApp, type App } from '../../../src/http/app.ts';
import { PROJECT_ROOT } from '../../support/server-process.ts';
import { createTestDb } from '../../support/test-db.ts';

/**
 * The end-to-end harness: the real server (buildApp + listen on loopback) on this file's own test
 * database with the demo data, the built web app (dist/web, built by `npm test` before Vitest),
 * and Debian's Chromium driven by playwright-core. Every page a spec visits is checked with axe in
 * Swedish and English and photographed at 1280×800 and 390×844; console errors and failed requests
 * fail the spec unless it said it expects them.
 */

/** The built web app; E2E_WEB_DIR lets parallel work build into a folder of its own. */
export const WEB_DIR = process.env.E2E_WEB_DIR ?? path.join(PROJECT_ROOT, 'dist', 'web');
export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// A journey in a real browser on a shared two-core machine takes longer than a unit test.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

export const VIEWPORTS = { desktop: { width: 1280, height: 800 }, mobile: { width: 390, height: 844 } } as const;

export interface Site {
  app: App;
  base: string;
  browser: Browser;
  /** A fresh browser context and page, watched for console errors and failed requests. */
  newPage(opts?: { locale?: 'sv' | 'en' }): Promise<WatchedPage>;
  close(): Promise<void>;
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and failed requests seen so far that no `expectProblem` allowed. */
  problems(): string[];
  /** Allows a failed request (and the console line Chromium writes for it) whose URL matches and whose status is `status`. */
  expectProblem(status: number, url: RegExp): void;
}

export async function startSite(): Promise<Site> {
  if (!fs.existsSync(path.join(WEB_DIR, 'index.html'))) throw new Error(`The web app is not built in ${WEB_DIR}: npm test builds it (npm run build:web).`);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not at ${CHROMIUM}: install the Debian package chromium (npm test does, as root) or set CHROMIUM_PATH.`);
  const db = await createTestDb();
  await loadDemoIfEmpty(db.db);
  const app = await buildApp({ db: db.db, dbKind: db.kind, logLevel: 'silent', webDir: WEB_DIR, reportWorker: { chromiumPath: CHROMIUM, pollMs: 250 } });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const contexts: BrowserContext[] = [];
  return {
    app,
    base: address,
    browser,
    async newPage(opts = {}) {
      // axe needs a page from a context (browser.newPage() makes it throw), STACK.md §5.
      const context = await browser.newContext({ viewport: VIEWPORTS.desktop, baseURL: address, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
      contexts.push(context);
      if (opts.locale) await context.addInitScript((l) => window.localStorage.setItem('samspel.lang', l), opts.locale);
      const page = await context.newPage();
      return watch(page, context);
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await app.close();
      await db.close();
    },
  };
}

function watch(page: Page, context: BrowserContext): WatchedPage {
  const seen: Array<{ text: string; status?: number; url?: string }> = [];
  const allowed: Array<{ status: number; url: RegExp }> = [];
  page.on('console', (m) => {
    if (m.type() === 'error') seen.push({ text: `console: ${m.text()}`, url: m.location().url });
  });
  page.on('pageerror', (e) => seen.push({ text: `page error: ${e.message}` }));
  page.on('requestfailed', (r) => seen.push({ text: `request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`, url: r.url() }));
  page.on('response', (r) => {
    if (r.status() >= 400) seen.push({ text: `HTTP ${r.status()}: ${r.request().method()} ${r.url()}`, status: r.status(), url: r.url() });
  });
  const isAllowed = (p: { text: string; status?: number; url?: string }) =>
    allowed.some((a) => (p.status === a.status && a.url.test(p.url ?? '')) || (p.text.includes(`status of ${a.status}`) && (p.url === undefined || a.url.test(p.url))));
  return {
    page,
    context,
    problems: () => seen.filter((p) => !isAllowed(p)).map((p) => p.text),
    expectProblem: (status, url) => allowed.push({ status, url }),
  };
}

/** Switches the interface language with the header's buttons, as a person would. */
export async function setLanguage(page: Page, locale: 'sv' | 'en'): Promise<void> {
  await page.getByRole('button', { name: locale === 'sv' ? 'Svenska' : 'English', exact: true }).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(locale);
}

/** Waits until no request is in flight and nothing says it is loading. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.loading').count(), { timeout: 15_000 }).toBe(0);
}

/**
 * axe (WCAG 2.1 A and AA) in Swedish and in English, and screenshots at both sizes in both languages.
 * Leaves the page in the language it found it in.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  const start = (await page.evaluate(() => document.documentElement.lang)) as 'sv' | 'en';
  for (const locale of [start, start === 'sv' ? 'en' : 'sv'] as const) {
    if ((await page.evaluate(() => document.documentElement.lang)) !== locale) await setLanguage(page, locale);
    await settle(page);
    const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').join(' ')}`).join('\n')}`);
    expect(violations, `axe on ${name} in ${locale}`).toEqual([]);
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.${locale}.${size}.png`), fullPage: true });
    }
    await page.setViewportSize(VIEWPORTS.desktop);
  }
  if ((await page.evaluate(() => document.documentElement.lang)) !== start) await setLanguage(page, start);
}
