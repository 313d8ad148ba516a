import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline as pipelineCallback, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import { sql, type Kysely, type Transaction } from 'kysely';
import { migrations } from '../../db/migrations/index.ts';
import { latestMigration } from '../../db/open-db.ts';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';

/**
 * Logical backup and restore (`samspel backup FILE`, `samspel restore FILE`): the rows of every table,
 * portable between PGlite and PostgreSQL, so a municipality can move from the embedded database to a
 * server. The file is gzip'd JSON Lines:
 *
 *   {"format":"samspel/backup@1","createdAt":…,"migration":…,"municipalities":[…],"server":…,"tables":[{name,columns:[{name,type}]}]}
 *   {"table":"municipality","rows":4}        then exactly that many lines, one row each: {"column":value,…}
 *   {"table":"org_unit","rows":57}           … every table in foreign-key order …
 *   {"end":"samspel/backup@1","rows":{"municipality":4,…},"total":N,"sha256":"…"}
 *
 * Values: text, uuid, numeric and bigint as strings (exact), integers and booleans as JSON, timestamps as
 * ISO 8601 in UTC with microseconds, dates as YYYY-MM-DD, jsonb as JSON, bytea as base64, arrays as arrays.
 * The SHA-256 covers every line before the trailer, so a truncated or altered file is refused.
 *
 * Both directions stream: the backup reads through a cursor in one read-only repeatable-read transaction
 * (a consistent picture while the server runs) into a gzip stream; the restore reads line by line. A restore
 * is one transaction: all or nothing.
 *
 * Accounts: a backup of every municipality has every account (`app_user`), its API tokens and roles, and
 * the whole audit log; a backup of some municipalities has the accounts with a role in one of them, their
 * API tokens, and the roles in those municipalities only (an account's roles elsewhere stay behind, and so
 * does the audit log of the accounts themselves, which has no municipality). Password hashes travel
 * (argon2id is portable), so people sign in with the same password after a move. Sessions, failed sign-ins
 * and single sign-on flows in progress are never backed up: after a restore everyone signs in again.
 */

export const BACKUP_FORMAT = 'samspel/backup@1';

export interface BackupTable {
  name: keyof Database;
  /**
   * How a backup of some municipalities chooses the table's rows: the column that says which municipality a
   * row belongs to; or, for accounts (which belong to none), the column holding a user's id: the users with
   * a role in one of the municipalities. A backup of every municipality has every row.
   */
  tenant: 'code' | 'municipality_code' | { user: 'id' | 'user_id' };
  /** A foreign key to the same table: restored as null first and set when the whole table is in. */
  selfReference?: { column: string; key: string };
  /**
   * What a restore does with a row whose `id` the database already has. By default nothing is expected to
   * collide (the municipality is new there). `keep`: the row stays as the database has it (an account is
   * shared between municipalities, so it may have come with an earlier one; for `app_user` only when the
   * e-mail address is the same too, see restoreBackup). `renumber`: the row is added with a new id (the
   * audit log: the database's own history, such as the making of its first administrator, keeps its ids).
   */
  existing?: 'keep' | 'renumber';
}

/**
 * Every table the migrations create but those in NEVER_BACKED_UP, parents before children.
 * `backupTableProblems` (run before every backup, and by the test) compares this with the database's
 * catalogue, so a migration that adds a table without adding it here (or there) makes backups refuse to
 * run instead of silently leaving the table out.
 *
 * report_job is included: its files are caches that could be made again (kept 7 days), but a job moved
 * with its municipality keeps its download link working and the rows are few. The only exceptions are the
 * state of signing in (NEVER_BACKED_UP), which means nothing on another server.
 */
export const BACKUP_TABLES: readonly BackupTable[] = [
  { name: 'municipality', tenant: 'code' },
  // Accounts come early, so that a restore that must refuse one (see restoreBackup) does so before the bulk.
  { name: 'app_user', tenant: { user: 'id' }, existing: 'keep' },
  { name: 'api_token', tenant: { user: 'user_id' }, existing: 'keep' },
  { name: 'org_unit', tenant: 'municipality_code', selfReference: { column: 'parent_id', key: 'id' } },
  { name: 'role_grant', tenant: 'municipality_code' },
  { name: 'document', tenant: 'municipality_code' },
  { name: 'section', tenant: 'municipality_code' },
  { name: 'definition', tenant: 'municipality_code' },
  { name: 'area', tenant: 'municipality_code' },
  { name: 'goal', tenant: 'municipality_code', selfReference: { column: 'parent_id', key: 'id' } },
  { name: 'strategy', tenant: 'municipality_code' },
  { name: 'indicator', tenant: 'municipality_code' },
  { name: 'target', tenant: 'municipality_code' },
  { name: 'activity', tenant: 'municipality_code' },
  { name: 'activity_responsible', tenant: 'municipality_code' },
  { name: 'period', tenant: 'municipality_code' },
  { name: 'indicator_value', tenant: 'municipality_code' },
  { name: 'report', tenant: 'municipality_code' },
  { name: 'report_event', tenant: 'municipality_code' },
  { name: 'activity_follow_up', tenant: 'municipality_code' },
  { name: 'goal_assessment', tenant: 'municipality_code' },
  { name: 'consultation', tenant: 'municipality_code' },
  { name: 'consultation_recipient', tenant: 'municipality_code' },
  { name: 'consultation_comment', tenant: 'municipality_code' },
  { name: 'report_job', tenant: 'municipality_code' },
  // The history travels with the data: a moved municipality keeps who changed what and why.
  { name: 'audit_log', tenant: 'municipality_code', existing: 'renumber' },
];

