import path from 'node:path';
import { sql } from 'kysely';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DB_KIND } from '../../test/support/test-db.ts';
import type { Db } from './open-db.ts';

/**
 * schema.ts against the database the migrations make: the same tables and columns, each typed as the
 * driver reads it, null where the column may be null and nowhere else, Generated where the database
 * fills it in, and a column with `check (col in (...))` typed as exactly the union of those values.
 * schema.ts is read with the TypeScript compiler; the database from its catalogue.
 */

const SCHEMA_FILE = path.join(import.meta.dirname, 'schema.ts');
/** Kysely's own bookkeeping, not part of the application's schema. */
const KYSELY_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

/** A column as schema.ts types it (its select type, and whether an insert must give it). */
interface TsColumn {
  /** The declared type as written, for messages. */
  written: string;
  /** The kinds of the select type's non-null members: 'string', 'number', 'boolean', 'Date', 'unknown', 'union' (string literals) or the type's name. */
  kinds: string[];
  /** The string literals of the select type, sorted; empty when it has none. */
  literals: string[];
  nullable: boolean;
  insert: 'required' | 'optional' | 'never';
}
/** A column as the database has it. */
interface DbColumn {
  dataType: string;
  nullable: boolean;
  /** The database fills it in when an insert leaves it out (a default, an identity or a generated column). */
  hasDefault: boolean;
  /** An identity or generated column that takes no value from an insert. */
  generatedAlways: boolean;
}
type Tables<C> = Map<string, Map<string, C>>;
/** `table.column` → the values its CHECK allows, sorted. */
type CheckLists = Map<string, string[]>;

/** Reads the `Database` interface of schema.ts with the compiler, under the project's own compiler options. */
function readTsSchema(file: string): Tables<TsColumn> {
  const configFile = ts.findConfigFile(path.dirname(file), ts.sys.fileExists);
  if (!configFile) throw new Error('no tsconfig.json above src/db');
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configFile, ts.sys.readFile).config, ts.sys, path.dirname(configFile));
  const program = ts.createProgram([file], { ...config.options, noEmit: true });
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`cannot read ${file}`);
  // An import that does not resolve would make a column `any` and hide its real type.
  const errors = ts.getPreEmitDiagnostics(program, source);
  if (errors.length > 0) throw new Error(`schema.ts does not compile:\n${ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' })}`);
  const checker = program.getTypeChecker();
  const database = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Database');
  if (!database) throw new Error('schema.ts has no interface Database');

  const describeSelect = (t: ts.Type) => {
    let nullable = false;
    const kinds = new Set<string>();
    const literals: string[] = [];
    for (const m of t.isUnion() ? t.types : [t]) {
      if (m.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) nullable = true;
      else if (m.isStringLiteral()) literals.push(m.value);
      else if (m.flags & ts.TypeFlags.BooleanLiteral || m.flags & ts.TypeFlags.Boolean) kinds.add('boolean');
      else if (m.flags & ts.TypeFlags.String) kinds.add('string');
      else if (m.flags & ts.TypeFlags.Number) kinds.add('number');
      else if (m.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) kinds.add('unknown');
      else kinds.add(checker.typeToString(m));
    }
    if (literals.length > 0) kinds.add('union');
    return { nullable, kinds: [...kinds].sort(), literals: literals.sort() };
  };
  // Kysely's rule: a column whose insert type admits undefined or null may be left out; `never` cannot be given.
  const insertOf = (t: ts.Type): TsColumn['insert'] => {
    if (t.flags & ts.TypeFlags.Never) return 'never';
    const members = t.isUnion() ? t.types : [t];
    return members.some((m) => m.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Unknown | ts.TypeFlags.Any)) ? 'optional' : 'required';
  };

  const out: Tables<TsColumn> = new Map();
  for (const table of checker.getPropertiesOfType(checker.getTypeAtLocation(database.name))) {
    const columns = new Map<string, TsColumn>();
    for (const column of checker.getPropertiesOfType(checker.getTypeOfSymbol(table))) {
      const declared = checker.getTypeOfSymbol(column);
      // ColumnType<S, I, U> (and Generated<S>) is { __select__: S; __insert__: I; __update__: U }.
      const part = (name: string) => {
        const p = declared.isUnion() ? undefined : declared.getProperty(name);
        return p ? checker.getTypeOfSymbol(p) : declared;
      };
      const decl = column.valueDeclaration;
      const written = decl && ts.isPropertySignature(decl) && decl.type ? decl.type.getText() : checker.typeToString(declared);
      columns.set(column.name, { written, ...describeSelect(part('__select__')), insert: insertOf(part('__insert__')) });
    }
    out.set(table.name, columns);
  }
  return out;
}

