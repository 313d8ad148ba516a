import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleNames } from '../../../test/support/methodology.ts';
import { createTestDb, TEST_DB_KIND } from '../../../test/support/test-db.ts';
import type { Db as OpenDb } from '../../db/open-db.ts';
import { DomainError } from '../../domain/errors.ts';
import { BUNDLE_FORMAT } from '../../domain/strategy/types.ts';
import { bundleSchema } from '../../shared/api/interchange.ts';
import { countAudit } from '../audit/audit.service.ts';
import { importBundle } from '../strategy/documents.service.ts';
import type { Db } from '../strategy/document.repo.ts';
import { listPeriods, openYear, setPeriodStatus, today } from './periods.service.ts';
import { createReport, transitionReport } from './reports.service.ts';
import { exportValueFile, importValueFile, REPLACE_NOTE } from './value-files.service.ts';
import { deleteValue, getValue, importValues, listValues, updateValue, type ImportOptions, type ValueRowInput } from './values.service.ts';

/**
 * Editing values: versions, unchanged rows, closed periods and submitted reports, years and periods,
 * one round of errors for files, one value at a time. Every case is a worked example of
 * docs/methodology/indicator-values.md, "Editing values" (test names = case names), run on the same
 * stored values inside a transaction that is rolled back, so the cases do not touch each other.
 */

let t: OpenDb;
let db: Db;
let strategy: string;
let plan: string;
let tierpPlan: string;
const NOW = new Date('2026-12-07T12:00:00Z');

const value = (over: Partial<ValueRowInput> & Pick<ValueRowInput, 'indicator' | 'year' | 'value'>, row = 1): ValueRowInput => ({
  row,
  period: null,
  unit: null,
  sex: 'total',
  ageBand: null,
  numerator: null,
  denominator: null,
  status: 'final',
  source: null,
  note: null,
  seriesBreak: false,
  example: false,
  ...over,
});
const antal = (year: number, v: number, over: Partial<ValueRowInput> = {}) => value({ indicator: 'antal-kommunmottagna', year, value: v, ...over });
const women2025 = (over: Partial<ValueRowInput> = {}) => value({ indicator: 'utrikes-fodda-i-sysselsattning', year: 2025, sex: 'women', ageBand: '16-64', value: 60.1, ...over });

