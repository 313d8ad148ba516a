import os from 'node:os';
import { Piscina } from 'piscina';
import type { AnyReport } from './model.ts';
import { reportFile, reportHtml } from './render.ts';
import type { RenderTask } from './render-worker.ts';
import type { ReportLang } from './text.ts';

/**
 * Reports are laid out in worker threads (piscina): building a DOCX of a large municipality takes a
 * second or more of CPU, and on the server's own thread every other request would wait for it
 * (issue 13: the health check took 1.29 s during a DOCX). Threads start when the first report is asked
 * for and stop after a minute without work, so an idle server holds none.
 *
 * From source (tests, `npm run dev`, the CLI through tsx) the worker is the TypeScript file, loaded
 * with tsx; from the build it is dist/render-worker.js beside dist/main.js.
 */
const fromSource = import.meta.url.endsWith('.ts');
let pool: Piscina<RenderTask, string | Uint8Array> | null = null;

function thePool(): Piscina<RenderTask, string | Uint8Array> {
  pool ??= new Piscina({
    filename: new URL(fromSource ? './render-worker.ts' : './render-worker.js', import.meta.url).href,
    ...(fromSource ? { execArgv: ['--import', 'tsx'] } : {}),
    minThreads: 0,
    maxThreads: Math.max(1, Math.min(2, os.availableParallelism() - 1)),
    idleTimeout: 60_000,
  });
  return pool;
}

/**
 * Whether to lay out in this thread instead: asked by a one-shot command (the CLI's report, which has no
 * other requests to keep answering and would only pay a thread's start), or RENDER_IN_WORKERS=off (a debugger).
 */
const inline = (here: boolean) => here || process.env.RENDER_IN_WORKERS === 'off';

export async function renderHtml(report: AnyReport, lang: ReportLang, here = false): Promise<string> {
  if (inline(here)) return reportHtml(report, lang);
  return (await thePool().run({ report, format: 'html', lang })) as string;
}

export async function renderFile(report: AnyReport, format: 'docx' | 'xlsx', lang: ReportLang, here = false): Promise<Buffer> {
  if (inline(here)) return reportFile(report, format, lang);
  const out = (await thePool().run({ report, format, lang })) as Uint8Array;
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/** How many layout threads run now (none before the first report and after a minute idle). */
export function renderThreads(): number {
  return pool?.threads.length ?? 0;
}

/** Stops the threads (server shutdown, the end of a CLI command). */
export async function closeRenderPool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.destroy();
}
