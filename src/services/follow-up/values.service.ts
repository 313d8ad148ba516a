import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { DomainError, type FieldIssue } from '../../domain/errors.ts';
import { cellKey, checkValue, type RowIssue, type ValueInput } from '../../domain/follow-up/values.ts';
import { periodsOfYear, yearKey } from '../../domain/periods/period.ts';
import type { IndicatorUnit, Sex } from '../../domain/strategy/types.ts';
import { conflictOnUniqueViolation, inTransaction } from '../db-errors.ts';
import { findDocumentRow, loadUnitMaps, type Db } from '../strategy/document.repo.ts';
import { today } from './periods.service.ts';

export type { ValueDto } from '../../shared/api/views.ts';
import type { ValueDto } from '../../shared/api/views.ts';

/**
 * Indicator values: entered in batches (JSON rows, a CSV or XLSX file, a unit's report) and one by one
 * (GET/PATCH/DELETE /values/{id}). Every value carries a version (`lockVersion`); a write that would
 * overwrite someone else's newer value is refused, a write that changes nothing writes nothing (and so
 * leaves no audit row). The rules with worked examples: docs/methodology/indicator-values.md,
 * "Editing values".
 */

/** A row to write: the long form, and the version of the stored value it changes (absent for a new cell). */
export type ValueRowInput = ValueInput & { lockVersion?: number | null | undefined };

/** The stored content of a value, as the conflicts and the single-value routes show it. */
export type StoredValue = { id: string; lockVersion: number } & Pick<ValueInput, 'value' | 'numerator' | 'denominator' | 'status' | 'source' | 'note' | 'seriesBreak' | 'example'>;

/** A row refused because of its version: what it said, and what is stored now (null: the value is gone). */
export interface ValueConflict {
  row: number;
  yourVersion: number | null;
  current: StoredValue | null;
}

export interface ImportOptions {
  /**
   * Overwrite stored values whatever their version: a file import that says `replace: true` (an
   * explicit choice, noted in the audit log's reason), and a unit's report, whose own lockVersion
   * guards its values.
   */
  replace?: boolean;
  /** Create missing full-year periods also before the series' first year (see `importValues`). */
  createPeriods?: boolean;
  /** Problems already found in the rows (a file's own, from its parser): listed with the row checks in one answer. */
  issues?: RowIssue[];
  /** What the rows are, for the error's text: 'values', 'CSV file' … */
  what?: string;
  /** The moment "today" is taken from (tests); the clock otherwise. */
  now?: Date;
}

export interface ImportResult {
  /** Cells that had no value. */
  created: number;
  /** Stored values the rows changed. */
  updated: number;
  /** Rows identical to what is stored: nothing written. */
  unchanged: number;
  /** Values deleted (a batch never deletes: always 0). */
  deleted: number;
  /** created + updated. */
  written: number;
  /** The full-year periods created for the rows, by key ("2016"), in order. */
  createdPeriods: string[];
}

/** Turns row issues into one validation error; every issue names its row and field. Sorted by row (stable: a row's issues keep their order). */
export function rowIssuesError(issues: RowIssue[], what = 'values', details: Record<string, unknown> = {}): DomainError {
  const sorted = sortIssues(issues);
  const first = sorted[0]!;
  return new DomainError('validation', `${sorted.length} problem(s) in the ${what}; nothing was imported. First: ${where(first)}, ${first.field}: ${first.message}`, {
    issues: sorted.map(toFieldIssue),
    details,
  });
}

const sortIssues = (issues: RowIssue[]) => issues.map((i, n) => ({ i, n })).sort((a, b) => a.i.row - b.i.row || a.n - b.n).map((x) => x.i);
/** Row 0 is the file itself, row 1 a file's header (the parsers' convention); a JSON batch starts its rows at 1. */
const where = (i: RowIssue) => (i.row === 0 ? 'the file' : `row ${i.row}`);
const toFieldIssue = (i: RowIssue): FieldIssue => ({ path: `/rows/${i.row}/${i.field}`, message: `${where(i)}: ${i.message}` });

