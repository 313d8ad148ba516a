import { describe, expect, it } from 'vitest';
import type { AttainmentStatus } from './attainment.ts';
import { rollUp, type Disagreement, type RollUp, type RollUpItem } from './rollup.ts';

// Worked examples: docs/methodology/attainment.md#roll-up (test names = example names).

interface Example {
  name: string;
  items: RollUpItem[];
  /** Only the statuses that occur; the others must be 0. */
  counts: Partial<Record<AttainmentStatus, number>>;
  assessable: number;
  shareOnTrack: number | null;
  overall: RollUp['overall'];
  disagreements: Disagreement[];
}

function examples(rows: Example[]): void {
  for (const row of rows) {
    it(row.name, () => {
      const result = rollUp(row.items);
      const nonZero = Object.fromEntries(Object.entries(result.counts).filter(([, n]) => n > 0));
      expect(nonZero).toEqual(row.counts);
      expect(result.total).toBe(row.items.length);
      expect(result.assessable).toBe(row.assessable);
      if (row.shareOnTrack === null) expect(result.shareOnTrack).toBeNull();
      else expect(result.shareOnTrack).toBeCloseTo(row.shareOnTrack, 4);
      expect(result.overall.status).toBe(row.overall.status);
      expect(result.overall.reason).toBe(row.overall.reason);
      expect(result.overall).toEqual(row.overall);
      expect(result.disagreements).toEqual(row.disagreements);
    });
  }
}

describe('roll-up', () => {
  examples([
    {
      name: "Östersund's goal on work and skills: the committee is more positive about refugees' employment",
      items: [
        { status: 'off_track_moderate', narrative: 'partly_fulfilled' },
        { status: 'off_track_significant', narrative: 'fulfilled' },
        { status: 'off_track_moderate', narrative: 'partly_fulfilled' },
        { status: 'deteriorating', narrative: 'not_fulfilled' },
      ],
      counts: { off_track_moderate: 2, off_track_significant: 1, deteriorating: 1 },
      assessable: 4,
      shareOnTrack: 0,
      overall: { status: 'off_track_significant', reason: 'median' },
      disagreements: [{ index: 1, status: 'off_track_significant', narrative: 'fulfilled', direction: 'narrative_more_positive' }],
    },
    {
      name: "Östersund's goal on new residents: on track, and the committee agrees",
      items: [
        { status: 'on_track', narrative: 'fulfilled' },
        { status: 'achieved', narrative: 'fulfilled' },
      ],
      counts: { on_track: 1, achieved: 1 },
      assessable: 2,
      shareOnTrack: 1,
      overall: { status: 'on_track', reason: 'median' },
      disagreements: [],
    },
    {
      name: 'a goal is achieved only when every assessable target is',
      items: [{ status: 'achieved' }, { status: 'achieved' }, { status: 'not_assessable' }],
      counts: { achieved: 2, not_assessable: 1 },
      assessable: 2,
      shareOnTrack: 1,
      overall: { status: 'achieved', reason: 'all_achieved' },
      disagreements: [],
    },
    {
      name: 'a goal whose targets all have verdicts, one missed, is not achieved',
      items: [{ status: 'achieved' }, { status: 'not_achieved' }],
      counts: { achieved: 1, not_achieved: 1 },
      assessable: 2,
      shareOnTrack: 0.5,
      overall: { status: 'not_achieved', reason: 'median' },
      disagreements: [],
    },
    {
      name: 'a target achieved, one missed and one on track: the middle one decides',
      items: [{ status: 'achieved' }, { status: 'not_achieved' }, { status: 'on_track' }],
      counts: { achieved: 1, not_achieved: 1, on_track: 1 },
      assessable: 3,
      shareOnTrack: 2 / 3,
      overall: { status: 'on_track', reason: 'median' },
      disagreements: [],
    },
    {
      name: 'a goal with nothing assessable is not assessable',
      items: [{ status: 'not_assessable' }, { status: 'not_assessable' }],
      counts: { not_assessable: 2 },
      assessable: 0,
      shareOnTrack: null,
      overall: { status: 'not_assessable', reason: 'none_assessable' },
      disagreements: [],
    },
    {
      name: 'a goal without targets is not assessable',
      items: [],
      counts: {},
      assessable: 0,
      shareOnTrack: null,
      overall: { status: 'not_assessable', reason: 'no_items' },
      disagreements: [],
    },
    {
      name: 'a committee that says not fulfilled while the figures are on track disagrees',
      items: [{ status: 'on_track', narrative: 'not_fulfilled' }],
      counts: { on_track: 1 },
      assessable: 1,
      shareOnTrack: 1,
      overall: { status: 'on_track', reason: 'median' },
      disagreements: [{ index: 0, status: 'on_track', narrative: 'not_fulfilled', direction: 'narrative_more_negative' }],
    },
    {
      name: 'a committee that says partly fulfilled for an achieved target disagrees',
      items: [{ status: 'achieved', narrative: 'partly_fulfilled' }],
      counts: { achieved: 1 },
      assessable: 1,
      shareOnTrack: 1,
      overall: { status: 'achieved', reason: 'all_achieved' },
      disagreements: [{ index: 0, status: 'achieved', narrative: 'partly_fulfilled', direction: 'narrative_more_negative' }],
    },
    {
      name: 'no judgement or not assessed is never a disagreement',
      items: [
        { status: 'deteriorating', narrative: 'not_assessed' },
        { status: 'not_achieved', narrative: null },
        { status: 'not_assessable', narrative: 'fulfilled' },
      ],
      counts: { deteriorating: 1, not_achieved: 1, not_assessable: 1 },
      assessable: 2,
      shareOnTrack: 0,
      overall: { status: 'not_achieved', reason: 'median' },
      disagreements: [],
    },
    {
      name: 'five targets: at least half need acceleration or better',
      items: [{ status: 'deteriorating' }, { status: 'achieved' }, { status: 'off_track_significant' }, { status: 'on_track' }, { status: 'off_track_moderate' }],
      counts: { achieved: 1, on_track: 1, off_track_moderate: 1, off_track_significant: 1, deteriorating: 1 },
      assessable: 5,
      shareOnTrack: 0.4,
      overall: { status: 'off_track_moderate', reason: 'median' },
      disagreements: [],
    },
    {
      name: 'an even number of targets takes the worse of the two middle statuses',
      items: [{ status: 'on_track' }, { status: 'deteriorating' }, { status: 'on_track' }, { status: 'deteriorating' }],
      counts: { on_track: 2, deteriorating: 2 },
      assessable: 4,
      shareOnTrack: 0.5,
      overall: { status: 'deteriorating', reason: 'median' },
      disagreements: [],
    },
    {
      name: 'targets that cannot be assessed do not count in the median',
      items: [{ status: 'on_track' }, { status: 'not_assessable' }, { status: 'on_track' }, { status: 'off_track_moderate' }, { status: 'deteriorating' }],
      counts: { on_track: 2, off_track_moderate: 1, deteriorating: 1, not_assessable: 1 },
      assessable: 4,
      shareOnTrack: 0.5,
      overall: { status: 'off_track_moderate', reason: 'median' },
      disagreements: [],
    },
  ]);
});
