import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDemo } from '../../../test/support/demo.ts';
import { createTestDb } from '../../../test/support/test-db.ts';
import type { Db as TestDb } from '../../db/open-db.ts';
import { DomainError } from '../../domain/errors.ts';
import { createDocument, getDocument } from '../strategy/documents.service.ts';
import { createItem } from '../strategy/items.service.ts';
import {
  addComment,
  answerConsultation,
  closeConsultation,
  compileConsultationAnswers,
  decideComment,
  getConsultation,
  listConsultations,
  sendToConsultation,
  todayInSweden,
} from './consultation.service.ts';

/**
 * The consultation use cases through real SQL, with `today` passed in: the deadline day counts, the
 * day after does not; and concurrent writes to one row: one wins, the others change nothing.
 */
let db: TestDb;
let units: Record<string, string>;
let n = 0;

async function draft() {
  n++;
  const doc = await createDocument(db.db, '0138', {
    key: `remiss-prov-${n}`,
    type: 'plan',
    typeLabel: null,
    title: `Remissprov ${n}`,
    subtitle: null,
    appliesTo: null,
    adoptedBy: null,
    decisionDate: null,
    caseNumber: null,
    owner: null,
    validFrom: null,
    validUntil: null,
    validIndefinitely: false,
    implements: null,
    goalLevels: ['Mål'],
    note: null,
  });
  await createItem(db.db, doc.id, 'goals', { key: 'fler-i-arbete', area: null, parent: null, level: 1, title: 'Fler nyanlända i arbete', description: null, ownerUnit: null });
  return getDocument(db.db, doc.id);
}

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError, but the call succeeded');
};

beforeAll(async () => {
  db = await createTestDb();
  await withDemo(db);
  const rows = await db.db.selectFrom('org_unit').select(['id', 'name']).where('municipality_code', '=', '0138').execute();
  units = Object.fromEntries(rows.map((r) => [r.name, r.id]));
});
afterAll(() => db.close());

