import type { Stored, TreeArea, TreeGoal } from '../../../domain/strategy/tree.ts';
import type { ContentKind, Indicator } from '../../../domain/strategy/types.ts';
import type { DocumentTree } from '../../../shared/api/views.ts';

/**
 * Pure helpers of the document editor: where an item goes when it is reordered or moved, and
 * which requests a move takes. Positions are 0-based places in the document's whole list of one
 * kind (all goals, all activities …); the tree shows each sibling list in that order.
 */

export type GoalNode = TreeGoal<Stored>;
export type AreaNode = TreeArea<Stored>;
export interface Positioned {
  id: string;
  position: number;
}

/**
 * The document-wide position that puts `id` at `newIndex` among its siblings (given in their
 * order, `id` included). The server removes the item from its kind's list and inserts it at the
 * position, so every sibling after the item is one place earlier once it is removed.
 */
export function positionFor(siblings: Positioned[], id: string, newIndex: number): number {
  const moved = siblings.find((s) => s.id === id);
  if (!moved) throw new Error(`internal: ${id} is not among the siblings`);
  const others = siblings.filter((s) => s.id !== id);
  const at = Math.max(0, Math.min(newIndex, others.length));
  if (siblings.indexOf(moved) === at) return moved.position;
  const withoutMoved = (p: number) => (p > moved.position ? p - 1 : p);
  if (others.length === 0) return moved.position;
  if (at === 0) return withoutMoved(others[0]!.position);
  return withoutMoved(others[at - 1]!.position) + 1;
}

/** The position that puts an item last in a list it is not in yet (undefined: keep its place, the list is empty). */
export function positionAtEnd(list: Positioned[], moved: Positioned): number | undefined {
  const others = list.filter((s) => s.id !== moved.id);
  const last = others.reduce<Positioned | undefined>((max, s) => (max === undefined || s.position > max.position ? s : max), undefined);
  if (!last) return undefined;
  return (last.position > moved.position ? last.position - 1 : last.position) + 1;
}

/** Every goal of the tree, depth first, in document order. */
export function allGoals(tree: Pick<DocumentTree, 'areas' | 'goals'>): GoalNode[] {
  const out: GoalNode[] = [];
  const walk = (goals: GoalNode[]) => {
    for (const g of goals) {
      out.push(g);
      walk(g.goals);
    }
  };
  for (const a of tree.areas) walk(a.goals);
  walk(tree.goals);
  return out;
}

/** The goal and every goal below it. */
export function subtree(goal: GoalNode): GoalNode[] {
  return [goal, ...goal.goals.flatMap(subtree)];
}

/** How many levels a goal spans with its sub-goals, counted from its own level (a goal alone: 1). */
export function depthBelow(goal: GoalNode): number {
  return goal.goals.reduce((max, g) => Math.max(max, g.level - goal.level + depthBelow(g)), 1);
}

/** Where a goal or an item hangs: a goal, an area, or the document itself (no area). */
export type Place = { type: 'goal'; key: string } | { type: 'area'; key: string } | { type: 'document' };

export const placeValue = (p: Place): string => (p.type === 'document' ? 'document' : `${p.type}:${p.key}`);
export function parsePlace(value: string): Place | null {
  if (value === 'document') return { type: 'document' };
  const m = /^(goal|area):(.+)$/.exec(value);
  return m ? { type: m[1] as 'goal' | 'area', key: m[2]! } : null;
}

/** One place an item can be moved to, as the "Move to…" choice lists it. */
export interface PlaceOption {
  place: Place;
  /** The area it belongs to (null: no area), for grouping the choices. */
  area: string | null;
  /** The goal's level (1 outermost) for goals; 0 for an area or the document. */
  level: number;
  label: string;
}

type Movable = 'goals' | 'strategies' | 'indicators' | 'activities' | 'targets';

