import { ATTAINMENT_STATUSES, type AttainmentStatus } from './attainment.ts';

/**
 * The committee's own judgement of a target, as written in the follow-up: uppfyllt, delvis uppfyllt,
 * ej uppfyllt, ej bedömt.
 */
import { NARRATIVE_ASSESSMENTS, type NarrativeAssessment } from '../follow-up/report-workflow.ts';

export { NARRATIVE_ASSESSMENTS, type NarrativeAssessment };

/** One target under a goal or area: its computed status and, when given, the committee's judgement. */
export interface RollUpItem {
  status: AttainmentStatus;
  narrative?: NarrativeAssessment | null;
}

/** The rule that decided a roll-up's overall status. */
export type RollUpReason = 'no_items' | 'none_assessable' | 'all_achieved' | 'verdicts_with_misses' | 'mean_score';

/** A target whose committee judgement contradicts its computed status. */
export interface Disagreement {
  /** Position of the item in the list given to rollUp. */
  index: number;
  status: AttainmentStatus;
  narrative: NarrativeAssessment;
  /** Whether the committee judges it better or worse than the figures show. */
  direction: 'narrative_more_positive' | 'narrative_more_negative';
}

/** The targets of one goal or area, counted and summed up. */
export interface RollUp {
  counts: Record<AttainmentStatus, number>;
  total: number;
  /** Items whose status is not `not_assessable`. */
  assessable: number;
  /** (achieved + on_track) / assessable; null when nothing is assessable. */
  shareOnTrack: number | null;
  /** The computed status of the goal; `score` is the mean of the items' scores when that rule decided. */
  overall: { status: AttainmentStatus; reason: RollUpReason; score: number | null };
  disagreements: Disagreement[];
}

/**
 * A score per status, for the mean: Open SDG's score for "target achieved" (+5), the middle of each
 * progress category's score range (on track [2.5, 5], acceleration needed [0, 2.5), limited progress
 * [−2.5, 0), deterioration [−5, −2.5)), and −5 for a missed target. docs/methodology/attainment.md#roll-up
 */
export const STATUS_SCORES: Readonly<Record<Exclude<AttainmentStatus, 'not_assessable'>, number>> = Object.freeze({
  achieved: 5,
  on_track: 3.75,
  off_track_moderate: 1.25,
  off_track_significant: -1.25,
  deteriorating: -3.75,
  not_achieved: -5,
});

/**
 * The computed statuses a committee's judgement contradicts, and which way. Everything not listed is
 * compatible; `not_assessed`, a missing judgement and a `not_assessable` status never disagree.
 */
export const NARRATIVE_CONTRADICTIONS: Readonly<Record<NarrativeAssessment, Partial<Record<AttainmentStatus, Disagreement['direction']>>>> = Object.freeze({
  fulfilled: { off_track_significant: 'narrative_more_positive', deteriorating: 'narrative_more_positive', not_achieved: 'narrative_more_positive' },
  partly_fulfilled: { achieved: 'narrative_more_negative' },
  not_fulfilled: { achieved: 'narrative_more_negative', on_track: 'narrative_more_negative' },
  not_assessed: {},
});

/**
 * Counts the statuses of a goal's (or area's) targets, computes the goal's overall status and lists
 * where the committee's own judgement contradicts the computed status. Overall: nothing assessable →
 * not_assessable; every assessable target achieved → achieved; every assessable target has a verdict
 * and one is missed → not_achieved; otherwise the mean of STATUS_SCORES read back through Open SDG's
 * score ranges. docs/methodology/attainment.md#roll-up
 * @example rollUp([{ status: 'on_track' }, { status: 'achieved', narrative: 'fulfilled' }]).overall // { status: 'on_track', reason: 'mean_score', score: 4.375 }
 */
export function rollUp(items: readonly RollUpItem[]): RollUp {
  const counts = Object.fromEntries(ATTAINMENT_STATUSES.map((s) => [s, 0])) as Record<AttainmentStatus, number>;
  for (const item of items) counts[item.status] += 1;
  const assessed = items.map((i) => i.status).filter((s): s is Exclude<AttainmentStatus, 'not_assessable'> => s !== 'not_assessable');
  const assessable = assessed.length;
  const shareOnTrack = assessable === 0 ? null : (counts.achieved + counts.on_track) / assessable;

  const disagreements: Disagreement[] = [];
  items.forEach((item, index) => {
    if (!item.narrative) return;
    const direction = NARRATIVE_CONTRADICTIONS[item.narrative][item.status];
    if (direction) disagreements.push({ index, status: item.status, narrative: item.narrative, direction });
  });

  return { counts, total: items.length, assessable, shareOnTrack, overall: overallStatus(items.length, assessed), disagreements };
}

function overallStatus(total: number, assessed: Array<Exclude<AttainmentStatus, 'not_assessable'>>): RollUp['overall'] {
  if (total === 0) return { status: 'not_assessable', reason: 'no_items', score: null };
  if (assessed.length === 0) return { status: 'not_assessable', reason: 'none_assessable', score: null };
  if (assessed.every((s) => s === 'achieved')) return { status: 'achieved', reason: 'all_achieved', score: null };
  if (assessed.every((s) => s === 'achieved' || s === 'not_achieved')) return { status: 'not_achieved', reason: 'verdicts_with_misses', score: null };
  const score = assessed.reduce((sum, s) => sum + STATUS_SCORES[s], 0) / assessed.length;
  // Open SDG's ranges: [2.5, 5] on track, [0, 2.5) acceleration needed, [−2.5, 0) limited progress, below deterioration.
  const status: AttainmentStatus = score >= 2.5 ? 'on_track' : score >= 0 ? 'off_track_moderate' : score >= -2.5 ? 'off_track_significant' : 'deteriorating';
  return { status, reason: 'mean_score', score };
}