class Rollback extends Error {}
/** Runs fn in a transaction that is rolled back, so every case starts from the same stored values. */
async function inRollback<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
  let out: T | undefined;
  try {
    await t.db.transaction().execute(async (trx) => {
      out = await fn(trx);
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return out as T;
}
/** The DomainError a call is refused with. */
async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal, but the call went through');
}
const write = (trx: Db, rows: ValueRowInput[], opts: ImportOptions = {}, doc = strategy) => importValues(trx, doc, rows.map((r, i) => ({ ...r, row: i + 1 })), { now: NOW, ...opts });
const stored = async (trx: Db, f: { indicator: string; year: number; unit?: string | null; sex?: 'total' | 'women' | 'men' }) =>
  (await listValues(trx, strategy, { indicator: f.indicator, year: f.year, unit: f.unit ?? null, ...(f.sex ? { sex: f.sex } : {}) })).filter((v) => v.period === null);
const csv = (text: string) => new TextEncoder().encode(text);

const document = (key: string, title: string, indicators: unknown[]) => ({
  document: { key, type: 'plan', title, status: 'adopted', adoptedBy: { body: 'Kommunfullmäktige' }, decisionDate: '2023-11-20', validIndefinitely: true },
  indicators,
});
const praktik = { key: 'antal-i-praktik', name: 'Antal nyanlända i praktik', unitOfMeasure: 'count', sexes: ['total'] };

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  await importBundle(
    db,
    bundleSchema.parse({
      format: BUNDLE_FORMAT,
      municipality: { code: '0138', name: 'Tyresö' },
      organisation: [
        { name: 'Kommunstyrelsen', type: 'executive_board', parent: null },
        { name: 'Arbetsmarknadsenheten', type: 'unit', parent: 'Kommunstyrelsen' },
      ],
      documents: [
        document('integrationsstrategi', 'Integrationsstrategi', [
          { key: 'antal-kommunmottagna', name: 'Antal kommunmottagna', unitOfMeasure: 'count', sexes: ['total'] },
          { key: 'utrikes-fodda-i-sysselsattning', name: 'Andel utrikes födda i sysselsättning', unitOfMeasure: 'percent', sexes: ['total', 'women', 'men'], ageBands: ['16-64'] },
        ]),
        document('handlingsplan', 'Handlingsplan för integration', [praktik]),
      ],
    }),
  );
  await importBundle(
    db,
    bundleSchema.parse({
      format: BUNDLE_FORMAT,
      municipality: { code: '0360', name: 'Tierp' },
      organisation: [{ name: 'Kommunstyrelsen', type: 'executive_board', parent: null }],
      documents: [document('handlingsplan', 'Handlingsplan för integration', [praktik])],
    }),
  );
  const id = async (code: string, key: string) => (await db.selectFrom('document').select('id').where('municipality_code', '=', code).where('key', '=', key).executeTakeFirstOrThrow()).id;
  strategy = await id('0138', 'integrationsstrategi');
  plan = await id('0138', 'handlingsplan');
  tierpPlan = await id('0360', 'handlingsplan');

  // The stored values of every case: see the table in the methodology page.
  for (const year of [2024, 2025]) await openYear(db, '0138', year, 'year');
  expect(
    await importValues(
      db,
      strategy,
      [antal(2024, 302), antal(2025, 270), value({ indicator: 'utrikes-fodda-i-sysselsattning', year: 2025, ageBand: '16-64', value: 63.8 }), antal(2025, 41, { unit: 'Arbetsmarknadsenheten' })].map((r, i) => ({ ...r, row: i + 1 })),
      { now: NOW },
    ),
  ).toMatchObject({ created: 4, createdPeriods: [] });
  expect(await importValues(db, strategy, [antal(2025, 276, { lockVersion: 1 })], { now: NOW })).toMatchObject({ updated: 1 });
  const ame = (await db.selectFrom('org_unit').select('id').where('name', '=', 'Arbetsmarknadsenheten').executeTakeFirstOrThrow()).id;
  const report = await createReport(db, strategy, { unitId: ame, period: '2025' });
  await transitionReport(db, report.id, 'submit', { reason: null }, report.lockVersion);
  const p2024 = (await listPeriods(db, '0138', { year: 2024 }))[0]!;
  await setPeriodStatus(db, p2024.id, 'closed', p2024.lockVersion);
});
afterAll(() => t.close());

