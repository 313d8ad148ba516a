import type { Stored, Tree, TreeGoal } from './tree.ts';
import type { Activity, Area, Goal } from './types.ts';

/**
 * An action plan as the adopted document prints it (Tierp's "Handlingsplan för integration"): rows of
 * goal, problem, activity, responsible, timeline and follow-up, in reading order, grouped by area. The
 * web page, and the DOCX, PDF and XLSX of the plan, all lay it out from these.
 */

export type PlanActivity = Activity & Stored;
export type PlanGoal = Goal & Stored;

/** One row of the plan: an activity under its goal, or a goal that has no activity (the plan prints it on a row of its own). */
export interface PlanRow {
  activity: PlanActivity | null;
  goal: PlanGoal | null;
  /** Position in the document's reading order, for "as in the plan". */
  order: number;
}

/** An area of the plan with its rows; `area` is null for goals outside every area and for activities with neither area nor goal. */
export interface PlanGroup {
  key: string;
  kind: 'area' | 'noArea' | 'other';
  name: string | null;
  rows: PlanRow[];
}

/**
 * The plan's rows in reading order, grouped by the plan's own areas in document order. A leaf goal
 * without an activity keeps its row when `goalRows` is set (Tierp's "Alla invånare ska ha ett skäligt
 * boende på lika villkor."); groups without rows are left out.
 */
export function planGroups(tree: Pick<Tree<Stored> & { areas: Array<Area & Stored> }, 'areas' | 'goals' | 'activities'>, opts: { goalRows: boolean }): PlanGroup[] {
  let order = 0;
  const walk = (goals: Array<TreeGoal<Stored>>, rows: PlanRow[]) => {
    for (const g of goals) {
      for (const a of g.activities) rows.push({ activity: a, goal: g, order: order++ });
      if (g.activities.length === 0 && g.goals.length === 0 && opts.goalRows) rows.push({ activity: null, goal: g, order: order++ });
      walk(g.goals, rows);
    }
  };
  const groups: PlanGroup[] = [];
  for (const area of tree.areas) {
    const rows: PlanRow[] = [];
    walk(area.goals, rows);
    for (const a of area.activities) rows.push({ activity: a, goal: null, order: order++ });
    groups.push({ key: area.key, kind: 'area', name: area.name, rows });
  }
  const loose: PlanRow[] = [];
  walk(tree.goals, loose);
  groups.push({ key: '-', kind: 'noArea', name: null, rows: loose });
  groups.push({ key: '--', kind: 'other', name: null, rows: tree.activities.map((a) => ({ activity: a, goal: null, order: order++ })) });
  return groups.filter((g) => g.rows.length > 0);
}

/** Consecutive rows under the same goal: the goal is printed once for them, as the plan does. */
export function goalRuns(rows: PlanRow[]): Array<{ goal: PlanGoal | null; rows: PlanRow[] }> {
  const runs: Array<{ goal: PlanGoal | null; rows: PlanRow[] }> = [];
  for (const r of rows) {
    const prev = runs.at(-1);
    if (prev && r.activity && prev.rows[0]!.activity && (prev.goal?.key ?? null) === (r.goal?.key ?? null)) prev.rows.push(r);
    else runs.push({ goal: r.goal, rows: [r] });
  }
  return runs;
}

/** How many rows each problem cell spans in a run (0: covered by the cell above), as the plan merges them. */
export function problemSpans(rows: PlanRow[]): number[] {
  const spans = rows.map(() => 1);
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    const same = i < rows.length && rows[i]!.activity?.problem && rows[i]!.activity?.problem === rows[start]!.activity?.problem;
    if (same) {
      spans[start]! += 1;
      spans[i] = 0;
    } else start = i;
  }
  return spans;
}


export interface PlanDates {
  validFrom: string | null;
  validUntil: string | null;
  decisionDate: string | null;
}

/** The year followed up by default: the last full year, or the plan's last valid year when its validity has ended. */
export function defaultYear(doc: PlanDates, today: string, lastFull: number): number {
  if (doc.validUntil && doc.validUntil < today) return Number(doc.validUntil.slice(0, 4));
  return lastFull;
}