type StoredRow = {
  id: string;
  indicator_key: string;
  period_id: string;
  unit_id: string | null;
  sex: string;
  age_band: string;
  value: string;
  numerator: string | null;
  denominator: string | null;
  status: string;
  source: string | null;
  note: string | null;
  series_break: boolean;
  example: boolean;
  lock_version: number;
};

const num = (v: string | null) => (v === null ? null : Number(v));
function presentStored(r: StoredRow): StoredValue {
  return {
    id: r.id,
    lockVersion: r.lock_version,
    value: Number(r.value),
    numerator: num(r.numerator),
    denominator: num(r.denominator),
    status: r.status as StoredValue['status'],
    source: r.source,
    note: r.note,
    seriesBreak: r.series_break,
    example: r.example,
  };
}

type Content = Pick<ValueInput, 'value' | 'numerator' | 'denominator' | 'status' | 'source' | 'note' | 'seriesBreak' | 'example'>;
/** Whether a row says exactly what is stored: then writing it would change nothing. */
export function sameContent(stored: Content, row: Content): boolean {
  return (
    stored.value === row.value &&
    stored.numerator === row.numerator &&
    stored.denominator === row.denominator &&
    stored.status === row.status &&
    stored.source === row.source &&
    stored.note === row.note &&
    stored.seriesBreak === row.seriesBreak &&
    stored.example === row.example
  );
}

const storedCell = (indicator: string, periodId: string, unitId: string | null, sex: string, ageBand: string) => JSON.stringify([indicator, periodId, unitId, sex, ageBand]);

/** The first year of a series (the earliest year with a value), else of the municipality (its earliest period); null with neither. */
async function firstYear(db: Db, code: string, documentKey: string): Promise<{ year: number; of: 'series' | 'municipality' } | null> {
  const series = await db
    .selectFrom('indicator_value as v')
    .innerJoin('period as p', 'p.id', 'v.period_id')
    .select(sql<number | null>`min(p.year)`.as('year'))
    .where('v.municipality_code', '=', code)
    .where('v.document_key', '=', documentKey)
    .executeTakeFirst();
  if (series?.year !== null && series?.year !== undefined) return { year: Number(series.year), of: 'series' };
  const municipality = await db.selectFrom('period').select(sql<number | null>`min(year)`.as('year')).where('municipality_code', '=', code).executeTakeFirst();
  if (municipality?.year !== null && municipality?.year !== undefined) return { year: Number(municipality.year), of: 'municipality' };
  return null;
}

/**
 * Writes indicator values of a document series (every version of a document reads and writes the
 * same values), all or nothing. Rules (docs/methodology/indicator-values.md, "Editing values"):
 *
 * - A row identical to the stored value (value, numerator, denominator, status, source, note, series
 *   break, example) changes nothing: it is counted `unchanged`, nothing is written and nothing is
 *   checked, whatever its lockVersion, in a closed period or for a report past draft too.
 * - A row that changes a stored value must name its version (`lockVersion`); a missing or stale one is
 *   a conflict. A row with a version for a cell that has no value (deleted meanwhile) is one too.
 *   `replace` skips these checks.
 * - Every other row is checked: its indicator in this version and what the indicator declares, the
 *   period (not closed), the year (not in the future, Europe/Stockholm), the unit (its report, if any,
 *   still a draft).
 * - A missing full-year period is created when its year is not before the series' first year (the
 *   earliest year with a value in the series; without values the municipality's earliest period;
 *   without periods any past year), and before it only with `createPeriods`.
 *
 * Every problem of every row comes back at once, sorted by row, with the problems the caller already
 * found (a file's): a 400 when any row is wrong (conflicting rows listed too, with the current values
 * in `conflicts`), a 409 `version_conflict` when the only problems are versions. Nothing is written then.
 */