describe(`today() on ${TEST_DB_KIND}`, () => {
  it('is the date in Sweden: an hour ahead of UTC in winter, two in summer', () => {
    expect(today(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31');
    expect(today(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
    expect(today(new Date('2026-06-30T21:59:59Z'))).toBe('2026-06-30');
    expect(today(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
  });
});

describe('the stored values the cases start from', () => {
  it('are as the methodology page says', async () => {
    const all = await listValues(db, strategy);
    expect(all.map((v) => [v.indicator, v.year, v.unit, v.sex, v.ageBand, v.value, v.lockVersion])).toEqual([
      ['antal-kommunmottagna', 2024, null, 'total', null, 302, 1],
      ['antal-kommunmottagna', 2025, 'Arbetsmarknadsenheten', 'total', null, 41, 1],
      ['antal-kommunmottagna', 2025, null, 'total', null, 276, 2],
      ['utrikes-fodda-i-sysselsattning', 2025, null, 'total', '16-64', 63.8, 1],
    ]);
    expect((await listPeriods(db, '0138')).map((p) => [p.key, p.status])).toEqual([
      ['2024', 'closed'],
      ['2025', 'open'],
    ]);
  });
});

describe('a row and the stored value', () => {
  it('a new cell needs no version', async () => {
    const [result, after] = await inRollback(async (trx) => [await write(trx, [women2025()]), await stored(trx, { indicator: 'utrikes-fodda-i-sysselsattning', year: 2025, sex: 'women' })] as const);
    expect(result).toEqual({ created: 1, updated: 0, unchanged: 0, deleted: 0, written: 1, createdPeriods: [] });
    expect(after.map((v) => [v.value, v.lockVersion])).toEqual([[60.1, 1]]);
  });

  it('a change names the stored version', async () => {
    const [result, after] = await inRollback(async (trx) => [await write(trx, [antal(2025, 280, { lockVersion: 2 })]), await stored(trx, { indicator: 'antal-kommunmottagna', year: 2025 })] as const);
    expect(result).toEqual({ created: 0, updated: 1, unchanged: 0, deleted: 0, written: 1, createdPeriods: [] });
    expect(after.map((v) => [v.value, v.lockVersion])).toEqual([[280, 3]]);
  });

  const current276 = { value: 276, numerator: null, denominator: null, status: 'final', source: null, note: null, seriesBreak: false, example: false, lockVersion: 2, id: expect.any(String) };

  it('a change without a version is refused with the stored value', async () => {
    const e = await inRollback((trx) => refusal(write(trx, [antal(2025, 280)])));
    expect(e.code).toBe('version_conflict');
    expect(e.issues).toEqual([{ path: '/rows/1/lockVersion', message: 'row 1: the cell already has a value (276, version 2); send its lockVersion to change it' }]);
    expect(e.details.conflicts).toEqual([{ row: 1, yourVersion: null, current: current276 }]);
  });

  it('a stale version is refused with the stored value', async () => {
    const e = await inRollback((trx) => refusal(write(trx, [antal(2025, 280, { lockVersion: 1 })])));
    expect(e.code).toBe('version_conflict');
    expect(e.issues).toEqual([{ path: '/rows/1/lockVersion', message: 'row 1: the value was changed by someone else (you have version 1, it is now version 2: 276)' }]);
    expect(e.details.conflicts).toEqual([{ row: 1, yourVersion: 1, current: current276 }]);
  });

  it('a version for a cell without a value is refused: it was deleted', async () => {
    const e = await inRollback((trx) => refusal(write(trx, [women2025({ lockVersion: 1 })])));
    expect(e.code).toBe('version_conflict');
    expect(e.issues).toEqual([{ path: '/rows/1/lockVersion', message: 'row 1: the value of version 1 has been deleted; leave lockVersion out to enter it again' }]);
    expect(e.details.conflicts).toEqual([{ row: 1, yourVersion: 1, current: null }]);
  });

  it('a row identical to the stored value changes nothing, whatever its version', async () => {
    const [result, audit, after] = await inRollback(async (trx) => {
      const before = await countAudit(trx);
      const r = await write(trx, [antal(2025, 276, { lockVersion: 1 })]);
      return [r, (await countAudit(trx)) - before, await stored(trx, { indicator: 'antal-kommunmottagna', year: 2025 })] as const;
    });
    expect(result).toEqual({ created: 0, updated: 0, unchanged: 1, deleted: 0, written: 0, createdPeriods: [] });
    expect(audit).toBe(0);
    expect(after.map((v) => [v.value, v.lockVersion])).toEqual([[276, 2]]);
  });

  it('a row identical to a value in a closed period is accepted', async () => {
    expect(await inRollback((trx) => write(trx, [antal(2024, 302)]))).toMatchObject({ unchanged: 1, written: 0 });
  });

  it('a change in a closed period is refused, naming the period', async () => {
    const e = await inRollback((trx) => refusal(write(trx, [antal(2024, 305, { lockVersion: 1 })])));
    expect([e.code, e.issues]).toEqual(['validation', [{ path: '/rows/1/period', message: 'row 1: the period "2024" is closed; its values cannot change' }]]);
  });

  it('a row identical to a value of a submitted report is accepted', async () => {
    expect(await inRollback((trx) => write(trx, [antal(2025, 41, { unit: 'Arbetsmarknadsenheten' })]))).toMatchObject({ unchanged: 1, written: 0 });
  });

  it("a change of a submitted report's value is refused, naming the report", async () => {
    const e = await inRollback((trx) => refusal(write(trx, [antal(2025, 43, { unit: 'Arbetsmarknadsenheten', lockVersion: 1 })])));
    expect([e.code, e.issues]).toEqual(['validation', [{ path: '/rows/1/unit', message: 'row 1: the report of "Arbetsmarknadsenheten" for 2025 is submitted; its values cannot change' }]]);
  });

  it('one stale row stops the whole batch', async () => {
    const [e, after] = await inRollback(async (trx) => [await refusal(write(trx, [women2025(), antal(2025, 280, { lockVersion: 1 })])), await stored(trx, { indicator: 'utrikes-fodda-i-sysselsattning', year: 2025, sex: 'women' })] as const);
    expect(e.code).toBe('version_conflict');
    expect(e.issues.map((i) => i.path)).toEqual(['/rows/2/lockVersion']);
    expect(after).toEqual([]);
  });
});

describe('years and periods', () => {
  it('a year that has not begun is refused', async () => {
    const e = await inRollback((trx) => refusal(write(trx, [antal(2027, 12)])));
    expect([e.code, e.issues]).toEqual(['validation', [{ path: '/rows/1/year', message: 'row 1: 2027 is in the future (today is 2026-12-07); values are entered for years that have begun' }]]);
  });

  it('the current year is accepted and its period created', async () => {
    const [result, periods] = await inRollback(async (trx) => [await write(trx, [antal(2026, 12)]), await listPeriods(trx, '0138')] as const);
    expect(result).toMatchObject({ created: 1, createdPeriods: ['2026'] });
    expect(periods.map((p) => [p.key, p.kind, p.start, p.end, p.status])).toContainEqual(['2026', 'year', '2026-01-01', '2026-12-31', 'open']);
  });

  it('the year begins at midnight in Sweden', async () => {
    const result = await inRollback((trx) => write(trx, [antal(2027, 12)], { now: new Date('2026-12-31T23:30:00Z') }));
    expect(result).toMatchObject({ created: 1, createdPeriods: ['2027'] });
    // And half an hour earlier it is still 2026 there.
    const e = await inRollback((trx) => refusal(write(trx, [antal(2027, 12)], { now: new Date('2026-12-31T22:30:00Z') })));
    expect(e.issues.map((i) => i.path)).toEqual(['/rows/1/year']);
  });

  it("a missing year before the series' first year is refused", async () => {
    const e = await inRollback((trx) => refusal(write(trx, [antal(2019, 260)])));
    expect([e.code, e.issues]).toEqual([
      'validation',
      [{ path: '/rows/1/period', message: 'row 1: there is no period "2019", and 2019 is before 2024, the first year with a value in this series; open the year first, or say createPeriods: true' }],
    ]);
  });

  it("createPeriods creates a year before the series' first year", async () => {
    expect(await inRollback((trx) => write(trx, [antal(2019, 260)], { createPeriods: true }))).toMatchObject({ created: 1, createdPeriods: ['2019'] });
  });

  it("a series without values starts at the municipality's first period", async () => {
    const e = await inRollback((trx) => refusal(write(trx, [value({ indicator: 'antal-i-praktik', year: 2023, value: 14 })], {}, plan)));
    expect(e.issues).toEqual([
      { path: '/rows/1/period', message: 'row 1: there is no period "2023", and 2023 is before 2024, the municipality\'s first period; open the year first, or say createPeriods: true' },
    ]);
  });

  it('a municipality without periods takes any past year', async () => {
    expect(await inRollback((trx) => write(trx, [value({ indicator: 'antal-i-praktik', year: 2016, value: 9 })], {}, tierpPlan))).toMatchObject({ created: 1, createdPeriods: ['2016'] });
  });
});

describe('files: one round of errors', () => {
  const importCsv = (trx: Db, text: string, opts: { replace?: boolean } = {}) => importValueFile(trx, strategy, 'csv', csv(text), { now: NOW, ...opts });

  it("the file's problems and the rows' problems come in one answer, by row", async () => {
    const file = ['Indikator;År;Kön;Värde;Version', 'antal-kommunmottagna;2025;;280;1', 'antal-kommunmottagna;2023;;tre hundra;', 'antal-kommunmottagna;2025;kvinnor;12;', 'antal-kommunmottagna;2027;;12;', 'antal-kommunmottagna;2025;;281;'].join('\n');
    const [e, audit] = await inRollback(async (trx) => {
      const before = await countAudit(trx);
      return [await refusal(importCsv(trx, file)), (await countAudit(trx)) - before] as const;
    });
    expect(e.code).toBe('validation');
    expect(e.issues).toEqual([
      { path: '/rows/2/lockVersion', message: 'row 2: the value was changed by someone else (you have version 1, it is now version 2: 276)' },
      { path: '/rows/3/value', message: 'row 3: Värde "tre hundra" is not a number; write it as 34.5 or 34,5 (a space may group thousands: 1 234,5)' },
      { path: '/rows/4/sex', message: 'row 4: the indicator "antal-kommunmottagna" is not split by sex "women" (it declares: total)' },
      { path: '/rows/5/year', message: 'row 5: 2027 is in the future (today is 2026-12-07); values are entered for years that have begun' },
      { path: '/rows/6/indicator', message: 'row 6: Duplicate of row 2: the same indicator, period (or year), unit, sex and age' },
    ]);
    expect(e.details.conflicts).toEqual([{ row: 2, yourVersion: 1, current: expect.objectContaining({ value: 276, lockVersion: 2 }) }]);
    expect(audit).toBe(0);
  });

  it('an unchanged export imports as nothing', async () => {
    const exported = (await exportValueFile(db, strategy, 'csv')) as string;
    expect(exported.split('\r\n')[0]!.endsWith(',Version')).toBe(true);
    const [result, audit] = await inRollback(async (trx) => {
      const before = await countAudit(trx);
      return [await importCsv(trx, exported), (await countAudit(trx)) - before] as const;
    });
    expect(result).toEqual({ created: 0, updated: 0, unchanged: 4, deleted: 0, written: 0, createdPeriods: [] });
    expect(audit).toBe(0);
  });

  it('an edited export changes the edited row only', async () => {
    const exported = (await exportValueFile(db, strategy, 'csv')) as string;
    const line = 'antal-kommunmottagna,2025,,,,,276,,,final,,,false,false,2';
    expect(exported).toContain(line);
    const [result, after] = await inRollback(async (trx) => [await importCsv(trx, exported.replace(line, line.replace(',276,', ',279,'))), await stored(trx, { indicator: 'antal-kommunmottagna', year: 2025 })] as const);
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    expect(after.map((v) => [v.value, v.lockVersion])).toEqual([[279, 3]]);
  });

  it('a file without versions cannot change a stored value', async () => {
    const e = await inRollback((trx) => refusal(importCsv(trx, 'Indicator,Year,Value\nantal-kommunmottagna,2025,279\n')));
    expect(e.code).toBe('version_conflict');
    expect(e.issues).toEqual([{ path: '/rows/2/lockVersion', message: 'row 2: the cell already has a value (276, version 2); send its lockVersion to change it' }]);
  });

  it('replace overwrites whatever the version, and the audit log says so', async () => {
    const [result, rows, after] = await inRollback(async (trx) => {
      const before = await countAudit(trx);
      const r = await importCsv(trx, 'Indicator,Year,Value,Version\nantal-kommunmottagna,2025,290,1\n', { replace: true });
      const log = await trx.selectFrom('audit_log').select(['entity', 'action', 'reason', 'before', 'after']).orderBy('id', 'desc').limit((await countAudit(trx)) - before).execute();
      return [r, log, await stored(trx, { indicator: 'antal-kommunmottagna', year: 2025 })] as const;
    });
    expect(result).toMatchObject({ updated: 1, unchanged: 0, created: 0 });
    expect(after.map((v) => [v.value, v.lockVersion])).toEqual([[290, 3]]);
    expect(rows.map((r) => [r.entity, r.action, r.reason])).toEqual([['indicator_value', 'update', REPLACE_NOTE]]);
    expect((rows[0]!.after as { value: number }).value).toBe(290);
  });
});

describe('one value', () => {
  const idOf = async (f: { indicator: string; year: number; unit?: string | null }) => (await stored(db, f))[0]!.id;

  it('a patch with the stored version changes the value', async () => {
    const id = await idOf({ indicator: 'antal-kommunmottagna', year: 2025 });
    const after = await inRollback((trx) => updateValue(trx, id, { value: 279 }, 2));
    expect([after.value, after.lockVersion, after.municipalityCode, after.documentKey]).toEqual([279, 3, '0138', 'integrationsstrategi']);
  });

  it('a patch with a stale version is refused with the current value', async () => {
    const id = await idOf({ indicator: 'antal-kommunmottagna', year: 2025 });
    const e = await inRollback((trx) => refusal(updateValue(trx, id, { value: 279 }, 1)));
    expect(e.code).toBe('version_conflict');
    expect(e.details).toMatchObject({ currentVersion: 2, yourVersion: 1, current: { value: 276, lockVersion: 2 } });
  });

  it('a patch that changes nothing writes nothing', async () => {
    const id = await idOf({ indicator: 'antal-kommunmottagna', year: 2025 });
    const [after, audit] = await inRollback(async (trx) => {
      const before = await countAudit(trx);
      return [await updateValue(trx, id, { value: 276 }, 1), (await countAudit(trx)) - before] as const;
    });
    expect([after.value, after.lockVersion, audit]).toEqual([276, 2, 0]);
  });

  it('a deletion in a closed period is refused, naming the period', async () => {
    const id = await idOf({ indicator: 'antal-kommunmottagna', year: 2024 });
    const e = await inRollback((trx) => refusal(deleteValue(trx, id, 1)));
    expect([e.code, e.message, e.details]).toEqual(['document_frozen', 'The period "2024" is closed; its values cannot change', { period: '2024', periodStatus: 'closed' }]);
  });

  it("a deletion of a submitted report's value is refused, naming the report", async () => {
    const id = await idOf({ indicator: 'antal-kommunmottagna', year: 2025, unit: 'Arbetsmarknadsenheten' });
    const e = await inRollback((trx) => refusal(deleteValue(trx, id, 1)));
    expect([e.code, e.message]).toEqual(['document_frozen', 'The report of "Arbetsmarknadsenheten" for 2025 is submitted; its values cannot change']);
    expect(e.details).toMatchObject({ reportStatus: 'submitted', unit: 'Arbetsmarknadsenheten', period: '2025' });
  });

  it('a deletion with the stored version deletes the value', async () => {
    const id = await idOf({ indicator: 'utrikes-fodda-i-sysselsattning', year: 2025 });
    const [gone, log] = await inRollback(async (trx) => {
      await deleteValue(trx, id, 1);
      const e = await refusal(getValue(trx, id));
      return [e.code, await trx.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity', '=', 'indicator_value').where('entity_id', '=', id).orderBy('id', 'desc').executeTakeFirstOrThrow()] as const;
    });
    expect(gone).toBe('not_found');
    expect(log.action).toBe('delete');
    expect(log.after).toBeNull();
    expect(log.before).toMatchObject({ id, value: 63.8, lock_version: 1, document_key: 'integrationsstrategi', indicator_key: 'utrikes-fodda-i-sysselsattning' });
  });

  it('a patch is checked against the indicator: a count is whole, numerator and denominator come together', async () => {
    const count = await idOf({ indicator: 'antal-kommunmottagna', year: 2025 });
    const e = await inRollback((trx) => refusal(updateValue(trx, count, { value: 276.5 }, 2)));
    expect([e.code, e.issues]).toEqual(['validation', [{ path: '/value', message: 'a count is a whole number' }]]);
    const share = await idOf({ indicator: 'utrikes-fodda-i-sysselsattning', year: 2025 });
    const f = await inRollback((trx) => refusal(updateValue(trx, share, { numerator: 638 }, 1)));
    expect(f.issues).toEqual([{ path: '/denominator', message: 'give both numerator and denominator, or neither' }]);
    const g = await inRollback((trx) => refusal(updateValue(trx, share, { numerator: 638, denominator: 1200 }, 1)));
    expect(g.issues).toEqual([{ path: '/value', message: 'is 63.8 but numerator/denominator give 53.17' }]);
  });
});

describe('a unit report (PUT /reports/{id}/values) goes through importValues with replace', () => {
  it("replaces the unit's cells without a version per row, and a row that changes nothing writes nothing", async () => {
    const [first, second, audit] = await inRollback(async (trx) => {
      const r1 = await write(trx, [antal(2025, 290)], { replace: true });
      const before = await countAudit(trx);
      const r2 = await write(trx, [antal(2025, 290)], { replace: true });
      return [r1, r2, (await countAudit(trx)) - before] as const;
    });
    expect(first).toMatchObject({ updated: 1 });
    expect(second).toMatchObject({ updated: 0, unchanged: 1 });
    expect(audit).toBe(0);
  });
});

describe('docs/methodology/indicator-values.md, "Editing values"', () => {
  it('has a test case for every case of the section, and no case test that is not one', () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../../docs/methodology/indicator-values.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Editing values'));
    const documented = exampleNames(section.replaceAll('| Case |', '| Example |'));
    expect(documented.length).toBe(29);
    const source = fs.readFileSync(import.meta.filename, 'utf8');
    const tested = [...source.matchAll(/^ {2}it\((['"])(.*?)\1/gm)].map((m) => m[2]!);
    const cases = tested.filter((n) => !n.startsWith('a patch is checked') && !n.startsWith('replaces the unit') && !n.startsWith('is the date in Sweden') && !n.startsWith('are as the methodology') && !n.startsWith('has a test case'));
    expect(cases.sort()).toEqual([...documented].sort());
  });
});
