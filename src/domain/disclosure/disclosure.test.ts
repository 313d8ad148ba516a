import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { primarySuppression, recoverableCells, suppress, suppressBySex, type DisclosedCell, type DisclosureCell, type DisclosureTable } from './suppression.ts';

/**
 * The disclosure test: generated tables are suppressed, then attacked. The attack is written here,
 * independently of suppression.ts (rational arithmetic on the sums with the published values put
 * in, not the integer elimination of the module): it solves for every unknown cell it can. It must
 * recover no suppressed cell. The last tests switch complementary suppression off and show that the
 * same attack then does recover cells, so this test can fail.
 */

// ---------------------------------------------------------------------------------------------
// The attack: exact rational Gauss–Jordan elimination on the published system.

interface Q {
  n: bigint;
  d: bigint;
}
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
function q(n: bigint, d = 1n): Q {
  if (d === 0n) throw new Error('division by zero');
  const g = gcd(n, d) || 1n;
  const s = d < 0n ? -1n : 1n;
  return { n: (s * n) / g, d: (s * d) / g };
}
const sub = (a: Q, b: Q) => q(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Q, b: Q) => q(a.n * b.n, a.d * b.d);
const div = (a: Q, b: Q) => q(a.n * b.d, a.d * b.n);
const isZero = (a: Q) => a.n === 0n;

/**
 * What a reader can work out: every unknown cell (value null in the published output) that the sums
 * and the published values determine, with its value. `known(cell)` is the number a published cell
 * contributes to a sum (a count's value, a share's numerator: the reader knows the denominators).
 */
function attack(table: DisclosureTable, published: DisclosedCell[], known: (c: DisclosureCell) => number): Map<string, number> {
  const isUnknown = new Map(published.map((p) => [p.id, p.value === null]));
  const cellById = new Map(table.cells.map((c) => [c.id, c]));
  const unknowns = table.cells.filter((c) => isUnknown.get(c.id)).map((c) => c.id);
  const col = new Map(unknowns.map((id, i) => [id, i]));
  // One equation per sum: total − Σ parts = 0, with the published cells moved to the right-hand side.
  const rows: Array<{ a: Q[]; rhs: Q }> = table.sums.map((s) => {
    const a = unknowns.map(() => q(0n));
    let rhs = q(0n);
    const terms: Array<[string, bigint]> = [[s.total, 1n], ...s.parts.map((p): [string, bigint] => [p, -1n])];
    for (const [id, coef] of terms) {
      if (isUnknown.get(id)) a[col.get(id)!] = q(a[col.get(id)!]!.n + coef * a[col.get(id)!]!.d, a[col.get(id)!]!.d);
      else rhs = sub(rhs, mul(q(coef), q(BigInt(Math.round(known(cellById.get(id)!) * 1000)), 1000n)));
    }
    return { a, rhs };
  });
  let r = 0;
  const pivotCols: number[] = [];
  for (let c = 0; c < unknowns.length && r < rows.length; c++) {
    const p = rows.findIndex((row, k) => k >= r && !isZero(row.a[c]!));
    if (p < 0) continue;
    [rows[r], rows[p]] = [rows[p]!, rows[r]!];
    const pivot = rows[r]!.a[c]!;
    rows[r] = { a: rows[r]!.a.map((x) => div(x, pivot)), rhs: div(rows[r]!.rhs, pivot) };
    for (let k = 0; k < rows.length; k++) {
      if (k === r || isZero(rows[k]!.a[c]!)) continue;
      const f = rows[k]!.a[c]!;
      rows[k] = { a: rows[k]!.a.map((x, j) => sub(x, mul(f, rows[r]!.a[j]!))), rhs: sub(rows[k]!.rhs, mul(f, rows[r]!.rhs)) };
    }
    pivotCols.push(c);
    r++;
  }
  const found = new Map<string, number>();
  pivotCols.forEach((c, k) => {
    if (rows[k]!.a.every((x, j) => j === c || isZero(x))) found.set(unknowns[c]!, Number(rows[k]!.rhs.n) / Number(rows[k]!.rhs.d));
  });
  return found;
}

const countOf = (c: DisclosureCell) => c.value!;
const numeratorOf = (c: DisclosureCell) => (c.kind === 'share' ? c.numerator! : c.value!);

// ---------------------------------------------------------------------------------------------
// Checks every suppressed table must pass.

