import { DomainError } from '../errors.ts';
import type { ActivityStatus } from '../strategy/types.ts';

export const REPORT_STATUSES = ['draft', 'submitted', 'approved', 'locked'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_ACTIONS = ['submit', 'return', 'approve', 'lock', 'reopen'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

export const NARRATIVE_ASSESSMENTS = ['fulfilled', 'partly_fulfilled', 'not_fulfilled', 'not_assessed'] as const;
export type NarrativeAssessment = (typeof NARRATIVE_ASSESSMENTS)[number];

/**
 * A unit's report for a period: draft → submitted → approved → locked (DHIS2-style approval and
 * locking). The approver can return a submitted report; reopening an approved or locked one needs a
 * written reason. Worked examples: docs/methodology/report-workflow.md.
 */
const TRANSITIONS: Record<ReportAction, { from: ReportStatus[]; to: ReportStatus; needsReason: boolean }> = {
  submit: { from: ['draft'], to: 'submitted', needsReason: false },
  return: { from: ['submitted'], to: 'draft', needsReason: true },
  approve: { from: ['submitted'], to: 'approved', needsReason: false },
  lock: { from: ['approved'], to: 'locked', needsReason: false },
  reopen: { from: ['approved', 'locked'], to: 'draft', needsReason: true },
};

/** The status after an action, or why not. */
export function nextReportStatus(current: ReportStatus, action: ReportAction, reason: string | null): ReportStatus {
  const t = TRANSITIONS[action];
  if (!t.from.includes(current)) {
    throw new DomainError('invalid_transition', `A report that is ${current} cannot be given the action "${action}"; allowed from: ${t.from.join(', ')}`, {
      details: { reportStatus: current, action, allowedFrom: t.from },
    });
  }
  if (t.needsReason && (reason === null || reason.trim().length < 3)) {
    throw new DomainError('validation', `To ${action} a report, write the reason`, { issues: [{ path: '/reason', message: 'is required (at least a few words)' }] });
  }
  return t.to;
}

/** Only a draft report in an open period is edited; a closed period or a submitted/approved/locked report refuses. */
export function assertReportEditable(status: ReportStatus, periodStatus: 'open' | 'closed'): void {
  if (periodStatus === 'closed') {
    throw new DomainError('document_frozen', 'The period is closed; its reports cannot be changed', { details: { periodStatus } });
  }
  if (status !== 'draft') {
    throw new DomainError('document_frozen', `The report is ${status}; only a draft can be edited. Ask the approver to return or reopen it.`, { details: { reportStatus: status } });
  }
}

/** The progress an activity status implies when the reporter gives none. */
export function defaultProgress(status: ActivityStatus): number {
  return { planned: 0, ongoing: 50, done: 100, postponed: 0, cancelled: 0 }[status];
}
