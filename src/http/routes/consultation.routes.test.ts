import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDemo } from '../../../test/support/demo.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-db.ts';

/**
 * The consultation (remiss) API on the demo data, through real SQL: Tyresö's strategy is revised and
 * the draft sent to its units; they comment and answer; the strategist decides, closes and compiles.
 * Rules that depend on the date beyond today are tested in consultation.service.test.ts.
 */
let t: TestApp;
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = async (method: Method, url: string, payload?: object, headers: Record<string, string> = {}) => {
  const r = await t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  return { status: r.statusCode, headers: r.headers, body: r.body ? JSON.parse(r.body) : undefined, raw: r.body };
};
const ok = async (method: Method, url: string, payload?: object, want = 200) => {
  const r = await call(method, url, payload);
  expect(r.status, `${method} ${url}: ${r.raw}`).toBe(want);
  return r.body;
};

let units: Record<string, string> & { Servicecenter: string; Kommunstyrelsen: string };
let tierpUnit: string;
let tyresoV2: { id: string; lockVersion: number };

/** A new draft in Tyresö with a section, a goal and an activity to comment on. */
async function newDraft(key: string) {
  const doc = await ok('POST', '/api/v1/municipalities/0138/documents', { key, type: 'plan', title: `Remissprov ${key}`, goalLevels: ['Mål'] }, 201);
  await ok('POST', `/api/v1/documents/${doc.id}/sections`, { key: 'syfte', kind: 'purpose', title: 'Syfte', body: 'Planens syfte.' }, 201);
  await ok('POST', `/api/v1/documents/${doc.id}/goals`, { key: 'fler-i-arbete', title: 'Fler nyanlända i arbete' }, 201);
  await ok('POST', `/api/v1/documents/${doc.id}/activities`, { key: 'sprakpraktik', goal: 'fler-i-arbete', description: 'Språkpraktik i kommunens verksamheter' }, 201);
  return ok('GET', `/api/v1/documents/${doc.id}`) as Promise<{ id: string; lockVersion: number; status: string }>;
}
async function sendOut(doc: { id: string; lockVersion: number }, recipients: string[], deadline = '2099-12-31') {
  return ok('POST', `/api/v1/documents/${doc.id}/consultations`, { lockVersion: doc.lockVersion, recipients, deadline, message: 'Synpunkter senast sista svarsdagen.' }, 201);
}

beforeAll(async () => {
  t = await createTestApp();
  await withDemo(t.db);
  const list = (await ok('GET', '/api/v1/municipalities/0138/units?limit=200')).items as Array<{ id: string; name: string }>;
  units = Object.fromEntries(list.map((u) => [u.name, u.id])) as typeof units;
  tierpUnit = (await ok('GET', '/api/v1/municipalities/0360/units?limit=200')).items[0].id;
  const adopted = (await ok('GET', '/api/v1/municipalities/0138/documents?key=integrationsstrategi&status=adopted')).items[0];
  const draft = await ok('POST', `/api/v1/documents/${adopted.id}/revise`, { lockVersion: adopted.lockVersion }, 201);
  await ok('POST', `/api/v1/documents/${draft.id}/goals`, { key: 'fler-i-arbete', title: 'Fler nyanlända i arbete eller studier', ownerUnit: 'Gymnasie- och arbetsmarknadsnämnden' }, 201);
  await ok('POST', `/api/v1/documents/${draft.id}/activities`, { key: 'sprakpraktik', goal: 'fler-i-arbete', description: 'Språkpraktik i kommunens verksamheter', responsible: [{ unit: 'Integrationsenheten', lead: true }] }, 201);
  tyresoV2 = await ok('GET', `/api/v1/documents/${draft.id}`);
});
afterAll(() => t.close());