function checkProtected(table: DisclosureTable, out: DisclosedCell[], threshold: number, known: (c: DisclosureCell) => number): void {
  expect(out.map((o) => o.id)).toEqual(table.cells.map((c) => c.id));
  const small = (n: number | null | undefined) => n !== null && n !== undefined && n > 0 && n < threshold;
  table.cells.forEach((c, i) => {
    const o = out[i]!;
    if (o.suppressed !== null) {
      expect(o.value, c.id).toBeNull();
      expect(['primary', 'derived', 'complementary']).toContain(o.suppressed);
    } else expect(o.value, c.id).toBe(c.value);
    // No published count from 1 to threshold − 1, and no published share from such counts.
    if (c.kind === 'count' && small(c.value)) expect(o.suppressed, c.id).toBe('primary');
    if (c.kind === 'count' && o.value !== null) expect(small(o.value), c.id).toBe(false);
    if (c.kind === 'share' && c.value !== null && (small(c.numerator) || small(c.denominator))) expect(o.suppressed, c.id).toBe('derived');
    if (c.kind === 'share' && o.value !== null) expect(small(c.numerator) || small(c.denominator), c.id).toBe(false);
    if (c.value === null) expect(o).toEqual({ id: c.id, value: null, suppressed: null });
  });
  const recovered = attack(table, out, known);
  const leaked = out.filter((o) => o.suppressed !== null && recovered.has(o.id)).map((o) => `${o.id} = ${recovered.get(o.id)}`);
  expect(leaked).toEqual([]);
  // The module's own check agrees (it is not part of the attack).
  expect(recoverableCells(table, out)).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Generators: small counts, many below the threshold, some zeros, now and then a missing value.

const smallCount = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 6 }) }, { weight: 2, arbitrary: fc.integer({ min: 7, max: 40 }) });
const threshold = fc.integer({ min: 2, max: 7 });

/** rows × columns of counts with a total column, a total row and the grand total, as one table. */
function grid(rowNames: string[], colNames: string[], interior: number[][]): DisclosureTable {
  const R = rowNames.length;
  const C = colNames.length;
  const id = (r: number, c: number) => `${r === R ? 'all' : rowNames[r]}|${c === C ? 'total' : colNames[c]}`;
  const value = (r: number, c: number): number => {
    if (r < R && c < C) return interior[r]![c]!;
    if (r < R) return interior[r]!.reduce((a, b) => a + b, 0);
    if (c < C) return interior.reduce((a, line) => a + line[c]!, 0);
    return interior.flat().reduce((a, b) => a + b, 0);
  };
  const cells: DisclosureCell[] = [];
  for (let r = 0; r <= R; r++) for (let c = 0; c <= C; c++) cells.push({ id: id(r, c), value: value(r, c), kind: 'count' });
  const sums = [
    ...Array.from({ length: R + 1 }, (_, r) => ({ total: id(r, C), parts: colNames.map((_c, c) => id(r, c)) })),
    ...Array.from({ length: C + 1 }, (_, c) => ({ total: id(R, c), parts: rowNames.map((_r, r) => id(r, c)) })),
  ];
  return { cells, sums };
}

const yearsBySex = fc.array(
  fc.record({ women: smallCount, men: smallCount, missing: fc.constantFrom(null, null, null, null, 'women', 'men', 'total') }),
  { minLength: 1, maxLength: 8 },
);

