import { assertNoIssues, DomainError, type FieldIssue } from '../errors.ts';

/**
 * Statistical disclosure control (röjandekontroll) for every number that leaves the system in a
 * public form: small counts are not published (primary suppression), nor shares and means computed
 * from them (derived), nor the cells that would let a suppressed cell be worked out again from the
 * published totals (complementary suppression).
 *
 * The method, in plain words and with worked examples: docs/methodology/disclosure.md. Every
 * example there is a test case in suppression.test.ts; disclosure.test.ts attacks thousands of
 * generated tables with its own linear algebra.
 */

export interface DisclosureRules {
  /** Counts above 0 and below this are suppressed (1–4 with the default 5). 0 is published. */
  threshold: number;
}

/** Swedish official statistics (SCB, Socialstyrelsen) suppress 1–4 and publish 0. */
export const DEFAULT_DISCLOSURE_RULES: DisclosureRules = Object.freeze({ threshold: 5 });

/** How a suppressed value is printed: two dots, never blank and never zero. */
export const SUPPRESSED_MARK = '..';

export interface DisclosureCell {
  id: string;
  /** null: there is no value (missing); it is neither published nor suppressed. */
  value: number | null;
  /**
   * `count`: a number of people (or events); `share`: a percent, a rate or a ratio whose numerator
   * and denominator are counts; `other`: an amount, a mean or an index (its denominator, when given,
   * is the number of people it is computed over).
   */
  kind: 'count' | 'share' | 'other';
  numerator?: number | null;
  denominator?: number | null;
}

/**
 * `total = sum(parts)`, by cell id. A total may itself be a part of another sum (a year × sex table
 * with a total column, or units × sex with row, column and grand totals). For shares, a sum is read
 * on their numerators: the readers are assumed to know the denominators (population figures by sex
 * are public), so a published share tells as much as its numerator.
 */
export interface DisclosureSum {
  total: string;
  parts: string[];
}

export interface DisclosureTable {
  cells: DisclosureCell[];
  sums: DisclosureSum[];
}

/** `primary`: a small count; `derived`: a share or mean computed from a small count; `complementary`: suppressed so that the others cannot be worked out. */
export type SuppressionReason = 'primary' | 'derived' | 'complementary';

export interface DisclosedCell {
  id: string;
  /** null when suppressed (then `suppressed` says why) or when there was no value. */
  value: number | null;
  suppressed: SuppressionReason | null;
}

/**
 * Primary and derived suppression only: no complementary cells. What `suppress` starts from; on
 * its own it is NOT safe to publish (a suppressed cell can often be worked out from a total).
 */
export function primarySuppression(table: DisclosureTable, rules: DisclosureRules = DEFAULT_DISCLOSURE_RULES): DisclosedCell[] {
  checkRules(rules);
  checkTable(table);
  return table.cells.map((c) => {
    const reason = primaryReason(c, rules.threshold);
    return { id: c.id, value: reason ? null : c.value, suppressed: reason };
  });
}

/**
 * Suppresses small counts (primary), shares and means computed from them (derived), and then, one
 * cell at a time, the published cells that would let a suppressed cell be worked out from the sums
 * (complementary), until no suppressed cell can be. The result is in the order of `table.cells`.
 *
 * Each round: if a sum has exactly one unknown cell and that cell is suppressed (subtraction gives it
 * away), the candidates are the published cells of every such sum; otherwise, if a suppressed cell
 * can still be worked out by combining sums (exact linear algebra below), the candidates are the
 * published cells that working-out uses. The candidate with the smallest value (for a share: its
 * numerator) is suppressed, the least information lost; ties go to the cell first in `table.cells`.
 * The loop ends only when no suppressed cell is determined by the published cells, so the result is
 * safe by construction against exact recovery (not against narrowing a cell to an interval).
 *
 * Written by hand: there is no JavaScript library for cell suppression (sdcTable and tau-argus are R
 * and Java), and a greedy pass over the small tables of a municipality needs no optimiser.
 * @example suppress({ cells: [{ id: 'w', value: 3, kind: 'count' }, { id: 'm', value: 12, kind: 'count' }, { id: 't', value: 15, kind: 'count' }], sums: [{ total: 't', parts: ['w', 'm'] }] })
 * // w: null (primary), m: null (complementary), t: 15
 */
export function suppress(table: DisclosureTable, rules: DisclosureRules = DEFAULT_DISCLOSURE_RULES): DisclosedCell[] {
  const out = primarySuppression(table, rules);
  const sums = sumRows(table);
  // Each round suppresses one more cell, so the loop cannot run more rounds than there are cells.
  for (let round = 0; round <= table.cells.length; round++) {
    const next = nextComplement(table, sums, out);
    if (next === null) return out;
    out[next] = { id: table.cells[next]!.id, value: null, suppressed: 'complementary' };
  }
  throw new DomainError('internal', 'Complementary suppression did not finish; this is a bug');
}

