import { sql } from 'kysely';
import { BUNDLE_FORMAT, CONTENT_KINDS, type ContentKind } from '../../../src/domain/strategy/types.ts';
import type { Role } from '../../../src/domain/access/policy.ts';
import { createUser, grantRole } from '../../../src/services/auth/accounts.service.ts';
import { createApiToken } from '../../../src/services/auth/tokens.service.ts';
import type { TestApp } from '../../support/test-db.ts';

/**
 * The world of the access-matrix test: two municipalities (tenants) with the same shape, and the
 * people who ask. Everything is made as the instance administrator through the API (the same
 * import, lifecycle and follow-up code a user goes through); accounts and tokens through the
 * account services.
 *
 * Each municipality: council → committee (X's parent) → unit X and its sibling unit Y; a group
 * below X and one below Y (the units the DELETE cells aim at); an adopted document with one item
 * of each kind, a draft with one item of each kind that is out for consultation to X and Y, with a
 * comment by each, and a draft being worked on (what the editing routes aim at); a period (2025) with a report by X and one by Y on the adopted document;
 * a queued report job; a spare user with a spare role (for the grant routes).
 *
 * Whatever is not published carries the marker `hemligt-<code>` in its text (titles, comments,
 * e-mail addresses …), and its id is listed in `secretIds`: a response to someone without a role in
 * that municipality must contain neither.
 */

export const TENANTS = ['A', 'B'] as const;
export type Tenant = (typeof TENANTS)[number];

export const secretMarker = (code: string) => `hemligt-${code}`;

export interface Row {
  id: string;
  lockVersion: number;
}
export interface UnitRow extends Row {
  name: string;
}
export interface DocSeed extends Row {
  key: string;
  title: string;
  items: Record<ContentKind, Row & { key: string }>;
}

export interface TenantSeed {
  tenant: Tenant;
  code: string;
  name: string;
  lockVersion: number;
  units: { council: UnitRow; committee: UnitRow; x: UnitRow; y: UnitRow; belowX: UnitRow; belowY: UnitRow };
  published: DocSeed;
  /** Out for consultation (so frozen). */
  draft: DocSeed;
  /** A draft being worked on: the target of the editing routes. */
  editable: DocSeed;
  /** The adopted document in the interchange format, for the import routes. */
  publishedExport: Record<string, unknown> & { document: Record<string, unknown> };
  period: Row & { key: string };
  reports: { x: Row; y: Row };
  /** Indicator values of 2023 on the adopted document: the municipality's own (women), X's and Y's (total). */
  values: { municipal: Row; x: Row; y: Row };
  consultation: Row;
  comments: { x: Row; y: Row };
  reportJob: { id: string };
  spareUser: { id: string };
  spareGrant: { id: string };
  /** Ids of rows that are not public. */
  secretIds: string[];
  marker: string;
}

/** Who asks. `unit` is the unit a unit-scoped role is granted for ('X'), or null for the whole municipality. */
export interface PrincipalSpec {
  name: string;
  kind: 'anonymous' | 'user' | 'instance';
  tenant: Tenant | null;
  role: Role | null;
  unit: 'X' | null;
  scope: 'read' | 'write';
  /** The bearer token; null for the anonymous visitor. */
  token: string | null;
  userId: string | null;
}

export interface MatrixSeed {
  A: TenantSeed;
  B: TenantSeed;
  principals: PrincipalSpec[];
  /** A second token of A's whole-municipality strategist, for the revoke route. */
  spareTokenId: string;
  /** An account with a password and no role, for the login route. */
  login: { email: string; password: string };
}

export const LOGIN_PASSWORD = 'korrekt-häst-batteri-häftklammer-42';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function call<T = any>(t: TestApp, method: Method, url: string, payload?: unknown, want = 200): Promise<T> {
  const r = await t.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
  if (r.statusCode !== want) throw new Error(`matrix seed: ${method} ${url} gave ${r.statusCode}, not ${want}: ${r.body.slice(0, 600)}`);
  return (r.body ? JSON.parse(r.body) : undefined) as T;
}

