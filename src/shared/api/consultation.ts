import { z } from 'zod';
import {
  COMMENT_DECISIONS,
  CONSULTATION_STATUSES,
  TARGET_KINDS,
  type CompiledTarget,
  type Compilation,
  type CommentTarget,
  type DecisionCounts,
} from '../../domain/consultation/consultation.ts';
import { DOCUMENT_STATUSES } from '../../domain/strategy/types.ts';
import { isoDate, key, lockVersion, optionalText, text, uuid } from './common.ts';

/**
 * The consultation (remiss) API: requests and responses. A document version is sent to units, which
 * comment on the whole or on single items and then answer; the strategist decides on each comment.
 * Rules and worked examples: docs/methodology/consultation.md.
 */

// ---------------------------------------------------------------------------------------------
// Requests

/** A role, never a person's name: "förvaltningschef", "enhetschef". */
const role = optionalText(100).describe('The role of whoever writes for the unit (förvaltningschef); never a person’s name');

export const consultationCreate = z.strictObject({
  lockVersion: lockVersion.optional().describe('The document’s version (it moves from draft to consultation); or If-Match'),
  recipients: z.array(uuid).min(1, 'name at least one unit').max(500).describe('The ids of the units the draft is sent to'),
  deadline: isoDate.describe('The last day to comment and answer (the day itself counts)'),
  message: optionalText(5000).describe('The cover letter (missiv)'),
});

export const consultationPatch = z.strictObject({
  lockVersion: lockVersion.optional(),
  deadline: isoDate.optional().describe('A new deadline, not in the past'),
  message: text(5000).nullable().optional().describe('A new cover letter; null removes it'),
});

export const commentTarget = z.strictObject({
  kind: z.enum(TARGET_KINDS).describe('"document" for the whole, or the kind of item'),
  key: key.nullable().default(null).describe('The item’s key; null for the whole document'),
});

export const commentCreate = z.strictObject({
  unitId: uuid.describe('The recipient unit that writes the comment'),
  target: commentTarget,
  text: text(10_000),
  role,
});

export const answerBody = z.strictObject({
  unitId: uuid.describe('The recipient unit that answers'),
  noComments: z.boolean().default(false).describe('True when the unit answers without any comments'),
  role,
});

export const decisionBody = z.strictObject({
  lockVersion: lockVersion.optional().describe('The comment’s version; or If-Match'),
  decision: z.enum(COMMENT_DECISIONS),
  reply: optionalText(10_000).describe('Required when the comment is rejected or partly accepted'),
});

export const consultationsQuery = z.strictObject({
  status: z.enum(CONSULTATION_STATUSES).optional(),
  unitId: uuid.optional().describe('Only the consultations sent to this unit'),
});

export const closeBody = z.strictObject({ lockVersion: lockVersion.optional().describe('The consultation’s version; or If-Match') });

// ---------------------------------------------------------------------------------------------
// Responses

const targetOut = z.object({ kind: z.enum(TARGET_KINDS), key: z.string().nullable() });
const decisionCounts = z.object({
  total: z.number().int(),
  accepted: z.number().int(),
  partly_accepted: z.number().int(),
  rejected: z.number().int(),
  undecided: z.number().int(),
});

export const consultationCommentDto = z.object({
  id: z.string(),
  consultationId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  role: z.string().nullable(),
  target: targetOut,
  /** The document's title, or the item's title/name/term or the start of its text. */
  targetLabel: z.string(),
  /** False when the item is no longer in the document version (it was removed after the comment). */
  inDocument: z.boolean(),
  text: z.string(),
  createdAt: z.string(),
  decision: z.enum(COMMENT_DECISIONS).nullable(),
  reply: z.string().nullable(),
  decidedAt: z.string().nullable(),
  lockVersion: z.number().int(),
});

/** The document version out for consultation; its lockVersion is what its own lifecycle steps (return-to-draft, adopt) need. */
const documentRef = z.object({
  id: z.string(),
  key: z.string(),
  version: z.number().int(),
  title: z.string(),
  status: z.enum(DOCUMENT_STATUSES),
  lockVersion: z.number().int(),
});

export const consultationSummaryDto = z.object({
  id: z.string(),
  municipalityCode: z.string(),
  documentId: z.string(),
  document: documentRef,
  deadline: z.string(),
  message: z.string().nullable(),
  sentAt: z.string(),
  closedAt: z.string().nullable(),
  status: z.enum(CONSULTATION_STATUSES),
  deadlinePassed: z.boolean(),
  lockVersion: z.number().int(),
  counts: z.object({ recipients: z.number().int(), answered: z.number().int(), notAnswered: z.number().int(), comments: z.number().int(), undecided: z.number().int() }),
});

export const consultationRecipientDto = z.object({
  unitId: z.string(),
  unitName: z.string(),
  status: z.enum(['answered', 'not_answered']),
  answeredAt: z.string().nullable(),
  noComments: z.boolean(),
  role: z.string().nullable(),
  comments: z.number().int(),
});

export const consultationDto = consultationSummaryDto.extend({
  recipients: z.array(consultationRecipientDto),
  comments: z.array(consultationCommentDto),
});

export const consultationCompilationDto = z.object({
  consultation: consultationSummaryDto,
  deadline: z.string(),
  deadlinePassed: z.boolean(),
  status: z.enum(CONSULTATION_STATUSES),
  counts: decisionCounts,
  recipients: z.object({
    total: z.number().int(),
    answered: z.array(z.object({ unitId: z.string(), unitName: z.string(), answeredAt: z.string(), noComments: z.boolean(), role: z.string().nullable(), comments: z.number().int() })),
    notAnswered: z.array(z.object({ unitId: z.string(), unitName: z.string(), comments: z.number().int() })),
  }),
  targets: z.array(
    z.object({
      target: targetOut,
      label: z.string(),
      inDocument: z.boolean(),
      counts: decisionCounts,
      comments: z.array(consultationCommentDto),
    }),
  ),
});

export type ConsultationCommentDto = z.infer<typeof consultationCommentDto>;
export type ConsultationSummaryDto = z.infer<typeof consultationSummaryDto>;
export type ConsultationRecipientDto = z.infer<typeof consultationRecipientDto>;
export type ConsultationDto = z.infer<typeof consultationDto>;
export type ConsultationCompilationDto = z.infer<typeof consultationCompilationDto>;

// The response shapes are the domain's: a change on either side fails the typecheck here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(): T => true as T;
same<Same<z.infer<typeof decisionCounts>, DecisionCounts>>();
same<Same<z.infer<typeof targetOut>, CommentTarget>>();
same<Same<Omit<ConsultationCompilationDto, 'consultation' | 'targets'>, Omit<Compilation, 'targets'>>>();
same<Same<Omit<ConsultationCompilationDto['targets'][number], 'comments'>, Omit<CompiledTarget, 'comments'>>>();
