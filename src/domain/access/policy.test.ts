import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS, ANONYMOUS, ROLES, decide, roleAtLeast, type Action, type Decision, type Grant, type Principal, type Resource, type Role } from './policy.ts';

/**
 * The worked examples of docs/methodology/access.md, read from the page itself: its tables of units,
 * people and resources make the principals and resources, and every row of its example tables is one
 * test of `decide`, named as the example. Then the rules' properties on random inputs.
 */
const DOC = fs.readFileSync(path.resolve(import.meta.dirname, '../../../docs/methodology/access.md'), 'utf8');

/** Every table of the page whose first header cell is `first`, as rows of cells keyed by the header (the first row's cells). */
function tables(markdown: string, first: string): Array<Record<string, string>> {
  const rows: Array<Record<string, string>> = [];
  let header: string[] | null = null;
  for (const line of markdown.split('\n')) {
    if (!line.trimStart().startsWith('|')) {
      header = null;
      continue;
    }
    const cells = line.trim().split('|').slice(1, -1).map((c) => c.trim());
    if (cells.every((c) => /^-+$/.test(c))) continue;
    if (header === null) {
      header = cells[0] === first ? cells : [];
      continue;
    }
    if (header.length === 0) continue;
    expect(cells.length, `a row of a "${first}" table: ${line}`).toBe(header.length);
    rows.push(Object.fromEntries(header.map((h, i) => [h, cells[i]!])));
  }
  return rows;
}

const NONE = '—';

// The organisation: unit name → the unit's municipality and the unit directly above it.
const units = new Map(tables(DOC, 'Unit').map((r) => [r.Unit!, { municipality: r.municipality!, parent: r['directly under'] === NONE ? null : r['directly under']! }]));

/** The unit and the units above it, nearest first (units are named by their names here). */
function pathOf(unit: string): string[] {
  const out: string[] = [];
  for (let u: string | null = unit; u !== null; u = units.get(u)!.parent) {
    expect(units.has(u), `unit ${u}`).toBe(true);
    out.push(u);
  }
  return out;
}

// The people: one row per role.
const people = new Map<string, Principal>();
for (const r of tables(DOC, 'Person')) {
  const name = r.Person!;
  if (r.role === 'not signed in') {
    people.set(name, ANONYMOUS);
    continue;
  }
  const p = (people.get(name) as Principal & { kind: 'user' } | undefined) ?? { kind: 'user' as const, userId: name, instanceAdmin: false, grants: [] as Grant[], scope: 'write' as const };
  if (r.role === 'instance administrator') people.set(name, { ...p, instanceAdmin: true });
  else if (r.role === 'no role') people.set(name, p);
  else {
    expect(ROLES, `the role of ${name}`).toContain(r.role);
    const grant: Grant = { municipalityCode: r.in!, role: r.role as Role, unitId: r.for === 'the whole municipality' ? null : r.for! };
    if (grant.unitId !== null) expect(units.get(grant.unitId)?.municipality, `${name}'s unit is in ${r.in}`).toBe(r.in);
    people.set(name, { ...p, grants: [...p.grants, grant] });
  }
}

/** A person by name, or their read-only API token: "Stefan (read-only token)". */
function principalNamed(name: string): Principal {
  const token = /^(.*) \(read-only token\)$/.exec(name);
  const p = people.get(token ? token[1]! : name);
  if (!p) throw new Error(`docs/methodology/access.md names a person who is not in its table of people: ${name}`);
  if (!token) return p;
  expect(p.kind, `${name} belongs to someone signed in`).toBe('user');
  return { ...(p as Principal & { kind: 'user' }), scope: 'read' };
}

// The resources: a unit of another municipality than the resource's is covered by no unit's role,
// as access.service.ts resolves it (an empty path).
const resources = new Map<string, Resource | undefined>();
for (const r of tables(DOC, 'Resource')) {
  if (r.municipality === NONE) {
    resources.set(r.Resource!, undefined);
    continue;
  }
  const resource: { municipalityCode: string; unitPath?: string[]; published: boolean } = { municipalityCode: r.municipality!, published: r.published === 'yes' };
  if (r.unit !== NONE) resource.unitPath = units.get(r.unit!)?.municipality === r.municipality ? pathOf(r.unit!) : [];
  resources.set(r.Resource!, resource);
}

const DECISIONS: Record<string, Decision> = { allow: 'allow', '401 unauthenticated': 'unauthenticated', '403 forbidden': 'forbidden', '404 hidden': 'hidden' };

