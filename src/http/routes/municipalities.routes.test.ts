import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-db.ts';

let t: TestApp;
const json = (r: { body: string }) => JSON.parse(r.body);
const req = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, payload });

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('municipalities and their organisation', () => {
  it('adds a municipality, refuses the same code twice, and renames with a version', async () => {
    expect((await req('POST', '/api/v1/municipalities', { code: '0360', name: 'Tierp' })).statusCode).toBe(201);
    const dup = await req('POST', '/api/v1/municipalities', { code: '0360', name: 'Tierp igen' });
    expect(dup.statusCode).toBe(409);
    expect(json(dup).detail).toContain('0360');
    const renamed = await req('PATCH', '/api/v1/municipalities/0360', { name: 'Tierps kommun', lockVersion: 1 });
    expect(json(renamed)).toMatchObject({ name: 'Tierps kommun', lockVersion: 2 });
  });

  it('builds the organisation tree and refuses a unit under itself', async () => {
    const council = json(await req('POST', '/api/v1/municipalities/0360/units', { name: 'Kommunfullmäktige', type: 'council' }));
    const board = json(await req('POST', '/api/v1/municipalities/0360/units', { name: 'Kommunstyrelsen', type: 'executive_board', parentId: council.id }));
    expect(board.parentId).toBe(council.id);
    const loop = await req('PATCH', `/api/v1/units/${council.id}`, { parentId: board.id, lockVersion: council.lockVersion });
    expect(loop.statusCode).toBe(400);
    expect(json(loop).errors[0].path).toBe('/parentId');
    const list = json(await req('GET', `/api/v1/municipalities/0360/units?parentId=${council.id}`));
    expect(list.items.map((u: { name: string }) => u.name)).toEqual(['Kommunstyrelsen']);
  });

  it('lets exactly one of two simultaneous edits with the same version win', async () => {
    const unit = json(await req('POST', '/api/v1/municipalities/0360/units', { name: 'Näringslivsenheten', type: 'unit' }));
    for (let round = 0; round < 5; round++) {
      const current = json(await req('GET', `/api/v1/units/${unit.id}`));
      const [a, b] = await Promise.all([
        req('PATCH', `/api/v1/units/${unit.id}`, { name: `A${round}`, lockVersion: current.lockVersion }),
        req('PATCH', `/api/v1/units/${unit.id}`, { name: `B${round}`, lockVersion: current.lockVersion }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const winner = a.statusCode === 200 ? `A${round}` : `B${round}`;
      expect(json(await req('GET', `/api/v1/units/${unit.id}`))).toMatchObject({ name: winner, lockVersion: current.lockVersion + 1 });
    }
  });

  it('refuses a NUL character at the field instead of failing in the database', async () => {
    const r = await req('POST', '/api/v1/municipalities/0360/units', { name: 'a\u0000b', type: 'unit' });
    expect(r.statusCode).toBe(400);
    expect(json(r).errors).toEqual([expect.objectContaining({ path: '/name', message: expect.stringContaining('U+0000') })]);
  });

  it('deletes an empty municipality but not one that holds units', async () => {
    const full = await req('DELETE', '/api/v1/municipalities/0360?lockVersion=2');
    expect(full.statusCode).toBe(409);
    expect(json(full).type).toBe('urn:samspel:problem:has_dependents');
    await req('POST', '/api/v1/municipalities', { code: '0481', name: 'Oxelösund' });
    expect((await req('DELETE', '/api/v1/municipalities/0481?lockVersion=1')).statusCode).toBe(204);
    expect((await req('GET', '/api/v1/municipalities/0481')).statusCode).toBe(404);
  });
});
