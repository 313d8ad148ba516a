import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { officeToPdf, pdfInfo, pdfText, scratchDir, squash } from '../../../test/support/documents.ts';
import { scratchDatabaseEnv } from '../../../test/support/scratch-db.ts';
import { EXIT, runCli } from '../main.ts';

/** `samspel report …` on a database with the demo data, as a controller would run it. */
vi.setConfig({ testTimeout: 240_000 });

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { log: (s: string) => void (out.stdout += `${s}\n`), error: (s: string) => void (out.stderr += `${s}\n`), write: (s: string) => void (out.stdout += s) } };
}

let db: Awaited<ReturnType<typeof scratchDatabaseEnv>>;
const tmp = scratchDir('cli-report');
const env = () => ({ ...db.env, LOG_LEVEL: 'silent' });

beforeAll(async () => {
  db = await scratchDatabaseEnv();
  const c = capture();
  expect(await runCli(['demo', 'load'], c.io, env())).toBe(EXIT.ok);
});
afterAll(async () => {
  await db.cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('samspel report', () => {
  it('writes Tierp’s latest adopted action plan as DOCX, though its validity ended in 2018, with progress on standard error', async () => {
    const out = path.join(tmp, 'plan.docx');
    const c = capture();
    expect(await runCli(['report', 'action-plan', '--municipality', '0360', '--format', 'docx', '--out', out], c.io, env())).toBe(EXIT.ok);
    expect(c.out.stderr).toMatch(/^\s*5 % data$/m);
    expect(c.out.stderr).toMatch(/^100 % done$/m);
    expect(c.out.stdout).toContain(`to ${out}`);
    const pdf = await officeToPdf(out);
    const text = squash(await pdfText(pdf));
    // The plan's title and one of its activities, as data/demo/0360-tierp.yaml (from the seed) has them.
    expect(text).toContain('Handlingsplan för integration');
    expect(text).toContain('Huvudansvar');
    expect(text).toContain(`Sida 1 av ${(await pdfInfo(pdf)).pages}`);
  });

  it('writes Östersund’s 2025 follow-up as XLSX', async () => {
    const out = path.join(tmp, 'ostersund.xlsx');
    const c = capture();
    expect(await runCli(['report', 'follow-up', '--municipality', '2380', '--year', '2025', '--format', 'xlsx', '--out', out], c.io, env())).toBe(EXIT.ok);
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  });

  it.each([
    [['report', 'follow-up', '--municipality', '2380', '--format', 'pdf', '--out', 'x.pdf'], '--year is required'],
    [['report', 'follow-up', '--municipality', '2380', '--year', '2025', '--format', 'odt', '--out', 'x.odt'], '--format must be docx, pdf, xlsx'],
    [['report', 'proposal', '--municipality', '0138', '--format', 'xlsx', '--out', 'x.xlsx'], '--format must be docx, pdf'],
    [['report', 'proposal', '--municipality', '0138', '--format', 'pdf', '--out', 'x.pdf'], '--document is required'],
    [['report', 'action-plan', '--municipality', '360', '--format', 'pdf', '--out', 'x.pdf'], '--municipality must be a four-digit'],
    [['report', 'action-plan', '--municipality', '0360', '--format', 'pdf'], '--out must name the file'],
    [['report', 'yearbook', '--municipality', '0360'], 'report needs one of: follow-up, action-plan, proposal'],
  ])('refuses %j with exit 64 and says why (%s)', async (argv, message) => {
    const c = capture();
    expect(await runCli(argv, c.io, env())).toBe(EXIT.usage);
    expect(c.out.stderr).toContain(message);
  });

  it('exits 66 for a municipality without an action plan, and writes no file', async () => {
    const out = path.join(tmp, 'none.pdf');
    const c = capture();
    // Tyresö's demo data has a policy but no action plan.
    expect(await runCli(['report', 'action-plan', '--municipality', '0138', '--format', 'pdf', '--out', out], c.io, env())).toBe(EXIT.notFound);
    expect(c.out.stderr).toContain('has no action plan');
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
