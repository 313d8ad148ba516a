import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleNames, examples, refusal } from '../../../test/support/methodology.ts';
import type { ContentKind, DocumentStatus } from '../strategy/types.ts';
import {
  assertCanAnswer,
  assertCanClose,
  assertCanComment,
  assertCanWithdraw,
  checkConsultationChange,
  checkDecision,
  checkSend,
  checkTarget,
  compileConsultation,
  type CommentDecision,
  type CommentTarget,
  type CompilationComment,
  type ConsultationState,
  type TargetKind,
} from './consultation.ts';

// Worked examples: docs/methodology/consultation.md (test names = example names).

const DEADLINE = '2027-01-31';
const U = 'utvecklingsforvaltningen';
const S = 'servicecenter';
const K = 'kommunstyrelsen';
const X = 'another-municipality';
const KNOWN = new Set([U, S, K]);

const open = (documentStatus: DocumentStatus = 'consultation'): ConsultationState => ({ deadline: DEADLINE, closed: false, documentStatus });
const closed = (documentStatus: DocumentStatus = 'consultation'): ConsultationState => ({ deadline: DEADLINE, closed: true, documentStatus });

describe('sending', () => {
  examples<{ name: string; recipients: string[]; deadline: string }>([
    { name: 'a draft is sent to three units with a deadline eight weeks ahead', recipients: [U, S, K], deadline: '2027-01-31' },
    { name: 'the deadline may be the day of sending', recipients: [U], deadline: '2026-12-01' },
  ], ({ recipients, deadline }) => {
    expect(() => checkSend({ recipients, deadline, today: '2026-12-01', knownUnits: KNOWN, openConsultation: false })).not.toThrow();
  });

  examples<{ name: string; recipients: string[]; deadline: string; issues: Array<{ path: string; message: string | RegExp }> }>([
    { name: 'a deadline in the past is refused', recipients: [U, S], deadline: '2026-11-30', issues: [{ path: '/deadline', message: 'is in the past (today is 2026-12-01)' }] },
    { name: 'a consultation without recipients is refused', recipients: [], deadline: '2027-01-31', issues: [{ path: '/recipients', message: 'name at least one unit to send the document to' }] },
    { name: 'a unit named twice is refused', recipients: [U, U], deadline: '2027-01-31', issues: [{ path: '/recipients/1', message: 'is listed twice' }] },
    { name: 'a unit of another municipality is refused', recipients: [X], deadline: '2027-01-31', issues: [{ path: '/recipients/0', message: 'there is no such unit in this municipality' }] },
    {
      name: 'every problem with the input is reported at once',
      recipients: [U, U, X],
      deadline: '2026-11-01',
      issues: [
        { path: '/recipients/1', message: 'is listed twice' },
        { path: '/recipients/2', message: 'there is no such unit in this municipality' },
        { path: '/deadline', message: 'is in the past (today is 2026-12-01)' },
      ],
    },
  ], ({ recipients, deadline, issues }) => {
    const e = refusal(() => checkSend({ recipients, deadline, today: '2026-12-01', knownUnits: KNOWN, openConsultation: false }));
    expect(e.code).toBe('validation');
    expect(e.issues).toEqual(issues);
  });

  examples<{ name: string; recipients: string[]; deadline: string }>([
    { name: 'a document with an open consultation cannot be sent again', recipients: [U], deadline: '2026-11-01' },
  ], ({ recipients, deadline }) => {
    const e = refusal(() => checkSend({ recipients, deadline, today: '2026-12-01', knownUnits: KNOWN, openConsultation: true }));
    expect(e.code).toBe('invalid_transition');
    expect(e.details).toEqual({ rule: 'open_consultation_exists' });
  });
});

