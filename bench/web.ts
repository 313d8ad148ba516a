/**
 * `npm run bench` (web part): what a first visit to the web app costs.
 *
 *  (a) the gzipped size of the JavaScript the first page needs (the entry script and what it preloads),
 *      goal ≤ 300 KB, and the size of the ECharts chunk, which must not be part of it;
 *  (b) time to first render of a municipality's overview page, as a ratio to a static HTML page
 *      (no script) served by the same server in the same run: first contentful paint, and the moment
 *      the overview's content (the strategy heading and its summary figures) is on screen.
 *      Each visit is a fresh browser context (cold cache), alternating the two pages.
 *
 * Runs the built server (dist/main.js, as npm start does) on a fresh PGlite directory with the demo data
 * and Debian's Chromium. Settings: BENCH_WEB_RUNS (15), CHROMIUM_PATH (/usr/bin/chromium).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { liveChildren, spawnServer, stopChild } from './lib/proc.ts';
import { intSetting, median } from './lib/stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB = path.join(ROOT, 'dist', 'web');
const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'web.json');
const RUNS = intSetting('BENCH_WEB_RUNS', 15, 3, 100);
const GOAL_INITIAL_KB = 300;
const OVERVIEW = '/m/2380';

const log = (s: string) => console.log(s);
const kb = (n: number) => Math.round((n / 1024) * 10) / 10;

/** The scripts index.html loads before anything else: its module entry and its modulepreloads. */
function initialScripts(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) out.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) out.add(m[1]!);
  return [...out];
}

