import { describe, expect, it } from 'vitest';
import { buildTree, type Stored } from '../../../domain/strategy/tree.ts';
import type { Activity, Area, Goal, Indicator, Strategy, Target } from '../../../domain/strategy/types.ts';
import type { DocumentTree } from '../../../shared/api/views.ts';
import { validateDocument } from '../../../domain/strategy/validate.ts';
import { allGoals, dependentsOf, depthBelow, moveOptions, planGoalMove, planItemMove, positionAtEnd, positionFor, type MoveStep } from './tree-ops.ts';

const s = (position: number, id = `i${position}`) => ({ id, position });

describe('positionFor: the document-wide position for a new place among siblings', () => {
  // Siblings at document positions 2, 5, 7, 9 (other items of the kind sit between them).
  const sib = [s(2, 'a'), s(5, 'b'), s(7, 'c'), s(9, 'd')];
  it.each([
    ['b up one (before a)', 'b', 0, 2],
    ['b down one (after c)', 'b', 2, 7],
    ['a to the end (after d)', 'a', 3, 9],
    ['d to the start (before a)', 'd', 0, 2],
    ['c up one (right after a, so before b)', 'c', 1, 3],
    ['a stays first', 'a', 0, 2],
  ])('%s', (_name, id, index, expected) => {
    expect(positionFor(sib, id, index)).toBe(expected);
  });

  it('gives a place that, applied as the server applies it, yields the asked order', () => {
    const all = Array.from({ length: 12 }, (_, i) => s(i, `x${i}`));
    const siblings = [all[1]!, all[4]!, all[6]!, all[10]!];
    for (const moved of siblings) {
      for (let to = 0; to < siblings.length; to++) {
        const pos = positionFor(siblings, moved.id, to);
        const without = all.filter((x) => x.id !== moved.id);
        const next = [...without.slice(0, pos), moved, ...without.slice(pos)];
        const order = next.filter((x) => siblings.includes(x)).map((x) => x.id);
        const expected = siblings.filter((x) => x !== moved).map((x) => x.id);
        expected.splice(to, 0, moved.id);
        expect(order).toEqual(expected);
      }
    }
  });

  it('positionAtEnd puts an item after the last of another list, or keeps it when that list is empty', () => {
    expect(positionAtEnd([s(1), s(3)], s(8, 'm'))).toBe(4);
    expect(positionAtEnd([s(1), s(9)], s(3, 'm'))).toBe(9);
    expect(positionAtEnd([], s(3, 'm'))).toBeUndefined();
  });
});

// A small Östersund-like document: two areas, a long-term goal with two sub-goals (two levels),
// a Tierp-like goal whose activities name their area.
let n = 0;
const st = <T extends object>(x: T, position: number): T & Stored => ({ ...x, id: `${'key' in x ? String(x.key) : 'x'}-id`, lockVersion: 1, position });
const area = (key: string, p: number): Area & Stored => st({ key, name: key.toUpperCase(), description: null }, p);
const goal = (key: string, p: number, g: Partial<Goal>): Goal & Stored => st({ key, area: null, parent: null, level: 1, title: `Mål ${key}`, description: null, ownerUnit: null, ...g }, p);
const activity = (key: string, p: number, a: Partial<Activity>): Activity & Stored =>
  st({ key, area: null, goal: null, problem: null, description: `Aktivitet ${key}`, responsible: [], responsibleText: null, timelineText: null, start: null, end: null, followUpText: null, status: 'planned' as const, ...a }, p);
const strategy = (key: string, p: number, x: Partial<Strategy>): Strategy & Stored => st({ key, area: null, goal: null, text: key, ...x }, p);
const indicator = (key: string, p: number, x: Partial<Indicator>): Indicator & Stored =>
  st({ key, area: null, goal: null, name: key, definition: null, unitOfMeasure: 'percent' as const, sourceKind: 'own' as const, sourceRef: null, sexes: ['total' as const], ageBands: [], population: null, frequency: 'yearly' as const, footnotes: [], headline: null, gapThreshold: null, ...x }, p);
