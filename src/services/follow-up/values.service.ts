import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { cellKey, checkValue, type RowIssue, type ValueInput } from '../../domain/follow-up/values.ts';
import { yearKey } from '../../domain/periods/period.ts';
import type { IndicatorUnit, Sex } from '../../domain/strategy/types.ts';
import { inTransaction } from '../db-errors.ts';
import { findDocumentRow, loadUnitMaps, type Db } from '../strategy/document.repo.ts';
import { resolvePeriods } from './periods.service.ts';

export type { ValueDto } from '../../shared/api/views.ts';
import type { ValueDto } from '../../shared/api/views.ts';

/** Turns row issues into one validation error; every issue names its row and field. */
export function rowIssuesError(issues: RowIssue[], what = 'values'): DomainError {
  const sorted = [...issues].sort((a, b) => a.row - b.row);
  return new DomainError('validation', `${sorted.length} problem(s) in the ${what}; nothing was imported. First: row ${sorted[0]!.row}, ${sorted[0]!.field}: ${sorted[0]!.message}`, {
    issues: sorted.map((i) => ({ path: `/rows/${i.row}/${i.field}`, message: `row ${i.row}: ${i.message}` })),
  });
}

/**
 * Writes indicator values for one document version, all or nothing. Every row is checked first
 * (indicator, period, unit, the indicator's sexes and age bands, shares against numerator and
 * denominator, closed periods, reports past draft); any problem and nothing is written.
 * A value that exists for the same cell is replaced. Missing full-year periods are created.
 */
export async function importValues(db: Db, documentId: string, rows: ValueInput[]): Promise<{ written: number; created: number; updated: number }> {
  return inTransaction(db, async (trx) => {
    const doc = await findDocumentRow(trx, documentId);
    const code = doc.municipality_code;
    const indicators = await trx.selectFrom('indicator').select(['id', 'key', 'unit', 'sexes', 'age_bands']).where('document_id', '=', documentId).execute();
    const byKey = new Map(indicators.map((i) => [i.key, i]));
    const units = (await loadUnitMaps(trx, code)).unitId;
    const periodKeys = rows.map((r) => r.period ?? yearKey(r.year));
    const periods = await resolvePeriods(trx, code, periodKeys, true);
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

    const issues: RowIssue[] = [];
    const seen = new Map<string, number>();
    const prepared: Array<Record<string, unknown>> = [];
    for (const r of rows) {
      const add = (field: string, message: string) => issues.push({ row: r.row, field, message });
      const key = cellKey(r);
      const first = seen.get(key);
      if (first !== undefined) add('indicator', `the same cell as row ${first} (indicator, period, unit, sex and age)`);
      else seen.set(key, r.row);
      const ind = byKey.get(r.indicator);
      if (!ind) {
        add('indicator', `this document has no indicator with the key "${r.indicator}"`);
        continue;
      }
      issues.push(...checkValue(r, { unit: ind.unit as IndicatorUnit, sexes: ind.sexes as Sex[], ageBands: ind.age_bands }));
      const pKey = r.period ?? yearKey(r.year);
      const period = periods.get(pKey);
      if (!period) add('period', `there is no period "${pKey}"; open the year with its periods first`);
      else if (period.status === 'closed') add('period', `the period "${pKey}" is closed`);
      if (period && r.period !== null && period.year !== r.year) add('year', `the period "${r.period}" belongs to ${period.year}`);
      const unitId = r.unit === null ? null : (units.get(r.unit) ?? undefined);
      if (unitId === undefined) add('unit', `there is no organisation unit named "${r.unit}"`);
      if (period && unitId) {
        const status = blockedCell.get(`${unitId}|${period.id}`);
        if (status) add('unit', `the report of "${r.unit}" for ${pKey} is ${status}; its values cannot change`);
      }
      if (period && unitId !== undefined) {
        prepared.push({
          id: randomUUID(),
          municipality_code: code,
          document_key: doc.key,
          indicator_key: ind.key,
          period_id: period.id,
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
        });
      }
    }
    if (issues.length > 0) throw rowIssuesError(issues);
    let created = 0;
    for (let i = 0; i < prepared.length; i += 500) {
      const chunk = prepared.slice(i, i + 500);
      const result = await sql<{ inserted: boolean }>`
        insert into indicator_value (id, municipality_code, document_key, indicator_key, period_id, unit_id, sex, age_band, value, numerator, denominator, source, status, note, series_break, example)
        values ${sql.join(
          chunk.map(
            (p) =>
              sql`(${p.id}, ${p.municipality_code}, ${p.document_key}, ${p.indicator_key}, ${p.period_id}, ${p.unit_id}, ${p.sex}, ${p.age_band}, ${p.value}, ${p.numerator}, ${p.denominator}, ${p.source}, ${p.status}, ${p.note}, ${p.series_break}, ${p.example})`,
          ),
        )}
        on conflict (municipality_code, document_key, indicator_key, period_id, coalesce(unit_id, '00000000-0000-0000-0000-000000000000'::uuid), sex, age_band)
        do update set value = excluded.value, numerator = excluded.numerator, denominator = excluded.denominator, source = excluded.source,
          status = excluded.status, note = excluded.note, series_break = excluded.series_break, example = excluded.example,
          lock_version = indicator_value.lock_version + 1, updated_at = now()
        returning (xmax = 0) as inserted`.execute(trx);
      created += result.rows.filter((r) => r.inserted).length;
    }
    return { written: prepared.length, created, updated: prepared.length - created };
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
  let q = db
    .selectFrom('indicator_value as v')
    .leftJoin('indicator as i', (j) => j.onRef('i.key', '=', 'v.indicator_key').on('i.document_id', '=', documentId))
    .innerJoin('period as p', 'p.id', 'v.period_id')
    .leftJoin('org_unit as u', 'u.id', 'v.unit_id')
    .select([
      'v.id',
      'v.lock_version',
      'v.indicator_key as indicator',
      'i.position as indicator_position',
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
    ])
    .where('v.municipality_code', '=', doc.municipality_code)
    .where('v.document_key', '=', doc.key);
  if (f.indicator) q = q.where('v.indicator_key', '=', f.indicator);
  if (f.period) q = q.where('p.key', '=', f.period);
  if (f.year !== undefined) q = q.where('p.year', '=', f.year);
  if (f.unit !== undefined) q = f.unit === null ? q.where('v.unit_id', 'is', null) : q.where('u.name', '=', f.unit);
  if (f.sex) q = q.where('v.sex', '=', f.sex);
  const rows = await q.orderBy(sql`i.position nulls last`).orderBy('v.indicator_key').orderBy('p.year').orderBy('p.end_date').orderBy('u.name').orderBy('v.sex').orderBy('v.age_band').execute();
  return rows.map((r) => ({
    id: r.id,
    lockVersion: r.lock_version,
    indicator: r.indicator,
    year: r.year,
    period: r.period_kind === 'year' ? null : r.period,
    unit: r.unit ?? null,
    sex: r.sex as Sex,
    ageBand: r.age_band === '' ? null : r.age_band,
    value: Number(r.value),
    numerator: r.numerator === null ? null : Number(r.numerator),
    denominator: r.denominator === null ? null : Number(r.denominator),
    status: r.status as 'preliminary' | 'final',
    source: r.source,
    note: r.note,
    seriesBreak: r.series_break,
    example: r.example,
  }));
}