export async function importValues(db: Db, documentId: string, rows: ValueRowInput[], opts: ImportOptions = {}): Promise<ImportResult> {
  return inTransaction(db, async (trx) => {
    const doc = await findDocumentRow(trx, documentId);
    const code = doc.municipality_code;
    const now = today(opts.now);
    const currentYear = Number(now.slice(0, 4));
    const indicators = await trx.selectFrom('indicator').select(['key', 'unit', 'sexes', 'age_bands']).where('document_id', '=', documentId).execute();
    const byKey = new Map(indicators.map((i) => [i.key, i]));
    const units = (await loadUnitMaps(trx, code)).unitId;
    const periodKeys = [...new Set(rows.map((r) => r.period ?? yearKey(r.year)))];
    const periods = new Map(
      periodKeys.length === 0
        ? []
        : (await trx.selectFrom('period').select(['id', 'key', 'status', 'year']).where('municipality_code', '=', code).where('key', 'in', periodKeys).execute()).map((p) => [p.key, p]),
    );
    const periodIds = [...periods.values()].map((p) => p.id);
    // The stored values of these periods, locked until the end of the transaction.
    const stored =
      periodIds.length === 0
        ? []
        : ((await trx
            .selectFrom('indicator_value')
            .select(['id', 'indicator_key', 'period_id', 'unit_id', 'sex', 'age_band', 'value', 'numerator', 'denominator', 'status', 'source', 'note', 'series_break', 'example', 'lock_version'])
            .where('municipality_code', '=', code)
            .where('document_key', '=', doc.key)
            .where('period_id', 'in', periodIds)
            .forUpdate()
            .execute()) as StoredRow[]);
    const storedBy = new Map(stored.map((s) => [storedCell(s.indicator_key, s.period_id, s.unit_id, s.sex, s.age_band), s]));
    // Values belong to the series: a report past draft on any version of it freezes its unit's values.
    const blocked = await trx
      .selectFrom('report as r')
      .innerJoin('document as d', 'd.id', 'r.document_id')
      .select(['r.unit_id', 'r.period_id', 'r.status'])
      .where('d.municipality_code', '=', code)
      .where('d.key', '=', doc.key)
      .where('r.status', '<>', 'draft')
      .execute();
    const blockedCell = new Map(blocked.map((b) => [`${b.unit_id}|${b.period_id}`, b.status]));
    let first: Awaited<ReturnType<typeof firstYear>> | undefined;

    const issues: RowIssue[] = [...(opts.issues ?? [])];
    let invalid = issues.length > 0;
    const conflicts: ValueConflict[] = [];
    const seen = new Map<string, number>();
    const toCreate: Array<{ row: ValueRowInput; periodKey: string; unitId: string | null }> = [];
    const toUpdate: Array<{ row: ValueRowInput; id: string }> = [];
    const newPeriods = new Set<string>();
    let unchanged = 0;
    for (const r of rows) {
      const rowIssues: RowIssue[] = [];
      const add = (field: string, message: string) => rowIssues.push({ row: r.row, field, message });
      const key = cellKey(r);
      const dup = seen.get(key);
      if (dup !== undefined) {
        issues.push({ row: r.row, field: 'indicator', message: `the same cell as row ${dup} (indicator, period, unit, sex and age)` });
        invalid = true;
        continue;
      }
      seen.set(key, r.row);
      const pKey = r.period ?? yearKey(r.year);
      const period = periods.get(pKey);
      const unitId = r.unit === null ? null : units.get(r.unit);
      const current = period && unitId !== undefined ? storedBy.get(storedCell(r.indicator, period.id, unitId, r.sex, r.ageBand ?? '')) : undefined;
      // A period key begins with its year (2025, 2025-D, 2025-T1 …).
      const keyYear = period?.year ?? Number(pKey.slice(0, 4));
      if (r.period !== null && keyYear !== r.year) add('year', `the period "${r.period}" belongs to ${keyYear}`);
      if (current && rowIssues.length === 0 && sameContent(presentStored(current), r)) {
        unchanged++;
        continue;
      }

      const ind = byKey.get(r.indicator);
      if (!ind) add('indicator', `this document has no indicator with the key "${r.indicator}"`);
      else rowIssues.push(...checkValue(r, { unit: ind.unit as IndicatorUnit, sexes: ind.sexes as Sex[], ageBands: ind.age_bands }));
      if ((r.numerator === null) !== (r.denominator === null)) add(r.numerator === null ? 'numerator' : 'denominator', 'give both numerator and denominator, or neither');
      const future = Math.max(r.year, keyYear) > currentYear;
      if (future) add('year', `${Math.max(r.year, keyYear)} is in the future (today is ${now}); values are entered for years that have begun`);
      if (!period) {
        if (!/^\d{4}$/.test(pKey)) add('period', `there is no period "${pKey}"; open the year with its periods first`);
        else if (!future) {
          first ??= await firstYear(trx, code, doc.key);
          if (first && r.year < first.year && !opts.createPeriods) {
            const whose = first.of === 'series' ? 'the first year with a value in this series' : "the municipality's first period";
            add('period', `there is no period "${pKey}", and ${r.year} is before ${first.year}, ${whose}; open the year first, or say createPeriods: true`);
          } else newPeriods.add(pKey);
        }
      } else if (period.status === 'closed') add('period', `the period "${pKey}" is closed; its values cannot change`);
      if (unitId === undefined) add('unit', `there is no organisation unit named "${r.unit}"`);
      if (period && unitId) {
        const status = blockedCell.get(`${unitId}|${period.id}`);
        if (status) add('unit', `the report of "${r.unit}" for ${pKey} is ${status}; its values cannot change`);
      }
      if (rowIssues.length > 0) invalid = true;

      const yours = r.lockVersion ?? null;
      let conflict: string | null = null;
      if (!opts.replace && unitId !== undefined) {
        if (current && yours === null) {
          conflict = `the cell already has a value (${Number(current.value)}, version ${current.lock_version}); send its lockVersion to change it`;
        } else if (current && yours !== current.lock_version) {
          conflict = `the value was changed by someone else (you have version ${yours}, it is now version ${current.lock_version}: ${Number(current.value)})`;
        } else if (!current && yours !== null) {
          conflict = `the value of version ${yours} has been deleted; leave lockVersion out to enter it again`;
        }
      }
      if (conflict !== null) {
        add('lockVersion', conflict);
        conflicts.push({ row: r.row, yourVersion: yours, current: current ? presentStored(current) : null });
      }
      issues.push(...rowIssues);
      if (rowIssues.length > 0) continue;
      if (current) toUpdate.push({ row: r, id: current.id });
      else toCreate.push({ row: r, periodKey: pKey, unitId: unitId ?? null });
    }
    const what = opts.what ?? 'values';
    if (invalid) throw rowIssuesError(issues, what, conflicts.length > 0 ? { conflicts } : {});
    if (conflicts.length > 0) {
      throw new DomainError(
        'version_conflict',
        `${conflicts.length} row(s) of the ${what} would overwrite a value without its current version (changed or deleted by someone else, or never read); nothing was saved. First: row ${conflicts[0]!.row}`,
        { issues: sortIssues(issues).map(toFieldIssue), details: { conflicts } },
      );
    }

    // Nothing is wrong: the missing periods, then the values.
    const createdPeriods: string[] = [];
    if (newPeriods.size > 0) {
      const specs = [...newPeriods].sort().map((k) => periodsOfYear(Number(k), 'year').find((p) => p.kind === 'year')!);
      const inserted = await trx
        .insertInto('period')
        .values(specs.map((s) => ({ id: randomUUID(), municipality_code: code, key: s.key, kind: 'year', year: s.year, label: s.label, start_date: s.start, end_date: s.end })))
        .onConflict((oc) => oc.columns(['municipality_code', 'key']).doNothing())
        .returning('key')
        .execute();
      createdPeriods.push(...inserted.map((p) => p.key).sort());
      const made = await trx.selectFrom('period').select(['id', 'key', 'status', 'year']).where('municipality_code', '=', code).where('key', 'in', [...newPeriods]).execute();
      for (const p of made) periods.set(p.key, p);
    }
    for (let i = 0; i < toCreate.length; i += 500) {
      const chunk = toCreate.slice(i, i + 500);
      await conflictOnUniqueViolation(
        () =>
          trx
            .insertInto('indicator_value')
            .values(
              chunk.map(({ row: r, periodKey, unitId }) => ({
                id: randomUUID(),
                municipality_code: code,
                document_key: doc.key,
                indicator_key: r.indicator,
                period_id: periods.get(periodKey)!.id,
                unit_id: unitId,
                sex: r.sex,
                age_band: r.ageBand ?? '',
                value: r.value,
                numerator: r.numerator,
                denominator: r.denominator,
                source: r.source,
                status: r.status,
                note: r.note,
                series_break: r.seriesBreak,
                example: r.example,
              })),
            )
            .execute(),
        'Someone else entered a value for one of these cells meanwhile; nothing was saved. Read the values again and retry',
      );
    }
    for (let i = 0; i < toUpdate.length; i += 500) {
      const chunk = toUpdate.slice(i, i + 500);
      await sql`
        update indicator_value v set value = x.value, numerator = x.numerator, denominator = x.denominator, source = x.source, status = x.status,
          note = x.note, series_break = x.series_break, example = x.example, lock_version = v.lock_version + 1, updated_at = now()
        from (values ${sql.join(
          chunk.map(
            ({ row: r, id }) =>
              sql`(${id}::uuid, ${r.value}::numeric, ${r.numerator}::numeric, ${r.denominator}::numeric, ${r.source}::text, ${r.status}::text, ${r.note}::text, ${r.seriesBreak}::boolean, ${r.example}::boolean)`,
          ),
        )}) as x(id, value, numerator, denominator, source, status, note, series_break, example)
        where v.id = x.id`.execute(trx);
    }
    const written = toCreate.length + toUpdate.length;
    return { created: toCreate.length, updated: toUpdate.length, unchanged, deleted: 0, written, createdPeriods };
  });
}