const target = (key: string, p: number, x: Partial<Target>): Target & Stored =>
  st({ key, goal: '', indicator: null, comparator: 'at_least' as const, value: 50, targetYear: 2020, recurrence: 'once' as const, baseline: null, referenceIndicator: null, ageBand: null, sex: null, unitOfMeasure: null, statement: key, ...x }, p);

function fixture() {
  n++;
  const flat = {
    areas: [area('arbete', 0), area('boende', 1)],
    goals: [
      goal('lang', 0, { area: 'arbete' }),
      goal('del-1', 1, { area: 'arbete', parent: 'lang', level: 2 }),
      goal('del-2', 2, { area: 'arbete', parent: 'lang', level: 2 }),
      goal('bo', 3, { area: 'boende' }),
      goal('bo-2', 4, { area: 'boende' }),
    ],
    strategies: [strategy('s1', 0, { area: 'arbete', goal: 'lang' })],
    indicators: [indicator('ind', 0, { area: 'arbete' })],
    targets: [target('t1', 0, { goal: 'lang', indicator: 'ind' })],
    activities: [activity('a1', 0, { area: 'arbete', goal: 'del-1' }), activity('a2', 1, { area: 'boende', goal: 'bo' }), activity('a3', 2, { area: 'boende', goal: 'bo' })],
  };
  const tree = { sections: [], definitions: [], ...buildTree(flat) } as unknown as DocumentTree;
  return { flat, tree };
}

/** Applies steps as the server would, checking the document stays valid after each one. */
function apply(flat: ReturnType<typeof fixture>['flat'], steps: MoveStep[], levels: string[]) {
  const meta = { key: 'd', version: 1, type: 'strategy', typeLabel: null, title: 't', subtitle: null, status: 'draft', appliesTo: null, adoptedBy: null, decisionDate: null, caseNumber: null, owner: null, validFrom: null, validUntil: null, validIndefinitely: false, implements: null, goalLevels: levels, note: null } as const;
  for (const step of steps) {
    const list = (flat as unknown as Record<string, Array<Record<string, unknown>>>)[step.kind]!;
    const i = list.findIndex((x) => x.id === step.id);
    const { position, ...patch } = step.patch;
    const merged = { ...list[i]!, ...patch };
    list.splice(i, 1);
    list.splice(typeof position === 'number' ? position : i, 0, merged);
    const issues = validateDocument(meta as never, { sections: [], definitions: [], ...flat } as never, new Set());
    expect(issues, `after ${step.kind} ${step.id} ${JSON.stringify(step.patch)}`).toEqual([]);
  }
}

