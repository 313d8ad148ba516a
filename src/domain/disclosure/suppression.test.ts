import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { disclosureNote } from '../../services/open-data/open-data.service.ts';
import { exampleNames, examples, refusal } from '../../../test/support/methodology.ts';
import {
  DEFAULT_DISCLOSURE_RULES,
  primarySuppression,
  recoverableCells,
  suppress,
  suppressBySex,
  type BySexValue,
  type DisclosedCell,
  type DisclosureCell,
  type DisclosureTable,
  type SuppressionReason,
} from './suppression.ts';

// Worked examples: docs/methodology/disclosure.md (test names = example names). The expected results
// are the ones worked out by hand on that page.

type Shown = number | '..p' | '..d' | '..c' | null;
/** A disclosed cell as the page writes it: the value, `..` with the reason's initial, or null for none. */
function shown(c: DisclosedCell): Shown {
  if (c.suppressed === null) return c.value;
  expect(c.value).toBeNull();
  return `..${c.suppressed[0]}` as Shown;
}

describe('one cell', () => {
  const one = (cell: Omit<DisclosureCell, 'id'>, threshold = 5) => suppress({ cells: [{ id: 'x', ...cell }], sums: [] }, { threshold })[0]!;
  examples<{ name: string; cells: Array<Omit<DisclosureCell, 'id'>>; threshold?: number; expected: Array<{ value: number | null; suppressed: SuppressionReason | null }> }>(
    [
      {
        name: 'a count from 1 to 4 is suppressed',
        cells: [1, 2, 3, 4].map((value) => ({ value, kind: 'count' as const })),
        expected: [1, 2, 3, 4].map(() => ({ value: null, suppressed: 'primary' as const })),
      },
      { name: 'a count of 0 is published', cells: [{ value: 0, kind: 'count' }], expected: [{ value: 0, suppressed: null }] },
      { name: 'a count of 5 is published', cells: [{ value: 5, kind: 'count' }], expected: [{ value: 5, suppressed: null }] },
      { name: 'a share with a numerator of 3 is suppressed', cells: [{ value: 25.0, kind: 'share', numerator: 3, denominator: 12 }], expected: [{ value: null, suppressed: 'derived' }] },
      {
        name: 'a share of 0 out of 4 is suppressed because the group is small',
        cells: [{ value: 0, kind: 'share', numerator: 0, denominator: 4 }],
        expected: [{ value: null, suppressed: 'derived' }],
      },
      { name: 'a share of 0 out of 40 is published', cells: [{ value: 0, kind: 'share', numerator: 0, denominator: 40 }], expected: [{ value: 0, suppressed: null }] },
      { name: 'a share without numerator and denominator is published as it is', cells: [{ value: 12.5, kind: 'share' }], expected: [{ value: 12.5, suppressed: null }] },
      { name: 'a mean over 3 people is suppressed', cells: [{ value: 1250, kind: 'other', numerator: 3750, denominator: 3 }], expected: [{ value: null, suppressed: 'derived' }] },
      { name: 'an amount is not a count and is published', cells: [{ value: 3, kind: 'other' }], expected: [{ value: 3, suppressed: null }] },
      { name: 'a missing value stays missing and is not suppressed', cells: [{ value: null, kind: 'count' }], expected: [{ value: null, suppressed: null }] },
      {
        name: 'a threshold of 3 publishes 3 and suppresses 2',
        threshold: 3,
        cells: [
          { value: 3, kind: 'count' },
          { value: 2, kind: 'count' },
        ],
        expected: [
          { value: 3, suppressed: null },
          { value: null, suppressed: 'primary' },
        ],
      },
    ],
    ({ cells, threshold, expected }) => {
      expect(cells.map((c) => one(c, threshold))).toEqual(expected.map((e) => ({ id: 'x', ...e })));
    },
  );
});

describe('women, men and the total', () => {
  type Row = { key: string; women: BySexValue; men: BySexValue; total: BySexValue };
  const share = (value: number, numerator: number, denominator: number) => ({ value, numerator, denominator });
  examples<{ name: string; kind?: 'count' | 'share'; rows: Row[]; expected: Array<[Shown, Shown, Shown]> }>(
    [
      { name: "a small count for women is protected by suppressing the men's count", rows: [{ key: '2025', women: 3, men: 12, total: 15 }], expected: [['..p', '..c', 15]] },
      { name: 'a zero beside a small total reveals nothing more', rows: [{ key: '2025', women: 0, men: 3, total: 3 }], expected: [[0, '..p', '..p']] },
      { name: 'two small parts protect each other', rows: [{ key: '2025', women: 2, men: 4, total: 6 }], expected: [['..p', '..p', 6]] },
      {
        name: 'each year is protected on its own',
        rows: [
          { key: '2023', women: 3, men: 10, total: 13 },
          { key: '2024', women: 6, men: 7, total: 13 },
        ],
        expected: [
          ['..p', '..c', 13],
          [6, 7, 13],
        ],
      },
      { name: 'without a total there is nothing to subtract from', rows: [{ key: '2025', women: 3, men: 12, total: null }], expected: [['..p', 12, null]] },
      {
        name: 'a share with a small numerator takes the share with the next smallest numerator with it',
        kind: 'share',
        rows: [{ key: '2025', women: share(25.0, 3, 12), men: share(40.0, 8, 20), total: share(34.4, 11, 32) }],
        expected: [['..d', '..c', 34.4]],
      },
    ],
    ({ kind, rows, expected }) => {
      const out = suppressBySex(rows, kind ?? 'count');
      expect(out.map((r) => [shown(r.women), shown(r.men), shown(r.total)])).toEqual(expected);
      expect(out.map((r) => r.key)).toEqual(rows.map((r) => r.key));
      expect(out.flatMap((r) => [r.women.id, r.men.id, r.total.id])).toEqual(rows.flatMap((r) => [`${r.key}:women`, `${r.key}:men`, `${r.key}:total`]));
    },
  );
});

