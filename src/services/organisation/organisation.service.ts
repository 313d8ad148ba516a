import { randomUUID } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { OrgUnitTable } from '../../db/schema.ts';
import { DomainError, assertNoIssues } from '../../domain/errors.ts';
import type { OrgUnit, UnitType } from '../../domain/strategy/types.ts';
import { validateOrganisation } from '../../domain/strategy/validate.ts';
import { conflictOnUniqueViolation } from '../db-errors.ts';
import { getMunicipality } from '../municipalities/municipalities.service.ts';
import type { Db } from '../strategy/document.repo.ts';

/** An organisation unit: council, executive board, committee, administration, unit … of one municipality. */
export interface UnitDto {
  id: string;
  municipalityCode: string;
  name: string;
  type: UnitType;
  parentId: string | null;
  lockVersion: number;
}

type Row = Pick<Selectable<OrgUnitTable>, 'id' | 'municipality_code' | 'name' | 'type' | 'parent_id' | 'lock_version'>;
const present = (r: Row): UnitDto => ({ id: r.id, municipalityCode: r.municipality_code, name: r.name, type: r.type, parentId: r.parent_id, lockVersion: r.lock_version });

export async function listUnits(db: Db, code: string, f: { type?: UnitType; parentId?: string; limit: number; offset: number }) {
  await getMunicipality(db, code);
  let q = db.selectFrom('org_unit').where('municipality_code', '=', code);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.parentId) q = q.where('parent_id', '=', f.parentId);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('name').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => present(r)), total: Number(count.n), limit: f.limit, offset: f.offset };
}

export async function getUnit(db: Db, id: string, forUpdate = false): Promise<UnitDto> {
  let q = db.selectFrom('org_unit').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new DomainError('not_found', `There is no organisation unit with the id ${id}`, { details: { id } });
  return present(row);
}

async function assertParent(db: Db, code: string, parentId: string | null, selfId: string | null): Promise<void> {
  if (parentId === null) return;
  const chain = await sql<{ id: string; municipality_code: string }>`
    with recursive up(id, parent_id, municipality_code, depth) as (
      select id, parent_id, municipality_code, 0 from org_unit where id = ${parentId}
      union all
      select u.id, u.parent_id, u.municipality_code, up.depth + 1 from org_unit u join up on u.id = up.parent_id where up.depth < 100
    ) select id, municipality_code from up`.execute(db);
  const first = chain.rows[0];
  if (!first || first.municipality_code !== code) {
    throw new DomainError('validation', 'The parent unit does not exist in this municipality', { issues: [{ path: '/parentId', message: 'there is no such unit in this municipality' }] });
  }
  if (selfId !== null && chain.rows.some((r) => r.id === selfId)) {
    throw new DomainError('validation', 'A unit cannot be placed under itself or its own sub-units', { issues: [{ path: '/parentId', message: 'would make the unit its own ancestor' }] });
  }
}

export async function createUnit(db: Db, code: string, input: { name: string; type: UnitType; parentId: string | null }): Promise<UnitDto> {
  return db.transaction().execute(async (trx) => {
    await getMunicipality(trx, code);
    await assertParent(trx, code, input.parentId, null);
    const row = await conflictOnUniqueViolation(
      () =>
        trx
          .insertInto('org_unit')
          .values({ id: randomUUID(), municipality_code: code, name: input.name, type: input.type, parent_id: input.parentId })
          .returningAll()
          .executeTakeFirstOrThrow(),
      `Municipality ${code} already has a unit named "${input.name}"`,
    );
    return present(row);
  });
}

export async function updateUnit(db: Db, id: string, patch: { name?: string; type?: UnitType; parentId?: string | null }, lockVersion: number): Promise<UnitDto> {
  return db.transaction().execute(async (trx) => {
    const current = await getUnit(trx, id, true);
    if (current.lockVersion !== lockVersion) {
      throw new DomainError('version_conflict', `The unit was changed by someone else (you have version ${lockVersion}, it is now ${current.lockVersion}); nothing was saved`, {
        details: { currentVersion: current.lockVersion, yourVersion: lockVersion, current },
      });
    }
    if (patch.parentId !== undefined) await assertParent(trx, current.municipalityCode, patch.parentId, id);
    const row = await conflictOnUniqueViolation(
      () =>
        trx
          .updateTable('org_unit')
          .set({
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.type !== undefined ? { type: patch.type } : {}),
            ...(patch.parentId !== undefined ? { parent_id: patch.parentId } : {}),
            lock_version: current.lockVersion + 1,
            updated_at: sql`now()`,
          })
          .where('id', '=', id)
          .where('lock_version', '=', lockVersion)
          .returningAll()
          .executeTakeFirstOrThrow(),
      `There is already a unit named "${patch.name}"`,
    );
    return present(row);
  });
}

/** Deletes a unit that has no sub-units and is named nowhere. */
export async function deleteUnit(db: Db, id: string, lockVersion: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await getUnit(trx, id, true);
    if (current.lockVersion !== lockVersion) {
      throw new DomainError('version_conflict', 'The unit was changed by someone else; nothing was deleted', { details: { currentVersion: current.lockVersion, current } });
    }
    const uses = await sql<{ n: string }>`
      select (select count(*) from org_unit where parent_id = ${id})
           + (select count(*) from goal where owner_unit_id = ${id})
           + (select count(*) from activity_responsible where unit_id = ${id})
           + (select count(*) from consultation_recipient where unit_id = ${id}) as n`.execute(trx);
    const n = Number(uses.rows[0]?.n ?? 0);
    if (n > 0) throw new DomainError('has_dependents', `The unit "${current.name}" has sub-units or is named as owner, responsible or consultation recipient in ${n} place(s)`, { details: { uses: n } });
    await trx.deleteFrom('org_unit').where('id', '=', id).where('lock_version', '=', lockVersion).execute();
  });
}

/**
 * Makes sure every unit of an import exists, creating the missing ones (parents resolved by name).
 * Units that exist keep their type and place: the live organisation is not rewritten by an import.
 */
/** The units of a file that the municipality does not have yet (an import would create them), by name. */
export async function missingUnitNames(db: Db, code: string, units: OrgUnit[]): Promise<string[]> {
  if (units.length === 0) return [];
  const existing = new Set((await db.selectFrom('org_unit').select('name').where('municipality_code', '=', code).execute()).map((u) => u.name));
  return units.map((u) => u.name).filter((name) => !existing.has(name));
}

export async function ensureUnits(db: Db, code: string, units: OrgUnit[]): Promise<void> {
  if (units.length === 0) return;
  const existing = await db.selectFrom('org_unit').select(['id', 'name']).where('municipality_code', '=', code).execute();
  const idByName = new Map(existing.map((u) => [u.name, u.id]));
  assertNoIssues(validateOrganisation(units, new Set(idByName.keys())), 'The organisation is not valid');
  const missing = units.filter((u) => !idByName.has(u.name));
  for (const u of missing) idByName.set(u.name, randomUUID());
  if (missing.length === 0) return;
  // One statement, so the foreign keys between new units are checked when all are in.
  await db
    .insertInto('org_unit')
    .values(missing.map((u) => ({ id: idByName.get(u.name)!, municipality_code: code, name: u.name, type: u.type, parent_id: u.parent === null ? null : idByName.get(u.parent)! })))
    .execute();
}
