import { DomainError, type FieldIssue } from '../errors.ts';
import type { DocumentStatus } from './types.ts';

export const LIFECYCLE_ACTIONS = ['send_to_consultation', 'return_to_draft', 'adopt', 'revise', 'expire'] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

/**
 * The steering document's lifecycle: draft → consultation → adopted → superseded/expired.
 * Only a draft is edited freely; adoption freezes the version; a revision starts a new draft
 * (the adopted version stays as it was). Worked examples: docs/methodology/document-lifecycle.md.
 */
const TRANSITIONS: Record<LifecycleAction, { from: DocumentStatus[]; to: DocumentStatus | null }> = {
  send_to_consultation: { from: ['draft'], to: 'consultation' },
  return_to_draft: { from: ['consultation'], to: 'draft' },
  adopt: { from: ['draft', 'consultation'], to: 'adopted' },
  // A revision leaves this version as it is and creates a new draft (to = null: no change here).
  revise: { from: ['adopted', 'superseded', 'expired'], to: null },
  expire: { from: ['adopted'], to: 'expired' },
};

/** The status after an action, or a DomainError('invalid_transition') that says why not. */
export function nextStatus(current: DocumentStatus, action: LifecycleAction): DocumentStatus {
  const t = TRANSITIONS[action];
  if (!t.from.includes(current)) {
    throw new DomainError('invalid_transition', `A document that is ${current} cannot be given the action "${action}"; allowed from: ${t.from.join(', ')}`, {
      details: { documentStatus: current, action, allowedFrom: t.from },
    });
  }
  return t.to ?? current;
}

/** Whether the content and metadata of a document in this status may be edited. */
export function isEditable(status: DocumentStatus): boolean {
  return status === 'draft';
}

/** Throws DomainError('document_frozen') unless the document is a draft. */
export function assertEditable(status: DocumentStatus): void {
  if (!isEditable(status)) {
    throw new DomainError('document_frozen', `Only a draft can be edited; this version is ${status}. Revise it to start a new draft.`, {
      details: { documentStatus: status },
    });
  }
}

/**
 * Adopting a version that replaces an adopted one changes what is in force (its targets, its
 * activities): the decision must then be named in full, body, paragraph and date, so that the audit
 * log can say on what authority the change was made. A first adoption may leave the paragraph out
 * (older documents often do not say it).
 */
export function adoptionIssues(replacesAdopted: boolean, adoption: { adoptedBy: { body: string; paragraph: string | null }; decisionDate: string }): FieldIssue[] {
  if (!replacesAdopted) return [];
  const issues: FieldIssue[] = [];
  if (!adoption.adoptedBy.paragraph?.trim()) {
    issues.push({ path: '/adoptedBy/paragraph', message: 'is required when the version replaces an adopted one: name the decision (body, paragraph, date)' });
  }
  return issues;
}

/** The decision as the audit log records it: "Kommunfullmäktige § 45, 2026-03-01". */
export function decisionReference(adoption: { adoptedBy: { body: string; paragraph: string | null }; decisionDate: string }): string {
  const paragraph = adoption.adoptedBy.paragraph?.trim();
  return `${adoption.adoptedBy.body}${paragraph ? ` ${paragraph}` : ''}, ${adoption.decisionDate}`;
}