describe('a remiss from sending to compilation', () => {
  let consultation: { id: string; lockVersion: number };
  const comments: Record<string, { id: string; lockVersion: number }> = {};

  it('sends the draft to three units: the document moves to consultation and the consultation lists them as not answered', async () => {
    const r = await call('POST', `/api/v1/documents/${tyresoV2.id}/consultations`, {
      lockVersion: tyresoV2.lockVersion,
      recipients: [units['Utvecklingsförvaltningen'], units['Servicecenter'], units['Kommunstyrelsen']],
      deadline: '2099-01-31',
      message: 'Alla förvaltningar får tillfälle att gå igenom materialet och komma med synpunkter.',
    });
    expect(r.status, r.raw).toBe(201);
    consultation = r.body;
    expect(r.headers.etag).toBe('"1"');
    expect(r.body).toMatchObject({
      documentId: tyresoV2.id,
      municipalityCode: '0138',
      deadline: '2099-01-31',
      status: 'open',
      deadlinePassed: false,
      closedAt: null,
      lockVersion: 1,
      document: { id: tyresoV2.id, key: 'integrationsstrategi', version: 2, status: 'consultation', lockVersion: tyresoV2.lockVersion + 1 },
      counts: { recipients: 3, answered: 0, notAnswered: 3, comments: 0, undecided: 0 },
      comments: [],
    });
    expect(r.body.recipients.map((x: { unitName: string; status: string }) => [x.unitName, x.status])).toEqual([
      ['Utvecklingsförvaltningen', 'not_answered'],
      ['Servicecenter', 'not_answered'],
      ['Kommunstyrelsen', 'not_answered'],
    ]);
    expect(Date.parse(r.body.sentAt)).toBeGreaterThan(Date.now() - 60_000);
    expect((await ok('GET', `/api/v1/documents/${tyresoV2.id}`)).status).toBe('consultation');
  });

  it('lists the document’s consultations', async () => {
    const list = await ok('GET', `/api/v1/documents/${tyresoV2.id}/consultations`);
    expect(list).toEqual([expect.objectContaining({ id: consultation.id, status: 'open', counts: { recipients: 3, answered: 0, notAnswered: 3, comments: 0, undecided: 0 } })]);
    expect(list[0]).not.toHaveProperty('recipients');
    expect(list[0].document).toMatchObject({ id: tyresoV2.id, key: 'integrationsstrategi', version: 2, status: 'consultation' });
  });

  it('lists the municipality’s consultations: open ones, and those sent to a unit', async () => {
    const ids = async (query: string) => (await ok('GET', `/api/v1/municipalities/0138/consultations${query}`)).map((x: { id: string }) => x.id);
    expect(await ids('')).toContain(consultation.id);
    expect(await ids('?status=open')).toContain(consultation.id);
    expect(await ids('?status=closed')).not.toContain(consultation.id);
    expect(await ids(`?unitId=${units['Servicecenter']}`)).toContain(consultation.id);
    expect(await ids(`?unitId=${units['Integrationsenheten']}`)).not.toContain(consultation.id);
    expect(await ok('GET', '/api/v1/municipalities/0360/consultations')).toEqual([]);
    expect((await call('GET', '/api/v1/municipalities/9876/consultations')).status).toBe(404);
    expect((await call('GET', '/api/v1/municipalities/0138/consultations?status=pending')).status).toBe(400);
  });

  it('takes comments on the whole, on a goal and on an activity, each set beside the text it concerns', async () => {
    const add = (unit: string, target: object, text: string, role: string | null = null) =>
      call('POST', `/api/v1/consultations/${consultation.id}/comments`, { unitId: units[unit], target, text, role });
    const whole = await add('Utvecklingsförvaltningen', { kind: 'document', key: null }, 'Strategin behöver en tydligare koppling till kommunplanen.', 'förvaltningschef');
    expect(whole.status, whole.raw).toBe(201);
    expect(whole.headers.etag).toBe('"1"');
    expect(whole.body).toMatchObject({
      consultationId: consultation.id,
      unitName: 'Utvecklingsförvaltningen',
      role: 'förvaltningschef',
      target: { kind: 'document', key: null },
      targetLabel: 'Integrationsstrategi',
      inDocument: true,
      decision: null,
      reply: null,
      decidedAt: null,
      lockVersion: 1,
    });
    comments.whole = whole.body;
    // The target's key may be left out for the whole document.
    const whole2 = await add('Servicecenter', { kind: 'document' }, 'Materialet bör finnas på lättläst svenska.');
    expect(whole2.status, whole2.raw).toBe(201);
    comments.whole2 = whole2.body;
    const goal = await add('Utvecklingsförvaltningen', { kind: 'goals', key: 'fler-i-arbete' }, 'Målet bör ha ett måltal och ett basår.');
    expect(goal.body).toMatchObject({ target: { kind: 'goals', key: 'fler-i-arbete' }, targetLabel: 'Fler nyanlända i arbete eller studier' });
    comments.goal = goal.body;
    const activity = await add('Servicecenter', { kind: 'activities', key: 'sprakpraktik' }, 'Servicecenter kan ta emot två språkpraktikanter per termin.', 'enhetschef');
    expect(activity.body).toMatchObject({ targetLabel: 'Språkpraktik i kommunens verksamheter' });
    comments.activity = activity.body;
    const strategy = await add('Servicecenter', { kind: 'strategies', key: 'delaktighet-2' }, 'Ta fram material på fler språk än i dag.');
    expect(strategy.status).toBe(201);
    comments.strategy = strategy.body;
  });

  it('refuses a comment on something that is not in the document, naming the field', async () => {
    const r = await call('POST', `/api/v1/consultations/${consultation.id}/comments`, { unitId: units['Servicecenter'], target: { kind: 'goals', key: 'fler-i-bostad' }, text: 'Saknas.' });
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.body.errors).toEqual([{ path: '/target/key', message: 'there is no item "fler-i-bostad" among the goals of this document version' }]);
    const withKey = await call('POST', `/api/v1/consultations/${consultation.id}/comments`, { unitId: units['Servicecenter'], target: { kind: 'document', key: 'syfte' }, text: 'Fel.' });
    expect(withKey.body.errors).toEqual([{ path: '/target/key', message: 'must be null for a comment on the whole document' }]);
    const badKind = await call('POST', `/api/v1/consultations/${consultation.id}/comments`, { unitId: units['Servicecenter'], target: { kind: 'chapters', key: 'x' }, text: 'Fel.' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.errors[0].path).toBe('/target/kind');
  });

  it('refuses comments from units the document was not sent to, of this municipality or another', async () => {
    for (const unitId of [units['Integrationsenheten'], tierpUnit, '00000000-0000-4000-8000-000000000000']) {
      const r = await call('POST', `/api/v1/consultations/${consultation.id}/comments`, { unitId, target: { kind: 'document' }, text: 'Vi vill också tycka till.' });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([{ path: '/unitId', message: 'is not among the recipients of this consultation' }]);
    }
  });

  it('lets a unit withdraw an undecided comment before it answers', async () => {
    const extra = await ok('POST', `/api/v1/consultations/${consultation.id}/comments`, { unitId: units['Servicecenter'], target: { kind: 'document' }, text: 'Skrivet av misstag.' }, 201);
    const stale = await call('DELETE', `/api/v1/consultation-comments/${extra.id}?lockVersion=2`);
    expect(stale.status).toBe(409);
    expect(stale.body.type).toBe('urn:samspel:problem:version_conflict');
    expect((await call('DELETE', `/api/v1/consultation-comments/${extra.id}`)).status).toBe(428);
    const gone = await call('DELETE', `/api/v1/consultation-comments/${extra.id}`, undefined, { 'if-match': '"1"' });
    expect(gone.status).toBe(204);
    const c = await ok('GET', `/api/v1/consultations/${consultation.id}`);
    expect(c.comments.map((x: { id: string }) => x.id)).not.toContain(extra.id);
    expect((await call('DELETE', `/api/v1/consultation-comments/${extra.id}?lockVersion=1`)).status).toBe(404);
  });

  it('takes answers: with comments, or explicitly without any', async () => {
    const none = await call('POST', `/api/v1/consultations/${consultation.id}/answers`, { unitId: units['Kommunstyrelsen'] });
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([{ path: '/noComments', message: 'must be true when the unit answers without comments' }]);
    const claimNone = await call('POST', `/api/v1/consultations/${consultation.id}/answers`, { unitId: units['Servicecenter'], noComments: true });
    expect(claimNone.body.errors).toEqual([{ path: '/noComments', message: 'is true, but the unit has written 3 comment(s)' }]);

    const r = await call('POST', `/api/v1/consultations/${consultation.id}/answers`, { unitId: units['Utvecklingsförvaltningen'], role: 'förvaltningschef' });
    expect(r.status, r.raw).toBe(200);
    const u = r.body.recipients.find((x: { unitName: string }) => x.unitName === 'Utvecklingsförvaltningen');
    expect(u).toMatchObject({ status: 'answered', noComments: false, role: 'förvaltningschef', comments: 2 });
    expect(Date.parse(u.answeredAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(r.body.counts).toMatchObject({ recipients: 3, answered: 1, notAnswered: 2, comments: 5 });
  });

  it('refuses a second answer and new comments or withdrawals after the answer', async () => {
    const again = await call('POST', `/api/v1/consultations/${consultation.id}/answers`, { unitId: units['Utvecklingsförvaltningen'] });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: 'urn:samspel:problem:invalid_transition', rule: 'already_answered' });
    const more = await call('POST', `/api/v1/consultations/${consultation.id}/comments`, { unitId: units['Utvecklingsförvaltningen'], target: { kind: 'document' }, text: 'En sak till.' });
    expect(more.status).toBe(409);
    expect(more.body.rule).toBe('already_answered');
    const withdraw = await call('DELETE', `/api/v1/consultation-comments/${comments.goal!.id}?lockVersion=1`);
    expect(withdraw.status).toBe(409);
    expect(withdraw.body.rule).toBe('already_answered');
  });

  it('records decisions: a reply is required to reject or partly accept, and a stale version changes nothing', async () => {
    const noReply = await call('PATCH', `/api/v1/consultation-comments/${comments.whole2!.id}`, { lockVersion: 1, decision: 'rejected' });
    expect(noReply.status).toBe(400);
    expect(noReply.body.errors).toEqual([{ path: '/reply', message: 'is required when a comment is rejected or partly accepted (at least a few words)' }]);
    expect((await call('PATCH', `/api/v1/consultation-comments/${comments.whole!.id}`, { decision: 'accepted' })).status).toBe(428);

    const accepted = await call('PATCH', `/api/v1/consultation-comments/${comments.whole!.id}`, { lockVersion: 1, decision: 'accepted', reply: null });
    expect(accepted.status, accepted.raw).toBe(200);
    expect(accepted.headers.etag).toBe('"2"');
    expect(accepted.body).toMatchObject({ decision: 'accepted', reply: null, lockVersion: 2 });
    expect(Date.parse(accepted.body.decidedAt)).toBeGreaterThan(Date.now() - 60_000);

    const stale = await call('PATCH', `/api/v1/consultation-comments/${comments.whole!.id}`, { lockVersion: 1, decision: 'rejected', reply: 'Nej, inte nu.' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: 'urn:samspel:problem:version_conflict', currentVersion: 2, yourVersion: 1, current: { decision: 'accepted' } });

    const partly = await call('PATCH', `/api/v1/consultation-comments/${comments.goal!.id}`, { decision: 'partly_accepted', reply: 'Ett basår läggs till; måltalet sätts i nämndplanerna.' }, { 'if-match': '"1"' });
    expect(partly.status, partly.raw).toBe(200);
    const rejected = await ok('PATCH', `/api/v1/consultation-comments/${comments.whole2!.id}`, { lockVersion: 1, decision: 'rejected', reply: 'En lättläst version tas fram när strategin är antagen, inte av remissversionen.' });
    expect(rejected).toMatchObject({ decision: 'rejected', lockVersion: 2 });
    // A decision can be changed while the consultation is open.
    const changed = await ok('PATCH', `/api/v1/consultation-comments/${comments.whole2!.id}`, { lockVersion: 2, decision: 'partly_accepted', reply: 'En sammanfattning på lättläst svenska läggs till.' });
    expect(changed).toMatchObject({ decision: 'partly_accepted', lockVersion: 3 });
    const withdraw = await call('DELETE', `/api/v1/consultation-comments/${comments.whole2!.id}?lockVersion=3`);
    expect(withdraw.status).toBe(409);
    expect(withdraw.body.rule).toBe('decided');
  });

  it('extends the deadline, but not into the past', async () => {
    const c = await ok('GET', `/api/v1/consultations/${consultation.id}`);
    const past = await call('PATCH', `/api/v1/consultations/${consultation.id}`, { lockVersion: c.lockVersion, deadline: '2001-01-01' });
    expect(past.status).toBe(400);
    expect(past.body.errors[0].path).toBe('/deadline');
    const r = await call('PATCH', `/api/v1/consultations/${consultation.id}`, { lockVersion: c.lockVersion, deadline: '2099-02-28' });
    expect(r.status, r.raw).toBe(200);
    expect(r.body).toMatchObject({ deadline: '2099-02-28', lockVersion: c.lockVersion + 1, message: c.message });
    expect(r.headers.etag).toBe(`"${c.lockVersion + 1}"`);
    const stale = await call('PATCH', `/api/v1/consultations/${consultation.id}`, { lockVersion: c.lockVersion, message: 'Ny text' });
    expect(stale.status).toBe(409);
    consultation = r.body;
  });

  it('compiles the answers: the whole document first, then items in document order, with counts and the units that have not answered', async () => {
    const c = await ok('GET', `/api/v1/consultations/${consultation.id}/compilation`);
    expect(c.consultation).toMatchObject({ id: consultation.id, status: 'open', counts: { recipients: 3, answered: 1, notAnswered: 2, comments: 5, undecided: 2 } });
    expect(c.consultation.document).toMatchObject({ id: tyresoV2.id, status: 'consultation' });
    expect(c.targets.map((x: { target: { kind: string; key: string | null } }) => `${x.target.kind}/${x.target.key ?? ''}`)).toEqual([
      'document/',
      'goals/fler-i-arbete',
      'strategies/delaktighet-2',
      'activities/sprakpraktik',
    ]);
    expect(c.targets[0].comments.map((x: { id: string }) => x.id)).toEqual([comments.whole!.id, comments.whole2!.id]);
    expect(c.targets[0].counts).toEqual({ total: 2, accepted: 1, partly_accepted: 1, rejected: 0, undecided: 0 });
    expect(c.targets[2].label).toBe('Ta fram material på olika språk.');
    expect(c.counts).toEqual({ total: 5, accepted: 1, partly_accepted: 2, rejected: 0, undecided: 2 });
    expect(c.recipients.answered.map((x: { unitName: string; comments: number }) => [x.unitName, x.comments])).toEqual([['Utvecklingsförvaltningen', 2]]);
    expect(c.recipients.notAnswered).toEqual([
      { unitId: units['Servicecenter'], unitName: 'Servicecenter', comments: 3 },
      { unitId: units['Kommunstyrelsen'], unitName: 'Kommunstyrelsen', comments: 0 },
    ]);
    expect(c).toMatchObject({ deadline: '2099-02-28', deadlinePassed: false, status: 'open' });
  });

  it('closes only when every unit has answered before the deadline; then decisions and comments are final', async () => {
    const early = await call('POST', `/api/v1/consultations/${consultation.id}/close`, { lockVersion: consultation.lockVersion });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ rule: 'deadline_not_passed', deadline: '2099-02-28', notAnswered: 2 });
    await ok('POST', `/api/v1/consultations/${consultation.id}/answers`, { unitId: units['Servicecenter'] });
    const ks = await ok('POST', `/api/v1/consultations/${consultation.id}/answers`, { unitId: units['Kommunstyrelsen'], noComments: true, role: 'kommundirektör' });
    expect(ks.recipients.find((x: { unitName: string }) => x.unitName === 'Kommunstyrelsen')).toMatchObject({ status: 'answered', noComments: true, comments: 0 });
    const closed = await call('POST', `/api/v1/consultations/${consultation.id}/close`, { lockVersion: consultation.lockVersion });
    expect(closed.status, closed.raw).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', lockVersion: consultation.lockVersion + 1, document: { status: 'consultation' } });
    expect(Date.parse(closed.body.closedAt)).toBeGreaterThan(Date.now() - 60_000);
    const again = await call('POST', `/api/v1/consultations/${consultation.id}/close`, { lockVersion: closed.body.lockVersion });
    expect(again.body.rule).toBe('closed');
    const decide = await call('PATCH', `/api/v1/consultation-comments/${comments.activity!.id}`, { lockVersion: 1, decision: 'accepted' });
    expect(decide.status).toBe(409);
    expect(decide.body.rule).toBe('closed');
    const change = await call('PATCH', `/api/v1/consultations/${consultation.id}`, { lockVersion: closed.body.lockVersion, deadline: '2099-12-31' });
    expect(change.body.rule).toBe('closed');
    const compilation = await ok('GET', `/api/v1/consultations/${consultation.id}/compilation`);
    expect(compilation.recipients.notAnswered).toEqual([]);
    expect(compilation.status).toBe('closed');
  });
});

