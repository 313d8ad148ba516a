import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * Reads generated documents the way a person's tools do: LibreOffice opens a DOCX or XLSX and prints it
 * to PDF (headless), and poppler's pdftotext / pdfinfo / pdftoppm read the PDF. The system packages
 * are installed by scripts/test-prerequisites.sh.
 */
const run = promisify(execFile);

export const SOFFICE = process.env.SOFFICE_PATH ?? '/usr/bin/soffice';

/** LibreOffice sees only the fonts named here, whatever else the machine has installed (see the file). */
const FONTS_CONF = fileURLToPath(new URL('./fonts.conf', import.meta.url));

/** A scratch directory for one test file, removed by the caller's afterAll. */
export function scratchDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `samspel-${prefix}-`));
}

/**
 * Converts a DOCX or XLSX file to PDF with LibreOffice and returns the PDF's path. Each call has its own
 * LibreOffice profile, so conversions from parallel test files do not wait for each other's lock.
 */
export async function officeToPdf(file: string): Promise<string> {
  const outDir = path.dirname(file);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'samspel-lo-profile-'));
  try {
    await run(SOFFICE, [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, file], {
      timeout: 180_000,
      env: { ...process.env, FONTCONFIG_FILE: FONTS_CONF },
    });
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const pdf = path.join(outDir, `${path.basename(file, path.extname(file))}.pdf`);
  if (!fs.existsSync(pdf)) throw new Error(`LibreOffice did not convert ${file} to PDF`);
  return pdf;
}

/** The PDF's text in reading order, pages separated by form feeds (pdftotext -layout). */
export async function pdfText(pdf: string): Promise<string> {
  const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** The text of each page. */
export async function pdfPagesText(pdf: string): Promise<string[]> {
  return (await pdfText(pdf)).split('\f').filter((p, i, all) => i < all.length - 1 || p.trim() !== '');
}

/** Page count and page size from pdfinfo. */
export async function pdfInfo(pdf: string): Promise<{ pages: number; pageSize: string }> {
  const { stdout } = await run('pdfinfo', [pdf]);
  return { pages: Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1] ?? NaN), pageSize: /^Page size:\s+(.+)$/m.exec(stdout)?.[1]?.trim() ?? '' };
}

/** Renders every page to PNG (for a person to look at) and returns the files. */
export async function pdfToPngs(pdf: string, outPrefix: string, dpi = 60): Promise<string[]> {
  fs.mkdirSync(path.dirname(outPrefix), { recursive: true });
  await run('pdftoppm', ['-png', '-r', String(dpi), pdf, outPrefix]);
  const dir = path.dirname(outPrefix);
  const base = path.basename(outPrefix);
  return fs.readdirSync(dir).filter((f) => f.startsWith(`${base}-`) && f.endsWith('.png')).sort().map((f) => path.join(dir, f));
}

/** Collapses runs of whitespace, so a phrase split by pdftotext's layout still matches. */
export const squash = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, ' ');
