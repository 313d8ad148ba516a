import { BUNDLE_FORMAT, CONTENT_KINDS, type ContentKind } from '../../../src/domain/strategy/types.ts';
import type { Role } from '../../../src/domain/access/policy.ts';
import type { DocSeed, MatrixSeed, PrincipalSpec, Tenant, TenantSeed } from './matrix-seed.ts';

/**
 * What the access-matrix test expects of every route, written by hand from the issue ("roles per org
 * unit: administrator, strategist, reporter = own unit and below, reader; anonymous sees only
 * published") and the methodology pages (docs/methodology/consultation.md: the strategist decides on
 * comments, the recipient unit answers; report-workflow.md: reporters write their unit's report,
 * strategists review) — not from src/http/access-map.ts and not through `decide`, so that a wrong
 * rule there shows up as a disagreement here. And, per route, the requests that exercise it: one per
 * target (the resource of unit X, of unit Y, of municipality B …), each a request that would succeed.
 */

// ---------------------------------------------------------------------------------------------
// Who may

export type Need =
  /** Anyone, signed in or not. */
  | { who: 'anyone'; write: boolean }
  /** Anyone when the document is published; otherwise someone with a role in its municipality. */
  | { who: 'published-or-member'; write: false }
  /** Someone with any role anywhere in the municipality. */
  | { who: 'member'; write: boolean }
  /** Anyone signed in: their own account and tokens. */
  | { who: 'signed-in'; write: boolean }
  /** At least this role, for the whole municipality ('municipality') or for the resource's unit or one above it ('unit'). */
  | { who: 'role'; role: Role; over: 'municipality' | 'unit'; write: boolean }
  /** The instance administrator only. */
  | { who: 'instance-admin'; write: true };

const anyone: Need = { who: 'anyone', write: false };
const anyoneWrites: Need = { who: 'anyone', write: true };
const publishedOrMember: Need = { who: 'published-or-member', write: false };
const member: Need = { who: 'member', write: false };
const memberWrites: Need = { who: 'member', write: true };
const signedIn: Need = { who: 'signed-in', write: false };
const signedInWrites: Need = { who: 'signed-in', write: true };
const instanceAdmin: Need = { who: 'instance-admin', write: true };
const whole = (role: Role, write = true): Need => ({ who: 'role', role, over: 'municipality', write });
const unitOf = (role: Role): Need => ({ who: 'role', role, over: 'unit', write: true });

/** How much each role includes: a role may do what every role below it may. */
const INCLUDES: Record<Role, readonly Role[]> = {
  reader: ['reader'],
  reporter: ['reporter', 'reader'],
  strategist: ['strategist', 'reporter', 'reader'],
  administrator: ['administrator', 'strategist', 'reporter', 'reader'],
};

export type Expected = 'allow' | 'unauthenticated' | 'forbidden' | 'hidden';

/**
 * The expected answer, in the order a person would reason: public things are open; an anonymous
 * visitor is asked to sign in (401); a municipality where one has no role is not one's business, so
 * its resources are not found (404); a read-only token does not write (403); a role that is too
 * small or granted for another unit is refused (403).
 */
export function expectedDecision(p: PrincipalSpec, need: Need, target: Target): Expected {
  if (need.who === 'anyone') return 'allow';
  if (need.who === 'published-or-member' && target.published) return 'allow';
  if (p.kind === 'anonymous') return 'unauthenticated';
  const readOnlyWrite = need.write && p.scope === 'read';
  if (need.who === 'signed-in' || p.kind === 'instance') return readOnlyWrite ? 'forbidden' : 'allow';
  if (need.who === 'instance-admin') return 'forbidden';
  if (target.tenant === null) throw new Error(`a ${need.who} rule needs a target in a municipality (${target.label})`);
  if (p.tenant !== target.tenant) return 'hidden';
  if (readOnlyWrite) return 'forbidden';
  if (need.who === 'member' || need.who === 'published-or-member') return 'allow';
  const strongEnough = INCLUDES[p.role!].includes(need.role);
  const reaches = p.unit === null || (need.over === 'unit' && (target.unitPath ?? []).includes(p.unit));
  return strongEnough && reaches ? 'allow' : 'forbidden';
}

// ---------------------------------------------------------------------------------------------
// The requests

