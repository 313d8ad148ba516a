import type { Activity, Area, Goal, Indicator, Strategy, Target } from './types.ts';

export interface Stored {
  id: string;
  lockVersion: number;
  position: number;
}

export type TreeGoal<M> = Goal & M & {
  goals: Array<TreeGoal<M>>;
  targets: Array<Target & M>;
  strategies: Array<Strategy & M>;
  indicators: Array<Indicator & M>;
  activities: Array<Activity & M>;
};

export type TreeArea<M> = Area & M & {
  goals: Array<TreeGoal<M>>;
  strategies: Array<Strategy & M>;
  indicators: Array<Indicator & M>;
  activities: Array<Activity & M>;
};

export interface Tree<M> {
  areas: Array<TreeArea<M>>;
  /** Goals that belong to no area (Östersund's long-term goals). */
  goals: Array<TreeGoal<M>>;
  strategies: Array<Strategy & M>;
  indicators: Array<Indicator & M>;
  activities: Array<Activity & M>;
  /** Targets always sit under their goal; this list is empty unless a goal is missing. */
  targets: Array<Target & M>;
}

interface Flat<M> {
  areas: Array<Area & M>;
  goals: Array<Goal & M>;
  strategies: Array<Strategy & M>;
  indicators: Array<Indicator & M>;
  targets: Array<Target & M>;
  activities: Array<Activity & M>;
}

/**
 * Nests a document's items: areas hold their top goals; goals hold sub-goals, targets, and the
 * strategies, indicators and activities attached to them; what is attached only to an area sits
 * under the area; the rest at the top. Order within each list is the document's order.
 */
export function buildTree<M extends object>(flat: Flat<M>): Tree<M> {
  const goalNodes = new Map<string, TreeGoal<M>>();
  for (const g of flat.goals) goalNodes.set(g.key, { ...g, goals: [], targets: [], strategies: [], indicators: [], activities: [] });
  const areaNodes = new Map<string, TreeArea<M>>();
  for (const a of flat.areas) areaNodes.set(a.key, { ...a, goals: [], strategies: [], indicators: [], activities: [] });
  const tree: Tree<M> = { areas: [...areaNodes.values()], goals: [], strategies: [], indicators: [], activities: [], targets: [] };

  for (const g of flat.goals) {
    const node = goalNodes.get(g.key)!;
    const parent = g.parent ? goalNodes.get(g.parent) : undefined;
    const area = g.area ? areaNodes.get(g.area) : undefined;
    if (parent) parent.goals.push(node);
    else if (area) area.goals.push(node);
    else tree.goals.push(node);
  }
  const place = <K extends 'strategies' | 'indicators' | 'activities'>(kind: K, items: Flat<M>[K]) => {
    for (const item of items) {
      const goal = item.goal ? goalNodes.get(item.goal) : undefined;
      const area = item.area ? areaNodes.get(item.area) : undefined;
      const list = (goal ?? area ?? tree)[kind] as Array<(typeof items)[number]>;
      list.push(item);
    }
  };
  place('strategies', flat.strategies);
  place('indicators', flat.indicators);
  place('activities', flat.activities);
  for (const t of flat.targets) {
    const goal = goalNodes.get(t.goal);
    (goal ? goal.targets : tree.targets).push(t);
  }
  return tree;
}

/** Every goal, indicator and target of a tree, in document order. */
export function flattenTree<M extends object>(tree: Tree<M>): { goals: Array<Goal & M>; indicators: Array<Indicator & M>; targets: Array<Target & M> } {
  const goals: Array<Goal & M> = [];
  const indicators: Array<Indicator & M> = [...tree.indicators];
  const targets: Array<Target & M> = [...tree.targets];
  const walk = (g: TreeGoal<M>) => {
    goals.push(g);
    indicators.push(...g.indicators);
    targets.push(...g.targets);
    g.goals.forEach(walk);
  };
  for (const a of tree.areas) {
    indicators.push(...a.indicators);
    a.goals.forEach(walk);
  }
  tree.goals.forEach(walk);
  return { goals, indicators, targets };
}