describe('who may comment, and until when', () => {
  const recipient = (answered = false) => ({ unitId: U, answered });
  examples<{ name: string; today: string }>([
    { name: 'a recipient comments before the deadline', today: '2027-01-10' },
    { name: 'a recipient comments on the deadline day', today: '2027-01-31' },
  ], ({ today }) => {
    expect(() => assertCanComment(open(), recipient(), today)).not.toThrow();
  });

  examples<{ name: string; state: ConsultationState; recipient: { unitId: string; answered: boolean } | undefined; today: string; rule: string; details?: Record<string, unknown> }>([
    { name: 'a comment the day after the deadline is refused', state: open(), recipient: recipient(), today: '2027-02-01', rule: 'deadline_passed', details: { deadline: DEADLINE, today: '2027-02-01' } },
    { name: 'a unit that has answered cannot add comments', state: open(), recipient: recipient(true), today: '2027-01-10', rule: 'already_answered' },
    { name: 'a closed consultation takes no comments', state: closed(), recipient: recipient(), today: '2027-01-10', rule: 'closed' },
    { name: 'a document taken back to draft takes no comments', state: open('draft'), recipient: recipient(), today: '2027-01-10', rule: 'document_not_in_consultation', details: { documentStatus: 'draft' } },
    { name: 'a closed consultation is refused as closed before anything else', state: closed('draft'), recipient: undefined, today: '2027-02-01', rule: 'closed' },
  ], ({ state, recipient: r, today, rule, details }) => {
    const e = refusal(() => assertCanComment(state, r, today));
    expect(e.code).toBe('invalid_transition');
    expect(e.details).toEqual({ rule, ...details });
  });

  examples<{ name: string; today: string }>([
    { name: 'a unit that was not sent the document cannot comment', today: '2027-01-10' },
    { name: 'a unit that is not a recipient is refused as such even after the deadline', today: '2027-02-01' },
  ], ({ today }) => {
    const e = refusal(() => assertCanComment(open(), undefined, today));
    expect(e.code).toBe('validation');
    expect(e.issues).toEqual([{ path: '/unitId', message: 'is not among the recipients of this consultation' }]);
  });
});

describe('what a comment is about', () => {
  const keys: Record<ContentKind, Set<string>> = {
    sections: new Set(['syfte']),
    definitions: new Set(),
    areas: new Set(),
    goals: new Set(['fler-i-arbete']),
    strategies: new Set(),
    indicators: new Set(),
    targets: new Set(),
    activities: new Set(['sprakpraktik']),
  };
  examples<{ name: string; target: CommentTarget; issues: Array<{ path: string; message: string }> }>([
    { name: 'a comment on the whole document has no key', target: { kind: 'document', key: null }, issues: [] },
    { name: 'a comment on a goal names its key', target: { kind: 'goals', key: 'fler-i-arbete' }, issues: [] },
    { name: 'a comment on an activity names its key', target: { kind: 'activities', key: 'sprakpraktik' }, issues: [] },
    { name: 'a comment on a section names its key', target: { kind: 'sections', key: 'syfte' }, issues: [] },
    { name: 'a comment on the whole document with a key is refused', target: { kind: 'document', key: 'syfte' }, issues: [{ path: '/target/key', message: 'must be null for a comment on the whole document' }] },
    { name: 'a comment on a goal without a key is refused', target: { kind: 'goals', key: null }, issues: [{ path: '/target/key', message: 'name the item of goals the comment is about' }] },
    {
      name: 'a comment on a goal that is not in the version is refused',
      target: { kind: 'goals', key: 'fler-i-bostad' },
      issues: [{ path: '/target/key', message: 'there is no item "fler-i-bostad" among the goals of this document version' }],
    },
    {
      name: 'a key of another kind does not count',
      target: { kind: 'activities', key: 'fler-i-arbete' },
      issues: [{ path: '/target/key', message: 'there is no item "fler-i-arbete" among the activities of this document version' }],
    },
  ], ({ target, issues }) => {
    expect(checkTarget(target, keys)).toEqual(issues);
  });
});