/** The application's tables and columns, in the schema the connection works in. */
async function readDbSchema(db: Db['db']): Promise<Tables<DbColumn>> {
  const { rows } = await sql<{ table_name: string; column_name: string; data_type: string; nullable: boolean; has_default: boolean; generated_always: boolean }>`
    select c.table_name, c.column_name, c.data_type, c.is_nullable = 'YES' as nullable,
           (c.column_default is not null or c.is_identity = 'YES' or c.is_generated = 'ALWAYS') as has_default,
           (coalesce(c.identity_generation, '') = 'ALWAYS' or c.is_generated = 'ALWAYS') as generated_always
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(db);
  const out: Tables<DbColumn> = new Map();
  for (const r of rows) {
    if (KYSELY_TABLES.has(r.table_name)) continue;
    if (!out.has(r.table_name)) out.set(r.table_name, new Map());
    out.get(r.table_name)!.set(r.column_name, { dataType: r.data_type, nullable: r.nullable, hasDefault: r.has_default, generatedAlways: r.generated_always });
  }
  return out;
}

/** Every CHECK constraint of the schema, as PostgreSQL prints it. */
async function readChecks(db: Db['db']): Promise<Array<{ table: string; name: string; definition: string }>> {
  const { rows } = await sql<{ table: string; name: string; definition: string }>`
    select cl.relname as table, con.conname as name, pg_get_constraintdef(con.oid) as definition
    from pg_constraint con join pg_class cl on cl.oid = con.conrelid
    where con.contype = 'c' and cl.relnamespace = current_schema()::regnamespace
    order by cl.relname, con.conname`.execute(db);
  return rows;
}

const IDENT = String.raw`(\w+|"(?:[^"]|"")+")`;
const LITERAL = String.raw`'((?:[^']|'')*)'::[\w ]+`;
/** `CHECK ((col = ANY (ARRAY['a'::text, 'b'::text])))`, as both PostgreSQL and PGlite print `check (col in ('a', 'b'))` (varchar adds a cast of the array). */
const ANY_ARRAY = new RegExp(String.raw`^CHECK \(\(${IDENT} = ANY \(\(?ARRAY\[(.*?)\]\)?(?:::[\w ]+\[\])?\)\)\)$`);
/** `check (col in ('a'))` is printed as `CHECK ((col = 'a'::text))`. */
const ONE_VALUE = new RegExp(String.raw`^CHECK \(\(${IDENT} = ${LITERAL}\)\)$`);

const unquote = (ident: string) => (ident.startsWith('"') ? ident.slice(1, -1).replaceAll('""', '"') : ident);