export interface ValueFilter {
  indicator?: string;
  period?: string;
  year?: number;
  unit?: string | null;
  sex?: Sex;
}

/**
 * The values of a document's series in long form (every version reads the same values), ordered by the
 * indicator's place in this version, year, period, unit, sex, age. Values of indicators this version
 * does not have (dropped in a revision) come last, by key.
 */
export async function listValues(db: Db, documentId: string, f: ValueFilter = {}): Promise<ValueDto[]> {
  const doc = await findDocumentRow(db, documentId);
  let q = valueQuery(db)
    .leftJoin('indicator as i', (j) => j.onRef('i.key', '=', 'v.indicator_key').on('i.document_id', '=', documentId))
    .select('i.position as indicator_position')
    .where('v.municipality_code', '=', doc.municipality_code)
    .where('v.document_key', '=', doc.key);
  if (f.indicator) q = q.where('v.indicator_key', '=', f.indicator);
  if (f.period) q = q.where('p.key', '=', f.period);
  if (f.year !== undefined) q = q.where('p.year', '=', f.year);
  if (f.unit !== undefined) q = f.unit === null ? q.where('v.unit_id', 'is', null) : q.where('u.name', '=', f.unit);
  if (f.sex) q = q.where('v.sex', '=', f.sex);
  const rows = await q.orderBy(sql`i.position nulls last`).orderBy('v.indicator_key').orderBy('p.year').orderBy('p.end_date').orderBy('u.name').orderBy('v.sex').orderBy('v.age_band').execute();
  return rows.map(presentValue);
}