describe('answering', () => {
  examples<{ name: string; written: number; noComments: boolean; today: string }>([
    { name: 'a unit with comments answers', written: 2, noComments: false, today: '2027-01-20' },
    { name: 'a unit without comments answers that it has none', written: 0, noComments: true, today: '2027-01-20' },
    { name: 'an answer on the deadline day is on time', written: 1, noComments: false, today: '2027-01-31' },
  ], ({ written, noComments, today }) => {
    expect(() => assertCanAnswer(open(), { unitId: U, answered: false }, today, written, noComments)).not.toThrow();
  });

  examples<{ name: string; written: number; noComments: boolean; message: string }>([
    { name: 'a unit without comments must say that it has none', written: 0, noComments: false, message: 'must be true when the unit answers without comments' },
    { name: 'a unit with comments cannot answer that it has none', written: 3, noComments: true, message: 'is true, but the unit has written 3 comment(s)' },
  ], ({ written, noComments, message }) => {
    const e = refusal(() => assertCanAnswer(open(), { unitId: U, answered: false }, '2027-01-20', written, noComments));
    expect(e.code).toBe('validation');
    expect(e.issues).toEqual([{ path: '/noComments', message }]);
  });

  examples<{ name: string; answered: boolean; today: string; rule: string }>([
    { name: 'a unit cannot answer twice', answered: true, today: '2027-01-20', rule: 'already_answered' },
    { name: 'an answer the day after the deadline is refused', answered: false, today: '2027-02-01', rule: 'deadline_passed' },
  ], ({ answered, today, rule }) => {
    const e = refusal(() => assertCanAnswer(open(), { unitId: U, answered }, today, 1, false));
    expect(e.code).toBe('invalid_transition');
    expect(e.details.rule).toBe(rule);
  });
});

describe('withdrawing a comment', () => {
  examples<{ name: string; answered: boolean; decision: CommentDecision | null; rule: string | null }>([
    { name: 'a unit withdraws an undecided comment before it answers', answered: false, decision: null, rule: null },
    { name: 'a decided comment cannot be withdrawn', answered: false, decision: 'accepted', rule: 'decided' },
    { name: 'a comment cannot be withdrawn after the answer', answered: true, decision: null, rule: 'already_answered' },
  ], ({ answered, decision, rule }) => {
    const call = () => assertCanWithdraw(open(), { unitId: U, answered }, '2027-01-20', decision);
    if (rule === null) expect(call).not.toThrow();
    else expect(refusal(call).details.rule).toBe(rule);
  });
});

describe('decisions', () => {
  examples<{ name: string; decision: CommentDecision; reply: string | null }>([
    { name: 'accepting needs no reply', decision: 'accepted', reply: null },
    { name: 'a reply given with an acceptance is kept', decision: 'accepted', reply: 'Texten är ändrad enligt förslaget' },
    { name: 'rejecting with a reply', decision: 'rejected', reply: 'Strategin ska vara övergripande; detaljer hör till nämndplanerna' },
    { name: 'partly accepting with a reply', decision: 'partly_accepted', reply: 'Vi lägger till målgruppen men inte måltalet' },
    { name: 'a three-letter reply is enough', decision: 'rejected', reply: 'Nej' },
  ], ({ decision, reply }) => {
    expect(() => checkDecision({ closed: false }, decision, reply)).not.toThrow();
  });

  examples<{ name: string; decision: CommentDecision; reply: string | null }>([
    { name: 'rejecting without a reply is refused', decision: 'rejected', reply: null },
    { name: 'partly accepting without a reply is refused', decision: 'partly_accepted', reply: null },
    { name: 'a reply of only spaces is no reply', decision: 'rejected', reply: '   ' },
    { name: 'a two-letter reply is too short', decision: 'rejected', reply: 'Ej' },
  ], ({ decision, reply }) => {
    const e = refusal(() => checkDecision({ closed: false }, decision, reply));
    expect(e.code).toBe('validation');
    expect(e.issues).toEqual([{ path: '/reply', message: 'is required when a comment is rejected or partly accepted (at least a few words)' }]);
  });

  examples<{ name: string; decision: CommentDecision }>([{ name: 'the decisions of a closed consultation are final', decision: 'accepted' }], ({ decision }) => {
    const e = refusal(() => checkDecision({ closed: true }, decision, null));
    expect(e.code).toBe('invalid_transition');
    expect(e.details).toEqual({ rule: 'closed' });
  });
});

