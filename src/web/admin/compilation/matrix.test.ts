import { describe, expect, it } from 'vitest';
import { rollUp } from '../../../domain/attainment/rollup.ts';
import type { Compilation } from '../../../shared/api/views.ts';
import { disagreements, groupGoals, reportingCounts, unitColumns, type CompiledGoal, type Narrative } from './matrix.ts';

const empty = rollUp([]);
const goal = (key: string, area: string | null, parent: string | null, narratives: Narrative[] = []): CompiledGoal => ({ key, title: key, level: parent ? 2 : 1, area, parent, rollUp: empty, narratives });
const narrative = (unit: string, over: Partial<Narrative> = {}): Narrative => ({ unit, reportStatus: 'approved', assessment: 'fulfilled', text: null, disagreement: null, ...over });
const areas = [
  { key: 'arbete', name: 'Arbete', rollUp: empty },
  { key: 'boende', name: 'Boende', rollUp: empty },
  { key: 'tom', name: 'Utan mål', rollUp: empty },
];

describe('goals grouped by area', () => {
  it('nests sub-goals under their parent within an area, in document order', () => {
    const goals = [goal('a1', 'arbete', null), goal('b1', 'boende', null), goal('a2', 'arbete', 'a1'), goal('a3', 'arbete', 'a2'), goal('a4', 'arbete', null)];
    const groups = groupGoals({ areas, goals });
    expect(groups.map((g) => [g.key, g.rows.map((r) => `${r.goal.key}:${r.depth}`)])).toEqual([
      ['arbete', ['a1:0', 'a2:1', 'a3:2', 'a4:0']],
      ['boende', ['b1:0']],
    ]);
  });

  it('puts goals without an area first, and a sub-goal whose parent is in another group at the top of its own (Tierp’s overarching goal)', () => {
    const goals = [goal('overgripande', null, null), goal('arbete-1', 'arbete', 'overgripande'), goal('okand', 'finns-inte', null)];
    const groups = groupGoals({ areas, goals });
    expect(groups.map((g) => [g.key, g.rows.map((r) => `${r.goal.key}:${r.depth}`)])).toEqual([
      [null, ['overgripande:0', 'okand:0']],
      ['arbete', ['arbete-1:0']],
    ]);
  });

  it('never loses a goal in a cycle of parents', () => {
    const groups = groupGoals({ areas, goals: [goal('x', 'arbete', 'y'), goal('y', 'arbete', 'x')] });
    expect(groups[0]!.rows.map((r) => r.goal.key).sort()).toEqual(['x', 'y']);
  });
});

describe('the matrix columns', () => {
  const units: Compilation['units'] = {
    approved: [{ id: '1', name: 'Gymnasie- och arbetsmarknadsnämnden', via: null, status: 'approved' }],
    notApproved: [{ id: '2', name: 'Integrationsenheten', via: null, status: 'submitted' }],
    notSubmitted: [
      { id: '3', name: 'Servicecenter', via: 'Kommunstyrelsen', status: 'draft' },
      { id: '4', name: 'Arbetsmarknadsenheten', via: null, status: 'missing' },
    ],
  };

  it('has every expected unit and every unit with a narrative, those with narratives first', () => {
    const goals = [goal('g', 'arbete', null, [narrative('Integrationsenheten'), narrative('Kommunfullmäktige', { reportStatus: 'draft' })])];
    const cols = unitColumns({ goals, units });
    expect(cols.map((c) => [c.name, c.status, c.expected, c.hasNarratives])).toEqual([
      ['Integrationsenheten', 'submitted', true, true],
      ['Kommunfullmäktige', 'draft', false, true],
      ['Arbetsmarknadsenheten', 'missing', true, false],
      ['Gymnasie- och arbetsmarknadsnämnden', 'approved', true, false],
      ['Servicecenter', 'draft', true, false],
    ]);
    expect(cols.find((c) => c.name === 'Servicecenter')!.via).toBe('Kommunstyrelsen');
  });

  it('counts the expected units by where their follow-up is', () => {
    expect(reportingCounts({ units })).toEqual({ expected: 4, approved: 1, submitted: 1, missing: 2 });
  });
});

describe('disagreements', () => {
  it('lists the narratives that contradict the computed status, in goal order', () => {
    const goals = [
      goal('g1', 'arbete', null, [narrative('KF', { disagreement: 'narrative_more_positive' }), narrative('KS')]),
      goal('g2', 'arbete', null, [narrative('KF', { assessment: 'partly_fulfilled', disagreement: 'narrative_more_negative' })]),
    ];
    expect(disagreements({ goals }).map((d) => [d.goal.key, d.narrative.unit, d.narrative.disagreement])).toEqual([
      ['g1', 'KF', 'narrative_more_positive'],
      ['g2', 'KF', 'narrative_more_negative'],
    ]);
  });
});
