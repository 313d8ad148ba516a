import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import { loadDemoIfEmpty } from '../../../src/cli/commands/demo-load.ts';
import type { Role } from '../../../src/domain/access/policy.ts';
import { buildApp, type App } from '../../../src/http/app.ts';
import { DEMO_PASSWORD, demoEmail } from '../../../src/services/auth/demo-accounts.ts';
import { PROJECT_ROOT } from '../../support/server-process.ts';
import { actAs, createTestDb, makeAdminToken } from '../../support/test-db.ts';

/**
 * The end-to-end harness: the real server (buildApp + listen on loopback) on this file's own test
 * database with the demo data, the built web app (dist/web, built by `npm test` before Vitest),
 * and Debian's Chromium driven by playwright-core. Every page a spec visits is checked with axe in
 * Swedish and English and photographed at 1280×800 and 390×844; console errors and failed requests
 * fail the spec unless it said it expects them. The demo data comes with its demo accounts; a page
 * is signed in as one of them (`newPage({ as: '0138' })`: the administrator of Tyresö) or is an
 * anonymous visitor. `site.app.inject` acts as an instance administrator, for a spec's own set-up.
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
  /**
   * A fresh browser context and page, watched for console errors and failed requests. `as`: signed
   * in (through the API, the session cookie handed to the browser) as the demo administrator of a
   * municipality (its code), as a demo role there (`{ code, role }`) or as an e-mail address with the
   * demo password; left out, an anonymous visitor.
   */
  newPage(opts?: { locale?: 'sv' | 'en'; as?: SignInAs }): Promise<WatchedPage>;
  /** Gives an existing account a role in a municipality (one a spec made itself has no demo accounts). */
  addRole(as: SignInAs, code: string, role: Role): Promise<void>;
  close(): Promise<void>;
}

export type SignInAs = string | { code: string; role: Role } | { email: string; password?: string };

/** The e-mail address and password of a sign-in as `newPage` takes it. */
export function credentials(as: SignInAs): { email: string; password: string } {
  if (typeof as === 'string') return { email: /^\d{4}$/.test(as) ? demoEmail(as, 'administrator') : as, password: DEMO_PASSWORD };
  if ('code' in as) return { email: demoEmail(as.code, as.role), password: DEMO_PASSWORD };
  return { email: as.email, password: as.password ?? DEMO_PASSWORD };
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
  // The demo data with its demo accounts (four per municipality), as `npm start` loads it.
  await loadDemoIfEmpty(db.db);
  const app = await buildApp({ db: db.db, dbKind: db.kind, logLevel: 'silent', webDir: WEB_DIR, reportWorker: { chromiumPath: CHROMIUM, pollMs: 250 } });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  // A spec's own set-up and checks through app.inject act as an instance administrator.
  actAs(app, await makeAdminToken(db.db));
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
      if (opts.as !== undefined) await signInByApi(context, credentials(opts.as));
      const page = await context.newPage();
      return watch(page, context);
    },
    async addRole(as, code, role) {
      const { email } = credentials(as);
      const res = await app.inject({ method: 'POST', url: `/api/v1/municipalities/${code}/users`, payload: { email, displayName: email, role } });
      if (res.statusCode !== 201) throw new Error(`Giving ${email} the role ${role} in ${code} failed: ${res.statusCode} ${res.body}`);
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await app.close();
      await db.close();
    },
  };
}

/** Signs a browser context in with the API (POST /api/v1/auth/login): its cookie jar keeps the session cookie. */
async function signInByApi(context: BrowserContext, who: { email: string; password: string }): Promise<void> {
  const res = await context.request.post('/api/v1/auth/login', { data: who });
  if (res.status() !== 200) throw new Error(`Signing in as ${who.email} failed: ${res.status()} ${await res.text()}`);
}

/**
 * Signs in through the real sign-in page, as a person would: the e-mail address and the password
 * typed into the form, then the button. Ends when the page has left /login.
 */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  const english = (await page.evaluate(() => document.documentElement.lang)) === 'en';
  await page.getByLabel(english ? 'E-mail address' : 'E-postadress', { exact: true }).fill(email);
  await page.getByLabel(english ? 'Password' : 'Lösenord', { exact: true }).fill(password);
  await page.getByRole('button', { name: english ? 'Sign in' : 'Logga in', exact: true }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
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
      // The page lays itself out for the new size first (a chart redraws on the window's resize event), so the
      // picture is what a reader at that size sees, not the previous size's chart sticking out.
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(null)))));
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.${locale}.${size}.png`), fullPage: true });
    }
    await page.setViewportSize(VIEWPORTS.desktop);
  }
  if ((await page.evaluate(() => document.documentElement.lang)) !== start) await setLanguage(page, start);
}