describe('changing and closing', () => {
  examples<{ name: string; state: ConsultationState; deadline: string; result: 'changed' | { code: string; rule?: string; path?: string } }>([
    { name: 'the deadline is extended', state: open(), deadline: '2027-02-15', result: 'changed' },
    { name: 'a new deadline in the past is refused', state: open(), deadline: '2027-01-19', result: { code: 'validation', path: '/deadline' } },
    { name: 'a closed consultation cannot be changed', state: closed(), deadline: '2027-02-15', result: { code: 'invalid_transition', rule: 'closed' } },
  ], ({ state, deadline, result }) => {
    const call = () => checkConsultationChange(state, deadline, '2027-01-20');
    if (result === 'changed') return expect(call).not.toThrow();
    const e = refusal(call);
    expect(e.code).toBe(result.code);
    if (result.rule) expect(e.details.rule).toBe(result.rule);
    if (result.path) expect(e.issues.map((i) => i.path)).toEqual([result.path]);
  });

  examples<{ name: string; state: ConsultationState; notAnswered: number; today: string; rule: string | null }>([
    { name: 'after the deadline the consultation is closed even if units have not answered', state: open(), notAnswered: 1, today: '2027-02-01', rule: null },
    { name: 'before the deadline it is closed when every unit has answered', state: open(), notAnswered: 0, today: '2027-01-20', rule: null },
    { name: 'on the deadline day it cannot be closed while a unit has not answered', state: open(), notAnswered: 1, today: '2027-01-31', rule: 'deadline_not_passed' },
    { name: 'a consultation whose document was taken back to draft can be closed at once', state: open('draft'), notAnswered: 1, today: '2027-01-20', rule: null },
    { name: 'a closed consultation cannot be closed again', state: closed(), notAnswered: 0, today: '2027-02-01', rule: 'closed' },
  ], ({ state, notAnswered, today, rule }) => {
    const recipients = [{ answered: true }, ...Array.from({ length: notAnswered }, () => ({ answered: false }))];
    const call = () => assertCanClose(state, today, recipients);
    if (rule === null) return expect(call).not.toThrow();
    const e = refusal(call);
    expect(e.code).toBe('invalid_transition');
    expect(e.details.rule).toBe(rule);
    if (rule === 'deadline_not_passed') expect(e.details).toEqual({ rule, deadline: DEADLINE, today, notAnswered });
  });
});

