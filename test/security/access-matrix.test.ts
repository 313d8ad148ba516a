import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/domain/access/policy.ts';
import { ACCESS } from '../../src/http/access-map.ts';
import type { AccessOutcome } from '../../src/services/auth/access.service.ts';
import { snapshotDatabase } from '../support/db-snapshot.ts';
import { createTestApp, TEST_DB_KIND } from '../support/test-db.ts';
import { expectedDecision, routeSpecs, type Expected, type Phase, type RouteSpec, type Target } from './support/matrix-routes.ts';
import { holdTokenStamps, seedMatrix, TENANTS, type PrincipalSpec, type Tenant } from './support/matrix-seed.ts';

/**
 * The access matrix: every route of the API (from the app's own route table, so a new route is in it
 * without anyone remembering) × every kind of principal (anonymous; each role for the whole of
 * municipality A and for unit X only; a read-only token; B's administrator; the instance
 * administrator) × the resource of unit X ("own unit"), of unit Y ("other unit") and of municipality
 * B ("other tenant"), with drafts and published documents apart. Each cell is a request that would
 * succeed; its expected answer comes from a hand-written table (support/matrix-routes.ts), never from
 * the policy code. The decision the server took is observed through buildApp's onAccessDecision hook.
 *
 * Denied cells run first, between two snapshots of the whole database that must be equal (audit log
 * included). Then the allowed ones: reads, writes, changes of state, and DELETE/revoke last. Every
 * response to someone without a role in a municipality is searched for that municipality's
 * unpublished titles and ids.
 */

const observed = new Map<string, AccessOutcome>();
const t = await createTestApp({
  onAccessDecision: (request, outcome) => void observed.set(String(request.id), outcome),
  // Single sign-on configured (its routes exist), against a provider that is not there: the flow itself is tested in src/http/oidc.test.ts.
  oidc: { issuer: 'http://127.0.0.1:9/matrix', clientId: 'samspel-matrix', clientSecret: 'matrix-client-secret-0123456789abcdef', redirectUri: 'http://127.0.0.1:9/api/v1/auth/oidc/callback', label: 'Matris', allowInsecureHttp: true },
});
afterAll(() => t.close());
const seed = await (async () => {
  try {
    return await seedMatrix(t);
  } catch (e) {
    await t.close();
    throw e;
  }
})();
const specs: Record<string, RouteSpec> = routeSpecs(seed);
const routeKeys = t.app.routeTable.map((r) => `${r.method} ${r.url}`);
const accessKeys = Object.keys(ACCESS);

/** Auth routes that change state yet are open to anyone: signing in and signing out. */
const PUBLIC_WRITES = ['POST /api/v1/auth/login', 'POST /api/v1/auth/logout'];
/** Routes whose allowed answer may be a 5xx: the single sign-on provider is deliberately unreachable here. */
const PROVIDER_DOWN = ['GET /api/v1/auth/oidc/login', 'GET /api/v1/auth/oidc/callback'];
const STATUS: Record<Exclude<Expected, 'allow'>, number> = { unauthenticated: 401, forbidden: 403, hidden: 404 };
/**
 * Routes that no allowed cell carries out (2xx) in this world, and why. Every other route does at
 * least once: the requests are real ones, not merely well-formed.
 */
const NOT_CARRIED_OUT: Record<string, string> = {
  'GET /api/v1/report-jobs/:id/file': 'no worker runs here, so the job is still queued (409)',
  'GET /api/v1/auth/oidc/login': 'the identity provider is unreachable',
  'GET /api/v1/auth/oidc/callback': 'no sign-in was started (unknown state, 400)',
  'POST /api/v1/auth/password': 'the token users have no password to give as the current one (400)',
  'POST /api/v1/documents/:id/reports': 'X and Y already have their report for 2025 (409)',
  'POST /api/v1/documents/:id/consultations': 'the draft already has an open consultation (409)',
  'POST /api/v1/documents/:id/consultation': 'the draft is already out for consultation (409)',
  'POST /api/v1/reports/:id/return': 'after submit, approve, lock and reopen the report is a draft again (409)',
  'DELETE /api/v1/consultation-comments/:id': 'the units have answered, which makes their comments final (409)',
  'DELETE /api/v1/municipalities/:code': 'A and B are not empty (409)',
};