/**
 * Never backed up: Kysely's own bookkeeping (the file names its newest migration instead), and the state
 * of signing in, which is short-lived and only means something on the server that made it: sessions,
 * failed sign-ins counted for the throttle, single sign-on flows in progress. After a restore everyone
 * signs in again.
 */
export const NEVER_BACKED_UP: readonly string[] = ['kysely_migration', 'kysely_migration_lock', 'user_session', 'login_attempt', 'oidc_flow'];
const INTERNAL_TABLES = new Set(NEVER_BACKED_UP);

export interface BackupColumn {
  name: string;
  /** As PostgreSQL's format_type names it: `uuid`, `character(4)`, `timestamp with time zone`, `text[]` … */
  type: string;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  /** The newest migration of the database the backup was made from. */
  migration: string;
  municipalities: string[];
  /** The server that wrote it (`PostgreSQL 18.6` for PGlite), for the reader's information. */
  server: string;
  tables: Array<{ name: string; columns: BackupColumn[] }>;
}

export interface BackupTrailer {
  end: typeof BACKUP_FORMAT;
  rows: Record<string, number>;
  total: number;
  sha256: string;
}

export interface TableCount {
  table: string;
  rows: number;
}

export interface BackupSummary {
  file: string;
  bytes: number;
  migration: string;
  municipalities: string[];
  tables: TableCount[];
  rows: number;
  sha256: string;
}

export interface RestoreSummary {
  file: string;
  /** The file's migration, and the database's newest after migrating it. */
  migration: { file: string; database: string };
  municipalities: string[];
  tables: TableCount[];
  rows: number;
  /** The e-mail addresses of the file's accounts the database already had (same id and address), kept as they were. */
  keptAccounts: string[];
}

type AnyDb = Kysely<Database> | Transaction<Database>;

// ---------------------------------------------------------------------------------------------------
// The catalogue

interface CatalogueColumn extends BackupColumn {
  /** How a value travels in the file. */
  kind: 'plain' | 'text' | 'timestamptz' | 'timestamp' | 'date' | 'json' | 'bytea' | 'array';
  notNull: boolean;
  identity: '' | 'a' | 'd';
  /** The sequence behind the column: an identity, a serial, or a `default nextval('…')`. */
  sequence: string | null;
  primaryKey: boolean;
}

function kindOf(typname: string, category: string): CatalogueColumn['kind'] {
  if (category === 'A') return 'array';
  switch (typname) {
    case 'bool':
    case 'int2':
    case 'int4':
      return 'plain';
    case 'timestamptz':
      return 'timestamptz';
    case 'timestamp':
      return 'timestamp';
    case 'date':
      return 'date';
    case 'json':
    case 'jsonb':
      return 'json';
    case 'bytea':
      return 'bytea';
    default:
      return 'text';
  }
}

/** The base tables of the current schema (public on PGlite, the search path's schema on PostgreSQL). */
async function catalogueTables(db: AnyDb): Promise<string[]> {
  const r = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p') order by c.relname`.execute(db);
  return r.rows.map((x) => x.name).filter((n) => !INTERNAL_TABLES.has(n));
}

/** A table's stored columns in order (generated columns are left out: they are computed again). */
async function catalogueColumns(db: AnyDb, table: string): Promise<CatalogueColumn[]> {
  const r = await sql<{ name: string; type: string; typname: string; category: string; not_null: boolean; identity: string; default: string | null; serial: string | null; pk: boolean }>`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, t.typname, t.typcategory as category,
      a.attnotnull as not_null, a.attidentity as identity, pg_get_expr(d.adbin, d.adrelid) as default,
      pg_get_serial_sequence(quote_ident(c.relname), a.attname) as serial,
      coalesce(a.attnum = any(pk.conkey), false) as pk
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_type t on t.oid = a.atttypid
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    left join pg_constraint pk on pk.conrelid = c.oid and pk.contype = 'p'
    where n.nspname = current_schema() and c.relname = ${table} and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    order by a.attnum`.execute(db);
  return r.rows.map((c) => {
    const nextval = c.default ? /^nextval\('((?:[^']|'')+)'::regclass\)$/.exec(c.default) : null;
    return {
      name: c.name,
      type: c.type,
      kind: kindOf(c.typname, c.category),
      notNull: c.not_null,
      identity: c.identity as CatalogueColumn['identity'],
      sequence: c.serial ?? (nextval ? nextval[1]!.replace(/''/g, "'") : null),
      primaryKey: c.pk,
    };
  });
}