/** One item of each kind; `text` goes into every free text, so a draft's items carry the secret marker. */
function content(text: string, unitX: string) {
  return {
    sections: [{ key: 'syfte', kind: 'purpose', title: `Syfte ${text}`, body: `Planens syfte ${text}.` }],
    definitions: [{ key: 'nyanland', term: `Nyanländ ${text}`, text: `Den som nyligen har kommit ${text}.` }],
    areas: [{ key: 'arbete', name: `Arbete ${text}`, description: `Området arbete ${text}.` }],
    goals: [{ key: 'fler-i-arbete', area: 'arbete', title: `Fler i arbete ${text}`, ownerUnit: unitX }],
    strategies: [{ key: 'praktik', area: 'arbete', goal: 'fler-i-arbete', text: `Praktik i verksamheterna ${text}.` }],
    indicators: [{ key: 'sysselsatta', goal: 'fler-i-arbete', name: `Andel sysselsatta ${text}`, unitOfMeasure: 'percent', sexes: ['total', 'women', 'men'] }],
    targets: [{ key: 'minst-sextio', goal: 'fler-i-arbete', indicator: 'sysselsatta', comparator: 'at_least', value: 60, targetYear: 2027, statement: `Minst 60 procent ${text}.` }],
    activities: [{ key: 'sprakpraktik', goal: 'fler-i-arbete', description: `Språkpraktik ${text}`, responsible: [{ unit: unitX, role: 'Enhetschef', lead: true }], status: 'ongoing' }],
  };
}

