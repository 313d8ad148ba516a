import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BUNDLE_FORMAT, CONTENT_KINDS, type ContentKind } from '../../src/domain/strategy/types.ts';
import { snapshotDatabase } from '../support/db-snapshot.ts';
import { withDemo } from '../support/demo.ts';
import {
  malformedBodies,
  malformedDeletes,
  requiredFields,
  whyInvalidBody,
  whyInvalidDelete,
  type JsonObject,
  type MalformedRequest,
  type ZodLike,
} from '../support/malformed-requests.ts';
import { countAudit } from '../../src/services/audit/audit.service.ts';
import { createTestApp } from '../support/test-db.ts';

/**
 * Every write route of the API (POST/PATCH/PUT/DELETE in app.routeTable) gets 1,000 malformed
 * requests, each derived from a request that would succeed, at real rows of the demo data (a draft
 * and an adopted document, items of each kind, units, municipality 0360 …). Each one must be
 * refused with a 4xx application/problem+json, and the database must stay byte-for-byte the same.
 */

/**
 * 1,000 per route on PGlite; 250 on CI's PostgreSQL pass, where the same refusals are decided before any SQL
 * (validation at the edge) and what the server adds is only the unchanged-database check: the slowest file of
 * the suite (~440 s) is then not paid twice in full (issue 13: CI within 40 minutes).
 */
const RUNS_PER_ROUTE = process.env.DATABASE_URL ? 250 : 1000;
const MIN_WRITE_ROUTES = 62;
const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