interface Cell {
  route: string;
  method: string;
  spec: RouteSpec;
  principal: PrincipalSpec;
  target: Target;
  expected: Expected;
}

const cells: Cell[] = routeKeys
  .filter((k) => specs[k])
  .flatMap((route) => {
    const spec = specs[route]!;
    const method = route.split(' ')[0]!;
    return spec.targets.flatMap((target) => seed.principals.map((principal) => ({ route, method, spec, principal, target, expected: expectedDecision(principal, spec.need, target) })));
  });
const denied = cells.filter((c) => c.expected !== 'allow');
const allowed = cells.filter((c) => c.expected === 'allow');
const PHASES: Phase[] = ['read', 'write', 'late', 'destructive'];
const inPhase = (phase: Phase) => allowed.filter((c) => c.spec.phase === phase).sort((a, b) => (a.spec.order ?? 0) - (b.spec.order ?? 0));

// ---------------------------------------------------------------------------------------------
// Running a cell

/** Whether the principal has a role in the municipality (and may so see its unpublished rows). */
const belongs = (p: PrincipalSpec, tenant: Tenant) => p.kind === 'instance' || p.tenant === tenant;

/** The unpublished titles and ids of each municipality that show up in a body, if any. */
function leaksIn(body: string, p: PrincipalSpec): string[] {
  const found: string[] = [];
  for (const tenant of TENANTS) {
    if (belongs(p, tenant)) continue;
    const s = seed[tenant];
    if (body.includes(s.marker)) found.push(`${tenant}'s marker ${s.marker}`);
    for (const id of s.secretIds) if (body.includes(id)) found.push(`${tenant}'s id ${id}`);
  }
  return found;
}

interface Result {
  status: number;
  decision: AccessOutcome['decision'] | 'none';
  leaks: string[];
  list: boolean;
}

/** The row's lockVersion now, read as the instance administrator ("…#comments/<id>": a comment of a consultation); 1 when it is gone. */
async function currentVersion(from: string): Promise<number> {
  const [url, part] = from.split('#');
  const r = await t.app.inject({ method: 'GET', url: url! });
  observed.delete(String(r.headers['x-request-id']));
  if (r.statusCode !== 200) return 1;
  const body = JSON.parse(r.body);
  const row = part?.startsWith('comments/') ? body.comments.find((x: { id: string }) => x.id === part.slice('comments/'.length)) : body;
  return row?.lockVersion ?? 1;
}