/** Units by their place in the tree: a target's unit and those above it, nearest first. */
export type UnitTag = 'council' | 'committee' | 'X' | 'Y' | 'belowX' | 'belowY';
const PATHS: Record<UnitTag, UnitTag[]> = {
  council: ['council'],
  committee: ['committee', 'council'],
  X: ['X', 'committee', 'council'],
  Y: ['Y', 'committee', 'council'],
  belowX: ['belowX', 'X', 'committee', 'council'],
  belowY: ['belowY', 'Y', 'committee', 'council'],
};

export interface Target {
  /** "A", "A:X", "B:draft" …: whose resource, and which. */
  label: string;
  tenant: Tenant | null;
  unitPath?: readonly UnitTag[];
  published: boolean;
  url: string;
  payload?: unknown;
  /** The id of the row a successful request deletes (a later 404 for it is then expected). */
  deletes?: string;
  /**
   * For a request that carries a lockVersion (in its body or its query): where to read the row's
   * current one (as the instance administrator) just before an allowed request, so that it meets
   * the version it expects whatever the cells before it changed. A denied request runs before any
   * change and carries the seeded version.
   */
  versionFrom?: string;
}

/** The row a request changes, whose lockVersion it carries: a step of a workflow or a part of a row is the row. */
function rowUrl(url: string): string {
  const path = url.split('?')[0]!;
  const step = /^(\/api\/v1\/(?:documents|periods|reports|consultations)\/[0-9a-f-]{36})\/(?:consultations?|return-to-draft|expire|adopt|revise|close|open|submit|return|approve|lock|reopen|values|(?:activities|goals)\/[0-9a-f-]{36})$/.exec(path);
  return step ? step[1]! : path;
}
const carriesVersion = (t: Target) => /[?&]lockVersion=/.test(t.url) || (typeof t.payload === 'object' && t.payload !== null && 'lockVersion' in t.payload);

/**
 * - read: GET, before any allowed write;
 * - write: ordinary changes;
 * - late: changes of state that make the other writes refuse, after them, in `order`: a report's
 *   workflow, closing the period, the units' answers, closing the consultation, the document's lifecycle;
 * - destructive: DELETE and revoke, last, in `order`.
 */
export type Phase = 'read' | 'write' | 'late' | 'destructive';

export interface RouteSpec {
  need: Need;
  phase: Phase;
  order?: number;
  targets: Target[];
}

const at = (s: TenantSeed, label: string, url: string, extra: Partial<Target> = {}): Target => ({ label: `${s.tenant}${label}`, tenant: s.tenant, published: false, url, ...extra });
const unitAt = (s: TenantSeed, unit: UnitTag, url: string, extra: Partial<Target> = {}): Target => at(s, `:${unit}`, url, { unitPath: PATHS[unit], ...extra });
const none = (url: string, payload?: unknown): Target => ({ label: '-', tenant: null, published: false, url, ...(payload === undefined ? {} : { payload }) });

/** Create bodies, valid in either document (same keys), with a key of their own. */
function createBody(kind: ContentKind): Record<string, unknown> {
  switch (kind) {
    case 'sections':
      return { key: 'ny-del', kind: 'background', body: 'Bakgrund.' };
    case 'definitions':
      return { key: 'ny-term', term: 'Etablering', text: 'De första åren i Sverige.' };
    case 'areas':
      return { key: 'nytt-omrade', name: 'Bostad' };
    case 'goals':
      return { key: 'nytt-mal', title: 'Fler i eget boende' };
    case 'strategies':
      return { key: 'ny-strategi', text: 'Samverkan med bostadsbolaget.' };
    case 'indicators':
      return { key: 'ny-indikator', name: 'Antal i eget boende', unitOfMeasure: 'count' };
    case 'targets':
      return { key: 'nytt-malvarde', goal: 'nytt-mal', comparator: 'increase', statement: 'Andelen ska öka.' };
    case 'activities':
      return { key: 'ny-aktivitet', description: 'Boendeskola' };
  }
}
function patchBody(kind: ContentKind, lockVersion: number): Record<string, unknown> {
  const field: Record<ContentKind, [string, string]> = {
    sections: ['title', 'Syfte'],
    definitions: ['text', 'Den som nyligen har kommit till kommunen.'],
    areas: ['description', 'Arbete och studier.'],
    goals: ['description', 'Arbete ger egen försörjning.'],
    strategies: ['text', 'Praktik i alla förvaltningar.'],
    indicators: ['definition', 'Sysselsatta delat med alla 20–64 år.'],
    targets: ['statement', 'Minst 60 procent år 2027.'],
    activities: ['description', 'Språkpraktik i kommunens verksamheter'],
  };
  const [k, v] = field[kind];
  return { lockVersion, [k]: v };
}