describe('today in Sweden', () => {
  it('is the calendar date in Stockholm, in winter (UTC+1) and in summer (UTC+2)', () => {
    expect(todayInSweden(new Date('2026-12-31T22:59:00Z'))).toBe('2026-12-31');
    expect(todayInSweden(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
    expect(todayInSweden(new Date('2026-06-30T21:59:00Z'))).toBe('2026-06-30');
    expect(todayInSweden(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
  });
});

describe('the deadline, by the date in Sweden', () => {
  it('takes comments and answers on the deadline day, refuses them the day after, and then lets the strategist close and compile', async () => {
    const doc = await draft();
    const c = await sendToConsultation(db.db, doc.id, { recipients: [units['Servicecenter']!, units['Kommunstyrelsen']!], deadline: '2027-01-31', message: null }, doc.lockVersion, { today: '2027-01-10' });
    expect(c.deadlinePassed).toBe(false);

    const onTime = await addComment(db.db, c.id, { unitId: units['Servicecenter']!, target: { kind: 'goals', key: 'fler-i-arbete' }, text: 'Lägg till ett basår.', role: null }, { today: '2027-01-31' });
    expect(onTime.target).toEqual({ kind: 'goals', key: 'fler-i-arbete' });
    const late = await refusal(addComment(db.db, c.id, { unitId: units['Servicecenter']!, target: { kind: 'document', key: null }, text: 'En sak till.', role: null }, { today: '2027-02-01' }));
    expect([late.code, late.details]).toEqual(['invalid_transition', { rule: 'deadline_passed', deadline: '2027-01-31', today: '2027-02-01' }]);
    const lateAnswer = await refusal(answerConsultation(db.db, c.id, { unitId: units['Servicecenter']!, noComments: false, role: null }, { today: '2027-02-01' }));
    expect(lateAnswer.details.rule).toBe('deadline_passed');
    await answerConsultation(db.db, c.id, { unitId: units['Servicecenter']!, noComments: false, role: 'enhetschef' }, { today: '2027-01-31' });

    const early = await refusal(closeConsultation(db.db, c.id, c.lockVersion, { today: '2027-01-31' }));
    expect(early.details).toEqual({ rule: 'deadline_not_passed', deadline: '2027-01-31', today: '2027-01-31', notAnswered: 1 });
    const before = await compileConsultationAnswers(db.db, c.id, { today: '2027-02-01' });
    expect(before).toMatchObject({ deadlinePassed: true, status: 'open', counts: { total: 1, undecided: 1 } });
    expect(before.recipients.notAnswered.map((u) => u.unitName)).toEqual(['Kommunstyrelsen']);

    const closed = await closeConsultation(db.db, c.id, c.lockVersion, { today: '2027-02-01' });
    expect(closed).toMatchObject({ status: 'closed', deadlinePassed: true, counts: { answered: 1, notAnswered: 1 } });
    expect((await listConsultations(db.db, doc.id, { today: '2027-02-01' }))[0]).toMatchObject({ id: c.id, status: 'closed', deadlinePassed: true });
  });

  it('refuses a deadline that has passed, and leaves the document a draft', async () => {
    const doc = await draft();
    const e = await refusal(sendToConsultation(db.db, doc.id, { recipients: [units['Servicecenter']!], deadline: '2027-01-31', message: null }, doc.lockVersion, { today: '2027-02-01' }));
    expect(e.issues).toEqual([{ path: '/deadline', message: 'is in the past (today is 2027-02-01)' }]);
    expect((await getDocument(db.db, doc.id)).status).toBe('draft');
  });
});

describe('concurrent writes', () => {
  it('sends a document once when two strategists send it at the same time', async () => {
    const doc = await draft();
    const send = (unit: string) => sendToConsultation(db.db, doc.id, { recipients: [units[unit]!], deadline: '2099-01-31', message: null }, doc.lockVersion);
    const results = await Promise.allSettled([send('Servicecenter'), send('Kommunstyrelsen'), send('Utvecklingsförvaltningen')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as DomainError).code).toBe('version_conflict');
    expect(await listConsultations(db.db, doc.id)).toHaveLength(1);
    expect((await getDocument(db.db, doc.id)).lockVersion).toBe(doc.lockVersion + 1);
  });

  it('keeps one decision when two are made on the same version, and one answer per unit', async () => {
    const doc = await draft();
    const c = await sendToConsultation(db.db, doc.id, { recipients: [units['Servicecenter']!, units['Kommunstyrelsen']!], deadline: '2099-01-31', message: null }, doc.lockVersion);
    const comment = await addComment(db.db, c.id, { unitId: units['Servicecenter']!, target: { kind: 'document', key: null }, text: 'Bra förslag.', role: null });
    const decisions = await Promise.allSettled([
      decideComment(db.db, comment.id, { decision: 'accepted', reply: null }, 1),
      decideComment(db.db, comment.id, { decision: 'rejected', reply: 'Inte i denna version.' }, 1),
      decideComment(db.db, comment.id, { decision: 'partly_accepted', reply: 'Delvis, i kapitel 3.' }, 1),
    ]);
    const won = decisions.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of decisions) if (r.status === 'rejected') expect((r.reason as DomainError).code).toBe('version_conflict');
    const stored = (await getConsultation(db.db, c.id)).comments[0]!;
    expect(stored).toMatchObject({ lockVersion: 2, decision: (won[0] as PromiseFulfilledResult<{ decision: string }>).value.decision });

    const answers = await Promise.allSettled([1, 2, 3].map(() => answerConsultation(db.db, c.id, { unitId: units['Kommunstyrelsen']!, noComments: true, role: null })));
    expect(answers.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of answers) if (r.status === 'rejected') expect((r.reason as DomainError).details.rule).toBe('already_answered');
  });

  it('keeps each comment written before the answer and refuses every one after it, whichever commits first', async () => {
    const doc = await draft();
    const c = await sendToConsultation(db.db, doc.id, { recipients: [units['Servicecenter']!], deadline: '2099-01-31', message: null }, doc.lockVersion);
    await addComment(db.db, c.id, { unitId: units['Servicecenter']!, target: { kind: 'document', key: null }, text: 'Första synpunkten.', role: null });
    const writes = await Promise.allSettled([
      ...[1, 2, 3, 4].map((i) => addComment(db.db, c.id, { unitId: units['Servicecenter']!, target: { kind: 'goals', key: 'fler-i-arbete' }, text: `Synpunkt ${i}.`, role: null })),
      answerConsultation(db.db, c.id, { unitId: units['Servicecenter']!, noComments: false, role: null }),
    ]);
    expect(writes.at(-1)!.status).toBe('fulfilled');
    const refused = writes.slice(0, 4).filter((r) => r.status === 'rejected');
    for (const r of refused) expect((r.reason as DomainError).details.rule).toBe('already_answered');
    const after = await getConsultation(db.db, c.id);
    expect(after.comments).toHaveLength(1 + 4 - refused.length);
    expect(after.recipients[0]).toMatchObject({ status: 'answered', comments: 1 + 4 - refused.length });
    const later = await refusal(addComment(db.db, c.id, { unitId: units['Servicecenter']!, target: { kind: 'document', key: null }, text: 'För sent.', role: null }));
    expect(later.details.rule).toBe('already_answered');
  });
});
