import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DB_KIND, type TestApp } from '../../../test/support/test-db.ts';

/**
 * A model of one document series' values, kept by the test, against the real API: any sequence of
 * JSON batches (rows with the right version, a stale one or none), CSV imports (with and without the
 * Version column, with and without `replace`), PATCHes and DELETEs. After every step the stored values
 * equal the model, every stale version was refused (409) with nothing changed, and the audit log's new
 * value rows are exactly the changes the model made: one per created, updated or deleted value, none
 * for a row that changed nothing. The rules: docs/methodology/indicator-values.md, "Editing values".
 */

const CODE = '9100';
const YEARS = [2023, 2024, 2025] as const;
const SEXES = ['total', 'women', 'men'] as const;
/** Nine cells: few enough that steps meet the same cells again. */
const CELLS = YEARS.flatMap((year) => SEXES.map((sex) => ({ year, sex })));
type Cell = (typeof CELLS)[number];
const cellName = (c: Cell) => `${c.year}/${c.sex}`;

type VersionChoice = 'right' | 'stale' | 'none';
interface RowSpec {
  cell: number;
  value: number;
  note: string | null;
  version: VersionChoice;
}
type Step =
  | { kind: 'batch'; rows: RowSpec[] }
  | { kind: 'csv'; rows: RowSpec[]; versionColumn: boolean; replace: boolean }
  | { kind: 'patch'; pick: number; value: number; note: string | null; stale: boolean }
  | { kind: 'delete'; pick: number; stale: boolean }
  /** Export the values as CSV and import the file as it is. */
  | { kind: 'roundtrip' };

interface Stored {
  id: string;
  value: number;
  note: string | null;
  version: number;
}
/** A change the model expects the audit log to record. */
interface Change {
  action: 'insert' | 'update' | 'delete';
  cell: string;
  value: number | null;
}

let t: TestApp;
let periodOf: Map<string, number>;
beforeAll(async () => {
  t = await createTestApp();
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/municipalities', payload: { code: CODE, name: 'Modellby' } });
  expect(r.statusCode, r.body).toBe(201);
  periodOf = new Map();
  for (const year of YEARS) {
    const p = await t.app.inject({ method: 'POST', url: `/api/v1/municipalities/${CODE}/periods`, payload: { year, scheme: 'year' } });
    expect(p.statusCode, p.body).toBe(201);
    periodOf.set(JSON.parse(p.body)[0].id, year);
  }
});
afterAll(() => t.close());

const rowSpec = fc.record({
  cell: fc.integer({ min: 0, max: CELLS.length - 1 }),
  value: fc.constantFrom(1, 2),
  note: fc.constantFrom(null, 'rättad'),
  // The right version more often than not, so that batches go through and meet their own values again.
  version: fc.constantFrom<VersionChoice>('right', 'right', 'right', 'stale', 'none'),
});
const rows = fc.uniqueArray(rowSpec, { selector: (r) => r.cell, minLength: 1, maxLength: 3 });
const step: fc.Arbitrary<Step> = fc.oneof(
  rows.map((r) => ({ kind: 'batch' as const, rows: r })),
  fc.record({ rows, versionColumn: fc.boolean(), replace: fc.boolean() }).map((x) => ({ kind: 'csv' as const, ...x })),
  fc.record({ pick: fc.nat(), value: fc.constantFrom(1, 2), note: fc.constantFrom(null, 'rättad'), stale: fc.boolean() }).map((x) => ({ kind: 'patch' as const, ...x })),
  fc.record({ pick: fc.nat(), stale: fc.boolean() }).map((x) => ({ kind: 'delete' as const, ...x })),
  fc.constant({ kind: 'roundtrip' as const }),
);

let run = 0;