interface Example {
  name: string;
  who: string;
  action: Action;
  on: string;
  decision: Decision;
}
const EXAMPLES: Example[] = tables(DOC, 'Example').map((r) => {
  const action = /^`([a-z.]+)`$/.exec(r.action!)?.[1];
  return { name: r.Example!, who: r.who!, action: action as Action, on: r.on!, decision: DECISIONS[r.decision!]! };
});

describe('docs/methodology/access.md: the cast', () => {
  it('has the organisation, the people and the resources the examples need', () => {
    expect(units.size).toBe(5);
    expect(pathOf('Vuxenutbildningen')).toEqual(['Vuxenutbildningen', 'Arbetsmarknadsförvaltningen', 'Kommunstyrelsen']);
    expect([...people.keys()]).toEqual(['a visitor', 'Anna', 'Stefan', 'Maria', 'Rami', 'Vera', 'Lena', 'Karin', 'Tove', 'Olof', 'Ivar', 'Nils']);
    // Karin's two rows make one person with a role in each municipality.
    expect(people.get('Karin')).toMatchObject({ grants: [{ municipalityCode: 'Tyresö', role: 'reporter', unitId: 'Vuxenutbildningen' }, { municipalityCode: 'Tierp', role: 'reader', unitId: null }] });
    expect(people.get('Ivar')).toMatchObject({ instanceAdmin: true, grants: [] });
    expect(resources.size).toBe(13);
    expect(resources.get("Tyresö's consultation, answered for a unit of Tierp")).toEqual({ municipalityCode: 'Tyresö', unitPath: [], published: false });
  });

  it('has at least 25 examples, with unique names, every action and every decision', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(EXAMPLES.map((e) => e.name)).size).toBe(EXAMPLES.length);
    for (const e of EXAMPLES) {
      expect(Object.keys(ACTIONS), `the action of "${e.name}"`).toContain(e.action);
      expect(e.decision, `the decision of "${e.name}"`).toBeDefined();
      expect(resources.has(e.on), `the resource of "${e.name}": ${e.on}`).toBe(true);
      principalNamed(e.who);
    }
    expect(new Set(EXAMPLES.map((e) => e.action))).toEqual(new Set(Object.keys(ACTIONS)));
    expect(new Set(EXAMPLES.map((e) => e.decision))).toEqual(new Set(Object.values(DECISIONS)));
  });
});

describe('docs/methodology/access.md: worked examples', () => {
  for (const e of EXAMPLES) {
    it(e.name, () => {
      expect(decide(principalNamed(e.who), e.action, resources.get(e.on))).toBe(e.decision);
    });
  }
});

// ---------------------------------------------------------------------------------------------------
// Properties on random inputs (docs/methodology/access.md#properties-checked-on-random-inputs)

const MUNICIPALITIES = ['0138', '0360', '0481'];
/** A small tree per municipality: <code>-root, <code>-a under it, <code>-a1 under that, <code>-b beside a. */
const UNITS = MUNICIPALITIES.flatMap((m) => [`${m}-root`, `${m}-a`, `${m}-a1`, `${m}-b`]);
const UNIT_PATHS: Record<string, string[]> = Object.fromEntries(
  MUNICIPALITIES.flatMap((m) => [
    [`${m}-root`, [`${m}-root`]],
    [`${m}-a`, [`${m}-a`, `${m}-root`]],
    [`${m}-a1`, [`${m}-a1`, `${m}-a`, `${m}-root`]],
    [`${m}-b`, [`${m}-b`, `${m}-root`]],
  ]),
);
const ALL_ACTIONS = Object.keys(ACTIONS) as Action[];
const WRITE_ACTIONS = ALL_ACTIONS.filter((a) => ACTIONS[a].write);

const grantArb: fc.Arbitrary<Grant> = fc
  .record({ municipalityCode: fc.constantFrom(...MUNICIPALITIES), role: fc.constantFrom(...ROLES), unit: fc.option(fc.constantFrom('root', 'a', 'a1', 'b'), { nil: null }) })
  .map(({ municipalityCode, role, unit }) => ({ municipalityCode, role, unitId: unit === null ? null : `${municipalityCode}-${unit}` }));

const userArb = fc.record({
  kind: fc.constant('user' as const),
  userId: fc.constant('u'),
  instanceAdmin: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  grants: fc.array(grantArb, { maxLength: 4 }),
  scope: fc.constantFrom('read' as const, 'write' as const),
});
const staffArb = userArb.map((u) => ({ ...u, instanceAdmin: false }));
const principalArb: fc.Arbitrary<Principal> = fc.oneof({ arbitrary: fc.constant(ANONYMOUS), weight: 1 }, { arbitrary: userArb, weight: 5 });