/**
 * A table of rows × columns with a total column, a total row and the sums between them, as the page
 * draws it: `grid[r][c]` are the values, the last column and the last row being the totals.
 */
function gridTable(rows: string[], cols: string[], grid: number[][]): DisclosureTable {
  const id = (r: number, c: number) => `${rows[r]}|${cols[c]}`;
  const cells = grid.flatMap((line, r) => line.map((value, c): DisclosureCell => ({ id: id(r, c), value, kind: 'count' })));
  const last = (n: number) => n - 1;
  const sums = [
    ...rows.map((_, r) => ({ total: id(r, last(cols.length)), parts: cols.slice(0, -1).map((_c, c) => id(r, c)) })),
    ...cols.map((_, c) => ({ total: id(last(rows.length), c), parts: rows.slice(0, -1).map((_r, r) => id(r, c)) })),
  ];
  return { cells, sums };
}
const showGrid = (_table: DisclosureTable, out: DisclosedCell[], width: number): Shown[][] => {
  const flat = out.map(shown);
  return Array.from({ length: flat.length / width }, (_, r) => flat.slice(r * width, (r + 1) * width));
};

describe('tables with several sums', () => {
  const SEX = ['women', 'men', 'total'];
  const TABLES: Record<string, { table: DisclosureTable; width: number }> = {
    A: { table: gridTable(['A', 'B', 'C', 'all'], SEX, [[2, 8, 10], [7, 6, 13], [9, 11, 20], [18, 25, 43]]), width: 3 },
    B: {
      table: {
        cells: [
          { id: 'A', value: 2, kind: 'count' },
          { id: 'B', value: 7, kind: 'count' },
          { id: 'C', value: 7, kind: 'count' },
          { id: 'total', value: 16, kind: 'count' },
        ],
        sums: [{ total: 'total', parts: ['A', 'B', 'C'] }],
      },
      width: 4,
    },
    C: { table: gridTable(['2024', '2025', '2024–2025'], SEX, [[3, 9, 12], [6, 8, 14], [9, 17, 26]]), width: 3 },
    D: { table: gridTable(['A', 'B', 'C', 'all'], SEX, [[2, 7, 9], [7, 8, 15], [9, 5, 14], [18, 20, 38]]), width: 3 },
    E: {
      table: gridTable(['A', 'B', 'C', 'D', 'total'], ['16-19', '20-24', '25-44', '45-64', 'total'], [
        [2, 3, 8, 6, 19],
        [4, 1, 2, 7, 14],
        [9, 10, 3, 1, 23],
        [6, 5, 4, 2, 17],
        [21, 19, 17, 16, 73],
      ]),
      width: 5,
    },
  };
  examples<{ name: string; table: keyof typeof TABLES; expected: Shown[][] }>(
    [
      {
        name: 'a small cell in a table with row and column totals takes three more',
        table: 'A',
        expected: [['..p', '..c', 10], ['..c', '..c', 13], [9, 11, 20], [18, 25, 43]],
      },
      { name: 'ties go to the cell first in the table', table: 'B', expected: [['..p', '..c', 7, 16]] },
      {
        name: 'a total that is also a part: two years and both years together',
        table: 'C',
        expected: [['..p', '..c', 12], ['..c', '..c', 14], [9, 17, 26]],
      },
      {
        name: 'the greedy rule can suppress more cells than needed',
        table: 'D',
        expected: [['..p', '..c', 9], ['..c', '..c', 15], ['..c', '..c', 14], [18, 20, 38]],
      },
      {
        name: 'two suppressed cells in every row and column are not always enough',
        table: 'E',
        expected: [
          ['..p', '..p', 8, 6, 19],
          ['..p', '..p', '..p', 7, 14],
          [9, 10, '..p', '..p', 23],
          [6, '..c', '..p', '..p', 17],
          [21, 19, 17, 16, 73],
        ],
      },
    ],
    ({ table, expected }) => {
      const { table: t, width } = TABLES[table]!;
      const out = suppress(t);
      expect(showGrid(t, out, width)).toEqual(expected);
      expect(recoverableCells(t, out)).toEqual([]);
    },
  );

  it('table E needs the linear algebra: after primary suppression no single sum gives a cell away, but one cell is recoverable', () => {
    const { table } = TABLES.E!;
    const primary = primarySuppression(table);
    expect(recoverableCells(table, primary)).toEqual(['B|25-44']);
  });

  it('table A without complementary suppression gives the small cell away', () => {
    const { table } = TABLES.A!;
    expect(recoverableCells(table, primarySuppression(table))).toEqual(['A|women']);
  });
});

