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
import { withAuditContext } from '../../db/audit-context.ts';
import { effectiveRole } from '../../db/app-role.ts';
import { latestMigration, migrate, openDb, type Db } from '../../db/open-db.ts';
import { migrations } from '../../db/migrations/index.ts';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { createUser, findUserIdByEmail, grantRole } from '../auth/accounts.service.ts';
import { demoEmail, DEMO_PASSWORD, loadDemoAccounts } from '../auth/demo-accounts.ts';
import { createSession, loginWithPassword } from '../auth/sessions.service.ts';
import { createApiToken, resolveApiToken } from '../auth/tokens.service.ts';
import { addComment, getConsultation } from '../consultation/consultation.service.ts';
import { createDocument, exportDocument } from '../strategy/documents.service.ts';
import { BACKUP_FORMAT, BACKUP_TABLES, backupTableProblems, restoreBackup, NEVER_BACKED_UP, verifyBackup, writeBackup } from './backup.service.ts';

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

/** An embedded database in memory; migrated and working as the application's role unless asked not to. */
async function memoryPglite(opts: { migrated: boolean }): Promise<Db> {
  const db = await track(openDb({ kind: 'pglite', dataDir: 'memory://' }));
  if (opts.migrated) {
    await migrate(db.db);
    await db.enterAppRole();
  }
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

/** An account with roles in two municipalities (Tyresö and Östersund), and its password. */
const SHARED = 'samordnare@region.example';
const SHARED_PASSWORD = 'samordning över gränserna';
/** The instance's own administrator: no role in any municipality. */
const OPERATOR = 'drift@samspel.example';
/** Each database's API token of the shared account (made at random, so per database). */
const sharedTokens = new WeakMap<Kysely<Database>, string>();

/**
 * Accounts beside the demo data: the demo's four per municipality, the shared account with a token, the
 * operator with a token, and the state of signing in that is never backed up (a session, failed sign-ins,
 * a single sign-on flow in progress).
 */
async function addAccounts(db: Kysely<Database>): Promise<void> {
  await loadDemoAccounts(db);
  const shared = await createUser(db, { email: SHARED, displayName: 'Samordnare, regionen', password: SHARED_PASSWORD });
  await grantRole(db, shared.id, { municipalityCode: '0138', role: 'strategist', unitId: null });
  const unit = await db.selectFrom('org_unit').select('id').where('municipality_code', '=', '2380').where('parent_id', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
  await grantRole(db, shared.id, { municipalityCode: '2380', role: 'reporter', unitId: unit.id });
  sharedTokens.set(db, (await createApiToken(db, shared.id, { name: 'Samordningens export', scope: 'read' })).token);
  const operator = await createUser(db, { email: OPERATOR, displayName: 'Drift', password: 'drift och förvaltning', instanceAdmin: true });
  await createApiToken(db, operator.id, { name: 'Övervakning', scope: 'write' });
  await createSession(db, shared.id, 'password');
  await loginWithPassword(db, { email: OPERATOR, password: 'fel lösenord här', address: '192.0.2.1' }).catch(() => undefined);
  await db.insertInto('oidc_flow').values({ state_hash: 'a'.repeat(64), code_verifier: 'verifier', nonce: 'nonce', return_to: '/' }).execute();
}

/** The snapshot of every application table (Kysely's own tables record when each database was migrated; the transient ones are never backed up). */
async function tables(db: Kysely<Database>) {
  return (await snapshotDatabase(db)).filter((t) => !NEVER_BACKED_UP.includes(t.table));
}

/** The rows of the tables that are never backed up. */
async function transientRows(db: Kysely<Database>) {
  return Object.fromEntries((await snapshotDatabase(db)).filter((t) => NEVER_BACKED_UP.includes(t.table) && !t.table.startsWith('kysely_')).map((t) => [t.table, t.rows]));
}

/** A file's rows, table by table. */
function fileRows(file: string): Record<string, Array<Record<string, unknown>>> {
  const lines = gunzipSync(fs.readFileSync(file)).toString('utf8').trimEnd().split('\n').slice(1, -1);
  const out: Record<string, Array<Record<string, unknown>>> = {};
  let table = '';
  for (const l of lines) {
    const o = JSON.parse(l) as Record<string, unknown>;
    if (typeof o.table === 'string' && typeof o.rows === 'number' && Object.keys(o).length === 2) out[(table = o.table)] = [];
    else out[table]!.push(o);
  }
  return out;
}

/** Per table with a municipality column, the md5 of one municipality's rows (accounts are compared by the tests themselves). */
async function municipalitySnapshot(db: Kysely<Database>, code: string) {
  const out: Record<string, string> = {};
  for (const t of BACKUP_TABLES) {
    if (typeof t.tenant !== 'string') continue;
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
  await addAccounts(source.db);
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
    const db = await track(createTestDb({ owner: true }));
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
  /** Whether the target starts with no tables at all (migrated and switched to the app role first, as the CLI does). */
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
            await addAccounts(db.db);
            return db;
          },
          to: () => track(createTestDb()),
          empty: false,
        },
        { name: 'PostgreSQL → PGlite with no tables yet (migrated first, as `samspel restore` does)', from: async () => source, to: () => memoryPglite({ migrated: false }), empty: true },
      ]
    : [
        { name: 'PGlite → PGlite', from: async () => source, to: () => track(createTestDb()), empty: false },
        { name: 'PGlite → PGlite with no tables yet (migrated first, as `samspel restore` does)', from: async () => source, to: () => memoryPglite({ migrated: false }), empty: true },
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

    if (empty) {
      await migrate(b.db);
      await b.enterAppRole();
    }
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

    // Every account came along, the operator without a role too; no session, failed sign-in or sign-on flow did.
    expect(written.tables.find((t) => t.table === 'app_user')?.rows).toBe(16 + 2);
    expect(await transientRows(a.db)).toEqual({ login_attempt: 2, oidc_flow: 1, user_session: 1 });
    expect(await transientRows(b.db)).toEqual({ login_attempt: 0, oidc_flow: 0, user_session: 0 });
    expect(restored.keptAccounts).toEqual([]);
    // The password hash travels: the same password signs in, and the API token works.
    const shared = await findUserIdByEmail(b.db, SHARED);
    expect((await loginWithPassword(b.db, { email: SHARED, password: SHARED_PASSWORD, address: '192.0.2.2' })).userId).toBe(shared);
    expect((await loginWithPassword(b.db, { email: demoEmail('0360', 'reader'), password: DEMO_PASSWORD, address: '192.0.2.2' })).userId).toBeTruthy();
    expect(await resolveApiToken(b.db, sharedTokens.get(a.db)!)).toMatchObject({ userId: shared, scope: 'read' });
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
    const r = await restoreBackup(target.db, others);
    expect(r.keptAccounts).toEqual([]);
    // The shared account came with Tyresö; the source renames it afterwards, and Östersund's backup has the new
    // name, which the restore must not write over the account this database already has.
    await source.db.updateTable('app_user').set({ display_name: 'Samordnare (omdöpt sedan)' }).where('email', '=', SHARED).execute();
    othersBefore = Object.fromEntries(await Promise.all(OTHERS.map(async (c) => [c, await municipalitySnapshot(target.db, c)] as const)));
  });

  it('backs up 2380 only: the header names it and every row in the file is Östersund’s', async () => {
    const r = await writeBackup(source.db, ostersund, { municipalities: ['2380'] });
    expect(r.municipalities).toEqual(['2380']);
    const lines = gunzipSync(fs.readFileSync(ostersund)).toString('utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]!);
    expect(header).toMatchObject({ format: BACKUP_FORMAT, municipalities: ['2380'], migration: Object.keys(migrations).at(-1) });
    const byTable = fileRows(ostersund);
    expect(Object.values(byTable).flat().length).toBe(r.rows);
    expect(Object.keys(byTable)).toEqual(BACKUP_TABLES.map((t) => t.name));
    for (const t of BACKUP_TABLES.filter((b) => typeof b.tenant === 'string')) {
      expect(new Set(byTable[t.name]!.map((o) => o[t.tenant as string])), t.name).toEqual(new Set(byTable[t.name]!.length > 0 ? ['2380'] : []));
    }
    // The accounts with a role in Östersund (its four demo accounts and the shared one), with their tokens and
    // their roles there only; not the operator, and not the shared account's role in Tyresö.
    expect(byTable.app_user!.map((u) => u.email).sort()).toEqual([...(['administrator', 'reader', 'reporter', 'strategist'] as const).map((role) => demoEmail('2380', role)), SHARED].sort());
    const sharedId = await findUserIdByEmail(source.db, SHARED);
    expect(byTable.api_token!.map((t) => [t.user_id, t.name])).toEqual([[sharedId, 'Samordningens export']]);
    expect(byTable.role_grant!.filter((g) => g.user_id === sharedId).map((g) => [g.municipality_code, g.role])).toEqual([['2380', 'reporter']]);
    expect(byTable.app_user!.find((u) => u.email === SHARED)?.password_hash).toMatch(/^\$argon2id\$/);
    for (const t of NEVER_BACKED_UP) expect(header.tables.map((x: { name: string }) => x.name)).not.toContain(t);
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

  it('restores 2380: its rows equal the demo instance’s, the other three are untouched, and the shared account is kept as this database has it', async () => {
    const accounts = (db: Kysely<Database>) => db.selectFrom('app_user').selectAll().orderBy('email').execute();
    const sharedBefore = (await accounts(target.db)).find((u) => u.email === SHARED);
    const r = await restoreBackup(target.db, ostersund);
    expect(r.municipalities).toEqual(['2380']);
    expect(r.keptAccounts).toEqual([SHARED]);
    for (const c of OTHERS) expect(await municipalitySnapshot(target.db, c)).toEqual(othersBefore[c]);
    expect(await municipalitySnapshot(target.db, '2380')).toEqual(await municipalitySnapshot(source.db, '2380'));

    // Every account with a role somewhere, as the source has it, but the shared one as this database had it.
    const [here, there] = [await accounts(target.db), await accounts(source.db)];
    expect(here.find((u) => u.email === SHARED)).toEqual(sharedBefore);
    expect([here, there].map((list) => list.find((u) => u.email === SHARED)?.display_name)).toEqual(['Samordnare, regionen', 'Samordnare (omdöpt sedan)']);
    expect(here.filter((u) => u.email !== SHARED)).toEqual(there.filter((u) => u.email !== SHARED && u.email !== OPERATOR));
    // Its token came once, with Tyresö; its roles are the source's in both municipalities.
    const sharedId = sharedBefore!.id;
    expect(await target.db.selectFrom('api_token').select(['id', 'token_hash']).where('user_id', '=', sharedId).execute()).toEqual(
      await source.db.selectFrom('api_token').select(['id', 'token_hash']).where('user_id', '=', sharedId).execute(),
    );
    const roles = (db: Kysely<Database>) => db.selectFrom('role_grant').selectAll().orderBy('id').execute();
    expect(await roles(target.db)).toEqual(await roles(source.db));
    // Each municipality's audit trail is whole; the accounts' own (no municipality) stay behind with a partial backup.
    const trail = (db: Kysely<Database>) => db.selectFrom('audit_log').selectAll().where('municipality_code', 'is not', null).orderBy('id').execute();
    expect(await trail(target.db)).toEqual(await trail(source.db));
  });

  it('refuses an account whose address this database has under another id, naming it, and changes nothing', async () => {
    const other = await track(createTestDb());
    await createUser(other.db, { email: demoEmail('2380', 'strategist'), displayName: 'Someone else' });
    const before = await tables(other.db);
    const e = await refusal(restoreBackup(other.db, ostersund));
    expect(e.code).toBe('conflict');
    expect(e.message).toBe(`This database already has an account for ${demoEmail('2380', 'strategist')} that is not the file's (another id, address or single sign-on identity); nothing was restored. Change the address of one of them, or restore into another database`);
    expect(e.issues).toEqual([{ path: demoEmail('2380', 'strategist'), message: expect.stringMatching(/^this database has strateg\.2380@demo\.samspel\.se under the id [0-9a-f-]{36}, the file under [0-9a-f-]{36}$/) }]);
    expect(await tables(other.db)).toEqual(before);
  });

  it('refuses an account whose id this database has under another address, and changes nothing', async () => {
    const other = await track(createTestDb());
    const id = await findUserIdByEmail(source.db, demoEmail('2380', 'reader'));
    await sql`insert into app_user (id, email, display_name) values (${id}, 'annan@kommun.example', 'Annan')`.execute(other.db);
    const before = await tables(other.db);
    const e = await refusal(restoreBackup(other.db, ostersund));
    expect(e.code).toBe('conflict');
    expect(e.message).toContain(`This database already has an account for ${demoEmail('2380', 'reader')} that is not the file's`);
    expect(e.issues[0]?.message).toBe(`the file's account ${id} is ${demoEmail('2380', 'reader')}, but this database has it as annan@kommun.example`);
    expect(await tables(other.db)).toEqual(before);
  });
});

describe(`a server whose first administrator was made before the restore (${SUITE} → ${SUITE})`, () => {
  it('restores the whole instance beside it: its own audit rows keep their ids, the file’s that collide get new ones, and nothing is lost', async () => {
    const target = await track(createTestDb());
    const admin = await createUser(target.db, { email: 'forste@server.example', displayName: 'Första administratören', password: 'den första av alla', instanceAdmin: true });
    const own = await target.db.selectFrom('audit_log').selectAll().execute();
    expect(own.length).toBeGreaterThan(0);
    const file = path.join(tmp, 'beside-admin.samspel');
    const written = await writeBackup(source.db, file);
    const restored = await restoreBackup(target.db, file);
    expect(restored.rows).toBe(written.rows);

    // Both audit trails are whole: the server's own rows as they were, and every row of the file (ids aside).
    const all = await target.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    const fromSource = await source.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(all.length).toBe(own.length + fromSource.length);
    for (const o of own) expect(all).toContainEqual(o);
    const withoutId = (rows: Array<{ id: string }>) => rows.map(({ id: _id, ...rest }) => JSON.stringify(rest)).sort();
    expect(withoutId(all.filter((a) => !own.some((o) => o.id === a.id)))).toEqual(withoutId(fromSource));
    // Only the colliding ids changed.
    const colliding = fromSource.filter((f) => own.some((o) => o.id === f.id)).length;
    expect(colliding).toBeGreaterThan(0);
    expect(all.filter((a) => fromSource.some((f) => JSON.stringify(f) === JSON.stringify(a))).length).toBe(fromSource.length - colliding);
    // Every account is there beside the first administrator, and the next audit row draws past them all.
    expect(await target.db.selectFrom('app_user').select('email').where('id', '=', admin.id).executeTakeFirst()).toEqual({ email: 'forste@server.example' });
    expect(Number((await target.db.selectFrom('app_user').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)).toBe(1 + 18);
    const max = BigInt(all.at(-1)!.id);
    await createApiToken(target.db, admin.id, { name: 'efter', scope: 'read' });
    const next = await target.db.selectFrom('audit_log').select('id').where('entity', '=', 'api_token').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(BigInt(next.id)).toBeGreaterThan(max);
  });
});

// Row-level security binds ordinary roles only. Every database of this file works as the application's
// role (test/support/test-db.ts, src/db/app-role.ts), so the backups and restores above ran under the
// wall, with no request context, as the CLI runs them.
describe('under row-level security', () => {
  it('the backups and restores of this file ran as samspel_app, which the wall holds: with no municipality chosen it sees none', async () => {
    expect(await effectiveRole(source.db)).toEqual({ role: 'samspel_app', superuser: false, bypassRls: false });
    expect(await withAuditContext({ actor: 'probe', tenant: '' }, () => source.db.selectFrom('municipality').select('code').execute())).toEqual([]);
    expect((await source.db.selectFrom('municipality').select('code').orderBy('code').execute()).map((m) => m.code)).toEqual(['0138', '0360', '0481', '2380']);
  });
});