/** Ids of suppressed cells whose value the published cells and sums determine exactly (for tests and self-checks). */
export function recoverableCells(table: DisclosureTable, disclosed: DisclosedCell[]): string[] {
  checkTable(table);
  const byId = new Map(disclosed.map((d) => [d.id, d]));
  const issues: FieldIssue[] = [];
  if (disclosed.length !== table.cells.length || byId.size !== disclosed.length) issues.push({ path: '/disclosed', message: 'must have one entry per cell of the table' });
  table.cells.forEach((c, i) => {
    if (!byId.has(c.id)) issues.push({ path: `/cells/${i}/id`, message: `the cell "${c.id}" has no disclosed entry` });
  });
  assertNoIssues(issues, 'The disclosed cells do not match the table');
  const unknown = table.cells.map((c) => byId.get(c.id)!.value === null);
  const determined = determinedCells(sumRows(table), unknown);
  return table.cells.filter((c, i) => byId.get(c.id)!.suppressed !== null && determined.has(i)).map((c) => c.id);
}

/** One value of `suppressBySex`: a number, or a share with its numerator and denominator. */
export type BySexValue = number | null | { value: number | null; numerator?: number | null; denominator?: number | null };

/**
 * Convenience for the common year × sex table: rows of women, men and total, with the sum
 * total = women + men in every row where all three have a value (shares: on their numerators).
 * Cell ids are `<key>:women`, `<key>:men`, `<key>:total`; ties go to women, then men, then the total.
 */
export function suppressBySex(
  rows: Array<{ key: string; women: BySexValue; men: BySexValue; total: BySexValue }>,
  kind: 'count' | 'share' | 'other',
  rules: DisclosureRules = DEFAULT_DISCLOSURE_RULES,
): Array<{ key: string; women: DisclosedCell; men: DisclosedCell; total: DisclosedCell }> {
  const SEXES = ['women', 'men', 'total'] as const;
  const cell = (key: string, sex: (typeof SEXES)[number], v: BySexValue): DisclosureCell => {
    const id = `${key}:${sex}`;
    if (v === null || typeof v === 'number') return { id, value: v, kind };
    return { id, value: v.value, kind, numerator: v.numerator ?? null, denominator: v.denominator ?? null };
  };
  const valueOf = (v: BySexValue) => (v === null || typeof v === 'number' ? v : v.value);
  const cells = rows.flatMap((r) => SEXES.map((s) => cell(r.key, s, r[s])));
  const sums = rows
    .filter((r) => SEXES.every((s) => valueOf(r[s]) !== null))
    .map((r) => ({ total: `${r.key}:total`, parts: [`${r.key}:women`, `${r.key}:men`] }));
  const out = suppress({ cells, sums }, rules);
  return rows.map((r, i) => ({ key: r.key, women: out[3 * i]!, men: out[3 * i + 1]!, total: out[3 * i + 2]! }));
}

// ---------------------------------------------------------------------------------------------

function checkRules(rules: DisclosureRules): void {
  if (!Number.isInteger(rules.threshold) || rules.threshold < 1) {
    throw new DomainError('validation', 'The disclosure threshold must be a whole number of at least 1', {
      issues: [{ path: '/rules/threshold', message: 'must be a whole number of at least 1 (1 suppresses nothing)' }],
    });
  }
}

function checkTable(table: DisclosureTable): void {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  table.cells.forEach((c, i) => {
    if (seen.has(c.id)) issues.push({ path: `/cells/${i}/id`, message: `the id "${c.id}" is used by an earlier cell` });
    seen.add(c.id);
    for (const field of ['value', 'numerator', 'denominator'] as const) {
      const v = c[field];
      if (v !== null && v !== undefined && !Number.isFinite(v)) issues.push({ path: `/cells/${i}/${field}`, message: 'must be a finite number or null' });
    }
  });
  table.sums.forEach((s, i) => {
    if (!seen.has(s.total)) issues.push({ path: `/sums/${i}/total`, message: `there is no cell "${s.total}"` });
    if (s.parts.length === 0) issues.push({ path: `/sums/${i}/parts`, message: 'a sum needs at least one part' });
    const parts = new Set<string>();
    s.parts.forEach((p, j) => {
      if (!seen.has(p)) issues.push({ path: `/sums/${i}/parts/${j}`, message: `there is no cell "${p}"` });
      else if (p === s.total) issues.push({ path: `/sums/${i}/parts/${j}`, message: 'a total cannot be one of its own parts' });
      else if (parts.has(p)) issues.push({ path: `/sums/${i}/parts/${j}`, message: `"${p}" is already a part of this sum` });
      parts.add(p);
    });
  });
  assertNoIssues(issues, 'The table to suppress is not valid');
}

const isSmall = (n: number | null | undefined, threshold: number) => n !== null && n !== undefined && n > 0 && n < threshold;