const resourceArb: fc.Arbitrary<Resource | undefined> = fc.option(
  fc
    .record({
      municipalityCode: fc.constantFrom(...MUNICIPALITIES),
      // A unit of the same municipality, one of another (as the service resolves it: an empty path), or none.
      unit: fc.option(fc.constantFrom(...UNITS), { nil: undefined }),
      published: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map(({ municipalityCode, unit, published }) => ({
      municipalityCode,
      ...(unit === undefined ? {} : { unitPath: unit.startsWith(municipalityCode) ? UNIT_PATHS[unit]! : [] }),
      ...(published === undefined ? {} : { published }),
    })),
  { nil: undefined, freq: 8 },
);
const actionArb = fc.constantFrom(...ALL_ACTIONS);
const RUNS = { numRuns: 3000 };

/** How much a decision gives, for "never decides less": allow above every refusal. */
const allows = (d: Decision) => d === 'allow';

describe('properties of decide', () => {
  it('a role never reaches another municipality: roles elsewhere change nothing, and none there means no allow beyond the public and the published', () => {
    fc.assert(
      fc.property(staffArb, fc.array(grantArb, { maxLength: 4 }), actionArb, resourceArb, (user, extra, action, resource) => {
        const elsewhere = extra.filter((g) => g.municipalityCode !== resource?.municipalityCode);
        expect(decide({ ...user, grants: [...user.grants, ...elsewhere] }, action, resource)).toBe(decide(user, action, resource));
        if (resource === undefined) return;
        const outsider: Principal = { ...user, grants: user.grants.filter((g) => g.municipalityCode !== resource.municipalityCode) };
        const d = decide(outsider, action, resource);
        const open = ACTIONS[action].reach === 'public' || ACTIONS[action].reach === 'signedIn' || (ACTIONS[action].reach === 'published' && resource.published === true);
        if (!open) expect(d).not.toBe('allow');
        // Only an instance-wide action can say more than "hidden" to an outsider: the others reveal nothing.
        if (!open && ACTIONS[action].reach !== 'instance') expect(d).toBe('hidden');
      }),
      RUNS,
    );
  });

  it('a higher role, a wider reach or one more role never decides less', () => {
    fc.assert(
      fc.property(userArb, fc.nat(), fc.constantFrom(...ROLES), grantArb, actionArb, resourceArb, (user, pick, higher, added, action, resource) => {
        const before = decide(user, action, resource);
        if (!allows(before)) return;
        expect(decide({ ...user, grants: [...user.grants, added] }, action, resource)).toBe('allow');
        if (user.grants.length === 0) return;
        const i = pick % user.grants.length;
        const g = user.grants[i]!;
        const replaced = (ng: Grant) => ({ ...user, grants: user.grants.map((x, j) => (j === i ? ng : x)) });
        if (roleAtLeast(higher, g.role)) expect(decide(replaced({ ...g, role: higher }), action, resource)).toBe('allow');
        expect(decide(replaced({ ...g, unitId: null }), action, resource)).toBe('allow');
      }),
      RUNS,
    );
  });

  it('a read-only token never gets allow on an action that changes data', () => {
    fc.assert(
      fc.property(userArb, fc.constantFrom(...WRITE_ACTIONS), resourceArb, (user, action, resource) => {
        expect(decide({ ...user, scope: 'read' }, action, resource)).not.toBe('allow');
      }),
      RUNS,
    );
  });

  it('a visitor is allowed only the public actions and published resources, and asked to sign in for the rest', () => {
    fc.assert(
      fc.property(actionArb, resourceArb, (action, resource) => {
        const reach = ACTIONS[action].reach;
        const expected = reach === 'public' || (reach === 'published' && resource?.published === true) ? 'allow' : 'unauthenticated';
        expect(decide(ANONYMOUS, action, resource)).toBe(expected);
      }),
      RUNS,
    );
  });

  it('the generators reach every decision (so the properties above are not vacuous)', () => {
    const seen = new Set<Decision>();
    fc.assert(
      fc.property(principalArb, actionArb, resourceArb, (p, a, r) => {
        seen.add(decide(p, a, r));
      }),
      { numRuns: 2000, seed: 1 },
    );
    expect([...seen].sort()).toEqual(['allow', 'forbidden', 'hidden', 'unauthenticated']);
  });
});