function valueQuery(db: Db) {
  return db
    .selectFrom('indicator_value as v')
    .innerJoin('period as p', 'p.id', 'v.period_id')
    .leftJoin('org_unit as u', 'u.id', 'v.unit_id')
    .select([
      'v.id',
      'v.lock_version',
      'v.indicator_key as indicator',
      'p.year',
      'p.key as period',
      'p.kind as period_kind',
      'u.name as unit',
      'v.sex',
      'v.age_band',
      'v.value',
      'v.numerator',
      'v.denominator',
      'v.status',
      'v.source',
      'v.note',
      'v.series_break',
      'v.example',
    ]);
}

type ValueRow = Awaited<ReturnType<ReturnType<typeof valueQuery>['executeTakeFirstOrThrow']>>;
function presentValue(r: ValueRow): ValueDto {
  return {
    id: r.id,
    lockVersion: r.lock_version,
    indicator: r.indicator,
    year: r.year,
    period: r.period_kind === 'year' ? null : r.period,
    unit: r.unit ?? null,
    sex: r.sex as Sex,
    ageBand: r.age_band === '' ? null : r.age_band,
    value: Number(r.value),
    numerator: num(r.numerator),
    denominator: num(r.denominator),
    status: r.status as 'preliminary' | 'final',
    source: r.source,
    note: r.note,
    seriesBreak: r.series_break,
    example: r.example,
  };
}

