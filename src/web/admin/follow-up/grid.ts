import type { Stored, Tree } from '../../../domain/strategy/tree.ts';
import type { Activity, Goal, Indicator, IndicatorUnit, Sex, Target } from '../../../domain/strategy/types.ts';
import type { ValueDto } from '../../../shared/api/views.ts';

/**
 * The pure part of the follow-up pages: the value grid's rows and cells, reading numbers the way a
 * Swedish spreadsheet writes them, pasting a block copied from Excel, placing the server's row
 * errors in their cells, period keys, and what a unit is responsible for in a document.
 * No React and no DOM here, so it is tested in Node (grid.test.ts).
 */

export const SEX_COLUMNS: Sex[] = ['total', 'women', 'men'];

/** One row of the grid: an indicator in one age band (null: all ages). */
export interface GridRow {
  indicator: string;
  name: string;
  unit: IndicatorUnit;
  ageBand: string | null;
  sexes: Sex[];
  /** The first row of its indicator (where the indicator's name is shown). */
  first: boolean;
  /** How many rows the indicator has. */
  span: number;
}

/** The identity of a cell within one report: indicator, sex and age band (the unit and period are the report's). */
export const cellId = (indicator: string, sex: Sex, ageBand: string | null) => `${indicator}|${sex}|${ageBand ?? ''}`;

export type IndicatorInfo = Pick<Indicator, 'key' | 'name' | 'unitOfMeasure' | 'sexes' | 'ageBands'>;

/**
 * The grid's rows: each indicator of the report (and any indicator the report already has values
 * for) in each age band it declares, or one row for all ages when it declares none. A stored value
 * for all ages of an indicator that has age bands gets a row of its own, so it is never hidden.
 */
export function gridRows(reportIndicators: string[], values: Pick<ValueDto, 'indicator' | 'ageBand'>[], indicators: Map<string, IndicatorInfo>): GridRow[] {
  const keys = [...new Set([...reportIndicators, ...values.map((v) => v.indicator)])].filter((k) => indicators.has(k));
  const rows: GridRow[] = [];
  for (const key of keys) {
    const ind = indicators.get(key)!;
    const bands: Array<string | null> = ind.ageBands.length ? [...ind.ageBands] : [null];
    for (const v of values) if (v.indicator === key && !bands.includes(v.ageBand)) bands.push(v.ageBand);
    bands.forEach((ageBand, i) => rows.push({ indicator: key, name: ind.name, unit: ind.unitOfMeasure, ageBand, sexes: ind.sexes, first: i === 0, span: bands.length }));
  }
  return rows;
}

export type Parsed = { kind: 'blank' } | { kind: 'number'; value: number } | { kind: 'invalid' };

/**
 * A number as a person types or pastes it. Swedish: `34,5`, `1 234` (with a space, a no-break
 * space or a narrow no-break space between the thousands), `34,5 %`, `−3` (a minus sign), and a
 * dot for the decimals as well when there is no comma. English: `34.5`, `1,234`. A trailing `%` or
 * `‰` is dropped: percentages are stored as percentages (34.5), not fractions.
 */
export function parseNumber(text: string, lang: 'sv' | 'en'): Parsed {
  let s = text.replace(/^"(.*)"$/s, '$1').trim();
  if (s === '') return { kind: 'blank' };
  s = s
    .replace(/[\s\u00a0\u202f\u2009\u2007]/g, '')
    .replace(/[%‰]$/, '')
    .replace(/^[\u2212\u2013]/, '-');
  if (lang === 'sv') {
    if (s.includes(',')) {
      if (s.includes('.')) s = s.replace(/\./g, '');
      if ((s.match(/,/g) ?? []).length > 1) return { kind: 'invalid' };
      s = s.replace(',', '.');
    }
  } else if (s.includes(',')) {
    if (s.includes('.') || /^[-+]?\d{1,3}(,\d{3})+$/.test(s)) s = s.replace(/,/g, '');
    else if ((s.match(/,/g) ?? []).length === 1) s = s.replace(',', '.');
    else return { kind: 'invalid' };
  }
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return { kind: 'invalid' };
  const value = Number(s);
  return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'invalid' };
}

/** A stored number as the input shows it for editing: no thousands separator, the language's decimal sign. */
export function editText(value: number, lang: 'sv' | 'en'): string {
  const s = String(value);
  return lang === 'sv' ? s.replace('.', ',') : s;
}

/**
 * Text copied from a spreadsheet: rows separated by newlines, cells by tabs. The newline that ends
 * the last row is not a row. A cell Excel quoted (because it holds a tab, a newline or a quote) is
 * read as one cell.
 */