function primaryReason(c: DisclosureCell, threshold: number): SuppressionReason | null {
  if (c.value === null) return null;
  if (c.kind === 'count') return isSmall(c.value, threshold) ? 'primary' : null;
  // A share reveals its numerator, and a small denominator makes any share a statement about a few people.
  if (c.kind === 'share') return isSmall(c.numerator, threshold) || isSmall(c.denominator, threshold) ? 'derived' : null;
  // A mean or an amount per person: its denominator is the number of people.
  return isSmall(c.denominator, threshold) ? 'derived' : null;
}

/** Each sum as coefficients by cell index: +1 for the total, −1 for each part. */
function sumRows(table: DisclosureTable): Array<Array<[number, number]>> {
  const index = new Map(table.cells.map((c, i) => [c.id, i]));
  return table.sums.map((s) => [[index.get(s.total)!, 1], ...s.parts.map((p): [number, number] => [index.get(p)!, -1])]);
}

/** The information a cell carries, for choosing the cheapest complement: a share's numerator, else its value. */
function size(c: DisclosureCell): number {
  if (c.kind === 'share' && c.numerator !== null && c.numerator !== undefined) return Math.abs(c.numerator);
  return Math.abs(c.value ?? 0);
}

/** The cell to suppress next, or null when no suppressed cell can be worked out. */
function nextComplement(table: DisclosureTable, sums: Array<Array<[number, number]>>, out: DisclosedCell[]): number | null {
  const unknown = out.map((c) => c.value === null);
  let candidates = new Set<number>();
  // Subtraction: a sum with exactly one unknown cell gives it away.
  for (const row of sums) {
    const unknowns = row.filter(([i]) => unknown[i]);
    if (unknowns.length === 1 && out[unknowns[0]![0]]!.suppressed !== null) for (const [i] of row) if (!unknown[i]) candidates.add(i);
  }
  if (candidates.size === 0) {
    // Combining sums: the first suppressed cell the published cells still determine.
    const determined = determinedCells(sums, unknown);
    const first = out.findIndex((c, i) => c.suppressed !== null && determined.has(i));
    if (first < 0) return null;
    candidates = new Set(determined.get(first)!);
    if (candidates.size === 0) {
      throw new DomainError('validation', `The sums force the cell "${out[first]!.id}" to be 0 whatever is published; check that no sum repeats another with a part left out`, {
        issues: [{ path: '/sums', message: `determine "${out[first]!.id}" without any published cell` }],
      });
    }
  }
  let best = -1;
  for (const i of candidates) {
    if (best < 0 || size(table.cells[i]!) < size(table.cells[best]!) || (size(table.cells[i]!) === size(table.cells[best]!) && i < best)) best = i;
  }
  return best;
}

/**
 * The unknown cells that the sums determine, each with the published cells its working-out uses.
 * Exact Gauss–Jordan elimination over the integers (BigInt, each row divided by the gcd of its
 * entries): pivots are taken only in unknown columns, so a pivot row whose unknown part is its pivot
 * alone says `pivot = combination of published cells`, i.e. e_pivot is in the row space of the sums
 * restricted to the unknown cells. An unknown cell that is not such a pivot is free: some change of
 * the unknown cells keeps every sum and moves it.
 */
function determinedCells(sums: Array<Array<[number, number]>>, unknown: boolean[]): Map<number, number[]> {
  const n = unknown.length;
  const rows = sums.map((s) => {
    const r = new Array<bigint>(n).fill(0n);
    for (const [i, c] of s) r[i]! += BigInt(c);
    return r;
  });
  const pivots: number[] = [];
  for (let col = 0; col < n && pivots.length < rows.length; col++) {
    if (!unknown[col]) continue;
    const rank = pivots.length;
    let p = rank;
    while (p < rows.length && rows[p]![col] === 0n) p++;
    if (p === rows.length) continue;
    [rows[rank], rows[p]] = [rows[p]!, rows[rank]!];
    const pr = rows[rank]!;
    const a = pr[col]!;
    for (let k = 0; k < rows.length; k++) {
      const b = rows[k]![col]!;
      if (k === rank || b === 0n) continue;
      rows[k] = reduce(rows[k]!.map((x, j) => a * x - b * pr[j]!));
    }
    pivots.push(col);
  }
  const out = new Map<number, number[]>();
  pivots.forEach((col, k) => {
    const r = rows[k]!;
    if (r.some((x, j) => j !== col && unknown[j] && x !== 0n)) return;
    out.set(
      col,
      r.flatMap((x, j) => (!unknown[j] && x !== 0n ? [j] : [])),
    );
  });
  return out;
}

function reduce(row: bigint[]): bigint[] {
  let g = 0n;
  for (const x of row) g = gcd(g, x < 0n ? -x : x);
  return g > 1n ? row.map((x) => x / g) : row;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