const t = await createTestApp();
afterAll(() => t.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface Reply {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

async function call(method: Method, url: string, payload?: unknown, want?: number): Promise<any> {
  const r = await t.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
  if (want !== undefined && r.statusCode !== want) throw new Error(`setup: ${method} ${url} gave ${r.statusCode}, not ${want}: ${r.body.slice(0, 500)}`);
  return r.body ? JSON.parse(r.body) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Real rows to aim at

/** Valid create bodies for each kind of document content (keys are added per use). */
function itemBody(kind: ContentKind, unitName: string): JsonObject {
  switch (kind) {
    case 'sections':
      return { kind: 'purpose', title: 'Robusthet', body: 'Varför systemet ska tåla felaktiga anrop.' };
    case 'definitions':
      return { term: 'Robusthet', text: 'Förmågan att tåla fel utan att ändra data.', note: 'Se även felhantering.' };
    case 'areas':
      return { name: 'Robusthetsområde', description: 'Ett område för robusthetsprovning.' };
    case 'goals':
      return { title: 'Ett robust mål', area: null, parent: null, level: 1, description: 'Målet prövas med felaktiga anrop.', ownerUnit: unitName };
    case 'strategies':
      return { text: 'Vi prövar varje skrivande anrop med felaktiga data.', area: null, goal: 'rb-goal' };
    case 'indicators':
      return {
        name: 'Andel avvisade felaktiga anrop',
        definition: 'Avvisade anrop delat med alla felaktiga anrop.',
        unitOfMeasure: 'percent',
        sourceKind: 'own',
        sourceRef: 'Testsviten',
        sexes: ['total', 'women'],
        ageBands: ['16-64', '65-'],
        population: 'Alla anrop',
        frequency: 'yearly',
        footnotes: ['Räknas per körning.'],
      };
    case 'targets':
      return {
        goal: 'rb-goal',
        indicator: 'rb-indicator',
        comparator: 'at_least',
        value: 99.5,
        targetYear: 2030,
        recurrence: 'once',
        baseline: { value: 90, year: 2024 },
        ageBand: '16-64',
        sex: 'total',
        statement: 'Minst 99,5 procent av de felaktiga anropen avvisas.',
      };
    case 'activities':
      return {
        area: null,
        goal: 'rb-goal',
        problem: 'Felaktiga anrop kan ändra data.',
        description: 'Skicka tusen felaktiga anrop till varje skrivande väg.',
        responsible: [{ unit: unitName, role: 'Testare', lead: true }],
        responsibleText: 'Testgruppen',
        timelineText: '2025',
        start: '2025-01-01',
        end: '2025-12-31',
        followUpText: 'Följs upp varje körning.',
        status: 'ongoing',
      };
  }
}

interface Target {
  /** The URL with real ids. */
  url: string;
  /** The lock version of the row the URL names (for DELETE and bodies). */
  version: number;
}

interface Fixture {
  /** Where a valid request would succeed. */
  main: Target;
  /** Other real rows (an adopted document, another municipality …) the malformed requests also go to. */
  others: Target[];
  /** A valid body for the main target (none for DELETE). */
  body?: JsonObject;
  /** Headers every request to this route sends (a session cookie and its CSRF token instead of the admin's token). */
  headers?: Record<string, string>;
}

async function prepareFixtures(): Promise<Map<string, Fixture>> {
  const fx = new Map<string, Fixture>();
  const municipalities: Array<{ code: string; lockVersion: number }> = await call('GET', '/api/v1/municipalities', undefined, 200);
  const tierp = municipalities.find((m) => m.code === '0360')!;
  const tyreso = municipalities.find((m) => m.code === '0138')!;
  const docs: Array<{ id: string; key: string; lockVersion: number; status: string }> = (await call('GET', '/api/v1/municipalities/0360/documents?limit=100', undefined, 200)).items;
  const strategy = docs.find((d) => d.key === 'strategi-for-integration')!;
  const plan = docs.find((d) => d.key === 'handlingsplan-for-integration')!;
  if (strategy?.status !== 'adopted' || plan?.status !== 'adopted') throw new Error('setup: the demo data no longer has Tierp\'s adopted strategy and action plan');
  const tyresoDoc = (await call('GET', '/api/v1/municipalities/0138/documents?limit=100', undefined, 200)).items.find((d: { status: string }) => d.status === 'adopted');
  const units: Array<{ id: string; name: string; lockVersion: number }> = (await call('GET', '/api/v1/municipalities/0360/units?limit=500', undefined, 200)).items;
  const someUnit = units[0]!;

  // A draft with real content (a revision of Tierp's adopted strategy) plus items of every kind.
  const draft = await call('POST', `/api/v1/documents/${strategy.id}/revise`, { lockVersion: strategy.lockVersion }, 201);
  await call('POST', `/api/v1/documents/${draft.id}/goals`, { ...itemBody('goals', someUnit.name), key: 'rb-goal' }, 201);
  await call('POST', `/api/v1/documents/${draft.id}/indicators`, { ...itemBody('indicators', someUnit.name), key: 'rb-indicator' }, 201);
  const base = (u: string, version: number): Target => ({ url: u, version });

  for (const kind of CONTENT_KINDS) {
    const body = itemBody(kind, someUnit.name);
    const toPatch = await call('POST', `/api/v1/documents/${draft.id}/${kind}`, { ...body, key: `rb-${kind}-patch` }, 201);
    const toDelete = await call('POST', `/api/v1/documents/${draft.id}/${kind}`, { ...body, key: `rb-${kind}-delete` }, 201);
    // An item of the same kind in an adopted (frozen) document, when the demo has one.
    const frozen: Array<{ id: string; lockVersion: number }> = [];
    for (const d of [strategy, plan, tyresoDoc]) {
      const items = (await call('GET', `/api/v1/documents/${d.id}/${kind}?limit=1`, undefined, 200)).items;
      if (items[0]) frozen.push(items[0]);
    }
    const frozenTargets = frozen.map((i) => base(`/api/v1/${kind}/${i.id}`, i.lockVersion));
    fx.set(`POST /api/v1/documents/:id/${kind}`, {
      main: base(`/api/v1/documents/${draft.id}/${kind}`, draft.lockVersion),
      others: [base(`/api/v1/documents/${strategy.id}/${kind}`, strategy.lockVersion), base(`/api/v1/documents/${plan.id}/${kind}`, plan.lockVersion)],
      body: { ...body, key: `rb-${kind}-new`, position: 0 },
    });
    fx.set(`PATCH /api/v1/${kind}/:itemId`, {
      main: base(`/api/v1/${kind}/${toPatch.id}`, toPatch.lockVersion),
      others: frozenTargets,
      body: { ...body, lockVersion: toPatch.lockVersion, position: 0 },
    });
    fx.set(`DELETE /api/v1/${kind}/:itemId`, { main: base(`/api/v1/${kind}/${toDelete.id}`, toDelete.lockVersion), others: frozenTargets });
  }

  // Documents in each state a lifecycle route starts from.
  const newDraft = async (key: string) =>
    call('POST', '/api/v1/municipalities/0360/documents', { key, type: 'plan', title: `Robust ${key}`, goalLevels: ['Mål', 'Delmål'] }, 201);
  const toConsult = await newDraft('robust-till-remiss');
  const toAdopt = await newDraft('robust-att-anta');
  const toDelete = await newDraft('robust-att-ta-bort');
  const inConsultation = await call('POST', `/api/v1/documents/${(await newDraft('robust-pa-remiss')).id}/consultation`, { lockVersion: 1 }, 200);
  const docTarget = (d: { id: string; lockVersion: number }, suffix = '') => base(`/api/v1/documents/${d.id}${suffix}`, d.lockVersion);
  const draftNow = await call('GET', `/api/v1/documents/${draft.id}`, undefined, 200);
  const exported = await call('GET', `/api/v1/documents/${draft.id}/export`, undefined, 200);
  const { format: _f, municipality, organisation, document, ...content } = exported;

  fx.set('POST /api/v1/municipalities/:code/report-jobs', {
    main: base('/api/v1/municipalities/0360/report-jobs', 0),
    others: [base('/api/v1/municipalities/0138/report-jobs', 0)],
    body: { kind: 'action-plan', format: 'xlsx', lang: 'sv', year: 2018, documentId: plan.id },
  });
  fx.set('POST /api/v1/municipalities', { main: base('/api/v1/municipalities', 0), others: [], body: { code: '9998', name: 'Robusta kommun' } });
  fx.set('PATCH /api/v1/municipalities/:code', {
    main: base('/api/v1/municipalities/0360', tierp.lockVersion),
    others: [base('/api/v1/municipalities/0138', tyreso.lockVersion)],
    body: { name: 'Tierps kommun', lockVersion: tierp.lockVersion },
  });
  const empty = await call('POST', '/api/v1/municipalities', { code: '9999', name: 'Tomma kommun' }, 201);
  fx.set('DELETE /api/v1/municipalities/:code', { main: base('/api/v1/municipalities/9999', empty.lockVersion), others: [base('/api/v1/municipalities/0360', tierp.lockVersion)] });

  const unitToPatch = await call('POST', '/api/v1/municipalities/0360/units', { name: 'Robust enhet att ändra', type: 'unit', parentId: someUnit.id }, 201);
  const unitToDelete = await call('POST', '/api/v1/municipalities/0360/units', { name: 'Robust enhet att ta bort', type: 'unit', parentId: null }, 201);
  fx.set('POST /api/v1/municipalities/:code/units', {
    main: base('/api/v1/municipalities/0360/units', 0),
    others: [base('/api/v1/municipalities/0138/units', 0)],
    body: { name: 'Robust ny enhet', type: 'committee', parentId: someUnit.id },
  });
  fx.set('PATCH /api/v1/units/:id', {
    main: base(`/api/v1/units/${unitToPatch.id}`, unitToPatch.lockVersion),
    others: [base(`/api/v1/units/${someUnit.id}`, someUnit.lockVersion)],
    body: { name: 'Robust ändrad enhet', type: 'group', parentId: null, lockVersion: unitToPatch.lockVersion },
  });
  fx.set('DELETE /api/v1/units/:id', { main: base(`/api/v1/units/${unitToDelete.id}`, unitToDelete.lockVersion), others: [base(`/api/v1/units/${someUnit.id}`, someUnit.lockVersion)] });

  fx.set('POST /api/v1/municipalities/:code/documents', {
    main: base('/api/v1/municipalities/0360/documents', 0),
    others: [base('/api/v1/municipalities/0138/documents', 0)],
    body: {
      key: 'robust-plan',
      type: 'action_plan',
      typeLabel: 'Handlingsplan',
      title: 'Robust handlingsplan',
      subtitle: 'För felaktiga anrop',
      appliesTo: 'Hela kommunen',
      adoptedBy: null,
      decisionDate: null,
      caseNumber: 'KS 2025/17',
      owner: 'Kommunstyrelsen',
      validFrom: '2025-01-01',
      validUntil: '2027-12-31',
      validIndefinitely: false,
      implements: 'strategi-for-integration',
      goalLevels: ['Mål', 'Delmål'],
      note: 'Skapad av robusthetstestet.',
    },
  });
  fx.set('POST /api/v1/municipalities/:code/documents/import', {
    main: base('/api/v1/municipalities/0360/documents/import', 0),
    others: [base('/api/v1/municipalities/0138/documents/import', 0)],
    body: { ...exported, document: { ...document, key: 'robust-import' } },
  });
  fx.set('POST /api/v1/import', {
    main: base('/api/v1/import', 0),
    others: [],
    body: { format: BUNDLE_FORMAT, municipality, organisation, documents: [{ document: { ...document, key: 'robust-bundle' }, ...content }] },
  });
  fx.set('PATCH /api/v1/documents/:id', {
    main: docTarget(draftNow),
    others: [docTarget(strategy), docTarget(inConsultation)],
    body: { title: 'Robust strategi', subtitle: 'Reviderad', caseNumber: 'KS 2025/18', note: 'Ändrad av robusthetstestet.', lockVersion: draftNow.lockVersion },
  });
  fx.set('DELETE /api/v1/documents/:id', { main: docTarget(toDelete), others: [docTarget(strategy), docTarget(draftNow)] });
  fx.set('POST /api/v1/documents/:id/consultation', { main: docTarget(toConsult, '/consultation'), others: [docTarget(plan, '/consultation')], body: { lockVersion: toConsult.lockVersion } });
  fx.set('POST /api/v1/documents/:id/return-to-draft', {
    main: docTarget(inConsultation, '/return-to-draft'),
    others: [docTarget(draftNow, '/return-to-draft')],
    body: { lockVersion: inConsultation.lockVersion },
  });
  fx.set('POST /api/v1/documents/:id/expire', { main: docTarget(plan, '/expire'), others: [docTarget(draftNow, '/expire')], body: { lockVersion: plan.lockVersion } });
  fx.set('POST /api/v1/documents/:id/adopt', {
    main: docTarget(toAdopt, '/adopt'),
    others: [docTarget(strategy, '/adopt'), docTarget(inConsultation, '/adopt')],
    body: {
      lockVersion: toAdopt.lockVersion,
      adoptedBy: { body: 'Kommunfullmäktige', paragraph: '§ 42' },
      decisionDate: '2025-03-17',
      caseNumber: 'KS 2025/19',
      validFrom: '2025-04-01',
      validUntil: '2028-12-31',
      validIndefinitely: false,
    },
  });
  fx.set('POST /api/v1/documents/:id/revise', { main: docTarget(tyresoDoc, '/revise'), others: [docTarget(strategy, '/revise'), docTarget(draftNow, '/revise')], body: { lockVersion: tyresoDoc.lockVersion } });
  await prepareFollowUpFixtures(fx, { plan, units, base });
  await prepareConsultationFixtures(fx, { plan, inConsultation, units, base });
  await prepareAccountFixtures(fx, { units, base });
  return fx;
}

/** Consultations (remiss) in each state a consultation route starts from, each on a draft of its own. */
async function prepareConsultationFixtures(
  fx: Map<string, Fixture>,
  ctx: { plan: { id: string; lockVersion: number }; inConsultation: { id: string; lockVersion: number }; units: Array<{ id: string; name: string }>; base: (u: string, v: number) => Target },
): Promise<void> {
  const { plan, inConsultation, units, base } = ctx;
  const [u1, u2] = [units[1]!, units[2]!];
  const draftWithGoal = async (key: string) => {
    const d = await call('POST', '/api/v1/municipalities/0360/documents', { key, type: 'plan', title: `Robust ${key}`, goalLevels: ['Mål'] }, 201);
    await call('POST', `/api/v1/documents/${d.id}/goals`, { key: 'rb-mal', title: 'Ett robust mål' }, 201);
    return call('GET', `/api/v1/documents/${d.id}`, undefined, 200);
  };
  const send = async (key: string, recipients: string[]) => {
    const d = await draftWithGoal(key);
    return call('POST', `/api/v1/documents/${d.id}/consultations`, { lockVersion: d.lockVersion, recipients, deadline: '2099-12-31', message: 'Robust remiss' }, 201);
  };
  const comment = (c: { id: string }, unitId: string) => call('POST', `/api/v1/consultations/${c.id}/comments`, { unitId, target: { kind: 'goals', key: 'rb-mal' }, text: 'Robust synpunkt', role: 'Robust roll' }, 201);

  const toSend = await draftWithGoal('robust-remiss-skickas');
  const toChange = await send('robust-remiss-andras', [u1.id]);
  const toComment = await send('robust-remiss-synpunkt', [u1.id, u2.id]);
  const toDecide = await comment(toComment, u2.id);
  const toAnswer = await send('robust-remiss-svar', [u1.id]);
  const withWithdrawable = await send('robust-remiss-aterkalla', [u1.id]);
  const toWithdraw = await comment(withWithdrawable, u1.id);
  const toClose = await send('robust-remiss-stangs', [u1.id]);
  await call('POST', `/api/v1/consultations/${toClose.id}/answers`, { unitId: u1.id, noComments: true }, 200);
  // A closed consultation with a decided comment: the wrong state for every write.
  const done = await send('robust-remiss-klar', [u1.id]);
  const doneComment = await comment(done, u1.id);
  await call('PATCH', `/api/v1/consultation-comments/${doneComment.id}`, { lockVersion: 1, decision: 'accepted', reply: null }, 200);
  await call('POST', `/api/v1/consultations/${done.id}/answers`, { unitId: u1.id }, 200);
  const closed = await call('POST', `/api/v1/consultations/${done.id}/close`, { lockVersion: done.lockVersion }, 200);
  const c = (x: { id: string; lockVersion: number }, suffix = '') => base(`/api/v1/consultations/${x.id}${suffix}`, x.lockVersion);

  fx.set('POST /api/v1/documents/:id/consultations', {
    main: base(`/api/v1/documents/${toSend.id}/consultations`, toSend.lockVersion),
    others: [base(`/api/v1/documents/${plan.id}/consultations`, plan.lockVersion), base(`/api/v1/documents/${inConsultation.id}/consultations`, inConsultation.lockVersion)],
    body: { lockVersion: toSend.lockVersion, recipients: [u1.id, u2.id], deadline: '2099-12-31', message: 'Robust remiss' },
  });
  fx.set('PATCH /api/v1/consultations/:id', {
    main: c(toChange),
    others: [c(closed)],
    body: { lockVersion: toChange.lockVersion, deadline: '2099-11-30', message: 'Robust ändrad' },
  });
  fx.set('POST /api/v1/consultations/:id/comments', {
    main: c(toComment, '/comments'),
    others: [c(closed, '/comments'), c(toAnswer, '/comments')],
    body: { unitId: u1.id, target: { kind: 'goals', key: 'rb-mal' }, text: 'Robust synpunkt', role: 'Robust roll' },
  });
  fx.set('POST /api/v1/consultations/:id/answers', {
    main: c(toAnswer, '/answers'),
    others: [c(closed, '/answers'), c(toComment, '/answers')],
    body: { unitId: u1.id, noComments: true, role: 'Robust roll' },
  });
  fx.set('PATCH /api/v1/consultation-comments/:id', {
    main: base(`/api/v1/consultation-comments/${toDecide.id}`, toDecide.lockVersion),
    others: [base(`/api/v1/consultation-comments/${doneComment.id}`, 2)],
    body: { lockVersion: toDecide.lockVersion, decision: 'partly_accepted', reply: 'Robust svar' },
  });
  fx.set('DELETE /api/v1/consultation-comments/:id', {
    main: base(`/api/v1/consultation-comments/${toWithdraw.id}`, toWithdraw.lockVersion),
    others: [base(`/api/v1/consultation-comments/${doneComment.id}`, 2), base(`/api/v1/consultation-comments/${toDecide.id}`, toDecide.lockVersion)],
  });
  fx.set('POST /api/v1/consultations/:id/close', { main: c(toClose, '/close'), others: [c(closed, '/close'), c(toChange, '/close')], body: { lockVersion: toClose.lockVersion } });
}

/** A user who signs in with a password, a session of theirs, and tokens and roles to revoke. */
async function prepareAccountFixtures(fx: Map<string, Fixture>, ctx: { units: Array<{ id: string; name: string }>; base: (u: string, v: number) => Target }): Promise<void> {
  const { units, base } = ctx;
  const email = 'robust@samspel.test';
  const password = 'Robust-lösenord-2026';
  const user = await call('POST', '/api/v1/municipalities/0360/users', { email, displayName: 'Robust Användare', password, role: 'reporter', unitId: units[0]!.id }, 201);
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { authorization: '' }, payload: { email, password } });
  if (login.statusCode !== 200) throw new Error(`setup: login gave ${login.statusCode}: ${login.body}`);
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  const asSession = { authorization: '', cookie, 'x-csrf-token': JSON.parse(login.body).csrfToken as string };
  const own = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: asSession, payload: { name: 'Robust', scope: 'write' } });
  const asToken = { authorization: `Bearer ${JSON.parse(own.body).token as string}` };
  const spare = await call('POST', '/api/v1/auth/tokens', { name: 'To revoke', scope: 'read' }, 201);
  const other = await call('POST', '/api/v1/municipalities/0138/users', { email: 'annan@samspel.test', displayName: 'Annan Användare', role: 'reader', unitId: null }, 201);
  const grant = await call('POST', `/api/v1/municipalities/0360/users/${user.id}/grants`, { role: 'reader', unitId: null }, 201);

  fx.set('POST /api/v1/auth/login', { main: base('/api/v1/auth/login', 0), others: [], body: { email, password }, headers: { authorization: '' } });
  fx.set('POST /api/v1/auth/logout', { main: base('/api/v1/auth/logout', 0), others: [], body: {}, headers: asSession });
  fx.set('POST /api/v1/auth/password', { main: base('/api/v1/auth/password', 0), others: [], body: { currentPassword: password, newPassword: 'Ett-nytt-robust-lösenord' }, headers: asToken });
  fx.set('POST /api/v1/auth/tokens', { main: base('/api/v1/auth/tokens', 0), others: [], body: { name: 'Robust 2', scope: 'read', expiresAt: '2031-01-01T00:00:00Z' } });
  fx.set('POST /api/v1/auth/tokens/:id/revoke', { main: base(`/api/v1/auth/tokens/${spare.apiToken.id}/revoke`, 0), others: [], body: {} });
  fx.set('POST /api/v1/municipalities/:code/users', {
    main: base('/api/v1/municipalities/0360/users', 0),
    others: [base('/api/v1/municipalities/0138/users', 0)],
    body: { email: 'ny@samspel.test', displayName: 'Ny Användare', role: 'strategist', unitId: null },
  });
  fx.set('POST /api/v1/municipalities/:code/users/:userId/grants', {
    main: base(`/api/v1/municipalities/0360/users/${other.id}/grants`, 0),
    others: [base(`/api/v1/municipalities/0138/users/${user.id}/grants`, 0)],
    body: { role: 'reporter', unitId: units[1]!.id },
  });
  fx.set('POST /api/v1/municipalities/:code/grants/:grantId/revoke', { main: base(`/api/v1/municipalities/0360/grants/${grant.id}/revoke`, 0), others: [], body: {} });
}