describe('the disclosure test: no suppressed cell can be recovered', () => {
  it('year × sex tables of counts (suppressBySex), with now and then a missing value', () => {
    fc.assert(
      fc.property(yearsBySex, threshold, (years, t) => {
        const rows = years.map((y, i) => ({
          key: String(2016 + i),
          women: y.missing === 'women' ? null : y.women,
          men: y.missing === 'men' ? null : y.men,
          total: y.missing === 'total' ? null : y.women + y.men,
        }));
        const out = suppressBySex(rows, 'count', { threshold: t });
        const table: DisclosureTable = {
          cells: rows.flatMap((r) => (['women', 'men', 'total'] as const).map((s) => ({ id: `${r.key}:${s}`, value: r[s], kind: 'count' as const }))),
          sums: rows.filter((r) => r.women !== null && r.men !== null && r.total !== null).map((r) => ({ total: `${r.key}:total`, parts: [`${r.key}:women`, `${r.key}:men`] })),
        };
        checkProtected(table, out.flatMap((r) => [r.women, r.men, r.total]), t, countOf);
      }),
      { numRuns: 1000 },
    );
  });

  it('year × sex tables of shares with numerators and denominators (the sums read on the numerators)', () => {
    const group = fc.record({ numerator: smallCount, extra: smallCount });
    fc.assert(
      fc.property(fc.array(fc.record({ women: group, men: group }), { minLength: 1, maxLength: 6 }), threshold, (years, t) => {
        const share = (numerator: number, denominator: number) => ({ value: denominator === 0 ? null : Math.round((1000 * numerator) / denominator) / 10, numerator, denominator });
        const rows = years.map((y, i) => {
          const wd = y.women.numerator + y.women.extra;
          const md = y.men.numerator + y.men.extra;
          return { key: String(2016 + i), women: share(y.women.numerator, wd), men: share(y.men.numerator, md), total: share(y.women.numerator + y.men.numerator, wd + md) };
        });
        const out = suppressBySex(rows, 'share', { threshold: t });
        const table: DisclosureTable = {
          cells: rows.flatMap((r) => (['women', 'men', 'total'] as const).map((s) => ({ id: `${r.key}:${s}`, kind: 'share' as const, ...r[s] }))),
          sums: rows.filter((r) => r.women.value !== null && r.men.value !== null && r.total.value !== null).map((r) => ({ total: `${r.key}:total`, parts: [`${r.key}:women`, `${r.key}:men`] })),
        };
        checkProtected(table, out.flatMap((r) => [r.women, r.men, r.total]), t, numeratorOf);
      }),
      { numRuns: 1000 },
    );
  });

  it('units × sex tables with row, column and grand totals', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(smallCount, smallCount), { minLength: 1, maxLength: 6 }), threshold, (units, t) => {
        const table = grid(units.map((_, i) => `unit${i}`), ['women', 'men'], units.map(([w, m]) => [w, m]));
        checkProtected(table, suppress(table, { threshold: t }), t, countOf);
      }),
      { numRuns: 1000 },
    );
  });

  it('larger tables (up to 5 × 5 with all totals), where a cell can be recovered only by combining sums', () => {
    const dims = fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 5 }));
    const tables = dims.chain(([r, c]) => fc.array(fc.array(smallCount, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }));
    fc.assert(
      fc.property(tables, threshold, (interior, t) => {
        const table = grid(interior.map((_, i) => `r${i}`), interior[0]!.map((_, j) => `c${j}`), interior);
        checkProtected(table, suppress(table, { threshold: t }), t, countOf);
      }),
      { numRuns: 500 },
    );
  });

  it('year × sex × both years together: totals that are also parts', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(smallCount, smallCount), { minLength: 2, maxLength: 4 }), threshold, (years, t) => {
        const table = grid(years.map((_, i) => String(2020 + i)), ['women', 'men'], years.map(([w, m]) => [w, m]));
        checkProtected(table, suppress(table, { threshold: t }), t, countOf);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the attack works: without complementary suppression it recovers cells', () => {
  it('recovers the women in 3 + 12 = 15 when only primary suppression is applied', () => {
    const table: DisclosureTable = {
      cells: [
        { id: 'women', value: 3, kind: 'count' },
        { id: 'men', value: 12, kind: 'count' },
        { id: 'total', value: 15, kind: 'count' },
      ],
      sums: [{ total: 'total', parts: ['women', 'men'] }],
    };
    const primaryOnly = primarySuppression(table);
    expect(primaryOnly.map((c) => c.value)).toEqual([null, 12, 15]);
    expect(attack(table, primaryOnly, countOf)).toEqual(new Map([['women', 3]]));
    expect(() => checkProtected(table, primaryOnly, 5, countOf)).toThrow();
    expect(attack(table, suppress(table), countOf).size).toBe(0);
  });

  it('recovers the bridging cell of a 4 × 4 table that has two suppressed cells in every row and column', () => {
    const table = grid(['A', 'B', 'C', 'D'], ['c1', 'c2', 'c3', 'c4'], [
      [2, 3, 8, 6],
      [4, 1, 2, 7],
      [9, 10, 3, 1],
      [6, 5, 4, 2],
    ]);
    expect(attack(table, primarySuppression(table), countOf)).toEqual(new Map([['B|c3', 2]]));
    expect(attack(table, suppress(table), countOf).size).toBe(0);
  });

  it('recovers some cell in many generated tables when complementary suppression is off', () => {
    let recoveredTables = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(smallCount, smallCount), { minLength: 1, maxLength: 6 }), (units) => {
        const table = grid(units.map((_, i) => `unit${i}`), ['women', 'men'], units.map(([w, m]) => [w, m]));
        const primaryOnly = primarySuppression(table);
        const recovered = attack(table, primaryOnly, countOf);
        const leaked = primaryOnly.filter((o) => o.suppressed !== null && recovered.has(o.id));
        // Whatever the attack recovers is the true value.
        for (const o of leaked) expect(recovered.get(o.id)).toBe(table.cells.find((c) => c.id === o.id)!.value);
        if (leaked.length > 0) recoveredTables++;
      }),
      { numRuns: 300, seed: 20261214 },
    );
    expect(recoveredTables).toBeGreaterThan(50);
  });
});
