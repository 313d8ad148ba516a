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

/**
 * The rule that decided a roll-up's overall status: no targets; none assessable; every assessable
 * target achieved; otherwise the median status. docs/methodology/attainment.md#roll-up
 */
export type RollUpReason = 'no_items' | 'none_assessable' | 'all_achieved' | 'median';

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
  /** The computed status of the goal: always the status of at least one of its assessable targets. */
  overall: { status: AttainmentStatus; reason: RollUpReason };
  disagreements: Disagreement[];
}

/** The statuses a target can be assessed with, from best to worst: the order the median is taken in. docs/methodology/attainment.md#roll-up */
export const STATUS_ORDER: readonly Exclude<AttainmentStatus, 'not_assessable'>[] = Object.freeze([
  'achieved',
  'on_track',
  'off_track_moderate',
  'off_track_significant',
  'deteriorating',
  'not_achieved',
] as const);

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
 * where the committee's own judgement contradicts the computed status. Overall: no targets or nothing
 * assessable → not_assessable; every assessable target achieved → achieved (`all_achieved`);
 * otherwise the median of the assessable statuses ordered by STATUS_ORDER, the worse of the two
 * middle ones for an even number (`median`): at least half of the assessable targets have that
 * status or a better one, and it is always the status of one of them. docs/methodology/attainment.md#roll-up
 * @example rollUp([{ status: 'on_track' }, { status: 'achieved', narrative: 'fulfilled' }]).overall // { status: 'on_track', reason: 'median' }
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
  if (total === 0) return { status: 'not_assessable', reason: 'no_items' };
  if (assessed.length === 0) return { status: 'not_assessable', reason: 'none_assessable' };
  if (assessed.every((s) => s === 'achieved')) return { status: 'achieved', reason: 'all_achieved' };
  // Best first; the middle one, or for an even number the worse of the two middle ones (index n / 2).
  const ordered = [...assessed].sort((a, b) => STATUS_ORDER.indexOf(a) - STATUS_ORDER.indexOf(b));
  return { status: ordered[Math.floor(ordered.length / 2)]!, reason: 'median' };
}
