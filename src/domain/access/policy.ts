/**
 * Who may do what: pure functions over a principal (who asks), an action (what they want) and a
 * resource (whose data, which unit, whether it is published). Services ask `decide` before they read
 * or write; the HTTP layer turns the answer into 401, 403 or 404. Worked examples, each a test:
 * docs/methodology/access.md.
 */

/** Roles in a municipality, from least to most. Each role can do what the roles before it can. */
export const ROLES = ['reader', 'reporter', 'strategist', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

/** A role in one municipality: for the whole municipality (unitId null), or for a unit and the units below it. */
export interface Grant {
  municipalityCode: string;
  role: Role;
  unitId: string | null;
}

export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      userId: string;
      /** Runs the instance: adds municipalities, and may do everything in every one. */
      instanceAdmin: boolean;
      grants: readonly Grant[];
      /** An API token may be limited to reading. A signed-in person always has 'write'. */
      scope: 'read' | 'write';
    };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

/**
 * What is asked for. `reach` says what the role must cover:
 * - 'public': anyone, signed in or not;
 * - 'published': anyone when the resource is published, otherwise 'tenant' with the role;
 * - 'tenant': the role anywhere in the resource's municipality;
 * - 'municipality': the role for the whole municipality;
 * - 'unit': the role for the resource's unit, or a unit above it, or the whole municipality;
 * - 'signedIn': anyone signed in (their own account and tokens);
 * - 'instance': an instance administrator only.
 */
export const ACTIONS = {
  'public.read': { role: null, reach: 'public', write: false },
  'account.read': { role: null, reach: 'signedIn', write: false },
  'account.write': { role: null, reach: 'signedIn', write: true },
  'document.read': { role: 'reader', reach: 'published', write: false },
  'internal.read': { role: 'reader', reach: 'tenant', write: false },
  'report.generate': { role: 'reader', reach: 'tenant', write: true },
  'followup.enter': { role: 'reporter', reach: 'unit', write: true },
  'consultation.respond': { role: 'reporter', reach: 'unit', write: true },
  'followup.review': { role: 'strategist', reach: 'unit', write: true },
  'document.edit': { role: 'strategist', reach: 'municipality', write: true },
  'followup.manage': { role: 'strategist', reach: 'municipality', write: true },
  'consultation.manage': { role: 'strategist', reach: 'municipality', write: true },
  'audit.read': { role: 'strategist', reach: 'municipality', write: false },
  'municipality.manage': { role: 'administrator', reach: 'municipality', write: true },
  'users.read': { role: 'administrator', reach: 'municipality', write: false },
  'users.manage': { role: 'administrator', reach: 'municipality', write: true },
  'instance.manage': { role: null, reach: 'instance', write: true },
} as const satisfies Record<string, { role: Role | null; reach: Reach; write: boolean }>;

export type Reach = 'public' | 'signedIn' | 'published' | 'tenant' | 'municipality' | 'unit' | 'instance';
export type Action = keyof typeof ACTIONS;

/** The data an action is about. `unitPath` is the unit and the units above it, nearest first. */
export interface Resource {
  municipalityCode: string;
  unitPath?: readonly string[];
  published?: boolean;
}

/**
 * - allow;
 * - unauthenticated (401): nobody is signed in and the action needs someone;
 * - forbidden (403): signed in, the data is theirs to see, but the role does not reach;
 * - hidden (404): signed in without any role in the resource's municipality, which is then not
 *   theirs to know about.
 */
export type Decision = 'allow' | 'unauthenticated' | 'forbidden' | 'hidden';

export function roleAtLeast(role: Role, least: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(least);
}

/** Whether a grant covers a unit: a municipality-wide grant covers every unit; a unit grant covers its unit and those below. */
export function grantCovers(grant: Grant, unitPath: readonly string[] | undefined): boolean {
  if (grant.unitId === null) return true;
  return unitPath !== undefined && unitPath.includes(grant.unitId);
}

/** The decision for one action on one resource (or on nothing in particular, for 'public' and 'instance'). */
export function decide(principal: Principal, action: Action, resource?: Resource): Decision {
  const rule = ACTIONS[action];
  if (rule.reach === 'public') return 'allow';
  if (rule.reach === 'published' && resource?.published) return 'allow';
  if (principal.kind === 'anonymous') return 'unauthenticated';
  // A read-only token never changes anything; checked after the tenant below, so that another
  // municipality's resource stays hidden (404) from it as from everyone without a role there.
  const readOnly = rule.write && principal.scope === 'read';
  if (rule.reach === 'signedIn' || principal.instanceAdmin) return readOnly ? 'forbidden' : 'allow';
  if (rule.reach === 'instance') return 'forbidden';
  if (!resource) return 'forbidden';
  const grants = principal.grants.filter((g) => g.municipalityCode === resource.municipalityCode);
  if (grants.length === 0) return 'hidden';
  if (readOnly) return 'forbidden';
  const least = rule.role ?? 'reader';
  const strongEnough = grants.filter((g) => roleAtLeast(g.role, least));
  const reaches = strongEnough.some((g) => {
    switch (rule.reach) {
      case 'published':
      case 'tenant':
        return true;
      case 'municipality':
        return g.unitId === null;
      case 'unit':
        return grantCovers(g, resource.unitPath);
    }
  });
  return reaches ? 'allow' : 'forbidden';
}

/** The municipalities a principal has any role in (every one, for an instance administrator: null). */
export function memberOf(principal: Principal): readonly string[] | null {
  if (principal.kind === 'anonymous') return [];
  if (principal.instanceAdmin) return null;
  return [...new Set(principal.grants.map((g) => g.municipalityCode))];
}

/** Whether the principal may see a municipality's unpublished data (any role there). */
export function seesInternal(principal: Principal, municipalityCode: string): boolean {
  return decide(principal, 'internal.read', { municipalityCode }) === 'allow';
}
