import { todayInStockholm } from '../clock.ts';
import { randomUUID } from 'node:crypto';
import {
  assertCanAnswer,
  assertCanClose,
  assertCanComment,
  assertCanWithdraw,
  checkDecision,
  checkConsultationChange,
  checkSend,
  checkTarget,
  compileConsultation,
  isDeadlinePassed,
  targetLabel,
  type CommentDecision,
  type CommentTarget,
  type ConsultationState,
  type ConsultationStatus,
  type TargetKind,
} from '../../domain/consultation/consultation.ts';
import { assertNoIssues } from '../../domain/errors.ts';
import { CONTENT_KINDS, type ContentKind } from '../../domain/strategy/types.ts';
import type {
  ConsultationCommentDto,
  ConsultationCompilationDto,
  ConsultationDto,
  ConsultationRecipientDto,
  ConsultationSummaryDto,
} from '../../shared/api/consultation.ts';
import { conflictOnUniqueViolation, inTransaction } from '../db-errors.ts';
import { getMunicipality } from '../municipalities/municipalities.service.ts';
import { checkLockVersion, transitionDocument } from '../strategy/documents.service.ts';
import { findDocumentRow, loadContent, loadUnitMaps, type Db, type DocumentRow, type StoredContent } from '../strategy/document.repo.ts';
import * as repo from './consultation.repo.ts';

/**
 * Consultation (remiss) use cases: send a draft to units, their comments and answers, the
 * strategist's decisions, closing, and the compilation (remissammanställning). Every write is one
 * transaction; the rules are in domain/consultation. `today` is the date in Sweden unless a caller
 * (a test, the demo loader) passes one.
 */

export interface Clock {
  /** The date the deadline is compared with, YYYY-MM-DD; the date in Sweden by default. */
  today?: string;
}

/** Today's date in Sweden (the deadline is a Swedish calendar day), YYYY-MM-DD: the application's one clock. */
export const todayInSweden = todayInStockholm;

const todayOf = (clock: Clock) => clock.today ?? todayInSweden();
const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

type Labels = Map<string, string>;
const labelKey = (kind: TargetKind, key: string | null) => `${kind}/${key ?? ''}`;

function labelsOf(doc: DocumentRow, content: StoredContent): Labels {
  const out: Labels = new Map([[labelKey('document', null), doc.title]]);
  for (const kind of CONTENT_KINDS) for (const item of content[kind]) out.set(labelKey(kind, item.key), targetLabel(kind, item as never));
  return out;
}

function keysOf(content: StoredContent): Record<ContentKind, Set<string>> {
  return Object.fromEntries(CONTENT_KINDS.map((k) => [k, new Set(content[k].map((i) => i.key))])) as Record<ContentKind, Set<string>>;
}

function presentComment(r: repo.CommentRow, labels: Labels): ConsultationCommentDto {
  const target: CommentTarget = { kind: r.target_kind, key: r.target_key };
  const label = labels.get(labelKey(target.kind, target.key));
  return {
    id: r.id,
    consultationId: r.consultation_id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    role: r.role,
    target,
    targetLabel: label ?? target.key ?? '',
    inDocument: label !== undefined,
    text: r.text,
    createdAt: iso(r.created_at)!,
    decision: r.decision,
    reply: r.reply,
    decidedAt: iso(r.decided_at),
    lockVersion: r.lock_version,
  };
}

const documentRef = (d: DocumentRow) => ({ id: d.id, key: d.key, version: d.version, title: d.title, status: d.status, lockVersion: d.lock_version });

function presentSummary(c: repo.ConsultationRow, doc: DocumentRow, recipients: repo.RecipientRow[], counts: { comments: number; undecided: number }, today: string): ConsultationSummaryDto {
  const answered = recipients.filter((r) => r.answered_at !== null).length;
  return {
    id: c.id,
    municipalityCode: c.municipality_code,
    documentId: c.document_id,
    document: documentRef(doc),
    deadline: c.deadline,
    message: c.message,
    sentAt: iso(c.sent_at)!,
    closedAt: iso(c.closed_at),
    status: c.closed_at === null ? 'open' : 'closed',
    deadlinePassed: isDeadlinePassed(c.deadline, today),
    lockVersion: c.lock_version,
    counts: { recipients: recipients.length, answered, notAnswered: recipients.length - answered, ...counts },
  };
}

const stateOf = (c: repo.ConsultationRow, doc: DocumentRow): ConsultationState => ({ deadline: c.deadline, closed: c.closed_at !== null, documentStatus: doc.status });

/**
 * Sends a draft out for consultation: moves the document from draft to consultation (the lifecycle's
 * own step, with the document's lockVersion) and creates the consultation with its recipients, in one
 * transaction.
 */