/** Periods, values and reports in each state a follow-up route starts from. */
async function prepareFollowUpFixtures(
  fx: Map<string, Fixture>,
  ctx: { plan: { id: string }; units: Array<{ id: string; name: string }>; base: (u: string, v: number) => Target },
): Promise<void> {
  const { plan, units, base } = ctx;
  const ostersund = (await call('GET', '/api/v1/municipalities/2380/documents?key=integrationsstrategi-2020', undefined, 200)).items[0];
  await call('POST', '/api/v1/municipalities/0360/periods', { year: 2018, scheme: 'year' }, 201);
  for (const year of [2021, 2022]) await call('POST', '/api/v1/municipalities/2380/periods', { year, scheme: 'year' }, 201);
  // Single values: one to change, one to delete, and one in a closed period (2020), which refuses both.
  const [p2020] = await call('POST', '/api/v1/municipalities/2380/periods', { year: 2020, scheme: 'year' }, 201);
  await call('POST', `/api/v1/documents/${ostersund.id}/values`, { values: [2020, 2021, 2022].map((year, i) => ({ indicator: 'antal-kommunmottagna', year, value: 287 + i })) }, 200);
  await call('POST', `/api/v1/periods/${p2020.id}/close`, { lockVersion: p2020.lockVersion }, 200);
  const storedValues: Array<{ id: string; lockVersion: number; year: number; unit: string | null }> = await call('GET', `/api/v1/documents/${ostersund.id}/values?indicator=antal-kommunmottagna`, undefined, 200);
  const valueOf = (year: number) => storedValues.find((v) => v.year === year && v.unit === null)!;
  const [inClosed, toChange, toRemove] = [valueOf(2020), valueOf(2021), valueOf(2022)];
  const valueTarget = (v: { id: string; lockVersion: number }) => base(`/api/v1/values/${v.id}`, v.lockVersion);
  fx.set('PATCH /api/v1/values/:id', { main: valueTarget(toChange), others: [valueTarget(inClosed)], body: { lockVersion: toChange.lockVersion, value: 296, status: 'preliminary', note: 'Robust' } });
  fx.set('DELETE /api/v1/values/:id', { main: valueTarget(toRemove), others: [valueTarget(inClosed), valueTarget(toChange)] });
  const [p2032] = await call('POST', '/api/v1/municipalities/0360/periods', { year: 2032, scheme: 'year' }, 201);
  const [p2033] = await call('POST', '/api/v1/municipalities/0360/periods', { year: 2033, scheme: 'year' }, 201);
  const closed = await call('POST', `/api/v1/periods/${p2033.id}/close`, { lockVersion: p2033.lockVersion }, 200);
  const council = (await call('GET', '/api/v1/municipalities/2380/units?limit=100', undefined, 200)).items.find((u: { name: string }) => u.name === 'Kommunfullmäktige');
  const tierpUnits = units.filter((u) => u.name !== 'Kommunfullmäktige');
  const klg = units.find((u) => u.name === 'Kommunledningsgruppen')!;
  const others = tierpUnits.filter((u) => u.id !== klg.id);
  const report = (docId: string, unitId: string, period: string) => call('POST', `/api/v1/documents/${docId}/reports`, { unitId, period }, 201);
  const step = async (r: { id: string; lockVersion: number }, action: string, reason: string | null = null) =>
    call('POST', `/api/v1/reports/${r.id}/${action}`, { lockVersion: r.lockVersion, reason }, 200);

  const rAct = await report(plan.id, klg.id, '2018');
  const rSubmit = await report(plan.id, others[0]!.id, '2018');
  const rReturn = await step(await report(plan.id, others[1]!.id, '2018'), 'submit');
  const rApprove = await step(await report(plan.id, others[2]!.id, '2018'), 'submit');
  const rLock = await step(await step(await report(plan.id, others[3]!.id, '2018'), 'submit'), 'approve');
  const rReopen = await step(await step(await step(await report(plan.id, others[4]!.id, '2018'), 'submit'), 'approve'), 'lock');
  const rGoal = await report(ostersund.id, council.id, '2021');
  const rVals = await report(ostersund.id, council.id, '2022');
  const rPeriodFree = others[5]!;
  const reportTarget = (r: { id: string; lockVersion: number }, suffix: string) => base(`/api/v1/reports/${r.id}${suffix}`, r.lockVersion);

  fx.set('POST /api/v1/municipalities/:code/periods', { main: base('/api/v1/municipalities/0360/periods', 0), others: [base('/api/v1/municipalities/0138/periods', 0)], body: { year: 2031, scheme: 'year_interim' } });
  fx.set('POST /api/v1/periods/:id/close', { main: base(`/api/v1/periods/${p2032.id}/close`, p2032.lockVersion), others: [base(`/api/v1/periods/${closed.id}/close`, closed.lockVersion)], body: { lockVersion: p2032.lockVersion } });
  fx.set('POST /api/v1/periods/:id/open', { main: base(`/api/v1/periods/${closed.id}/open`, closed.lockVersion), others: [base(`/api/v1/periods/${p2032.id}/open`, p2032.lockVersion)], body: { lockVersion: closed.lockVersion } });
  fx.set('POST /api/v1/documents/:id/values', {
    main: base(`/api/v1/documents/${ostersund.id}/values`, 0),
    others: [base(`/api/v1/documents/${plan.id}/values`, 0)],
    body: { values: [{ indicator: 'antal-kommunmottagna', year: 2023, value: 310, source: 'Robust', note: 'Robust', status: 'preliminary' }] },
  });
  fx.set('POST /api/v1/documents/:id/values/import', {
    main: base(`/api/v1/documents/${ostersund.id}/values/import`, 0),
    others: [base(`/api/v1/documents/${plan.id}/values/import`, 0)],
    body: { format: 'csv', content: 'Indicator,Year,Value,Source\nantal-kommunmottagna,2024,301,Robust\n' },
  });
  fx.set('POST /api/v1/documents/:id/reports', {
    main: base(`/api/v1/documents/${plan.id}/reports`, 0),
    others: [base(`/api/v1/documents/${ostersund.id}/reports`, 0)],
    body: { unitId: rPeriodFree.id, period: '2018' },
  });
  fx.set('PUT /api/v1/reports/:id/activities/:activityId', {
    main: reportTarget(rAct, `/activities/${rAct.activities[0].activityId}`),
    others: [reportTarget(rReturn, `/activities/${rAct.activities[0].activityId}`)],
    body: { lockVersion: rAct.lockVersion, status: 'ongoing', progress: 40, comment: 'Robust', evidenceUrl: 'https://example.org/robust' },
  });
  fx.set('PUT /api/v1/reports/:id/goals/:goalId', {
    main: reportTarget(rGoal, `/goals/${rGoal.goals[0].goalId}`),
    others: [reportTarget(rVals, `/goals/${rGoal.goals[0].goalId}`)],
    body: { lockVersion: rGoal.lockVersion, assessment: 'partly_fulfilled', text: 'Robust' },
  });
  fx.set('PUT /api/v1/reports/:id/values', {
    main: reportTarget(rVals, '/values'),
    others: [reportTarget(rReturn, '/values')],
    body: { lockVersion: rVals.lockVersion, values: [{ indicator: 'antal-kommunmottagna', value: 295 }] },
  });
  const transitions: Array<[string, { id: string; lockVersion: number }, string | null, { id: string; lockVersion: number }]> = [
    ['submit', rSubmit, null, rLock],
    ['return', rReturn, 'Saknar kommentarer', rSubmit],
    ['approve', rApprove, null, rSubmit],
    ['lock', rLock, null, rApprove],
    ['reopen', rReopen, 'Fel i en siffra', rSubmit],
  ];
  for (const [action, main, reason, wrongState] of transitions) {
    fx.set(`POST /api/v1/reports/:id/${action}`, {
      main: reportTarget(main, `/${action}`),
      others: [reportTarget(wrongState, `/${action}`)],
      body: { lockVersion: main.lockVersion, reason },
    });
  }
}