/** The value lists of the `check (col in (...))` constraints; a list in any other form is a problem (so none is skipped unread). */
function checkLists(checks: Array<{ table: string; name: string; definition: string }>): { lists: CheckLists; problems: string[] } {
  const lists: CheckLists = new Map();
  const problems: string[] = [];
  for (const c of checks) {
    let column: string | undefined;
    let values: string[] | undefined;
    const any = ANY_ARRAY.exec(c.definition);
    const one = ONE_VALUE.exec(c.definition);
    if (any) {
      column = unquote(any[1]!);
      values = [...any[2]!.matchAll(new RegExp(LITERAL, 'g'))].map((m) => m[1]!.replaceAll("''", "'"));
      // Every element must have been a literal: nothing else may sit between them.
      if (any[2]!.replace(new RegExp(LITERAL, 'g'), '').replace(/[\s,]/g, '') !== '') values = undefined;
    } else if (one) {
      column = unquote(one[1]!);
      values = [one[2]!.replaceAll("''", "'")];
    } else if (/= ANY \(|ARRAY\[/.test(c.definition)) {
      problems.push(`${c.table}: the check ${c.name} lists values in a form this test cannot read: ${c.definition}`);
      continue;
    } else continue;
    if (!values) {
      problems.push(`${c.table}.${column}: the check ${c.name} lists something other than plain values: ${c.definition}`);
      continue;
    }
    const key = `${c.table}.${column}`;
    if (lists.has(key)) problems.push(`${key}: more than one check lists its values (${c.name} among them)`);
    lists.set(key, values.sort());
  }
  return { lists, problems };
}

/** What the driver gives for each data type (open-db.ts sets the parsers for date and numeric). */
const READ_AS: Record<string, { ok: (kinds: string[]) => boolean; expected: string }> = {
  text: { ok: (k) => same(k, ['string']) || same(k, ['union']), expected: 'string or a union of strings' },
  character: { ok: (k) => same(k, ['string']) || same(k, ['union']), expected: 'string or a union of strings' },
  'character varying': { ok: (k) => same(k, ['string']) || same(k, ['union']), expected: 'string or a union of strings' },
  uuid: { ok: (k) => same(k, ['string']), expected: 'string' },
  integer: { ok: (k) => same(k, ['number']), expected: 'number' },
  smallint: { ok: (k) => same(k, ['number']), expected: 'number' },
  bigint: { ok: (k) => same(k, ['string']), expected: 'string (node-postgres reads int8 as its decimal text)' },
  numeric: { ok: (k) => same(k, ['string']), expected: 'string (open-db.ts keeps numeric as its decimal text: the Numeric type)' },
  boolean: { ok: (k) => same(k, ['boolean']), expected: 'boolean' },
  'timestamp with time zone': { ok: (k) => same(k, ['Date']), expected: 'Date (Timestamp, NullableTimestamp)' },
  date: { ok: (k) => same(k, ['string']), expected: "string 'YYYY-MM-DD' (open-db.ts's parser: DateCol)" },
  jsonb: { ok: (k) => !k.some((x) => ['string', 'number', 'boolean', 'union', 'Date'].includes(x)), expected: 'the parsed JSON (Json<T> or unknown)' },
  bytea: { ok: (k) => k.length > 0 && k.every((x) => /^(Buffer|Uint8Array)\b/.test(x)), expected: 'Buffer' },
};
function same(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
const list = (values: string[]) => values.map((v) => `'${v}'`).join(' | ');

/** Every difference between schema.ts and the database, one line each, naming table.column. */
function compareSchema(tsTables: Tables<TsColumn>, dbTables: Tables<DbColumn>, lists: CheckLists): string[] {
  const problems: string[] = [];
  for (const table of dbTables.keys()) if (!tsTables.has(table)) problems.push(`${table}: a table of the database that the Database interface of schema.ts lacks`);
  for (const table of tsTables.keys()) if (!dbTables.has(table)) problems.push(`${table}: in the Database interface of schema.ts, but not a table of the database`);
  for (const [table, dbColumns] of dbTables) {
    const tsColumns = tsTables.get(table);
    if (!tsColumns) continue;
    for (const [name, c] of dbColumns) if (!tsColumns.has(name)) problems.push(`${table}.${name}: a column of the database (${c.dataType}) that schema.ts lacks`);
    for (const name of tsColumns.keys()) if (!dbColumns.has(name)) problems.push(`${table}.${name}: typed in schema.ts, but not a column of the database`);
    for (const [name, c] of dbColumns) {
      const t = tsColumns.get(name);
      if (!t) continue;
      const at = `${table}.${name}`;
      const rule = READ_AS[c.dataType];
      if (!rule) problems.push(`${at}: the database type ${c.dataType} has no rule in this test: add one`);
      else if (!rule.ok(t.kinds)) problems.push(`${at}: ${c.dataType} is read as ${rule.expected}, but schema.ts types it ${t.written}`);

      // `unknown` (a JSON document) already admits null.
      if (!same(t.kinds, ['unknown'])) {
        if (c.nullable && !t.nullable) problems.push(`${at}: nullable in the database, but schema.ts types it ${t.written}, without null`);
        if (!c.nullable && t.nullable) problems.push(`${at}: not null in the database, but schema.ts types it ${t.written}, with null`);
      }

      if (c.generatedAlways && t.insert !== 'never') problems.push(`${at}: generated by the database and never inserted, but schema.ts lets an insert give it (${t.written}); use ColumnType<…, never, never>`);
      else if (!c.generatedAlways && c.hasDefault && t.insert === 'required') problems.push(`${at}: has a default in the database, but schema.ts makes every insert give it (${t.written}); use Generated<…>`);
      else if (!c.hasDefault && !c.nullable && t.insert !== 'required') problems.push(`${at}: not null and without a default in the database, but schema.ts lets an insert leave it out (${t.written})`);

      const allowed = lists.get(at);
      if (allowed) {
        if (!same(t.kinds, ['union'])) problems.push(`${at}: the database allows only ${list(allowed)}, but schema.ts types it ${t.written}`);
        else if (!same(t.literals, allowed)) {
          const missing = allowed.filter((v) => !t.literals.includes(v));
          const extra = t.literals.filter((v) => !allowed.includes(v));
          problems.push(
            `${at}: the database allows ${list(allowed)}, schema.ts ${list(t.literals)}` +
              (missing.length > 0 ? `; missing in schema.ts: ${list(missing)}` : '') +
              (extra.length > 0 ? `; not allowed by the database: ${list(extra)}` : ''),
          );
        }
      } else if (t.kinds.includes('union')) {
        problems.push(`${at}: schema.ts types it as the union ${list(t.literals)}, but the database has no check (${name} in (...)) that keeps other values out`);
      }
    }
  }
  for (const key of lists.keys()) {
    const [table, column] = key.split('.') as [string, string];
    if (!dbTables.get(table)?.has(column)) problems.push(`${key}: a check lists values for a column this test cannot find`);
  }
  return problems;
}

describe(`schema.ts against the migrated database (${TEST_DB_KIND})`, () => {
  let db: Db;
  let tsTables: Tables<TsColumn>;
  let dbTables: Tables<DbColumn>;
  let lists: CheckLists;
  let listProblems: string[];

  beforeAll(async () => {
    db = await createTestDb();
    tsTables = readTsSchema(SCHEMA_FILE);
    dbTables = await readDbSchema(db.db);
    ({ lists, problems: listProblems } = checkLists(await readChecks(db.db)));
  });
  afterAll(async () => {
    await db?.close();
  });

  it('reads both sides', () => {
    expect(dbTables.size).toBeGreaterThan(25);
    expect(tsTables.get('document')?.get('status')?.literals).toEqual(['adopted', 'consultation', 'draft', 'expired', 'superseded']);
    expect(lists.get('document.status')).toEqual(['adopted', 'consultation', 'draft', 'expired', 'superseded']);
    expect(lists.get('target.sex')).toEqual(['men', 'total', 'women']);
    expect(listProblems).toEqual([]);
  });

  it('has the same tables and columns, typed as the database has them', () => {
    expect(compareSchema(tsTables, dbTables, lists)).toEqual([]);
  });

  it('reports a union that differs from the check, and a nullability that differs from the column', () => {
    const altered: Tables<TsColumn> = new Map([...tsTables].map(([t, cs]) => [t, new Map(cs)]));
    const status = altered.get('period')!.get('status')!;
    altered.get('period')!.set('status', { ...status, literals: ['archived', 'open'] });
    const subtitle = altered.get('document')!.get('subtitle')!;
    altered.get('document')!.set('subtitle', { ...subtitle, nullable: false });
    expect(compareSchema(altered, dbTables, lists)).toEqual([
      "document.subtitle: nullable in the database, but schema.ts types it string | null, without null",
      "period.status: the database allows 'closed' | 'open', schema.ts 'archived' | 'open'; missing in schema.ts: 'closed'; not allowed by the database: 'archived'",
    ]);
  });

  it('reads the check forms PostgreSQL prints, and refuses a list it cannot read', () => {
    const { lists: l, problems } = checkLists([
      { table: 't', name: 'a', definition: "CHECK ((kind = ANY (ARRAY['x'::text, 'it''s'::text])))" },
      { table: 't', name: 'b', definition: "CHECK ((\"order\" = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])))" },
      { table: 't', name: 'c', definition: "CHECK ((one = 'only'::text))" },
      { table: 't', name: 'd', definition: "CHECK (((status = 'done'::text) = (result IS NOT NULL)))" },
      { table: 't', name: 'e', definition: "CHECK (((x IS NULL) OR (x = ANY (ARRAY['p'::text, 'q'::text]))))" },
    ]);
    expect(Object.fromEntries(l)).toEqual({ 't.kind': ["it's", 'x'], 't.order': ['a', 'b'], 't.one': ['only'] });
    expect(problems).toEqual([expect.stringContaining('t: the check e lists values in a form this test cannot read')]);
  });
});