export async function sendToConsultation(
  db: Db,
  documentId: string,
  input: { recipients: string[]; deadline: string; message: string | null },
  documentLockVersion: number,
  clock: Clock = {},
): Promise<ConsultationDto> {
  const today = todayOf(clock);
  return inTransaction(db, async (trx) => {
    const doc = await transitionDocument(trx, documentId, 'send_to_consultation', documentLockVersion);
    const open = await repo.openConsultationOf(trx, documentId);
    const { unitName } = await loadUnitMaps(trx, doc.municipalityCode);
    checkSend({ recipients: input.recipients, deadline: input.deadline, today, knownUnits: new Set(unitName.keys()), openConsultation: open !== null });
    const id = randomUUID();
    await conflictOnUniqueViolation(
      () => repo.insertConsultation(trx, { id, municipality_code: doc.municipalityCode, document_id: documentId, deadline: input.deadline, message: input.message }, input.recipients),
      'The document already has an open consultation; close it before sending a new one',
    );
    return getConsultation(trx, id, { today });
  });
}

async function summaries(db: Db, rows: repo.ConsultationRow[], today: string): Promise<ConsultationSummaryDto[]> {
  const ids = rows.map((r) => r.id);
  const docIds = [...new Set(rows.map((r) => r.document_id))];
  const [recipients, counts, docs] = await Promise.all([
    repo.recipientsOf(db, ids),
    repo.commentCounts(db, ids),
    Promise.all(docIds.map((id) => findDocumentRow(db, id))).then((ds) => new Map(ds.map((d) => [d.id, d]))),
  ]);
  return rows.map((r) => presentSummary(r, docs.get(r.document_id)!, recipients.get(r.id)!, counts.get(r.id)!, today));
}

/** A document's consultations, newest first. */
export async function listConsultations(db: Db, documentId: string, clock: Clock = {}): Promise<ConsultationSummaryDto[]> {
  await findDocumentRow(db, documentId);
  return summaries(db, await repo.listConsultationRows(db, { documentId }), todayOf(clock));
}

/** A municipality's consultations, newest first: open or closed ones, or those sent to one unit. */
export async function listMunicipalityConsultations(
  db: Db,
  code: string,
  f: { status?: ConsultationStatus; unitId?: string } = {},
  clock: Clock = {},
): Promise<ConsultationSummaryDto[]> {
  await getMunicipality(db, code);
  return summaries(db, await repo.listConsultationRows(db, { municipalityCode: code, ...f }), todayOf(clock));
}

/** A consultation with its document, its recipients (answered or not) and every comment. */
export async function getConsultation(db: Db, id: string, clock: Clock = {}): Promise<ConsultationDto> {
  const today = todayOf(clock);
  const c = await repo.findConsultation(db, id);
  const [doc, recipientMap, comments] = await Promise.all([findDocumentRow(db, c.document_id), repo.recipientsOf(db, [id]), repo.commentsOf(db, id)]);
  const content = await loadContent(db, c.document_id, c.municipality_code);
  const labels = labelsOf(doc, content);
  const recipients = recipientMap.get(id)!;
  const presented = comments.map((r) => presentComment(r, labels));
  const perUnit = (unitId: string) => presented.filter((x) => x.unitId === unitId).length;
  return {
    ...presentSummary(c, doc, recipients, { comments: presented.length, undecided: presented.filter((x) => x.decision === null).length }, today),
    recipients: recipients.map(
      (r): ConsultationRecipientDto => ({
        unitId: r.unit_id,
        unitName: r.unit_name,
        status: r.answered_at === null ? 'not_answered' : 'answered',
        answeredAt: iso(r.answered_at),
        noComments: r.no_comments,
        role: r.role,
        comments: perUnit(r.unit_id),
      }),
    ),
    comments: presented,
  };
}

/** Changes the deadline (an extension) or the message of an open consultation. */
export async function updateConsultation(db: Db, id: string, patch: { deadline?: string; message?: string | null }, lockVersion: number, clock: Clock = {}): Promise<ConsultationDto> {
  const today = todayOf(clock);
  return inTransaction(db, async (trx) => {
    const c = await repo.findConsultation(trx, id, 'update');
    checkLockVersion(c.lock_version, lockVersion, 'consultation', { id, lockVersion: c.lock_version, deadline: c.deadline });
    checkConsultationChange({ closed: c.closed_at !== null }, patch.deadline, today);
    if (patch.deadline !== undefined || patch.message !== undefined) await repo.updateConsultation(trx, id, lockVersion, patch);
    return getConsultation(trx, id, { today });
  });
}

/** A recipient's comment on the whole document or on one item of it. */
export async function addComment(
  db: Db,
  consultationId: string,
  input: { unitId: string; target: CommentTarget; text: string; role: string | null },
  clock: Clock = {},
): Promise<ConsultationCommentDto> {
  const today = todayOf(clock);
  return inTransaction(db, async (trx) => {
    const c = await repo.findConsultation(trx, consultationId, 'share');
    const doc = await findDocumentRow(trx, c.document_id);
    const recipient = await repo.findRecipientForUpdate(trx, consultationId, input.unitId);
    assertCanComment(stateOf(c, doc), recipient && { unitId: input.unitId, answered: recipient.answered_at !== null }, today);
    const content = await loadContent(trx, c.document_id, c.municipality_code);
    assertNoIssues(checkTarget(input.target, keysOf(content)), 'The comment is about something that is not in the document');
    const id = randomUUID();
    await repo.insertComment(trx, {
      id,
      municipality_code: c.municipality_code,
      consultation_id: consultationId,
      unit_id: input.unitId,
      role: input.role,
      target_kind: input.target.kind,
      target_key: input.target.key,
      text: input.text,
    });
    return presentComment(await repo.findComment(trx, id), labelsOf(doc, content));
  });
}