async function seedTenant(t: TestApp, tenant: Tenant, code: string, name: string): Promise<Omit<TenantSeed, 'spareUser' | 'spareGrant'>> {
  const db = t.db.db;
  const marker = secretMarker(code);
  const unitNames = { council: `Kommunfullmäktige ${name}`, committee: `Nämnden för X ${code}`, x: `Enhet X ${code}`, y: `Enhet Y ${code}`, belowX: `Grupp under X ${code}`, belowY: `Grupp under Y ${code}` };
  await call(t, 'POST', '/api/v1/import', {
    format: BUNDLE_FORMAT,
    municipality: { code, name },
    organisation: [
      { name: unitNames.council, type: 'council', parent: null },
      { name: unitNames.committee, type: 'committee', parent: unitNames.council },
      { name: unitNames.x, type: 'unit', parent: unitNames.committee },
      { name: unitNames.y, type: 'unit', parent: unitNames.committee },
      { name: unitNames.belowX, type: 'group', parent: unitNames.x },
      { name: unitNames.belowY, type: 'group', parent: unitNames.y },
    ],
    documents: [
      {
        document: {
          key: 'handlingsplan',
          type: 'action_plan',
          title: `Handlingsplan för integration ${name}`,
          status: 'adopted',
          adoptedBy: { body: 'Kommunfullmäktige', paragraph: '§ 12' },
          decisionDate: '2024-12-10',
          validFrom: '2025-01-01',
          validUntil: '2027-12-31',
          goalLevels: ['Mål'],
        },
        ...content('offentligt', unitNames.x),
      },
      {
        document: { key: 'utkast', type: 'plan', title: `Utkast ${marker}`, status: 'draft', goalLevels: ['Mål'] },
        ...content(marker, unitNames.x),
      },
      {
        document: { key: 'arbetsutkast', type: 'plan', title: `Arbetsutkast ${marker}`, status: 'draft', goalLevels: ['Mål'] },
        ...content(`under arbete ${marker}`, unitNames.x),
      },
    ],
  });

  const unitRows = await db.selectFrom('org_unit').select(['id', 'name', 'lock_version']).where('municipality_code', '=', code).execute();
  const unit = (n: string): UnitRow => {
    const u = unitRows.find((r) => r.name === n);
    if (!u) throw new Error(`matrix seed: no unit ${n}`);
    return { id: u.id, name: u.name, lockVersion: u.lock_version };
  };
  const units = {
    council: unit(unitNames.council),
    committee: unit(unitNames.committee),
    x: unit(unitNames.x),
    y: unit(unitNames.y),
    belowX: unit(unitNames.belowX),
    belowY: unit(unitNames.belowY),
  };

  const docSeed = async (key: string): Promise<DocSeed> => {
    const d = await db.selectFrom('document').select(['id', 'key', 'title', 'lock_version']).where('municipality_code', '=', code).where('key', '=', key).executeTakeFirstOrThrow();
    const items = {} as DocSeed['items'];
    for (const kind of CONTENT_KINDS) {
      const list = await call<{ items: Array<{ id: string; key: string; lockVersion: number }> }>(t, 'GET', `/api/v1/documents/${d.id}/${kind}`);
      const first = list.items[0];
      if (!first || list.items.length !== 1) throw new Error(`matrix seed: ${key} should have one ${kind}`);
      items[kind] = { id: first.id, key: first.key, lockVersion: first.lockVersion };
    }
    return { id: d.id, key: d.key, title: d.title, lockVersion: d.lock_version, items };
  };
  const published = await docSeed('handlingsplan');
  const draftBefore = await docSeed('utkast');
  const editable = await docSeed('arbetsutkast');
  const publishedExport = await call(t, 'GET', `/api/v1/documents/${published.id}/export`);

  // Follow-up: a year with one period, a report by X (with an activity follow-up) and one by Y.
  const [period] = await call<Array<{ id: string; key: string; lockVersion: number }>>(t, 'POST', `/api/v1/municipalities/${code}/periods`, { year: 2025, scheme: 'year' }, 201);
  const reportX = await call(t, 'POST', `/api/v1/documents/${published.id}/reports`, { unitId: units.x.id, period: '2025' }, 201);
  const reportY = await call(t, 'POST', `/api/v1/documents/${published.id}/reports`, { unitId: units.y.id, period: '2025' }, 201);
  const followedUp = await call(t, 'PUT', `/api/v1/reports/${reportX.id}/activities/${published.items.activities.id}`, {
    lockVersion: reportX.lockVersion,
    status: 'ongoing',
    progress: 40,
    comment: `Uppföljning av språkpraktik ${marker}`,
  });

  // Values of 2023, before the first period (2025): the year is created with them.
  await call(t, 'POST', `/api/v1/documents/${published.id}/values`, {
    createPeriods: true,
    values: [
      { indicator: 'sysselsatta', year: 2023, sex: 'women', value: 52.5 },
      { indicator: 'sysselsatta', year: 2023, unit: unitNames.x, value: 50.5 },
      { indicator: 'sysselsatta', year: 2023, unit: unitNames.y, value: 54.5 },
    ],
  });
  const stored = await call<Array<{ id: string; lockVersion: number; unit: string | null }>>(t, 'GET', `/api/v1/documents/${published.id}/values?year=2023`);
  const valueOf = (unit: string | null): Row => {
    const v = stored.find((x) => x.unit === unit);
    if (!v) throw new Error(`matrix seed: no value of ${unit ?? 'the municipality'}`);
    return { id: v.id, lockVersion: v.lockVersion };
  };
  const values = { municipal: valueOf(null), x: valueOf(unitNames.x), y: valueOf(unitNames.y) };

  // Consultation (remiss) of the draft to X and Y, a comment by each.
  const consultation = await call(t, 'POST', `/api/v1/documents/${draftBefore.id}/consultations`, {
    lockVersion: draftBefore.lockVersion,
    recipients: [units.x.id, units.y.id],
    deadline: '2099-12-31',
    message: `Missiv ${marker}`,
  }, 201);
  const comment = (unitId: string, who: string) =>
    call(t, 'POST', `/api/v1/consultations/${consultation.id}/comments`, { unitId, target: { kind: 'goals', key: 'fler-i-arbete' }, text: `Synpunkt från ${who} ${marker}`, role: 'Enhetschef' }, 201);
  const commentX = await comment(units.x.id, 'X');
  const commentY = await comment(units.y.id, 'Y');
  const consultationNow = await call(t, 'GET', `/api/v1/consultations/${consultation.id}`);
  const draft = { ...draftBefore, lockVersion: (await call(t, 'GET', `/api/v1/documents/${draftBefore.id}`)).lockVersion };

  const job = await call(t, 'POST', `/api/v1/municipalities/${code}/report-jobs`, { kind: 'action-plan', format: 'xlsx', documentId: published.id }, 202);
  const municipality = await call(t, 'GET', `/api/v1/municipalities/${code}`);

  return {
    tenant,
    code,
    name,
    lockVersion: municipality.lockVersion,
    units,
    published,
    draft,
    editable,
    publishedExport,
    period: { id: period!.id, key: period!.key, lockVersion: period!.lockVersion },
    reports: { x: { id: reportX.id, lockVersion: followedUp.lockVersion }, y: { id: reportY.id, lockVersion: reportY.lockVersion } },
    values,
    consultation: { id: consultationNow.id, lockVersion: consultationNow.lockVersion },
    comments: { x: { id: commentX.id, lockVersion: commentX.lockVersion }, y: { id: commentY.id, lockVersion: commentY.lockVersion } },
    reportJob: { id: job.id },
    secretIds: [draft.id, ...Object.values(draft.items).map((i) => i.id), editable.id, ...Object.values(editable.items).map((i) => i.id), reportX.id, reportY.id, values.municipal.id, values.x.id, values.y.id, consultation.id, commentX.id, commentY.id, job.id, period!.id],
    marker,
  };
}

const ROLE_ORDER: Role[] = ['administrator', 'strategist', 'reporter', 'reader'];