describe('sending is one transaction with the document’s own step', () => {
  it('refuses a stale document version, an adopted document and a missing version, and creates nothing', async () => {
    const doc = await newDraft('remiss-version');
    const stale = await call('POST', `/api/v1/documents/${doc.id}/consultations`, { lockVersion: doc.lockVersion + 1, recipients: [units['Servicecenter']], deadline: '2099-01-31' });
    expect(stale.status).toBe(409);
    expect(stale.body.type).toBe('urn:samspel:problem:version_conflict');
    const missing = await call('POST', `/api/v1/documents/${doc.id}/consultations`, { recipients: [units['Servicecenter']], deadline: '2099-01-31' });
    expect(missing.status).toBe(428);
    const adopted = (await ok('GET', '/api/v1/municipalities/0360/documents?status=adopted')).items[0];
    const frozen = await call('POST', `/api/v1/documents/${adopted.id}/consultations`, { lockVersion: adopted.lockVersion, recipients: [tierpUnit], deadline: '2099-01-31' });
    expect(frozen.status).toBe(409);
    expect(frozen.body).toMatchObject({ type: 'urn:samspel:problem:invalid_transition', documentStatus: 'adopted' });
    expect(await ok('GET', `/api/v1/documents/${doc.id}/consultations`)).toEqual([]);
    expect(await ok('GET', `/api/v1/documents/${adopted.id}/consultations`)).toEqual([]);
    expect((await ok('GET', `/api/v1/documents/${doc.id}`)).status).toBe('draft');
  });

  it('leaves the document a draft when the consultation is refused after the document’s step (every problem named)', async () => {
    const doc = await newDraft('remiss-atomisk');
    const r = await call('POST', `/api/v1/documents/${doc.id}/consultations`, {
      lockVersion: doc.lockVersion,
      recipients: [units['Servicecenter'], units['Servicecenter'], tierpUnit],
      deadline: '2001-01-01',
    });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['/recipients/1', '/recipients/2', '/deadline']);
    const after = await ok('GET', `/api/v1/documents/${doc.id}`);
    expect([after.status, after.lockVersion]).toEqual(['draft', doc.lockVersion]);
    expect(await ok('GET', `/api/v1/documents/${doc.id}/consultations`)).toEqual([]);
  });

  it('allows one open consultation per document: a document taken back to draft is not sent again until it is closed', async () => {
    const doc = await newDraft('remiss-tva-rundor');
    const first = await sendOut(doc, [units['Servicecenter']]);
    const back = await ok('POST', `/api/v1/documents/${doc.id}/return-to-draft`, { lockVersion: first.document.lockVersion });
    expect(back.status).toBe('draft');
    const comment = await call('POST', `/api/v1/consultations/${first.id}/comments`, { unitId: units['Servicecenter'], target: { kind: 'document' }, text: 'För sent.' });
    expect(comment.status).toBe(409);
    expect(comment.body).toMatchObject({ rule: 'document_not_in_consultation', documentStatus: 'draft' });
    const second = await call('POST', `/api/v1/documents/${doc.id}/consultations`, { lockVersion: back.lockVersion, recipients: [units['Kommunstyrelsen']], deadline: '2099-06-30' });
    expect(second.status).toBe(409);
    expect(second.body.rule).toBe('open_consultation_exists');
    expect((await ok('GET', `/api/v1/documents/${doc.id}`)).status).toBe('draft');
    // The document is a draft again: nobody can answer, so the consultation can be closed before its deadline, and a second round sent.
    const refusedAnswer = await call('POST', `/api/v1/consultations/${first.id}/answers`, { unitId: units['Servicecenter'], noComments: true });
    expect(refusedAnswer.body.rule).toBe('document_not_in_consultation');
    await ok('POST', `/api/v1/consultations/${first.id}/close`, { lockVersion: first.lockVersion });
    const round2 = await sendOut(back, [units['Kommunstyrelsen']], '2099-06-30');
    expect(round2.recipients.map((x: { unitName: string }) => x.unitName)).toEqual(['Kommunstyrelsen']);
    expect((await ok('GET', `/api/v1/documents/${doc.id}/consultations`)).map((x: { id: string; status: string }) => [x.id, x.status])).toEqual([
      [round2.id, 'open'],
      [first.id, 'closed'],
    ]);
  });

  it('deletes a draft together with its consultations, and keeps a recipient unit from being deleted', async () => {
    const doc = await newDraft('remiss-raderas');
    const c = await sendOut(doc, [units['Servicecenter']]);
    await ok('POST', `/api/v1/consultations/${c.id}/comments`, { unitId: units['Servicecenter'], target: { kind: 'sections', key: 'syfte' }, text: 'Syftet är otydligt.' }, 201);
    const back = await ok('POST', `/api/v1/documents/${doc.id}/return-to-draft`, { lockVersion: c.document.lockVersion });
    expect((await call('DELETE', `/api/v1/documents/${doc.id}?lockVersion=${back.lockVersion}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/consultations/${c.id}`)).status).toBe(404);

    const unit = await ok('POST', '/api/v1/municipalities/0138/units', { name: 'Remissenheten', type: 'unit', parentId: null }, 201);
    const other = await newDraft('remiss-enhet');
    await sendOut(other, [unit.id]);
    const del = await call('DELETE', `/api/v1/units/${unit.id}?lockVersion=${unit.lockVersion}`);
    expect(del.status).toBe(409);
    expect(del.body.type).toBe('urn:samspel:problem:has_dependents');
  });
});

