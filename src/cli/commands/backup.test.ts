import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { snapshotDatabase } from '../../../test/support/db-snapshot.ts';
import { scratchDatabaseEnv } from '../../../test/support/scratch-db.ts';
import { TEST_DB_KIND } from '../../../test/support/test-db.ts';
import { openDb } from '../../db/open-db.ts';
import { loginWithPassword } from '../../services/auth/sessions.service.ts';
import { BACKUP_TABLES, NEVER_BACKED_UP } from '../../services/system/backup.service.ts';
import { EXIT, runCli } from '../main.ts';

/**
 * `samspel backup FILE` and `samspel restore FILE` as an administrator runs them, on scratch databases of
 * the suite's kind (a PGlite directory, or on CI's PostgreSQL pass a database of its own). The PostgreSQL
 * pass also runs the README's move: Tyresö from an embedded database (PGLITE_DIR) to the server.
 */
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const SUITE = TEST_DB_KIND === 'postgres' ? 'PostgreSQL' : 'PGlite';

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { log: (s: string) => void (out.stdout += `${s}\n`), error: (s: string) => void (out.stderr += `${s}\n`), write: (s: string) => void (out.stdout += s) } };
}

type Scratch = Awaited<ReturnType<typeof scratchDatabaseEnv>>;
let first: Scratch;
let second: Scratch;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samspel-cli-backup-'));
const env = (s: { env: Record<string, string> }) => ({ ...s.env, LOG_LEVEL: 'silent' });
const file = path.join(tmp, 'demo.samspel');

/** Every application table of the database an environment names (Kysely's own tables say when it was migrated). */
async function snapshot(e: Record<string, string>) {
  const db = await openDb(e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir: e.PGLITE_DIR! });
  try {
    return (await snapshotDatabase(db.db)).filter((t) => !t.table.startsWith('kysely_'));
  } finally {
    await db.close();
  }
}

/** Per table, the count and md5 of one municipality's rows (for accounts: those with a role there). */
async function municipalityRows(e: Record<string, string>, code: string) {
  const db = await openDb(e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir: e.PGLITE_DIR! });
  try {
    const out: Record<string, string> = {};
    for (const t of BACKUP_TABLES) {
      const where =
        typeof t.tenant === 'string'
          ? sql`${sql.ref(`t.${t.tenant}`)} = ${code}`
          : sql`${sql.ref(`t.${t.tenant.user}`)} in (select user_id from role_grant where municipality_code = ${code})`;
      const r = await sql<{ n: number; md5: string | null }>`
        select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as md5 from ${sql.table(t.name)} t where ${where}`.execute(db.db);
      out[t.name] = `${r.rows[0]!.n}:${r.rows[0]!.md5 ?? '(empty)'}`;
    }
    return out;
  } finally {
    await db.close();
  }
}

/** What snapshotDatabase would say, table by table, of a database holding only this municipality's rows (and no sessions). */
async function snapshotOf(e: Record<string, string>, code: string) {
  const rows = await municipalityRows(e, code);
  for (const t of NEVER_BACKED_UP) if (!t.startsWith('kysely_')) rows[t] = '0:(empty)';
  return Object.fromEntries(
    Object.entries(rows).map(([table, v]) => {
      const [n, md5] = v.split(':');
      return [table, { table, rows: Number(n), md5 }];
    }),
  );
}

async function run(argv: string[], e: Record<string, string>, stdin?: string) {
  const c = capture();
  const code = await runCli(argv, c.io, e, stdin);
  return { code, ...c.out };
}