// ---------------------------------------------------------------------------------------------
// One value

/** One value with where it belongs: its municipality and its document series. */
export type ValueDetailDto = ValueDto & { municipalityCode: string; documentKey: string };

/** What a PATCH may change: the value and what comes with it, never its cell. */
export type ValuePatch = Partial<Content>;

type Located = { row: StoredRow; code: string; documentKey: string; periodKey: string; periodStatus: string; unitName: string | null };

async function locate(db: Db, id: string, forUpdate: boolean): Promise<Located> {
  let q = db
    .selectFrom('indicator_value as v')
    .innerJoin('period as p', 'p.id', 'v.period_id')
    .leftJoin('org_unit as u', 'u.id', 'v.unit_id')
    .select([
      'v.id',
      'v.indicator_key',
      'v.period_id',
      'v.unit_id',
      'v.sex',
      'v.age_band',
      'v.value',
      'v.numerator',
      'v.denominator',
      'v.status',
      'v.source',
      'v.note',
      'v.series_break',
      'v.example',
      'v.lock_version',
      'v.municipality_code',
      'v.document_key',
      'p.key as period_key',
      'p.status as period_status',
      'u.name as unit_name',
    ])
    .where('v.id', '=', id);
  if (forUpdate) q = q.forUpdate('v');
  const r = await q.executeTakeFirst();
  if (!r) throw new DomainError('not_found', `There is no indicator value with the id ${id}`, { details: { id } });
  return { row: r as StoredRow, code: r.municipality_code, documentKey: r.document_key, periodKey: r.period_key, periodStatus: r.period_status, unitName: r.unit_name };
}

export async function getValue(db: Db, id: string): Promise<ValueDetailDto> {
  const r = await valueQuery(db).select(['v.municipality_code', 'v.document_key']).where('v.id', '=', id).executeTakeFirst();
  if (!r) throw new DomainError('not_found', `There is no indicator value with the id ${id}`, { details: { id } });
  return { ...presentValue(r), municipalityCode: r.municipality_code, documentKey: r.document_key };
}

