import { sql } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { Municipality } from '../../domain/strategy/types.ts';
import type { Db } from '../strategy/document.repo.ts';
import { conflictOnUniqueViolation } from '../db-errors.ts';

export interface MunicipalityDto extends Municipality {
  lockVersion: number;
  documentCount: number;
  unitCount: number;
}

const withCounts = (db: Db) =>
  db
    .selectFrom('municipality as m')
    .select([
      'm.code',
      'm.name',
      'm.lock_version',
      (eb) => eb.selectFrom('document').whereRef('document.municipality_code', '=', 'm.code').select((e) => e.fn.countAll<string>().as('n')).as('documents'),
      (eb) => eb.selectFrom('org_unit').whereRef('org_unit.municipality_code', '=', 'm.code').select((e) => e.fn.countAll<string>().as('n')).as('units'),
    ]);

type Row = { code: string; name: string; lock_version: number; documents: string | null; units: string | null };
const present = (r: Row): MunicipalityDto => ({
  code: r.code,
  name: r.name,
  lockVersion: r.lock_version,
  documentCount: Number(r.documents ?? 0),
  unitCount: Number(r.units ?? 0),
});

/** Every municipality (tenant), sorted by code. */
export async function listMunicipalities(db: Db): Promise<MunicipalityDto[]> {
  const rows = await withCounts(db).orderBy('m.code').execute();
  return rows.map((r) => present(r as Row));
}

export async function getMunicipality(db: Db, code: string): Promise<MunicipalityDto> {
  const row = await withCounts(db).where('m.code', '=', code).executeTakeFirst();
  if (!row) throw new DomainError('not_found', `There is no municipality with the code ${code}`, { details: { code } });
  return present(row as Row);
}

export async function createMunicipality(db: Db, m: Municipality): Promise<MunicipalityDto> {
  await conflictOnUniqueViolation(() => db.insertInto('municipality').values(m).execute(), `A municipality with the code ${m.code} already exists`);
  return getMunicipality(db, m.code);
}

/** Creates the municipality if it is missing; an existing one keeps its name. */
export async function ensureMunicipality(db: Db, m: Municipality): Promise<void> {
  await db.insertInto('municipality').values(m).onConflict((oc) => oc.column('code').doNothing()).execute();
}

export async function renameMunicipality(db: Db, code: string, name: string, lockVersion: number): Promise<MunicipalityDto> {
  const updated = await db
    .updateTable('municipality')
    .set({ name, lock_version: sql`lock_version + 1`, updated_at: sql`now()` })
    .where('code', '=', code)
    .where('lock_version', '=', lockVersion)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    const current = await getMunicipality(db, code);
    throw new DomainError('version_conflict', `The municipality was changed by someone else (you have version ${lockVersion}, it is now ${current.lockVersion}); nothing was saved`, {
      details: { currentVersion: current.lockVersion, yourVersion: lockVersion, current },
    });
  }
  return getMunicipality(db, code);
}

/** Deletes a municipality that holds nothing yet. */
export async function deleteMunicipality(db: Db, code: string, lockVersion: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Lock the row first, so a concurrent rename or insert under it waits for this check.
    await trx.selectFrom('municipality').select('code').where('code', '=', code).forUpdate().executeTakeFirst();
    const current = await getMunicipality(trx, code);
    if (current.lockVersion !== lockVersion) {
      throw new DomainError('version_conflict', `The municipality was changed by someone else; nothing was deleted`, { details: { currentVersion: current.lockVersion, current } });
    }
    if (current.documentCount > 0 || current.unitCount > 0) {
      throw new DomainError('has_dependents', `Municipality ${code} still has ${current.documentCount} document(s) and ${current.unitCount} organisation unit(s)`, {
        details: { documents: current.documentCount, units: current.unitCount },
      });
    }
    await trx.deleteFrom('municipality').where('code', '=', code).where('lock_version', '=', lockVersion).execute();
  });
}