export function parseClipboard(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let atCellStart = true;
  while (i < text.length) {
    const ch = text[i]!;
    if (atCellStart && ch === '"') {
      let j = i + 1;
      let quoted = '';
      let closed = false;
      while (j < text.length) {
        if (text[j] === '"' && text[j + 1] === '"') {
          quoted += '"';
          j += 2;
        } else if (text[j] === '"') {
          closed = true;
          j++;
          break;
        } else quoted += text[j++];
      }
      if (closed && (j >= text.length || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) {
        cell = quoted;
        i = j;
        atCellStart = false;
        continue;
      }
    }
    atCellStart = false;
    if (ch === '\t') {
      row.push(cell);
      cell = '';
      atCellStart = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
    } else cell += ch;
    i++;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Whether a pasted text is a block (more than one cell) rather than a single value typed into one cell. */
export const isBlock = (text: string) => /[\t\n\r]/.test(text.replace(/[\r\n]+$/, ''));

export interface PastePlan {
  writes: Array<{ row: number; col: number; text: string }>;
  /** Cells of the block that fell outside the grid or on a sex the indicator is not split by, and were not blank. */
  skipped: number;
}

/** Where a pasted block goes: from the cell it was pasted into, rightwards and downwards. */
export function planPaste(rows: GridRow[], start: { row: number; col: number }, block: string[][]): PastePlan {
  const writes: PastePlan['writes'] = [];
  let skipped = 0;
  block.forEach((cells, i) =>
    cells.forEach((text, j) => {
      const r = start.row + i;
      const c = start.col + j;
      const row = rows[r];
      const sex = SEX_COLUMNS[c];
      if (!row || !sex || !row.sexes.includes(sex)) {
        if (text.trim() !== '') skipped++;
        return;
      }
      writes.push({ row: r, col: c, text: text.trim() });
    }),
  );
  return { writes, skipped };
}

/**
 * The server's errors for a list of values, put back in their cells. The service numbers rows
 * from 1 (`/rows/3/value`); request validation names the list index from 0 (`/values/2/value`).
 * `sent` is the cell of each value in the order it was sent.
 */
export function cellErrors(errors: Array<{ path: string; message: string }>, sent: string[]): { byCell: Map<string, string[]>; other: Array<{ path: string; message: string }> } {
  const byCell = new Map<string, string[]>();
  const other: Array<{ path: string; message: string }> = [];
  for (const e of errors) {
    const m = /^\/(rows|values)\/(\d+)(?:\/|$)/.exec(e.path);
    const index = m ? Number(m[2]) - (m[1] === 'rows' ? 1 : 0) : -1;
    const cell = sent[index];
    if (!cell) {
      other.push(e);
      continue;
    }
    byCell.set(cell, [...(byCell.get(cell) ?? []), e.message.replace(/^row \d+:\s*/, '')]);
  }
  return { byCell, other };
}

/** A server message about one value in the interface's words, where Samspel knows the sentence; otherwise the server's own. */
export function knownValueMessage(message: string): { id: string; values?: Record<string, string> } | null {
  if (message === 'a count cannot be negative') return { id: 'followUp.cellError.countNegative' };
  if (message === 'a count is a whole number') return { id: 'followUp.cellError.countWhole' };
  const ratio = /^is (\S+) but numerator\/denominator give (\S+)$/.exec(message);
  if (ratio) return { id: 'followUp.cellError.numerator', values: { value: ratio[1]!, computed: ratio[2]! } };
  if (/is not split by sex/.test(message)) return { id: 'followUp.cellError.sex' };
  if (/declares no age band/.test(message)) return { id: 'followUp.cellError.ageBand' };
  return null;
}

export type PeriodKind = 'year' | 'interim' | 'tertial' | 'quarter' | 'month';

/** A period key (`2025`, `2025-D`, `2025-T2`, `2025-Q3`, `2025-M02`) as its parts. */
export function parsePeriodKey(key: string): { year: number; kind: PeriodKind; n: number | null } | null {
  const m = /^(\d{4})(?:-(D|T([1-3])|Q([1-4])|M(0[1-9]|1[0-2])))?$/.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  if (!m[2]) return { year, kind: 'year', n: null };
  if (m[2] === 'D') return { year, kind: 'interim', n: null };
  if (m[3]) return { year, kind: 'tertial', n: Number(m[3]) };
  if (m[4]) return { year, kind: 'quarter', n: Number(m[4]) };
  return { year, kind: 'month', n: Number(m[5]) };
}

/** Every goal, target, indicator and activity of a document tree, in the document's order. */
export function flatten(tree: Pick<Tree<Stored>, 'areas' | 'goals' | 'indicators' | 'activities' | 'targets'>) {
  const goals: Array<Goal & Stored> = [];
  const targets: Array<Target & Stored> = [...tree.targets];
  const indicators: Array<Indicator & Stored> = [...tree.indicators];
  const activities: Array<Activity & Stored> = [...tree.activities];
  const walk = (gs: Tree<Stored>['goals']) => {
    for (const g of gs) {
      goals.push(g);
      targets.push(...g.targets);
      indicators.push(...g.indicators);
      activities.push(...g.activities);
      walk(g.goals);
    }
  };
  for (const a of tree.areas) {
    indicators.push(...a.indicators);
    activities.push(...a.activities);
    walk(a.goals);
  }
  walk(tree.goals);
  return { goals, targets, indicators, activities };
}

export interface UnitNode {
  id: string;
  name: string;
  type: string;
  parentId: string | null;
}

/** Units in the organisation's order: each unit followed by those under it, with its depth. */
export function orderUnits<U extends UnitNode>(units: U[]): Array<U & { depth: number }> {
  const children = new Map<string | null, U[]>();
  const ids = new Set(units.map((u) => u.id));
  for (const u of units) {
    const parent = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: Array<U & { depth: number }> = [];
  const visit = (parent: string | null, depth: number) => {
    for (const u of children.get(parent) ?? []) {
      out.push({ ...u, depth });
      if (depth < 50) visit(u.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

/**
 * What a unit reports on in a document, as the server decides a report's scope: the top of the
 * organisation reports on everything; another unit on the goals it or a unit below it owns (with
 * their indicators) and the activities it or a unit below it is responsible for.
 */
export function unitScope(unit: UnitNode, units: UnitNode[], doc: ReturnType<typeof flatten>): { goals: number; indicators: number; activities: number } {
  if (unit.parentId === null) return { goals: doc.goals.length, indicators: doc.indicators.length, activities: doc.activities.length };
  const names = new Set<string>();
  const stack = [unit.id];
  while (stack.length) {
    const id = stack.pop()!;
    const u = units.find((x) => x.id === id);
    if (!u || names.has(u.name)) continue;
    names.add(u.name);
    for (const c of units) if (c.parentId === id) stack.push(c.id);
  }
  const goals = doc.goals.filter((g) => g.ownerUnit !== null && names.has(g.ownerUnit));
  const goalKeys = new Set(goals.map((g) => g.key));
  const targets = doc.targets.filter((t) => goalKeys.has(t.goal));
  const indicatorKeys = new Set([...targets.flatMap((t) => [t.indicator, t.referenceIndicator]), ...doc.indicators.filter((i) => i.goal !== null && goalKeys.has(i.goal)).map((i) => i.key)]);
  const indicators = doc.indicators.filter((i) => indicatorKeys.has(i.key));
  const activities = doc.activities.filter((a) => a.responsible.some((r) => r.unit !== null && names.has(r.unit)));
  return { goals: goals.length, indicators: indicators.length, activities: activities.length };
}

/** A follow-up period as GET /municipalities/:code/periods gives it. */
export interface PeriodDto {
  id: string;
  key: string;
  kind: PeriodKind;
  year: number;
  label: string;
  start: string;
  end: string;
  status: 'open' | 'closed';
  lockVersion: number;
}

/** A report in the list of a document's reports. */
export interface ReportSummary {
  id: string;
  status: 'draft' | 'submitted' | 'approved' | 'locked';
  lockVersion: number;
  unit: { id: string; name: string };
  period: string;
}

/** The views of a report page (entering or reviewing); each step is recorded under the signed-in person, never a name the page sends. */
export const ROLES = ['reporter', 'approver'] as const;
export type Role = (typeof ROLES)[number];

/** The full-year period to show first: the last full year if it has been opened, else the newest open full year, else the newest period. */
export function defaultPeriod(periods: Pick<PeriodDto, 'key' | 'kind' | 'year' | 'status'>[], lastFullYear: number): string | undefined {
  const years = periods.filter((p) => p.kind === 'year');
  return (
    years.find((p) => p.year === lastFullYear)?.key ??
    [...years].filter((p) => p.status === 'open').sort((a, b) => b.year - a.year)[0]?.key ??
    [...periods].sort((a, b) => b.year - a.year || a.key.localeCompare(b.key))[0]?.key
  );
}

/** Who took a step: the signed-in person's name, the role a demo step was taken for, or the process. */
export function actorLabel(e: { actor: string; actorName: string | null }): string {
  return e.actorName ?? e.actor;
}