describe('moving goals and items', () => {
  it('a goal with activities moves to another area in steps that each keep the document valid', () => {
    const { flat, tree } = fixture();
    const steps = planGoalMove(tree, 'bo', { type: 'area', key: 'arbete' });
    // Activities let go of their area first, the goal moves, then they take the new area.
    expect(steps.map((x) => `${x.kind}:${x.id}:${JSON.stringify(x.patch)}`)).toEqual([
      'activities:a2-id:{"area":null}',
      'activities:a3-id:{"area":null}',
      'goals:bo-id:{"area":"arbete","parent":null,"level":1,"position":3}',
      'activities:a2-id:{"area":"arbete"}',
      'activities:a3-id:{"area":"arbete"}',
    ]);
    apply(flat, steps, ['Långsiktigt mål', 'Delmål']);
    expect(flat.goals.map((g) => g.key)).toEqual(['lang', 'del-1', 'del-2', 'bo', 'bo-2']);
    expect(flat.goals.find((g) => g.key === 'bo')!.area).toBe('arbete');
    expect(flat.activities.every((a) => a.goal !== 'bo' || a.area === 'arbete')).toBe(true);
  });

  it('a sub-goal becomes a goal of its own in another area, one level up', () => {
    const { flat, tree } = fixture();
    const steps = planGoalMove(tree, 'del-1', { type: 'area', key: 'boende' });
    apply(flat, steps, ['Långsiktigt mål', 'Delmål']);
    const moved = flat.goals.find((g) => g.key === 'del-1')!;
    expect(moved).toMatchObject({ area: 'boende', parent: null, level: 1 });
    expect(flat.activities.find((a) => a.key === 'a1')!.area).toBe('boende');
    expect(flat.goals.filter((g) => g.area === 'boende').map((g) => g.key)).toEqual(['bo', 'bo-2', 'del-1']);
  });

  it('a goal with a sub-goal goes under another goal when there are levels enough, its sub-goal one level deeper first', () => {
    const { flat, tree } = fixture();
    const steps = planGoalMove(tree, 'lang', { type: 'goal', key: 'bo' });
    expect(steps.findIndex((x) => x.id === 'del-1-id')).toBeLessThan(steps.findIndex((x) => x.id === 'lang-id'));
    apply(flat, steps, ['Mål', 'Delmål', 'Åtgärdsmål']);
    expect(flat.goals.find((g) => g.key === 'lang')).toMatchObject({ parent: 'bo', level: 2, area: 'boende' });
    expect(flat.goals.find((g) => g.key === 'del-2')).toMatchObject({ level: 3, area: 'boende' });
    expect(flat.strategies[0]!.area).toBe('boende');
  });

  it('offers only the places a goal can go: not itself, its sub-goals or a parent too deep for them', () => {
    const { tree } = fixture();
    const levels = 2;
    const forLang = moveOptions(tree, 'goals', { key: 'lang', area: 'arbete', parent: null }, levels).map((o) => o.place);
    // It has sub-goals, so with two levels it can only sit at the top of an area or of the document.
    expect(forLang).toEqual([{ type: 'area', key: 'boende' }, { type: 'document' }]);
    const forDel = moveOptions(tree, 'goals', { key: 'del-1', area: 'arbete', parent: 'lang' }, levels).map((o) => o.place);
    expect(forDel).toEqual([{ type: 'area', key: 'arbete' }, { type: 'area', key: 'boende' }, { type: 'goal', key: 'bo' }, { type: 'goal', key: 'bo-2' }, { type: 'document' }]);
    expect(depthBelow(allGoals(tree).find((g) => g.key === 'lang')!)).toBe(2);
  });

  it('an activity moves to a goal in another area and takes that area; a target only to goals', () => {
    const { flat, tree } = fixture();
    const a2 = tree.areas[1]!.goals[0]!.activities[0]!;
    const step = planItemMove(tree, 'activities', a2, { type: 'goal', key: 'del-2' });
    expect(step.patch).toEqual({ area: 'arbete', goal: 'del-2' });
    apply(flat, [step], ['Långsiktigt mål', 'Delmål']);
    const t1 = tree.areas[0]!.goals[0]!.targets[0]!;
    expect(planItemMove(tree, 'targets', t1, { type: 'goal', key: 'bo' }).patch).toEqual({ goal: 'bo' });
    expect(moveOptions(tree, 'targets', { key: 't1', goal: 'lang' }, 2).every((o) => o.place.type === 'goal')).toBe(true);
  });

  it('counts what depends on an item before it is deleted', () => {
    const { tree } = fixture();
    expect(dependentsOf(tree, 'goals', 'lang')).toEqual({ goals: 2, targets: 1, strategies: 1 });
    expect(dependentsOf(tree, 'indicators', 'ind')).toEqual({ targets: 1 });
    expect(dependentsOf(tree, 'areas', 'boende')).toEqual({ goals: 2, activities: 2 });
    expect(dependentsOf(tree, 'goals', 'bo-2')).toEqual({});
    expect(n).toBeGreaterThan(0);
  });
});
