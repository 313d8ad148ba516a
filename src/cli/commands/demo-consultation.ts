import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { COMMENT_DECISIONS, TARGET_KINDS } from '../../domain/consultation/consultation.ts';
import { DomainError } from '../../domain/errors.ts';
import { listUnits } from '../../services/organisation/organisation.service.ts';
import { addComment, answerConsultation, decideComment, listConsultations, sendToConsultation } from '../../services/consultation/consultation.service.ts';
import { exportDocument, getDocument, importDocument, listDocuments } from '../../services/strategy/documents.service.ts';
import { isoDate } from '../../shared/api/common.ts';
import { activitySchema, goalSchema } from '../../shared/api/interchange.ts';
import { DEMO_DIR } from './demo-load.ts';

/**
 * The demo consultation (remiss): a draft revision of a demo document out for consultation, with
 * comments, answers and decisions, from data/demo/consultations.yaml (see the comments there). Loaded
 * after the documents (`loadDemo`) and the follow-up. Each consultation is loaded in one transaction,
 * through the same use cases as the API.
 */
export const CONSULTATIONS_FILE = path.join(DEMO_DIR, 'consultations.yaml');

const words = z.string().trim().min(3).max(10_000);
const planSchema = z.strictObject({
  consultations: z.array(
    z.strictObject({
      municipality: z.string().regex(/^\d{4}$/),
      document: z.string().min(1),
      /** The date given to the rules while loading (the deadline is checked against it). */
      today: isoDate,
      revision: z.strictObject({
        subtitle: z.string().min(1).nullable().default(null),
        note: z.string().min(1).nullable().default(null),
        goals: z.array(goalSchema).default([]),
        activities: z.array(activitySchema).default([]),
      }),
      deadline: isoDate,
      message: words.nullable().default(null),
      recipients: z.array(z.string().min(1)).min(1),
      comments: z
        .array(
          z.strictObject({
            unit: z.string().min(1),
            role: z.string().min(1).max(100).nullable().default(null),
            target: z.strictObject({ kind: z.enum(TARGET_KINDS), key: z.string().min(1).nullable().default(null) }),
            text: words,
            decision: z.enum(COMMENT_DECISIONS).optional(),
            reply: words.nullable().default(null),
          }),
        )
        .default([]),
      answers: z.array(z.strictObject({ unit: z.string().min(1), role: z.string().min(1).max(100).nullable().default(null), noComments: z.boolean().default(false) })).default([]),
    }),
  ),
});
export type DemoConsultationPlan = z.infer<typeof planSchema>['consultations'][number];

/** Reads and checks consultations.yaml; the error names the file and the field. */
export function readConsultationPlan(file: string): DemoConsultationPlan[] {
  let raw: unknown;
  try {
    raw = parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new DomainError('validation', `${file} is not valid YAML: ${(e as Error).message}`);
  }
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    throw new DomainError('validation', `${file} is not a valid consultation plan`, {
      issues: parsed.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, message: i.message })),
    });
  }
  return parsed.data.consultations;
}

/**
 * Loads the demo consultations into a database that holds the demo documents. For each: the newest
 * adopted version of the series is revised into a new draft carrying the revision's changes, the draft
 * is sent to the recipients, and the comments, answers and decisions are written, all in one
 * transaction. A series that already has a consultation on any version, or a version open for editing
 * (someone's draft), is left as it is; so a second run writes nothing. Returns how many were loaded.
 */
export async function loadDemoConsultations(db: Kysely<Database>, file = CONSULTATIONS_FILE): Promise<{ consultations: number }> {
  const plan = readConsultationPlan(file);
  let consultations = 0;
  for (const [i, c] of plan.entries()) {
    const where = `${path.basename(file)}, consultation ${i + 1} (${c.municipality} ${c.document})`;
    const loaded = await db.transaction().execute(async (trx) => {
      const versions = (await listDocuments(trx, { municipality: c.municipality, key: c.document, limit: 500, offset: 0 })).items;
      for (const v of versions) if ((await listConsultations(trx, v.id)).length > 0) return false;
      if (versions.some((v) => v.status === 'draft' || v.status === 'consultation')) return false;
      const adopted = versions.find((v) => v.status === 'adopted');
      if (!adopted) throw new DomainError('not_found', `${where}: there is no adopted version to revise; load the demo documents first (samspel demo load)`);

      const current = await exportDocument(trx, adopted.id);
      const draft = await importDocument(trx, {
        ...current,
        document: {
          ...current.document,
          version: Math.max(...versions.map((v) => v.version)) + 1,
          status: 'draft',
          adoptedBy: null,
          decisionDate: null,
          validFrom: null,
          validUntil: null,
          subtitle: c.revision.subtitle ?? current.document.subtitle,
          note: c.revision.note ?? current.document.note,
        },
        goals: [...current.goals, ...c.revision.goals],
        activities: [...current.activities, ...c.revision.activities],
      });

      const units = new Map((await listUnits(trx, c.municipality, { limit: 500, offset: 0 })).items.map((u) => [u.name, u.id]));
      const unitId = (name: string, field: string) => {
        const id = units.get(name);
        if (!id) throw new DomainError('not_found', `${where}: there is no unit named "${name}" (${field})`);
        return id;
      };
      const clock = { today: c.today };
      const doc = await getDocument(trx, draft.id);
      const sent = await sendToConsultation(
        trx,
        draft.id,
        { recipients: c.recipients.map((r, j) => unitId(r, `recipients/${j}`)), deadline: c.deadline, message: c.message },
        doc.lockVersion,
        clock,
      );
      const written = [];
      for (const [j, x] of c.comments.entries()) {
        written.push(await addComment(trx, sent.id, { unitId: unitId(x.unit, `comments/${j}/unit`), target: x.target, text: x.text, role: x.role }, clock));
      }
      for (const [j, a] of c.answers.entries()) {
        await answerConsultation(trx, sent.id, { unitId: unitId(a.unit, `answers/${j}/unit`), noComments: a.noComments, role: a.role }, clock);
      }
      for (const [j, x] of c.comments.entries()) {
        if (x.decision) await decideComment(trx, written[j]!.id, { decision: x.decision, reply: x.reply }, written[j]!.lockVersion);
      }
      return true;
    });
    if (loaded) consultations++;
  }
  return { consultations };
}
