import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { scratchDatabaseEnv } from '../../test/support/scratch-db.ts';
import { EXIT, runCli } from './main.ts';

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: { log: (s: string) => void (out.stdout += `${s}\n`), error: (s: string) => void (out.stderr += `${s}\n`), write: (s: string) => void (out.stdout += s) },
  };
}

// Loading the whole demo twice on a fresh database takes 10–20 s, several times that beside the browser tests.
vi.setConfig({ testTimeout: 240_000 });

let first: Awaited<ReturnType<typeof scratchDatabaseEnv>>;
let second: Awaited<ReturnType<typeof scratchDatabaseEnv>>;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samspel-cli-'));
const env = (e: Record<string, string>) => ({ ...e, LOG_LEVEL: 'silent' });

beforeAll(async () => {
  first = await scratchDatabaseEnv();
  second = await scratchDatabaseEnv();
});
afterAll(async () => {
  await first.cleanup();
  await second.cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('samspel CLI', () => {
  it('prints usage and exits 64 on an unknown command', async () => {
    const c = capture();
    expect(await runCli(['frobnicate'], c.io, env(first.env))).toBe(EXIT.usage);
    expect(c.out.stderr).toContain('Unknown command "frobnicate"');
    expect(c.out.stderr).toContain('document export ID');
  });

  it('loads the demo data, and loading it twice duplicates nothing', async () => {
    const a = capture();
    expect(await runCli(['demo', 'load'], a.io, env(first.env))).toBe(EXIT.ok);
    expect(a.out.stdout.match(/ created/g)).toHaveLength(5);
    const b = capture();
    expect(await runCli(['demo', 'load'], b.io, env(first.env))).toBe(EXIT.ok);
    expect(b.out.stdout.match(/ unchanged/g)).toHaveLength(5);
    expect(b.out.stdout).not.toContain('created');
  });

  it('exports a document to a file and imports it into another database', async () => {
    // Find an id through the export of the listing the API would give: use the service via a second CLI call.
    const { openDb } = await import('../db/open-db.ts');
    const db = await openDb(first.env.DATABASE_URL ? { kind: 'postgres', url: first.env.DATABASE_URL } : { kind: 'pglite', dataDir: first.env.PGLITE_DIR! });
    const idOf = async (key: string) => (await db.db.selectFrom('document').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;
    const strategyId = await idOf('strategi-for-integration');
    const planId = await idOf('handlingsplan-for-integration');
    await db.close();
    // The plan implements the strategy, so the strategy goes first.
    for (const [id, name] of [[strategyId, 'strategy'], [planId, 'plan']] as const) {
      const e = capture();
      expect(await runCli(['document', 'export', id, '--out', path.join(tmp, `${name}.json`)], e.io, env(first.env))).toBe(EXIT.ok);
    }
    const exported = JSON.parse(fs.readFileSync(path.join(tmp, 'plan.json'), 'utf8'));
    expect(exported.format).toBe('samspel/document@1');
    expect(exported.document.caseNumber).toBe('KS 2017.411');
    const refused = capture();
    expect(await runCli(['document', 'import', path.join(tmp, 'plan.json')], refused.io, env(second.env))).toBe(EXIT.dataError);
    expect(refused.out.stderr).toContain('strategi-for-integration');
    for (const name of ['strategy', 'plan']) {
      const i = capture();
      expect(await runCli(['document', 'import', path.join(tmp, `${name}.json`)], i.io, env(second.env))).toBe(EXIT.ok);
      expect(i.out.stdout).toMatch(/v1: created/);
    }
  });

  it('refuses an invalid file with exit 65 and names the field', async () => {
    const file = path.join(tmp, 'bad.yaml');
    fs.writeFileSync(file, 'format: samspel/document@1\nmunicipality: {code: "36", name: Tierp}\ndocument: {key: x, type: plan, title: T}\n');
    const c = capture();
    expect(await runCli(['document', 'import', file], c.io, env(second.env))).toBe(EXIT.dataError);
    expect(c.out.stderr).toContain('/municipality/code');
  });

  it('exits 66 for a document id that does not exist', async () => {
    const c = capture();
    expect(await runCli(['document', 'export', '3f1c7a2e-0000-4000-8000-000000000000'], c.io, env(first.env))).toBe(EXIT.notFound);
    expect(c.out.stderr).toContain('There is no document');
  });
});