describe('inputs and outputs', () => {
  it('keeps the order and ids of the cells, and gives the same result every time', () => {
    const table: DisclosureTable = {
      cells: [
        { id: 'total', value: 15, kind: 'count' },
        { id: 'men', value: 12, kind: 'count' },
        { id: 'women', value: 3, kind: 'count' },
      ],
      sums: [{ total: 'total', parts: ['women', 'men'] }],
    };
    const out = suppress(table);
    expect(out).toEqual([
      { id: 'total', value: 15, suppressed: null },
      { id: 'men', value: null, suppressed: 'complementary' },
      { id: 'women', value: null, suppressed: 'primary' },
    ]);
    expect(suppress(table)).toEqual(out);
    expect(DEFAULT_DISCLOSURE_RULES).toEqual({ threshold: 5 });
  });

  it('refuses duplicate ids, unknown cells in sums, a total among its own parts and a threshold that is not a whole number of at least 1', () => {
    const cells: DisclosureCell[] = [
      { id: 'a', value: 1, kind: 'count' },
      { id: 'a', value: 2, kind: 'count' },
      { id: 'b', value: Number.NaN, kind: 'count' },
    ];
    const e = refusal(() => suppress({ cells, sums: [{ total: 'a', parts: ['a', 'zz', 'b', 'b'] }, { total: 'nope', parts: [] }] }));
    expect(e.code).toBe('validation');
    expect(e.issues.map((i) => i.path)).toEqual(['/cells/1/id', '/cells/2/value', '/sums/0/parts/0', '/sums/0/parts/1', '/sums/0/parts/3', '/sums/1/total', '/sums/1/parts']);
    for (const threshold of [0, 2.5, -5, Number.NaN]) expect(refusal(() => suppress({ cells: [], sums: [] }, { threshold })).issues[0]!.path).toBe('/rules/threshold');
  });

  it('refuses sums that force a cell to be 0 whatever is published (t = a + b and t = a)', () => {
    const cells: DisclosureCell[] = [
      { id: 't', value: 10, kind: 'count' },
      { id: 'a', value: 8, kind: 'count' },
      { id: 'b', value: 2, kind: 'count' },
    ];
    // b is primary; a, then t are suppressed to stop the subtractions; then the two sums together
    // say b = 0 without any published cell, which no further suppression can change.
    const e = refusal(() => suppress({ cells, sums: [{ total: 't', parts: ['a', 'b'] }, { total: 't', parts: ['a'] }] }));
    expect(e.code).toBe('validation');
    expect(e.message).toContain('"b"');
  });

  it('checks that the disclosed cells belong to the table', () => {
    const table: DisclosureTable = { cells: [{ id: 'a', value: 3, kind: 'count' }], sums: [] };
    expect(refusal(() => recoverableCells(table, [{ id: 'b', value: null, suppressed: 'primary' }])).code).toBe('validation');
  });

  it('prints the note under a table for the threshold in use (the words are in the locale files)', () => {
    expect(disclosureNote(DEFAULT_DISCLOSURE_RULES).sv).toContain('antal mellan 1 och 4');
    expect(disclosureNote(DEFAULT_DISCLOSURE_RULES).sv.startsWith('.. = ')).toBe(true);
    expect(disclosureNote({ threshold: 3 }).en).toContain('counts from 1 to 2');
    expect(disclosureNote({ threshold: 2 }).en).toContain('counts of 1');
    expect(disclosureNote({ threshold: 1 }).en).toBe('No figures are suppressed: every count is published.');
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../../docs/methodology/disclosure.md'), 'utf8');
    const quoted = doc.split('\n').filter((l) => l.startsWith('> ')).map((l) => l.slice(2)).join(' ');
    expect(quoted).toBe(disclosureNote(DEFAULT_DISCLOSURE_RULES).sv);
  });
});

describe('docs/methodology/disclosure.md', () => {
  it('has a test case for every worked example, and no test case that is not one', () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../../docs/methodology/disclosure.md'), 'utf8');
    const documented = exampleNames(doc);
    const tested = [...fs.readFileSync(import.meta.filename, 'utf8').matchAll(/\bname: (['"])(.*?)\1/g)].map((m) => m[2]!);
    expect(documented.length).toBe(22);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...tested].sort()).toEqual([...documented].sort());
  });
});