/**
 * What is wrong with BACKUP_TABLES for this database: a table it lacks or names in vain, a table without
 * its tenant column, a foreign key to a table that comes later, a self-reference it does not declare.
 * Empty when a backup of this database is complete.
 */
export async function backupTableProblems(db: AnyDb): Promise<string[]> {
  const problems: string[] = [];
  const listed = BACKUP_TABLES.map((t) => t.name as string);
  const present = await catalogueTables(db);
  for (const t of present) if (!listed.includes(t)) problems.push(`table ${t} is not in BACKUP_TABLES (src/services/system/backup.service.ts), so a backup would leave it out`);
  for (const t of listed) if (!present.includes(t)) problems.push(`BACKUP_TABLES names ${t}, which the database does not have`);
  const tenants = await sql<{ table: string; column: string }>`
    select table_name as table, column_name as column from information_schema.columns
    where table_schema = current_schema() and column_name in ('code', 'municipality_code', 'id', 'user_id')`.execute(db);
  for (const t of BACKUP_TABLES) {
    if (!present.includes(t.name)) continue;
    const column = typeof t.tenant === 'string' ? t.tenant : t.tenant.user;
    if (!tenants.rows.some((r) => r.table === t.name && r.column === column)) problems.push(`table ${t.name} has no column ${column} to choose a municipality's rows by`);
  }
  const fks = await sql<{ table: string; references: string; columns: string[] }>`
    select c.relname as table, f.relname as references,
      array(select a.attname::text from unnest(k.conkey) as u(n) join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by a.attname) as columns
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_class f on f.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'f' and n.nspname = current_schema()
    order by 1, 2`.execute(db);
  for (const fk of fks.rows) {
    const from = listed.indexOf(fk.table);
    const to = listed.indexOf(fk.references);
    if (from >= 0 && INTERNAL_TABLES.has(fk.references)) problems.push(`table ${fk.table} refers to ${fk.references}, which is never backed up`);
    if (from < 0 || to < 0) continue;
    if (from === to) {
      const own = fk.columns.filter((c) => c !== 'municipality_code');
      const declared = BACKUP_TABLES[from]!.selfReference?.column;
      if (own.length !== 1 || own[0] !== declared) problems.push(`table ${fk.table} refers to itself through (${fk.columns.join(', ')}), which BACKUP_TABLES does not declare as its selfReference`);
    } else if (to > from) problems.push(`table ${fk.table} refers to ${fk.references}, which comes after it in BACKUP_TABLES`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Backup

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The SELECT expression that reads a column in the file's form. */
function readExpression(c: CatalogueColumn): string {
  const x = quoteIdent(c.name);
  switch (c.kind) {
    case 'plain':
    case 'json':
    case 'bytea':
      return x;
    case 'timestamptz':
      return `case when isfinite(${x}) then to_char(${x} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') else ${x}::text end as ${x}`;
    case 'timestamp':
      return `case when isfinite(${x}) then to_char(${x}, 'YYYY-MM-DD"T"HH24:MI:SS.US') else ${x}::text end as ${x}`;
    case 'date':
      return `case when isfinite(${x}) then to_char(${x}, 'YYYY-MM-DD') else ${x}::text end as ${x}`;
    case 'array':
      return `to_json(${x}) as ${x}`;
    case 'text':
      return `${x}::text as ${x}`;
  }
}

/** Rows per FETCH: fewer for tables that hold files. */
const fetchSize = (columns: CatalogueColumn[]) => (columns.some((c) => c.kind === 'bytea') ? 20 : 1000);

export interface BackupOptions {
  /** Only these municipalities (codes); every municipality when absent or empty. */
  municipalities?: string[];
  /** Told after each table is written. */
  onTable?: (t: TableCount) => void;
}

/**
 * Writes a backup of the database (or of some municipalities) to `file`: first to `file.<pid>.tmp`,
 * renamed into place when complete, so there is never half a file under the name.
 */
export async function writeBackup(db: Kysely<Database>, file: string, opts: BackupOptions = {}): Promise<BackupSummary> {
  const problems = await backupTableProblems(db);
  if (problems.length > 0) throw new Error(`The backup would be incomplete:\n  ${problems.join('\n  ')}`);
  const only = [...new Set(opts.municipalities ?? [])].sort();
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const summary = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const all = (await sql<{ code: string }>`select code from municipality order by code`.execute(trx)).rows.map((r) => r.code);
        const missing = only.filter((c) => !all.includes(c));
        if (missing.length > 0) throw new DomainError('not_found', `There is no municipality ${missing.join(', ')} in this database (it has ${all.join(', ') || 'none'})`);
        const codes = only.length > 0 ? only : all;
        const migration = await latestMigration(trx);
        if (!migration) throw new Error('The database has no migrations applied');
        const server = (await sql<{ v: string }>`select current_setting('server_version') as v`.execute(trx)).rows[0]?.v ?? 'unknown';
        const tables: Array<{ table: BackupTable; columns: CatalogueColumn[] }> = [];
        for (const t of BACKUP_TABLES) tables.push({ table: t, columns: await catalogueColumns(trx, t.name) });
        const header: BackupHeader = {
          format: BACKUP_FORMAT,
          createdAt: new Date().toISOString(),
          migration,
          municipalities: codes,
          server: `PostgreSQL ${server}`,
          tables: tables.map((t) => ({ name: t.table.name, columns: t.columns.map((c) => ({ name: c.name, type: c.type })) })),
        };
        const hash = createHash('sha256');
        const counts: TableCount[] = [];
        async function* lines(): AsyncGenerator<string> {
          const emit = (line: string) => {
            const l = `${line}\n`;
            hash.update(l);
            return l;
          };
          yield emit(JSON.stringify(header));
          for (const { table, columns } of tables) {
            const where = only.length === 0 ? sql`true` : rowsOf(table, only);
            const expected = Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table.name)} where ${where}`.execute(trx)).rows[0]?.n ?? 0);
            yield emit(JSON.stringify({ table: table.name, rows: expected }));
            const pk = columns.filter((c) => c.primaryKey).map((c) => quoteIdent(c.name));
            const order = sql.raw(pk.length > 0 ? `order by ${pk.join(', ')}` : '');
            await sql`declare samspel_backup no scroll cursor for select ${sql.raw(columns.map(readExpression).join(', '))} from ${sql.table(table.name)} where ${where} ${order}`.execute(trx);
            let written = 0;
            for (;;) {
              const batch = await sql<Record<string, unknown>>`fetch forward ${sql.raw(String(fetchSize(columns)))} from samspel_backup`.execute(trx);
              if (batch.rows.length === 0) break;
              let chunk = '';
              for (const row of batch.rows) chunk += emit(JSON.stringify(encodeRow(row, columns)));
              written += batch.rows.length;
              yield chunk;
            }
            await sql`close samspel_backup`.execute(trx);
            if (written !== expected) throw new Error(`Table ${table.name} gave ${written} rows, but counted ${expected}`);
            counts.push({ table: table.name, rows: written });
            opts.onTable?.({ table: table.name, rows: written });
          }
          const rows = Object.fromEntries(counts.map((c) => [c.table, c.rows]));
          const trailer: BackupTrailer = { end: BACKUP_FORMAT, rows, total: counts.reduce((s, c) => s + c.rows, 0), sha256: hash.copy().digest('hex') };
          yield `${JSON.stringify(trailer)}\n`;
        }
        await pipeline(Readable.from(lines()), createGzip(), fs.createWriteStream(tmp));
        const sha256 = hash.digest('hex');
        return { migration, municipalities: codes, tables: counts, sha256 };
      });
    // On disk before it takes the name: a backup that vanishes with a power cut is no backup.
    const fd = fs.openSync(tmp, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
    return { file, bytes: fs.statSync(file).size, ...summary, rows: summary.tables.reduce((s, t) => s + t.rows, 0) };
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** The rows of a table that belong to a backup of these municipalities. */
function rowsOf(table: BackupTable, codes: string[]) {
  const list = sql.join(codes);
  if (typeof table.tenant === 'string') return sql`${sql.ref(table.tenant)} in (${list})`;
  return sql`${sql.ref(table.tenant.user)} in (select user_id from role_grant where municipality_code in (${list}))`;
}

function encodeRow(row: Record<string, unknown>, columns: CatalogueColumn[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) {
    const v = row[c.name];
    out[c.name] = v === null || v === undefined ? null : c.kind === 'bytea' ? (v as Buffer).toString('base64') : v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Reading a file

const refuse = (file: string, why: string) => new DomainError('validation', `${file} ${why}; nothing was restored`);

/** The lines of a gzip'd file, without their newlines; gzip errors (damage, truncation) are refusals. */
async function* readLines(file: string): AsyncGenerator<string> {
  const gunzip = createGunzip();
  // Errors reach the loop below through gunzip; stopping early closes the file too.
  pipelineCallback(fs.createReadStream(file), gunzip, () => {});
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of gunzip) {
      const text = rest + decoder.write(chunk as Buffer);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        yield text.slice(start, nl);
        start = nl + 1;
      }
      rest = text.slice(start);
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new DomainError('not_found', `There is no file ${file}`);
    if (err.code?.startsWith('Z_') || err.code === 'ERR_STREAM_PREMATURE_CLOSE') {
      const what = err.code === 'Z_BUF_ERROR' ? 'is cut short (the gzip stream ends early)' : `is damaged or not a Samspel backup (gzip: ${err.message})`;
      throw refuse(file, what);
    }
    throw e;
  }
  rest += decoder.end();
  if (rest !== '') yield rest;
}

function parseLine(file: string, line: string, n: number): Record<string, unknown> {
  try {
    const v = JSON.parse(line) as unknown;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // refused below
  }
  throw refuse(file, `is damaged: line ${n} is not a JSON object`);
}

const MIGRATION_NAMES = Object.keys(migrations).sort();

function checkHeader(file: string, h: Record<string, unknown>): BackupHeader {
  if (h.format !== BACKUP_FORMAT) {
    const f = typeof h.format === 'string' ? h.format : null;
    if (f?.startsWith('samspel/backup@')) throw refuse(file, `is in the format ${f}, which this version of Samspel cannot read (it reads ${BACKUP_FORMAT})`);
    throw refuse(file, `is not a Samspel backup (its format is ${f ?? 'not given'}; a backup's is ${BACKUP_FORMAT})`);
  }
  const tables = h.tables;
  const ok =
    typeof h.migration === 'string' &&
    typeof h.createdAt === 'string' &&
    Array.isArray(h.municipalities) &&
    h.municipalities.every((c) => typeof c === 'string' && /^\d{4}$/.test(c)) &&
    Array.isArray(tables) &&
    tables.every(
      (t: unknown) =>
        typeof t === 'object' &&
        t !== null &&
        typeof (t as { name?: unknown }).name === 'string' &&
        Array.isArray((t as { columns?: unknown }).columns) &&
        (t as { columns: unknown[] }).columns.every((c) => typeof c === 'object' && c !== null && typeof (c as BackupColumn).name === 'string' && typeof (c as BackupColumn).type === 'string'),
    );
  if (!ok) throw refuse(file, 'has a damaged header (line 1)');
  const header = h as unknown as BackupHeader;
  if (!MIGRATION_NAMES.includes(header.migration)) {
    const newest = MIGRATION_NAMES.at(-1) ?? 'none';
    const why = header.migration > newest ? 'newer than' : 'unknown to';
    throw refuse(file, `was made by a database at migration ${header.migration}, ${why} this version of Samspel (its newest is ${newest}); restore it with the Samspel that made it, or a newer one`);
  }
  return header;
}

type BackupEvent =
  | { kind: 'header'; header: BackupHeader }
  | { kind: 'table'; table: string; rows: number }
  | { kind: 'row'; table: string; row: Record<string, unknown> }
  | { kind: 'end'; trailer: BackupTrailer };

/**
 * The file as events, checked as it goes: the header first (format, migration), then each table's count
 * of rows, and at the end the trailer's counts and SHA-256 against what was read. Rows are parsed only
 * when `rows` is set (the check alone does not need them).
 */
async function* readBackup(file: string, rows: boolean): AsyncGenerator<BackupEvent> {
  const hash = createHash('sha256');
  let n = 0;
  let header: BackupHeader | null = null;
  let trailer: BackupTrailer | null = null;
  let current: { table: string; left: number } | null = null;
  const counts: Record<string, number> = {};
  const seen = (h: Hash, line: string) => h.update(`${line}\n`);
  for await (const line of readLines(file)) {
    n++;
    if (trailer) throw refuse(file, `is damaged: there is more after its end (line ${n})`);
    if (!header) {
      let first: Record<string, unknown>;
      try {
        first = JSON.parse(line) as Record<string, unknown>;
        if (typeof first !== 'object' || first === null) throw new Error('not an object');
      } catch {
        throw refuse(file, `is not a Samspel backup (its first line is not a ${BACKUP_FORMAT} header)`);
      }
      header = checkHeader(file, first);
      seen(hash, line);
      yield { kind: 'header', header };
      continue;
    }
    if (current && current.left > 0) {
      seen(hash, line);
      current.left--;
      if (rows) yield { kind: 'row', table: current.table, row: parseLine(file, line, n) };
      continue;
    }
    const o = parseLine(file, line, n);
    if (typeof o.table === 'string' && Number.isSafeInteger(o.rows) && (o.rows as number) >= 0) {
      if (!header.tables.some((t) => t.name === o.table) || o.table in counts) throw refuse(file, `is damaged: line ${n} starts table ${o.table}, which the header does not list or which came before`);
      seen(hash, line);
      current = { table: o.table, left: o.rows as number };
      counts[o.table] = o.rows as number;
      yield { kind: 'table', table: o.table, rows: o.rows as number };
      continue;
    }
    if (o.end === BACKUP_FORMAT) {
      trailer = o as unknown as BackupTrailer;
      continue;
    }
    throw refuse(file, `is damaged: line ${n} is neither a row nor the start of a table`);
  }
  if (!header) throw refuse(file, 'is empty');
  if (!trailer || (current && current.left > 0)) throw refuse(file, `is cut short: it ends after line ${n} without its trailer`);
  const sha256 = hash.digest('hex');
  if (trailer.sha256 !== sha256) throw refuse(file, `has been altered: its checksum does not match its content (SHA-256 ${sha256}, the file says ${String(trailer.sha256)})`);
  const said = JSON.stringify(Object.entries(trailer.rows ?? {}).sort());
  if (said !== JSON.stringify(Object.entries(counts).sort())) throw refuse(file, 'is damaged: its row counts do not match its trailer');
  yield { kind: 'end', trailer };
}

/** Reads the whole file and checks it (format, migration, completeness, checksum) without a database. */
export async function verifyBackup(file: string): Promise<{ header: BackupHeader; trailer: BackupTrailer }> {
  let header: BackupHeader | null = null;
  let trailer: BackupTrailer | null = null;
  for await (const e of readBackup(file, false)) {
    if (e.kind === 'header') header = e.header;
    if (e.kind === 'end') trailer = e.trailer;
  }
  if (!header || !trailer) throw refuse(file, 'is not complete');
  return { header, trailer };
}

// ---------------------------------------------------------------------------------------------------
// Restore

/** How a value from the file becomes a query parameter (the file's column type says how it was written). */
function decodeValue(v: unknown, fileType: string): unknown {
  if (v === null || v === undefined) return null;
  if (fileType === 'bytea') return Buffer.from(v as string, 'base64');
  // A jsonb column holding JSON null comes back as SQL NULL: the application never stores JSON null.
  if (fileType === 'json' || fileType === 'jsonb') return JSON.stringify(v);
  return v;
}

/** Parameters per INSERT stay well below PostgreSQL's 65 535; big rows (files) flush early. */
const MAX_PARAMETERS = 30_000;
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

export interface RestoreOptions {
  /** Told after each table is restored. */
  onTable?: (t: TableCount) => void;
  /** Told when the file has been read through and found whole. */
  onVerified?: (header: BackupHeader, trailer: BackupTrailer) => void;
}

/**
 * Restores a backup into this database, all or nothing. Refused, with nothing written: a file in another
 * format, cut short or altered (checksum), made at a migration this Samspel does not know, or holding a
 * municipality the database already has, or an account whose address (or single sign-on identity) the
 * database has under another id. A database behind the file is migrated first. Identity columns keep
 * their values and every sequence is moved past the restored maximum, so new rows do not collide; an audit
 * row whose id the database already uses gets a new one. Accounts the database already has (same id and
 * address) are kept as they are, and so are the API tokens it already has (a token new to it is added); the
 * file's password hashes come along with its new accounts. No session comes along: everyone signs in again.
 */
export async function restoreBackup(db: Kysely<Database>, file: string, opts: RestoreOptions = {}): Promise<RestoreSummary> {
  if (!fs.existsSync(file)) throw new DomainError('not_found', `There is no file ${file}`);
  const { header, trailer } = await verifyBackup(file);
  opts.onVerified?.(header, trailer);
  const known = await latestMigration(db);
  if (!known || known < header.migration) throw refuse(file, `was made at migration ${header.migration}, but this database is at ${known ?? 'none'}`);

  // The target's own catalogue decides table names, column names and types: nothing from the file is SQL.
  const plan: Array<{ table: BackupTable; fileColumns: BackupColumn[]; columns: CatalogueColumn[] }> = [];
  for (const t of header.tables) {
    const table = BACKUP_TABLES.find((b) => b.name === t.name);
    if (!table) throw refuse(file, `holds a table ${t.name} that this version of Samspel does not restore`);
    const target = await catalogueColumns(db, table.name);
    if (target.length === 0) throw refuse(file, `holds a table ${t.name} that this database does not have`);
    const columns: CatalogueColumn[] = [];
    for (const c of t.columns) {
      const col = target.find((x) => x.name === c.name);
      if (!col) throw refuse(file, `holds a column ${t.name}.${c.name} that this database does not have`);
      columns.push(col);
    }
    plan.push({ table, fileColumns: t.columns, columns });
  }

  return db.transaction().execute(async (trx) => {
    // Restored rows are not changes: the audit trigger (migration 007) stays quiet in this transaction,
    // and the audit log's own rows come from the file.
    await sql`select set_config('samspel.audit', 'off', true)`.execute(trx);
    const present = await sql<{ code: string; name: string }>`select code, name from municipality where code in (${sql.join(header.municipalities.length > 0 ? header.municipalities : ['----'])}) order by code`.execute(trx);
    if (present.rows.length > 0) {
      const which = present.rows.map((m) => `${m.code} (${m.name})`).join(', ');
      throw new DomainError('conflict', `This database already has ${present.rows.length === 1 ? 'the municipality' : 'the municipalities'} ${which}; nothing was restored. Delete ${present.rows.length === 1 ? 'it' : 'them'} first, or restore into another database`, {
        details: { municipalities: present.rows.map((m) => m.code) },
      });
    }

    const counts: TableCount[] = [];
    let step: (typeof plan)[number] | null = null;
    let batch: unknown[][] = [];
    let batchBytes = 0;
    let deferred: Array<[unknown, unknown]> = [];
    let inserted = 0;
    const keptAccounts: string[] = [];
    const accountConflicts: AccountConflict[] = [];
    /** Rows of a `renumber` table whose id the database already uses: added with new ids once the table is in. */
    let renumbered: unknown[][] = [];

    const insert = async (table: BackupTable, columns: CatalogueColumn[], rows: unknown[][]) => {
      if (rows.length === 0) return;
      const overriding = columns.some((c) => c.identity === 'a') ? sql.raw(' overriding system value') : sql.raw('');
      const values = rows.map((r) => sql`(${sql.join(r.map((v, i) => sql`cast(${v} as ${sql.raw(columns[i]!.type)})`))})`);
      await sql`insert into ${sql.table(table.name)} (${sql.join(columns.map((c) => sql.id(c.name)))})${overriding} values ${sql.join(values)}`.execute(trx);
      inserted += rows.length;
    };
    const flush = async () => {
      if (!step || batch.length === 0) return;
      const { table, columns } = step;
      let rows = batch;
      batch = [];
      batchBytes = 0;
      if (table.name === 'app_user') {
        const screened = await screenAccounts(trx, file, rows, columns);
        keptAccounts.push(...screened.kept);
        accountConflicts.push(...screened.conflicts);
        rows = screened.insert;
      } else if (table.existing) {
        const idAt = columns.findIndex((c) => c.name === 'id');
        if (idAt < 0) throw refuse(file, `holds the table ${table.name} without its column id`);
        const ids = rows.map((r) => sql`cast(${r[idAt]} as ${sql.raw(columns[idAt]!.type)})`);
        const present = new Set((await sql<{ id: string }>`select id::text as id from ${sql.table(table.name)} where id in (${sql.join(ids)})`.execute(trx)).rows.map((r) => r.id));
        const isNew = (r: unknown[]) => !present.has(String(r[idAt]));
        if (table.existing === 'renumber') renumbered.push(...rows.filter((r) => !isNew(r)).map((r) => r.filter((_, i) => i !== idAt)));
        rows = rows.filter(isNew);
      }
      await insert(table, columns, rows);
    };
    const finishTable = async () => {
      if (!step) return;
      await flush();
      if (step.table.name === 'app_user' && accountConflicts.length > 0) throw accountConflictError(accountConflicts);
      if (renumbered.length > 0) {
        // New ids from the table's own sequence, moved past everything now in the table first.
        await moveSequences(trx, [step.table.name]);
        const columns = step.columns.filter((c) => c.name !== 'id');
        for (let i = 0; i < renumbered.length; i += 1000) await insert(step.table, columns, renumbered.slice(i, i + 1000));
        renumbered = [];
      }
      const self = step.table.selfReference;
      if (self && deferred.length > 0) {
        const keyType = step.columns.find((c) => c.name === self.key)?.type ?? 'text';
        const refType = step.columns.find((c) => c.name === self.column)?.type ?? 'text';
        for (let i = 0; i < deferred.length; i += 1000) {
          const part = deferred.slice(i, i + 1000).map(([k, p]) => sql`(${k}, ${p})`);
          await sql`update ${sql.table(step.table.name)} as t set ${sql.id(self.column)} = cast(v.p as ${sql.raw(refType)})
            from (values ${sql.join(part)}) as v(k, p) where t.${sql.id(self.key)} = cast(v.k as ${sql.raw(keyType)})`.execute(trx);
        }
      }
      deferred = [];
      counts.push({ table: step.table.name, rows: inserted });
      opts.onTable?.({ table: step.table.name, rows: inserted });
      step = null;
    };

    for await (const e of readBackup(file, true)) {
      if (e.kind === 'table') {
        await finishTable();
        step = plan.find((p) => p.table.name === e.table) ?? null;
        inserted = 0;
      } else if (e.kind === 'row' && step) {
        const { fileColumns, table } = step;
        const self = table.selfReference;
        const values = fileColumns.map((c) => {
          const v = e.row[c.name];
          if (self && c.name === self.column && v !== null && v !== undefined) {
            deferred.push([e.row[self.key], v]);
            return null;
          }
          return decodeValue(v, c.type);
        });
        batch.push(values);
        for (const v of values) batchBytes += typeof v === 'string' ? v.length : v instanceof Buffer ? v.length : 8;
        if ((batch.length + 1) * fileColumns.length > MAX_PARAMETERS || batchBytes > MAX_BATCH_BYTES) await flush();
      }
    }
    await finishTable();
    await moveSequences(trx, plan.map((p) => p.table.name));
    const database = (await latestMigration(trx)) ?? known;
    return { file, migration: { file: header.migration, database }, municipalities: header.municipalities, tables: counts, rows: counts.reduce((s, c) => s + c.rows, 0), keptAccounts };
  });
}

/** An account in the file that cannot join the database's accounts. */
interface AccountConflict {
  email: string;
  why: string;
}

/**
 * Which of the file's accounts to add, which the database already has (the same id and the same address:
 * kept as they are, not overwritten), and which collide with another account of the database: the same
 * address or single sign-on identity under another id, or the same id under another address.
 */
async function screenAccounts(trx: Transaction<Database>, file: string, rows: unknown[][], columns: CatalogueColumn[]): Promise<{ insert: unknown[][]; kept: string[]; conflicts: AccountConflict[] }> {
  const at = (name: string) => columns.findIndex((c) => c.name === name);
  const [iId, iEmail, iIssuer, iSubject] = [at('id'), at('email'), at('oidc_issuer'), at('oidc_subject')];
  if (iId < 0 || iEmail < 0) throw refuse(file, 'holds accounts without their id or e-mail address');
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const subjects = iSubject < 0 ? [] : rows.map((r) => text(r[iSubject])).filter((x): x is string => x !== null);
  const here = (
    await sql<{ id: string; email: string; oidc_issuer: string | null; oidc_subject: string | null }>`
      select id::text as id, email, oidc_issuer, oidc_subject from app_user
      where id::text in (${sql.join(rows.map((r) => text(r[iId])))}) or email in (${sql.join(rows.map((r) => text(r[iEmail])))})
        or oidc_subject in (${sql.join(subjects.length > 0 ? subjects : [''])})`.execute(trx)
  ).rows;
  const out = { insert: [] as unknown[][], kept: [] as string[], conflicts: [] as AccountConflict[] };
  for (const r of rows) {
    const [id, email] = [text(r[iId])!, text(r[iEmail])!];
    const [issuer, subject] = [iIssuer < 0 ? null : text(r[iIssuer]), iSubject < 0 ? null : text(r[iSubject])];
    const sameId = here.find((h) => h.id === id);
    const sameEmail = here.find((h) => h.email === email);
    const sameIdentity = issuer !== null ? here.find((h) => h.oidc_issuer === issuer && h.oidc_subject === subject && h.id !== id) : undefined;
    if (sameId && sameId.email === email) out.kept.push(email);
    else if (sameId) out.conflicts.push({ email, why: `the file's account ${id} is ${email}, but this database has it as ${sameId.email}` });
    else if (sameEmail) out.conflicts.push({ email, why: `this database has ${email} under the id ${sameEmail.id}, the file under ${id}` });
    else if (sameIdentity) out.conflicts.push({ email, why: `this database has ${sameIdentity.email} signing in as the same single sign-on identity` });
    else out.insert.push(r);
  }
  return out;
}

function accountConflictError(conflicts: AccountConflict[]): DomainError {
  const emails = [...new Set(conflicts.map((c) => c.email))];
  const which = emails.length === 1 ? `an account for ${emails[0]} that is not the file's` : `accounts for ${emails.join(', ')} that are not the file's`;
  return new DomainError('conflict', `This database already has ${which} (another id, address or single sign-on identity); nothing was restored. Change the address of one of them, or restore into another database`, {
    issues: conflicts.map((c) => ({ path: c.email, message: c.why })),
    details: { emails },
  });
}

/** Moves each sequence behind a restored column (identity, serial or `default nextval`) past the column's maximum. */
async function moveSequences(trx: Transaction<Database>, tables: string[]): Promise<void> {
  for (const table of tables) {
    for (const c of await catalogueColumns(trx, table)) {
      if (!c.sequence) continue;
      const max = (await sql<{ m: string | null }>`select max(${sql.id(c.name)})::text as m from ${sql.table(table)}`.execute(trx)).rows[0]?.m ?? null;
      if (max === null) continue;
      const last = (await sql<{ l: string | null }>`select pg_sequence_last_value(cast(${c.sequence} as regclass))::text as l`.execute(trx)).rows[0]?.l ?? null;
      if (last === null || BigInt(max) > BigInt(last)) await sql`select setval(cast(${c.sequence} as regclass), cast(${max} as bigint), true)`.execute(trx);
    }
  }
}
