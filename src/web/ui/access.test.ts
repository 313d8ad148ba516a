import { describe, expect, it } from 'vitest';
import { decide } from '../../domain/access/policy.ts';
import type { UserView } from '../../shared/api/auth.ts';
import { homeOf, principalOf, safeNext, unitPath } from './access.ts';

const user = (grants: Array<Pick<UserView['grants'][number], 'municipalityCode' | 'role' | 'unitId'>>, instanceAdmin = false): UserView => ({
  id: 'u1',
  email: 'a@b.se',
  displayName: 'A',
  instanceAdmin,
  demo: false,
  disabled: false,
  singleSignOn: false,
  hasPassword: true,
  lastLoginAt: null,
  lockVersion: 1,
  grants: grants.map((g, i) => ({ ...g, id: `g${i}`, unitName: null })),
});

// Kommunstyrelsen → Utvecklingsförvaltningen → Integrationsenheten; Servicecenter beside them.
const UNITS = [
  { id: 'ks', parentId: null },
  { id: 'uf', parentId: 'ks' },
  { id: 'ie', parentId: 'uf' },
  { id: 'sc', parentId: null },
];

describe('unitPath', () => {
  it('goes from the unit up to the top, nearest first', () => {
    expect(unitPath('ie', UNITS)).toEqual(['ie', 'uf', 'ks']);
    expect(unitPath('sc', UNITS)).toEqual(['sc']);
  });
  it('is undefined until the units are known, and stops at a loop', () => {
    expect(unitPath('ie', undefined)).toBeUndefined();
    expect(unitPath(null, UNITS)).toBeUndefined();
    expect(unitPath('x', [{ id: 'x', parentId: 'y' }, { id: 'y', parentId: 'x' }])).toEqual(['x', 'y']);
  });
});

describe('what the page shows, by the same policy as the server', () => {
  it('a reporter for Utvecklingsförvaltningen enters reports for it and the units below, not beside or above, and reviews none', () => {
    const p = principalOf(user([{ municipalityCode: '0138', role: 'reporter', unitId: 'uf' }]));
    const at = (unit: string) => ({ municipalityCode: '0138', unitPath: unitPath(unit, UNITS) });
    expect(decide(p, 'followup.enter', at('ie'))).toBe('allow');
    expect(decide(p, 'followup.enter', at('uf'))).toBe('allow');
    expect(decide(p, 'followup.enter', at('ks'))).toBe('forbidden');
    expect(decide(p, 'followup.enter', at('sc'))).toBe('forbidden');
    expect(decide(p, 'followup.review', at('ie'))).toBe('forbidden');
    expect(decide(p, 'document.edit', { municipalityCode: '0138' })).toBe('forbidden');
    expect(decide(p, 'users.manage', { municipalityCode: '0138' })).toBe('forbidden');
  });
  it('nobody signed in is anonymous; an instance administrator may manage users anywhere', () => {
    expect(principalOf(null)).toEqual({ kind: 'anonymous' });
    expect(decide(principalOf(user([], true)), 'users.manage', { municipalityCode: '2380' })).toBe('allow');
  });
});

describe('safeNext', () => {
  it('keeps a path of this app with its query', () => {
    expect(safeNext('/m/0138/follow-up?period=2025')).toBe('/m/0138/follow-up?period=2025');
    expect(safeNext('/account')).toBe('/account');
  });
  it('refuses another site, the API, the sign-in page itself and nothing at all', () => {
    for (const bad of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/api/v1/auth/logout', '/login?next=/x', '', null, undefined]) expect(safeNext(bad), String(bad)).toBeNull();
  });
});

describe('homeOf', () => {
  it("is the user's first municipality by code, or the start page without any role", () => {
    expect(homeOf(user([{ municipalityCode: '2380', role: 'reader', unitId: null }, { municipalityCode: '0360', role: 'strategist', unitId: null }]))).toBe('/m/0360');
    expect(homeOf(user([], true))).toBe('/');
    expect(homeOf(null)).toBe('/');
  });
});