/** Refuses a change of a value in a closed period or of a unit whose report (on any version of the series) is past draft. */
async function assertChangeable(db: Db, v: Located): Promise<void> {
  if (v.periodStatus === 'closed') {
    throw new DomainError('document_frozen', `The period "${v.periodKey}" is closed; its values cannot change`, { details: { period: v.periodKey, periodStatus: 'closed' } });
  }
  if (v.row.unit_id === null) return;
  const report = await db
    .selectFrom('report as r')
    .innerJoin('document as d', 'd.id', 'r.document_id')
    .select(['r.id', 'r.status'])
    .where('d.municipality_code', '=', v.code)
    .where('d.key', '=', v.documentKey)
    .where('r.unit_id', '=', v.row.unit_id)
    .where('r.period_id', '=', v.row.period_id)
    .where('r.status', '<>', 'draft')
    .executeTakeFirst();
  if (report) {
    throw new DomainError('document_frozen', `The report of "${v.unitName}" for ${v.periodKey} is ${report.status}; its values cannot change`, {
      details: { reportId: report.id, reportStatus: report.status, unit: v.unitName, period: v.periodKey },
    });
  }
}

function versionConflict(v: Located, expected: number): DomainError {
  const current = presentStored(v.row);
  return new DomainError('version_conflict', `The value was changed by someone else (you have version ${expected}, it is now ${current.lockVersion}); nothing was saved`, {
    details: { currentVersion: current.lockVersion, yourVersion: expected, current },
  });
}

/**
 * Changes one value: the version must be the stored one (else 409 with the current value). A patch
 * that changes nothing writes nothing, whatever its version. A change is refused in a closed period
 * and for a unit whose report is past draft (409, naming it), and checked against the indicator as
 * the newest version of the series that has it declares it.
 */
export async function updateValue(db: Db, id: string, patch: ValuePatch, lockVersion: number): Promise<ValueDetailDto> {
  await inTransaction(db, async (trx) => {
    const v = await locate(trx, id, true);
    const before = presentStored(v.row);
    const after: Content = { ...before, ...definedOnly(patch) };
    if (sameContent(before, after)) return;
    if (v.row.lock_version !== lockVersion) throw versionConflict(v, lockVersion);
    await assertChangeable(trx, v);
    const issues: FieldIssue[] = [];
    const ind = await trx
      .selectFrom('indicator as i')
      .innerJoin('document as d', 'd.id', 'i.document_id')
      .select(['i.unit', 'i.sexes', 'i.age_bands'])
      .where('d.municipality_code', '=', v.code)
      .where('d.key', '=', v.documentKey)
      .where('i.key', '=', v.row.indicator_key)
      .orderBy('d.version', 'desc')
      .executeTakeFirst();
    const asInput: ValueInput = { row: 1, indicator: v.row.indicator_key, year: 0, period: null, unit: v.unitName, sex: v.row.sex as Sex, ageBand: v.row.age_band || null, ...after };
    if (ind) {
      for (const i of checkValue(asInput, { unit: ind.unit as IndicatorUnit, sexes: ind.sexes as Sex[], ageBands: ind.age_bands })) {
        if (i.field !== 'sex' && i.field !== 'ageBand') issues.push({ path: `/${i.field}`, message: i.message });
      }
    }
    if ((after.numerator === null) !== (after.denominator === null)) issues.push({ path: after.numerator === null ? '/numerator' : '/denominator', message: 'give both numerator and denominator, or neither' });
    if (issues.length > 0) throw new DomainError('validation', `${issues.length} problem(s) in the value; nothing was saved. First: ${issues[0]!.path} ${issues[0]!.message}`, { issues });
    await trx
      .updateTable('indicator_value')
      .set({
        value: after.value,
        numerator: after.numerator,
        denominator: after.denominator,
        status: after.status,
        source: after.source,
        note: after.note,
        series_break: after.seriesBreak,
        example: after.example,
        lock_version: v.row.lock_version + 1,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute();
  });
  return getValue(db, id);
}

/** Deletes one value: the version must be the stored one; refused in a closed period and for a unit whose report is past draft. */
export async function deleteValue(db: Db, id: string, lockVersion: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const v = await locate(trx, id, true);
    if (v.row.lock_version !== lockVersion) throw versionConflict(v, lockVersion);
    await assertChangeable(trx, v);
    await trx.deleteFrom('indicator_value').where('id', '=', id).execute();
  });
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