/** The places an item of this kind can move to, leaving out where it already is (and, for a goal, itself, its sub-goals, and parents too deep for its sub-goals). */
export function moveOptions(tree: Pick<DocumentTree, 'areas' | 'goals'>, kind: Movable, item: { key: string; area?: string | null; goal?: string | null; parent?: string | null }, levelCount: number): PlaceOption[] {
  const goals = allGoals(tree);
  const out: PlaceOption[] = [];
  const current: Place =
    kind === 'goals'
      ? item.parent
        ? { type: 'goal', key: item.parent }
        : item.area
          ? { type: 'area', key: item.area }
          : { type: 'document' }
      : kind === 'targets'
        ? { type: 'goal', key: item.goal! }
        : item.goal
          ? { type: 'goal', key: item.goal }
          : item.area
            ? { type: 'area', key: item.area }
            : { type: 'document' };
  const same = (p: Place) => placeValue(p) === placeValue(current);
  let excluded = new Set<string>();
  let span = 1;
  if (kind === 'goals') {
    const self = goals.find((g) => g.key === item.key);
    if (self) {
      excluded = new Set(subtree(self).map((g) => g.key));
      span = depthBelow(self);
    }
  }
  const add = (place: Place, area: string | null, level: number, label: string) => {
    if (!same(place)) out.push({ place, area, level, label });
  };
  const goalsByArea = (area: string | null) => goals.filter((g) => areaOfGoal(goals, g) === area);
  const addGoals = (area: string | null) => {
    for (const g of goalsByArea(area)) {
      if (excluded.has(g.key)) continue;
      if (kind === 'goals' && g.level + span > levelCount) continue;
      add({ type: 'goal', key: g.key }, area, g.level, g.title);
    }
  };
  for (const a of tree.areas) {
    if (kind !== 'targets') add({ type: 'area', key: a.key }, a.key, 0, a.name);
    addGoals(a.key);
  }
  if (kind !== 'targets') add({ type: 'document' }, null, 0, '');
  addGoals(null);
  return out;
}

/** The area a goal sits in as the tree shows it: its own, or its top ancestor's. */
function areaOfGoal(goals: GoalNode[], g: GoalNode): string | null {
  const byKey = new Map(goals.map((x) => [x.key, x]));
  let cur: GoalNode | undefined = g;
  const seen = new Set<string>();
  while (cur?.parent && byKey.has(cur.parent) && !seen.has(cur.key)) {
    seen.add(cur.key);
    cur = byKey.get(cur.parent);
  }
  return cur?.area ?? null;
}

/** One request of a move: a PATCH of one item (its lockVersion is filled in as the steps run). */
export interface MoveStep {
  kind: ContentKind;
  id: string;
  lockVersion: number;
  patch: Record<string, unknown>;
}

/**
 * The requests that move a goal to another place, each of which leaves the document valid:
 * an activity may not name another area than its goal, so activities below the goal let go of
 * their old area first and take the new one last; sub-goals keep being deeper than their parent,
 * so they go deeper before the goal does and come up after it. The goal itself goes last in its
 * new sibling list.
 */
export function planGoalMove(tree: Pick<DocumentTree, 'areas' | 'goals'>, goalKey: string, to: Place): MoveStep[] {
  const goals = allGoals(tree);
  const goal = goals.find((g) => g.key === goalKey);
  if (!goal) throw new Error(`internal: no goal ${goalKey}`);
  const parent = to.type === 'goal' ? goals.find((g) => g.key === to.key) : undefined;
  if (to.type === 'goal' && !parent) throw new Error(`internal: no goal ${to.key}`);
  const newArea = parent ? areaOfGoal(goals, parent) : to.type === 'area' ? to.key : null;
  const newLevel = parent ? parent.level + 1 : 1;
  const delta = newLevel - goal.level;
  const below = subtree(goal).slice(1);
  const attached = subtree(goal).flatMap((g) => [
    ...g.strategies.map((x) => ({ kind: 'strategies' as const, item: x })),
    ...g.indicators.map((x) => ({ kind: 'indicators' as const, item: x })),
    ...g.activities.map((x) => ({ kind: 'activities' as const, item: x })),
  ]);
  const steps: MoveStep[] = [];
  const step = (kind: ContentKind, item: { id: string; lockVersion: number }, patch: Record<string, unknown>) => steps.push({ kind, id: item.id, lockVersion: item.lockVersion, patch });

  // 1. Activities let go of an area that is about to differ from their goal's.
  const released = attached.filter((a) => a.kind === 'activities' && a.item.area !== null && a.item.area !== newArea);
  for (const a of released) step('activities', a.item, { area: null });
  // 2. Sub-goals go deeper first (deepest first), so each stays deeper than its parent.
  const subGoalPatch = (g: GoalNode) => ({ ...(delta !== 0 ? { level: g.level + delta } : {}), ...(g.area !== newArea ? { area: newArea } : {}) });
  if (delta > 0) for (const g of [...below].sort((a, b) => b.level - a.level)) step('goals', g, subGoalPatch(g));
  // 3. The goal itself, last in its new list.
  // After the last sibling's own sub-goals, so the document's list of goals reads in tree order.
  const list = (parent ? parent.goals : to.type === 'area' ? (tree.areas.find((a) => a.key === to.key)?.goals ?? []) : tree.goals).flatMap(subtree);
  const position = positionAtEnd(list, goal);
  step('goals', goal, { area: newArea, parent: parent?.key ?? null, level: newLevel, ...(position === undefined ? {} : { position }) });
  // 4. Sub-goals come up after it (outermost first), or only change area.
  if (delta < 0) for (const g of [...below].sort((a, b) => a.level - b.level)) step('goals', g, subGoalPatch(g));
  if (delta === 0) for (const g of below) if (g.area !== newArea) step('goals', g, subGoalPatch(g));
  // 5. What hangs under the goals follows them into the new area.
  for (const a of attached) {
    if (a.kind === 'activities' ? released.includes(a) : a.item.area !== null && a.item.area !== newArea) step(a.kind, a.item, { area: newArea });
  }
  return steps;
}

