import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { snapshotDatabase } from '../../../test/support/db-snapshot.ts';
import { demoDatabase } from '../../../test/support/report-fixtures.ts';
import { createTestDb, TEST_DB_KIND } from '../../../test/support/test-db.ts';
import { loadDemoConsultations } from '../../cli/commands/demo-consultation.ts';
import { loadDemoFollowUp } from '../../cli/commands/demo-follow-up.ts';
import { loadDemo } from '../../cli/commands/demo-load.ts';
import { latestMigration, migrate, openDb, type Db } from '../../db/open-db.ts';
import { migrations } from '../../db/migrations/index.ts';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { addComment, getConsultation } from '../consultation/consultation.service.ts';
import { createDocument, exportDocument } from '../strategy/documents.service.ts';
import { BACKUP_FORMAT, BACKUP_TABLES, backupTableProblems, restoreBackup, verifyBackup, writeBackup } from './backup.service.ts';

/**
 * Backup and restore through real databases. The suite runs on PGlite, and in CI again on PostgreSQL
 * (DATABASE_URL set): each pass runs the directions its database allows, and the test names say which.
 * PGlite in memory is always at hand, so the PostgreSQL pass also moves PGlite → PostgreSQL (the
 * acceptance test of issue 6) and PostgreSQL → PGlite.
 */
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const SUITE = TEST_DB_KIND === 'postgres' ? 'PostgreSQL' : 'PGlite';
const OTHERS = ['0138', '0360', '0481'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samspel-backup-'));
const open: Db[] = [];

async function track<T extends Db>(db: Promise<T>): Promise<T> {
  const d = await db;
  open.push(d);
  return d;
}

/** An embedded database in memory; migrated unless asked not to (then the restore must migrate it). */
async function memoryPglite(opts: { migrated: boolean }): Promise<Db> {
  const db = await track(openDb({ kind: 'pglite', dataDir: 'memory://' }));
  if (opts.migrated) await migrate(db.db);
  return db;
}

/** The demo instance (documents, follow-up 2016–2025, consultation) on an in-memory PGlite. */
async function pgliteDemo(): Promise<Db> {
  const db = await memoryPglite({ migrated: true });
  await loadDemo(db.db);
  await loadDemoFollowUp(db.db);
  await loadDemoConsultations(db.db);
  return db;
}

/**
 * Two report jobs beside the demo data, so that bytea (a file), jsonb (params, error) and nullable
 * timestamps travel too: the demo data has none.
 */
async function addReportJobs(db: Kysely<Database>): Promise<void> {
  const file = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256))]);
  await db
    .insertInto('report_job')
    .values([
      { municipality_code: '2380', kind: 'follow-up', format: 'pdf', lang: 'sv', params: JSON.stringify({ year: 2025, documentId: null, note: 'Östersund "2025"\n' }), status: 'done', progress: 100, stage: 'done', attempts: 1, file_name: 'uppfoljning-2025.pdf', content_type: 'application/pdf', result: file, result_size: file.length, started_at: sql<Date>`now() - interval '3 seconds'` as never, finished_at: sql<Date>`now()` as never },
      { municipality_code: '0138', kind: 'action-plan', format: 'docx', lang: 'en', params: JSON.stringify({ year: null }), status: 'failed', progress: 40, attempts: 3, error: JSON.stringify({ title: 'Chromium is missing', detail: null }) },
    ])
    .execute();
}

/** The snapshot of every application table (Kysely's own tables record when each database was migrated). */
async function tables(db: Kysely<Database>) {
  return (await snapshotDatabase(db)).filter((t) => !t.table.startsWith('kysely_'));
}

/** Per table, the md5 of one municipality's rows. */
async function municipalitySnapshot(db: Kysely<Database>, code: string) {
  const out: Record<string, string> = {};
  for (const t of BACKUP_TABLES) {
    const r = await sql<{ n: number; md5: string | null }>`
      select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as md5 from ${sql.table(t.name)} t where ${sql.ref(`t.${t.tenant}`)} = ${code}`.execute(db);
    out[t.name] = `${r.rows[0]!.n}:${r.rows[0]!.md5 ?? '-'}`;
  }
  return out;
}

async function documentExports(db: Kysely<Database>) {
  const ids = (await db.selectFrom('document').select('id').orderBy('id').execute()).map((r) => r.id);
  return Promise.all(ids.map(async (id) => [id, await exportDocument(db, id)] as const));
}