// A failure here fails the file before any hook runs: close (and on PostgreSQL drop) the test database first.
const fixtures = await (async () => {
  try {
    await withDemo(t.db);
    return await prepareFixtures();
  } catch (e) {
    await t.close();
    throw e;
  }
})();
const writeRoutes = t.app.routeTable.filter((r) => WRITE_METHODS.has(r.method));
const deleteQuery = z.strictObject({ lockVersion: z.coerce.number().int().min(1).optional() });

function isProblem(r: Reply): string | null {
  if (r.statusCode < 400 || r.statusCode >= 500) return `status ${r.statusCode}`;
  const ct = String(r.headers['content-type'] ?? '');
  if (!ct.startsWith('application/problem+json')) return `content-type ${ct}`;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(r.body);
  } catch {
    return 'a body that is not JSON';
  }
  for (const k of ['type', 'title', 'detail'] as const) if (typeof body[k] !== 'string' || (body[k] as string).length === 0) return `no ${k}`;
  if (!String(body.type).startsWith('urn:samspel:problem:')) return `type ${String(body.type)}`;
  if (body.status !== r.statusCode) return `status ${String(body.status)} in a ${r.statusCode} reply`;
  return null;
}

async function send(method: string, url: string, req: MalformedRequest, extraHeaders?: Record<string, string>): Promise<Reply> {
  const headers: Record<string, string> = { ...(extraHeaders ?? {}) };
  if (req.contentType !== undefined) headers['content-type'] = req.contentType;
  if (req.ifMatch !== undefined) headers['if-match'] = req.ifMatch;
  return t.app.inject({
    method: method as Method,
    url: req.query === undefined ? url : `${url}?${req.query}`,
    headers,
    ...(req.payload === undefined ? {} : { payload: req.payload }),
  });
}