describe('the compilation', () => {
  const unitName: Record<string, string> = { [U]: 'Utvecklingsförvaltningen', [S]: 'Servicecenter', [K]: 'Kommunstyrelsen' };
  let n = 0;
  const comment = (unitId: string, kind: TargetKind, key: string | null, decision: CommentDecision | null, reply: string | null = null): CompilationComment => {
    n++;
    return {
      id: `c${n}`,
      unitId,
      unitName: unitName[unitId]!,
      role: null,
      target: { kind, key },
      text: `Synpunkt ${n}`,
      createdAt: `2027-01-0${n}T09:00:00.000Z`,
      decision,
      reply,
      decidedAt: decision === null ? null : '2027-01-15T10:00:00.000Z',
      lockVersion: decision === null ? 1 : 2,
    };
  };
  const comments = [
    comment(S, 'activities', 'sprakpraktik', null),
    comment(U, 'document', null, 'accepted'),
    comment(U, 'goals', 'fler-i-arbete', 'partly_accepted', 'Vi lägger till målgruppen men inte måltalet'),
    comment(S, 'document', null, 'rejected', 'Strategin ska vara övergripande'),
    comment(U, 'goals', 'fler-i-bostad', null),
  ];
  const compile = (today = '2027-01-20', isClosed = false) =>
    compileConsultation({
      deadline: DEADLINE,
      today,
      closed: isClosed,
      documentTitle: 'Integrationsstrategi',
      items: [
        { kind: 'sections', key: 'syfte', label: 'Syfte' },
        { kind: 'goals', key: 'fler-i-arbete', label: 'Fler nyanlända i arbete' },
        { kind: 'activities', key: 'sprakpraktik', label: 'Språkpraktik i kommunens verksamheter' },
      ],
      recipients: [
        { unitId: U, unitName: unitName[U]!, answeredAt: '2027-01-12T08:00:00.000Z', noComments: false, role: 'förvaltningschef' },
        { unitId: S, unitName: unitName[S]!, answeredAt: '2027-01-14T08:00:00.000Z', noComments: false, role: null },
        { unitId: K, unitName: unitName[K]!, answeredAt: null, noComments: false, role: null },
      ],
      // Shuffled: the compilation must not depend on the order of targets in its input, only on the order within one.
      comments: [comments[4]!, comments[0]!, comments[1]!, comments[2]!, comments[3]!],
    });
  const targetIds = (c: ReturnType<typeof compile>) => c.targets.map((t) => (t.target.key === null ? t.target.kind : `${t.target.kind}/${t.target.key}`));

  examples<{ name: string; check: () => void }>([
    {
      name: 'the whole document comes first, then the items in document order',
      check: () => expect(targetIds(compile())).toEqual(['document', 'goals/fler-i-arbete', 'activities/sprakpraktik', 'goals/fler-i-bostad']),
    },
    {
      name: 'comments on one target keep the order they were written in',
      check: () => expect(compile().targets[0]!.comments.map((c) => c.id)).toEqual(['c2', 'c4']),
    },
    {
      name: 'a target without comments is left out',
      check: () => expect(targetIds(compile())).not.toContain('sections/syfte'),
    },
    {
      name: 'a comment on an item no longer in the version is kept, last',
      check: () => {
        const last = compile().targets.at(-1)!;
        expect(last).toMatchObject({ target: { kind: 'goals', key: 'fler-i-bostad' }, inDocument: false, label: 'fler-i-bostad' });
        expect(compile().targets.slice(0, -1).every((t) => t.inDocument)).toBe(true);
      },
    },
    {
      name: 'the counts cover every comment',
      check: () => expect(compile().counts).toEqual({ total: 5, accepted: 1, partly_accepted: 1, rejected: 1, undecided: 2 }),
    },
    {
      name: 'each target has its own counts',
      check: () => {
        const c = compile();
        expect(c.targets[0]).toMatchObject({ label: 'Integrationsstrategi', counts: { total: 2, accepted: 1, partly_accepted: 0, rejected: 1, undecided: 0 } });
        expect(c.targets.map((t) => t.counts.total)).toEqual([2, 1, 1, 1]);
      },
    },
    {
      name: 'units that have not answered are named',
      check: () => expect(compile().recipients.notAnswered).toEqual([{ unitId: K, unitName: 'Kommunstyrelsen', comments: 0 }]),
    },
    {
      name: 'units that have answered are listed with their comments',
      check: () => {
        const r = compile().recipients;
        expect(r.total).toBe(3);
        expect(r.answered.map((a) => [a.unitName, a.comments, a.role])).toEqual([
          ['Utvecklingsförvaltningen', 3, 'förvaltningschef'],
          ['Servicecenter', 2, null],
        ]);
      },
    },
    {
      name: 'on the deadline day the deadline has not passed',
      check: () => expect(compile('2027-01-31')).toMatchObject({ deadline: DEADLINE, deadlinePassed: false, status: 'open' }),
    },
    {
      name: 'the day after the deadline it has passed',
      check: () => expect(compile('2027-02-01')).toMatchObject({ deadlinePassed: true, status: 'open' }),
    },
    {
      name: 'a closed consultation says so',
      check: () => expect(compile('2027-02-01', true).status).toBe('closed'),
    },
  ], ({ check }) => check());
});

describe('docs/methodology/consultation.md', () => {
  it('has a test case for every worked example, and no test case that is not one', () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../../docs/methodology/consultation.md'), 'utf8');
    const documented = exampleNames(doc);
    const tested = [...fs.readFileSync(import.meta.filename, 'utf8').matchAll(/\bname: '(.*?)'/g)].map((m) => m[1]!);
    expect(documented.length).toBe(64);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...tested].sort()).toEqual([...documented].sort());
  });
});
