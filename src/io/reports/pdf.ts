import { chromium } from 'playwright-core';
import { PAGE_MARGINS } from './html-css.ts';
import { esc } from './html.ts';
import type { ReportText } from './text.ts';

/**
 * A generated HTML document printed to PDF by Chromium (page.pdf) through playwright-core: A4, the
 * document's print stylesheet, and "Sida X av Y" in the footer. The page may load nothing: every
 * request except data: URLs is aborted and scripts are off, so a report never fetches anything.
 */

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** STACK.md §5: headless, no sandbox (containers), and none of Chromium's own network chatter. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--font-render-hinting=none'];


/**
 * The footer's words with the page placeholders left in ("Sida {page} av {pages}"), from
 * t('reports.footer.page'): what htmlToPdf takes as `footer`, and what a DOCX or XLSX footer can be
 * split on ({page} and {pages} become the page fields).
 */
export function pageFooter(text: ReportText): string {
  return text.t('reports.footer.page', { page: '{page}', pages: '{pages}' });
}

/** Chromium's footer template: the words escaped, {page} and {pages} as the page-number spans Chromium fills in. */
export function footerTemplate(footer: string): string {
  const words = esc(footer).replace(/\{page\}/g, '<span class="pageNumber"></span>').replace(/\{pages\}/g, '<span class="totalPages"></span>');
  return `<div style="width:100%;font-family:'DejaVu Sans',Arial,sans-serif;font-size:8pt;color:#4a5360;text-align:center;padding:0 12mm;-webkit-print-color-adjust:exact;">${words}</div>`;
}

export interface PdfOptions {
  /** A4 landscape (the action plan); portrait otherwise. */
  landscape?: boolean;
  /** The footer's words with {page} and {pages}: pageFooter(text). */
  footer: string;
  /** Default /usr/bin/chromium; the server passes CHROMIUM_PATH from its configuration. */
  chromiumPath?: string;
}

/** Prints a complete HTML document to PDF. */
export async function htmlToPdf(html: string, opts: PdfOptions): Promise<Buffer> {
  const executablePath = opts.chromiumPath ?? DEFAULT_CHROMIUM;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    // A page from a context of its own (STACK.md §5), with scripts off and no way out to the network.
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    await context.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort('blockedbyclient')));
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const margin = PAGE_MARGINS[opts.landscape ? 'landscape' : 'portrait'];
    const pdf = await page.pdf({
      format: 'A4',
      landscape: opts.landscape ?? false,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footerTemplate(opts.footer),
      margin,
      preferCSSPageSize: false,
      tagged: true,
      outline: true,
    });
    await context.close();
    return pdf;
  } finally {
    await browser.close();
  }
}