describe('malformed requests to every write route', () => {
  it(`the route table lists at least ${MIN_WRITE_ROUTES} write routes, and each has real rows to aim at`, () => {
    expect(writeRoutes.length).toBeGreaterThanOrEqual(MIN_WRITE_ROUTES);
    const missing = writeRoutes.map((r) => `${r.method} ${r.url}`).filter((k) => !fixtures.has(k));
    expect(missing, 'write routes without a fixture in this test').toEqual([]);
  });

  it('every valid body the malformed ones are derived from passes its route schema', () => {
    for (const r of writeRoutes) {
      const f = fixtures.get(`${r.method} ${r.url}`);
      if (!f || r.method === 'DELETE') continue;
      expect(r.bodySchema, `${r.method} ${r.url} has a body schema`).toBeTruthy();
      const parsed = (r.bodySchema as ZodLike).safeParse(f.body);
      expect(parsed.success, `${r.method} ${r.url}: ${JSON.stringify((parsed as { error?: unknown }).error)}`).toBe(true);
    }
  });

  for (const route of writeRoutes) {
    const name = `${route.method} ${route.url} refuses ${RUNS_PER_ROUTE.toLocaleString('en')} malformed requests with a 4xx problem and changes nothing`;
    it(name, { timeout: 180_000 }, async () => {
      const f = fixtures.get(`${route.method} ${route.url}`);
      expect(f, 'a fixture for this route').toBeDefined();
      const fixture = f!;
      const targets = [fixture.main, ...fixture.others];
      const isDelete = route.method === 'DELETE';
      let requests: fc.Arbitrary<MalformedRequest>;
      let whyInvalid: (req: MalformedRequest) => string | null;
      if (isDelete) {
        requests = malformedDeletes(fixture.main.version);
        whyInvalid = (req) => whyInvalidDelete(req, deleteQuery);
      } else {
        const schema = route.bodySchema as ZodLike;
        const body = fixture.body!;
        // An action without input (sign out, revoke) accepts only an empty object or no body: its
        // malformations are derived from a one-field object, and every one of them is checked invalid.
        const base = Object.keys(body).length > 0 ? body : { note: 'x' };
        requests = malformedBodies(base, Object.keys(body).length > 0 ? requiredFields(body, schema) : []);
        whyInvalid = (req) => whyInvalidBody(req, schema);
      }
      const kinds = new Map<string, number>();
      const before = await snapshotDatabase(t.db.db);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...targets), requests, async (target, req) => {
          // Only requests that are really invalid: a malformation that happens to be valid is skipped.
          fc.pre(whyInvalid(req) !== null);
          kinds.set(req.kind, (kinds.get(req.kind) ?? 0) + 1);
          const r = await send(route.method, target.url, req, fixture.headers);
          const problem = isProblem(r);
          if (problem !== null) {
            throw new Error(`${route.method} ${target.url} (${req.kind}; invalid because ${whyInvalid(req)}) gave ${problem}: ${r.body.slice(0, 300)}`);
          }
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
      const after = await snapshotDatabase(t.db.db);
      expect(after).toEqual(before);
      // The generator must not have collapsed into a few kinds of malformation.
      expect(kinds.size, `kinds sent: ${JSON.stringify(Object.fromEntries(kinds))}`).toBeGreaterThanOrEqual(isDelete ? 10 : 20);
    });
  }

  it('every route accepts the valid request its malformed ones were derived from, so the refusals above came from the malformations; and each leaves audit rows naming its request and reason', async () => {
    const refused: string[] = [];
    const unaudited: string[] = [];
    for (const r of writeRoutes) {
      const f = fixtures.get(`${r.method} ${r.url}`)!;
      const headers = { ...(f.headers ?? {}), 'x-change-reason': encodeURIComponent(`Robusthet: ${r.method} ${r.url}`) };
      // An adoption adds the decision it names (body, paragraph, date) to the reason given.
      const given = `Robusthet: ${r.method} ${r.url}`;
      const adoption = f.body as { adoptedBy?: { body: string; paragraph: string | null }; decisionDate?: string } | undefined;
      const expectedReason = r.url.endsWith('/adopt') && adoption?.adoptedBy ? `${given} (${adoption.adoptedBy.body}${adoption.adoptedBy.paragraph ? ` ${adoption.adoptedBy.paragraph}` : ''}, ${adoption.decisionDate})` : given;
      const before = await countAudit(t.db.db);
      const res =
        r.method === 'DELETE'
          ? await t.app.inject({ method: 'DELETE', url: `${f.main.url}?lockVersion=${f.main.version}`, headers })
          : await t.app.inject({ method: r.method as Method, url: f.main.url, payload: f.body as object, headers });
      if (res.statusCode < 200 || res.statusCode >= 300) refused.push(`${r.method} ${f.main.url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
      const requestId = String(res.headers['x-request-id']);
      const rows = await t.db.db.selectFrom('audit_log').select(['actor', 'request_id', 'reason']).where('request_id', '=', requestId).execute();
      const ok = rows.length > 0 && (await countAudit(t.db.db)) - before === rows.length && rows.every((x) => /^user:[0-9a-f-]{36}$/.test(x.actor) && x.reason === expectedReason);
      if (!ok) unaudited.push(`${r.method} ${r.url}: ${rows.length} audit row(s) for request ${requestId}`);
    }
    expect(refused).toEqual([]);
    expect(unaudited, 'write routes whose change left no audit row with its request id and reason').toEqual([]);
  });
});