describe(`values against a model on ${TEST_DB_KIND}`, () => {
  it('any sequence of batches, file imports, patches and deletions keeps the values, the refusals and the audit log as the model says', { timeout: 240_000 }, async () => {
    let steps = 0;
    let refused = 0;
    let unchangedRows = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (sequence) => {
        // A document series of its own for every run: the model starts empty.
        const key = `modell-${++run}`;
        const doc = await t.app.inject({ method: 'POST', url: `/api/v1/municipalities/${CODE}/documents`, payload: { key, type: 'plan', title: `Modell ${run}` } });
        expect(doc.statusCode, doc.body).toBe(201);
        const docId = JSON.parse(doc.body).id as string;
        const ind = await t.app.inject({ method: 'POST', url: `/api/v1/documents/${docId}/indicators`, payload: { key: 'antal', name: 'Antal', unitOfMeasure: 'count', sexes: [...SEXES] } });
        expect(ind.statusCode, ind.body).toBe(201);
        const model = new Map<string, Stored>();

        for (const s of sequence) {
          steps++;
          const before = await maxAuditId();
          const expected: Change[] = [];
          let expectConflict = false;
          if (s.kind === 'batch' || s.kind === 'csv') {
            const replace = s.kind === 'csv' && s.replace;
            const sent = s.rows.map((r) => {
              const c = CELLS[r.cell]!;
              const m = model.get(cellName(c));
              let version: number | undefined = r.version === 'right' ? m?.version : r.version === 'stale' ? (m ? m.version + 1 : 1) : undefined;
              if (s.kind === 'csv' && !s.versionColumn) version = undefined;
              return { r, c, m, version };
            });
            let counts = { created: 0, updated: 0, unchanged: 0 };
            for (const { r, c, m, version } of sent) {
              if (m && m.value === r.value && m.note === r.note) counts.unchanged++;
              else if (replace) {
                counts = m ? { ...counts, updated: counts.updated + 1 } : { ...counts, created: counts.created + 1 };
                expected.push({ action: m ? 'update' : 'insert', cell: cellName(c), value: r.value });
              } else if (m ? version !== m.version : version !== undefined) expectConflict = true;
              else {
                counts = m ? { ...counts, updated: counts.updated + 1 } : { ...counts, created: counts.created + 1 };
                expected.push({ action: m ? 'update' : 'insert', cell: cellName(c), value: r.value });
              }
            }
            const res =
              s.kind === 'batch'
                ? await t.app.inject({
                    method: 'POST',
                    url: `/api/v1/documents/${docId}/values`,
                    payload: { values: sent.map(({ r, c, version }) => ({ indicator: 'antal', year: c.year, sex: c.sex, value: r.value, note: r.note, ...(version === undefined ? {} : { lockVersion: version }) })) },
                  })
                : await t.app.inject({
                    method: 'POST',
                    url: `/api/v1/documents/${docId}/values/import`,
                    payload: {
                      format: 'csv',
                      replace: s.replace,
                      content: [
                        `Indicator,Year,Sex,Value,Note${s.versionColumn ? ',Version' : ''}`,
                        ...sent.map(({ r, c, version }) => `antal,${c.year},${c.sex === 'total' ? '' : c.sex},${r.value},${r.note ?? ''}${s.versionColumn ? `,${version ?? ''}` : ''}`),
                      ].join('\n'),
                    },
                  });
            if (expectConflict) {
              expect(res.statusCode, res.body).toBe(409);
              const conflicts = JSON.parse(res.body).conflicts as Array<{ row: number; current: { lockVersion: number; value: number } | null }>;
              expect(conflicts.length).toBeGreaterThan(0);
              for (const k of conflicts) {
                const m = sent[k.row - (s.kind === 'csv' ? 2 : 1)]!.m;
                expect(k.current === null ? null : [k.current.value, k.current.lockVersion]).toEqual(m ? [m.value, m.version] : null);
              }
              expected.length = 0;
              refused++;
            } else {
              expect(res.statusCode, res.body).toBe(200);
              expect(JSON.parse(res.body)).toMatchObject({ ...counts, deleted: 0, createdPeriods: [] });
              unchangedRows += counts.unchanged;
              for (const { r, c, m } of sent) {
                if (m && m.value === r.value && m.note === r.note) continue;
                model.set(cellName(c), { id: m?.id ?? '', value: r.value, note: r.note, version: m ? m.version + 1 : 1 });
              }
            }
          } else if (s.kind === 'roundtrip') {
            const csv = await t.app.inject({ method: 'GET', url: `/api/v1/documents/${docId}/values.csv` });
            const res = await t.app.inject({ method: 'POST', url: `/api/v1/documents/${docId}/values/import`, payload: { format: 'csv', content: csv.body } });
            // (With no values the file is a header only, which imports as nothing too.)
            expect(res.statusCode, res.body).toBe(200);
            expect(JSON.parse(res.body)).toEqual({ created: 0, updated: 0, unchanged: model.size, deleted: 0, written: 0, createdPeriods: [] });
            unchangedRows += model.size;
          } else {
            const existing = [...model.entries()].sort(([a], [b]) => a.localeCompare(b));
            if (existing.length === 0) continue;
            const [name, m] = existing[s.pick % existing.length]!;
            const version = s.stale ? m.version + 1 : m.version;
            if (s.kind === 'patch') {
              const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/values/${m.id}`, payload: { value: s.value, note: s.note, lockVersion: version } });
              if (m.value === s.value && m.note === s.note) {
                expect(res.statusCode, res.body).toBe(200);
                unchangedRows++;
              } else if (s.stale) {
                expect(res.statusCode, res.body).toBe(409);
                expect(JSON.parse(res.body).current).toMatchObject({ value: m.value, note: m.note, lockVersion: m.version });
                refused++;
              } else {
                expect(res.statusCode, res.body).toBe(200);
                expect(res.headers.etag).toBe(`"${m.version + 1}"`);
                model.set(name, { ...m, value: s.value, note: s.note, version: m.version + 1 });
                expected.push({ action: 'update', cell: name, value: s.value });
              }
            } else {
              const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/values/${m.id}?lockVersion=${version}` });
              if (s.stale) {
                expect(res.statusCode, res.body).toBe(409);
                refused++;
              } else {
                expect(res.statusCode, res.body).toBe(204);
                model.delete(name);
                expected.push({ action: 'delete', cell: name, value: null });
              }
            }
          }

          // The stored values are the model's (ids learnt for new cells).
          const listed = JSON.parse((await t.app.inject({ method: 'GET', url: `/api/v1/documents/${docId}/values` })).body) as Array<{ id: string; year: number; sex: Cell['sex']; value: number; note: string | null; lockVersion: number }>;
          const actual = Object.fromEntries(listed.map((v) => [cellName({ year: v.year as Cell['year'], sex: v.sex }), { value: v.value, note: v.note, version: v.lockVersion }]));
          const modelled = Object.fromEntries([...model.entries()].map(([k, v]) => [k, { value: v.value, note: v.note, version: v.version }]));
          expect(actual).toEqual(modelled);
          for (const v of listed) model.get(cellName({ year: v.year as Cell['year'], sex: v.sex }))!.id = v.id;

          // The audit log's new value rows are exactly the model's changes.
          const logged = await sql<{ action: Change['action']; row: { period_id: string; sex: Cell['sex']; value: number; document_key: string } }>`
            select action, coalesce(after, before) as row from audit_log where id > ${before} and entity = 'indicator_value' order by id`.execute(t.db.db);
          const changes = logged.rows.map((l) => {
            expect(l.row.document_key).toBe(key);
            return { action: l.action, cell: cellName({ year: periodOf.get(l.row.period_id) as Cell['year'], sex: l.row.sex }), value: l.action === 'delete' ? null : Number(l.row.value) };
          });
          const order = (a: Change, b: Change) => a.cell.localeCompare(b.cell);
          expect(changes.sort(order)).toEqual([...expected].sort(order));
        }
      }),
      { numRuns: 25 },
    );
    // The generator reached every kind of outcome.
    console.info(`values model: ${steps} steps, ${refused} refused, ${unchangedRows} unchanged rows`);
    expect(steps).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(10);
    expect(unchangedRows).toBeGreaterThan(5);
  });
});

async function maxAuditId(): Promise<string> {
  const r = await sql<{ id: string | null }>`select max(id)::text as id from audit_log`.execute(t.db.db);
  return r.rows[0]!.id ?? '0';
}
