import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { scratchDatabaseEnv } from '../../../test/support/scratch-db.ts';
import { TEST_DB_KIND } from '../../../test/support/test-db.ts';
import { openDb } from '../../db/open-db.ts';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { findUserIdByEmail, getUser } from '../../services/auth/accounts.service.ts';
import { loginWithPassword, resolveSession } from '../../services/auth/sessions.service.ts';
import { resolveApiToken } from '../../services/auth/tokens.service.ts';
import { EXIT, runCli } from '../main.ts';

/**
 * `samspel user …` as whoever runs the server uses it, on a scratch database of the suite's kind with the
 * demo data (its municipalities and units). The password comes as standard input: runCli's `stdin`, and
 * once through a real process with a pipe and with /dev/null.
 */
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const SUITE = TEST_DB_KIND === 'postgres' ? 'PostgreSQL' : 'PGlite';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let scratch: Awaited<ReturnType<typeof scratchDatabaseEnv>>;
const env = () => ({ ...scratch.env, LOG_LEVEL: 'silent' });

async function run(argv: string[], stdin?: string) {
  const out = { stdout: '', stderr: '' };
  const io = { log: (s: string) => void (out.stdout += `${s}\n`), error: (s: string) => void (out.stderr += `${s}\n`), write: (s: string) => void (out.stdout += s) };
  const code = await runCli(argv, io, env(), stdin);
  return { code, ...out };
}

/** The scratch database, opened for a look between commands (PGlite allows one process at a time). */
async function withDb<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const e = scratch.env;
  const db = await openDb(e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir: e.PGLITE_DIR! });
  try {
    return await fn(db.db);
  } finally {
    await db.close();
  }
}

const signIn = (email: string, password: string) => withDb((db) => loginWithPassword(db, { email, password, address: '192.0.2.7' }));

async function refusedSignIn(email: string, password: string): Promise<string> {
  const e = await signIn(email, password).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return (e as DomainError).code;
}

/** The same command in its own process, standard input given as bytes (or /dev/null), as a shell runs it. */
function samspel(args: string[], stdin: string | 'devnull'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/samspel.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env() },
      stdio: [stdin === 'devnull' ? fs.openSync('/dev/null', 'r') : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (stdin !== 'devnull') child.stdin!.end(stdin);
  });
}

beforeAll(async () => {
  scratch = await scratchDatabaseEnv();
  expect((await run(['demo', 'load'])).code).toBe(EXIT.ok);
});
afterAll(async () => {
  await scratch.cleanup();
});

