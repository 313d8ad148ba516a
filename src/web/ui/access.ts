import { ANONYMOUS, type Principal } from '../../domain/access/policy.ts';
import type { UserView } from '../../shared/api/auth.ts';

/** The signed-in user as the access policy sees them (a person in the browser always has 'write'). */
export function principalOf(user: UserView | null): Principal {
  if (!user) return ANONYMOUS;
  return {
    kind: 'user',
    userId: user.id,
    instanceAdmin: user.instanceAdmin,
    grants: user.grants.map((g) => ({ municipalityCode: g.municipalityCode, role: g.role, unitId: g.unitId })),
    scope: 'write',
  };
}

/** The unit and the units above it, nearest first (what `decide` needs for a unit's reach). */
export function unitPath(unitId: string | null | undefined, units: ReadonlyArray<{ id: string; parentId: string | null }> | undefined): string[] | undefined {
  if (!unitId || !units) return undefined;
  const byId = new Map(units.map((u) => [u.id, u]));
  const path: string[] = [];
  let at: string | null = unitId;
  while (at && !path.includes(at)) {
    path.push(at);
    at = byId.get(at)?.parentId ?? null;
  }
  return path;
}

/** A path inside this app to go to after signing in; anything else (another site, the API) is ignored. */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (next.startsWith('/login') || next.startsWith('/api/')) return null;
  return next;
}

/** Where a user lands after signing in without a page to return to: their first municipality. */
export function homeOf(user: UserView | null): string {
  const first = [...(user?.grants ?? [])].sort((a, b) => a.municipalityCode.localeCompare(b.municipalityCode))[0];
  return first ? `/m/${first.municipalityCode}` : '/';
}