/** Seeds municipality A and B, and makes every principal of the matrix (each with its own API token). */
export async function seedMatrix(t: TestApp, codes: { A: string; B: string } = { A: '0138', B: '0360' }): Promise<MatrixSeed> {
  const db = t.db.db;
  const tenants = {} as Record<Tenant, TenantSeed>;
  for (const [tenant, name] of [['A', 'Tyresö matris'], ['B', 'Tierp matris']] as const) {
    const seed = await seedTenant(t, tenant, codes[tenant], name);
    const spare = await createUser(db, { email: `reserv.${seed.marker}@matrix.test`, displayName: `Reserv ${seed.marker}` });
    const spareGrant = await grantRole(db, spare.id, { municipalityCode: seed.code, role: 'reader', unitId: null });
    tenants[tenant] = { ...seed, spareUser: { id: spare.id }, spareGrant: { id: spareGrant.id }, secretIds: [...seed.secretIds, spare.id, spareGrant.id] };
  }

  const principals: PrincipalSpec[] = [{ name: 'anonymous', kind: 'anonymous', tenant: null, role: null, unit: null, scope: 'read', token: null, userId: null }];
  const person = async (tenant: Tenant, role: Role, unit: 'X' | null, scope: 'read' | 'write' = 'write', existing?: string): Promise<PrincipalSpec> => {
    const s = tenants[tenant];
    const label = `${tenant} ${role}${unit ? ' of X' : ''}`;
    let userId = existing;
    if (!userId) {
      const u = await createUser(db, { email: `${role}${unit ? '.x' : ''}.${s.marker}@matrix.test`, displayName: `${label} ${s.marker}` });
      await grantRole(db, u.id, { municipalityCode: s.code, role, unitId: unit ? s.units.x.id : null });
      userId = u.id;
      s.secretIds.push(u.id);
    }
    const token = (await createApiToken(db, userId, { name: `matrix ${label} ${scope}`, scope })).token;
    return { name: `${label}${scope === 'read' ? ' (read token)' : ''}`, kind: 'user', tenant, role, unit, scope, token, userId };
  };
  for (const unit of [null, 'X'] as const) for (const role of ROLE_ORDER) principals.push(await person('A', role, unit));
  const strategistA = principals.find((p) => p.tenant === 'A' && p.role === 'strategist' && p.unit === null)!;
  principals.push(await person('A', 'strategist', null, 'read', strategistA.userId!));
  principals.push(await person('B', 'administrator', null));
  const instance = await db.selectFrom('app_user').select('id').where('instance_admin', '=', true).executeTakeFirstOrThrow();
  principals.push({ name: 'instance administrator', kind: 'instance', tenant: null, role: null, unit: null, scope: 'write', token: t.adminToken, userId: instance.id });

  const spareToken = await createApiToken(db, strategistA.userId!, { name: 'matrix spare token', scope: 'read' });
  const login = { email: 'inloggning@matrix.test', password: LOGIN_PASSWORD };
  await createUser(db, { email: login.email, displayName: 'Inloggning utan roll', password: login.password });
  return { A: tenants.A, B: tenants.B, principals, spareTokenId: spareToken.apiToken.id, login };
}

/**
 * A token's use is stamped on it at most once a minute (tokens.service.ts). That stamp is the
 * token's own bookkeeping, not a change a request makes; it is set an hour ahead so that a run of
 * requests leaves the tables exactly as they were, and the snapshot compares only what a request
 * could change.
 */
export async function holdTokenStamps(db: TestApp['db']['db']): Promise<void> {
  await sql`update api_token set last_used_at = now() + interval '1 hour'`.execute(db);
}

/**
 * A fingerprint of one municipality's rows in every table that carries a municipality: equal before
 * and after means nothing of that tenant was written.
 */
export async function tenantFingerprint(db: TestApp['db']['db'], code: string): Promise<Record<string, string>> {
  const cols = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and column_name in ('municipality_code') order by table_name`.execute(db);
  const out: Record<string, string> = {};
  for (const { table_name } of cols.rows) {
    const r = await sql<{ n: number; md5: string | null }>`
      select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as md5 from ${sql.table(table_name)} t where municipality_code = ${code}`.execute(db);
    out[table_name] = `${r.rows[0]!.n}:${r.rows[0]!.md5 ?? ''}`;
  }
  const m = await sql<{ md5: string | null }>`select md5(string_agg(t::text, '|')) as md5 from municipality t where code = ${code}`.execute(db);
  out.municipality = m.rows[0]!.md5 ?? '';
  return out;
}