/** Rewrites a backup's lines (after gunzip); with `rehash`, the trailer's checksum is made to fit again. */
function rewrite(from: string, to: string, edit: (lines: string[]) => string[], opts: { rehash: boolean }) {
  const lines = gunzipSync(fs.readFileSync(from)).toString('utf8').split('\n').slice(0, -1);
  const trailer = JSON.parse(lines.pop()!) as { sha256: string };
  const body = edit(lines);
  if (opts.rehash) trailer.sha256 = createHash('sha256').update(body.map((l) => `${l}\n`).join('')).digest('hex');
  fs.writeFileSync(to, gzipSync([...body, JSON.stringify(trailer)].map((l) => `${l}\n`).join('')));
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

let source: Db;

beforeAll(async () => {
  source = await track(demoDatabase());
  await addReportJobs(source.db);
});

afterAll(async () => {
  for (const db of open.reverse()) await db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('BACKUP_TABLES', () => {
  it(`lists every table the migrations create, parents before children, each with its municipality column (${SUITE})`, async () => {
    expect(await backupTableProblems(source.db)).toEqual([]);
  });

  it(`names a table a new migration would add without adding it to the list, and the backup refuses to run (${SUITE})`, async () => {
    const db = await track(createTestDb());
    await sql`create table backup_probe (id uuid primary key, municipality_code char(4) not null references municipality(code))`.execute(db.db);
    expect(await backupTableProblems(db.db)).toEqual(['table backup_probe is not in BACKUP_TABLES (src/services/system/backup.service.ts), so a backup would leave it out']);
    const file = path.join(tmp, 'incomplete.samspel');
    await expect(writeBackup(db.db, file)).rejects.toThrow(/backup_probe is not in BACKUP_TABLES/);
    expect(fs.existsSync(file)).toBe(false);
  });
});

interface Direction {
  name: string;
  from: () => Promise<Db>;
  to: () => Promise<Db>;
  /** Whether the target starts with no tables at all (the restore migrates it). */
  empty: boolean;
}

// Each pass runs what its database allows; nothing is skipped.
const directions: Direction[] =
  TEST_DB_KIND === 'postgres'
    ? [
        { name: 'PostgreSQL → PostgreSQL', from: async () => source, to: () => track(createTestDb()), empty: false },
        {
          name: 'PGlite → PostgreSQL (acceptance: the embedded database moved to a server)',
          from: async () => {
            const db = await pgliteDemo();
            await addReportJobs(db.db);
            return db;
          },
          to: () => track(createTestDb()),
          empty: false,
        },
        { name: 'PostgreSQL → PGlite with no tables yet (the restore migrates it first)', from: async () => source, to: () => memoryPglite({ migrated: false }), empty: true },
      ]
    : [
        { name: 'PGlite → PGlite', from: async () => source, to: () => track(createTestDb()), empty: false },
        { name: 'PGlite → PGlite with no tables yet (the restore migrates it first)', from: async () => source, to: () => memoryPglite({ migrated: false }), empty: true },
      ];

describe('the demo instance, backed up and restored', () => {
  for (const { name, from, to, empty } of directions)
    it(`${name}: every document exports identically and every table is equal, ids included`, async () => {
    const a = await from();
    const b = await to();
    expect(await latestMigration(b.db)).toBe(empty ? null : Object.keys(migrations).at(-1));
    const file = path.join(tmp, `${name.replace(/\W+/g, '-')}.samspel`);
    const progress: string[] = [];
    const written = await writeBackup(a.db, file, { onTable: (t) => progress.push(`${t.table}:${t.rows}`) });
    expect(written.municipalities).toEqual(['0138', '0360', '0481', '2380']);
    expect(written.tables.map((t) => t.table)).toEqual(BACKUP_TABLES.map((t) => t.name));
    expect(progress).toHaveLength(BACKUP_TABLES.length);
    expect(written.tables.find((t) => t.table === 'report_job')?.rows).toBe(2);
    expect(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const restored = await restoreBackup(b.db, file);
    expect(restored.rows).toBe(written.rows);
    expect(restored.migration).toEqual({ file: Object.keys(migrations).at(-1), database: Object.keys(migrations).at(-1) });

    expect(await tables(b.db)).toEqual(await tables(a.db));
    const exports = await documentExports(a.db);
    expect(exports.length).toBeGreaterThanOrEqual(6);
    expect(await documentExports(b.db)).toEqual(exports);
    // The file the generated document was stored as comes back byte for byte.
    const job = (db: Kysely<Database>) => db.selectFrom('report_job').select(['result', 'params']).where('status', '=', 'done').executeTakeFirstOrThrow();
    const [before, after] = [await job(a.db), await job(b.db)];
    expect(Buffer.compare(Buffer.from(after.result!), Buffer.from(before.result!))).toBe(0);
    expect(after.params).toEqual({ year: 2025, documentId: null, note: 'Östersund "2025"\n' });
    });

  it(`writes after a restore do not collide: a new consultation comment and a new document draw past the restored maximum (${SUITE} → ${SUITE})`, async () => {
    const b = await track(createTestDb());
    const file = path.join(tmp, 'write-after.samspel');
    await writeBackup(source.db, file);
    await restoreBackup(b.db, file);
    const maxSeq = async () => Number((await b.db.selectFrom('consultation_comment').select((e) => e.fn.max('seq').as('m')).executeTakeFirstOrThrow()).m);
    const maxStamp = async () => Number((await b.db.selectFrom('document').select((e) => e.fn.max('content_version').as('m')).executeTakeFirstOrThrow()).m);
    const [seqBefore, stampBefore] = [await maxSeq(), await maxStamp()];
    expect(seqBefore).toBeGreaterThanOrEqual(7);

    const consultation = await b.db.selectFrom('consultation').select(['id']).executeTakeFirstOrThrow();
    const unit = await b.db.selectFrom('org_unit').select('id').where('municipality_code', '=', '0138').where('name', '=', 'Kommunstyrelsen').executeTakeFirstOrThrow();
    const comment = await addComment(b.db, consultation.id, { unitId: unit.id, target: { kind: 'document', key: null }, text: 'Skriven efter återläsningen.', role: null }, { today: '2026-12-20' });
    const seq = (await b.db.selectFrom('consultation_comment').select('seq').where('id', '=', comment.id).executeTakeFirstOrThrow()).seq;
    expect(Number(seq)).toBe(seqBefore + 1);
    expect((await getConsultation(b.db, consultation.id, { today: '2026-12-20' })).comments.at(-1)?.text).toBe('Skriven efter återläsningen.');

    const doc = await createDocument(b.db, '2380', { key: 'ny-plan', type: 'plan', typeLabel: null, title: 'Ny plan', subtitle: null, appliesTo: null, adoptedBy: null, decisionDate: null, caseNumber: null, owner: null, validFrom: null, validUntil: null, validIndefinitely: false, implements: null, goalLevels: ['Mål'], note: null });
    const stamp = (await b.db.selectFrom('document').select('content_version').where('id', '=', doc.id).executeTakeFirstOrThrow()).content_version;
    expect(Number(stamp)).toBeGreaterThan(stampBefore);
  });
});

describe(`moving Östersund (2380) into a database that has the other three (${SUITE} → ${SUITE})`, () => {
  let target: Db;
  const others = path.join(tmp, 'others.samspel');
  const ostersund = path.join(tmp, '2380.samspel');
  let othersBefore: Record<string, Record<string, string>>;

  beforeAll(async () => {
    target = await track(createTestDb());
    await writeBackup(source.db, others, { municipalities: OTHERS });
    await restoreBackup(target.db, others);
    othersBefore = Object.fromEntries(await Promise.all(OTHERS.map(async (c) => [c, await municipalitySnapshot(target.db, c)] as const)));
  });

  it('backs up 2380 only: the header names it and every row in the file is Östersund’s', async () => {
    const r = await writeBackup(source.db, ostersund, { municipalities: ['2380'] });
    expect(r.municipalities).toEqual(['2380']);
    const lines = gunzipSync(fs.readFileSync(ostersund)).toString('utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]!);
    expect(header).toMatchObject({ format: BACKUP_FORMAT, municipalities: ['2380'], migration: Object.keys(migrations).at(-1) });
    const rows = lines.slice(1, -1).map((l) => JSON.parse(l)).filter((o) => o.table === undefined);
    expect(rows.length).toBe(r.rows);
    expect(new Set(rows.map((o) => o.municipality_code ?? o.code))).toEqual(new Set(['2380']));
    const { trailer } = await verifyBackup(ostersund);
    expect(trailer.total).toBe(r.rows);
  });

  it('refuses an unknown municipality with not_found and writes no file', async () => {
    const e = await refusal(writeBackup(source.db, path.join(tmp, 'none.samspel'), { municipalities: ['2380', '9999'] }));
    expect([e.code, e.message]).toEqual(['not_found', 'There is no municipality 9999 in this database (it has 0138, 0360, 0481, 2380)']);
    expect(fs.existsSync(path.join(tmp, 'none.samspel'))).toBe(false);
  });

  const damaged: Array<[string, () => string, RegExp]> = [
    [
      'a truncated file',
      () => {
        const f = path.join(tmp, 'truncated.samspel');
        const bytes = fs.readFileSync(ostersund);
        fs.writeFileSync(f, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
        return f;
      },
      /is cut short/,
    ],
    [
      'a file cut at a line, gzip intact (no trailer)',
      () => {
        const f = path.join(tmp, 'cut-at-line.samspel');
        const lines = gunzipSync(fs.readFileSync(ostersund)).toString('utf8').split('\n');
        fs.writeFileSync(f, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).map((l) => `${l}\n`).join('')));
        return f;
      },
      /is cut short: it ends after line \d+ without its trailer/,
    ],
    [
      'an altered byte inside the gzip stream',
      () => {
        const f = path.join(tmp, 'flipped.samspel');
        const bytes = Buffer.from(fs.readFileSync(ostersund));
        bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
        fs.writeFileSync(f, bytes);
        return f;
      },
      // Which check sees it first depends on where the flipped bit lands: inflate, a line, or gzip's CRC.
      /is (damaged|cut short)/,
    ],
    [
      'an altered byte in a row, recompressed (checksum)',
      () => {
        const f = path.join(tmp, 'altered.samspel');
        rewrite(ostersund, f, (lines) => lines.map((l) => l.replace('"name":"Östersund"', '"name":"Östersunc"')), { rehash: false });
        return f;
      },
      /has been altered: its checksum does not match its content/,
    ],
    [
      'a different format',
      () => {
        const f = path.join(tmp, 'format.samspel');
        rewrite(ostersund, f, ([h, ...rest]) => [JSON.stringify({ ...JSON.parse(h!), format: 'samspel/backup@2' }), ...rest], { rehash: true });
        return f;
      },
      /is in the format samspel\/backup@2, which this version of Samspel cannot read \(it reads samspel\/backup@1\)/,
    ],
    [
      'a document export instead of a backup',
      () => {
        const f = path.join(tmp, 'document.json');
        fs.writeFileSync(f, JSON.stringify({ format: 'samspel/document@1' }));
        return f;
      },
      /is damaged or not a Samspel backup/,
    ],
    [
      'a newer migration than this Samspel knows',
      () => {
        const f = path.join(tmp, 'newer.samspel');
        rewrite(ostersund, f, ([h, ...rest]) => [JSON.stringify({ ...JSON.parse(h!), migration: '2099-01-01-099-from-the-future' }), ...rest], { rehash: true });
        return f;
      },
      /was made by a database at migration 2099-01-01-099-from-the-future, newer than this version of Samspel \(its newest is 2026-/,
    ],
  ];

  it.each(damaged)('refuses %s with a validation error and changes nothing', async (_what, make, message) => {
    const file = make();
    const before = await tables(target.db);
    const e = await refusal(restoreBackup(target.db, file));
    expect(e.code).toBe('validation');
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/nothing was restored$/);
    expect(await tables(target.db)).toEqual(before);
  });

  it('refuses a file whose municipalities the database already has, naming them, and changes nothing', async () => {
    const before = await tables(target.db);
    const e = await refusal(restoreBackup(target.db, others));
    expect(e.code).toBe('conflict');
    expect(e.message).toBe('This database already has the municipalities 0138 (Tyresö), 0360 (Tierp), 0481 (Oxelösund); nothing was restored. Delete them first, or restore into another database');
    expect(await tables(target.db)).toEqual(before);
  });

  it('restores 2380: every table then equals the demo instance’s, and the other three are untouched', async () => {
    const r = await restoreBackup(target.db, ostersund);
    expect(r.municipalities).toEqual(['2380']);
    for (const c of OTHERS) expect(await municipalitySnapshot(target.db, c)).toEqual(othersBefore[c]);
    expect(await municipalitySnapshot(target.db, '2380')).toEqual(await municipalitySnapshot(source.db, '2380'));
    expect(await tables(target.db)).toEqual(await tables(source.db));
  });
});
