import { DomainError, assertNoIssues, type FieldIssue } from '../errors.ts';
import { CONTENT_KINDS, type ContentKind, type DocumentContent, type DocumentStatus, type IsoDate } from '../strategy/types.ts';

/**
 * Consultation (remiss): a draft is sent to chosen organisation units, which comment on the whole
 * or on single items before a deadline and then answer (remissvar); the strategist decides on each
 * comment (accepted, partly accepted, rejected) with a reply, and the answers are compiled
 * (remissammanställning). Pure rules: the caller passes `today` (the date in Sweden) in.
 * Worked examples: docs/methodology/consultation.md.
 */

/** What a comment is about: the whole document, or one item of a content kind, by its key. */
export const TARGET_KINDS = ['document', ...CONTENT_KINDS] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
export interface CommentTarget {
  kind: TargetKind;
  /** The item's key (stable across versions); null for the whole document. */
  key: string | null;
}

export const COMMENT_DECISIONS = ['accepted', 'partly_accepted', 'rejected'] as const;
export type CommentDecision = (typeof COMMENT_DECISIONS)[number];

export const CONSULTATION_STATUSES = ['open', 'closed'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

/** Which rule refused an action; `details.rule` of the DomainError, so a client can tell them apart. */
export type ConsultationRule = 'closed' | 'document_not_in_consultation' | 'deadline_passed' | 'already_answered' | 'decided' | 'deadline_not_passed' | 'open_consultation_exists';

/** The consultation as the rules need it. */
export interface ConsultationState {
  deadline: IsoDate;
  closed: boolean;
  /** The status of the document version that is out for consultation. */
  documentStatus: DocumentStatus;
}

/** One recipient as the rules need it; `undefined` where a unit is not a recipient. */
export interface RecipientState {
  unitId: string;
  answered: boolean;
}

/** The deadline day itself is on time: only the day after it is late. */
export function isDeadlinePassed(deadline: IsoDate, today: IsoDate): boolean {
  return today > deadline;
}

function refuse(rule: ConsultationRule, message: string, details: Record<string, unknown> = {}): never {
  throw new DomainError('invalid_transition', message, { details: { rule, ...details } });
}

/**
 * Checks a consultation before it is sent: at least one recipient, each a unit of the municipality
 * and named once, and a deadline that is not in the past (today itself is allowed). A document has at
 * most one open consultation. The document's own step (draft → consultation) is the lifecycle's.
 */
export function checkSend(input: { recipients: string[]; deadline: IsoDate; today: IsoDate; knownUnits: ReadonlySet<string>; openConsultation: boolean }): void {
  if (input.openConsultation) {
    refuse('open_consultation_exists', 'The document already has an open consultation; close it before sending a new one');
  }
  const issues: FieldIssue[] = [];
  if (input.recipients.length === 0) issues.push({ path: '/recipients', message: 'name at least one unit to send the document to' });
  const seen = new Set<string>();
  input.recipients.forEach((unitId, i) => {
    if (seen.has(unitId)) issues.push({ path: `/recipients/${i}`, message: 'is listed twice' });
    else if (!input.knownUnits.has(unitId)) issues.push({ path: `/recipients/${i}`, message: 'there is no such unit in this municipality' });
    seen.add(unitId);
  });
  if (input.deadline < input.today) issues.push({ path: '/deadline', message: `is in the past (today is ${input.today})` });
  assertNoIssues(issues, 'The consultation cannot be sent');
}

/** A change of an open consultation: its message, or a new deadline (an extension, or a shorter time) that is not in the past. */
export function checkConsultationChange(c: Pick<ConsultationState, 'closed'>, deadline: IsoDate | undefined, today: IsoDate): void {
  if (c.closed) refuse('closed', 'The consultation is closed; it cannot be changed');
  if (deadline !== undefined && deadline < today) throw new DomainError('validation', 'The new deadline is in the past', { issues: [{ path: '/deadline', message: `is in the past (today is ${today})` }] });
}

/** The checks shared by commenting and answering, in the order they are made. */
function assertOpenFor(c: ConsultationState, recipient: RecipientState | undefined, today: IsoDate, what: string): RecipientState {
  if (c.closed) refuse('closed', `The consultation is closed; ${what} is no longer possible`);
  if (c.documentStatus !== 'consultation') {
    refuse('document_not_in_consultation', `The document is no longer out for consultation (it is ${c.documentStatus}); ${what} is no longer possible`, { documentStatus: c.documentStatus });
  }
  if (!recipient) throw new DomainError('validation', 'Only the units the document was sent to can answer', { issues: [{ path: '/unitId', message: 'is not among the recipients of this consultation' }] });
  if (isDeadlinePassed(c.deadline, today)) refuse('deadline_passed', `The deadline was ${c.deadline}; ${what} is no longer possible`, { deadline: c.deadline, today });
  if (recipient.answered) refuse('already_answered', `The unit has already answered; ${what} is no longer possible`);
  return recipient;
}

/** Whether a unit may write a comment now: a recipient, that has not answered, on or before the deadline, while the consultation is open. */
export function assertCanComment(c: ConsultationState, recipient: RecipientState | undefined, today: IsoDate): void {
  assertOpenFor(c, recipient, today, 'commenting');
}

/** The issues of a comment's target: the whole document has no key, an item's key must be in this document version. */
export function checkTarget(target: CommentTarget, keys: Readonly<Record<ContentKind, ReadonlySet<string>>>): FieldIssue[] {
  if (target.kind === 'document') {
    return target.key === null ? [] : [{ path: '/target/key', message: 'must be null for a comment on the whole document' }];
  }
  if (target.key === null) return [{ path: '/target/key', message: `name the item of ${target.kind} the comment is about` }];
  if (!keys[target.kind].has(target.key)) return [{ path: '/target/key', message: `there is no item "${target.key}" among the ${target.kind} of this document version` }];
  return [];
}

/**
 * Whether a unit may answer (remissvar) now: the same checks as for a comment; then the answer must
 * say what it is. A unit with comments answers without `noComments`; a unit without any answers with
 * `noComments: true`, so that "no comments" is said, not assumed.
 */
export function assertCanAnswer(c: ConsultationState, recipient: RecipientState | undefined, today: IsoDate, commentCount: number, noComments: boolean): void {
  assertOpenFor(c, recipient, today, 'answering');
  if (noComments && commentCount > 0) {
    throw new DomainError('validation', `The unit has written ${commentCount} comment(s), so it cannot answer "no comments"`, {
      issues: [{ path: '/noComments', message: `is true, but the unit has written ${commentCount} comment(s)` }],
    });
  }
  if (!noComments && commentCount === 0) {
    throw new DomainError('validation', 'The unit has written no comments; to answer without any, say so with noComments: true', {
      issues: [{ path: '/noComments', message: 'must be true when the unit answers without comments' }],
    });
  }
}

/** A unit takes back one of its comments: only before it has answered, on or before the deadline, and before the comment is decided. */
export function assertCanWithdraw(c: ConsultationState, recipient: RecipientState | undefined, today: IsoDate, decision: CommentDecision | null): void {
  assertOpenFor(c, recipient, today, 'withdrawing a comment');
  if (decision !== null) refuse('decided', 'The comment has been decided on; it cannot be withdrawn', { decision });
}

/** A decision on a comment: while the consultation is open; rejecting or partly accepting needs a reply (at least a few words). */
export function checkDecision(c: Pick<ConsultationState, 'closed'>, decision: CommentDecision, reply: string | null): void {
  if (c.closed) refuse('closed', 'The consultation is closed; its decisions are final');
  if (decision !== 'accepted' && (reply === null || reply.trim().length < 3)) {
    throw new DomainError('validation', `A comment that is ${decision === 'rejected' ? 'rejected' : 'partly accepted'} needs a reply that says why`, {
      issues: [{ path: '/reply', message: 'is required when a comment is rejected or partly accepted (at least a few words)' }],
    });
  }
}

/**
 * Closing: once; before the deadline has passed only when every recipient has answered, or when the
 * document is no longer out for consultation (taken back to draft, or adopted: nobody can answer any more).
 */
export function assertCanClose(c: ConsultationState, today: IsoDate, recipients: Array<{ answered: boolean }>): void {
  if (c.closed) refuse('closed', 'The consultation is already closed');
  const notAnswered = recipients.filter((r) => !r.answered).length;
  if (c.documentStatus === 'consultation' && !isDeadlinePassed(c.deadline, today) && notAnswered > 0) {
    refuse('deadline_not_passed', `The consultation runs until ${c.deadline} and ${notAnswered} unit(s) have not answered; close it after the deadline, or when every unit has answered`, {
      deadline: c.deadline,
      today,
      notAnswered,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The compilation (remissammanställning)

const excerpt = (s: string, max = 200) => (s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`);

/** A short text that names an item: its title, name or term, or the start of its text. */
export function targetLabel<K extends ContentKind>(kind: K, item: DocumentContent[K][number]): string {
  const i = item as unknown as Record<string, string | null>;
  switch (kind) {
    case 'sections':
      return i.title ?? excerpt(i.body ?? '');
    case 'definitions':
      return i.term!;
    case 'areas':
    case 'indicators':
      return i.name!;
    case 'goals':
      return i.title!;
    case 'strategies':
      return excerpt(i.text!);
    case 'targets':
      return excerpt(i.statement!);
    default:
      return excerpt(i.description ?? i.key!);
  }
}

export interface CompilationItem {
  kind: ContentKind;
  key: string;
  label: string;
}
export interface CompilationRecipient {
  unitId: string;
  unitName: string;
  answeredAt: string | null;
  noComments: boolean;
  role: string | null;
}
export interface CompilationComment {
  id: string;
  unitId: string;
  unitName: string;
  role: string | null;
  target: CommentTarget;
  text: string;
  createdAt: string;
  decision: CommentDecision | null;
  reply: string | null;
  decidedAt: string | null;
  lockVersion: number;
}
export interface DecisionCounts {
  total: number;
  accepted: number;
  partly_accepted: number;
  rejected: number;
  undecided: number;
}
export interface CompiledTarget<C extends CompilationComment = CompilationComment> {
  target: CommentTarget;
  /** The document's title, or the item's label; for an item no longer in the version, its key. */
  label: string;
  /** False for a comment on an item that is not (any more) in the document version. */
  inDocument: boolean;
  counts: DecisionCounts;
  comments: C[];
}
export interface Compilation<C extends CompilationComment = CompilationComment> {
  deadline: IsoDate;
  deadlinePassed: boolean;
  status: ConsultationStatus;
  counts: DecisionCounts;
  recipients: {
    total: number;
    answered: Array<{ unitId: string; unitName: string; answeredAt: string; noComments: boolean; role: string | null; comments: number }>;
    notAnswered: Array<{ unitId: string; unitName: string; comments: number }>;
  };
  targets: Array<CompiledTarget<C>>;
}

export function countDecisions(comments: Array<{ decision: CommentDecision | null }>): DecisionCounts {
  const out: DecisionCounts = { total: comments.length, accepted: 0, partly_accepted: 0, rejected: 0, undecided: 0 };
  for (const c of comments) out[c.decision ?? 'undecided']++;
  return out;
}

/**
 * The remissammanställning: per target the comments with their decisions (the whole document first,
 * then the items in document order: kind by kind as in the interchange format, by position within a
 * kind; then comments on items no longer in the version, by kind and key), the comments in the order
 * they were written; counts per decision; and the recipients that have answered and that have not.
 * Only targets with at least one comment are listed.
 */
export function compileConsultation<C extends CompilationComment>(input: {
  deadline: IsoDate;
  today: IsoDate;
  closed: boolean;
  documentTitle: string;
  items: CompilationItem[];
  recipients: CompilationRecipient[];
  comments: C[];
}): Compilation<C> {
  const id = (t: CommentTarget) => `${t.kind}\u0000${t.key ?? ''}`;
  const byTarget = new Map<string, C[]>();
  for (const c of input.comments) byTarget.set(id(c.target), [...(byTarget.get(id(c.target)) ?? []), c]);
  const targets: Array<CompiledTarget<C>> = [];
  const take = (target: CommentTarget, label: string, inDocument: boolean) => {
    const comments = byTarget.get(id(target));
    if (!comments) return;
    byTarget.delete(id(target));
    targets.push({ target, label, inDocument, counts: countDecisions(comments), comments });
  };
  take({ kind: 'document', key: null }, input.documentTitle, true);
  for (const item of input.items) take({ kind: item.kind, key: item.key }, item.label, true);
  const kindOrder = (k: TargetKind) => TARGET_KINDS.indexOf(k);
  const orphans = [...byTarget.values()].map((cs) => cs[0]!.target).sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || ((a.key ?? '') < (b.key ?? '') ? -1 : 1));
  for (const t of orphans) take(t, t.key ?? '', false);

  const commentsOf = (unitId: string) => input.comments.filter((c) => c.unitId === unitId).length;
  return {
    deadline: input.deadline,
    deadlinePassed: isDeadlinePassed(input.deadline, input.today),
    status: input.closed ? 'closed' : 'open',
    counts: countDecisions(input.comments),
    recipients: {
      total: input.recipients.length,
      answered: input.recipients
        .filter((r) => r.answeredAt !== null)
        .map((r) => ({ unitId: r.unitId, unitName: r.unitName, answeredAt: r.answeredAt!, noComments: r.noComments, role: r.role, comments: commentsOf(r.unitId) })),
      notAnswered: input.recipients.filter((r) => r.answeredAt === null).map((r) => ({ unitId: r.unitId, unitName: r.unitName, comments: commentsOf(r.unitId) })),
    },
    targets,
  };
}
