import type { ReportStatus } from '../../../domain/follow-up/report-workflow.ts';
import type { Compilation } from '../../../shared/api/views.ts';

/**
 * Pure helpers of the compilation page: the goals grouped by area with their nesting, the columns
 * of the goals × units matrix, and the disagreements between a committee's judgement and the
 * computed status.
 */

export type CompiledGoal = Compilation['goals'][number];
export type Narrative = CompiledGoal['narratives'][number];

export interface MatrixGroup {
  /** The area's key; null for the goals that belong to no area. */
  key: string | null;
  name: string | null;
  rollUp: Compilation['areas'][number]['rollUp'] | null;
  /** The goals in document order, parents before their sub-goals; depth counts the ancestors in the same group. */
  rows: Array<{ goal: CompiledGoal; depth: number }>;
}

/**
 * The goals grouped by their own area (goals without one first: in Tierp's strategy they are the
 * overarching goals above the areas' sub-goals), each group ordered depth first from its goals
 * whose parent is outside the group. Groups without goals are left out.
 */
export function groupGoals(c: Pick<Compilation, 'areas' | 'goals'>): MatrixGroup[] {
  const areaKeys = new Set(c.areas.map((a) => a.key));
  const groupOf = (g: CompiledGoal) => (g.area !== null && areaKeys.has(g.area) ? g.area : null);
  const groups: MatrixGroup[] = [
    { key: null, name: null, rollUp: null, rows: [] },
    ...c.areas.map((a) => ({ key: a.key, name: a.name, rollUp: a.rollUp, rows: [] })),
  ];
  for (const group of groups) {
    const members = c.goals.filter((g) => groupOf(g) === group.key);
    const keys = new Set(members.map((g) => g.key));
    const placed = new Set<string>();
    const visit = (g: CompiledGoal, depth: number) => {
      if (placed.has(g.key)) return;
      placed.add(g.key);
      group.rows.push({ goal: g, depth });
      for (const child of members.filter((m) => m.parent === g.key)) visit(child, depth + 1);
    };
    for (const g of members.filter((m) => m.parent === null || !keys.has(m.parent))) visit(g, 0);
    // A cycle of parents (never valid, but never lose a goal): the rest at the top.
    for (const g of members) visit(g, 0);
  }
  return groups.filter((g) => g.rows.length > 0);
}

export interface UnitColumn {
  name: string;
  /** The unit's report status for the year; `missing` when it has none; null when it is not expected and only its narratives tell. */
  status: ReportStatus | 'missing' | null;
  /** The unit above whose report covers this one. */
  via: string | null;
  expected: boolean;
  hasNarratives: boolean;
}

/**
 * The matrix's columns: every unit that gave a narrative and every unit expected to report; those
 * with narratives first, then by name (Swedish order).
 */
export function unitColumns(c: Pick<Compilation, 'goals' | 'units'>): UnitColumn[] {
  const byName = new Map<string, UnitColumn>();
  for (const u of [...c.units.approved, ...c.units.notApproved, ...c.units.notSubmitted]) {
    byName.set(u.name, { name: u.name, status: u.status, via: u.via, expected: true, hasNarratives: false });
  }
  for (const g of c.goals) {
    for (const n of g.narratives) {
      const col = byName.get(n.unit) ?? { name: n.unit, status: n.reportStatus, via: null, expected: false, hasNarratives: false };
      col.hasNarratives = true;
      byName.set(n.unit, col);
    }
  }
  return [...byName.values()].sort((a, b) => Number(b.hasNarratives) - Number(a.hasNarratives) || a.name.localeCompare(b.name, 'sv'));
}

/** Every narrative that contradicts its goal's computed status, in goal order. */
export function disagreements(c: Pick<Compilation, 'goals'>): Array<{ goal: CompiledGoal; narrative: Narrative }> {
  return c.goals.flatMap((goal) => goal.narratives.filter((n) => n.disagreement !== null).map((narrative) => ({ goal, narrative })));
}

/** The number of expected units and how many of them have an approved (or locked) report. */
export function reportingCounts(c: Pick<Compilation, 'units'>): { expected: number; approved: number; submitted: number; missing: number } {
  const { approved, notApproved, notSubmitted } = c.units;
  return { expected: approved.length + notApproved.length + notSubmitted.length, approved: approved.length, submitted: notApproved.length, missing: notSubmitted.length };
}