describe('reading', () => {
  it('answers 404 for a consultation, a comment or a document that does not exist, and for an id that is not one', async () => {
    const none = '00000000-0000-4000-8000-000000000000';
    for (const url of [`/api/v1/consultations/${none}`, `/api/v1/consultations/${none}/compilation`, `/api/v1/documents/${none}/consultations`, '/api/v1/consultations/nope']) {
      const r = await call('GET', url);
      expect(r.status, url).toBe(404);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await call('PATCH', `/api/v1/consultation-comments/${none}`, { lockVersion: 1, decision: 'accepted' })).status).toBe(404);
    expect((await call('POST', `/api/v1/consultations/${none}/answers`, { unitId: none, noComments: true })).status).toBe(404);
  });

  it('documents every consultation route in the OpenAPI document under the tag "consultation"', async () => {
    const spec = await ok('GET', '/api/v1/openapi.json');
    expect(spec.tags.map((x: { name: string }) => x.name)).toContain('consultation');
    const tagged = Object.entries(spec.paths as Record<string, Record<string, { tags?: string[] }>>).flatMap(([p, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.tags?.includes('consultation'))
        .map(([m]) => `${m.toUpperCase()} ${p}`),
    );
    expect(tagged.sort()).toEqual(
      [
        'POST /api/v1/documents/{id}/consultations',
        'GET /api/v1/documents/{id}/consultations',
        'GET /api/v1/municipalities/{code}/consultations',
        'GET /api/v1/consultations/{id}',
        'PATCH /api/v1/consultations/{id}',
        'POST /api/v1/consultations/{id}/comments',
        'POST /api/v1/consultations/{id}/answers',
        'PATCH /api/v1/consultation-comments/{id}',
        'DELETE /api/v1/consultation-comments/{id}',
        'POST /api/v1/consultations/{id}/close',
        'GET /api/v1/consultations/{id}/compilation',
      ].sort(),
    );
  });
});
