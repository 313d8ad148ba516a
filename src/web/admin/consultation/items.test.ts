import { describe, expect, it } from 'vitest';
import { buildTree } from '../../../domain/strategy/tree.ts';
import { flattenItems } from './items.ts';

const stored = (i: number) => ({ id: `id-${i}`, lockVersion: 1, position: i });

describe('flattenItems', () => {
  it('lists a document in reading order: sections, then each area with its goals, their targets and activities, then the loose goals', () => {
    const tree = buildTree({
      areas: [{ key: 'arbete', name: 'Arbete', description: 'Om arbete', ...stored(1) }],
      goals: [
        { key: 'fler-i-arbete', area: 'arbete', parent: null, level: 1, title: 'Fler i arbete', description: null, ownerUnit: null, ...stored(2) },
        { key: 'delmal', area: null, parent: 'fler-i-arbete', level: 2, title: 'Delmål', description: 'Nämndens delmål', ownerUnit: null, ...stored(3) },
        { key: 'fristaende', area: null, parent: null, level: 1, title: 'Fristående mål', description: null, ownerUnit: null, ...stored(4) },
      ],
      strategies: [],
      indicators: [],
      targets: [{ key: 'minst-50', goal: 'fler-i-arbete', indicator: null, comparator: 'at_least', value: 50, targetYear: 2027, recurrence: 'once', baseline: null, referenceIndicator: null, ageBand: null, sex: null, statement: 'Minst 50 procent', ...stored(5) }],
      activities: [{ key: 'praktik', area: 'arbete', goal: 'delmal', problem: 'Få praktikplatser', description: 'Språkpraktik', responsible: [], responsibleText: null, timelineText: null, start: null, end: null, followUpText: null, status: 'planned', ...stored(6) }],
    });
    const items = flattenItems({ ...tree, sections: [{ key: 'syfte', kind: 'purpose', title: 'Syfte', body: 'Varför' }], definitions: [] });
    expect(items.map((i) => `${i.kind}:${i.key}`)).toEqual(['sections:syfte', 'areas:arbete', 'goals:fler-i-arbete', 'targets:minst-50', 'goals:delmal', 'activities:praktik', 'goals:fristaende']);
    expect(items.find((i) => i.key === 'praktik')).toEqual({ kind: 'activities', key: 'praktik', title: 'Språkpraktik', body: 'Få praktikplatser\n\nSpråkpraktik' });
  });
});
