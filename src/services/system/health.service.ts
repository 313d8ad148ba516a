import { sql } from 'kysely';
import { latestMigration, type DbKind } from '../../db/open-db.ts';
import type { Db } from '../strategy/document.repo.ts';

export interface Health {
  status: 'ok';
  database: { kind: DbKind; migration: string | null; serverVersion: string };
}

/** Whether the database answers, what it is, and which migration it is at. */
export async function getHealth(db: Db, kind: DbKind): Promise<Health> {
  const [migration, version] = await Promise.all([
    latestMigration(db as never),
    sql<{ v: string }>`select current_setting('server_version') as v`.execute(db),
  ]);
  return { status: 'ok', database: { kind, migration, serverVersion: version.rows[0]?.v ?? 'unknown' } };
}
