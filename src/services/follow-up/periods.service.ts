import { todayInStockholm } from '../clock.ts';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { periodsOfYear, type PeriodKind, type PeriodScheme } from '../../domain/periods/period.ts';
import { getMunicipality } from '../municipalities/municipalities.service.ts';
import { checkLockVersion } from '../strategy/documents.service.ts';
import type { Db } from '../strategy/document.repo.ts';

/** The time zone "today" is reckoned in: a Swedish municipality's year begins at midnight in Sweden. */
/**
 * Today's date in Sweden (Europe/Stockholm), YYYY-MM-DD, from the application's one clock
 * (src/services/clock.ts). Services take an optional `now` for tests and pass it here.
 * @example today(new Date('2026-12-31T23:30:00Z')) // '2027-01-01' (00:30 in Stockholm)
 */
export const today = todayInStockholm;

/** A follow-up period of a municipality: a year, an interim period (delår), a tertial, a quarter. */
export interface PeriodDto {
  id: string;
  municipalityCode: string;
  key: string;
  kind: PeriodKind;
  year: number;
  label: string;
  start: string;
  end: string;
  status: 'open' | 'closed';
  lockVersion: number;
}

type Row = { id: string; municipality_code: string; key: string; kind: string; year: number; label: string; start_date: string; end_date: string; status: string; lock_version: number };
export const presentPeriod = (r: Row): PeriodDto => ({
  id: r.id,
  municipalityCode: r.municipality_code,
  key: r.key,
  kind: r.kind as PeriodKind,
  year: r.year,
  label: r.label,
  start: r.start_date,
  end: r.end_date,
  status: r.status as 'open' | 'closed',
  lockVersion: r.lock_version,
});

export async function listPeriods(db: Db, code: string, f: { year?: number; status?: 'open' | 'closed' } = {}): Promise<PeriodDto[]> {
  await getMunicipality(db, code);
  let q = db.selectFrom('period').selectAll().where('municipality_code', '=', code);
  if (f.year !== undefined) q = q.where('year', '=', f.year);
  if (f.status) q = q.where('status', '=', f.status);
  const rows = await q.orderBy('year').orderBy('end_date').orderBy('start_date', 'desc').execute();
  return rows.map((r) => presentPeriod(r as Row));
}

export async function getPeriod(db: Db, id: string, forUpdate = false): Promise<PeriodDto> {
  let q = db.selectFrom('period').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new DomainError('not_found', `There is no period with the id ${id}`, { details: { id } });
  return presentPeriod(row as Row);
}

/** Creates the periods of a year under a scheme; those that exist are kept as they are. */
export async function openYear(db: Db, code: string, year: number, scheme: PeriodScheme): Promise<PeriodDto[]> {
  await getMunicipality(db, code);
  const specs = periodsOfYear(year, scheme);
  await db
    .insertInto('period')
    .values(specs.map((p) => ({ id: randomUUID(), municipality_code: code, key: p.key, kind: p.kind, year: p.year, label: p.label, start_date: p.start, end_date: p.end })))
    .onConflict((oc) => oc.columns(['municipality_code', 'key']).doNothing())
    .execute();
  return listPeriods(db, code, { year });
}

/** Closes or reopens a period: a closed period's values and reports refuse edits. */
export async function setPeriodStatus(db: Db, id: string, status: 'open' | 'closed', lockVersion: number): Promise<PeriodDto> {
  return db.transaction().execute(async (trx) => {
    const current = await getPeriod(trx, id, true);
    checkLockVersion(current.lockVersion, lockVersion, 'period', current);
    const row = await trx
      .updateTable('period')
      .set({ status, lock_version: current.lockVersion + 1, updated_at: sql`now()` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return presentPeriod(row as Row);
  });
}

/** Period ids by key for a municipality, creating missing full-year periods (`2019`) when asked to. */
export async function resolvePeriods(db: Db, code: string, keys: string[], createYears: boolean): Promise<Map<string, { id: string; status: string; year: number }>> {
  const wanted = [...new Set(keys)];
  if (createYears) {
    const years = wanted.filter((k) => /^\d{4}$/.test(k)).map(Number);
    for (const y of years) {
      const spec = periodsOfYear(y, 'year').find((p) => p.kind === 'year')!;
      await db
        .insertInto('period')
        .values({ id: randomUUID(), municipality_code: code, key: spec.key, kind: 'year', year: y, label: spec.label, start_date: spec.start, end_date: spec.end })
        .onConflict((oc) => oc.columns(['municipality_code', 'key']).doNothing())
        .execute();
    }
  }
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('period').select(['id', 'key', 'status', 'year']).where('municipality_code', '=', code).where('key', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.key, { id: r.id, status: r.status, year: r.year }]));
}