function sizes() {
  const html = fs.readFileSync(path.join(WEB, 'index.html'), 'utf8');
  const initial = initialScripts(html).map((src) => {
    const bytes = fs.readFileSync(path.join(WEB, src.replace(/^\//, '')));
    return { file: src, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const assets = fs.readdirSync(path.join(WEB, 'assets')).filter((f) => f.endsWith('.js'));
  // The chunk Vite makes of src/web/ui/echarts.ts is named after it.
  const echartsChunks = assets.filter((f) => f.startsWith('echarts'));
  const echartsGzip = echartsChunks.reduce((s, f) => s + gzipSync(fs.readFileSync(path.join(WEB, 'assets', f)), { level: 9 }).length, 0);
  const initialGzip = initial.reduce((s, x) => s + x.gzip, 0);
  return { initial, initialGzip, echartsChunks, echartsGzip, echartsInInitial: initial.some((x) => echartsChunks.some((c) => x.file.endsWith(c))) };
}

/** A plain page of about the overview's size: a heading, a paragraph and a table, no script. */
function staticPage(): string {
  const rows = Array.from({ length: 40 }, (_, i) => `<tr><td>Indikator ${i + 1}</td><td>${(i * 1.7).toFixed(1)} %</td><td>2025</td></tr>`).join('');
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Statisk sida</title></head><body><h1>Östersund</h1><p>Styrdokument, mål och hur det går.</p><table><caption>Indikatorer</caption><thead><tr><th>Indikator</th><th>Värde</th><th>År</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
}

/** The demo administrator's session cookie: the overview shows internal figures, so the visits are signed in. */
let session: { name: string; value: string; url: string } | null = null;
async function signIn(base: string, code: string): Promise<void> {
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `admin.${code}@demo.samspel.se`, password: 'samspel-demo' }) });
  if (r.status !== 200) throw new Error(`signing in gave ${r.status}: ${await r.text()}`);
  const [name, value] = (r.headers.get('set-cookie') ?? '').split(';')[0]!.split('=') as [string, string];
  session = { name, value, url: base };
}

async function visit(browser: Browser, url: string, ready: string | null): Promise<{ fcp: number; ready: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (session) await context.addCookies([session]);
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    const readyAt = ready
      ? // Functions, not strings: the pages' Content-Security-Policy forbids evaluating a string.
        ((await (await page.waitForFunction((sel: string) => ((globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(sel) ? performance.now() : false), ready, { polling: 'raf', timeout: 30_000 })).jsonValue()) as number)
      : null;
    await page.waitForLoadState('load');
    const fcp = await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? false, undefined, { timeout: 30_000 });
    const fcpMs = (await fcp.jsonValue()) as number;
    return { fcp: fcpMs, ready: readyAt ?? fcpMs };
  } finally {
    await context.close();
  }
}

async function main() {
  if (!fs.existsSync(path.join(WEB, 'index.html'))) throw new Error('dist/web is not built: run npm run build first (npm run bench does).');
  const s = sizes();
  log(`Initial JavaScript (gzip): ${kb(s.initialGzip)} KB in ${s.initial.length} file(s) (goal ≤ ${GOAL_INITIAL_KB} KB: ${kb(s.initialGzip) <= GOAL_INITIAL_KB ? 'PASS' : 'FAIL'})`);
  for (const x of s.initial) log(`  ${x.file}: ${kb(x.raw)} KB raw, ${kb(x.gzip)} KB gzip`);
  log(`ECharts chunk(s): ${s.echartsChunks.join(', ') || 'none found'} = ${kb(s.echartsGzip)} KB gzip, ${s.echartsInInitial ? 'IN the initial load (FAIL)' : 'loaded lazily (PASS)'}`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samspel-bench-web-'));
  const webDir = path.join(tmp, 'web');
  fs.cpSync(WEB, webDir, { recursive: true });
  fs.writeFileSync(path.join(webDir, 'static.html'), staticPage());
  const server = await spawnServer({
    label: 'server',
    args: ['dist/main.js'],
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', PORT: '0', HOST: '127.0.0.1', PGLITE_DIR: path.join(tmp, 'db'), DEMO_DATA: 'on', LOG_LEVEL: 'warn', WEB_DIR: webDir },
    timeoutMs: 180_000,
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    await signIn(server.url, /\/m\/(\d{4})/.exec(OVERVIEW)![1]!);
    const overview = `${server.url}${OVERVIEW}`;
    const plain = `${server.url}/static.html`;
    const contentSelector = '#strategy-heading ~ * .summary-figure, .summary-figure';
    for (let i = 0; i < 3; i++) {
      await visit(browser, overview, contentSelector);
      await visit(browser, plain, null);
    }
    const o: Array<{ fcp: number; ready: number }> = [];
    const p: Array<{ fcp: number; ready: number }> = [];
    for (let i = 0; i < RUNS; i++) {
      o.push(await visit(browser, overview, contentSelector));
      p.push(await visit(browser, plain, null));
    }
    const oFcp = median(o.map((x) => x.fcp));
    const oReady = median(o.map((x) => x.ready));
    const pFcp = median(p.map((x) => x.fcp));
    const r = (x: number) => Math.round((x / pFcp) * 100) / 100;
    log(`Time to first render, ${RUNS} cold visits each, medians:`);
    log(`  static HTML page (baseline): first contentful paint ${pFcp.toFixed(0)} ms`);
    log(`  overview ${OVERVIEW}: first contentful paint ${oFcp.toFixed(0)} ms = ${r(oFcp)}× the static page; content on screen ${oReady.toFixed(0)} ms = ${r(oReady)}×`);
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(
      RESULTS_FILE,
      JSON.stringify(
        {
          at: new Date().toISOString(),
          initialJsGzipKB: kb(s.initialGzip),
          goalInitialKB: GOAL_INITIAL_KB,
          initialFiles: s.initial,
          echarts: { chunks: s.echartsChunks, gzipKB: kb(s.echartsGzip), inInitial: s.echartsInInitial },
          firstRender: { runs: RUNS, staticFcpMs: pFcp, overviewFcpMs: oFcp, overviewContentMs: oReady, fcpRatio: r(oFcp), contentRatio: r(oReady) },
        },
        null,
        2,
      ),
    );
  } finally {
    await browser.close();
    await stopChild(server.proc);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch(async (e) => {
  console.error(e);
  for (const c of liveChildren) c.kill('SIGKILL');
  process.exit(1);
});