/** The request that moves a strategy, indicator, activity or target to another goal or area, last in its new list. */
export function planItemMove(tree: Pick<DocumentTree, 'areas' | 'goals' | 'strategies' | 'indicators' | 'activities'>, kind: Exclude<Movable, 'goals'>, item: Positioned & { lockVersion: number }, to: Place): MoveStep {
  const goals = allGoals(tree);
  if (kind === 'targets') {
    if (to.type !== 'goal') throw new Error('internal: a target belongs to a goal');
    const goal = goals.find((g) => g.key === to.key)!;
    const position = positionAtEnd(goal.targets, item);
    return { kind, id: item.id, lockVersion: item.lockVersion, patch: { goal: to.key, ...(position === undefined ? {} : { position }) } };
  }
  let area: string | null = null;
  let goalKey: string | null = null;
  let list: Positioned[];
  if (to.type === 'goal') {
    const goal = goals.find((g) => g.key === to.key)!;
    goalKey = goal.key;
    area = areaOfGoal(goals, goal);
    list = goal[kind];
  } else if (to.type === 'area') {
    area = to.key;
    list = tree.areas.find((a) => a.key === to.key)?.[kind] ?? [];
  } else {
    list = tree[kind];
  }
  const position = positionAtEnd(list, item);
  return { kind, id: item.id, lockVersion: item.lockVersion, patch: { area, goal: goalKey, ...(position === undefined ? {} : { position }) } };
}

/** Which items refer to this one (the server refuses to delete it while any do), as counts per kind. */
export function dependentsOf(tree: DocumentTree, kind: ContentKind, key: string): Partial<Record<ContentKind, number>> {
  const out: Partial<Record<ContentKind, number>> = {};
  const count = (k: ContentKind, n: number) => {
    if (n > 0) out[k] = (out[k] ?? 0) + n;
  };
  const goals = allGoals(tree);
  if (kind === 'areas') {
    const area = tree.areas.find((a) => a.key === key);
    const inArea = goals.filter((g) => g.area === key);
    count('goals', inArea.length);
    count('strategies', (area?.strategies.length ?? 0) + goals.flatMap((g) => g.strategies).filter((s) => s.area === key).length);
    count('indicators', (area?.indicators.length ?? 0) + goals.flatMap((g) => g.indicators).filter((s) => s.area === key).length);
    count('activities', (area?.activities.length ?? 0) + goals.flatMap((g) => g.activities).filter((s) => s.area === key).length);
  } else if (kind === 'goals') {
    const g = goals.find((x) => x.key === key);
    if (g) {
      count('goals', g.goals.length);
      count('targets', g.targets.length);
      count('strategies', g.strategies.length);
      count('indicators', g.indicators.length);
      count('activities', g.activities.length);
    }
  } else if (kind === 'indicators') {
    const targets = [...goals.flatMap((g) => g.targets), ...tree.targets];
    count('targets', targets.filter((t) => t.indicator === key || t.referenceIndicator === key).length);
  }
  return out;
}

/** Every indicator of the tree wherever it hangs, in document order (for a target's choice of indicator). */
export function allIndicators(tree: Pick<DocumentTree, 'areas' | 'goals' | 'indicators'>): Array<Indicator & Stored> {
  const list = [...tree.areas.flatMap((a) => a.indicators), ...allGoals(tree).flatMap((g) => g.indicators), ...tree.indicators];
  return list.sort((a, b) => a.position - b.position);
}