/** Every route of the API with who may call it and the requests that exercise it. */
export function routeSpecs(seed: MatrixSeed): Record<string, RouteSpec> {
  const both = <T>(fn: (s: TenantSeed) => T | T[]): T[] => [seed.A, seed.B].flatMap((s) => fn(s));
  const municipalities = (url: (s: TenantSeed) => string, payload?: (s: TenantSeed) => unknown) =>
    both((s) => at(s, '', url(s), payload ? { payload: payload(s) } : {}));
  const docs = (
    which: Array<'published' | 'draft' | 'editable'>,
    url: (s: TenantSeed, d: DocSeed) => string,
    payload?: ((s: TenantSeed, d: DocSeed) => unknown) | null,
    deletes?: (d: DocSeed) => string,
  ) =>
    both((s) =>
      which.map((w) => {
        const d = s[w];
        return at(s, `:${w}`, url(s, d), { published: w === 'published', ...(payload ? { payload: payload(s, d) } : {}), ...(deletes ? { deletes: deletes(d) } : {}) });
      }),
    );
  /** X and Y of A, X of B: for resources that belong to a unit. */
  const units = (fn: (s: TenantSeed, u: 'x' | 'y') => { url: string; payload?: unknown; deletes?: string; versionFrom?: string }, tags: [UnitTag, UnitTag] = ['X', 'Y']) => [
    ...(['x', 'y'] as const).map((u, i) => unitAt(seed.A, tags[i]!, fn(seed.A, u).url, strip(fn(seed.A, u)))),
    unitAt(seed.B, tags[0]!, fn(seed.B, 'x').url, strip(fn(seed.B, 'x'))),
  ];
  const strip = (r: { url: string; payload?: unknown; deletes?: string; versionFrom?: string }) => {
    const { url: _u, ...rest } = r;
    return rest;
  };
  const del = (url: string, lockVersion: number, id: string, versionFrom?: string) => ({ url: `${url}?lockVersion=${lockVersion}`, deletes: id, ...(versionFrom ? { versionFrom } : {}) });
  const transition = (lockVersion: number, reason = 'Saknar underlag för X') => ({ lockVersion, reason });

  const specs: Record<string, RouteSpec> = {
    // The instance and the public
    'GET /api/v1/health': { need: anyone, phase: 'read', targets: [none('/api/v1/health')] },
    'GET /api/v1/openapi.json': { need: anyone, phase: 'read', targets: [none('/api/v1/openapi.json')] },
    'GET /api/v1/municipalities': { need: anyone, phase: 'read', targets: [none('/api/v1/municipalities')] },
    'POST /api/v1/municipalities': { need: instanceAdmin, phase: 'write', targets: [none('/api/v1/municipalities', { code: '9901', name: 'Matrisby' })] },
    'POST /api/v1/import': {
      need: instanceAdmin,
      phase: 'write',
      targets: [none('/api/v1/import', { format: BUNDLE_FORMAT, municipality: { code: '9902', name: 'Importby' }, organisation: [{ name: 'Kommunstyrelsen', type: 'executive_board', parent: null }], documents: [] })],
    },
    'GET /api/v1/municipalities/:code': { need: anyone, phase: 'read', targets: municipalities((s) => `/api/v1/municipalities/${s.code}`) },
    'PATCH /api/v1/municipalities/:code': { need: whole('administrator'), phase: 'write', targets: municipalities((s) => `/api/v1/municipalities/${s.code}`, (s) => ({ name: s.name, lockVersion: s.lockVersion })) },
    'DELETE /api/v1/municipalities/:code': { need: instanceAdmin, phase: 'destructive', order: 9, targets: municipalities((s) => `/api/v1/municipalities/${s.code}?lockVersion=${s.lockVersion}`) },
    // The organisation is public; the administrator of the whole municipality changes it.
    'GET /api/v1/municipalities/:code/units': { need: anyone, phase: 'read', targets: municipalities((s) => `/api/v1/municipalities/${s.code}/units`) },
    'POST /api/v1/municipalities/:code/units': { need: whole('administrator'), phase: 'write', targets: municipalities((s) => `/api/v1/municipalities/${s.code}/units`, (s) => ({ name: `Ny enhet ${s.code}`, type: 'unit', parentId: s.units.x.id })) },
    'GET /api/v1/units/:id': { need: anyone, phase: 'read', targets: units((s, u) => ({ url: `/api/v1/units/${s.units[u].id}` })) },
    'PATCH /api/v1/units/:id': {
      need: whole('administrator'),
      phase: 'write',
      targets: units((s, u) => ({ url: `/api/v1/units/${s.units[u].id}`, payload: { name: s.units[u].name, parentId: s.units.committee.id, lockVersion: s.units[u].lockVersion } })),
    },
    'DELETE /api/v1/units/:id': {
      need: whole('administrator'),
      phase: 'destructive',
      order: 8,
      targets: units((s, u) => {
        const unit = u === 'x' ? s.units.belowX : s.units.belowY;
        return del(`/api/v1/units/${unit.id}`, unit.lockVersion, unit.id);
      }, ['belowX', 'belowY']),
    },
    // Steering documents: published versions are public, drafts internal; strategists of the whole municipality edit.
    'GET /api/v1/documents': { need: anyone, phase: 'read', targets: [none('/api/v1/documents?limit=200')] },
    'GET /api/v1/municipalities/:code/documents': { need: anyone, phase: 'read', targets: municipalities((s) => `/api/v1/municipalities/${s.code}/documents`) },
    'POST /api/v1/municipalities/:code/documents': { need: whole('strategist'), phase: 'write', targets: municipalities((s) => `/api/v1/municipalities/${s.code}/documents`, () => ({ key: 'ny-plan', type: 'plan', title: 'Ny plan' })) },
    'GET /api/v1/municipalities/:code/document-series/:key/in-force': {
      need: anyone,
      phase: 'read',
      targets: both((s) => [s.published, s.draft].map((d) => at(s, `:${d.key}`, `/api/v1/municipalities/${s.code}/document-series/${d.key}/in-force?date=2025-06-01`))),
    },
    'POST /api/v1/municipalities/:code/documents/import': {
      need: whole('strategist'),
      phase: 'write',
      targets: municipalities((s) => `/api/v1/municipalities/${s.code}/documents/import`, (s) => ({ ...s.publishedExport, document: { ...s.publishedExport.document, key: 'importerad-plan' } })),
    },
    'GET /api/v1/documents/:id': { need: publishedOrMember, phase: 'read', targets: docs(['published', 'draft'], (_s, d) => `/api/v1/documents/${d.id}`) },
    'PATCH /api/v1/documents/:id': { need: whole('strategist'), phase: 'write', targets: docs(['editable'], (_s, d) => `/api/v1/documents/${d.id}`, (_s, d) => ({ note: 'Ändrad', lockVersion: d.lockVersion })) },
    'DELETE /api/v1/documents/:id': { need: whole('strategist'), phase: 'destructive', order: 7, targets: docs(['editable'], (_s, d) => `/api/v1/documents/${d.id}?lockVersion=${d.lockVersion}`, null, (d) => d.id) },
    'GET /api/v1/documents/:id/tree': { need: publishedOrMember, phase: 'read', targets: docs(['published', 'draft'], (_s, d) => `/api/v1/documents/${d.id}/tree`) },
    'GET /api/v1/documents/:id/export': { need: publishedOrMember, phase: 'read', targets: docs(['published', 'draft'], (_s, d) => `/api/v1/documents/${d.id}/export`) },
    // Each version with the published one (the published one with itself): the other version is read too, so it must be public here.
    'GET /api/v1/documents/:id/compare': { need: publishedOrMember, phase: 'read', targets: docs(['published', 'draft'], (s, d) => `/api/v1/documents/${d.id}/compare?with=${s.published.id}`) },
    'POST /api/v1/documents/:id/consultation': { need: whole('strategist'), phase: 'late', order: 6, targets: docs(['draft'], (_s, d) => `/api/v1/documents/${d.id}/consultation`, (_s, d) => ({ lockVersion: d.lockVersion })) },
    'POST /api/v1/documents/:id/return-to-draft': { need: whole('strategist'), phase: 'late', order: 6, targets: docs(['draft'], (_s, d) => `/api/v1/documents/${d.id}/return-to-draft`, (_s, d) => ({ lockVersion: d.lockVersion })) },
    'POST /api/v1/documents/:id/expire': { need: whole('strategist'), phase: 'late', order: 6, targets: docs(['published'], (_s, d) => `/api/v1/documents/${d.id}/expire`, (_s, d) => ({ lockVersion: d.lockVersion, lastDay: '2027-06-30' })) },
    'POST /api/v1/documents/:id/adopt': {
      need: whole('strategist'),
      phase: 'late',
      order: 6,
      targets: docs(['draft'], (_s, d) => `/api/v1/documents/${d.id}/adopt`, (_s, d) => ({ lockVersion: d.lockVersion, adoptedBy: { body: 'Kommunfullmäktige', paragraph: '§ 3' }, decisionDate: '2026-01-20' })),
    },
    'POST /api/v1/documents/:id/revise': { need: whole('strategist'), phase: 'late', order: 6, targets: docs(['published'], (_s, d) => `/api/v1/documents/${d.id}/revise`, (_s, d) => ({ lockVersion: d.lockVersion })) },
    ...Object.fromEntries(
      CONTENT_KINDS.flatMap((kind): Array<[string, RouteSpec]> => [
        [`GET /api/v1/documents/:id/${kind}`, { need: publishedOrMember, phase: 'read', targets: docs(['published', 'draft'], (_s, d) => `/api/v1/documents/${d.id}/${kind}`) }],
        [`POST /api/v1/documents/:id/${kind}`, { need: whole('strategist'), phase: 'write', targets: docs(['editable'], (_s, d) => `/api/v1/documents/${d.id}/${kind}`, () => createBody(kind)) }],
        [`GET /api/v1/${kind}/:itemId`, { need: publishedOrMember, phase: 'read', targets: docs(['published', 'draft'], (_s, d) => `/api/v1/${kind}/${d.items[kind].id}`) }],
        [`PATCH /api/v1/${kind}/:itemId`, { need: whole('strategist'), phase: 'write', targets: docs(['editable'], (_s, d) => `/api/v1/${kind}/${d.items[kind].id}`, (_s, d) => patchBody(kind, d.items[kind].lockVersion)) }],
        [
          `DELETE /api/v1/${kind}/:itemId`,
          {
            need: whole('strategist'),
            phase: 'destructive',
            // Items that others refer to last: activities, targets, indicators, strategies, goals, areas …
            order: 6 + (CONTENT_KINDS.length - CONTENT_KINDS.indexOf(kind)) / 10,
            targets: docs(['editable'], (_s, d) => `/api/v1/${kind}/${d.items[kind].id}?lockVersion=${d.items[kind].lockVersion}`, null, (d) => d.items[kind].id),
          },
        ],
      ]),
    ),
    // Follow-up: internal to the municipality; reporters write their own unit's report, strategists review it and run the follow-up.
    'GET /api/v1/municipalities/:code/periods': { need: member, phase: 'read', targets: municipalities((s) => `/api/v1/municipalities/${s.code}/periods`) },
    'POST /api/v1/municipalities/:code/periods': { need: whole('strategist'), phase: 'write', targets: municipalities((s) => `/api/v1/municipalities/${s.code}/periods`, () => ({ year: 2026, scheme: 'year' })) },
    'GET /api/v1/periods/:id': { need: member, phase: 'read', targets: municipalities((s) => `/api/v1/periods/${s.period.id}`) },
    'POST /api/v1/periods/:id/close': { need: whole('strategist'), phase: 'late', order: 2, targets: municipalities((s) => `/api/v1/periods/${s.period.id}/close`, (s) => ({ lockVersion: s.period.lockVersion })) },
    'POST /api/v1/periods/:id/open': { need: whole('strategist'), phase: 'late', order: 3, targets: municipalities((s) => `/api/v1/periods/${s.period.id}/open`, (s) => ({ lockVersion: s.period.lockVersion })) },
    'GET /api/v1/documents/:id/values': { need: member, phase: 'read', targets: docs(['published'], (_s, d) => `/api/v1/documents/${d.id}/values`) },
    'POST /api/v1/documents/:id/values': { need: whole('strategist'), phase: 'write', targets: docs(['published'], (_s, d) => `/api/v1/documents/${d.id}/values`, () => ({ values: [{ indicator: 'sysselsatta', year: 2024, value: 55.5 }] })) },
    'POST /api/v1/documents/:id/values/import': {
      need: whole('strategist'),
      phase: 'write',
      targets: docs(['published'], (_s, d) => `/api/v1/documents/${d.id}/values/import`, () => ({ format: 'csv', content: 'Indicator,Year,Value\nsysselsatta,2023,54.1\n' })),
    },
    // One value: read by the municipality's staff, changed and deleted as its document's values are written (strategists of the whole municipality).
    'GET /api/v1/values/:id': {
      need: member,
      phase: 'read',
      targets: [...units((s, u) => ({ url: `/api/v1/values/${s.values[u].id}` })), ...both((s) => at(s, ':municipal', `/api/v1/values/${s.values.municipal.id}`))],
    },
    'PATCH /api/v1/values/:id': {
      need: whole('strategist'),
      phase: 'write',
      targets: [
        ...units((s, u) => ({ url: `/api/v1/values/${s.values[u].id}`, payload: { lockVersion: s.values[u].lockVersion, note: 'Rättad siffra' } })),
        ...both((s) => at(s, ':municipal', `/api/v1/values/${s.values.municipal.id}`, { payload: { lockVersion: s.values.municipal.lockVersion, value: 52.7 } })),
      ],
    },
    'DELETE /api/v1/values/:id': {
      need: whole('strategist'),
      phase: 'destructive',
      order: 3,
      targets: [
        ...units((s, u) => del(`/api/v1/values/${s.values[u].id}`, s.values[u].lockVersion, s.values[u].id)),
        ...both((s) => at(s, ':municipal', `/api/v1/values/${s.values.municipal.id}?lockVersion=${s.values.municipal.lockVersion}`, { deletes: s.values.municipal.id })),
      ],
    },
    'GET /api/v1/documents/:id/values.csv': { need: member, phase: 'read', targets: docs(['published'], (_s, d) => `/api/v1/documents/${d.id}/values.csv`) },
    'GET /api/v1/documents/:id/values.xlsx': { need: member, phase: 'read', targets: docs(['published'], (_s, d) => `/api/v1/documents/${d.id}/values.xlsx`) },
    'GET /api/v1/documents/:id/compilation': { need: member, phase: 'read', targets: docs(['published'], (_s, d) => `/api/v1/documents/${d.id}/compilation?year=2025`) },
    'GET /api/v1/documents/:id/reports': { need: member, phase: 'read', targets: docs(['published'], (_s, d) => `/api/v1/documents/${d.id}/reports`) },
    'POST /api/v1/documents/:id/reports': {
      need: unitOf('reporter'),
      phase: 'write',
      targets: units((s, u) => ({ url: `/api/v1/documents/${s.published.id}/reports`, payload: { unitId: s.units[u].id, period: '2025' } })),
    },
    'GET /api/v1/reports/:id': { need: member, phase: 'read', targets: units((s, u) => ({ url: `/api/v1/reports/${s.reports[u].id}` })) },
    'PUT /api/v1/reports/:id/activities/:activityId': {
      need: unitOf('reporter'),
      phase: 'write',
      targets: units((s, u) => ({ url: `/api/v1/reports/${s.reports[u].id}/activities/${s.published.items.activities.id}`, payload: { lockVersion: s.reports[u].lockVersion, status: 'ongoing', progress: 50 } })),
    },
    'PUT /api/v1/reports/:id/goals/:goalId': {
      need: unitOf('reporter'),
      phase: 'write',
      targets: units((s, u) => ({ url: `/api/v1/reports/${s.reports[u].id}/goals/${s.published.items.goals.id}`, payload: { lockVersion: s.reports[u].lockVersion, assessment: 'partly_fulfilled', text: 'På väg.' } })),
    },
    'PUT /api/v1/reports/:id/values': {
      need: unitOf('reporter'),
      phase: 'write',
      targets: units((s, u) => ({ url: `/api/v1/reports/${s.reports[u].id}/values`, payload: { lockVersion: s.reports[u].lockVersion, values: [{ indicator: 'sysselsatta', value: 58 }] } })),
    },
    ...Object.fromEntries(
      // In the order the workflow goes: submitted, approved, locked, reopened (a draft again), and so not returnable.
      (['submit', 'approve', 'lock', 'reopen', 'return'] as const).map((action, i): [string, RouteSpec] => [
        `POST /api/v1/reports/:id/${action}`,
        {
          need: action === 'submit' ? unitOf('reporter') : unitOf('strategist'),
          phase: 'late',
          order: 1 + i / 10,
          targets: units((s, u) => ({ url: `/api/v1/reports/${s.reports[u].id}/${action}`, payload: transition(s.reports[u].lockVersion) })),
        },
      ]),
    ),
    // Consultation (remiss): the strategist sends, decides and closes; a recipient unit comments and answers.
    'POST /api/v1/documents/:id/consultations': {
      need: whole('strategist'),
      phase: 'write',
      targets: docs(['draft'], (_s, d) => `/api/v1/documents/${d.id}/consultations`, (s, d) => ({ lockVersion: d.lockVersion, recipients: [s.units.x.id], deadline: '2099-06-30' })),
    },
    'GET /api/v1/documents/:id/consultations': { need: member, phase: 'read', targets: docs(['draft'], (_s, d) => `/api/v1/documents/${d.id}/consultations`) },
    'GET /api/v1/municipalities/:code/consultations': { need: member, phase: 'read', targets: municipalities((s) => `/api/v1/municipalities/${s.code}/consultations`) },
    'GET /api/v1/consultations/:id': { need: member, phase: 'read', targets: municipalities((s) => `/api/v1/consultations/${s.consultation.id}`) },
    'PATCH /api/v1/consultations/:id': { need: whole('strategist'), phase: 'write', targets: municipalities((s) => `/api/v1/consultations/${s.consultation.id}`, (s) => ({ lockVersion: s.consultation.lockVersion, deadline: '2099-12-31' })) },
    'POST /api/v1/consultations/:id/comments': {
      need: unitOf('reporter'),
      phase: 'write',
      targets: units((s, u) => ({ url: `/api/v1/consultations/${s.consultation.id}/comments`, payload: { unitId: s.units[u].id, target: { kind: 'document', key: null }, text: `Ännu en synpunkt ${s.marker}` } })),
    },
    'POST /api/v1/consultations/:id/answers': {
      need: unitOf('reporter'),
      phase: 'late',
      order: 4,
      targets: units((s, u) => ({ url: `/api/v1/consultations/${s.consultation.id}/answers`, payload: { unitId: s.units[u].id, noComments: false } })),
    },
    'PATCH /api/v1/consultation-comments/:id': {
      need: whole('strategist'),
      phase: 'write',
      targets: units((s, u) => ({ url: `/api/v1/consultation-comments/${s.comments[u].id}`, payload: { lockVersion: s.comments[u].lockVersion, decision: 'accepted' }, versionFrom: `/api/v1/consultations/${s.consultation.id}#comments/${s.comments[u].id}` })),
    },
    'DELETE /api/v1/consultation-comments/:id': {
      need: unitOf('reporter'),
      phase: 'destructive',
      order: 5,
      targets: units((s, u) => del(`/api/v1/consultation-comments/${s.comments[u].id}`, s.comments[u].lockVersion, s.comments[u].id, `/api/v1/consultations/${s.consultation.id}#comments/${s.comments[u].id}`)),
    },
    'POST /api/v1/consultations/:id/close': { need: whole('strategist'), phase: 'late', order: 5, targets: municipalities((s) => `/api/v1/consultations/${s.consultation.id}/close`, (s) => ({ lockVersion: s.consultation.lockVersion })) },
    'GET /api/v1/consultations/:id/compilation': { need: member, phase: 'read', targets: municipalities((s) => `/api/v1/consultations/${s.consultation.id}/compilation`) },
    // Open data: public by definition.
    'GET /api/v1/open-data/catalog': { need: anyone, phase: 'read', targets: [none('/api/v1/open-data/catalog')] },
    'GET /api/v1/open-data/municipalities/:code/catalog': { need: anyone, phase: 'read', targets: municipalities((s) => `/api/v1/open-data/municipalities/${s.code}/catalog`) },
    ...Object.fromEntries(
      ['', '.json', '.csv'].map((ext): [string, RouteSpec] => [
        `GET /api/v1/open-data/municipalities/:code/indicators/:documentKey/:indicatorKey${ext}`,
        { need: anyone, phase: 'read', targets: municipalities((s) => `/api/v1/open-data/municipalities/${s.code}/indicators/${s.published.key}/${s.published.items.indicators.key}${ext}`) },
      ]),
    ),
    // Generated reports are made from internal data: for anyone with a role in the municipality.
    'POST /api/v1/municipalities/:code/report-jobs': { need: memberWrites, phase: 'write', targets: municipalities((s) => `/api/v1/municipalities/${s.code}/report-jobs`, (s) => ({ kind: 'action-plan', format: 'xlsx', documentId: s.published.id })) },
    'GET /api/v1/municipalities/:code/report-jobs': { need: member, phase: 'read', targets: municipalities((s) => `/api/v1/municipalities/${s.code}/report-jobs`) },
    'GET /api/v1/report-jobs/:id': { need: member, phase: 'read', targets: municipalities((s) => `/api/v1/report-jobs/${s.reportJob.id}`) },
    'GET /api/v1/report-jobs/:id/file': { need: member, phase: 'read', targets: municipalities((s) => `/api/v1/report-jobs/${s.reportJob.id}/file`) },
    'GET /api/v1/municipalities/:code/report-preview': { need: member, phase: 'read', targets: municipalities((s) => `/api/v1/municipalities/${s.code}/report-preview?kind=action-plan&documentId=${s.published.id}`) },
    // Who changed what: the strategists and administrators of the whole municipality.
    'GET /api/v1/municipalities/:code/audit': { need: whole('strategist', false), phase: 'read', targets: municipalities((s) => `/api/v1/municipalities/${s.code}/audit`) },
    // Accounts: signing in and out is open; one's own tokens and password need someone signed in.
    'GET /api/v1/auth/session': { need: anyone, phase: 'read', targets: [none('/api/v1/auth/session')] },
    'POST /api/v1/auth/login': { need: anyoneWrites, phase: 'write', targets: [none('/api/v1/auth/login', { email: seed.login.email, password: seed.login.password })] },
    'POST /api/v1/auth/logout': { need: anyoneWrites, phase: 'write', targets: [none('/api/v1/auth/logout', {})] },
    'GET /api/v1/auth/oidc/login': { need: anyone, phase: 'read', targets: [none('/api/v1/auth/oidc/login?returnTo=/')] },
    'GET /api/v1/auth/oidc/callback': { need: anyone, phase: 'read', targets: [none('/api/v1/auth/oidc/callback?code=matris&state=matris')] },
    'POST /api/v1/auth/password': { need: signedInWrites, phase: 'write', targets: [none('/api/v1/auth/password', { currentPassword: 'inte-det-rätta-lösenordet', newPassword: 'ett-helt-nytt-lösenord-77' })] },
    'GET /api/v1/auth/tokens': { need: signedIn, phase: 'read', targets: [none('/api/v1/auth/tokens')] },
    'POST /api/v1/auth/tokens': { need: signedInWrites, phase: 'write', targets: [none('/api/v1/auth/tokens', { name: 'matris', scope: 'read' })] },
    'POST /api/v1/auth/tokens/:id/revoke': { need: signedInWrites, phase: 'destructive', order: 1, targets: [none(`/api/v1/auth/tokens/${seed.spareTokenId}/revoke`, {})] },
    // Users and roles: the administrator of the whole municipality.
    'GET /api/v1/municipalities/:code/users': { need: whole('administrator', false), phase: 'read', targets: municipalities((s) => `/api/v1/municipalities/${s.code}/users`) },
    'POST /api/v1/municipalities/:code/users': {
      need: whole('administrator'),
      phase: 'write',
      targets: municipalities((s) => `/api/v1/municipalities/${s.code}/users`, (s) => ({ email: `ny.${s.marker}@matrix.test`, displayName: 'Ny användare', role: 'reader' })),
    },
    'POST /api/v1/municipalities/:code/users/:userId/grants': {
      need: whole('administrator'),
      phase: 'write',
      targets: municipalities((s) => `/api/v1/municipalities/${s.code}/users/${s.spareUser.id}/grants`, (s) => ({ role: 'reporter', unitId: s.units.x.id })),
    },
    'POST /api/v1/municipalities/:code/grants/:grantId/revoke': { need: whole('administrator'), phase: 'destructive', order: 2, targets: municipalities((s) => `/api/v1/municipalities/${s.code}/grants/${s.spareGrant.id}/revoke`, () => ({})) },
  };
  for (const spec of Object.values(specs)) for (const t of spec.targets) if (carriesVersion(t) && !t.versionFrom) t.versionFrom = rowUrl(t.url);
  return specs;
}