async function run(c: Cell): Promise<Result> {
  let { url, payload } = c.target;
  if (c.target.versionFrom && c.expected === 'allow') {
    const v = await currentVersion(c.target.versionFrom);
    url = url.replace(/([?&]lockVersion=)\d+/, `$1${v}`);
    if (payload !== null && typeof payload === 'object' && 'lockVersion' in payload) payload = { ...payload, lockVersion: v };
  }
  const r = await t.app.inject({
    method: c.method as 'GET',
    url,
    headers: { authorization: c.principal.token ? `Bearer ${c.principal.token}` : '' },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  const id = String(r.headers['x-request-id']);
  const outcome = observed.get(id);
  observed.delete(id);
  const list = r.statusCode === 200 && (r.body.startsWith('[') || r.body.startsWith('{"items":'));
  return { status: r.statusCode, decision: outcome?.decision ?? 'none', leaks: leaksIn(r.body, c.principal), list };
}

const describeCell = (c: Cell, r: Result) => `${c.principal.name} → ${c.route} [${c.target.label}]: expected ${c.expected}, got ${r.decision} ${r.status}`;

/** Ids deleted by an allowed request so far: a later 404 ('missing') for them is what should happen. */
const deleted = new Set<string>();
/** Routes an allowed cell carried out (2xx). */
const carriedOut = new Set<string>();
const leaks: string[] = [];
let listsScanned = 0;
const tally = new Map<string, { allowed: number; denied: number }>();

function judge(c: Cell, r: Result, failures: string[]): void {
  for (const l of r.leaks) leaks.push(`${describeCell(c, r)}: ${l}`);
  if (r.list && c.principal.kind !== 'instance') listsScanned++;
  if (c.expected !== 'allow') {
    if (r.decision !== c.expected || r.status !== STATUS[c.expected]) failures.push(describeCell(c, r));
    return;
  }
  const goneBefore = r.decision === 'missing' && [...deleted].some((id) => c.target.url.includes(id));
  if (r.decision !== 'allow' && !goneBefore) failures.push(describeCell(c, r));
  else if (r.status === 401 || r.status === 403) failures.push(`${describeCell(c, r)} (allowed, yet refused)`);
  else if (r.status >= 500 && !PROVIDER_DOWN.includes(c.route)) failures.push(`${describeCell(c, r)} (a server error)`);
  if (r.status >= 200 && r.status < 300) {
    carriedOut.add(c.route);
    if (c.target.deletes) deleted.add(c.target.deletes);
  }
}

async function runAll(list: Cell[]): Promise<string[]> {
  const failures: string[] = [];
  for (const c of list) {
    const r = await run(c);
    judge(c, r, failures);
    const row = tally.get(c.principal.name) ?? { allowed: 0, denied: 0 };
    // A 404 for a row an earlier allowed request deleted counts as allowed: the rule let it through.
    if (r.decision === 'allow' || (r.decision === 'missing' && [...deleted].some((id) => c.target.url.includes(id)))) row.allowed++;
    else row.denied++;
    tally.set(c.principal.name, row);
  }
  return failures;
}

const show = (xs: string[]) => (xs.length <= 40 ? xs : [...xs.slice(0, 40), `… and ${xs.length - 40} more`]);

// ---------------------------------------------------------------------------------------------

describe(`access matrix on ${TEST_DB_KIND}: ${routeKeys.length} routes × ${seed.principals.length} principals, ${cells.length} cells (${allowed.length} allowed, ${denied.length} denied)`, () => {
  it('every route of the app has an access rule, and every rule names a route of the app', () => {
    expect(routeKeys.filter((k) => !ACCESS[k]), 'routes without an entry in src/http/access-map.ts').toEqual([]);
    expect(accessKeys.filter((k) => !routeKeys.includes(k)), 'access rules for routes the app does not have').toEqual([]);
  });

  it('reading never needs a writing action, and only signing in and out is a public change', () => {
    const readsThatWrite = routeKeys.filter((k) => k.startsWith('GET ') && ACCESS[k] && ACTIONS[ACCESS[k]!.action].write);
    expect(readsThatWrite, 'GET routes whose action is a write (a read-only token could not call them)').toEqual([]);
    const publicChanges = routeKeys.filter((k) => !k.startsWith('GET ') && ACCESS[k]?.action === 'public.read');
    expect(publicChanges.sort()).toEqual([...PUBLIC_WRITES].sort());
  });

  it('every route has a hand-written expectation and requests in this test, and every expectation is a route', () => {
    expect(routeKeys.filter((k) => !specs[k]), 'routes missing from test/security/support/matrix-routes.ts').toEqual([]);
    expect(Object.keys(specs).filter((k) => !routeKeys.includes(k)), 'expectations for routes the app does not have').toEqual([]);
    // Every principal meets both answers somewhere, and every kind of refusal is exercised.
    for (const p of seed.principals.filter((x) => x.kind === 'user')) {
      expect(cells.some((c) => c.principal === p && c.expected === 'allow'), `${p.name} is allowed something`).toBe(true);
      expect(cells.some((c) => c.principal === p && c.expected !== 'allow'), `${p.name} is refused something`).toBe(true);
    }
    expect(new Set(denied.map((c) => c.expected))).toEqual(new Set(['unauthenticated', 'forbidden', 'hidden']));
  });

  it(`the ${denied.length} denied cells answer 401, 403 or 404 as expected, and change nothing (database snapshot, audit log included)`, { timeout: 300_000 }, async () => {
    await holdTokenStamps(t.db.db);
    const before = await snapshotDatabase(t.db.db);
    const failures = await runAll(denied);
    const after = await snapshotDatabase(t.db.db);
    expect(show(failures)).toEqual([]);
    expect(after).toEqual(before);
  });

  it('a request that names a row it may not read in its query or body (another municipality’s, or a draft) is refused like one naming no row, changes nothing and shows nothing of it', { timeout: 120_000 }, async () => {
    const { A, B } = seed;
    const as = (name: string) => seed.principals.find((p) => p.name === name)!;
    const comment = (unitId: string) => ({ unitId, target: { kind: 'document', key: null }, text: 'Fel kommun' });
    /** Who, what, and the foreign id it names (swapped for an id that exists nowhere to compare the answers). */
    const probes: Array<{ who: PrincipalSpec; method: 'GET' | 'POST' | 'PUT' | 'PATCH'; url: string; payload?: unknown; names: string }> = [
      { who: as('anonymous'), method: 'GET', url: `/api/v1/documents/${A.published.id}/compare?with=${A.draft.id}`, names: A.draft.id },
      { who: as('B administrator'), method: 'GET', url: `/api/v1/documents/${A.published.id}/compare?with=${A.draft.id}`, names: A.draft.id },
      { who: as('A strategist'), method: 'GET', url: `/api/v1/documents/${A.published.id}/compare?with=${B.draft.id}`, names: B.draft.id },
      { who: as('A strategist'), method: 'GET', url: `/api/v1/municipalities/${A.code}/report-preview?kind=action-plan&documentId=${B.draft.id}`, names: B.draft.id },
      { who: as('A strategist'), method: 'POST', url: `/api/v1/municipalities/${A.code}/report-jobs`, payload: { kind: 'action-plan', format: 'xlsx', documentId: B.draft.id }, names: B.draft.id },
      { who: as('A strategist'), method: 'GET', url: `/api/v1/municipalities/${A.code}/consultations?unitId=${B.units.x.id}`, names: B.units.x.id },
      { who: as('A strategist'), method: 'POST', url: `/api/v1/consultations/${A.consultation.id}/comments`, payload: comment(B.units.x.id), names: B.units.x.id },
      { who: as('A reporter of X'), method: 'POST', url: `/api/v1/consultations/${A.consultation.id}/comments`, payload: comment(B.units.x.id), names: B.units.x.id },
      { who: as('A strategist'), method: 'PUT', url: `/api/v1/reports/${A.reports.x.id}/activities/${B.published.items.activities.id}`, payload: { lockVersion: A.reports.x.lockVersion, status: 'done' }, names: B.published.items.activities.id },
      { who: as('A strategist'), method: 'PUT', url: `/api/v1/reports/${A.reports.x.id}/goals/${B.published.items.goals.id}`, payload: { lockVersion: A.reports.x.lockVersion, assessment: 'fulfilled' }, names: B.published.items.goals.id },
      { who: as('A strategist'), method: 'POST', url: `/api/v1/documents/${A.published.id}/reports`, payload: { unitId: B.units.x.id, period: '2025' }, names: B.units.x.id },
      { who: as('A administrator'), method: 'POST', url: `/api/v1/municipalities/${A.code}/users/${as('B administrator').userId}/grants`, payload: { role: 'reader', unitId: B.units.x.id }, names: B.units.x.id },
      { who: as('A administrator'), method: 'POST', url: `/api/v1/municipalities/${A.code}/units`, payload: { name: 'Under fel kommun', type: 'unit', parentId: B.units.x.id }, names: B.units.x.id },
      { who: as('A administrator'), method: 'PATCH', url: `/api/v1/units/${A.units.x.id}`, payload: { parentId: B.units.committee.id, lockVersion: A.units.x.lockVersion }, names: B.units.committee.id },
      { who: as('A administrator'), method: 'POST', url: `/api/v1/municipalities/${A.code}/grants/${B.spareGrant.id}/revoke`, payload: {}, names: B.spareGrant.id },
      { who: as('B administrator'), method: 'GET', url: `/api/v1/documents?municipality=${A.code}&status=consultation`, names: A.code },
    ];
    const send = (p: (typeof probes)[number], swap?: string) => {
      const sub = (x: string) => (swap ? x.replaceAll(p.names, swap) : x);
      const payload = p.payload === undefined ? undefined : JSON.parse(sub(JSON.stringify(p.payload)));
      return t.app.inject({ method: p.method, url: sub(p.url), headers: { authorization: p.who.token ? `Bearer ${p.who.token}` : '' }, ...(payload === undefined ? {} : { payload }) });
    };
    await holdTokenStamps(t.db.db);
    const before = await snapshotDatabase(t.db.db);
    const failures: string[] = [];
    for (const p of probes) {
      const what = `${p.who.name} ${p.method} ${p.url}`;
      const r = await send(p);
      // The id the request itself names may come back in the answer; nothing else of the other tenant may.
      const l = leaksIn(r.body.replaceAll(p.names, '<named>'), p.who);
      if (l.length > 0) failures.push(`${what}: shows ${l.join(', ')}`);
      const emptyList = p.method === 'GET' && r.statusCode === 200;
      if (!emptyList && (r.statusCode < 400 || r.statusCode >= 500)) failures.push(`${what}: ${r.statusCode} ${r.body.slice(0, 200)}`);
      // Signed in, the answer must not tell that the row exists: the same as for an id that names nothing.
      if (p.who.kind !== 'anonymous' && p.names !== A.code) {
        const nowhere = randomUUID();
        const other = await send(p, nowhere);
        const norm = (body: string, id: string) => body.replaceAll(id, '<id>');
        if (other.statusCode !== r.statusCode || norm(other.body, nowhere) !== norm(r.body, p.names)) {
          failures.push(`${what}: tells an existing row (${r.statusCode} ${norm(r.body, p.names).slice(0, 200)}) from none (${other.statusCode} ${norm(other.body, nowhere).slice(0, 200)})`);
        }
      }
    }
    const after = await snapshotDatabase(t.db.db);
    expect(failures).toEqual([]);
    expect(after).toEqual(before);
  });

  for (const phase of PHASES) {
    const list = inPhase(phase);
    it(`the ${list.length} allowed ${phase} cells are decided 'allow' and not refused`, { timeout: 300_000 }, async () => {
      expect(show(await runAll(list))).toEqual([]);
    });
  }

  it('every route but a few (each with its reason) was carried out by an allowed cell: the requests are real ones', () => {
    expect(routeKeys.filter((k) => !carriedOut.has(k)).sort()).toEqual(Object.keys(NOT_CARRIED_OUT).sort());
  });

  it('no response to anyone without a role in a municipality carried its unpublished titles or ids (lists included)', () => {
    expect(show(leaks)).toEqual([]);
    // The scan saw real lists: the public document lists, for instance, are read by anonymous visitors and A's users.
    expect(listsScanned).toBeGreaterThan(20);
  });

  it('per principal, the cells decided allow and refused are as the expectation table says', () => {
    expect(tally.size, 'every cell ran').toBe(seed.principals.length);
    const want = new Map<string, { allowed: number; denied: number }>();
    for (const c of cells) {
      const row = want.get(c.principal.name) ?? { allowed: 0, denied: 0 };
      if (c.expected === 'allow') row.allowed++;
      else row.denied++;
      want.set(c.principal.name, row);
    }
    expect(Object.fromEntries(tally)).toEqual(Object.fromEntries(want));
  });
});