/** A unit takes back a comment it has not yet answered with (and that is not decided). */
export async function withdrawComment(db: Db, commentId: string, lockVersion: number, clock: Clock = {}): Promise<void> {
  const today = todayOf(clock);
  await inTransaction(db, async (trx) => {
    const comment = await repo.findComment(trx, commentId, true);
    checkLockVersion(comment.lock_version, lockVersion, 'comment', { id: commentId, lockVersion: comment.lock_version });
    const c = await repo.findConsultation(trx, comment.consultation_id, 'share');
    const doc = await findDocumentRow(trx, c.document_id);
    const recipient = await repo.findRecipientForUpdate(trx, c.id, comment.unit_id);
    assertCanWithdraw(stateOf(c, doc), recipient && { unitId: comment.unit_id, answered: recipient.answered_at !== null }, today, comment.decision);
    await repo.deleteComment(trx, commentId);
  });
}

/** The unit's answer (remissvar): its comments are final; or it says it has none. */
export async function answerConsultation(
  db: Db,
  consultationId: string,
  input: { unitId: string; noComments: boolean; role: string | null },
  clock: Clock = {},
): Promise<ConsultationDto> {
  const today = todayOf(clock);
  return inTransaction(db, async (trx) => {
    const c = await repo.findConsultation(trx, consultationId, 'share');
    const doc = await findDocumentRow(trx, c.document_id);
    const recipient = await repo.findRecipientForUpdate(trx, consultationId, input.unitId);
    const written = recipient ? (await repo.commentsOf(trx, consultationId, input.unitId)).length : 0;
    assertCanAnswer(stateOf(c, doc), recipient && { unitId: input.unitId, answered: recipient.answered_at !== null }, today, written, input.noComments);
    await repo.markAnswered(trx, consultationId, input.unitId, input.noComments, input.role);
    return getConsultation(trx, consultationId, { today });
  });
}

/** The strategist's decision on a comment, with a reply (required when rejected or partly accepted); may be changed until the consultation is closed. */
export async function decideComment(
  db: Db,
  commentId: string,
  input: { decision: CommentDecision; reply: string | null },
  lockVersion: number,
): Promise<ConsultationCommentDto> {
  return inTransaction(db, async (trx) => {
    const comment = await repo.findComment(trx, commentId, true);
    const c = await repo.findConsultation(trx, comment.consultation_id, 'share');
    const doc = await findDocumentRow(trx, c.document_id);
    const labels = labelsOf(doc, await loadContent(trx, c.document_id, c.municipality_code));
    checkLockVersion(comment.lock_version, lockVersion, 'comment', presentComment(comment, labels));
    checkDecision({ closed: c.closed_at !== null }, input.decision, input.reply);
    await repo.writeDecision(trx, commentId, comment.lock_version, input.decision, input.reply);
    return presentComment(await repo.findComment(trx, commentId), labels);
  });
}

/** Closes the consultation: after the deadline, or earlier when every recipient has answered or the document is no longer out. The document stays in consultation until it is adopted or taken back to draft. */
export async function closeConsultation(db: Db, id: string, lockVersion: number, clock: Clock = {}): Promise<ConsultationDto> {
  const today = todayOf(clock);
  return inTransaction(db, async (trx) => {
    const c = await repo.findConsultation(trx, id, 'update');
    checkLockVersion(c.lock_version, lockVersion, 'consultation', { id, lockVersion: c.lock_version, closedAt: iso(c.closed_at) });
    const doc = await findDocumentRow(trx, c.document_id);
    const recipients = (await repo.recipientsOf(trx, [id])).get(id)!;
    assertCanClose(stateOf(c, doc), today, recipients.map((r) => ({ answered: r.answered_at !== null })));
    await repo.updateConsultation(trx, id, lockVersion, { close: true });
    return getConsultation(trx, id, { today });
  });
}

/** The remissammanställning: per target the comments with their decisions, counts, and who has not answered. */
export async function compileConsultationAnswers(db: Db, id: string, clock: Clock = {}): Promise<ConsultationCompilationDto> {
  const today = todayOf(clock);
  const full = await getConsultation(db, id, { today });
  const doc = await findDocumentRow(db, full.documentId);
  const content = await loadContent(db, full.documentId, full.municipalityCode);
  const items = CONTENT_KINDS.flatMap((kind) => content[kind].map((item) => ({ kind, key: item.key, label: targetLabel(kind, item as never) })));
  const compilation = compileConsultation({
    deadline: full.deadline,
    today,
    closed: full.status === 'closed',
    documentTitle: doc.title,
    items,
    recipients: full.recipients,
    comments: full.comments,
  });
  const { recipients: _r, comments: _c, ...summary } = full;
  return { consultation: summary, ...compilation };
}