beforeAll(async () => {
  first = await scratchDatabaseEnv();
  second = await scratchDatabaseEnv();
  expect((await run(['demo', 'load'], env(first))).code).toBe(EXIT.ok);
});
afterAll(async () => {
  await first.cleanup();
  await second.cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe(`samspel backup and samspel restore (${SUITE} → ${SUITE})`, () => {
  it('backs up the demo instance with each table’s rows on standard error, and restores it into an empty database table for table', async () => {
    const b = await run(['backup', file], env(first));
    expect(b.code).toBe(EXIT.ok);
    expect(b.stderr).toMatch(/^municipality: 4 row\(s\)$/m);
    expect(b.stderr).toMatch(/^indicator_value: \d+ row\(s\)$/m);
    expect(b.stdout).toMatch(new RegExp(`^Wrote ${file} \\(\\d+ KB\\): 4 municipalities \\(0138, 0360, 0481, 2380\\), ${BACKUP_TABLES.length} tables, \\d+ rows, migration 2026-\\S+, in [\\d.]+ s$`, 'm'));
    expect(fs.readdirSync(tmp)).toEqual(['demo.samspel']);

    const r = await run(['restore', file], env(second));
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toMatch(/checksum correct/);
    expect(r.stderr).toMatch(/^consultation_comment: 7 row\(s\)$/m);
    expect(r.stdout).toMatch(new RegExp(`^Restored 4 municipalities \\(0138, 0360, 0481, 2380\\) from ${file}: ${BACKUP_TABLES.length} tables, \\d+ rows, in [\\d.]+ s$`, 'm'));
    expect(await snapshot(second.env)).toEqual(await snapshot(first.env));
  });

  it('refuses to restore into a database that already has the municipalities (exit 65), naming them, and changes nothing', async () => {
    const before = await snapshot(second.env);
    const r = await run(['restore', file], env(second));
    expect(r.code).toBe(EXIT.dataError);
    expect(r.stderr).toContain('This database already has the municipalities 0138 (Tyresö), 0360 (Tierp), 0481 (Oxelösund), 2380 (Östersund); nothing was restored');
    expect(await snapshot(second.env)).toEqual(before);
  });

  it('refuses a damaged file with exit 65 and changes nothing', async () => {
    const damaged = path.join(tmp, 'damaged.samspel');
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(damaged, bytes.subarray(0, bytes.length - 100));
    const before = await snapshot(second.env);
    const r = await run(['restore', damaged], env(second));
    expect(r.code).toBe(EXIT.dataError);
    expect(r.stderr).toMatch(/damaged\.samspel is (cut short|damaged)/);
    expect(await snapshot(second.env)).toEqual(before);
  });

  it('takes --municipality repeated and as a comma list', async () => {
    const part = path.join(tmp, 'three.samspel');
    const b = await run(['backup', part, '--municipality', '0138', '--municipality', '0360,0481'], env(first));
    expect(b.code).toBe(EXIT.ok);
    expect(b.stdout).toContain('3 municipalities (0138, 0360, 0481)');
    const header = JSON.parse(gunzipSync(fs.readFileSync(part)).toString('utf8').split('\n')[0]!);
    expect(header.municipalities).toEqual(['0138', '0360', '0481']);
  });

  it.each([
    [['backup'], EXIT.usage, 'backup needs a file'],
    [['restore'], EXIT.usage, 'restore needs a file'],
    [['backup', 'a.samspel', 'b.samspel'], EXIT.usage, 'backup takes one file, not "b.samspel" as well'],
    [['backup', 'x.samspel', '--municipality', '238'], EXIT.usage, '--municipality must be four-digit municipality codes'],
    [['restore', 'x.samspel', '--municipality', '2380'], EXIT.usage, 'restore takes no --municipality'],
    [['restore', '/nonexistent/x.samspel'], EXIT.notFound, 'there is no file /nonexistent/x.samspel'],
    [['backup', '/nonexistent/x.samspel'], EXIT.notFound, 'there is no directory /nonexistent'],
  ])('refuses %j with exit %i and says why', async (argv, code, message) => {
    const r = await run(argv, env(first));
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(message);
  });

  it('restores beside a first administrator made with samspel user create; the accounts’ passwords sign in, and no one is signed in', async () => {
    const fresh = await scratchDatabaseEnv();
    try {
      const created = await run(['user', 'create', 'forste@server.example', '--name', 'Första administratören', '--instance-admin'], env(fresh), 'den första av alla\n');
      expect(created.code).toBe(EXIT.ok);
      const r = await run(['restore', file], env(fresh));
      expect(r.code).toBe(EXIT.ok);
      expect(r.stdout).toContain('No session was restored: everyone signs in again.');
      const db = await openDb(fresh.env.DATABASE_URL ? { kind: 'postgres', url: fresh.env.DATABASE_URL } : { kind: 'pglite', dataDir: fresh.env.PGLITE_DIR! });
      try {
        const emails = (await db.db.selectFrom('app_user').select('email').orderBy('email').execute()).map((u) => u.email);
        expect(emails).toHaveLength(1 + 16);
        expect(emails).toContain('forste@server.example');
        expect((await loginWithPassword(db.db, { email: 'strateg.0481@demo.samspel.se', password: 'samspel-demo', address: '192.0.2.3' })).token).toBeTruthy();
        expect((await loginWithPassword(db.db, { email: 'forste@server.example', password: 'den första av alla', address: '192.0.2.3' })).token).toBeTruthy();
      } finally {
        await db.close();
      }
      // Restoring again is refused on the municipalities, not the accounts that are now here.
      const again = await run(['restore', file], env(fresh));
      expect(again.code).toBe(EXIT.dataError);
      expect(again.stderr).toContain('This database already has the municipalities');
    } finally {
      await fresh.cleanup();
    }
  });

  it('refuses (exit 65), naming the address, a file whose account this database has under another id, and changes nothing', async () => {
    const fresh = await scratchDatabaseEnv();
    try {
      const part = path.join(tmp, 'tierp.samspel');
      expect((await run(['backup', part, '--municipality', '0360'], env(first))).code).toBe(EXIT.ok);
      expect((await run(['user', 'create', 'lasare.0360@demo.samspel.se', '--name', 'Någon annan', '--sso-only'], env(fresh))).code).toBe(EXIT.ok);
      const before = await snapshot(fresh.env);
      const r = await run(['restore', part], env(fresh));
      expect(r.code).toBe(EXIT.dataError);
      expect(r.stderr).toContain("Error: This database already has an account for lasare.0360@demo.samspel.se that is not the file's");
      expect(r.stderr).toMatch(/^ {2}lasare\.0360@demo\.samspel\.se: this database has lasare\.0360@demo\.samspel\.se under the id [0-9a-f-]{36}, the file under [0-9a-f-]{36}$/m);
      expect(await snapshot(fresh.env)).toEqual(before);
    } finally {
      await fresh.cleanup();
    }
  });

  it('exits 66 for a municipality the database does not have, and writes no file', async () => {
    const none = path.join(tmp, 'none.samspel');
    const r = await run(['backup', none, '--municipality', '9999'], env(first));
    expect(r.code).toBe(EXIT.notFound);
    expect(r.stderr).toContain('There is no municipality 9999 in this database');
    expect(fs.existsSync(none)).toBe(false);
    expect(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

// The PostgreSQL pass has a server to move to: the README's example, run as written.
if (TEST_DB_KIND === 'postgres') {
  describe('moving between PGlite and PostgreSQL on the command line', () => {
    let embedded: { env: Record<string, string> };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samspel-cli-embedded-'));

    beforeAll(async () => {
      embedded = { env: { PGLITE_DIR: path.join(dir, 'db') } };
      expect((await run(['demo', 'load'], env(embedded))).code).toBe(EXIT.ok);
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('PGlite → PostgreSQL: PGLITE_DIR=… samspel backup x.samspel --municipality 0138, then DATABASE_URL=… samspel restore x.samspel', async () => {
      const target = await scratchDatabaseEnv();
      try {
        const x = path.join(tmp, 'tyreso.samspel');
        expect((await run(['backup', x, '--municipality', '0138'], env(embedded))).code).toBe(EXIT.ok);
        const r = await run(['restore', x], env(target));
        expect(r.code).toBe(EXIT.ok);
        expect(r.stdout).toContain('Restored 1 municipality (0138)');
        // Tyresö alone moved, and every one of its rows in every table is on the server as it was in the embedded database.
        expect((await snapshot(target.env)).find((t) => t.table === 'municipality')?.rows).toBe(1);
        expect(await municipalityRows(target.env, '0138')).toEqual(await municipalityRows(embedded.env, '0138'));
        expect(Object.fromEntries((await snapshot(target.env)).map((t) => [t.table, t]))).toEqual(await snapshotOf(target.env, '0138'));
      } finally {
        await target.cleanup();
      }
    });

    it('PostgreSQL → PGlite: the whole server into an empty embedded database, table for table', async () => {
      const into = { env: { PGLITE_DIR: path.join(dir, 'restored') } };
      expect((await run(['restore', file], env(into))).code).toBe(EXIT.ok);
      expect(await snapshot(into.env)).toEqual(await snapshot(first.env));
    });
  });
}
