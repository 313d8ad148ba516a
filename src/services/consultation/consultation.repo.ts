import { sql, type Selectable } from 'kysely';
import type { ConsultationCommentTable, ConsultationTable } from '../../db/schema.ts';
import type { CommentDecision, TargetKind } from '../../domain/consultation/consultation.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Db } from '../strategy/document.repo.ts';

/** All SQL of consultations (remiss): the consultation, its recipients and their comments. */

export type ConsultationRow = Selectable<ConsultationTable>;
export type CommentRow = Selectable<ConsultationCommentTable> & { unit_name: string };
export interface RecipientRow {
  unit_id: string;
  unit_name: string;
  position: number;
  answered_at: Date | string | null;
  no_comments: boolean;
  role: string | null;
}

/** The consultation row; `lock` takes a row lock for the rest of the transaction (share: it may not be closed meanwhile). */
export async function findConsultation(db: Db, id: string, lock?: 'share' | 'update'): Promise<ConsultationRow> {
  let q = db.selectFrom('consultation').selectAll().where('id', '=', id);
  if (lock === 'share') q = q.forShare();
  if (lock === 'update') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new DomainError('not_found', `There is no consultation with the id ${id}`, { details: { id } });
  return row;
}

/** Consultations, newest first, of a document or a municipality; open or closed ones; those sent to a unit. */
export async function listConsultationRows(
  db: Db,
  f: { documentId?: string; municipalityCode?: string; status?: 'open' | 'closed'; unitId?: string },
): Promise<ConsultationRow[]> {
  let q = db.selectFrom('consultation').selectAll();
  if (f.documentId !== undefined) q = q.where('document_id', '=', f.documentId);
  if (f.municipalityCode !== undefined) q = q.where('municipality_code', '=', f.municipalityCode);
  if (f.status === 'open') q = q.where('closed_at', 'is', null);
  if (f.status === 'closed') q = q.where('closed_at', 'is not', null);
  if (f.unitId !== undefined) {
    const unitId = f.unitId;
    q = q.where(({ exists, selectFrom }) =>
      exists(selectFrom('consultation_recipient as r').select('r.unit_id').whereRef('r.consultation_id', '=', 'consultation.id').where('r.unit_id', '=', unitId)),
    );
  }
  return q.orderBy('sent_at', 'desc').orderBy('id').execute();
}

export async function openConsultationOf(db: Db, documentId: string): Promise<string | null> {
  const row = await db.selectFrom('consultation').select('id').where('document_id', '=', documentId).where('closed_at', 'is', null).forUpdate().executeTakeFirst();
  return row?.id ?? null;
}

export async function insertConsultation(
  db: Db,
  row: { id: string; municipality_code: string; document_id: string; deadline: string; message: string | null },
  recipients: string[],
): Promise<void> {
  await db.insertInto('consultation').values(row).execute();
  await db
    .insertInto('consultation_recipient')
    .values(recipients.map((unitId, position) => ({ municipality_code: row.municipality_code, consultation_id: row.id, unit_id: unitId, position })))
    .execute();
}

/** The recipients in the order they were named, with their units' names. */
export async function recipientsOf(db: Db, consultationIds: string[]): Promise<Map<string, RecipientRow[]>> {
  const out = new Map<string, RecipientRow[]>(consultationIds.map((id) => [id, []]));
  if (consultationIds.length === 0) return out;
  const rows = await db
    .selectFrom('consultation_recipient as r')
    .innerJoin('org_unit as u', 'u.id', 'r.unit_id')
    .select(['r.consultation_id', 'r.unit_id', 'u.name as unit_name', 'r.position', 'r.answered_at', 'r.no_comments', 'r.role'])
    .where('r.consultation_id', 'in', consultationIds)
    .orderBy('r.consultation_id')
    .orderBy('r.position')
    .execute();
  for (const { consultation_id, ...r } of rows) out.get(consultation_id)!.push(r);
  return out;
}

/** One recipient, locked for the rest of the transaction (a unit's comments and its answer are serialized). */
export async function findRecipientForUpdate(db: Db, consultationId: string, unitId: string): Promise<{ answered_at: Date | string | null } | undefined> {
  return db.selectFrom('consultation_recipient').select(['answered_at']).where('consultation_id', '=', consultationId).where('unit_id', '=', unitId).forUpdate().executeTakeFirst();
}

export async function markAnswered(db: Db, consultationId: string, unitId: string, noComments: boolean, role: string | null): Promise<void> {
  await db
    .updateTable('consultation_recipient')
    .set({ answered_at: sql`now()`, no_comments: noComments, role })
    .where('consultation_id', '=', consultationId)
    .where('unit_id', '=', unitId)
    .execute();
}

/** The comments of a consultation in the order they were written (optionally one unit's). */
export async function commentsOf(db: Db, consultationId: string, unitId?: string): Promise<CommentRow[]> {
  let q = db
    .selectFrom('consultation_comment as c')
    .innerJoin('org_unit as u', 'u.id', 'c.unit_id')
    .selectAll('c')
    .select('u.name as unit_name')
    .where('c.consultation_id', '=', consultationId);
  if (unitId !== undefined) q = q.where('c.unit_id', '=', unitId);
  return q.orderBy('c.seq').execute();
}

export async function findComment(db: Db, id: string, forUpdate = false): Promise<CommentRow> {
  let q = db.selectFrom('consultation_comment as c').innerJoin('org_unit as u', 'u.id', 'c.unit_id').selectAll('c').select('u.name as unit_name').where('c.id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new DomainError('not_found', `There is no consultation comment with the id ${id}`, { details: { id } });
  return row;
}

export async function insertComment(
  db: Db,
  row: { id: string; municipality_code: string; consultation_id: string; unit_id: string; role: string | null; target_kind: TargetKind; target_key: string | null; text: string },
): Promise<void> {
  await db.insertInto('consultation_comment').values(row).execute();
}

export async function deleteComment(db: Db, id: string): Promise<void> {
  await db.deleteFrom('consultation_comment').where('id', '=', id).execute();
}

export async function writeDecision(db: Db, id: string, lockVersion: number, decision: CommentDecision, reply: string | null): Promise<void> {
  await db
    .updateTable('consultation_comment')
    .set({ decision, reply, decided_at: sql`now()`, lock_version: lockVersion + 1, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function updateConsultation(db: Db, id: string, lockVersion: number, patch: { deadline?: string; message?: string | null; close?: true }): Promise<void> {
  await db
    .updateTable('consultation')
    .set({
      ...(patch.deadline === undefined ? {} : { deadline: patch.deadline }),
      ...(patch.message === undefined ? {} : { message: patch.message }),
      ...(patch.close ? { closed_at: sql`now()` } : {}),
      lock_version: lockVersion + 1,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
}

/** Per consultation: its comments, and how many of them are undecided. */
export async function commentCounts(db: Db, consultationIds: string[]): Promise<Map<string, { comments: number; undecided: number }>> {
  const out = new Map(consultationIds.map((id) => [id, { comments: 0, undecided: 0 }]));
  if (consultationIds.length === 0) return out;
  const rows = await db
    .selectFrom('consultation_comment')
    .select((eb) => ['consultation_id', eb.fn.countAll<string>().as('n'), eb.fn.count<string>('decision').as('decided')])
    .where('consultation_id', 'in', consultationIds)
    .groupBy('consultation_id')
    .execute();
  for (const r of rows) out.set(r.consultation_id, { comments: Number(r.n), undecided: Number(r.n) - Number(r.decided) });
  return out;
}
