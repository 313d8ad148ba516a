import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/errors.ts';
import { createTestDb } from '../../../test/support/test-db.ts';
import type { Db } from '../../db/open-db.ts';
import { createUnit } from '../organisation/organisation.service.ts';
import { createUser, findUserIdByEmail, getUser, grantRole, listUsers, revokeGrant, setDisabled } from './accounts.service.ts';
import { verifyPassword } from './passwords.ts';

/** Accounts and roles: addresses, duplicates, grants per municipality and unit (docs/methodology/access.md). */
let t: Db;
let db: Db['db'];
let tyresoUnit: string;
let tierpUnit: string;

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  await db.insertInto('municipality').values([{ code: '0138', name: 'Tyresö' }, { code: '0360', name: 'Tierp' }]).execute();
  tyresoUnit = (await createUnit(db, '0138', { name: 'Arbetsmarknadsförvaltningen', type: 'administration', parentId: null })).id;
  tierpUnit = (await createUnit(db, '0360', { name: 'Arbetsmarknadsenheten', type: 'unit', parentId: null })).id;
});
afterAll(() => t.close());

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(e)}`);
  return e;
}

const grantRows = (userId: string) => db.selectFrom('role_grant').select(['municipality_code', 'role', 'unit_id']).where('user_id', '=', userId).orderBy('municipality_code').orderBy('role').execute();

describe('createUser', () => {
  it('keeps the e-mail address trimmed and in lower case, and the password only as an argon2id hash', async () => {
    const u = await createUser(db, { email: '  Anna.Berg@Tyreso.SE ', displayName: '  Anna Berg ', password: 'ett långt och bra lösenord' });
    expect(u).toMatchObject({ email: 'anna.berg@tyreso.se', displayName: 'Anna Berg', instanceAdmin: false, demo: false, disabled: false, singleSignOn: false, hasPassword: true, lastLoginAt: null, lockVersion: 1, grants: [] });
    const row = await db.selectFrom('app_user').select(['email', 'password_hash']).where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row.email).toBe('anna.berg@tyreso.se');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.password_hash, 'ett långt och bra lösenord')).toBe(true);
    expect(await findUserIdByEmail(db, 'ANNA.BERG@tyreso.se ')).toBe(u.id);
  });

  it('refuses a second account for the same address, in whatever case it is written, with a conflict', async () => {
    const e = await refusal(createUser(db, { email: 'anna.berg@TYRESO.se', displayName: 'Anna igen' }));
    expect(e.code).toBe('conflict');
    expect(e.message).toContain('anna.berg@tyreso.se');
    const n = await db.selectFrom('app_user').select((eb) => eb.fn.countAll<string>().as('n')).where('email', '=', 'anna.berg@tyreso.se').executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('refuses a weak password and creates nothing', async () => {
    const e = await refusal(createUser(db, { email: 'kort@tyreso.se', displayName: 'Kort', password: 'kort' }));
    expect(e.code).toBe('validation');
    expect(e.issues).toEqual([{ path: '/password', message: 'must be at least 12 characters long' }]);
    expect(await findUserIdByEmail(db, 'kort@tyreso.se')).toBeNull();
  });

  it('makes an account without a password for single sign-on', async () => {
    const u = await createUser(db, { email: 'sso@tyreso.se', displayName: 'Via IdP', oidc: { issuer: 'https://idp.tyreso.se', subject: 'abc-123' } });
    expect(u).toMatchObject({ hasPassword: false, singleSignOn: true });
  });
});

describe('grantRole and revokeGrant', () => {
  it('gives a role for the whole municipality or for a unit, and giving the same role twice changes nothing', async () => {
    const id = (await createUser(db, { email: 'rami@tyreso.se', displayName: 'Rami' })).id;
    const first = await grantRole(db, id, { municipalityCode: '0138', role: 'reporter', unitId: tyresoUnit });
    const again = await grantRole(db, id, { municipalityCode: '0138', role: 'reporter', unitId: tyresoUnit });
    expect(again).toEqual(first);
    expect(first).toMatchObject({ municipalityCode: '0138', role: 'reporter', unitId: tyresoUnit, unitName: 'Arbetsmarknadsförvaltningen' });
    const wide = await grantRole(db, id, { municipalityCode: '0138', role: 'reader', unitId: null });
    expect(await grantRole(db, id, { municipalityCode: '0138', role: 'reader', unitId: null })).toEqual(wide);
    expect(await grantRows(id)).toEqual([
      { municipality_code: '0138', role: 'reader', unit_id: null },
      { municipality_code: '0138', role: 'reporter', unit_id: tyresoUnit },
    ]);
  });

  it('refuses a unit of another municipality, an unknown municipality and an unknown role, and grants nothing', async () => {
    const id = (await createUser(db, { email: 'vera@tyreso.se', displayName: 'Vera' })).id;
    const foreign = await refusal(grantRole(db, id, { municipalityCode: '0138', role: 'reporter', unitId: tierpUnit }));
    expect(foreign.code).toBe('validation');
    expect(foreign.issues).toEqual([{ path: '/unitId', message: 'names no unit of this municipality' }]);
    const unknown = await refusal(grantRole(db, id, { municipalityCode: '9999', role: 'reader', unitId: null }));
    expect(unknown.code).toBe('validation');
    expect(unknown.issues.map((i) => i.path)).toEqual(['/municipalityCode']);
    const badRole = await refusal(grantRole(db, id, { municipalityCode: '0138', role: 'owner' as 'reader', unitId: null }));
    expect(badRole.code).toBe('validation');
    expect(badRole.issues.map((i) => i.path)).toEqual(['/role']);
    expect(await grantRows(id)).toEqual([]);
  });

  it('refuses a role for a user who does not exist', async () => {
    const e = await refusal(grantRole(db, '00000000-0000-4000-8000-000000000000', { municipalityCode: '0138', role: 'reader', unitId: null }));
    expect(e.code).toBe('not_found');
  });

  it('takes a role away only in the municipality named', async () => {
    const id = (await createUser(db, { email: 'karin@tyreso.se', displayName: 'Karin' })).id;
    const tyreso = await grantRole(db, id, { municipalityCode: '0138', role: 'reporter', unitId: null });
    const tierp = await grantRole(db, id, { municipalityCode: '0360', role: 'reader', unitId: null });
    // Tyresö's administrator cannot take away Karin's role in Tierp by naming it under Tyresö.
    expect((await refusal(revokeGrant(db, '0138', tierp.id))).code).toBe('not_found');
    await revokeGrant(db, '0138', tyreso.id);
    expect(await grantRows(id)).toEqual([{ municipality_code: '0360', role: 'reader', unit_id: null }]);
    expect((await refusal(revokeGrant(db, '0138', tyreso.id))).code).toBe('not_found');
  });
});

describe('listUsers and getUser', () => {
  it('lists the users with a role in one municipality, with their roles there only', async () => {
    const both = (await createUser(db, { email: 'olof@tierp.se', displayName: 'Olof' })).id;
    await grantRole(db, both, { municipalityCode: '0360', role: 'administrator', unitId: null });
    await grantRole(db, both, { municipalityCode: '0138', role: 'reader', unitId: null });
    const onlyTierp = (await createUser(db, { email: 'tove@tierp.se', displayName: 'Tove' })).id;
    await grantRole(db, onlyTierp, { municipalityCode: '0360', role: 'strategist', unitId: tierpUnit });

    const tyreso = await listUsers(db, '0138');
    expect(tyreso.map((u) => u.email)).not.toContain('tove@tierp.se');
    expect(tyreso.map((u) => u.email)).not.toContain('anna.berg@tyreso.se'); // no role anywhere
    expect(tyreso.find((u) => u.id === both)!.grants).toEqual([{ id: expect.any(String), municipalityCode: '0138', role: 'reader', unitId: null, unitName: null }]);
    for (const u of tyreso) expect(u.grants.every((g) => g.municipalityCode === '0138')).toBe(true);

    const tierp = await listUsers(db, '0360');
    expect(tierp.map((u) => u.email).sort()).toEqual(['karin@tyreso.se', 'olof@tierp.se', 'tove@tierp.se']);
    // getUser is the account itself, with every role.
    expect((await getUser(db, both)).grants.map((g) => g.municipalityCode).sort()).toEqual(['0138', '0360']);
  });

  it('setDisabled checks the version and refuses a stale one', async () => {
    const u = await createUser(db, { email: 'ivar@tyreso.se', displayName: 'Ivar' });
    const stale = await refusal(setDisabled(db, u.id, true, u.lockVersion + 5));
    expect(stale.code).toBe('version_conflict');
    const disabled = await setDisabled(db, u.id, true, u.lockVersion);
    expect(disabled).toMatchObject({ disabled: true, lockVersion: u.lockVersion + 1 });
  });
});