describe(`samspel user create (${SUITE})`, () => {
  it('makes the first instance administrator with the password from standard input: prints the id, and the password signs in', async () => {
    const r = await run(['user', 'create', 'Drift@Kommun.example', '--name', 'Drift och förvaltning', '--instance-admin'], 'Lång och säker fras 7\n');
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    const id = r.stdout.trim();
    expect(id).toMatch(UUID);
    expect(r.stderr).toContain('Created the account drift@kommun.example (Drift och förvaltning): instance administrator');

    const user = await withDb((db) => getUser(db, id));
    expect(user).toMatchObject({ email: 'drift@kommun.example', displayName: 'Drift och förvaltning', instanceAdmin: true, hasPassword: true, singleSignOn: false, grants: [] });
    const row = await withDb((db) => db.selectFrom('app_user').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow());
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain('Lång och säker fras 7');
    expect((await signIn('drift@kommun.example', 'Lång och säker fras 7')).userId).toBe(id);
    // The audit log says the command line made it.
    const audit = await withDb((db) => db.selectFrom('audit_log').select(['actor', 'action']).where('entity', '=', 'app_user').where('entity_id', '=', id).execute());
    expect(audit).toContainEqual({ actor: 'cli:user create', action: 'insert' });
  });

  it('gives the new account a role for a unit and the units below it at once', async () => {
    const unit = await withDb((db) => db.selectFrom('org_unit').select(['id', 'name']).where('municipality_code', '=', '0138').where('parent_id', 'is not', null).orderBy('name').executeTakeFirstOrThrow());
    const r = await run(['user', 'create', 'rapport.0138@kommun.example', '--name', 'Rut Rapportör', '--municipality', '0138', '--role', 'reporter', '--unit', unit.id], 'en fras som räcker till\n');
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toContain(`reporter in 0138 for ${unit.name} and the units below it`);
    const user = await withDb((db) => getUser(db, r.stdout.trim()));
    expect(user.grants.map((g) => ({ municipalityCode: g.municipalityCode, role: g.role, unitId: g.unitId }))).toEqual([{ municipalityCode: '0138', role: 'reporter', unitId: unit.id }]);
  });

  it('makes an account for single sign-on only without reading standard input', async () => {
    const r = await run(['user', 'create', 'sso@kommun.example', '--name', 'Sara Sso', '--sso-only']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toContain('signs in through single sign-on only');
    expect(await withDb((db) => getUser(db, r.stdout.trim()))).toMatchObject({ hasPassword: false, instanceAdmin: false, grants: [] });
  });

  it.each([
    ['no input at all', '', EXIT.usage, 'no password on standard input'],
    ['an empty line', '\n', EXIT.usage, 'no password on standard input'],
    ['two lines', 'första raden är lång\nandra raden\n', EXIT.usage, 'standard input has more than one line'],
    ['a short password', 'kort\n', EXIT.dataError, 'password (standard input): must be at least 12 characters long'],
    ['the address as password', 'ny.person@kommun.example\n', EXIT.dataError, 'password (standard input): is too easy to guess'],
  ])('refuses %s, says why, and makes no account', async (_what, stdin, code, message) => {
    const r = await run(['user', 'create', 'ny.person@kommun.example', '--name', 'Ny Person'], stdin);
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
    expect(await withDb((db) => findUserIdByEmail(db, 'ny.person@kommun.example'))).toBeNull();
  });

  it('is all or nothing: a role in a municipality that does not exist leaves no account behind (exit 65)', async () => {
    const r = await run(['user', 'create', 'ingen@kommun.example', '--name', 'Ingen', '--municipality', '9999', '--role', 'reader'], 'en fras som räcker till\n');
    expect(r.code).toBe(EXIT.dataError);
    expect(r.stderr).toContain('There is no municipality 9999');
    expect(await withDb((db) => findUserIdByEmail(db, 'ingen@kommun.example'))).toBeNull();
  });

  it('refuses an address that already has an account', async () => {
    const r = await run(['user', 'create', 'DRIFT@kommun.example', '--name', 'Igen'], 'en annan fras som räcker\n');
    expect(r.code).toBe(EXIT.failure);
    expect(r.stderr).toContain('There is already an account for drift@kommun.example');
  });

  it('refuses a password given as an argument, before anything runs', async () => {
    const r = await run(['user', 'create', 'arg@kommun.example', '--name', 'Arg', '--password', 'hemligt lösenord 1']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain("Unknown option '--password'");
    expect(await withDb((db) => findUserIdByEmail(db, 'arg@kommun.example'))).toBeNull();
  });
});

describe(`samspel user grant, revoke, list (${SUITE})`, () => {
  it('grants a role, lists it per municipality and for the whole instance, and revokes it', async () => {
    const g = await run(['user', 'grant', 'sso@kommun.example', '--municipality', '0360', '--role', 'strategist']);
    expect(g.code).toBe(EXIT.ok);
    expect(g.stdout).toMatch(/^sso@kommun\.example: strategist in 0360 \(role [0-9a-f-]{36}\)$/m);
    // Granting the same role again changes nothing.
    expect((await run(['user', 'grant', 'sso@kommun.example', '--municipality', '0360', '--role', 'strategist'])).code).toBe(EXIT.ok);

    const tierp = await run(['user', 'list', '--municipality', '0360']);
    expect(tierp.code).toBe(EXIT.ok);
    const lines = tierp.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
    expect(lines).toContainEqual(['sso@kommun.example', 'Sara Sso', '0360 strategist', 'no password']);
    // The demo's four accounts of Tierp, and no one without a role there.
    expect(lines.map((l) => l[0]).sort()).toEqual(['admin.0360@demo.samspel.se', 'lasare.0360@demo.samspel.se', 'rapportor.0360@demo.samspel.se', 'sso@kommun.example', 'strateg.0360@demo.samspel.se']);
    expect(tierp.stderr).toContain('5 account(s) with a role in 0360');

    const all = await run(['user', 'list']);
    const rows = all.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
    expect(rows).toContainEqual(['drift@kommun.example', 'Drift och förvaltning', '-', 'instance administrator']);
    expect(rows.find((r) => r[0] === 'admin.2380@demo.samspel.se')?.slice(2)).toEqual(['2380 administrator', 'demo']);
    expect(rows).toHaveLength(16 + 3);

    const r = await run(['user', 'revoke', 'sso@kommun.example', '--municipality', '0360', '--role', 'strategist']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toContain('sso@kommun.example: revoked strategist in 0360');
    const user = await withDb(async (db) => getUser(db, (await findUserIdByEmail(db, 'sso@kommun.example'))!));
    expect(user.grants).toEqual([]);
  });

  it('revokes every role in a municipality when no --role is given, and no other municipality’s', async () => {
    expect((await run(['user', 'grant', 'sso@kommun.example', '--municipality', '0481', '--role', 'reader'])).code).toBe(EXIT.ok);
    expect((await run(['user', 'grant', 'sso@kommun.example', '--municipality', '0481', '--role', 'administrator'])).code).toBe(EXIT.ok);
    expect((await run(['user', 'grant', 'sso@kommun.example', '--municipality', '2380', '--role', 'reader'])).code).toBe(EXIT.ok);
    const r = await run(['user', 'revoke', 'sso@kommun.example', '--municipality', '0481']);
    expect(r.code).toBe(EXIT.ok);
    const user = await withDb(async (db) => getUser(db, (await findUserIdByEmail(db, 'sso@kommun.example'))!));
    expect(user.grants.map((g) => `${g.municipalityCode} ${g.role}`)).toEqual(['2380 reader']);
  });

  it.each([
    [['user', 'grant', 'ingen.alls@kommun.example', '--municipality', '0138', '--role', 'reader'], EXIT.notFound, 'There is no account for ingen.alls@kommun.example'],
    [['user', 'revoke', 'sso@kommun.example', '--municipality', '0138', '--role', 'reader'], EXIT.notFound, 'sso@kommun.example has no role reader for the whole municipality in 0138'],
    [['user', 'grant', 'sso@kommun.example', '--municipality', '0138', '--role', 'reader', '--unit', '3f1c7a2e-0000-4000-8000-000000000000'], EXIT.dataError, 'is not in 0138'],
    [['user', 'list', '--municipality', '9999'], EXIT.notFound, 'There is no municipality with the code 9999'],
  ])('%j exits %i and says why', async (argv, code, message) => {
    const r = await run(argv);
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(message);
  });
});

describe(`samspel user disable, enable, password, token (${SUITE})`, () => {
  const email = 'rapport.0138@kommun.example';
  const password = 'en fras som räcker till';

  it('makes an API token, printed once on standard output, read-only unless --scope write', async () => {
    const read = await run(['user', 'token', email, '--name', 'Statistikexport']);
    expect(read.code).toBe(EXIT.ok);
    expect(read.stdout).toMatch(/^sps_[A-Za-z0-9_-]{43}\n$/);
    expect(read.stderr).toContain('API token "Statistikexport" (read)');
    const write = await run(['user', 'token', email, '--name', 'Inläsning', '--scope', 'write']);
    const id = await withDb(async (db) => (await findUserIdByEmail(db, email))!);
    expect(await withDb((db) => resolveApiToken(db, read.stdout.trim()))).toMatchObject({ userId: id, scope: 'read' });
    expect(await withDb((db) => resolveApiToken(db, write.stdout.trim()))).toMatchObject({ userId: id, scope: 'write' });
    // Only the hash is kept.
    const stored = await withDb((db) => db.selectFrom('api_token').select('token_hash').where('user_id', '=', id).execute());
    expect(stored.map((s) => s.token_hash)).not.toContain(read.stdout.trim());
  });

  it('disables an account: its sessions end, its tokens are revoked, it cannot sign in; enable lets it in again', async () => {
    const session = await signIn(email, password);
    const token = (await run(['user', 'token', email, '--name', 'Före avstängning'])).stdout.trim();
    const d = await run(['user', 'disable', email]);
    expect(d.code).toBe(EXIT.ok);
    expect(d.stdout).toContain(`${email} is disabled`);
    expect(await withDb((db) => resolveSession(db, session.token))).toBeNull();
    expect(await withDb((db) => resolveApiToken(db, token))).toBeNull();
    expect(await refusedSignIn(email, password)).toBe('unauthenticated');
    expect((await run(['user', 'list', '--municipality', '0138'])).stdout).toMatch(new RegExp(`^${email.replace(/\./g, '\\.')}\t.*\tdisabled$`, 'm'));
    expect((await run(['user', 'disable', email])).stdout).toContain('is already disabled');

    expect((await run(['user', 'enable', email])).code).toBe(EXIT.ok);
    expect((await signIn(email, password)).token).toBeTruthy();
    expect(await withDb((db) => resolveApiToken(db, token))).toBeNull();
  });

  it('sets a new password from standard input: the old one no longer signs in, and its sessions end', async () => {
    const session = await signIn(email, password);
    const r = await run(['user', 'password', email], 'ett helt nytt lösenord\n');
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toContain(`The password of ${email} is changed`);
    expect(await withDb((db) => resolveSession(db, session.token))).toBeNull();
    expect(await refusedSignIn(email, password)).toBe('unauthenticated');
    expect((await signIn(email, 'ett helt nytt lösenord')).token).toBeTruthy();
    const refused = await run(['user', 'password', email], '');
    expect(refused.code).toBe(EXIT.usage);
    expect(refused.stderr).toContain('no password on standard input');
    expect((await run(['user', 'password', 'ingen.alls@kommun.example'], 'ett helt nytt lösenord\n')).code).toBe(EXIT.notFound);
  });
});

describe('samspel user: usage', () => {
  it.each([
    [['user'], 'user needs one of: create, grant, revoke, list, disable, enable, password, token'],
    [['user', 'create', 'a@kommun.example'], '--name is required'],
    [['user', 'create', 'inte-en-adress', '--name', 'X'], '"inte-en-adress" is not an e-mail address'],
    [['user', 'create', 'a@kommun.example', '--name', 'X', '--role', 'reader'], '--municipality and --role go together'],
    [['user', 'grant', 'a@kommun.example', '--municipality', '0138', '--role', 'chef'], '--role must be one of reader, reporter, strategist, administrator'],
    [['user', 'grant', 'a@kommun.example', '--role', 'reader'], '--municipality is required for user grant'],
    [['user', 'grant', 'a@kommun.example', '--municipality', '138', '--role', 'reader'], '--municipality must be a four-digit municipality code'],
    [['user', 'grant', 'a@kommun.example', '--municipality', '0138', '--unit', '3f1c7a2e-0000-4000-8000-000000000000'], '--unit goes with --role'],
    [['user', 'list', '--instance-admin'], 'user list takes no --instance-admin'],
    [['user', 'list', 'a@kommun.example'], 'user list takes no address'],
    [['user', 'disable'], "user disable needs the account's e-mail address"],
    [['user', 'token', 'a@kommun.example', '--name', 'x', '--scope', 'admin'], '--scope must be read or write'],
    [['user', 'token', 'a@kommun.example'], '--name is required: what the token is for'],
  ])('%j exits 64 and says why', async (argv, message) => {
    const r = await run(argv, 'en fras som räcker till\n');
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain(message);
  });
});

describe(`samspel user as a separate process (${SUITE})`, () => {
  it('reads the password from a pipe, and refuses /dev/null with a clear message', async () => {
    const piped = await samspel(['user', 'create', 'ror@kommun.example', '--name', 'Rör Post'], 'lösenord ur ett rör\n');
    expect(piped.stderr).toContain('Created the account ror@kommun.example');
    expect(piped.code).toBe(0);
    expect(piped.stdout.trim()).toMatch(UUID);
    expect((await signIn('ror@kommun.example', 'lösenord ur ett rör')).userId).toBe(piped.stdout.trim());

    const none = await samspel(['user', 'create', 'tom@kommun.example', '--name', 'Tom'], 'devnull');
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toContain('Error: no password on standard input');
    expect(await withDb((db) => findUserIdByEmail(db, 'tom@kommun.example'))).toBeNull();
  });
});
